import { strict as assert } from "node:assert";
import fc from "fast-check";
import { formatUsageProblems, parseTimeout, resolveOptions } from "../../src/verify/options";
import { exitCode, formatJson, formatText, summarize } from "../../src/verify/report";
import { redact } from "../../src/problems/redact";
import { quote } from "../../src/verify/text";
import { basicAuthorization, classifyTokenAnswer, clientAuthOrder } from "../../src/verify/token";
import { fail, pass, skip, warn, type VerifyConfig, type VerifyReport } from "../../src/verify/types";

const config: VerifyConfig = {
    issuer: "https://acme.okta.com/oauth2/default",
    clientId: "0oa-client",
    authMethod: "pkce",
    host: "https://wandb.example.com",
    redirectUri: "https://wandb.example.com/oidc/callback",
    hasClientSecret: true,
    notes: [],
};

describe("report", () => {
    const passing: VerifyReport = {
        config,
        checks: [pass("discovery", "discovery document", "ok"), warn("scopes", "scopes", "hmm", "do this")],
    };
    const failing: VerifyReport = {
        config,
        checks: [
            ...passing.checks,
            fail("issuer", "issuer match", "differs", 'set OIDC_ISSUER to "x"'),
            skip("jwks", "signing keys (JWKS)", "needs discovery"),
        ],
    };

    it("exits 0 with warnings and 1 with a failure", () => {
        assert.equal(exitCode(passing), 0);
        assert.equal(exitCode(failing), 1);
        assert.deepEqual(summarize(failing.checks), { pass: 1, warn: 1, fail: 1, skip: 1 });
    });
    it("prints one line per check with the fix under failures and warnings, and the verdict", () => {
        const text = formatText(failing);
        assert.match(text, /^ {2}PASS {2}discovery document/m);
        assert.match(text, /^ {2}FAIL {2}issuer match +differs\n +fix: set OIDC_ISSUER to "x"$/m);
        assert.match(text, /client secret set \(not shown\)/);
        assert.match(text, /Result: FAIL \(1 failed, 1 warning, 1 passed, 1 skipped\)/);
        assert.match(formatText(passing), /Result: PASS with warnings/);
    });
    it("prints JSON with ok, exitCode, the settings (secret only as set/not set), checks and counts", () => {
        const json = JSON.parse(formatJson(failing)) as Record<string, unknown>;
        assert.equal(json.ok, false);
        assert.equal(json.exitCode, 1);
        assert.deepEqual((json.config as Record<string, unknown>).clientSecret, "set");
        assert.equal((json.checks as unknown[]).length, 4);
        assert.deepEqual(json.summary, { pass: 1, warn: 1, fail: 1, skip: 1 });
    });
    it("neutralises terminal escapes in IdP-supplied text", () => {
        const text = formatText({
            config,
            checks: [fail("authorization", "authorization request", "evil \u001b[2J\u001b]0;x\u0007 page", "f")],
        });
        assert.equal(text.includes("\u001b") || text.includes("\u0007"), false);
    });
});

describe("redact / quote", () => {
    it("never leaves a secret of 4+ characters in the text (property)", () => {
        const chars = fc.string({ unit: fc.constantFrom("a", "b", "d", "]", "[", "r", "e", "x"), maxLength: 30 });
        fc.assert(
            fc.property(
                fc.oneof(fc.string(), chars),
                fc.oneof(
                    fc.string({ minLength: 4, maxLength: 40 }),
                    chars.filter((s) => s.length >= 4),
                ),
                fc.oneof(fc.string(), chars),
                (before, secret, after) => {
                    assert.equal(redact(`${before}${secret}${after}${secret}${before}`, [secret]).includes(secret), false);
                },
            ),
            { numRuns: 500 },
        );
        assert.equal(redact("zzd]abab", ["d]ab"]).includes("d]ab"), false);
        assert.equal(redact("token=s3cr3t-value;", ["s3cr3t-value"]), "token=[secret];");
    });
    it("quotes on one line, without control characters, within the bound (property)", () => {
        fc.assert(
            fc.property(fc.string({ maxLength: 1000 }), fc.integer({ min: 2, max: 300 }), (text, max) => {
                const q = quote(text, max);
                assert.ok(q.length <= max);
                assert.equal(/\p{Cc}/u.test(q), false);
            }),
        );
    });
});

