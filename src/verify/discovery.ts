// Pure checks of an IdP's discovery document and JWKS against what W&B Server needs.
import { createPublicKey } from "node:crypto";
import { OIDC_SCOPES, type AuthMethod } from "../oidc";
import { compareIssuer, isLoopback } from "./issuer";
import { quote } from "./text";
import { fail, pass, TITLES, warn, type CheckResult, type DiscoveryDocument } from "./types";

/** A string array from the document, or undefined when absent (or not an array). */
export function stringList(doc: DiscoveryDocument, key: string): string[] | undefined {
    const value = doc[key];
    if (!Array.isArray(value)) return undefined;
    return value.filter((v): v is string => typeof v === "string");
}

/** A string field from the document, or undefined. */
export function stringField(doc: DiscoveryDocument, key: string): string | undefined {
    const value = doc[key];
    return typeof value === "string" && value !== "" ? value : undefined;
}

const show = (list: readonly string[]): string => (list.length === 0 ? "[]" : `[${list.join(", ")}]`);

/** `scheme://host:port` of a URL, or undefined when it is not an http(s) URL. */
function webOrigin(value: string): string | undefined {
    try {
        const url = new URL(value);
        return url.protocol === "https:" || url.protocol === "http:" ? url.origin : undefined;
    } catch {
        return undefined;
    }
}

/**
 * Are both URLs on one host (scheme, host and port)? The loopback names (localhost, 127.0.0.1,
 * [::1]) count as one host: they are this machine, as when a local Keycloak states localhost
 * while reached at 127.0.0.1.
 */
function sameHost(a: string, b: string): boolean {
    const originA = webOrigin(a);
    const originB = webOrigin(b);
    if (originA === undefined || originB === undefined) return false;
    if (originA === originB) return true;
    const [urlA, urlB] = [new URL(a), new URL(b)];
    return urlA.protocol === urlB.protocol && urlA.port === urlB.port && isLoopback(urlA) && isLoopback(urlB);
}

/**
 * Check 1b: the document's `issuer` equals OIDC_ISSUER character for character. The value to use
 * is advised only on the configured issuer's own host: any server (a wrong one, or a hostile one)
 * can state an issuer on another host, and telling the user to trust that host would hand logins
 * to whoever runs it.
 */
export function issuerCheck(configured: string, doc: DiscoveryDocument): CheckResult {
    const title = TITLES.issuer;
    const comparison = compareIssuer(configured, doc.issuer);
    if (comparison.match) return pass("issuer", title, `the document states ${JSON.stringify(configured)}, exactly as configured`);
    const configuredOrigin = webOrigin(configured);
    if (comparison.use !== undefined && !sameHost(comparison.use, configured)) {
        const statedOrigin = typeof doc.issuer === "string" ? webOrigin(doc.issuer) : undefined;
        const elsewhere =
            statedOrigin === undefined
                ? "states an issuer that is not an http(s) URL"
                : `states an issuer on another host (${statedOrigin})`;
        return fail(
            "issuer",
            title,
            `the IdP at ${configuredOrigin ?? JSON.stringify(configured)} ${elsewhere}`,
            "check which IdP OIDC_ISSUER points at: it must be the issuer of the IdP where W&B's app is registered, whose discovery document states that same issuer",
        );
    }
    const stated = typeof doc.issuer === "string" ? JSON.stringify(doc.issuer) : "no issuer";
    const fix = comparison.use
        ? `set OIDC_ISSUER to ${JSON.stringify(comparison.use)}`
        : "use the issuer URL the IdP's discovery document states";
    return fail("issuer", title, `the document states ${stated}, not ${JSON.stringify(configured)}: ${comparison.reason}`, fix);
}

