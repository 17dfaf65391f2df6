// The operator-v2 target: a server-side-apply patch of apps.wandb.com/v2 WeightsAndBiases, shaped by
// the installed operator. The CRDs are the tagged release v2.0.0-beta.3's schema and the same with
// wandb/operator main's spec.wandb.security (test/helpers/wandbV2Crd.ts, written from the Go types).
import { strict as assert } from "node:assert";
import { WandbOidc } from "../../src/wandb/wandbOidc";
import { registered, settle, valueOf } from "../helpers/pulumiMocks";
import { PATCH_FORCE, SECRET_VALUE, client, configMapRef, mockedRuntime, v2Patch, quiesce } from "../helpers/wandb";
import { wandbV2Crd } from "../helpers/wandbV2Crd";

const HOST = "https://wandb.example.com";
const CM = "w-oidc-abc123"; // the mock's ConfigMap name
const SECRET = "w-oidc-secret-def456"; // the mock's Secret name
const CRD = "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition";
const LIVE = "kubernetes:apps.wandb.com/v2:WeightsAndBiases";

/** What the reads return, per test. */
const cluster: { crd: object; live: Record<string, unknown> } = { crd: {}, live: {} };
const crdSpec = (options?: { withProvisioningField?: boolean }) => (wandbV2Crd(options) as { spec: object }).spec;

/** The user's resource, as they made it; the env list holds what the v1→v2 conversion moved there. */
const USER_SPEC = {
    size: "small",
    retentionPolicy: { onDelete: "detach" },
    wandb: {
        hostname: HOST,
        version: "0.70.0",
        features: { proxy: true },
        bucketProxy: false,
        legacyOverrides: {
            global: {
                env: [
                    { name: "GLOBAL_USER_VAR", value: "kept" },
                    { name: "GORILLA_CORS_ORIGINS", value: "https://stale.example.com" },
                    { name: "FROM_SECRET", valueFrom: { secretKeyRef: { name: "user-secret", key: "k" } } },
                ],
            },
        },
    },
};
const liveResource = (spec: object, annotations: Record<string, string> = {}) => ({
    apiVersion: "apps.wandb.com/v2",
    kind: "WeightsAndBiases",
    metadata: { name: "wandb", namespace: "wandb", annotations },
    spec,
});
const READS = {
    outputs: {
        [CRD]: () => ({ spec: cluster.crd }),
        [LIVE]: () => cluster.live,
    },
};

const selector = (key: string) => ({ name: SECRET, key });
/**
 * wandb-sso's own env entries on a CRD without (`field` false) or with the provisioning field: all
 * optional (the env list's patch stays when wandb-sso is removed, and must then set nothing).
 */
const ownEnv = (field: boolean) => [
    { name: "GORILLA_CORS_ORIGINS", ...configMapRef(CM, "GORILLA_CORS_ORIGINS", true) },
    { name: "DISABLE_SSO_PROVISIONING", ...configMapRef(CM, "DISABLE_SSO_PROVISIONING", true) },
    ...(field ? [] : [{ name: "GORILLA_DISABLE_SSO_PROVISIONING", ...configMapRef(CM, "DISABLE_SSO_PROVISIONING", true) }]),
    { name: "GORILLA_ENABLE_SSO_GROUP_CLAIMS", ...configMapRef(CM, "GORILLA_ENABLE_SSO_GROUP_CLAIMS", true) },
    { name: "GORILLA_ENABLE_SSO_GROUPS_CLAIMS", ...configMapRef(CM, "GORILLA_ENABLE_SSO_GROUP_CLAIMS", true) },
    { name: "GORILLA_OIDC_CUSTOM_SCOPES", ...configMapRef(CM, "GORILLA_OIDC_CUSTOM_SCOPES", true) },
    { name: "GORILLA_USE_IDENTIFIER_CLAIMS", ...configMapRef(CM, "GORILLA_USE_IDENTIFIER_CLAIMS", true) },
    { name: "LOCAL_RESTORE", ...configMapRef(CM, "LOCAL_RESTORE", true) },
];
const KEPT = [USER_SPEC.wandb.legacyOverrides.global.env[0], USER_SPEC.wandb.legacyOverrides.global.env[2]];

async function create(options: Record<string, unknown> = {}) {
    const w = WandbOidc.forClient("w", client({ secret: SECRET_VALUE }), {
        host: HOST,
        target: "operator-v2",
        namespace: "wandb",
        name: "wandb",
        ...options,
    });
    await settle(w.configMapName);
    return w;
}

