import { strict as assert } from "node:assert";
import { agreement } from "../../policy/policies";
import { runPolicies, urnOf, type EngineResource } from "./engine";
import { KNOWN_AFTER_APPLY } from "./engineValues";
import { cognitoClient, configMap, entraApp, keycloakClient, oktaApp, wandbV1 } from "./fixtures";

const NAME = "wandb-sso-client-agreement";
const COGNITO_ISSUER = "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Ab1";
const TENANT = "3f2b6a1c-8d4e-4b7a-9c5d-2e1f0a9b8c7d";

async function run(resources: EngineResource[]) {
    const result = await runPolicies([agreement], resources);
    assert.deepEqual(result.cantRun, []);
    return result;
}

describe("policy wandb-sso-client-agreement (stack)", () => {
    it("passes when W&B has the app's client ID and issuer", async () => {
        const keycloak = configMap({ OIDC_CLIENT_ID: "wandb", OIDC_ISSUER: "https://keycloak.example.com/realms/acme" });
        assert.deepEqual((await run([keycloakClient(), keycloak])).violations, []);
        const cognito = configMap({ OIDC_CLIENT_ID: "anything", OIDC_ISSUER: COGNITO_ISSUER });
        assert.deepEqual((await run([cognitoClient(), cognito])).violations, []);
    });

    it("flags W&B's client ID when no W&B app in the stack has it, advisory, on W&B's resource", async () => {
        const result = await run([
            keycloakClient(),
            configMap({ OIDC_CLIENT_ID: "wandb-old", OIDC_ISSUER: "https://keycloak.example.com/realms/acme" }),
        ]);
        assert.deepEqual(result.violations, [
            {
                policy: NAME,
                level: "advisory",
                message:
                    'kubernetes:core/v1:ConfigMap "wandb-oidc": data.OIDC_CLIENT_ID is "wandb-old", but no W&B app registration in this stack has that client ID ' +
                    '(keycloak:openid/client:Client "wandb-keycloak" has "wandb"); ' +
                    "set it to the app's client ID, preferably from the app resource's clientId output rather than a copy.",
                urn: urnOf("kubernetes:core/v1:ConfigMap", "wandb-oidc"),
            },
        ]);
    });

    it("flags W&B's issuer when it is not the app's: Cognito's pool, Keycloak's realm, Entra's tenant", async () => {
        const other = await run([cognitoClient(), wandbV1({ issuer: "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Other" })]);
        assert.deepEqual(
            other.violations.map((v) => v.message),
            [
                'kubernetes:apps.wandb.com/v1:WeightsAndBiases "wandb-operator": spec.values.global.auth.oidc.issuer is "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Other", ' +
                    "but no W&B app registration in this stack is under that issuer " +
                    '(aws:cognito/userPoolClient:UserPoolClient "wandb-cognito" expects "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Ab1" (user pool us-west-2_Ab1)); ' +
                    "set it to the issuer of the app W&B signs in with.",
            ],
        );
        const realm = await run([
            keycloakClient(),
            configMap({ OIDC_CLIENT_ID: "wandb", OIDC_ISSUER: "https://keycloak.example.com/realms/master" }),
        ]);
        assert.match(realm.violations[0]!.message, /expects an issuer ending in \/realms\/acme/);

        const withTenant: EngineResource = { ...entraApp(), provider: { type: "azuread", name: "default", props: { tenantId: TENANT } } };
        const entraSide = (issuer: string) => configMap({ OIDC_CLIENT_ID: "11111111-2222-3333-4444-555555555555", OIDC_ISSUER: issuer });
        assert.deepEqual((await run([withTenant, entraSide(`https://login.microsoftonline.com/${TENANT}/v2.0`)])).violations, []);
        const wrongTenant = await run([
            withTenant,
            entraSide("https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0"),
        ]);
        assert.match(
            wrongTenant.violations[0]!.message,
            new RegExp(`expects "https://login.microsoftonline.com/${TENANT}/v2.0" \\(the provider's tenant\\)`),
        );
        const notEntra = await run([entraApp(), entraSide("https://acme.okta.com")]);
        assert.match(notEntra.violations[0]!.message, /expects an Entra ID issuer/);
    });

    it("accepts any of several W&B apps in the stack", async () => {
        const second = keycloakClient({ clientId: "wandb-staging" }, "wandb-staging");
        const side = configMap({ OIDC_CLIENT_ID: "wandb-staging", OIDC_ISSUER: "https://keycloak.example.com/realms/acme" });
        assert.deepEqual((await run([keycloakClient(), second, side])).violations, []);
    });

    it("checks nothing it cannot know: unknown client IDs, a Cognito client's ID, Okta's issuer", async () => {
        assert.deepEqual(
            (await run([oktaApp({ clientId: KNOWN_AFTER_APPLY }), configMap({ OIDC_CLIENT_ID: "0oa-other" })])).violations,
            [],
        );
        assert.deepEqual(
            (await run([keycloakClient(), configMap({ OIDC_CLIENT_ID: KNOWN_AFTER_APPLY, OIDC_ISSUER: KNOWN_AFTER_APPLY })])).violations,
            [],
        );
        assert.deepEqual(
            (await run([cognitoClient({ userPoolId: KNOWN_AFTER_APPLY }), configMap({ OIDC_ISSUER: "https://example.com" })])).violations,
            [],
        );
        // Okta's issuer depends on the org and authorization server, which the app does not hold.
        assert.deepEqual((await run([oktaApp(), configMap({ OIDC_ISSUER: "https://login.example.com/oauth2/default" })])).violations, []);
    });

    it("does not apply unless the stack holds both sides", async () => {
        for (const resources of [[configMap()], [oktaApp()]]) {
            const result = await run(resources);
            assert.deepEqual(result.violations, []);
            assert.deepEqual(result.notApplicable, [
                `${NAME}: the stack does not hold both W&B's SSO settings and an IdP app registration for W&B`,
            ]);
        }
    });
});
