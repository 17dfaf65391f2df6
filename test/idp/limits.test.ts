// Every string an IdP component generates stays within its provider's limit for any valid host, up to
// the longest the host parser accepts: descriptions are shortened, and a host whose URLs cannot fit
// is refused before anything is registered. The limits are written here as the providers state them
// (not read from the code under test), so a wrong constant fails.
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { appDescription, hostUrlsFix } from "../../src/idp/limits";
import { Problems, asArgument } from "../../src/problems";
import { checkAuth0Args } from "../../providers/auth0/rules";
import { checkCognitoArgs, COGNITO_GROUP_NAME_MAX_CHARS, COGNITO_TEAM_NAMES } from "../../providers/cognito/rules";
import { checkTeamNames } from "../../src/parse/teams";
import { checkEntraArgs } from "../../providers/entra/rules";
import { checkKeycloakArgs } from "../../providers/keycloak/rules";
import { checkOktaArgs } from "../../providers/okta/rules";
import { AUTH0_DESCRIPTION_MAX_CHARS } from "../../providers/auth0/rules";
import { KEYCLOAK_DESCRIPTION_MAX_CHARS, KEYCLOAK_URL_LIMITS } from "../../providers/keycloak/rules";
import { ENTRA_DESCRIPTION_MAX_CHARS, ENTRA_URL_LIMITS } from "../../providers/entra/rules";
import { LONGEST_HOST, MAX_HOST_URL_CHARS, hostOfLength, validHost } from "../helpers/hosts";

const RUNS = { numRuns: 300 };
const callback = (host: string) => `${host}/oidc/callback`;
const logoutPage = (host: string) => `${host}/logout`;

/** The problems an IdP's validator records for these arguments, as `setting: fix`. */
function problemsOf(check: (args: never, problems: Problems, at: typeof asArgument) => unknown, args: object): string[] {
    const problems = new Problems();
    check(args as never, problems, asArgument);
    return problems.list.map((p) => `${p.setting}: ${p.fix}`);
}