describe("WandbOidc, operator-v2 target, on the tagged release v2.0.0-beta.3", () => {
    const runtime = mockedRuntime(READS);
    beforeEach(() => {
        cluster.crd = crdSpec();
        cluster.live = liveResource(USER_SPEC);
    });

    it("reads the CRD and the live resource, then patches the OIDC selectors, provisioning through the env, and carries others' env entries", async () => {
        const w = await create({ sessionLengthHours: 168, disableSsoProvisioning: true });
        await registered(runtime.mocks, 7);
        assert.deepEqual(
            runtime.mocks.resources
                .filter((r) => r.read !== undefined)
                .map((r) => [r.type, r.name, r.read])
                .sort(),
            [
                [CRD, "w-crd", "weightsandbiases.apps.wandb.com"],
                [LIVE, "w-live", "wandb/wandb"],
            ],
        );
        assert.deepEqual(v2Patch(runtime.mocks, "selectors").inputs, {
            apiVersion: "apps.wandb.com/v2",
            kind: "WeightsAndBiases",
            metadata: { name: "wandb", namespace: "wandb", annotations: { ...PATCH_FORCE, "wandb-sso/oidc-secret": SECRET } },
            spec: {
                wandb: {
                    oidc: {
                        issuerUrl: selector("OIDC_ISSUER"),
                        clientId: selector("OIDC_CLIENT_ID"),
                        authMethod: selector("OIDC_AUTH_METHOD"),
                        clientSecret: selector("OIDC_SECRET"),
                        sessionLength: "168h",
                    },
                    // No spec.wandb.security: beta.3's schema would prune it, and provisioning would stay on.
                },
            },
        });
        // The whole (atomic) env list: the user's entries in their order, then wandb-sso's.
        assert.deepEqual(v2Patch(runtime.mocks, "env").inputs, {
            apiVersion: "apps.wandb.com/v2",
            kind: "WeightsAndBiases",
            metadata: { name: "wandb", namespace: "wandb", annotations: PATCH_FORCE },
            spec: { wandb: { legacyOverrides: { global: { env: [...KEPT, ...ownEnv(false)] } } } },
        });
        // The component's output is wandb-sso's own fields only.
        assert.deepEqual(await valueOf(w.v2Spec!), {
            wandb: {
                oidc: {
                    issuerUrl: selector("OIDC_ISSUER"),
                    clientId: selector("OIDC_CLIENT_ID"),
                    authMethod: selector("OIDC_AUTH_METHOD"),
                    clientSecret: selector("OIDC_SECRET"),
                    sessionLength: "168h",
                },
                legacyOverrides: { global: { env: ownEnv(false) } },
            },
        });
        assert.ok(
            runtime.logs.lines.includes(
                "info: WeightsAndBiases wandb/wandb (apps.wandb.com/v2) as installed: its CRD has no spec.wandb.security (as every tagged v2 release), so GORILLA_DISABLE_SSO_PROVISIONING carries the provisioning switch; the patch carries the entries others put in spec.wandb.legacyOverrides.global.env (GLOBAL_USER_VAR, FROM_SECRET), since the CRD makes that list one atomic value (docs/wandb.md).",
            ),
            runtime.logs.lines.join("\n"),
        );
    });

    it("carries nothing of others where the CRD makes the env list a map keyed by name", async () => {
        const mapped = structuredClone(crdSpec()) as any;
        const env =
            mapped.versions[1].schema.openAPIV3Schema.properties.spec.properties.wandb.properties.legacyOverrides.additionalProperties
                .properties.env;
        Object.assign(env, { "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"] });
        cluster.crd = mapped;
        await create();
        await registered(runtime.mocks, 7);
        assert.deepEqual((v2Patch(runtime.mocks, "env").inputs.spec as any).wandb.legacyOverrides.global.env, ownEnv(false));
    });

    it("refuses an operator 1.x CRD (no v2), naming the target that fits", async () => {
        const v1Only = structuredClone(crdSpec()) as any;
        v1Only.versions = [v1Only.versions[0]];
        cluster.crd = v1Only;
        const w = WandbOidc.forClient("w", client({ secret: SECRET_VALUE }), {
            host: HOST,
            target: "operator-v2",
            namespace: "wandb",
            name: "wandb",
        });
        // The error fails the update (in preview already: the reads happen there) before anything is created.
        await assert.rejects(valueOf(w.v2Spec!), (e: Error) =>
            e.message.endsWith(
                'WandbOidc "w": the installed WeightsAndBiases CRD (weightsandbiases.apps.wandb.com) serves no apps.wandb.com/v2: this is an operator 1.x, whose resource the operator target patches (wandb-sso:wandb.target operator)',
            ),
        );
        await quiesce(runtime.mocks);
        assert.deepEqual(runtime.mocks.resources.map((r) => r.type).sort(), [CRD, LIVE, "wandb-sso:index:WandbOidc"]);
    });
});

