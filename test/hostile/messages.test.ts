// Messages stay bounded and readable whatever the input: long values are cut (saying how long they
// were), invisible characters are escaped, only so many problems are listed; the plan CLI prints
// an internal error without a stack trace unless WANDB_SSO_DEBUG is set.
import { strict as assert } from "node:assert";
import { ConfigError } from "../../src/errors";
import { formatProblems, MAX_MESSAGE_CHARS, problem, showValue } from "../../src/problems";
import { DEBUG_ENV, failureMessage } from "../../tools/plan/cli";

describe("bounded, readable messages", () => {
    it("cuts a long value to 200 characters, saying how long it was", () => {
        const shown = showValue("a".repeat(100_000));
        assert.equal(shown, `"${"a".repeat(199)}… (100000 characters)`);
        assert.equal(showValue({ list: Array.from({ length: 1000 }, (_, i) => i) }).endsWith("characters of JSON)"), true);
    });

    it("shows short values as before", () => {
        assert.equal(showValue("https://wandb.example.com"), '"https://wandb.example.com"');
        assert.equal(showValue(undefined), "(not set)");
        assert.equal(showValue([1]), "[1]");
    });

    it("escapes what a terminal would not show or would act on (controls, bidirectional overrides)", () => {
        assert.equal(showValue("a\u202eb\u0085c\u200bd\u007f"), '"a\\u202Eb\\u0085c\\u200Bd\\u007F"');
        const message = formatProblems([problem("wandb-sso:ho\u001b[31mst", "x", "fix\u2028it")], "s");
        assert.ok(!message.includes("\u001b") && !message.includes("\u2028"), message);
    });

    it("never grows past its bound, listing the first problems and how many more there are", () => {
        const many = Array.from({ length: 10_000 }, (_, i) =>
            problem(`wandb-sso:${"k".repeat(5000)}${i}`, "v".repeat(5000), "f".repeat(5000)),
        );
        const message = formatProblems(many, "wandb-sso");
        assert.ok(message.length < MAX_MESSAGE_CHARS + 200, String(message.length));
        assert.match(message, /… and \d+ more problems \(fix these first\)$/);
        assert.ok(new ConfigError(many).message.startsWith("wandb-sso: 10000 problems; nothing was registered."));
    });

    it("keeps a problem's shape { setting, value, fix }, its suggestion aside", () => {
        const p = problem("host", "http://a.example.com", "use https://a.example.com", "https://a.example.com");
        assert.equal(p.suggestion, "https://a.example.com");
        assert.deepEqual(p, { setting: "host", value: "http://a.example.com", fix: "use https://a.example.com" });
        assert.equal(JSON.stringify(p), '{"setting":"host","value":"http://a.example.com","fix":"use https://a.example.com"}');
    });
});

describe("the plan CLI's failure message", () => {
    const saved = process.env[DEBUG_ENV];
    afterEach(() => {
        if (saved === undefined) delete process.env[DEBUG_ENV];
        else process.env[DEBUG_ENV] = saved;
    });

    it("prints an internal error in one line, without a stack trace", () => {
        delete process.env[DEBUG_ENV];
        const message = failureMessage(new TypeError("cannot read properties of undefined\n    at secret place"));
        assert.equal(
            message,
            "wandb-sso plan: internal error: cannot read properties of undefined (set WANDB_SSO_DEBUG=1 for the stack trace)",
        );
    });

    it("prints the trace when WANDB_SSO_DEBUG is set", () => {
        process.env[DEBUG_ENV] = "1";
        assert.match(failureMessage(new Error("boom")), /internal error: Error: boom\n\s+at /);
    });

    it("prints a resource's error as its message alone", () => {
        const resourceError = Object.assign(new Error('EntraOidcApp "t": tenantId = "common": use your tenant\'s ID'), {
            __pulumResourceError: true,
        });
        assert.equal(failureMessage(resourceError), resourceError.message);
    });
});
