// Teams from the IdP (issue 20), the pure side: wandb-sso:teams and the components' teams arguments,
// what each IdP's rules set up or refuse, the consistency of W&B's group claims with the IdP app,
// identifier claims, the Cognito trigger's code (run here), and the property that with teams on
// every IdP either sends a names-only `groups` claim or refuses.
import { strict as assert } from "node:assert";
import { runInNewContext } from "node:vm";
import fc from "fast-check";
import { configWarnings, readStackConfig } from "../../src/config";
import { IDPS, IDP_NAMES, type IdpName } from "../../src/idps";
import { ConfigError } from "../../src/errors";
import { asArgument, Problems } from "../../src/problems";
import { knownTeams, parseTeamsKey, readTeams, sendsTeamNames } from "../../src/parse/teams";
import { cognitoTeamsLambdaCode } from "../../providers/cognito/rules";
import { exactNamesRegex, oktaTeamsWarning } from "../../providers/okta/rules";
import { problemsOf, raw } from "../helpers/stackConfig";

const HOST = "https://wandb.example.com";
const GROUP_ID = "11111111-2222-3333-4444-555555555555";

/** The base stack of each IdP, valid without teams. */
const STACKS: Record<IdpName, Record<string, string>> = {
    cognito: { cognito: JSON.stringify({ domainPrefix: "wandb-example" }) },
    okta: { okta: JSON.stringify({ orgUrl: "https://acme.okta.com", authorizationServerId: "default" }) },
    entra: { entra: JSON.stringify({ tenantId: GROUP_ID }) },
    auth0: { auth0: JSON.stringify({ domain: "acme.us.auth0.com" }) },
    keycloak: { keycloak: JSON.stringify({ url: "https://keycloak.example.com", realm: "acme" }) },
    existing: { existing: JSON.stringify({ issuer: "https://idp.example.com", clientId: "wandb" }) },
};
const stack = (idp: IdpName, extra: Record<string, string> = {}) => ({ host: HOST, idp, ...STACKS[idp], ...extra });
const GOOGLE = {
    existing: JSON.stringify({ issuer: "https://accounts.google.com", clientId: "1234-abc.apps.googleusercontent.com" }),
    authMethod: "implicit",
};

describe("teams: the setting", () => {
    it("wandb-sso:teams takes true, false or a list of group names (teams on, with that filter)", () => {
        assert.deepEqual(parseTeamsKey(undefined), { value: { teams: false } });
        assert.deepEqual(parseTeamsKey("true"), { value: { teams: true } });
        assert.deepEqual(parseTeamsKey("false"), { value: { teams: false } });
        assert.deepEqual(parseTeamsKey('["ml-research","vision"]'), { value: { teams: true, teamGroups: ["ml-research", "vision"] } });
        assert.match((parseTeamsKey("yes") as { fix: string }).fix, /^use true .*, false, or a list of the groups/);
        assert.match((parseTeamsKey("[]") as { fix: string }).fix, /use a list of the group names/);
        assert.match((parseTeamsKey('["a","a"]') as { fix: string }).fix, /"a" is listed twice/);
        assert.match((parseTeamsKey('[" a"]') as { fix: string }).fix, /remove the spaces/);
    });

    it("the components' teamGroups without teams is a mistake naming both arguments", () => {
        const problems = new Problems();
        assert.equal(readTeams({ teamGroups: ["a"] }, problems, asArgument), undefined);
        assert.deepEqual(problems.list, [
            {
                setting: "teamGroups",
                value: ["a"],
                fix: "a teams filter does nothing while teams are off: set teams to true, or remove it",
            },
        ]);
        assert.deepEqual(knownTeams({ teams: true, teamGroups: ["a"] }), { teams: true, teamGroups: ["a"] });
    });

    it("turns W&B's group claims on and reaches the IdP's settings", () => {
        const config = readStackConfig(raw(stack("keycloak", { teams: "true" })));
        assert.deepEqual(config.teams, { teams: true });
        assert.deepEqual(IDPS.keycloak.groupsClaim(config.idp.settings as never, config.teams), { name: "groups", values: "names" });
    });
});

