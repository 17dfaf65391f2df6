import { strict as assert } from "node:assert";
import fc from "fast-check";
import { allowedUrl, compareIssuer, detectIssuerMistakes, discoveryUrl, issuerFormCheck, parseIssuer } from "../../src/verify/issuer";

/** Issuer-like https URLs: a host and zero or more path segments, never ending in a slash. */
const issuerArb = fc
    .tuple(fc.domain(), fc.array(fc.stringMatching(/^[A-Za-z0-9._~-]{1,12}$/), { maxLength: 3 }))
    .map(([host, path]) => `https://${host}${path.map((p) => `/${p}`).join("")}`);

describe("parseIssuer", () => {
    it("keeps the issuer exactly as given (no normalisation)", () => {
        for (const v of [
            "https://t.auth0.com/",
            "https://accounts.google.com",
            "https://login.microsoftonline.com/abc/v2.0",
            "http://example.com",
        ]) {
            assert.deepEqual(parseIssuer(v), { value: v });
        }
    });
    it("refuses what is not an issuer URL, with the fix", () => {
        assert.match((parseIssuer(undefined) as { fix: string }).fix, /set the issuer URL/);
        assert.match((parseIssuer("accounts.google.com") as { fix: string }).fix, /https:\/\/accounts\.google\.com/);
        assert.match((parseIssuer(" https://a.example.com") as { fix: string }).fix, /whitespace/);
        assert.match((parseIssuer("https://a.example.com/?x=1") as { fix: string }).fix, /query/);
        assert.match((parseIssuer("https://a.example.com/#x") as { fix: string }).fix, /fragment/);
        assert.match((parseIssuer("ftp://a.example.com") as { fix: string }).fix, /https/);
    });
});

describe("allowedUrl", () => {
    it("allows https anywhere and http only on loopback", () => {
        assert.ok("value" in allowedUrl("https://idp.example.com/x"));
        assert.ok("value" in allowedUrl("http://127.0.0.1:8080/x"));
        assert.ok("value" in allowedUrl("http://localhost/x"));
        assert.match((allowedUrl("http://idp.example.com/x") as { fix: string }).fix, /plain http/);
        assert.ok("fix" in allowedUrl("file:///etc/passwd"));
        assert.ok("fix" in allowedUrl("not a url"));
    });
});

describe("discoveryUrl", () => {
    it("appends the well-known path, dropping one trailing slash (Auth0)", () => {
        assert.equal(discoveryUrl("https://t.auth0.com/"), "https://t.auth0.com/.well-known/openid-configuration");
        assert.equal(
            discoveryUrl("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab12"),
            "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab12/.well-known/openid-configuration",
        );
    });
    it("is the same with or without a trailing slash (property)", () => {
        fc.assert(
            fc.property(issuerArb, (issuer) => {
                assert.equal(discoveryUrl(issuer), discoveryUrl(`${issuer}/`));
                assert.ok(discoveryUrl(issuer).startsWith(issuer));
                assert.ok(!discoveryUrl(issuer).includes("//.well-known"));
            }),
        );
    });
});

describe("compareIssuer", () => {
    it("matches exactly equal strings and nothing else (property)", () => {
        fc.assert(
            fc.property(issuerArb, issuerArb, (a, b) => {
                assert.equal(compareIssuer(a, a).match, true);
                assert.equal(compareIssuer(a, b).match, a === b);
            }),
        );
    });
    it("names a trailing slash on either side and gives the stated issuer to use (property)", () => {
        fc.assert(
            fc.property(issuerArb, (issuer) => {
                for (const [configured, stated] of [
                    [issuer, `${issuer}/`],
                    [`${issuer}/`, issuer],
                ]) {
                    const c = compareIssuer(configured!, stated);
                    assert.equal(c.match, false);
                    assert.ok(!c.match && c.kind === "trailing-slash" && c.use === stated);
                }
            }),
        );
    });
    it("names letter-case differences (property)", () => {
        fc.assert(
            fc.property(
                issuerArb.filter((i) => i !== i.toUpperCase()),
                (issuer) => {
                    const c = compareIssuer(issuer.toUpperCase().replace("HTTPS://", "https://"), issuer);
                    assert.ok(!c.match && (c.kind === "letter-case" || c.kind === "trailing-slash" || c.kind === "different"));
                    assert.ok(!c.match && c.use === issuer);
                },
            ),
        );
    });
    it("recognises Entra's v1.0 endpoint and suggests the v2.0 issuer, not sts.windows.net", () => {
        const c = compareIssuer("https://login.microsoftonline.com/72f988bf-0000", "https://sts.windows.net/72f988bf-0000/");
        assert.ok(!c.match);
        assert.equal(c.kind, "entra-v1");
        assert.equal(c.use, "https://login.microsoftonline.com/72f988bf-0000/v2.0");
    });
    it("recognises Entra's multi-tenant template and a domain name instead of the tenant ID", () => {
        const multi = compareIssuer("https://login.microsoftonline.com/common/v2.0", "https://login.microsoftonline.com/{tenantid}/v2.0");
        assert.ok(!multi.match && multi.kind === "entra-multi-tenant");
        const domain = compareIssuer(
            "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0",
            "https://login.microsoftonline.com/72f988bf-0000/v2.0",
        );
        assert.ok(
            !domain.match && domain.kind === "entra-tenant-id" && domain.use === "https://login.microsoftonline.com/72f988bf-0000/v2.0",
        );
    });
    it("recognises Okta's org versus custom authorization server", () => {
        const toCustom = compareIssuer("https://acme.okta.com", "https://acme.okta.com/oauth2/default");
        assert.ok(!toCustom.match && toCustom.kind === "okta-org-vs-custom" && toCustom.use === "https://acme.okta.com/oauth2/default");
        const toOrg = compareIssuer("https://acme.okta.com/oauth2/default", "https://acme.okta.com");
        assert.ok(!toOrg.match && toOrg.kind === "okta-org-vs-custom");
    });
    it("recognises the Cognito hosted-UI domain and http versus https", () => {
        const cognito = compareIssuer(
            "https://acme.auth.eu-west-1.amazoncognito.com",
            "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ab12",
        );
        assert.ok(!cognito.match && cognito.kind === "cognito-hosted-ui");
        const scheme = compareIssuer("http://idp.example.com", "https://idp.example.com");
        assert.ok(!scheme.match && scheme.kind === "scheme");
    });
    it("reports a document without an issuer", () => {
        const c = compareIssuer("https://idp.example.com", undefined);
        assert.ok(!c.match && c.kind === "missing" && c.use === undefined);
    });
});

