// Okta group filters as Okta reads them (issue 29, class 6): Java's regex syntax, matched against
// the whole group name. The syntax check is held against what Java 17 said of a corpus of patterns
// (fixtures/javaRegexCorpus.json, made by fixtures/JavaRegexCorpus.java from
// fixtures/javaRegexPatterns.ts at test-authoring time; Java does not run here).
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { parseJavaRegex, JavaRegexError } from "../../providers/okta/javaRegex";
import { EXAMPLE_OKTA_GROUPS_FILTER, exactNamesRegex, parseGroupsFilterRegex } from "../../providers/okta/rules";
import corpus from "./fixtures/javaRegexCorpus.json";
import { corpusPatterns } from "./fixtures/javaRegexPatterns";

interface CorpusEntry {
    readonly pattern: string;
    readonly ok: boolean;
    readonly matches?: readonly string[];
}
const entries = corpus.patterns as readonly CorpusEntry[];

function javaTakes(pattern: string): boolean {
    try {
        parseJavaRegex(pattern);
        return true;
    } catch (error) {
        if (error instanceof JavaRegexError) return false;
        throw error;
    }
}

describe("Okta's groups filter: Java's regex syntax", () => {
    it("the corpus is the one the patterns file makes, read by Java 17", () => {
        assert.equal(corpus.java.split(".")[0], "17");
        assert.deepEqual(
            entries.map((e) => e.pattern),
            corpusPatterns(),
        );
        assert.ok(entries.some((e) => e.ok) && entries.some((e) => !e.ok));
    });

    it(`takes exactly what Java takes, over ${entries.length} patterns`, () => {
        const disagreements = entries
            .filter((e) => javaTakes(e.pattern) !== e.ok)
            .map((e) => `${JSON.stringify(e.pattern)}: Java ${e.ok ? "takes" : "refuses"} it`);
        assert.deepEqual(disagreements, []);
    });

    it("takes what Java takes and JavaScript refuses, and refuses what Java refuses and JavaScript takes", () => {
        const jsTakes = (p: string) => {
            try {
                new RegExp(p);
                return true;
            } catch {
                return false;
            }
        };
        for (const p of ["a*+", "(?>ab|a)c", "(?i)wandb-.*"]) {
            assert.equal(jsTakes(p), false, p);
            assert.equal(entries.find((e) => e.pattern === p)?.ok, true, p);
            assert.ok("value" in parseGroupsFilterRegex(p), p);
        }
        for (const p of ["{", "a{", "wandb-{team}", "\\y", "a{,2}"]) {
            assert.equal(jsTakes(p), true, p);
            assert.equal(entries.find((e) => e.pattern === p)?.ok, false, p);
            assert.match((parseGroupsFilterRegex(p) as { fix: string }).fix, /^not a valid regular expression as Okta reads it \(Java's: /);
        }
    });

    it("the filter made of exact team names is Java's, and matches exactly those names (property)", () => {
        const name = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/[\p{Cc}\p{Cs}]/u.test(s));
        fc.assert(
            fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 5 }), name, (names, other) => {
                const regex = exactNamesRegex(names);
                assert.ok(javaTakes(regex), regex);
                const js = new RegExp(regex);
                for (const n of names) assert.ok(js.test(n), `${regex} ${n}`);
                assert.equal(js.test(other), names.includes(other));
            }),
        );
    });
});

describe("Okta's groups filter: the whole group name", () => {
    it("^wandb- matches no group but one named wandb- (Java's matches()), and is refused with the filter that works", () => {
        const anchored = entries.find((e) => e.pattern === "^wandb-")!;
        const works = entries.find((e) => e.pattern === EXAMPLE_OKTA_GROUPS_FILTER)!;
        assert.deepEqual(anchored.matches, ["wandb-"]);
        assert.deepEqual(works.matches, ["wandb-", "wandb-ml"]);
        const refused = parseGroupsFilterRegex("^wandb-");
        assert.deepEqual(
            { ...refused, suggestion: (refused as { suggestion?: string }).suggestion },
            {
                fix: 'Okta matches the filter against the whole group name, so this one, without a wildcard, matches only a group named exactly "wandb-": to match the names that start with it, use "wandb-.*"',
                suggestion: "wandb-.*",
            },
        );
    });

    it("refuses every literal anchored at one end, suggesting the wildcard that works (property)", () => {
        fc.assert(
            fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/), fc.boolean(), (name, start) => {
                const written = start ? `^${name}` : `${name}$`;
                const parsed = parseGroupsFilterRegex(written) as { fix: string; suggestion?: string };
                const use = start ? `${name}.*` : `.*${name}`;
                assert.equal(parsed.suggestion, use);
                assert.ok("value" in parseGroupsFilterRegex(use));
                // Java's reading agrees: the suggestion has a wildcard, the refused one had none.
                assert.equal(parseJavaRegex(written).literalOnly, true);
                assert.equal(parseJavaRegex(use).literalOnly, false);
            }),
        );
    });

    it("takes exact names written as such, and patterns with a wildcard", () => {
        for (const p of ["ml|vision", "^(ml|vision)$", "wandb-.*", "^wandb-.*$", "(?i)wandb-.*", ".*"])
            assert.ok("value" in parseGroupsFilterRegex(p), p);
    });
});
