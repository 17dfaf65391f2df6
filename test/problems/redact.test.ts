// The secret's redaction: every form an IdP could echo it in (percent- and form-encoded, base64 and
// base64url at any alignment, inside HTTP Basic credentials, JSON-escaped) is hidden.
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { redact } from "../../src/problems/redact";
import { base64Core, secretForms } from "../../src/problems/secretForms";
import { basicAuthorization } from "../../src/verify/token";
import { leaks, textEncodings } from "../verify/leaks";

/** Secrets: printable ASCII, any Unicode, and the characters that encodings treat specially. */
const secrets = fc.oneof(
    fc.string({ minLength: 4, maxLength: 24 }),
    fc.string({ unit: "grapheme", minLength: 4, maxLength: 10 }),
    fc.string({
        unit: fc.constantFrom("a", "b", "%", "+", " ", "/", "=", "2", "0", "[", "]", "d", "é", "~", "'"),
        minLength: 4,
        maxLength: 16,
    }),
);
/** Surrounding text: anything, and text made of base64 and percent-encoding characters. */
const surroundings = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: fc.constantFrom("A", "Q", "g", "w", "+", "/", "=", "_", "-", "%", "2", "0", " "), maxLength: 40 }),
);
const bytes = fc.uint8Array({ maxLength: 5 });

describe("redact: every encoded form of the secret", () => {
    it("leaves no form in a text with the secret raw, percent-, form- and base64-encoded and in Basic credentials (property)", () => {
        fc.assert(
            fc.property(
                secrets,
                fc.string({ minLength: 1, maxLength: 12 }),
                surroundings,
                surroundings,
                surroundings,
                bytes,
                bytes,
                (secret, clientId, before, between, after, prefix, suffix) => {
                    // Only what the secret's forms bring in is under test, not chance matches around them.
                    fc.pre(leaks(`${before}\n${between}\n${after}`, secret).length === 0);
                    const blob = (text: string, alphabet: "base64" | "base64url") =>
                        Buffer.concat([prefix, Buffer.from(text, "utf8"), suffix]).toString(alphabet);
                    const echoed = Object.values(textEncodings(secret)).flatMap((t) => [t, blob(t, "base64"), blob(t, "base64url")]);
                    const text = [before, ...echoed, basicAuthorization(clientId, secret), after].join(between);
                    assert.ok(leaks(text, secret).length > 0, "the oracle sees the forms before redaction");
                    const out = redact(text, [secret], { clientId });
                    assert.deepEqual(leaks(out, secret), [], out);
                },
            ),
            { numRuns: 300 },
        );
    });

    it("finds the secret's base64 inside any longer base64 text, at each alignment (property)", () => {
        fc.assert(
            fc.property(fc.uint8Array({ minLength: 1, maxLength: 30 }), bytes, bytes, (secret, prefix, suffix) => {
                const around = Buffer.concat([prefix, secret, suffix]);
                const offset = (prefix.length % 3) as 0 | 1 | 2;
                assert.ok(around.toString("base64").includes(base64Core(secret, offset, "base64")));
                assert.ok(around.toString("base64url").includes(base64Core(secret, offset, "base64url")));
            }),
        );
    });

    it("keeps only the characters that the secret alone decides", () => {
        // "abc" is YWJj; after one byte, the first two characters mix in that byte; after two, three.
        assert.equal(base64Core(Buffer.from("abcd"), 0, "base64"), "YWJjZ");
        assert.equal(base64Core(Buffer.from("abcd"), 1, "base64"), Buffer.from("\0abcd").toString("base64").slice(2, 6));
        assert.equal(base64Core(Buffer.from("abcd"), 2, "base64"), Buffer.from("\0\0abcd").toString("base64").slice(3, 8));
    });

    it("hides an echoed Basic header whole, the client ID part included", () => {
        const header = basicAuthorization("wandb app", "s3 cr/+t");
        const out = redact(`got authorization: ${header}.`, ["s3 cr/+t"], { clientId: "wandb app" });
        assert.equal(out, "got authorization: Basic [secret].");
    });

    it("hides the JSON-escaped form, as the --json report writes it", () => {
        const secret = 'q"uo\\te\u0001';
        const out = redact(JSON.stringify({ message: `echo ${secret} end` }), [secret]);
        assert.equal(out, '{"message":"echo [secret] end"}');
    });

    it("hides the report-line form, whose whitespace quote() collapses", () => {
        const secret = "two  spaces\tand tab";
        assert.equal(redact(`x: ${secret}.`, [secret]), "x: [secret].");
        assert.equal(redact("x: two spaces and tab.", [secret]), "x: [secret].");
    });

    it("leaves secrets shorter than 4 characters alone, and derives no forms for them", () => {
        assert.equal(redact("abc YWJj abc", ["abc"], { clientId: "id" }), "abc YWJj abc");
        assert.deepEqual(secretForms("abc", "id"), []);
    });

    it("copes with a secret that cannot be percent-encoded (a lone surrogate)", () => {
        const secret = "ab\uD800cd";
        assert.equal(redact(`x${secret}y`, [secret]), "x[secret]y");
    });

    it("never uses a marker that rebuilds a form with its neighbours", () => {
        // "[secret]" ends with "t]": a secret "t]ab" between "zz" and "ab" would be rebuilt by it.
        const out = redact("zzt]abab", ["t]ab"]);
        assert.equal(out.includes("t]ab"), false);
        assert.equal(out, "zz███ab");
    });
});
