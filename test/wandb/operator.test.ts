// The operator target: a server-side-apply patch of apps.wandb.com/v1 WeightsAndBiases `spec.values`,
// with exactly the operator-wandb chart values wandb-sso owns (see chartValuesFor: written from the
// chart's values.yaml and templates, wandb/helm-charts operator-wandb 0.38.0 to 0.43.8).
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../../src/errors";
import { WandbOidc } from "../../src/wandb/wandbOidc";
import { registered, valueOf, assertNotHeldOutside } from "../helpers/pulumiMocks";
import {
    CLIENT_ID,
    ISSUER,
    LABELS,
    PATCH_FORCE,
    SECRET_VALUE,
    T,
    chartValuesFor,
    client,
    mockedRuntime,
    resolveEnvRefs,
} from "../helpers/wandb";

const HOST = "https://wandb.example.com";
const CM = "w-oidc-abc123"; // the mock's ConfigMap name
const SECRET = "w-oidc-secret-def456"; // the mock's Secret name

const patchBody = (values: object) => ({
    apiVersion: "apps.wandb.com/v1",
    kind: "WeightsAndBiases",
    metadata: { name: "wandb", namespace: "wandb", annotations: PATCH_FORCE },
    spec: { values },
});

describe("WandbOidc, operator target (WeightsAndBiases v1 patch)", () => {
    const runtime = mockedRuntime();

    it("patches only the values wandb-sso owns: the OIDC values, the Secret's name, the variables by reference", async () => {
        const wandb = WandbOidc.forClient("w", client(), { host: HOST, target: "operator", namespace: "wandb", name: "wandb" });
        await registered(runtime.mocks, 3);
        assert.deepEqual(runtime.mocks.resources.map((r) => `${r.type} ${r.name}`).sort(), [
            `${T.operatorPatch} w-operator`,
            `${T.configMap} w-oidc`,
            `${T.component} w`,
        ]);
        assert.deepEqual(runtime.mocks.one(T.operatorPatch).inputs, patchBody(chartValuesFor(CM)));
        // The ConfigMap is the same immutable object as for the deployment target.
        assert.deepEqual(runtime.mocks.one(T.configMap).inputs, {
            apiVersion: "v1",
            kind: "ConfigMap",
            immutable: true,
            metadata: { namespace: "wandb", labels: LABELS },
            data: { OIDC_CLIENT_ID: CLIENT_ID, OIDC_ISSUER: ISSUER, OIDC_AUTH_METHOD: "pkce", GORILLA_CORS_ORIGINS: `${HOST},null` },
        });
        assert.equal(await valueOf(wandb.target), "operator");
        assert.deepEqual(await valueOf(wandb.chartValues!), (runtime.mocks.one(T.operatorPatch).inputs.spec as any).values);
        assert.equal(runtime.mocks.ofType(T.deploymentPatch).length, 0);
        assert.match(
            runtime.logs.lines.join("\n"),
            /^info: WeightsAndBiases wandb\/wandb \(apps\.wandb\.com\/v1\): wandb-sso owns spec\.values global\.auth\.sessionLengthHours, global\.auth\.oidc\.clientId, global\.auth\.oidc\.issuer, global\.auth\.oidc\.authMethod, global\.auth\.oidc\.oidcSecret, app\.extraEnv\.GORILLA_AUTH_METHOD, app\.extraEnv\.GORILLA_CORS_ORIGINS, .*app\.extraEnv\.LOCAL_RESTORE, api\.extraEnv\.GORILLA_AUTH_METHOD, .*api\.extraEnv\.LOCAL_RESTORE \(server-side apply with force\); nothing else in the resource changes\. Needs operator-wandb 0\.38\.0 or later \(oidcSecret\); on an operator that serves apps\.wandb\.com\/v2 .*use the operator-v2 target\./m,
        );
    });

    it("with a client secret: names the immutable Secret (oidcSecret), never holds the secret", async () => {
        const wandb = WandbOidc.forClient("w", client({ secret: SECRET_VALUE }), { host: HOST, target: "operator", namespace: "wandb" });
        await registered(runtime.mocks, 4);
        assert.deepEqual(runtime.mocks.one(T.operatorPatch).inputs, patchBody(chartValuesFor(CM, { secret: SECRET })));
        assertNotHeldOutside(runtime.mocks.resources, SECRET_VALUE, T.secret);
        assert.ok(JSON.stringify(runtime.mocks.one(T.secret).inputs).includes(SECRET_VALUE));
        const values = await valueOf(wandb.chartValues!);
        assert.ok(!JSON.stringify(values).includes(SECRET_VALUE));
        assert.equal(await pulumi.isSecret(wandb.chartValues!), false);
        assert.equal((values.global.auth.oidc as unknown as Record<string, unknown>).secret, undefined);
    });

    it("every SSO option and break-glass: the session length as the chart's value, the rest from the ConfigMap", async () => {
        WandbOidc.forClient("w", client(), {
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
        const values = (runtime.mocks.one(T.operatorPatch).inputs.spec as any).values;
        assert.deepEqual(values, chartValuesFor(CM, { sessionLengthHours: 24 }));
        // What W&B's app and api services then read (an env entry wins over the api ConfigMap's envFrom).
        const data = runtime.mocks.one(T.configMap).inputs.data as Record<string, string>;
        assert.deepEqual(values.api.extraEnv, values.app.extraEnv);
        assert.deepEqual(resolveEnvRefs(values.app.extraEnv, { [CM]: data }), {
            GORILLA_AUTH_METHOD: "pkce",
            GORILLA_CORS_ORIGINS: `https://notebooks.example.com,${HOST},null`,
            DISABLE_SSO_PROVISIONING: "true",
            GORILLA_DISABLE_SSO_PROVISIONING: "true",
            GORILLA_ENABLE_SSO_GROUP_CLAIMS: "true",
            GORILLA_ENABLE_SSO_GROUPS_CLAIMS: "true",
            GORILLA_OIDC_CUSTOM_SCOPES: "groups,offline_access",
            LOCAL_RESTORE: "true",
        });
    });

    it("options turned off set no variable (their references are optional, their keys absent): W&B keeps its defaults", async () => {
        WandbOidc.forClient("w", client(), {
            host: HOST,
            target: "operator",
            namespace: "wandb",
            disableSsoProvisioning: false,
            groupClaims: false,
            customScopes: [],
            localRestore: false,
        });
        await registered(runtime.mocks, 3);
        const values = (runtime.mocks.one(T.operatorPatch).inputs.spec as any).values;
        assert.deepEqual(values, chartValuesFor(CM));
        const data = runtime.mocks.one(T.configMap).inputs.data as Record<string, string>;
        assert.deepEqual(resolveEnvRefs(values.app.extraEnv, { [CM]: data }), {
            GORILLA_AUTH_METHOD: "pkce",
            GORILLA_CORS_ORIGINS: `${HOST},null`,
        });
    });

    it("puts pkce in GORILLA_AUTH_METHOD for charts 0.38.0-0.41.1, whose api ConfigMap hard-codes implicit", async () => {
        // wandb/helm-charts 49c0bcaf (operator-wandb 0.41.1) templates/api.yaml: `GORILLA_AUTH_METHOD: implicit`
        // in the api ConfigMap, read through envFrom; wandb-base merges the service's extraEnv into the container's
        // env, which wins over envFrom.
        WandbOidc.forClient("w", client(), { host: HOST, target: "operator", namespace: "wandb" });
        await registered(runtime.mocks, 3);
        const values = (runtime.mocks.one(T.operatorPatch).inputs.spec as any).values;
        assert.deepEqual(values.api.extraEnv.GORILLA_AUTH_METHOD, {
            valueFrom: { configMapKeyRef: { name: CM, key: "OIDC_AUTH_METHOD" } },
        });
    });

    it("refuses a container (the chart names its containers), registering nothing", () => {
        assert.throws(
            () => WandbOidc.forClient("w", client(), { host: HOST, target: "operator", container: "app" }),
            (e: unknown) =>
                e instanceof ConfigError &&
                e.message.includes(
                    'container = "app": applies only to the deployment target (the operator target\'s chart names its own containers); remove it',
                ),
        );
        assert.deepEqual(runtime.mocks.resources, []);
    });

    it("refuses the ConfigMap mode: no operator-wandb chart reads global.auth.oidc.oidcConfigMap", () => {
        assert.throws(
            () => WandbOidc.forClient("w", client(), { host: HOST, target: "operator", ...({ oidcConfigMap: true } as object) }),
            (e: unknown) =>
                e instanceof ConfigError &&
                e.message.includes(
                    "oidcConfigMap = true: no version of W&B's operator-wandb chart reads global.auth.oidc.oidcConfigMap (it writes the OIDC variables only from global.auth.oidc.clientId, issuer and authMethod, which wandb-sso sets): remove it",
                ),
        );
        assert.deepEqual(runtime.mocks.resources, []);
    });
});