describe("resolveOptions", () => {
    const flags = { issuer: "https://acme.okta.com", clientId: "abc", host: "https://WandB.example.com/" };

    it("resolves flags, normalising the host and defaulting to pkce and 5000 ms", () => {
        const r = resolveOptions(flags, {});
        assert.ok("value" in r);
        assert.equal(r.value.config.redirectUri, "https://wandb.example.com/oidc/callback");
        assert.equal(r.value.config.authMethod, "pkce");
        assert.equal(r.value.timeoutMs, 5000);
        assert.equal(r.value.secret, undefined);
    });
    it("reads W&B's variables with --from-env (unset OIDC_AUTH_METHOD = implicit), flags winning", () => {
        const env = {
            OIDC_ISSUER: "https://accounts.google.com",
            OIDC_CLIENT_ID: "g",
            OIDC_SECRET: "shh-secret",
            HOST: "https://wandb.example.com",
        };
        const r = resolveOptions({ fromEnv: true }, env);
        assert.ok("value" in r);
        assert.equal(r.value.config.authMethod, "implicit");
        assert.equal(r.value.secret, "shh-secret");
        assert.equal(r.value.config.hasClientSecret, true);
        assert.match(r.value.config.notes.join(" "), /OIDC_AUTH_METHOD is not set/);
        const overridden = resolveOptions({ fromEnv: true, clientId: "other" }, env);
        assert.ok("value" in overridden && overridden.value.config.clientId === "other");
        // Without --from-env the environment is not read, the secret included.
        assert.ok("problems" in resolveOptions({}, env));
    });
    it("names the option (or variable), the value and the fix for every problem", () => {
        const r = resolveOptions({ issuer: "acme.okta.com", host: "http://wandb.example.com", authMethod: "oauth", timeout: "5s" }, {});
        assert.ok("problems" in r);
        assert.deepEqual(
            r.problems.map((p) => p.setting),
            ["--issuer", "--client-id", "--host", "--auth-method", "--timeout"],
        );
        const text = formatUsageProblems(r.problems);
        assert.match(text, /--issuer = "acme\.okta\.com": not an absolute URL; .*https:\/\/acme\.okta\.com/);
        assert.match(
            text,
            /--host = "http:\/\/wandb\.example\.com": http is allowed only for localhost; use https:\/\/wandb\.example\.com/,
        );
        assert.match(text, /--client-id = \(not set\): .*\(or use --from-env\)/);
        const env = resolveOptions({ fromEnv: true }, { OIDC_ISSUER: "x" });
        assert.ok("problems" in env);
        assert.deepEqual(
            env.problems.map((p) => p.setting),
            ["OIDC_ISSUER", "OIDC_CLIENT_ID", "HOST"],
        );
    });
    it("takes the timeout in whole milliseconds", () => {
        assert.deepEqual(parseTimeout("300"), { value: 300 });
        assert.ok("fix" in parseTimeout("0"));
        assert.ok("fix" in parseTimeout("1.5"));
        assert.ok("fix" in parseTimeout("999999"));
    });
});

describe("token endpoint rules", () => {
    it("tries Basic then the body with a secret, limited to what the IdP advertises", () => {
        assert.deepEqual(clientAuthOrder({}, true), ["client_secret_basic"]);
        assert.deepEqual(clientAuthOrder({ token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"] }, true), [
            "client_secret_basic",
            "client_secret_post",
        ]);
        assert.deepEqual(clientAuthOrder({ token_endpoint_auth_methods_supported: ["private_key_jwt"] }, true), []);
        assert.deepEqual(clientAuthOrder({}, false), ["none"]);
    });
    it("form-encodes the Basic credentials", () => {
        const header = basicAuthorization("a b", "s:1");
        assert.equal(Buffer.from(header.slice("Basic ".length), "base64").toString(), "a+b:s%3A1");
    });
    it("passes invalid_grant, fails invalid_client and unauthorized_client, warns otherwise", () => {
        assert.equal(classifyTokenAnswer(400, '{"error":"invalid_grant"}', true, "client_secret_basic").status, "pass");
        assert.match(classifyTokenAnswer(401, '{"error":"invalid_client"}', true, "client_secret_basic").fix!, /OIDC_SECRET/);
        assert.match(
            classifyTokenAnswer(400, '{"error":"invalid_request","error_description":"client_secret is missing."}', false, "none").fix!,
            /set OIDC_SECRET/,
        );
        assert.match(classifyTokenAnswer(400, '{"error":"unauthorized_client"}', false, "none").fix!, /authorization code grant/);
        assert.equal(
            classifyTokenAnswer(
                400,
                '{"error":"invalid_request","error_description":"requested grant type is not allowed for this client"}',
                false,
                "none",
            ).status,
            "fail",
        );
        assert.equal(classifyTokenAnswer(400, '{"error":"invalid_request"}', false, "none").status, "warn");
    });
    it("fails a token endpoint that answers a code it never issued, without quoting what it gave (issue 29)", () => {
        for (const status of [200, 201, 204]) {
            const tokens = '{"access_token":"eyJhbGciOi.stolen","id_token":"eyJ.x.y","token_type":"Bearer"}';
            const check = classifyTokenAnswer(status, tokens, false, "none");
            assert.equal(check.status, "fail");
            assert.equal(
                check.message,
                `the token endpoint answered HTTP ${status}, with tokens, to a made-up code it never issued: it would give tokens for any code`,
            );
            assert.match(check.fix!, /must refuse codes it did not issue \(invalid_grant\)/);
            assert.equal(check.transient, undefined);
        }
        assert.equal(classifyTokenAnswer(200, "{}", false, "none").status, "fail");
    });
    it("marks a refused client or secret transient (a new app or secret takes a while to work), nothing else", () => {
        assert.equal(classifyTokenAnswer(401, '{"error":"invalid_client"}', true, "client_secret_basic").transient, true);
        assert.equal(classifyTokenAnswer(401, '{"error":"invalid_client"}', false, "none").transient, true);
        assert.equal(classifyTokenAnswer(401, "", true, "client_secret_post").transient, true);
        for (const check of [
            classifyTokenAnswer(400, '{"error":"invalid_request","error_description":"client_secret is missing."}', false, "none"),
            classifyTokenAnswer(400, '{"error":"unauthorized_client"}', false, "none"),
            classifyTokenAnswer(400, '{"error":"invalid_grant"}', true, "client_secret_basic"),
        ]) {
            assert.equal(check.transient, undefined, check.message);
        }
    });
});
