import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import type { OidcClient } from "../../src/oidc";
import { ConfigError } from "../../src/errors";
import { WandbOidc } from "../../src/wandb/wandbOidc";
import { installMocks, isSecretInput, registered, settle, valueOf, type MockRuntime, assertNotHeldOutside } from "../helpers/pulumiMocks";

const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";
const SECRET = "kubernetes:core/v1:Secret";
const PATCH = "kubernetes:apps/v1:DeploymentPatch";
const LIVE = "kubernetes:apps/v1:Deployment";
/** The patch's own field manager, named for the takeover (wandb-sso-<component>). */
const ANNOTATIONS = { "pulumi.com/patchForce": "true", "pulumi.com/patchFieldManager": "wandb-sso-w" };
const SECRET_VALUE = "the-client-secret-value";

const client = (secret?: string): OidcClient => ({
    issuer: pulumi.output("https://login.example.com/tenant/v2.0"),
    clientId: pulumi.output("client-abc"),
    authMethod: pulumi.output("pkce" as const),
    ...(secret !== undefined && { clientSecret: pulumi.secret(secret) }),
});

const labels = {
    "app.kubernetes.io/managed-by": "pulumi",
    "app.kubernetes.io/part-of": "wandb",
    "app.kubernetes.io/component": "oidc",
};
const ref = (name: string, source: "configMapKeyRef" | "secretKeyRef", objectName: string, key: string) => ({
    name,
    valueFrom: { [source]: { name: objectName, key } },
});

describe("WandbOidc, deployment target", () => {
    let mocks: MockRuntime;
    before(async () => {
        mocks = await installMocks();
    });
    beforeEach(() => mocks.reset());

    it("writes an immutable ConfigMap and patches the Deployment's container by reference", async () => {
        const wandb = WandbOidc.forClient("w", client(), {
            host: "https://wandb.example.com/",
            namespace: "wandb",
            name: "wandb",
            container: "wandb",
        });
        await settle(wandb.env, wandb.configMapName);
        // The patch registers once its switch-over hook has (the engine needs the hook first).
        await registered(mocks, 4);
        // The live Deployment is read first; everything else waits for its verdict.
        assert.deepEqual(
            mocks.resources.map((r) => [r.type, r.name, r.read]),
            [
                ["wandb-sso:index:WandbOidc", "w", undefined],
                [LIVE, "w-live", "wandb/wandb"],
                [CONFIG_MAP, "w-oidc", undefined],
                [PATCH, "w-deployment", undefined],
            ],
        );
        assert.deepEqual(mocks.one(CONFIG_MAP).inputs, {
            apiVersion: "v1",
            kind: "ConfigMap",
            immutable: true,
            metadata: { namespace: "wandb", labels },
            data: {
                OIDC_CLIENT_ID: "client-abc",
                OIDC_ISSUER: "https://login.example.com/tenant/v2.0",
                OIDC_AUTH_METHOD: "pkce",
                GORILLA_CORS_ORIGINS: "https://wandb.example.com,null",
            },
        });
        const cm = "w-oidc-abc123";
        assert.deepEqual(mocks.one(PATCH).inputs, {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: "wandb", namespace: "wandb", annotations: ANNOTATIONS },
            spec: {
                template: {
                    spec: {
                        containers: [
                            {
                                name: "wandb",
                                env: [
                                    ref("OIDC_ISSUER", "configMapKeyRef", cm, "OIDC_ISSUER"),
                                    ref("GORILLA_OIDC_ISSUER", "configMapKeyRef", cm, "OIDC_ISSUER"),
                                    ref("OIDC_CLIENT_ID", "configMapKeyRef", cm, "OIDC_CLIENT_ID"),
                                    ref("GORILLA_OIDC_CLIENT_ID", "configMapKeyRef", cm, "OIDC_CLIENT_ID"),
                                    ref("OIDC_AUTH_METHOD", "configMapKeyRef", cm, "OIDC_AUTH_METHOD"),
                                    ref("GORILLA_AUTH_METHOD", "configMapKeyRef", cm, "OIDC_AUTH_METHOD"),
                                    ref("GORILLA_CORS_ORIGINS", "configMapKeyRef", cm, "GORILLA_CORS_ORIGINS"),
                                ],
                            },
                        ],
                    },
                },
            },
        });
        assert.equal(await pulumi.isSecret(wandb.env), false);
    });

    it("keeps the client secret in an immutable Secret only, as a Pulumi secret", async () => {
        const wandb = WandbOidc.forClient("w", client(SECRET_VALUE), { host: "https://wandb.example.com", namespace: "wandb" });
        await settle(wandb.env, wandb.secretName!);
        const secret = mocks.one(SECRET);
        assert.deepEqual(Object.keys(secret.inputs).sort(), ["apiVersion", "immutable", "kind", "metadata", "stringData", "type"]);
        assert.deepEqual(secret.inputs.metadata, { namespace: "wandb", labels });
        assert.equal(secret.inputs.immutable, true);
        assert.equal(secret.inputs.type, "Opaque");
        const stringData = secret.inputs.stringData as Record<string, unknown>;
        assert.ok(isSecretInput(stringData) || isSecretInput(stringData.OIDC_SECRET), "stringData is not marked secret");

        const env = ((mocks.one(PATCH).inputs.spec as any).template.spec.containers[0].env as unknown[]).slice(-2);
        assert.deepEqual(env, [
            ref("OIDC_SECRET", "secretKeyRef", "w-oidc-secret-def456", "OIDC_SECRET"),
            ref("GORILLA_OIDC_SECRET", "secretKeyRef", "w-oidc-secret-def456", "OIDC_SECRET"),
        ]);

        assertNotHeldOutside(mocks.resources, SECRET_VALUE, SECRET);
        assert.equal(await pulumi.isSecret(wandb.env), true);
        assert.equal(await pulumi.isSecret(wandb.envVars.OIDC_SECRET!), true);
        assert.equal(await pulumi.isSecret(wandb.envVars.OIDC_ISSUER!), false);
        assert.equal((await valueOf(wandb.env)).GORILLA_OIDC_SECRET, SECRET_VALUE);
    });

    it("defaults to the wandb Deployment and container in the default namespace", async () => {
        const wandb = WandbOidc.forClient("w", client(), { host: "https://wandb.example.com" });
        await settle(wandb.env, wandb.configMapName);
        const patch = mocks.one(PATCH).inputs as any;
        assert.deepEqual(patch.metadata, { name: "wandb", namespace: "default", annotations: ANNOTATIONS });
        assert.equal(patch.spec.template.spec.containers[0].name, "wandb");
    });

    it("refuses bad arguments at once, registering nothing", () => {
        assert.throws(
            () => WandbOidc.forClient("w", client(), { host: "wandb.example.com", namespace: "W&B", extraCorsOrigins: ["*"] }),
            (e: unknown) => e instanceof ConfigError && e.problems.map((p) => p.setting).join() === "host,namespace,extraCorsOrigins",
        );
        assert.deepEqual(mocks.resources, []);
    });
});
