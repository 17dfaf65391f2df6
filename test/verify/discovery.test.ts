import { strict as assert } from "node:assert";
import { authMethodCheck, issuerCheck, jwksCheck, scopesCheck, signingAlgCheck } from "../../src/verify/discovery";
import { testPublicJwk } from "./servers";

/** A document like the big IdPs publish, trimmed to what the checks read. */
const okta = {
    issuer: "https://acme.okta.com/oauth2/default",
    authorization_endpoint: "https://acme.okta.com/oauth2/default/v1/authorize",
    token_endpoint: "https://acme.okta.com/oauth2/default/v1/token",
    jwks_uri: "https://acme.okta.com/oauth2/default/v1/keys",
    response_types_supported: ["code", "id_token", "code id_token", "code token", "id_token token", "code id_token token"],
    response_modes_supported: ["query", "fragment", "form_post", "okta_post_message"],
    grant_types_supported: ["authorization_code", "implicit", "refresh_token", "password"],
    scopes_supported: ["openid", "profile", "email", "address", "phone", "offline_access"],
    id_token_signing_alg_values_supported: ["RS256"],
    code_challenge_methods_supported: ["S256"],
};
/** Cognito: no implicit id_token, no code_challenge_methods_supported. */
const cognito = {
    issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC",
    authorization_endpoint: "https://acme.auth.us-east-1.amazoncognito.com/oauth2/authorize",
    token_endpoint: "https://acme.auth.us-east-1.amazoncognito.com/oauth2/token",
    jwks_uri: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC/.well-known/jwks.json",
    response_types_supported: ["code", "token"],
    scopes_supported: ["openid", "email", "phone", "profile"],
    id_token_signing_alg_values_supported: ["RS256"],
};

describe("issuerCheck", () => {
    it("passes an exact match and fails anything else with the value to use", () => {
        assert.equal(issuerCheck(okta.issuer, okta).status, "pass");
        const c = issuerCheck("https://acme.okta.com/oauth2/default/", okta);
        assert.equal(c.status, "fail");
        assert.equal(c.fix, 'set OIDC_ISSUER to "https://acme.okta.com/oauth2/default"');
    });
    it("never advises an issuer on another host than the configured one", () => {
        for (const configured of [
            "http://127.0.0.1:8080",
            "https://acme.okta.com/oauth2/default",
            "https://idp.example.com:8443/realms/x",
        ]) {
            const c = issuerCheck(configured, { ...okta, issuer: "https://evil.example.net" });
            assert.equal(c.status, "fail");
            assert.equal(c.message, `the IdP at ${new URL(configured).origin} states an issuer on another host (https://evil.example.net)`);
            assert.match(c.fix!, /^check which IdP OIDC_ISSUER points at/);
            assert.equal(`${c.message} ${c.fix}`.includes("set OIDC_ISSUER to"), false);
        }
    });
    it("counts another scheme or port as another host", () => {
        assert.match(
            issuerCheck("https://idp.example.com", { issuer: "http://idp.example.com" }).message,
            /another host \(http:\/\/idp\.example\.com\)/,
        );
        assert.match(issuerCheck("https://idp.example.com", { issuer: "https://idp.example.com:444" }).message, /another host/);
    });
    it("names a stated issuer that is not an http(s) URL, without advising it", () => {
        const c = issuerCheck("https://idp.example.com", { issuer: "urn:evil" });
        assert.equal(c.message, "the IdP at https://idp.example.com states an issuer that is not an http(s) URL");
        assert.equal(c.fix!.includes("urn:evil"), false);
    });
    it("still advises the stated issuer on the same host, loopback names counting as one host", () => {
        assert.equal(issuerCheck("https://acme.okta.com", okta).fix, 'set OIDC_ISSUER to "https://acme.okta.com/oauth2/default"');
        assert.equal(
            issuerCheck("http://127.0.0.1:8080/realms/x", { issuer: "http://localhost:8080/realms/x" }).fix,
            'set OIDC_ISSUER to "http://localhost:8080/realms/x"',
        );
        assert.match(issuerCheck("http://127.0.0.1:8080", { issuer: "http://localhost:9090" }).message, /another host/);
    });
    it("still advises the v2.0 issuer for Entra's v1.0 endpoint, which our rules build on the configured host", () => {
        const c = issuerCheck("https://login.microsoftonline.com/tenant-guid", { issuer: "https://sts.windows.net/tenant-guid/" });
        assert.equal(c.fix, 'set OIDC_ISSUER to "https://login.microsoftonline.com/tenant-guid/v2.0"');
    });
});