describe("the strings IdP components generate, against their providers' limits", () => {
    it("the host generator reaches the longest host the parser accepts", () => {
        assert.equal(LONGEST_HOST.length, MAX_HOST_URL_CHARS);
        assert.equal(MAX_HOST_URL_CHARS, 267);
        assert.equal(hostOfLength(243).length, 243);
    });

    describe("the app's description", () => {
        it("fits Auth0's 140, Keycloak's 255 and Entra's 1024 characters for any valid host", () => {
            // terraform-provider-auth0 client `description` StringLenBetween(0, 140); Keycloak CLIENT.DESCRIPTION
            // NVARCHAR(255); terraform-provider-azuread application `description` StringLenBetween(0, 1024).
            assert.deepEqual([AUTH0_DESCRIPTION_MAX_CHARS, KEYCLOAK_DESCRIPTION_MAX_CHARS, ENTRA_DESCRIPTION_MAX_CHARS], [140, 255, 1024]);
            fc.assert(
                fc.property(validHost, (host) => {
                    for (const max of [140, 255, 1024]) {
                        const description = appDescription(host, max);
                        assert.ok(description.length <= max, `${description.length} > ${max}: ${description}`);
                        assert.ok(description.startsWith("W&B Server at https://"), description);
                        assert.ok(/^[\x20-\x7e]+$/.test(description), "ASCII only: a limit in bytes and one in characters agree");
                    }
                }),
                RUNS,
            );
        });

        it("is the full sentence while it fits, then drops the explanation, then cuts the host", () => {
            assert.equal(
                appDescription("https://wandb.example.com", 140),
                "W&B Server at https://wandb.example.com (OIDC single sign-on, managed by wandb-sso)",
            );
            // The full sentence is 58 characters plus the host: for Auth0 the host may have 82.
            const at82 = hostOfLength(82);
            assert.equal(appDescription(at82, 140), `W&B Server at ${at82} (OIDC single sign-on, managed by wandb-sso)`);
            assert.equal(appDescription(at82, 140).length, 140);
            const at83 = hostOfLength(83);
            assert.equal(appDescription(at83, 140), `W&B Server at ${at83} (wandb-sso)`);
            const at115 = hostOfLength(115);
            assert.equal(appDescription(at115, 140), `W&B Server at ${at115.slice(0, 111)}... (wandb-sso)`);
            assert.equal(appDescription(at115, 140).length, 140);
            assert.equal(appDescription(LONGEST_HOST, 140), `W&B Server at ${LONGEST_HOST.slice(0, 111)}... (wandb-sso)`);
        });
    });

    describe("the URLs registered from the host", () => {
        it("Entra: refused exactly when the redirect URI would pass 256 or the logout URL 255 characters (the azuread provider's uri.go)", () => {
            const seen = { over: 0, within: 0 };
            fc.assert(
                fc.property(validHost, (host) => {
                    const over = callback(host).length > 256 || logoutPage(host).length > 255;
                    seen[over ? "over" : "within"]++;
                    const hostProblems = problemsOf(checkEntraArgs, { host }).filter((p) => p.startsWith("host:"));
                    assert.equal(hostProblems.length, over ? 1 : 0, `${host.length}: ${hostProblems.join("; ")}`);
                }),
                RUNS,
            );
            // The generator reaches both sides of the limit.
            assert.ok(seen.over > 10 && seen.within > 10, JSON.stringify(seen));
        });

        it("Keycloak: refused exactly when the redirect URI, web origin or base URL would pass 255 characters (its VARCHAR(255) columns)", () => {
            fc.assert(
                fc.property(validHost, (host) => {
                    const over = callback(host).length > 255 || host.length > 255;
                    const hostProblems = problemsOf(checkKeycloakArgs, { host, url: "https://sso.example.com", realm: "acme" }).filter(
                        (p) => p.startsWith("host:"),
                    );
                    assert.equal(hostProblems.length, over ? 1 : 0, `${host.length}: ${hostProblems.join("; ")}`);
                }),
                RUNS,
            );
        });

        it("Cognito, Auth0 and Okta take every valid host (Cognito's callback and logout URLs up to 1024; the others state no limit)", () => {
            fc.assert(
                fc.property(validHost, (host) => {
                    assert.ok(callback(host).length <= 1024);
                    assert.deepEqual(
                        problemsOf(checkCognitoArgs, { host, domainPrefix: "wandb-x" }).filter((p) => p.startsWith("host:")),
                        [],
                    );
                    assert.deepEqual(
                        problemsOf(checkAuth0Args, { host, domain: "acme.us.auth0.com" }).filter((p) => p.startsWith("host:")),
                        [],
                    );
                    assert.deepEqual(
                        problemsOf(checkOktaArgs, { host, orgUrl: "https://acme.okta.com" }).filter((p) => p.startsWith("host:")),
                        [],
                    );
                }),
                RUNS,
            );
        });

        it("names the fields, their lengths and the longest host that fits (exact error)", () => {
            const host = hostOfLength(243);
            assert.deepEqual(problemsOf(checkEntraArgs, { host }), [
                "host: Entra (the azuread provider) cannot register W&B's URLs for a host this long: they would make web.redirectUris 257 characters (at most 256); serve W&B at a host of at most 242 characters (this one is 243)",
            ]);
            assert.deepEqual(problemsOf(checkEntraArgs, { host: hostOfLength(242) }), []);
            assert.equal(
                hostUrlsFix(LONGEST_HOST, "Keycloak (its database's columns)", KEYCLOAK_URL_LIMITS),
                "Keycloak (its database's columns) cannot register W&B's URLs for a host this long: they would make validRedirectUris 281 characters (at most 255), webOrigins 267 characters (at most 255), baseUrl 267 characters (at most 255); serve W&B at a host of at most 241 characters (this one is 267)",
            );
            assert.equal(hostUrlsFix(hostOfLength(242), "Entra", ENTRA_URL_LIMITS), undefined);
        });
    });

    it("Cognito refuses a team group name over 128 characters (CreateGroup's GroupName), which wandb-sso would create as a group", () => {
        // Through the IdP's record, as the component and the stack config check team names.
        assert.deepEqual(checkTeamNames(["ml", "t".repeat(129)], COGNITO_TEAM_NAMES), {
            fix: `${JSON.stringify("t".repeat(129))}: Cognito's group names are at most ${COGNITO_GROUP_NAME_MAX_CHARS} characters`,
        });
        assert.deepEqual(checkTeamNames(["t".repeat(128)], COGNITO_TEAM_NAMES), { value: ["t".repeat(128)] });
    });
});
