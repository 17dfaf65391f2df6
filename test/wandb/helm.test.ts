import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { readStackConfig } from "../../src/config";
import { buildStack } from "../../src/stack";
import { WandbOidc } from "../../src/wandb/wandbOidc";
import { registered, valueOf, assertNotHeldOutside } from "../helpers/pulumiMocks";
import { SECRET_VALUE, T, chartValuesFor, client, recorder, mockedRuntime, resolveEnvRefs } from "../helpers/wandb";

const HOST = "https://wandb.example.com";
const CM = "w-oidc-abc123"; // the mock's ConfigMap name

describe("WandbOidc, helm target (values for a release the user runs)", () => {
    const runtime = mockedRuntime();

    it("changes no workload: only the ConfigMap and the Secret, and the chart values as an output", async () => {
        const wandb = WandbOidc.forClient("w", client({ secret: SECRET_VALUE }), {
            host: HOST,
            target: "helm",
            namespace: "wandb",
            name: "wandb",
        });
        const values = await valueOf(wandb.chartValues!);
        await registered(runtime.mocks, 3);
        assert.deepEqual(runtime.mocks.resources.map((r) => `${r.type} ${r.name}`).sort(), [
            `${T.configMap} w-oidc`,
            `${T.secret} w-oidc-secret`,
            `${T.component} w`,
        ]);
        assert.deepEqual(values, chartValuesFor(CM, { secret: "w-oidc-secret-def456" }));
        assert.ok(!JSON.stringify(values).includes(SECRET_VALUE), "the values hold the secret");
        assert.equal(await pulumi.isSecret(wandb.chartValues!), false);
        assertNotHeldOutside(runtime.mocks.resources, SECRET_VALUE, T.secret);
        assert.match(
            runtime.logs.lines.join("\n"),
            /^info: helm target: no workload was changed\. Give release wandb\/wandb the helmValues output .*helm upgrade wandb wandb\/operator-wandb -n wandb --reuse-values -f wandb-sso-values\.json\. Every key wandb-sso owns is in the values, so the upgrade both sets and unsets\./m,
        );
    });

    it("every option and break-glass: the same keys as the values of a stack without them, and the ConfigMap says what is on", async () => {
        const wandb = WandbOidc.forClient("w", client(), {
            host: HOST,
            target: "helm",
            namespace: "wandb",
            sessionLengthHours: 12,
            disableSsoProvisioning: true,
            groupClaims: true,
            customScopes: ["groups"],
            localRestore: true,
        });
        const values = await valueOf(wandb.chartValues!);
        assert.deepEqual(values, chartValuesFor(CM, { sessionLengthHours: 12 }));
        await registered(runtime.mocks, 2);
        assert.equal(
            runtime.mocks.resources.some((r) => r.type.includes("Patch")),
            false,
        );
        assert.deepEqual(
            resolveEnvRefs(values.app.extraEnv, { [CM]: runtime.mocks.one(T.configMap).inputs.data as Record<string, string> }),
            {
                GORILLA_AUTH_METHOD: "pkce",
                GORILLA_CORS_ORIGINS: `${HOST},null`,
                DISABLE_SSO_PROVISIONING: "true",
                GORILLA_DISABLE_SSO_PROVISIONING: "true",
                GORILLA_ENABLE_SSO_GROUP_CLAIMS: "true",
                GORILLA_ENABLE_SSO_GROUPS_CLAIMS: "true",
                GORILLA_OIDC_CUSTOM_SCOPES: "groups",
                LOCAL_RESTORE: "true",
            },
        );
    });

    it("keeps replaced ConfigMaps and Secrets in the cluster (retainOnDelete): the release may still read them", async () => {
        const rec = recorder();
        const wandb = WandbOidc.forClient(
            "w",
            client({ secret: SECRET_VALUE }),
            { host: HOST, target: "helm" },
            { transformations: [rec.transformation] },
        );
        await valueOf(wandb.chartValues!);
        for (const type of [T.configMap, T.secret]) {
            assert.equal(rec.of(type).opts.retainOnDelete, true, type);
            assert.notEqual(rec.of(type).opts.deleteBeforeReplace, true, type);
        }
    });
});

describe("the stack's helmValues output", () => {
    mockedRuntime();
    const config = (wandb: object) =>
        readStackConfig({
            values: {
                host: HOST,
                idp: "cognito",
                cognito: JSON.stringify({ userPoolId: "us-west-2_Pool1", generateSecret: true }),
                wandb: JSON.stringify(wandb),
            },
            secretKeys: new Set(),
        });

    it("exports the values for the helm target: the Secret's name, never the secret", async () => {
        const { outputs } = buildStack(config({ target: "helm", namespace: "wandb" }));
        assert.deepEqual(Object.keys(outputs), [
            "issuer",
            "clientId",
            "authMethod",
            "callbackUrl",
            "logoutUrl",
            "clientSecret",
            "helmValues",
        ]);
        const helm = await valueOf(outputs.helmValues!);
        assert.deepEqual(helm.global.auth.oidc, {
            clientId: "client-id-123",
            issuer: "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Pool1",
            authMethod: "pkce",
            oidcSecret: { name: "wandb-oidc-secret-def456", secretKey: "OIDC_SECRET" },
        });
        assert.ok(!JSON.stringify(helm).includes("cognito-client-secret-value"));
        assert.equal(await pulumi.isSecret(outputs.helmValues!), false);
    });

    it("exports no helmValues for the deployment and operator targets", () => {
        for (const target of ["deployment", "operator"]) {
            const { outputs } = buildStack(config({ target, namespace: "wandb" }));
            assert.equal("helmValues" in outputs, false, target);
        }
    });
});