/** Check 2: the response type, response mode and PKCE method the auth method needs. */
export function authMethodCheck(doc: DiscoveryDocument, method: AuthMethod): CheckResult {
    const title = TITLES["auth-method"];
    const responseTypes = stringList(doc, "response_types_supported");
    const grantTypes = stringList(doc, "grant_types_supported");
    const notes: string[] = [];
    if (method === "implicit") {
        if (responseTypes && !responseTypes.includes("id_token")) {
            const fix = responseTypes.includes("code")
                ? "use OIDC_AUTH_METHOD=pkce, which this IdP supports (it advertises response type code)"
                : "enable the implicit flow with ID tokens at the IdP, or use pkce";
            return fail("auth-method", title, `implicit needs response type id_token; the IdP advertises ${show(responseTypes)}`, fix);
        }
        if (grantTypes && !grantTypes.includes("implicit")) {
            return fail(
                "auth-method",
                title,
                `implicit needs the implicit grant; the IdP advertises grant types ${show(grantTypes)}`,
                "use OIDC_AUTH_METHOD=pkce",
            );
        }
        const modes = stringList(doc, "response_modes_supported");
        if (modes && !modes.includes("form_post")) {
            return fail(
                "auth-method",
                title,
                `implicit needs response mode form_post; the IdP advertises ${show(modes)}`,
                "use OIDC_AUTH_METHOD=pkce",
            );
        }
        if (!responseTypes) notes.push("response_types_supported is not advertised");
        if (!modes) notes.push("response_modes_supported is not advertised (the default, query and fragment, lacks form_post)");
        if (notes.length > 0) {
            return warn(
                "auth-method",
                title,
                `cannot confirm id_token with form_post: ${notes.join("; ")}`,
                "the authorization request check below shows whether the IdP accepts it; pkce avoids the question",
            );
        }
        return pass("auth-method", title, "the IdP advertises response type id_token and response mode form_post (implicit)");
    }

    if (responseTypes && !responseTypes.includes("code")) {
        const fix = responseTypes.includes("id_token")
            ? "enable the authorization code flow at the IdP, or use OIDC_AUTH_METHOD=implicit"
            : "enable the authorization code flow at the IdP";
        return fail("auth-method", title, `pkce needs response type code; the IdP advertises ${show(responseTypes)}`, fix);
    }
    if (grantTypes && !grantTypes.includes("authorization_code")) {
        return fail(
            "auth-method",
            title,
            `pkce needs the authorization_code grant; the IdP advertises grant types ${show(grantTypes)}`,
            "enable the authorization code grant at the IdP",
        );
    }
    const challengeMethods = stringList(doc, "code_challenge_methods_supported");
    if (challengeMethods && !challengeMethods.includes("S256")) {
        return fail(
            "auth-method",
            title,
            `W&B sends PKCE challenges with S256; the IdP advertises ${show(challengeMethods)}`,
            "enable PKCE with S256 at the IdP, or use OIDC_AUTH_METHOD=implicit",
        );
    }
    if (stringField(doc, "token_endpoint") === undefined) {
        return fail(
            "auth-method",
            title,
            "pkce redeems the code at the token endpoint, and the document has no token_endpoint",
            "use OIDC_AUTH_METHOD=implicit, or fix the IdP's metadata",
        );
    }
    if (!responseTypes) {
        return warn(
            "auth-method",
            title,
            "response_types_supported is not advertised (OpenID Connect Discovery requires it)",
            "the authorization request check below shows whether the IdP accepts response type code",
        );
    }
    const s256 = challengeMethods
        ? "and PKCE method S256"
        : "(code_challenge_methods_supported is not advertised, as with Entra and Cognito; the authorization request check sends S256)";
    return pass("auth-method", title, `the IdP advertises response type code ${s256}`);
}

/** Check 3a: the scopes W&B asks for, where the IdP advertises its scopes. */
export function scopesCheck(doc: DiscoveryDocument): CheckResult {
    const title = TITLES.scopes;
    const wanted = OIDC_SCOPES.join(" ");
    const supported = stringList(doc, "scopes_supported");
    if (!supported) return pass("scopes", title, `scopes_supported is not advertised; W&B asks for ${wanted}`);
    const missing = OIDC_SCOPES.filter((s) => !supported.includes(s));
    if (missing.length === 0) return pass("scopes", title, `the IdP advertises ${wanted}`);
    const message = `W&B asks for ${wanted}; the IdP does not advertise ${missing.join(", ")} (it advertises ${show(supported)})`;
    if (missing.includes("openid"))
        return fail("scopes", title, message, "the IdP must support the openid scope: is this an OpenID Connect issuer?");
    return warn(
        "scopes",
        title,
        message,
        `allow the scopes ${wanted} for the app; the authorization request check shows whether they are accepted`,
    );
}

/** ID token signature algorithms W&B Server can verify with the IdP's published keys. */
export const ACCEPTED_SIGNING_ALGS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"] as const;

/** Check 3b: an ID token signing algorithm W&B accepts. */
export function signingAlgCheck(doc: DiscoveryDocument): CheckResult {
    const title = TITLES["signing-alg"];
    const algs = stringList(doc, "id_token_signing_alg_values_supported");
    if (!algs || algs.length === 0) {
        return warn(
            "signing-alg",
            title,
            "id_token_signing_alg_values_supported is not advertised (OpenID Connect Discovery requires it)",
            "make sure the IdP signs ID tokens with RS256 (or ES256)",
        );
    }
    const accepted = algs.filter((a) => (ACCEPTED_SIGNING_ALGS as readonly string[]).includes(a));
    if (accepted.length === 0) {
        return fail(
            "signing-alg",
            title,
            `the IdP signs ID tokens only with ${show(algs)}, which W&B cannot verify with public keys`,
            "configure the IdP (or the app) to sign ID tokens with RS256",
        );
    }
    const symmetric = algs.some((a) => a === "none" || a.startsWith("HS"));
    const note = symmetric ? "; make sure the app itself signs with RS256, not HS256 or none" : "";
    return pass("signing-alg", title, `${accepted.includes("RS256") ? "RS256" : accepted[0]} is among ${show(algs)}${note}`);
}

