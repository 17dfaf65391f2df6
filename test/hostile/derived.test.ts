// Nothing derived from a secret is printed, in any form (issue 21, B1): not the value, nor the
// corrected URL a fix suggests, its path, or its host as the URL parser reads it (lower-cased,
// decoded, in punycode); not in a stack's error, nor in the error of a check that runs once another
// resource's secret output is known. And what looks like a credential is masked wherever it
// appears: a URL's `user:password@`, and a value under any key whose name says secret, known or not.
import { strict as assert } from "node:assert";
import { domainToASCII } from "node:url";
import fc from "fast-check";
import * as pulumi from "@pulumi/pulumi";
import { readStackConfig, type RawConfig } from "../../src/config";
import { ConfigError } from "../../src/errors";
import { formatProblem, namesSecret, problem } from "../../src/problems";
import { WandbOidc } from "../../src/wandb/wandbOidc";
import { valueOf } from "../helpers/pulumiMocks";
import { CLIENT_ID, mockedRuntime } from "../helpers/wandb";

const HOST = "https://wandb.example.com";

function message(raw: RawConfig): string {
    try {
        readStackConfig(raw, "t");
    } catch (e) {
        assert.ok(e instanceof ConfigError, String(e));
        return e.message;
    }
    assert.fail("expected a ConfigError");
}

/** A secret's own part: letters and digits, long enough to be told apart from the fix's words. */
const secretWord = fc.stringMatching(/^[a-z][a-z0-9]{5,15}$/).filter((w) => !/example|https?|issuer|secret|login|okta/.test(w));

/** Hostile issuers built around the secret part, each of which some rule corrects. */
const WRAPPERS: readonly ((w: string) => string)[] = [
    (w) => `https://${w.toUpperCase()}.example.com/a/../b`,
    (w) => `http://${w}.example.com/realm`,
    (w) => ` https://${w}.example.com`,
    (w) => `https://${w}.example.com/.well-known/openid-configuration`,
    (w) => `https://${w}\u3002example.com/x`,
    (w) => `https://b\u00fccher${w}.example.com`,
    (w) => `https://%${w.length.toString(16).padStart(2, "0")}${w}.example.com`,
    (w) => `https://login.example.com/${w}?x=1`,
    (w) => `https://login.example.com/${w}/x#frag`,
    (w) => `https://${w}.example.com:0443/t`,
    (w) => `https://login.microsoftonline.com/${w}`,
    (w) => `https://${w}.auth.us-east-1.amazoncognito.com`,
    (w) => `https://${w}.example.com\u200b`,
    (w) => `${w}.example.com/path`,
];

/** Whether `text` shows the secret part in any form a parser makes of it. */
function shows(text: string, word: string): boolean {
    const lower = text.toLowerCase();
    return [word, encodeURIComponent(word), domainToASCII(`b\u00fccher${word}.example.com`).split(".")[0]!].some(
        (form) => form !== "" && lower.includes(form.toLowerCase()),
    );
}

describe("nothing derived from a secret is printed", function () {
    this.timeout(60_000);

    it("a stack key set as secret: neither the value nor what a fix makes of it", () => {
        fc.assert(
            fc.property(secretWord, fc.constantFrom(...WRAPPERS), (word, wrap) => {
                const issuer = wrap(word);
                const text = message({
                    values: {
                        host: HOST,
                        idp: "existing",
                        authMethod: "implicit",
                        existing: JSON.stringify({ issuer, clientId: "wandb" }),
                    },
                    secretKeys: new Set(["existing"]),
                });
                return text.includes("wandb-sso:existing.issuer") && !shows(text, word);
            }),
            { numRuns: 300 },
        );
    });

    it("a key whose name says secret, unknown and not set as secret: masked, at any depth", () => {
        const names = fc.constantFrom(
            "secret",
            "password",
            "token",
            "clientSecret",
            "client_secret",
            "apiToken",
            "adminPassword",
            "PASSWORD",
        );
        fc.assert(
            fc.property(secretWord, names, (word, name) => {
                const values = { host: HOST, idp: "existing", authMethod: "implicit" };
                const nested = message({
                    values: { ...values, existing: JSON.stringify({ issuer: "https://idp.example.com", clientId: "c", [name]: word }) },
                    secretKeys: new Set(),
                });
                const top = message({ values: { ...values, [name]: word }, secretKeys: new Set() });
                return nested.includes(`.${name} = "[secret]"`) && !shows(nested, word) && top.includes('"[secret]"') && !shows(top, word);
            }),
        );
    });

    it("a URL's credentials, wherever the URL is: masked in the value, scrubbed from the fix", () => {
        fc.assert(
            fc.property(secretWord, fc.constantFrom("host", "issuer"), fc.boolean(), (word, where, padded) => {
                const url = `${padded ? " " : ""}https://admin:${word}@wandb.example.com`;
                const text = message({
                    values: {
                        host: where === "host" ? url : HOST,
                        idp: "existing",
                        authMethod: "implicit",
                        existing: JSON.stringify({ issuer: where === "issuer" ? url : "https://idp.example.com", clientId: "c" }),
                    },
                    secretKeys: new Set(),
                });
                return !shows(text, word) && text.includes("[secret]@wandb.example.com");
            }),
        );
    });

    it("names that say secret, and switches about a secret that hold none", () => {
        for (const name of [
            "clientSecret",
            "wandb-sso:existing.clientSecret",
            "a.b.password",
            "x.apiToken",
            "client_secret",
            "list[0].token",
        ]) {
            assert.ok(namesSecret(name), name);
        }
        for (const name of ["generateSecret", "secretRotationDays", "tokenEndpoint", "issuer", "rotateToken"])
            assert.ok(!namesSecret(name), name);
        assert.equal(
            formatProblem(problem("x.password", "hunter2-long", "use a longer one than hunter2-long")),
            'x.password = "[secret]": use a longer one than [secret]',
        );
    });

    describe("a check once another resource's secret output is known", () => {
        mockedRuntime();
        it("scrubs the fix of the corrected URL, its host and its path", async () => {
            for (const wrap of WRAPPERS.filter((w) => !w("abcdefgh").startsWith("abcdefgh"))) {
                const word = "qzxvbnmlkj";
                const wandb = new WandbOidc("w", {
                    host: HOST,
                    issuer: pulumi.secret(wrap(word)),
                    clientId: CLIENT_ID,
                    authMethod: "pkce",
                });
                await assert.rejects(valueOf(wandb.env), (e: unknown) => {
                    const text = (e as Error).message;
                    assert.match(text, /issuer \(from another resource\) = "\[secret\]"/);
                    assert.ok(!shows(text, word), text);
                    return true;
                });
            }
        });
    });
});