describe("teams: consistency of W&B's group claims with the IdP app (before anything is registered)", () => {
    const wandb = (fields: object) => ({ wandb: JSON.stringify(fields) });

    it("refuses wandb-sso:wandb.groupClaims alone with an IdP app that sends no team names, naming both settings", () => {
        assert.deepEqual(problemsOf(stack("cognito", wandb({ groupClaims: true }))), [
            "wandb-sso:wandb.groupClaims = true: W&B would map teams from the ID token's groups claim, but the cognito app sends no groups claim: set wandb-sso:teams to true instead (it sets up the cognito app to send team names and turns this on), or remove groupClaims",
        ]);
        const entra = { entra: JSON.stringify({ tenantId: GROUP_ID, groupMembershipClaims: ["SecurityGroup"] }) };
        assert.deepEqual(problemsOf(stack("entra", { ...entra, ...wandb({ groupClaims: true }) })), [
            "wandb-sso:wandb.groupClaims = true: W&B would map teams from the ID token's groups claim, but the entra app sends group object IDs, which W&B cannot match with team names: set wandb-sso:teams to true instead (it sets up the entra app to send team names and turns this on), or remove groupClaims",
        ]);
        const keycloak = { keycloak: JSON.stringify({ url: "https://keycloak.example.com", realm: "acme", groupsClaim: "roles" }) };
        assert.match(
            problemsOf(stack("keycloak", { ...keycloak, ...wandb({ groupClaims: true }) }))[0]!,
            /sends its groups as the "roles" claim, not groups/,
        );
        assert.match(
            problemsOf(stack("auth0", wandb({ groupClaims: true })))[0]!,
            /^wandb-sso:wandb.groupClaims = true: .* the auth0 app sends no groups claim/,
        );
        assert.match(
            problemsOf({ host: HOST, idp: "existing", ...GOOGLE, ...wandb({ groupClaims: true }) })[0]!,
            /the existing app sends no groups claim/,
        );
    });

    it("accepts it where the IdP app already sends team names, or is an app made by hand", () => {
        const keycloak = { keycloak: JSON.stringify({ url: "https://keycloak.example.com", realm: "acme", groupsClaim: true }) };
        assert.equal(readStackConfig(raw(stack("keycloak", { ...keycloak, ...wandb({ groupClaims: true }) }))).wandb.groupClaims, true);
        const okta = { okta: JSON.stringify({ orgUrl: "https://acme.okta.com", authorizationServerId: "default", groupsClaim: true }) };
        assert.equal(readStackConfig(raw(stack("okta", { ...okta, ...wandb({ groupClaims: true }) }))).wandb.groupClaims, true);
        assert.equal(readStackConfig(raw(stack("existing", wandb({ groupClaims: true })))).wandb.groupClaims, true);
        // An existing Cognito pool: a trigger attached by hand may send groups (teams refuses it, saying so).
        const pool = { cognito: JSON.stringify({ userPoolId: "us-west-2_Pool1" }) };
        assert.equal(readStackConfig(raw(stack("cognito", { ...pool, ...wandb({ groupClaims: true }) }))).wandb.groupClaims, true);
    });

    it("refuses groupClaims false with teams on (a contradiction)", () => {
        assert.deepEqual(problemsOf(stack("keycloak", { teams: "true", ...wandb({ groupClaims: false }) })), [
            "wandb-sso:wandb.groupClaims = false: contradicts wandb-sso:teams, which turns W&B's group claims on: remove groupClaims, or turn wandb-sso:teams off",
        ]);
    });

    it("is a ConfigError of the stack: nothing is registered", () => {
        assert.throws(
            () => readStackConfig(raw(stack("cognito", wandb({ groupClaims: true }))), "dev"),
            (e: unknown) => e instanceof ConfigError && e.message.startsWith('wandb-sso stack "dev": 1 problem; nothing was registered.'),
        );
    });
});

