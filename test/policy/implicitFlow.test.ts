import { strict as assert } from "node:assert";
import { implicitFlow } from "../../policy/policies";
import { messagesOf, runPolicies, type EngineResource } from "./engine";
import { KNOWN_AFTER_APPLY } from "./engineValues";
import { auth0Client, cognitoClient, configMap, entraApp, keycloakClient, oktaApp, plain, wandbV1, workload } from "./fixtures";

const NAME = "wandb-sso-pkce-not-implicit";

async function messages(r: EngineResource): Promise<string[]> {
    const result = await runPolicies([implicitFlow], [r]);
    assert.deepEqual(result.cantRun, []);
    return messagesOf(result, NAME);
}

describe("policy wandb-sso-pkce-not-implicit", () => {
    it("flags W&B's implicit auth method as advisory, with the fix", async () => {
        const result = await runPolicies([implicitFlow], [configMap({ OIDC_AUTH_METHOD: "implicit" })]);
        assert.deepEqual(
            result.violations.map((v) => [v.level, v.message]),
            [
                [
                    "advisory",
                    'kubernetes:core/v1:ConfigMap "wandb-oidc": data.OIDC_AUTH_METHOD is "implicit"; set it to "pkce" (authorization code with PKCE), ' +
                        "which Cognito, Okta, Entra ID, Auth0 and Keycloak all support, so that the ID token no longer travels through the browser.",
                ],
            ],
        );
    });

    it("reads the auth method wherever W&B takes it, and passes pkce", async () => {
        assert.match(
            (await messages(workload([plain("GORILLA_AUTH_METHOD", "implicit")])))[0]!,
            /env\[1\] \(GORILLA_AUTH_METHOD\) is "implicit"/,
        );
        assert.match(
            (await messages(wandbV1({ authMethod: "Implicit" })))[0]!,
            /spec\.values\.global\.auth\.oidc\.authMethod is "Implicit"/,
        );
        assert.deepEqual(await messages(configMap({ OIDC_AUTH_METHOD: "pkce" })), []);
        assert.deepEqual(await messages(wandbV1()), []);
    });

    it("flags an IdP app that allows only the implicit flow, naming what to allow", async () => {
        assert.deepEqual(await messages(auth0Client({ grantTypes: ["implicit"] })), [
            'auth0:index/client:Client "wandb-auth0": grantTypes ["implicit"] allows only the implicit flow; ' +
                'add "authorization_code" (Auth0 supports PKCE), and set W&B\'s OIDC_AUTH_METHOD to "pkce".',
        ]);
        assert.match(
            (await messages(oktaApp({ grantTypes: ["implicit"] })))[0]!,
            /grantTypes \["implicit"\] allows only the implicit flow; add "authorization_code"/,
        );
        assert.match(
            (await messages(cognitoClient({ allowedOauthFlows: ["implicit"] })))[0]!,
            /allowedOauthFlows \["implicit"\] allows only .* add "code"/,
        );
        // Keycloak's standardFlowEnabled defaults to false.
        for (const standard of [false, undefined]) {
            const props =
                standard === undefined
                    ? { implicitFlowEnabled: true, standardFlowEnabled: null }
                    : { implicitFlowEnabled: true, standardFlowEnabled: false };
            assert.match(
                (await messages(keycloakClient(props)))[0]!,
                /implicitFlowEnabled true with standardFlowEnabled off allows only the implicit flow/,
            );
        }
    });

    it("passes apps that also allow the authorization code flow (Okta's SPA with both), and Entra apps", async () => {
        assert.deepEqual(await messages(oktaApp({ grantTypes: ["authorization_code", "implicit"] })), []);
        assert.deepEqual(await messages(cognitoClient({ allowedOauthFlows: ["code", "implicit"] })), []);
        assert.deepEqual(await messages(keycloakClient({ implicitFlowEnabled: true, standardFlowEnabled: true })), []);
        // An Entra web app always allows the code flow; implicitGrant only adds the implicit one.
        assert.deepEqual(
            await messages(
                entraApp({
                    web: { redirectUris: ["https://wandb.example.com/oidc/callback"], implicitGrant: { idTokenIssuanceEnabled: true } },
                }),
            ),
            [],
        );
    });

    it("never flags an unknown value", async () => {
        assert.deepEqual(await messages(configMap({ OIDC_AUTH_METHOD: KNOWN_AFTER_APPLY })), []);
        assert.deepEqual(await messages(auth0Client({ grantTypes: [KNOWN_AFTER_APPLY, "implicit"] })), []);
        assert.deepEqual(await messages(auth0Client({ grantTypes: KNOWN_AFTER_APPLY })), []);
    });
});
