import { strict as assert } from "node:assert";
import fc from "fast-check";
import { readStackConfig } from "../../src/config";
import { auth0GrantTypes, auth0Issuer, parseAuth0Domain, parseDisplayName } from "../../providers/auth0/rules";
import { raw, problemsOf } from "../helpers/stackConfig";

const stack = (auth0: unknown, extra: Record<string, string> = {}) => ({
    host: "https://wandb.example.com",
    idp: "auth0",
    auth0: JSON.stringify(auth0),
    ...extra,
});

describe("Auth0 rules", () => {
    describe("issuer", () => {
        it("is https://<domain>/ with the trailing slash Auth0's discovery document states", () => {
            assert.equal(auth0Issuer("acme.us.auth0.com"), "https://acme.us.auth0.com/");
            assert.equal(auth0Issuer("login.example.com"), "https://login.example.com/");
        });
    });

    describe("grants", () => {
        it("pkce needs the authorization code grant only", () => assert.deepEqual(auth0GrantTypes("pkce"), ["authorization_code"]));
        it("implicit needs the implicit grant only", () => assert.deepEqual(auth0GrantTypes("implicit"), ["implicit"]));
    });

    describe("parseAuth0Domain", () => {
        const accepted: [string, string][] = [
            ["acme.us.auth0.com", "acme.us.auth0.com"],
            ["acme.eu.auth0.com", "acme.eu.auth0.com"],
            ["acme.auth0.com", "acme.auth0.com"],
            ["login.example.com", "login.example.com"],
            ["ACME.us.Auth0.com", "acme.us.auth0.com"],
            ["https://acme.us.auth0.com", "acme.us.auth0.com"],
            ["https://acme.us.auth0.com/", "acme.us.auth0.com"],
            ["acme.us.auth0.com/", "acme.us.auth0.com"],
        ];
        for (const [input, domain] of accepted) {
            it(`accepts ${input} as ${domain}`, () => assert.deepEqual(parseAuth0Domain(input), { value: domain }));
        }

        const refused: [unknown, string][] = [
            [
                undefined,
                "set the Auth0 domain users sign in on, e.g. acme.us.auth0.com (Auth0 dashboard: Settings > Custom Domains, or the tenant's domain)",
            ],
            [
                "",
                "set the Auth0 domain users sign in on, e.g. acme.us.auth0.com (Auth0 dashboard: Settings > Custom Domains, or the tenant's domain)",
            ],
            [" acme.us.auth0.com", 'remove the surrounding whitespace: use "acme.us.auth0.com"'],
            ["http://acme.us.auth0.com", "Auth0 is served over https only; use acme.us.auth0.com"],
            ["https://acme.us.auth0.com/authorize", "use the domain alone, without a path (/authorize): acme.us.auth0.com"],
            [
                "acme.us.auth0.com/.well-known/openid-configuration",
                "use the domain alone, without a path (/.well-known/openid-configuration): acme.us.auth0.com",
            ],
            ["https://acme.us.auth0.com:8443", "use the domain alone, without a port: acme.us.auth0.com"],
            ["https://acme.us.auth0.com/?x=1", "use the domain alone, without a query: acme.us.auth0.com"],
            ["https://user@acme.us.auth0.com", "use the domain alone, without credentials: acme.us.auth0.com"],
            ["acme", "not a hostname; use the domain alone, e.g. acme.us.auth0.com"],
            ["acme_co.us.auth0.com", "not a hostname; use the domain alone, e.g. acme.us.auth0.com"],
            ["manage.auth0.com", "this is the Auth0 dashboard, not a tenant; use the tenant's domain, e.g. acme.us.auth0.com"],
            ["https://manage.eu.auth0.com/", "this is the Auth0 dashboard, not a tenant; use the tenant's domain, e.g. acme.us.auth0.com"],
            [
                42,
                "set the Auth0 domain users sign in on, e.g. acme.us.auth0.com (Auth0 dashboard: Settings > Custom Domains, or the tenant's domain)",
            ],
        ];
        for (const [input, fix] of refused) {
            it(`refuses ${JSON.stringify(input)}`, () => assert.deepEqual(parseAuth0Domain(input), { fix }));
        }

        it("normalises idempotently, and every accepted form gives the same issuer", () => {
            const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/);
            const tld = fc.stringMatching(/^[a-z]{2,6}$/); // a numeric last label would make it an IPv4 address
            fc.assert(
                fc.property(
                    fc.array(label, { minLength: 1, maxLength: 3 }),
                    tld,
                    fc.constantFrom("", "https://", "HTTPS://"),
                    fc.constantFrom("", "/"),
                    (labels, top, scheme, slash) => {
                        const domain = [...labels, top].join(".");
                        fc.pre(!/^manage\./.test(domain) && domain !== "auth0.com");
                        const parsed = parseAuth0Domain(`${scheme}${domain}${slash}`);
                        assert.deepEqual(parsed, { value: domain });
                        assert.deepEqual(parseAuth0Domain(domain), parsed);
                        assert.equal(auth0Issuer(domain), `https://${domain}/`);
                    },
                ),
            );
        });
    });

    describe("parseDisplayName", () => {
        it("defaults to Weights & Biases", () => assert.deepEqual(parseDisplayName(undefined), { value: "Weights & Biases" }));
        it("accepts a name", () => assert.deepEqual(parseDisplayName("W&B (prod)"), { value: "W&B (prod)" }));
        it("refuses an empty name", () => assert.deepEqual(parseDisplayName(" "), { fix: "set a non-empty name, e.g. Weights & Biases" }));
        it("refuses < and >", () =>
            assert.deepEqual(parseDisplayName("W&B <prod>"), { fix: 'use a name without < and > (Auth0 refuses them); e.g. "W&B prod"' }));
        it("refuses surrounding whitespace", () =>
            assert.deepEqual(parseDisplayName("W&B "), { fix: 'remove the surrounding whitespace: use "W&B"' }));
    });

    describe("stack config (wandb-sso:auth0)", () => {
        it("reads the domain, normalised, with the default name", () => {
            const config = readStackConfig(raw(stack({ domain: "https://acme.us.auth0.com/" })));
            assert.deepEqual(config.idp, { name: "auth0", settings: { domain: "acme.us.auth0.com", displayName: "Weights & Biases" } });
            assert.equal(config.authMethod, "pkce");
        });

        it("reads implicit and a display name", () => {
            const config = readStackConfig(raw(stack({ domain: "login.example.com", displayName: "W&B" }, { authMethod: "implicit" })));
            assert.deepEqual(config.idp, { name: "auth0", settings: { domain: "login.example.com", displayName: "W&B" } });
            assert.equal(config.authMethod, "implicit");
        });

        it("names the full stack key of every problem, all at once", () => {
            assert.deepEqual(problemsOf(stack({ domain: "http://acme.us.auth0.com", displayName: "", tenant: "acme" })), [
                'wandb-sso:auth0.tenant = "[not shown]": unknown field; the fields are domain, displayName, adopt',
                'wandb-sso:auth0.domain = "http://acme.us.auth0.com": Auth0 is served over https only; use acme.us.auth0.com',
                'wandb-sso:auth0.displayName = "": set a non-empty name, e.g. Weights & Biases',
            ]);
        });

        it("refuses a missing auth0 key", () => {
            assert.deepEqual(problemsOf({ host: "https://wandb.example.com", idp: "auth0" }), [
                "wandb-sso:auth0.domain = undefined: set the Auth0 domain users sign in on, e.g. acme.us.auth0.com (Auth0 dashboard: Settings > Custom Domains, or the tenant's domain)",
            ]);
        });

        it("refuses SAML as the auth method, naming OIDC", () => {
            assert.deepEqual(problemsOf(stack({ domain: "acme.us.auth0.com" }, { authMethod: "saml" })), [
                'wandb-sso:authMethod = "saml": W&B Server does not support SAML; it logs in through OIDC: use pkce (recommended) or implicit',
            ]);
        });
    });
});
