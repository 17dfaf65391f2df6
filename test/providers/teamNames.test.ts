// Team names per IdP (issue 29, class 3): a teams filter's names are checked against the IdP that
// will create or match the groups (each providers/<idp>/rules.ts, reached through its descriptor),
// lists are bounded by what the IdP takes, and two spellings of one name (Unicode normalisation,
// letter case where the IdP ignores it) are one name.
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { COGNITO_TEAM_NAMES } from "../../providers/cognito/rules";
import { KEYCLOAK_TEAM_NAMES } from "../../providers/keycloak/rules";
import { exactNamesRegex, OKTA_FILTER_MAX_CHARS, OKTA_TEAM_NAMES } from "../../providers/okta/rules";
import { IDP_LIST, IDPS } from "../../src/idps";
import { checkTeamNames, parseTeamGroups } from "../../src/parse/teams";
import { readStackConfig } from "../../src/config";
import { problemsOf, raw } from "../helpers/stackConfig";

const HOST = "https://wandb.example.com";
const COGNITO = { host: HOST, idp: "cognito", cognito: JSON.stringify({ domainPrefix: "wandb-example" }) };
const OKTA = {
    host: HOST,
    idp: "okta",
    okta: JSON.stringify({ orgUrl: "https://acme.okta.com", authorizationServerId: "default" }),
};
/** The problems of wandb-sso:teams in a stack with these names as its teams filter (none when the stack is valid). */
function teamsProblem(stack: Record<string, string>, names: readonly string[]): string[] {
    const values = { ...stack, teams: JSON.stringify(names) };
    try {
        readStackConfig(raw(values));
        return [];
    } catch {
        return problemsOf(values).filter((p) => p.startsWith("wandb-sso:teams = "));
    }
}

/** Names that any IdP takes: letters, digits and '-'. */
const plainName = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);

describe("team names per IdP: through the descriptor", () => {
    it("every IdP's descriptor says what it allows, with its source, or that it takes no teams", () => {
        for (const idp of IDP_LIST) {
            const rules = idp.teamNames;
            if (rules === undefined) continue;
            assert.ok(rules.source.length > 0 && rules.maxChars > 0 && rules.maxNames > 0, idp.name);
        }
        assert.equal(IDPS.cognito.teamNames, COGNITO_TEAM_NAMES);
        assert.equal(IDPS.okta.teamNames, OKTA_TEAM_NAMES);
        assert.equal(IDPS.auth0.teamNames, undefined);
    });

    it("Cognito: at most 128 characters of letters, marks, symbols, digits and punctuation, no spaces (property)", () => {
        fc.assert(
            fc.property(plainName, fc.integer({ min: 1, max: 200 }), (base, length) => {
                const name = base.padEnd(length, "x").slice(0, Math.max(length, 1));
                const found = teamsProblem(COGNITO, [name]);
                if (name.length <= 128) assert.deepEqual(found, []);
                else
                    assert.deepEqual(found, [
                        `wandb-sso:teams = ${JSON.stringify([name])}: ${JSON.stringify(name)}: Cognito's group names are at most 128 characters`,
                    ]);
            }),
            { numRuns: 60 },
        );
        assert.deepEqual(teamsProblem(COGNITO, ["ml research"]), [
            `wandb-sso:teams = ["ml research"]: "ml research": Cognito's group names are letters, marks, symbols, digits and punctuation, without spaces (CreateGroup's GroupName)`,
        ]);
        // The same name in the IdP Okta, which allows spaces, passes.
        assert.deepEqual(teamsProblem(OKTA, ["ml research"]), []);
    });

    it("Cognito: a list over the user pool's 10,000 groups is refused", () => {
        const names = Array.from({ length: 10_001 }, (_, i) => `team-${i}`);
        const found = teamsProblem(COGNITO, names);
        assert.equal(found.length, 1);
        assert.match(found[0]!, /list at most 10000 groups/);
        assert.equal(checkTeamNames(names.slice(0, 10_000), COGNITO_TEAM_NAMES).constructor, Object);
        assert.ok("fix" in checkTeamNames([...names.slice(0, 10_000), "x"], COGNITO_TEAM_NAMES));
    });

    it("Okta: the names make one filter of at most 1024 characters, and names of at most 255 (property)", () => {
        fc.assert(
            fc.property(fc.array(plainName, { minLength: 1, maxLength: 120 }), (list) => {
                const names = [...new Set(list)];
                const found = teamsProblem(OKTA, names);
                const fits = exactNamesRegex(names).length <= OKTA_FILTER_MAX_CHARS;
                assert.equal(found.length === 0, fits, found.join("\n"));
                if (!fits) assert.match(found[0]!, /make a groups filter of \d+ characters, and Okta's takes at most 1024/);
            }),
            { numRuns: 60 },
        );
        assert.match(teamsProblem(OKTA, ["g".repeat(256)])[0]!, /Okta's group names are at most 255 characters/);
    });
});

describe("two spellings of one name are one name", () => {
    it("a name not in Unicode NFC is refused, suggesting its NFC form: one name in two spellings cannot both be listed (property)", () => {
        const accented = fc.constantFrom("café", "naïve", "Ångström", "résumé", "Zoë");
        fc.assert(
            fc.property(accented, (name) => {
                const nfd = name.normalize("NFD");
                assert.notEqual(nfd, name);
                const result = parseTeamGroups([name, nfd]);
                assert.ok("fix" in result);
                assert.equal(
                    result.fix,
                    `${JSON.stringify(nfd)}: write the name in Unicode NFC, as IdPs send it (an accent given as a separate combining mark makes another name that looks the same): ${JSON.stringify(name)}`,
                );
            }),
        );
    });

    it("names that differ only in letter case are one group where the IdP ignores case (Keycloak), two where it does not (property)", () => {
        fc.assert(
            fc.property(fc.stringMatching(/^[a-z]{2,12}$/), (name) => {
                const upper = name.toUpperCase();
                const keycloak = checkTeamNames([name, upper], KEYCLOAK_TEAM_NAMES);
                assert.ok("fix" in keycloak);
                assert.equal(
                    keycloak.fix,
                    `${JSON.stringify(upper)} and ${JSON.stringify(name)} are one group to Keycloak, which ignores letter case in group names: list it once, spelt as the group is`,
                );
                assert.ok("value" in checkTeamNames([name, upper], COGNITO_TEAM_NAMES));
                assert.ok("value" in checkTeamNames([name, upper], OKTA_TEAM_NAMES));
            }),
        );
    });
});
