// Values in messages (issue 29, classes 4 and 5): a key nobody reads never has its value quoted (it
// may be a secret typed into the wrong key); a fix under a secret is built without the value, so
// no redaction mangles its words; a value known only later inside a list is reported as unknown,
// never as what Pulumi's Output.toJSON says; a secret that is not text gets advice that fits; and
// `wandb-sso:teams` set as a secret is refused, saying why.
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { parseTeamGroups } from "../../src/parse/teams";
import { formatProblem, Problems, SECRET_PLACEHOLDER, withheld, wrongSecretTypeFix } from "../../src/problems";
import { parseExistingIssuer } from "../../providers/existing/rules";
import { CONFIG_KEYS } from "../../src/config";
import { problemsOf } from "../helpers/stackConfig";

const HOST = "https://wandb.example.com";
const EXISTING = { host: HOST, idp: "existing", authMethod: "implicit" };
const existing = (fields: Record<string, unknown>) => JSON.stringify({ issuer: "https://idp.example.com", clientId: "c", ...fields });

/** Values a user could type into the wrong key: secrets, tokens, numbers. */
const values = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.~+/=-]{6,40}$/), fc.integer({ min: 100_000, max: 2 ** 40 }).map(String));

describe("a key nobody reads: its value is never quoted", () => {
    it("an unknown key, an unknown field, a namespace typo: shown as [not shown] (property)", () => {
        fc.assert(
            fc.property(values, fc.constantFrom("clientSecrett", "sekret", "apikey2", "hots", "idpp"), (value, name) => {
                const unknownKey = problemsOf({ ...EXISTING, existing: existing({}), [name]: value });
                const unknownField = problemsOf({ ...EXISTING, existing: existing({ [name]: value }) });
                const all = [...unknownKey, ...unknownField].join("\n");
                assert.equal(all.includes(value), false, all);
                assert.ok(
                    unknownKey.includes(
                        `wandb-sso:${name} = "[not shown]": unknown key; the keys are ${unknownKey[0]!.split("the keys are ")[1]}`,
                    ),
                );
                assert.ok(unknownField.some((p) => p.startsWith(`wandb-sso:existing.${name} = "[not shown]": unknown field`)));
            }),
            { numRuns: 40 },
        );
    });

    it("shows [secret] for one under a secret key or a name that says secret, rather than [not shown]", () => {
        assert.ok(
            problemsOf({ ...EXISTING, existing: existing({}), extra: "s3cr3t-value" }, ["extra"]).includes(
                `wandb-sso:extra = "${SECRET_PLACEHOLDER}": unknown key; the keys are ${CONFIG_KEYS.map((k) => `wandb-sso:${k}`).join(", ")}`,
            ),
        );
    });
});

describe("a fix under a secret is built without the value, not scrubbed after", () => {
    it("keeps every word of the fix when the secret happens to be one of them (property)", () => {
        // The words of the issuer's fix for a value that is not a URL, as it is built without the value.
        const plainFix = (withheld(() => parseExistingIssuer("not a url")) as { fix: string }).fix;
        const words = [...new Set(plainFix.match(/[a-z]{4,}/g) ?? [])];
        assert.ok(words.includes("https") && words.includes("issuer"), plainFix);
        fc.assert(
            fc.property(fc.constantFrom(...words), (word) => {
                const found = problemsOf({ ...EXISTING, existing: existing({ issuer: word }) }, ["existing"]);
                const issuer = found.find((p) => p.startsWith("wandb-sso:existing.issuer = "))!;
                assert.equal(issuer, `wandb-sso:existing.issuer = "[secret]": ${plainFix}`);
            }),
        );
    });

    it("quotes nothing made from the value: no suggestion, no corrected URL, path or host", () => {
        const found = problemsOf({ ...EXISTING, existing: existing({ issuer: " https://Login.Example.com/a/../b " }) }, ["existing"]);
        const issuer = found.find((p) => p.startsWith("wandb-sso:existing.issuer = "))!;
        assert.equal(issuer, 'wandb-sso:existing.issuer = "[secret]": remove the surrounding whitespace');
    });
});

describe("a value known only later, inside a list", () => {
    it("is reported as unknown, never as Output.toJSON's warning text", () => {
        const problems = new Problems();
        problems.check("teamGroups", ["ml-research", pulumi.output("vision")], parseTeamGroups);
        const [found] = problems.list;
        const line = formatProblem(found!);
        assert.equal(
            line,
            'teamGroups = ["ml-research","(unknown)"]: an item of it is another resource\'s output, unknown until that resource is created, and every item must be known when the program runs (it is checked, and decides what is created, before anything is registered): pass plain values',
        );
        assert.equal(line.includes("toJSON"), false);
    });

    it("under a secret too, without its value", () => {
        const problems = new Problems(() => true);
        problems.check("wandb-sso:teams", ["s3cr3t-team", pulumi.output("x")], parseTeamGroups);
        assert.equal(problems.list[0]!.value, SECRET_PLACEHOLDER);
        assert.match(problems.list[0]!.fix, /^an item of it is another resource's output/);
    });
});

describe("a secret that is not text gets advice that fits", () => {
    it("says what it is, never its value", () => {
        assert.equal(wrongSecretTypeFix("s"), undefined);
        assert.match(wrongSecretTypeFix(12345)!, /^this secret is a number, not the text of a client secret: .*quote it/);
        assert.match(wrongSecretTypeFix(["a"])!, /^this secret is a list/);
        assert.match(wrongSecretTypeFix({ a: 1 })!, /^this secret is an object/);
        assert.match(wrongSecretTypeFix(true)!, /^this secret is true or false/);
        assert.match(wrongSecretTypeFix("")!, /^this secret has no value/);
        assert.match(wrongSecretTypeFix(7, "this Output")!, /^this Output is a number/);
        assert.match(wrongSecretTypeFix(undefined)!, /^this secret has no value/);
    });

    it("in the stack: a client secret given as a number", () => {
        const found = problemsOf(
            { ...EXISTING, existing: JSON.stringify({ issuer: "https://idp.example.com", clientId: "c", clientSecret: 1234567 }) },
            ["existing"],
        );
        assert.deepEqual(
            found.filter((p) => p.includes("clientSecret")),
            [
                'wandb-sso:existing.clientSecret = "[secret]": this secret is a number, not the text of a client secret: pass the secret the IdP issued as a string (a YAML or JSON number loses its leading zeros and digits past 15: quote it)',
            ],
        );
    });
});

describe("wandb-sso:teams set as a secret", () => {
    it("is refused, saying why, without parsing or showing it", () => {
        const found = problemsOf({ ...EXISTING, existing: existing({}), teams: '["s3cr3t-team"]' }, ["teams"]);
        assert.deepEqual(found, [
            "wandb-sso:teams = \"[secret]\": team names are public by nature: they become resource names and IdP settings (Cognito groups, Okta's groups filter, a Lambda's code) and the groups claim's values in every user's ID token, which W&B shows as team names, so their secrecy could not be kept: set it in plain text, without --secret: pulumi config set wandb-sso:teams <value>",
        ]);
    });
});