describe("WandbOidc, operator-v2 target, on an operator whose CRD has spec.wandb.security", () => {
    const runtime = mockedRuntime(READS);
    beforeEach(() => {
        cluster.crd = crdSpec({ withProvisioningField: true });
        cluster.live = liveResource({ wandb: { hostname: HOST, version: "0.70.0", features: {}, bucketProxy: false } });
    });

    it("sets spec.wandb.security.disableSSOProvisioning, and leaves GORILLA_DISABLE_SSO_PROVISIONING to the operator", async () => {
        await create({ disableSsoProvisioning: true });
        await registered(runtime.mocks, 7);
        assert.deepEqual((v2Patch(runtime.mocks, "selectors").inputs.spec as any).wandb.security, { disableSSOProvisioning: true });
        assert.deepEqual((v2Patch(runtime.mocks, "env").inputs.spec as any).wandb.legacyOverrides.global.env, ownEnv(true));
    });

    it("with provisioning not set: neither the field nor an env entry that would undo one the user set", async () => {
        await create();
        await registered(runtime.mocks, 7);
        assert.equal("security" in (v2Patch(runtime.mocks, "selectors").inputs.spec as any).wandb, false);
        assert.deepEqual((v2Patch(runtime.mocks, "env").inputs.spec as any).wandb.legacyOverrides.global.env, ownEnv(true));
    });
});

for (const inPreview of [true, false]) {
    describe(`WandbOidc, operator-v2 target, in ${inPreview ? "preview" : "an update (pulumi up --skip-preview has no preview)"}: a resource that lost what wandb-sso set`, () => {
        const runtime = mockedRuntime({ ...READS, preview: inPreview });
        beforeEach(() => {
            cluster.crd = crdSpec();
        });
        const WARNING =
            "warning: WeightsAndBiases wandb/wandb (apps.wandb.com/v2) does not carry wandb-sso's settings: spec.wandb.oidc.issuerUrl is not set; spec.wandb.oidc.clientId is not set; spec.wandb.oidc.authMethod is not set; spec.wandb.legacyOverrides.global.env has no GORILLA_CORS_ORIGINS read from a ConfigMap (wandb-sso's patch set them: wandb-sso/oidc-secret is there; legacy.operator.wandb.com/v1-values is there: it was written through apps.wandb.com/v1). Unless this update changes W&B's OIDC settings, it does not put them back by itself (wandb-sso's patch is applied again only when its inputs change): stop what writes the resource through apps.wandb.com/v1 (W&B's Terraform modules that set spec.values, the System Console's W&B settings, kubectl apply of a v1 manifest), whose v1→v2 conversion rebuilds spec.wandb from the v1 values alone; then run `pulumi up --refresh`, which reads wandb-sso's patch back and applies it again (docs/wandb.md, operator-v2)";

        /** Runs the program and waits for the reads' callbacks. */
        async function preview(): Promise<string[]> {
            await create();
            await registered(runtime.mocks, 7);
            await new Promise((resolve) => setTimeout(resolve, 50));
            return runtime.logs.lines.filter((l) => l.startsWith("warning:"));
        }

        it("warns, naming what is missing, who erased it and the fix, when the patch's annotation outlived its fields (a v1 write)", async () => {
            // As the v1→v2 conversion leaves it: the metadata kept, spec.wandb rebuilt from the v1 values.
            cluster.live = liveResource(
                { wandb: { hostname: HOST, version: "0.70.0", features: {}, bucketProxy: false } },
                { "wandb-sso/oidc-secret": SECRET, "legacy.operator.wandb.com/v1-values": "{}" },
            );
            assert.deepEqual(await preview(), [WARNING]);
        });

        it("says nothing when the fields are there, or when wandb-sso never patched the resource (the first update)", async () => {
            const oidc = {
                issuerUrl: selector("OIDC_ISSUER"),
                clientId: selector("OIDC_CLIENT_ID"),
                authMethod: selector("OIDC_AUTH_METHOD"),
            };
            const env = [{ name: "GORILLA_CORS_ORIGINS", ...configMapRef(CM, "GORILLA_CORS_ORIGINS") }];
            cluster.live = liveResource(
                { wandb: { hostname: HOST, oidc, legacyOverrides: { global: { env } } } },
                { "wandb-sso/oidc-secret": SECRET },
            );
            assert.deepEqual(await preview(), []);
            runtime.mocks.reset();
            cluster.live = liveResource(USER_SPEC);
            assert.deepEqual(await preview(), []);
        });
    });
}
