import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../../src/problems";
import { WandbOidc } from "../../src/wandb/wandbOidc";
import { registered, valueOf, assertNotHeldOutside } from "../helpers/pulumiMocks";
import { CLIENT_ID, ISSUER, LABELS, PATCH_FORCE, SECRET_VALUE, T, client, mockedRuntime } from "../helpers/wandb";

const HOST = "https://wandb.example.com";
const CM = "w-oidc-abc123"; // the mock's ConfigMap name
const SECRET = "w-oidc-secret-def456"; // the mock's Secret name

const patchBody = (values: object) => ({
    apiVersion: "apps.wandb.com/v1",
    kind: "WeightsAndBiases",
    metadata: { name: "wandb", namespace: "wandb", annotations: PATCH_FORCE },
    spec: { values },
});

describe("WandbOidc, operator target (WeightsAndBiases patch)", () => {
    const runtime = mockedRuntime();

    it("patches only the OIDC values: client ID, issuer and auth method as plain strings, CORS in extraEnv", async () => {
        const wandb = new WandbOidc("w", { client: client(), host: HOST, target: "operator", namespace: "wandb", name: "wandb" });
        await registered(runtime.mocks, 3);
        // The patch does not wait for the ConfigMap here (plain values), so the order may vary.
        assert.deepEqual(runtime.mocks.resources.map((r) => `${r.type} ${r.name}`).sort(), [
            `${T.operatorPatch} w-operator`,
            `${T.configMap} w-oidc`,
            `${T.component} w`,
        ]);
        assert.deepEqual(
            runtime.mocks.one(T.operatorPatch).inputs,
            patchBody({
                global: {
                    auth: { oidc: { clientId: CLIENT_ID, issuer: ISSUER, authMethod: "pkce" } },
                    extraEnv: { GORILLA_CORS_ORIGINS: `${HOST},null` },
                },
            }),
        );
        // The ConfigMap is the same immutable object as for the deployment target.
        assert.deepEqual(runtime.mocks.one(T.configMap).inputs, {
            apiVersion: "v1",
            kind: "ConfigMap",
            immutable: true,
            metadata: { namespace: "wandb", labels: LABELS },
            data: { OIDC_CLIENT_ID: CLIENT_ID, OIDC_ISSUER: ISSUER, OIDC_AUTH_METHOD: "pkce", GORILLA_CORS_ORIGINS: `${HOST},null` },
        });
        assert.equal(wandb.target, "operator");
        assert.deepEqual(await valueOf(wandb.chartValues!), (runtime.mocks.one(T.operatorPatch).inputs.spec as any).values);
        assert.equal(runtime.mocks.ofType(T.deploymentPatch).length, 0);
        assert.match(
            runtime.logs.lines.join("\n"),
            /^info: WeightsAndBiases wandb\/wandb: wandb-sso owns spec\.values global\.auth\.oidc\.clientId, global\.auth\.oidc\.issuer, global\.auth\.oidc\.authMethod, global\.extraEnv\.GORILLA_CORS_ORIGINS \(server-side apply with force\); nothing else in the resource changes\. Needs operator-wandb 0\.38\.0/,
        );
    });

    it("with a client secret: names the immutable Secret (oidcSecret), never holds the secret", async () => {
        const wandb = new WandbOidc("w", { client: client({ secret: SECRET_VALUE }), host: HOST, target: "operator", namespace: "wandb" });
        await registered(runtime.mocks, 4);
        assert.deepEqual(
            runtime.mocks.one(T.operatorPatch).inputs,
            patchBody({
                global: {
                    auth: {
                        oidc: {
                            clientId: CLIENT_ID,
                            issuer: ISSUER,
                            authMethod: "pkce",
                            oidcSecret: { name: SECRET, secretKey: "OIDC_SECRET" },
                        },
                    },
                    extraEnv: { GORILLA_CORS_ORIGINS: `${HOST},null` },
                },
            }),
        );
        assertNotHeldOutside(runtime.mocks.resources, SECRET_VALUE, T.secret);
        assert.ok(JSON.stringify(runtime.mocks.one(T.secret).inputs).includes(SECRET_VALUE));
        const values = await valueOf(wandb.chartValues!);
        assert.ok(!JSON.stringify(values).includes(SECRET_VALUE));
        assert.equal(await pulumi.isSecret(wandb.chartValues!), false);
        assert.equal((values.global.auth.oidc as Record<string, unknown>).secret, undefined);
    });

    it("ConfigMap mode: the chart reads the four settings from the component's ConfigMap, the plain values are not set", async () => {
        new WandbOidc("w", {
            client: client({ secret: SECRET_VALUE }),
            host: HOST,
            target: "operator",
            namespace: "wandb",
            oidcConfigMap: true,
        });
        await registered(runtime.mocks, 4);
        assert.deepEqual(
            runtime.mocks.one(T.operatorPatch).inputs,
            patchBody({
                global: {
                    auth: {
                        oidc: {
                            oidcConfigMap: {
                                name: CM,
                                clientIdKey: "OIDC_CLIENT_ID",
                                issuerKey: "OIDC_ISSUER",
                                authMethodKey: "OIDC_AUTH_METHOD",
                                corsOriginsKey: "GORILLA_CORS_ORIGINS",
                            },
                            oidcSecret: { name: SECRET, secretKey: "OIDC_SECRET" },
                        },
                    },
                },
            }),
        );
        // Every key the chart is pointed at exists in the ConfigMap.
        const data = runtime.mocks.one(T.configMap).inputs.data as Record<string, string>;
        for (const key of ["OIDC_CLIENT_ID", "OIDC_ISSUER", "OIDC_AUTH_METHOD", "GORILLA_CORS_ORIGINS"]) assert.ok(key in data, key);
        assert.match(runtime.logs.lines.join("\n"), /ConfigMap mode \(global\.auth\.oidc\.oidcConfigMap\) needs a chart that has it/);
    });

    it("every SSO option and break-glass: sessionLengthHours in auth, the rest in extraEnv", async () => {
        new WandbOidc("w", {
            client: client(),
            host: HOST,
            target: "operator",
            namespace: "wandb",
            extraCorsOrigins: ["https://notebooks.example.com"],
            sessionLengthHours: 24,
            disableSsoProvisioning: true,
            groupClaims: true,
            customScopes: ["groups", "offline_access"],
            localRestore: true,
        });
        await registered(runtime.mocks, 3);
        assert.deepEqual(
            runtime.mocks.one(T.operatorPatch).inputs,
            patchBody({
                global: {
                    auth: { oidc: { clientId: CLIENT_ID, issuer: ISSUER, authMethod: "pkce" }, sessionLengthHours: 24 },
                    extraEnv: {
                        GORILLA_CORS_ORIGINS: `https://notebooks.example.com,${HOST},null`,
                        DISABLE_SSO_PROVISIONING: "true",
                        GORILLA_DISABLE_SSO_PROVISIONING: "true",
                        GORILLA_ENABLE_SSO_GROUP_CLAIMS: "true",
                        GORILLA_ENABLE_SSO_GROUPS_CLAIMS: "true",
                        GORILLA_OIDC_CUSTOM_SCOPES: "groups,offline_access",
                        LOCAL_RESTORE: "true",
                    },
                },
            }),
        );
    });

    it("options turned off set nothing: W&B keeps its defaults", async () => {
        new WandbOidc("w", {
            client: client(),
            host: HOST,
            target: "operator",
            namespace: "wandb",
            disableSsoProvisioning: false,
            groupClaims: false,
            customScopes: [],
            localRestore: false,
        });
        await registered(runtime.mocks, 3);
        assert.deepEqual((runtime.mocks.one(T.operatorPatch).inputs.spec as any).values, {
            global: {
                auth: { oidc: { clientId: CLIENT_ID, issuer: ISSUER, authMethod: "pkce" } },
                extraEnv: { GORILLA_CORS_ORIGINS: `${HOST},null` },
            },
        });
    });

    it("refuses a container (the chart names its containers), registering nothing", () => {
        assert.throws(
            () => new WandbOidc("w", { client: client(), host: HOST, target: "operator", container: "app" }),
            (e: unknown) =>
                e instanceof ConfigError &&
                e.message.includes(
                    'container = "app": applies only to the deployment target (the operator target\'s chart names its own containers); remove it',
                ),
        );
        assert.deepEqual(runtime.mocks.resources, []);
    });
});
