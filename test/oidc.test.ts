import { strict as assert } from "node:assert";
import fc from "fast-check";
import { parseAuthMethod, parseHost } from "../src/parse/oidc";
import { wandbUrls } from "../src/idp/app";
import { ConfigError } from "../src/errors";

describe("parseHost", () => {
    const good: [string, string][] = [
        ["https://wandb.example.com", "https://wandb.example.com"],
        ["https://wandb.example.com/", "https://wandb.example.com"],
        ["https://WandB.Example.com", "https://wandb.example.com"],
        ["https://wandb.example.com:8443/", "https://wandb.example.com:8443"],
        ["https://wandb.example.com:443", "https://wandb.example.com"],
        ["http://localhost:8080", "http://localhost:8080"],
        ["http://127.0.0.1:8080/", "http://127.0.0.1:8080"],
    ];
    for (const [input, expected] of good) {
        it(`accepts ${input} as ${expected}`, () => assert.deepEqual(parseHost(input), { value: expected }));
    }

    const bad: [unknown, string][] = [
        [undefined, "set the W&B base URL, e.g. https://wandb.example.com"],
        ["", "set the W&B base URL, e.g. https://wandb.example.com"],
        ["wandb.example.com", "not an absolute URL; use a base URL such as https://wandb.example.com"],
        ["http://wandb.example.com", "http is allowed only for localhost; use https://wandb.example.com"],
        [
            "https://wandb.example.com/wandb",
            "W&B must be served at the root of its host, without a path (/wandb); use https://wandb.example.com",
        ],
        ["https://wandb.example.com/?a=1", "remove the query; use https://wandb.example.com"],
        ["https://wandb.example.com/#x", "remove the fragment; use https://wandb.example.com"],
        ["https://user:pw@wandb.example.com", "remove the credentials; use https://wandb.example.com"],
        ["ftp://wandb.example.com", "the scheme must be https; use https://wandb.example.com"],
        [" https://wandb.example.com", 'remove the surrounding whitespace: use "https://wandb.example.com"'],
        [42, "set the W&B base URL, e.g. https://wandb.example.com"],
    ];
    for (const [input, fix] of bad) {
        it(`refuses ${JSON.stringify(input)}`, () => assert.deepEqual(parseHost(input), { fix }));
    }

    const hostname = fc.domain().filter((d) => !d.includes("xn--"));
    it("normalises any https base URL to one without a trailing slash, idempotently", () => {
        fc.assert(
            fc.property(hostname, fc.boolean(), (domain, slash) => {
                const parsed = parseHost(`https://${domain}${slash ? "/" : ""}`);
                assert.ok("value" in parsed);
                assert.ok(!parsed.value.endsWith("/"));
                assert.deepEqual(parseHost(parsed.value), parsed);
            }),
        );
    });

    it("refuses any path under any host, suggesting the root", () => {
        fc.assert(
            fc.property(hostname, fc.stringMatching(/^[a-z0-9]{1,12}$/), (domain, segment) => {
                const parsed = parseHost(`https://${domain}/${segment}`);
                assert.ok("fix" in parsed && parsed.fix.endsWith(`use https://${domain.toLowerCase()}`), JSON.stringify(parsed));
            }),
        );
    });
});

describe("wandbUrls", () => {
    it("derives every W&B URL from the normalised host", () => {
        assert.deepEqual(wandbUrls("https://wandb.example.com/"), {
            host: "https://wandb.example.com",
            callbackUrl: "https://wandb.example.com/oidc/callback",
            hostLogoutUrl: "https://wandb.example.com",
            logoutPageUrl: "https://wandb.example.com/logout",
        });
    });

    it("throws a ConfigError naming the host and the fix", () => {
        assert.throws(
            () => wandbUrls("http://wandb.example.com"),
            (e: unknown) =>
                e instanceof ConfigError &&
                e.message ===
                    'wandbUrls: 1 problem; nothing was registered. Please fix:\n  - host = "http://wandb.example.com": http is allowed only for localhost; use https://wandb.example.com',
        );
    });
});

describe("parseAuthMethod", () => {
    it("defaults to pkce", () => assert.deepEqual(parseAuthMethod(undefined), { value: "pkce" }));
    it("accepts pkce and implicit", () => {
        assert.deepEqual(parseAuthMethod("pkce"), { value: "pkce" });
        assert.deepEqual(parseAuthMethod("implicit"), { value: "implicit" });
    });
    it("refuses SAML, naming OIDC as the way", () =>
        assert.deepEqual(parseAuthMethod("SAML"), {
            fix: "W&B Server does not support SAML; it logs in through OIDC: use pkce (recommended) or implicit",
        }));
    it("refuses anything else with the choices", () =>
        assert.deepEqual(parseAuthMethod("code"), {
            fix: "use pkce (authorization code + PKCE, recommended) or implicit (implicit flow with form_post)",
        }));
});