describe("authMethodCheck", () => {
    it("passes Okta for both methods", () => {
        assert.equal(authMethodCheck(okta, "pkce").status, "pass");
        assert.equal(authMethodCheck(okta, "implicit").status, "pass");
    });
    it("fails implicit on Cognito (no id_token response type), suggesting pkce", () => {
        const c = authMethodCheck(cognito, "implicit");
        assert.equal(c.status, "fail");
        assert.match(c.fix!, /OIDC_AUTH_METHOD=pkce/);
    });
    it("passes pkce on Cognito, which does not advertise code_challenge_methods_supported", () => {
        const c = authMethodCheck(cognito, "pkce");
        assert.equal(c.status, "pass");
        assert.match(c.message, /not advertised/);
    });
    it("fails implicit without form_post and pkce without S256 or without a token endpoint", () => {
        assert.equal(authMethodCheck({ ...okta, response_modes_supported: ["query", "fragment"] }, "implicit").status, "fail");
        assert.equal(authMethodCheck({ ...okta, grant_types_supported: ["authorization_code"] }, "implicit").status, "fail");
        assert.match(authMethodCheck({ ...okta, code_challenge_methods_supported: ["plain"] }, "pkce").message, /S256/);
        assert.equal(authMethodCheck({ ...okta, token_endpoint: undefined }, "pkce").status, "fail");
        assert.equal(authMethodCheck({ ...okta, response_types_supported: ["id_token"] }, "pkce").status, "fail");
    });
    it("warns when the document does not advertise what is needed", () => {
        assert.equal(authMethodCheck({ ...okta, response_modes_supported: undefined }, "implicit").status, "warn");
        assert.equal(authMethodCheck({ ...okta, response_types_supported: undefined }, "pkce").status, "warn");
    });
});

describe("scopesCheck", () => {
    it("passes advertised or unadvertised scopes, warns on missing profile/email, fails without openid", () => {
        assert.equal(scopesCheck(okta).status, "pass");
        assert.equal(scopesCheck({}).status, "pass");
        assert.equal(scopesCheck({ scopes_supported: ["openid", "profile"] }).status, "warn");
        assert.equal(scopesCheck({ scopes_supported: ["profile", "email"] }).status, "fail");
    });
});

describe("signingAlgCheck", () => {
    it("accepts the RS256 and ES256 families", () => {
        assert.equal(signingAlgCheck({ id_token_signing_alg_values_supported: ["RS256"] }).status, "pass");
        assert.equal(signingAlgCheck({ id_token_signing_alg_values_supported: ["ES256"] }).status, "pass");
        assert.match(signingAlgCheck({ id_token_signing_alg_values_supported: ["HS256", "RS256"] }).message, /not HS256 or none/);
    });
    it("fails none and HS* only; warns when not advertised", () => {
        assert.equal(signingAlgCheck({ id_token_signing_alg_values_supported: ["none"] }).status, "fail");
        assert.equal(signingAlgCheck({ id_token_signing_alg_values_supported: ["HS256", "HS512"] }).status, "fail");
        assert.equal(signingAlgCheck({}).status, "warn");
    });
});

describe("jwksCheck", () => {
    // A real 2048-bit public key: one under 2048 bits fails (test/verify/unsafe.test.ts).
    const rsa = { ...(testPublicJwk() as Record<string, unknown>), kid: "1", use: "sig" };
    const ec = { kty: "EC", crv: "P-256", x: "a", y: "b", kid: "2" };
    it("passes signing keys that fit the advertised algorithms", () => {
        assert.equal(jwksCheck({ keys: [rsa] }, okta).status, "pass");
        assert.equal(jwksCheck({ keys: [ec] }, { id_token_signing_alg_values_supported: ["ES256"] }).status, "pass");
    });
    it("fails an empty set, encryption-only keys, a key type that does not fit, and private keys", () => {
        assert.equal(jwksCheck({ keys: [] }, okta).status, "fail");
        assert.equal(jwksCheck({ keys: [{ ...rsa, use: "enc" }] }, okta).status, "fail");
        assert.match(jwksCheck({ keys: [ec] }, okta).message, /no RSA signing key/);
        assert.match(jwksCheck({ keys: [{ ...rsa, d: "secret" }] }, okta).message, /private/);
        assert.equal(jwksCheck([], okta).status, "fail");
        assert.equal(jwksCheck(null, okta).status, "fail");
    });
});
