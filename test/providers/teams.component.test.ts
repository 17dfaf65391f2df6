// Teams from the IdP (issue 20), under the mock runtime: the exact inputs each IdP component registers
// with teams on (claims, mappers, optional claims, the Cognito trigger's code and wiring), the
// refusals before anything is registered, and the stack program wiring both sides.
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import type * as OktaModule from "../../providers/okta";
import type * as EntraModule from "../../providers/entra";
import type * as KeycloakModule from "../../providers/keycloak";
import type * as CognitoModule from "../../providers/cognito";
import type * as Auth0Module from "../../providers/auth0";
import type * as ExistingModule from "../../providers/existing";
import type * as StackModule from "../../src/stack";
import type * as WandbModule from "../../src/wandb/wandbOidc";
import { cognitoTeamsLambdaCode, LAMBDA_ASSUME_ROLE_POLICY } from "../../providers/cognito/rules";
import { readStackConfig } from "../../src/config";
import { ConfigError } from "../../src/errors";
import { installMocks, registered, settle, type MockRuntime } from "../helpers/pulumiMocks";
import { raw } from "../helpers/stackConfig";

const HOST = "https://wandb.example.com";
const GROUP_A = "11111111-2222-3333-4444-555555555555";
const GROUP_B = "66666666-7777-8888-9999-000000000000";
const SP_OBJECT_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const FUNCTION_ARN = "arn:aws:lambda:us-west-2:123456789012:function:wandb-teams";
const POOL_ARN = "arn:aws:cognito-idp:us-west-2:123456789012:userpool/us-west-2_NewPool123";
const T = {
    oktaApp: "okta:app/oAuth:OAuth",
    serverClaim: "okta:auth/serverClaim:ServerClaim",
    application: "azuread:index/application:Application",
    servicePrincipal: "azuread:index/servicePrincipal:ServicePrincipal",
    password: "azuread:index/applicationPassword:ApplicationPassword",
    assignment: "azuread:index/appRoleAssignment:AppRoleAssignment",
    mapper: "keycloak:openid/groupMembershipProtocolMapper:GroupMembershipProtocolMapper",
    pool: "aws:cognito/userPool:UserPool",
    role: "aws:iam/role:Role",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    function: "aws:lambda/function:Function",
    permission: "aws:lambda/permission:Permission",
    group: "aws:cognito/userGroup:UserGroup",
    configMap: "kubernetes:core/v1:ConfigMap",
};

/** The text of one file of an asset archive, as the mock monitor receives it (the SDK's Asset objects hold promises). */
async function archiveText(code: unknown, file: string): Promise<string> {
    assert.ok(code instanceof pulumi.asset.AssetArchive, "the code is an asset archive");
    const assets = await (code as unknown as { assets: Promise<Record<string, unknown>> }).assets;
    assert.deepEqual(Object.keys(assets), [file]);
    const asset = assets[file];
    assert.ok(asset instanceof pulumi.asset.StringAsset, `${file} is a string asset`);
    return await (asset as unknown as { text: Promise<string> }).text;
}