/** The least RSA modulus a signing key may have (NIST SP 800-57: 2048 bits; Go refuses under 1024). */
export const MIN_RSA_BITS = 2048;

/** An RSA JWK's modulus length in bits, as Node's crypto reads the key, or undefined when it is not a valid RSA public key. */
export function rsaModulusBits(jwk: Record<string, unknown>): number | undefined {
    if (typeof jwk.n !== "string" || typeof jwk.e !== "string") return undefined;
    try {
        const key = createPublicKey({ key: { kty: "RSA", n: jwk.n, e: jwk.e }, format: "jwk" });
        return key.asymmetricKeyDetails?.modulusLength;
    } catch {
        return undefined;
    }
}

/** Check 3c: the JWKS has at least one public signing key fitting the advertised algorithms. */
export function jwksCheck(jwks: unknown, doc: DiscoveryDocument): CheckResult {
    const title = TITLES.jwks;
    const keys =
        typeof jwks === "object" && jwks !== null && Array.isArray((jwks as { keys?: unknown }).keys)
            ? ((jwks as { keys: unknown[] }).keys.filter((k) => typeof k === "object" && k !== null) as Record<string, unknown>[])
            : undefined;
    if (!keys)
        return fail("jwks", title, 'the JWKS is not a JSON object with a "keys" array', "point jwks_uri at the IdP's JSON Web Key Set");
    if (keys.some((k) => "d" in k || "p" in k || "k" in k)) {
        return fail(
            "jwks",
            title,
            "the JWKS publishes private or symmetric key material",
            "publish only public keys at jwks_uri, and rotate the exposed keys",
        );
    }
    const signing = keys.filter((k) => (k.kty === "RSA" || k.kty === "EC") && (k.use === undefined || k.use === "sig"));
    if (signing.length === 0) {
        return fail(
            "jwks",
            title,
            `the JWKS has ${keys.length} key(s), none an RSA or EC signing key`,
            "publish the IdP's RSA (RS256) signing key at jwks_uri",
        );
    }
    const weak = signing.flatMap((k) => {
        if (k.kty !== "RSA") return [];
        const bits = rsaModulusBits(k);
        return bits !== undefined && bits >= MIN_RSA_BITS
            ? []
            : [
                  `${typeof k.kid === "string" ? quote(k.kid, 40) : "(no kid)"}: ${bits === undefined ? "not a valid RSA public key" : `${bits} bits`}`,
              ];
    });
    if (weak.length > 0) {
        return fail(
            "jwks",
            title,
            `the JWKS has RSA signing key(s) under ${MIN_RSA_BITS} bits (${weak.join("; ")}): Go's OIDC clients, W&B Server's among them, refuse RSA keys under 1024 bits (Go 1.24 and later), and a key under ${MIN_RSA_BITS} bits can be factored, so tokens signed with it could be forged`,
            `rotate the IdP's signing key to RSA ${MIN_RSA_BITS} bits or more (or EC P-256), and remove the weak key from jwks_uri`,
        );
    }
    const algs = stringList(doc, "id_token_signing_alg_values_supported") ?? [];
    const wantsRsa = algs.some((a) => a.startsWith("RS") || a.startsWith("PS"));
    const wantsEc = algs.some((a) => a.startsWith("ES"));
    const hasRsa = signing.some((k) => k.kty === "RSA");
    const hasEc = signing.some((k) => k.kty === "EC");
    if ((wantsRsa || wantsEc) && !(wantsRsa && hasRsa) && !(wantsEc && hasEc)) {
        return fail(
            "jwks",
            title,
            `ID tokens are signed with ${show(algs)}, but the JWKS has no ${wantsRsa ? "RSA" : "EC"} signing key`,
            "publish the key the IdP signs ID tokens with at jwks_uri",
        );
    }
    const kinds = [hasRsa ? "RSA" : "", hasEc ? "EC" : ""].filter(Boolean).join(" and ");
    return pass("jwks", title, `${signing.length} signing key(s) (${kinds})`);
}

/** The document checks that need no further request (2, 3a, 3b). */
export function documentChecks(doc: DiscoveryDocument, method: AuthMethod): CheckResult[] {
    return [authMethodCheck(doc, method), scopesCheck(doc), signingAlgCheck(doc)];
}
