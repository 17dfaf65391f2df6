import { strict as assert } from "node:assert";
import { teamClaims } from "../../policy/policies";
import { runPolicies, urnOf, type EngineResource } from "./engine";
import { KNOWN_AFTER_APPLY } from "./engineValues";
import { auth0Client, cognitoClient, configMap, entraApp, keycloakClient, oktaApp, resource, wandbV1 } from "./fixtures";

const NAME = "wandb-sso-team-claims";
const ON = { GORILLA_ENABLE_SSO_GROUP_CLAIMS: "true" };
const serverClaim = (props: Record<string, string | boolean> = {}) =>
    resource("okta:auth/serverClaim:ServerClaim", "wandb-groups-claim", {
        authServerId: "default",
        name: "groups",
        claimType: "IDENTITY",
        valueType: "GROUPS",
        groupFilterType: "REGEX",
        value: ".*",
        ...props,
    });
const mapper = (props: Record<string, string | boolean> = {}) =>
    resource("keycloak:openid/groupMembershipProtocolMapper:GroupMembershipProtocolMapper", "wandb-groups", {
        realmId: "acme",
        clientId: "client-uuid",
        name: "groups",
        claimName: "groups",
        ...props,
    });
const pool = (props: Record<string, unknown> = {}) => resource("aws:cognito/userPool:UserPool", "wandb-pool", props as never);

async function run(resources: EngineResource[]) {
    const result = await runPolicies([teamClaims], resources);
    assert.deepEqual(result.cantRun, []);
    return result;
}

describe("policy wandb-sso-team-claims (stack)", () => {
    it("passes where the app sends groups as names", async () => {
        assert.deepEqual((await run([oktaApp(), serverClaim(), configMap(ON)])).violations, []);
        assert.deepEqual((await run([keycloakClient(), mapper({ fullPath: false }), configMap(ON)])).violations, []);
        const names = entraApp({
            groupMembershipClaims: ["ApplicationGroup"],
            optionalClaims: { idTokens: [{ name: "email" }, { name: "groups", additionalProperties: ["cloud_displayname"] }] },
        });
        assert.deepEqual((await run([names, configMap(ON)])).violations, []);
        const trigger = pool({
            lambdaConfig: { preTokenGenerationConfig: { lambdaArn: "arn:aws:lambda:us-west-2:1:function:f", lambdaVersion: "V2_0" } },
        });
        assert.deepEqual((await run([cognitoClient(), trigger, configMap(ON)])).violations, []);
    });

    it("flags group claims on with an Entra app that sends object IDs, advisory, on W&B's resource", async () => {
        const result = await run([
            entraApp({ groupMembershipClaims: ["SecurityGroup"] }),
            configMap({ GORILLA_ENABLE_SSO_GROUPS_CLAIMS: "true" }),
        ]);
        assert.deepEqual(result.violations, [
            {
                policy: NAME,
                level: "advisory",
                message:
                    'kubernetes:core/v1:ConfigMap "wandb-oidc": data.GORILLA_ENABLE_SSO_GROUPS_CLAIMS turns W&B\'s team mapping on, but no W&B app registration in this stack sends a groups claim of plain group names ' +
                    '(azuread:index/application:Application "wandb-entra": groupMembershipClaims ["SecurityGroup"] without the groups optional claim\'s cloud_displayname or sam_account_name sends group object IDs, which W&B cannot match with team names), ' +
                    "so teams never fill: configure the app to send groups as names (wandb-sso:teams does, where the IdP can), or turn group claims off.",
                urn: urnOf("kubernetes:core/v1:ConfigMap", "wandb-oidc"),
            },
        ]);
    });

    it("flags no groups claim (Okta, Entra, Cognito, Auth0) and Keycloak's /paths", async () => {
        const why = async (resources: EngineResource[]) =>
            (await run(resources)).violations.map((v) => /\((.*)\), so teams/.exec(v.message)![1]);
        assert.deepEqual(await why([oktaApp(), configMap(ON)]), [
            'okta:app/oAuth:OAuth "wandb-okta": no groups claim on an authorization server in this stack (okta:auth/serverClaim:ServerClaim named groups, valueType GROUPS)',
        ]);
        assert.deepEqual(await why([entraApp(), configMap(ON)]), [
            'azuread:index/application:Application "wandb-entra": groupMembershipClaims is not set, so Entra sends no groups claim',
        ]);
        assert.match((await why([cognitoClient(), pool(), configMap(ON)]))[0]!, /cognito:groups, not groups/);
        assert.match((await why([auth0Client(), wandbV1({}, ON)]))[0]!, /restricted claims/);
        assert.match((await why([keycloakClient(), mapper(), configMap(ON)]))[0]!, /sends full paths .*set fullPath to false/);
        assert.match((await why([keycloakClient(), configMap(ON)]))[0]!, /no group membership mapper with claim name groups/);
    });

    it("does not flag what it cannot see: an existing pool, an unknown value, an Okta expression claim; nor group claims off", async () => {
        assert.deepEqual((await run([cognitoClient(), configMap(ON)])).violations, []);
        assert.deepEqual((await run([entraApp({ groupMembershipClaims: KNOWN_AFTER_APPLY }), configMap(ON)])).violations, []);
        assert.deepEqual((await run([oktaApp(), serverClaim({ valueType: "EXPRESSION" }), configMap(ON)])).violations, []);
        assert.deepEqual((await run([entraApp(), configMap({ GORILLA_ENABLE_SSO_GROUP_CLAIMS: "false" })])).violations, []);
        const result = await run([entraApp(), configMap()]);
        assert.deepEqual(result.violations, []);
        assert.deepEqual(result.notApplicable, [
            `${NAME}: the stack does not hold both W&B's group claims and an IdP app registration for W&B`,
        ]);
    });
});