describe("teams: per IdP", () => {
    it("Okta: needs a custom authorization server; the claim is `groups`; one filter", () => {
        const org = { okta: JSON.stringify({ orgUrl: "https://acme.okta.com" }) };
        assert.deepEqual(problemsOf(stack("okta", { ...org, teams: "true" })), [
            "wandb-sso:teams = true: Okta sends a groups claim W&B can rely on only from a custom authorization server (the org server's app-level groups claim is deprecated in @pulumi/okta 7 and silently skipped unless the provider uses an SSWS API token): set wandb-sso:okta.authorizationServerId (e.g. default; it needs API Access Management), or turn teams off",
        ]);
        const named = {
            okta: JSON.stringify({ orgUrl: "https://acme.okta.com", authorizationServerId: "default", groupsClaim: { name: "teams" } }),
        };
        assert.deepEqual(problemsOf(stack("okta", { ...named, teams: "true" })), [
            'wandb-sso:okta.groupsClaim.name = "teams": W&B reads team names from the groups claim: use groups (or leave the name unset) while teams are on',
        ]);
        const regex = {
            okta: JSON.stringify({
                orgUrl: "https://acme.okta.com",
                authorizationServerId: "default",
                groupsClaim: { filterRegex: "wandb-.*" },
            }),
        };
        assert.deepEqual(problemsOf(stack("okta", { ...regex, teams: '["a"]' })), [
            'wandb-sso:okta.groupsClaim.filterRegex = "wandb-.*": the teams filter is given twice (also wandb-sso:teams): keep one of them',
        ]);
    });

    it("Okta: the teams filter is an exact-names regular expression", () => {
        const regex = new RegExp(exactNamesRegex(["ml.research", "a|b", "vision"]));
        assert.equal(exactNamesRegex(["ml.research", "vision"]), "^(?:ml\\.research|vision)$");
        for (const name of ["ml.research", "a|b", "vision"]) assert.ok(regex.test(name), name);
        for (const name of ["mlXresearch", "a", "vision-2", "xvision"]) assert.ok(!regex.test(name), name);
    });

    it("Okta: warns of the implicit flow's 100-group cap, steering to a filter or pkce", () => {
        assert.equal(oktaTeamsWarning("pkce", { name: "groups", filterRegex: ".*" }), undefined);
        // A filter of exact names matches at most that many groups.
        assert.equal(oktaTeamsWarning("implicit", { name: "groups", filterRegex: "^(?:a|b)$" }, ["a", "b"]), undefined);
        assert.equal(
            oktaTeamsWarning("implicit", { name: "groups", filterRegex: ".*" }),
            'Okta refuses the implicit-flow login of a user whose groups claim matches more than 100 groups (filter ".*"): narrow it with teamGroups (or groupsClaim.filterRegex) to the groups that are W&B teams, or use authMethod pkce, which has no such cap',
        );
    });

    it("Entra: names of the assigned groups; other groupMembershipClaims, a name filter and a bad name source refused", () => {
        const entra = (fields: object) => ({ entra: JSON.stringify({ tenantId: GROUP_ID, ...fields }) });
        assert.deepEqual(
            problemsOf(
                stack("entra", { ...entra({ groupMembershipClaims: ["SecurityGroup"], groupNameSource: "displayName" }), teams: '["a"]' }),
            ),
            [
                'wandb-sso:teams = ["a"]: Entra assigns groups to the app by object ID, and the claim lists the assigned groups: list their object IDs in wandb-sso:entra.teamGroupIds instead',
                'wandb-sso:entra.groupMembershipClaims = ["SecurityGroup"]: with teams, Entra must send the names of the groups assigned to the app (["ApplicationGroup"], which wandb-sso sets); other values send object IDs W&B cannot match with teams, and past 200 groups no claim at all: remove it',
                'wandb-sso:entra.groupNameSource = "displayName": use cloud_displayname (the display names of cloud groups, the default) or sam_account_name (groups synced from an on-premises directory)',
            ],
        );
        assert.deepEqual(problemsOf(stack("entra", entra({ teamGroupIds: [GROUP_ID] }))), [
            `wandb-sso:entra.teamGroupIds = ["${GROUP_ID}"]: applies only with teams on: set wandb-sso:teams to true, or remove it`,
        ]);
        assert.deepEqual(problemsOf(stack("entra", { ...entra({ teamGroupIds: ["ml-research"] }), teams: "true" })), [
            `wandb-sso:entra.teamGroupIds[0] = "ml-research": a group's Object ID is a GUID (Entra admin center > Groups > the group > Overview), not its name`,
        ]);
        const config = readStackConfig(
            raw(
                stack("entra", {
                    ...entra({ groupNameSource: "sam_account_name", teamGroupIds: [GROUP_ID.toUpperCase()] }),
                    teams: "true",
                }),
            ),
        );
        assert.deepEqual(config.idp.settings, {
            displayName: "Weights & Biases",
            tenantId: GROUP_ID,
            secretRotationDays: 180,
            signInAudience: "AzureADMyOrg",
            assignmentRequired: false,
            groupNameSource: "sam_account_name",
            teamGroupIds: [GROUP_ID],
        });
    });

    it("Keycloak: the claim is `groups`; there is no filter", () => {
        const keycloak = { keycloak: JSON.stringify({ url: "https://keycloak.example.com", realm: "acme", groupsClaim: "roles" }) };
        assert.deepEqual(problemsOf(stack("keycloak", { ...keycloak, teams: '["a"]' })), [
            'wandb-sso:keycloak.groupsClaim = "roles": W&B reads team names from the groups claim: set it to true (or groups), or leave it unset, while teams are on',
            'wandb-sso:teams = ["a"]: Keycloak\'s group membership mapper has no filter (it sends every group of the user): remove the teams filter (teams on without a list), and keep the groups that are W&B teams apart in Keycloak (e.g. as subgroups of one parent: the mapper sends their names without the path)',
        ]);
    });

    it("Cognito: an existing pool is refused with what to attach by hand", () => {
        const pool = { cognito: JSON.stringify({ userPoolId: "us-west-2_Pool1" }) };
        const [problem] = problemsOf(stack("cognito", { ...pool, teams: "true" }));
        assert.match(
            problem!,
            /^wandb-sso:teams = true: Cognito's ID token carries cognito:groups, not groups, and the pre token generation trigger .* \(wandb-sso:cognito.userPoolId\): attach such a Lambda to the pool yourself \(docs\/teams.md has its code: a V2_0 event.*\) and set wandb-sso:wandb.groupClaims to true instead of teams/,
        );
    });

    it("Auth0 is refused: groups is a restricted claim", () => {
        assert.deepEqual(problemsOf(stack("auth0", { teams: "true" })), [
            "wandb-sso:teams = true: Auth0 cannot send W&B's groups claim: groups is one of Auth0's restricted claims (Auth0 docs, Create Custom Claims), which an Action cannot add (it is silently left out of the token), and W&B reads team names from exactly groups: turn teams off and manage team membership in W&B",
        ]);
    });

    it("existing: Google is refused (no groups in its tokens); another app is accepted, without a filter", () => {
        assert.deepEqual(problemsOf({ host: HOST, idp: "existing", ...GOOGLE, teams: "true" }), [
            "wandb-sso:teams = true: Google's ID tokens carry no groups claim (Google Workspace groups are not in Google's OIDC tokens, and no setting adds them), so W&B would receive no teams: turn teams off and manage team membership in W&B",
        ]);
        assert.equal(readStackConfig(raw(stack("existing", { teams: "true" }))).teams.teams, true);
        assert.match(
            problemsOf(stack("existing", { teams: '["a"]' }))[0]!,
            /^wandb-sso:teams = \["a"\]: an app registered by hand is not changed by wandb-sso/,
        );
    });
});