describe("teams: the IdP components under mocks", () => {
    let mocks: MockRuntime;
    let okta: typeof OktaModule;
    let entra: typeof EntraModule;
    let keycloak: typeof KeycloakModule;
    let cognito: typeof CognitoModule;
    let auth0: typeof Auth0Module;
    let existing: typeof ExistingModule;
    let stack: typeof StackModule;
    let wandb: typeof WandbModule;
    before(async () => {
        mocks = await installMocks({
            outputs: {
                [T.oktaApp]: () => ({ id: "0oa1b2c3d4e5f6g7h8i9", clientId: "0oa1b2c3d4e5f6g7h8i9" }),
                [T.application]: () => ({ id: "/applications/app", clientId: "c0ffee00-1234-4abc-9def-0123456789ab" }),
                [T.servicePrincipal]: () => ({ objectId: SP_OBJECT_ID }),
                [T.password]: () => ({ value: "entra-secret" }),
                [T.function]: () => ({ arn: FUNCTION_ARN, name: "wandb-sso-teams-1a2b3c" }),
                [T.role]: () => ({ arn: "arn:aws:iam::123456789012:role/wandb-sso-teams-role", name: "wandb-sso-teams-role-1a2b" }),
                [T.pool]: () => ({
                    id: "us-west-2_NewPool123",
                    arn: POOL_ARN,
                    endpoint: "cognito-idp.us-west-2.amazonaws.com/us-west-2_NewPool123",
                }),
            },
            invokes: { "azuread:index/getClientConfig:getClientConfig": () => ({ tenantId: GROUP_A }) },
        });
        okta = await import("../../providers/okta/index.js");
        entra = await import("../../providers/entra/index.js");
        keycloak = await import("../../providers/keycloak/index.js");
        cognito = await import("../../providers/cognito/index.js");
        auth0 = await import("../../providers/auth0/index.js");
        existing = await import("../../providers/existing/index.js");
        stack = await import("../../src/stack.js");
        wandb = await import("../../src/wandb/wandbOidc.js");
    });
    beforeEach(() => mocks.reset());

    /** Waits for a component's outputs and its registrations. */
    async function done(app: { issuer: pulumi.Output<string>; clientId: pulumi.Output<string> }, count: number) {
        await settle(app.issuer, app.clientId);
        await registered(mocks, count);
    }

    it("Okta: a groups claim of group names on the custom authorization server, filtered to the teams' exact names", async () => {
        const app = new okta.OktaOidcApp("t", {
            host: HOST,
            orgUrl: "https://acme.okta.com",
            authorizationServerId: "default",
            teams: true,
            teamGroups: ["ml.research", "vision"],
        });
        await done(app, 3);
        assert.deepEqual(mocks.one(T.serverClaim).inputs, {
            authServerId: "default",
            name: "groups",
            claimType: "IDENTITY",
            valueType: "GROUPS",
            groupFilterType: "REGEX",
            value: "^(?:ml\\.research|vision)$",
            alwaysIncludeInToken: true,
        });
    });

    it("Okta: teams alone claims every group, or keeps the claim's own filter", async () => {
        await done(
            new okta.OktaOidcApp("t", { host: HOST, orgUrl: "https://acme.okta.com", authorizationServerId: "default", teams: true }),
            3,
        );
        assert.equal(mocks.one(T.serverClaim).inputs.value, ".*");
        mocks.reset();
        const args = {
            host: HOST,
            orgUrl: "https://acme.okta.com",
            authorizationServerId: "default",
            teams: true,
            groupsClaim: { filterRegex: "wandb-.*" },
        };
        await done(new okta.OktaOidcApp("t", args), 3);
        assert.deepEqual([mocks.one(T.serverClaim).inputs.name, mocks.one(T.serverClaim).inputs.value], ["groups", "wandb-.*"]);
    });

    it("Entra: ApplicationGroup, the groups optional claim with names, and the teams' groups assigned to the app", async () => {
        const app = new entra.EntraOidcApp("t", { host: HOST, teams: true, teamGroupIds: [GROUP_A, GROUP_B] });
        await done(app, 6);
        const inputs = mocks.one(T.application).inputs;
        assert.deepEqual(inputs.groupMembershipClaims, ["ApplicationGroup"]);
        assert.deepEqual(inputs.optionalClaims, {
            idTokens: [{ name: "email" }, { name: "groups", additionalProperties: ["cloud_displayname"] }],
        });
        assert.deepEqual(
            mocks.ofType(T.assignment).map((r) => [r.name, r.inputs]),
            [
                [
                    `t-team-${GROUP_A}`,
                    { appRoleId: "00000000-0000-0000-0000-000000000000", principalObjectId: GROUP_A, resourceObjectId: SP_OBJECT_ID },
                ],
                [
                    `t-team-${GROUP_B}`,
                    { appRoleId: "00000000-0000-0000-0000-000000000000", principalObjectId: GROUP_B, resourceObjectId: SP_OBJECT_ID },
                ],
            ],
        );
    });

    it("Entra: sam_account_name for groups synced from an on-premises directory", async () => {
        await done(new entra.EntraOidcApp("t", { host: HOST, teams: true, groupNameSource: entra.EntraGroupNameSource.SamAccountName }), 4);
        assert.deepEqual((mocks.one(T.application).inputs.optionalClaims as any).idTokens[1], {
            name: "groups",
            additionalProperties: ["sam_account_name"],
        });
        assert.equal(mocks.ofType(T.assignment).length, 0);
    });

    it("Keycloak: the group membership mapper, named groups, without full paths, even without groupsClaim", async () => {
        await done(new keycloak.KeycloakOidcApp("t", { host: HOST, url: "https://keycloak.example.com", realm: "acme", teams: true }), 3);
        const { clientId, ...mapper } = mocks.one(T.mapper).inputs;
        assert.ok(clientId !== undefined);
        assert.deepEqual(mapper, {
            realmId: "acme",
            name: "groups",
            claimName: "groups",
            fullPath: false,
            addToIdToken: true,
            addToAccessToken: false,
            addToUserinfo: true,
        });
    });

    it("Cognito: the pre token generation trigger (function, role, permission, the pool's trigger) and the teams' groups", async () => {
        const app = new cognito.CognitoOidcApp("t", {
            host: HOST,
            domainPrefix: "wandb-example",
            teams: true,
            teamGroups: ["ml-research", "vision"],
        });
        await done(app, 10);
        assert.deepEqual(mocks.one(T.role).inputs, { assumeRolePolicy: LAMBDA_ASSUME_ROLE_POLICY });
        assert.deepEqual(JSON.parse(LAMBDA_ASSUME_ROLE_POLICY).Statement, [
            { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
        ]);
        assert.deepEqual(mocks.one(T.attachment).inputs, {
            role: "wandb-sso-teams-role-1a2b",
            policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
        });
        const { code, ...fn } = mocks.one(T.function).inputs;
        assert.deepEqual(fn, {
            description: "wandb-sso: copies cognito:groups into the groups claim W&B maps to teams",
            runtime: "nodejs22.x",
            handler: "index.handler",
            role: "arn:aws:iam::123456789012:role/wandb-sso-teams-role",
            timeout: 5,
        });
        assert.equal(await archiveText(code, "index.js"), cognitoTeamsLambdaCode(["ml-research", "vision"]));
        const pool = mocks.one(T.pool).inputs;
        assert.deepEqual(pool.lambdaConfig, { preTokenGenerationConfig: { lambdaArn: FUNCTION_ARN, lambdaVersion: "V2_0" } });
        assert.equal(pool.userPoolTier, "ESSENTIALS");
        assert.deepEqual(mocks.one(T.permission).inputs, {
            action: "lambda:InvokeFunction",
            function: "wandb-sso-teams-1a2b3c",
            principal: "cognito-idp.amazonaws.com",
            sourceArn: POOL_ARN,
        });
        assert.deepEqual(
            mocks.ofType(T.group).map((r) => [r.name, r.inputs]),
            ["ml-research", "vision"].map((name) => [
                `t-team-${name}`,
                { userPoolId: "us-west-2_NewPool123", name, description: "A W&B team (wandb-sso: members get this team in W&B)" },
            ]),
        );
        assert.equal(await (app.teamsFunctionArn as unknown as { promise(): Promise<string> }).promise(), FUNCTION_ARN);
    });

    it("Cognito without teams: no trigger, no tier, no Lambda", async () => {
        await done(new cognito.CognitoOidcApp("t", { host: HOST, domainPrefix: "wandb-example" }), 4);
        const pool = mocks.one(T.pool).inputs;
        assert.equal(pool.lambdaConfig, undefined);
        assert.equal(pool.userPoolTier, undefined);
        assert.equal(mocks.resources.filter((r) => r.type.startsWith("aws:lambda") || r.type.startsWith("aws:iam")).length, 0);
    });

    describe("refuses before registering anything", () => {
        const cases: [string, () => unknown, RegExp][] = [
            [
                "Okta on the org authorization server",
                () => new okta.OktaOidcApp("t", { host: HOST, orgUrl: "https://acme.okta.com", teams: true }),
                /teams = true: Okta sends a groups claim W&B can rely on only from a custom authorization server/,
            ],
            [
                "Auth0",
                () => new auth0.Auth0OidcApp("t", { host: HOST, domain: "acme.us.auth0.com", teams: true }),
                /teams = true: Auth0 cannot send W&B's groups claim: groups is one of Auth0's restricted claims/,
            ],
            [
                "Google",
                () =>
                    new existing.ExistingOidcApp("t", {
                        host: HOST,
                        issuer: "https://accounts.google.com",
                        clientId: "1-a.apps.googleusercontent.com",
                        authMethod: "implicit",
                        teams: true,
                    }),
                /teams = true: Google's ID tokens carry no groups claim/,
            ],
            [
                "Cognito on an existing pool",
                () => new cognito.CognitoOidcApp("t", { host: HOST, userPoolId: "us-west-2_Pool1", teams: true }),
                /teams = true: Cognito's ID token carries cognito:groups, not groups/,
            ],
            [
                "Entra with a name filter",
                () => new entra.EntraOidcApp("t", { host: HOST, teams: true, teamGroups: ["ml-research"] }),
                /teamGroups = \["ml-research"\]: Entra assigns groups to the app by object ID/,
            ],
            [
                "a filter without teams",
                () =>
                    new keycloak.KeycloakOidcApp("t", {
                        host: HOST,
                        url: "https://keycloak.example.com",
                        realm: "acme",
                        teamGroups: ["a"],
                    }),
                /teamGroups = \["a"\]: a teams filter does nothing while teams are off/,
            ],
        ];
        for (const [what, create, message] of cases) {
            it(what, async () => {
                assert.throws(
                    create,
                    (e: unknown) => e instanceof ConfigError && message.test(e.message) && e.message.includes("nothing was registered"),
                );
                await new Promise((resolve) => setImmediate(resolve));
                assert.deepEqual(mocks.resources, []);
            });
        }
    });

    it("accepts an app made by hand (not Google) with teams: nothing to configure, a warning to make sure", async () => {
        const app = new existing.ExistingOidcApp("t", { host: HOST, issuer: "https://idp.example.com", clientId: "wandb", teams: true });
        await done(app, 1);
        assert.deepEqual(
            mocks.resources.map((r) => r.type),
            ["wandb-sso:index:ExistingOidcApp"],
        );
    });

    it("a program: WandbOidc.forClient of an IdP component with teams turns W&B's group claims on; false contradicts it", async () => {
        const app = new keycloak.KeycloakOidcApp("t", { host: HOST, url: "https://keycloak.example.com", realm: "acme", teams: true });
        const side = wandb.WandbOidc.forClient("w", app, { host: HOST, namespace: "wandb" });
        await settle(side.env);
        await registered(mocks, 6);
        assert.equal((mocks.one(T.configMap).inputs.data as Record<string, string>).GORILLA_ENABLE_SSO_GROUP_CLAIMS, "true");
        assert.throws(
            () => wandb.WandbOidc.forClient("w2", app, { host: HOST, groupClaims: false }),
            (e: unknown) =>
                e instanceof ConfigError &&
                e.message ===
                    'WandbOidc "w2": 1 problem; nothing was registered. Please fix:\n  - groupClaims = false: contradicts the IdP component\'s teams: true, which makes its app send team names for W&B to map: remove groupClaims (teams turns it on), or turn teams off',
        );
        mocks.reset();
        const plain = new keycloak.KeycloakOidcApp("p", { host: HOST, url: "https://keycloak.example.com", realm: "acme" });
        const off = wandb.WandbOidc.forClient("w3", plain, { host: HOST, namespace: "wandb" });
        await settle(off.env);
        await registered(mocks, 5);
        assert.equal((mocks.one(T.configMap).inputs.data as Record<string, string>).GORILLA_ENABLE_SSO_GROUP_CLAIMS, undefined);
    });

    it("the stack: wandb-sso:teams configures the IdP app and turns W&B's group claims on", async () => {
        const config = readStackConfig(
            raw({
                host: HOST,
                idp: "keycloak",
                keycloak: JSON.stringify({ url: "https://keycloak.example.com", realm: "acme" }),
                teams: "true",
                wandb: JSON.stringify({ namespace: "wandb" }),
            }),
        );
        const built = stack.buildStack(config);
        await settle(built.outputs.issuer, built.wandb.env);
        await registered(mocks, 6);
        assert.equal(mocks.one(T.mapper).inputs.claimName, "groups");
        assert.equal((mocks.one(T.configMap).inputs.data as Record<string, string>).GORILLA_ENABLE_SSO_GROUP_CLAIMS, "true");
        const env = await (built.wandb.env as unknown as { promise(): Promise<Record<string, string>> }).promise();
        assert.equal(env.GORILLA_ENABLE_SSO_GROUP_CLAIMS, "true");
        assert.equal(env.GORILLA_ENABLE_SSO_GROUPS_CLAIMS, "true");
    });
});