describe("detectIssuerMistakes / issuerFormCheck", () => {
    const fixOf = (issuer: string) =>
        detectIssuerMistakes(issuer)
            .map((m) => `${m.severity}: ${m.message} => ${m.fix}`)
            .join("\n");

    it("passes the documented issuer forms, recognising the IdP", () => {
        const cases: [string, RegExp][] = [
            ["https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123xyz", /Cognito user pool/],
            ["https://acme.okta.com", /Okta org authorization server/],
            ["https://acme.okta.com/oauth2/default", /Okta custom authorization server \(default\)/],
            ["https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0", /Entra/],
            ["https://acme.auth0.com/", /Auth0/],
            ["https://accounts.google.com", /Google/],
            ["https://keycloak.example.com/realms/wandb", /not recognised/],
            ["http://127.0.0.1:8080", /http URL on localhost.*not recognised/],
        ];
        for (const [issuer, message] of cases) {
            const check = issuerFormCheck(issuer);
            assert.equal(check.status, "pass", `${issuer}: ${check.message}`);
            assert.match(check.message, message);
        }
    });
    it("names the Cognito hosted-UI domain and suggests the cognito-idp issuer", () => {
        const check = issuerFormCheck("https://acme.auth.eu-west-1.amazoncognito.com");
        assert.equal(check.status, "fail");
        assert.match(check.message, /hosted-UI/);
        assert.match(check.fix!, /^use https:\/\/cognito-idp\.eu-west-1\.amazonaws\.com\/<poolId>/);
    });
    it("names a Cognito pool in another region and a missing pool ID", () => {
        assert.match(
            fixOf("https://cognito-idp.eu-west-1.amazonaws.com/us-east-1_AbC"),
            /use https:\/\/cognito-idp\.us-east-1\.amazonaws\.com\/us-east-1_AbC/,
        );
        assert.match(fixOf("https://cognito-idp.eu-west-1.amazonaws.com"), /lacks the user pool ID/);
    });
    it("names an Entra issuer without /v2.0, the multi-tenant endpoints and v1.0", () => {
        assert.match(
            fixOf("https://login.microsoftonline.com/72f988bf"),
            /without \/v2\.0.*=> use "https:\/\/login\.microsoftonline\.com\/72f988bf\/v2\.0"/,
        );
        assert.match(fixOf("https://login.microsoftonline.com/72f988bf/"), /without \/v2\.0/);
        assert.match(fixOf("https://login.microsoftonline.com/common/v2.0"), /multi-tenant/);
        assert.match(fixOf("https://login.microsoftonline.com/72f988bf/oauth2/v2.0/authorize"), /not an endpoint path/);
        assert.equal(issuerFormCheck("https://sts.windows.net/72f988bf/").status, "warn");
    });
    it("names Okta endpoint paths and the admin domain", () => {
        assert.match(fixOf("https://acme.okta.com/oauth2/v1"), /org .* or a custom authorization server/);
        assert.match(fixOf("https://acme.okta.com/oauth2/default/v1/authorize"), /"https:\/\/acme\.okta\.com\/oauth2\/default"/);
        assert.match(fixOf("https://acme-admin.okta.com"), /admin console.*https:\/\/acme\.okta\.com/);
    });
    it("names http, Auth0 without its slash, Google with one, and the discovery URL itself", () => {
        assert.match(fixOf("http://idp.example.com"), /plain http.*"https:\/\/idp\.example\.com"/);
        assert.match(fixOf("https://acme.auth0.com"), /ends with a slash => use "https:\/\/acme\.auth0\.com\/"/);
        assert.match(fixOf("https://accounts.google.com/"), /exactly https:\/\/accounts\.google\.com/);
        assert.match(
            fixOf("https://acme.okta.com/.well-known/openid-configuration"),
            /discovery document's URL.*"https:\/\/acme\.okta\.com"/,
        );
    });
    it("never reports a mistake for a loopback http issuer or an unknown https one (property)", () => {
        fc.assert(
            fc.property(issuerArb, fc.integer({ min: 1, max: 65535 }), (issuer, port) => {
                if (!/okta|auth0|google|microsoft|amazoncognito|amazonaws|windows\.net|well-known/i.test(issuer)) {
                    assert.deepEqual(detectIssuerMistakes(issuer), []);
                }
                assert.deepEqual(detectIssuerMistakes(`http://127.0.0.1:${port}`), []);
            }),
        );
    });
});