describe("teams: the Cognito trigger's code", () => {
    type Event = { request: { groupConfiguration: { groupsToOverride: string[] } }; response: Record<string, unknown> };
    function run(code: string, groups: string[]): Promise<Event> {
        const module = { exports: {} as { handler?: (event: Event) => Promise<Event> } };
        // In a context of its own, as Lambda's Node.js runtime loads a CommonJS handler.
        runInNewContext(code, { exports: module.exports, module });
        const event: Event = {
            request: { groupConfiguration: { groupsToOverride: groups } },
            response: { claimsAndScopeOverrideDetails: null },
        };
        // Back to this realm's objects (as Lambda serialises the response), for deepEqual.
        return module.exports.handler!(event).then((result) => JSON.parse(JSON.stringify(result)) as Event);
    }

    it("copies every Cognito group into the ID token's groups claim (a V2_0 response)", async () => {
        const event = await run(cognitoTeamsLambdaCode(), ["ml-research", "vision"]);
        assert.deepEqual(event.response, {
            claimsAndScopeOverrideDetails: { idTokenGeneration: { claimsToAddOrOverride: { groups: ["ml-research", "vision"] } } },
        });
    });

    it("with a filter, only the groups that are W&B teams; none gives an empty list", async () => {
        const code = cognitoTeamsLambdaCode(["vision", 'q"uote']);
        assert.match(code, /^const TEAMS = \["vision","q\\"uote"\];$/m);
        const filtered = await run(code, ["admins", "vision", 'q"uote']);
        assert.deepEqual((filtered.response.claimsAndScopeOverrideDetails as any).idTokenGeneration.claimsToAddOrOverride.groups, [
            "vision",
            'q"uote',
        ]);
        const none = await run(code, []);
        assert.deepEqual((none.response.claimsAndScopeOverrideDetails as any).idTokenGeneration.claimsToAddOrOverride.groups, []);
    });
});

describe("identifier claims (GORILLA_USE_IDENTIFIER_CLAIMS)", () => {
    const on = { wandb: JSON.stringify({ identifierClaims: true }) };
    it("is refused for Entra (preferred_username is the UPN) and Google (no preferred_username)", () => {
        assert.deepEqual(problemsOf(stack("entra", on)), [
            "wandb-sso:wandb.identifierClaims = true: Entra's preferred_username is the user's UPN (name@domain), which W&B refuses as a username (letters, digits, _ and - only), and Entra cannot send another value in it: leave identifierClaims off",
        ]);
        assert.match(
            problemsOf({ host: HOST, idp: "existing", ...GOOGLE, ...on })[0]!,
            /^wandb-sso:wandb.identifierClaims = true: Google's ID tokens carry no preferred_username/,
        );
    });

    it("is a warning for the others, with what to map where the IdP allows", () => {
        for (const idp of ["okta", "cognito", "keycloak", "auth0", "existing"] as const) {
            const config = raw(stack(idp, on));
            assert.equal(readStackConfig(config).wandb.identifierClaims, true);
            const warnings = configWarnings(config, readStackConfig(config)).filter((w) =>
                w.startsWith("wandb-sso:wandb.identifierClaims: "),
            );
            assert.equal(warnings.length, 1, idp);
        }
        const warningsOf = (r: ReturnType<typeof raw>) => configWarnings(r, readStackConfig(r));
        assert.match(warningsOf(raw(stack("okta", on)))[0]!, /Application username format .* String.substringBefore\(user.login, "@"\)/);
        assert.deepEqual(warningsOf(raw(stack("okta"))), []);
    });
});

describe("teams: with teams on, every IdP sends a names-only groups claim or refuses (property)", () => {
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    const names = fc.uniqueArray(fc.constantFrom("ml-research", "vision", "a.b", "x|y"), { minLength: 1 });
    const ARGS: Record<IdpName, fc.Arbitrary<Record<string, unknown>>> = {
        okta: fc.record({
            orgUrl: fc.constant("https://acme.okta.com"),
            authorizationServerId: maybe(fc.constant("default")),
            groupsClaim: maybe(fc.constantFrom<unknown>(true, false, { name: "groups" }, { name: "teams" }, { filterRegex: "wandb-.*" })),
        }),
        entra: fc.record({
            tenantId: fc.constant(GROUP_ID),
            groupMembershipClaims: maybe(fc.constantFrom(["SecurityGroup"], ["ApplicationGroup"], ["All"], ["None"])),
            groupNameSource: maybe(fc.constantFrom("cloud_displayname", "sam_account_name", "displayName")),
            teamGroupIds: maybe(fc.constant([GROUP_ID])),
        }),
        keycloak: fc.record({
            url: fc.constant("https://keycloak.example.com"),
            realm: fc.constant("acme"),
            groupsClaim: maybe(fc.constantFrom<unknown>(true, false, "groups", "roles")),
        }),
        cognito: fc.record({ userPoolId: maybe(fc.constant("us-west-2_Pool1")), domainPrefix: fc.constant("wandb-example") }),
        auth0: fc.record({ domain: fc.constant("acme.us.auth0.com") }),
        existing: fc.constantFrom(
            { issuer: "https://idp.example.com", clientId: "wandb" },
            { issuer: "https://accounts.google.com", clientId: "1234-abc.apps.googleusercontent.com" },
        ),
    };

    for (const idp of IDP_NAMES) {
        it(idp, () => {
            fc.assert(
                fc.property(ARGS[idp], maybe(names), fc.constantFrom("pkce", "implicit"), (idpArgs, teamGroups, authMethod) => {
                    const args = { ...idpArgs, authMethod, teams: true, ...(teamGroups !== undefined && { teamGroups }) };
                    const problems = new Problems();
                    const check = IDPS[idp].check as (a: object, p: Problems, at: typeof asArgument) => object | undefined;
                    const settings = check(args, problems, asArgument);
                    if (problems.list.length > 0 || settings === undefined) return;
                    const sent = (IDPS[idp].groupsClaim as (s: object, t: object) => ReturnType<typeof IDPS.okta.groupsClaim>)(
                        settings,
                        knownTeams(args),
                    );
                    // An app registered by hand is accepted (with a warning): only its admin knows what it sends.
                    if (idp === "existing") assert.deepEqual(sent, { name: "groups", values: "unknown" });
                    else assert.ok(sendsTeamNames(sent), `${idp} ${JSON.stringify(args)} -> ${JSON.stringify(sent)}`);
                }),
                { numRuns: 200 },
            );
        });
    }
});
