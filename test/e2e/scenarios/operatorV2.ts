// The operator-v2 target for real: the WeightsAndBiases CRD of the W&B Operator's tagged release
// v2.0.0-beta.3 (written from its Go types: test/helpers/wandbV2Crd.ts) in the API server, a v2
// resource made as a user makes one, and `pulumi up` patching it; everything read back with kubectl,
// after the API server's pruning. Then the same on a CRD with wandb/operator main's
// spec.wandb.security; then a v1 writer's erasure, as the v1→v2 conversion leaves the object
// (api/v1/weightsandbiases_conversion.go ConvertTo: the metadata kept, spec.wandb rebuilt from the
// v1 values alone): noticed by the preview and by `wandb-sso verify --wandb-resource`, and put back
// by `pulumi up --refresh`. With the environment's private CA in wandb-sso:caCerts throughout:
// spec.global.caCertsConfigMap names wandb-sso's CA ConfigMap beside the user's own customCACerts,
// and destroy takes it away and leaves theirs; a caCertsConfigMap the user set is refused.
import { X509Certificate } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Scenario } from "../lib/harness";
import { expect, expectEqual } from "../lib/harness";
import { resolveEnv, type EnvVar, type KubeObject } from "../lib/kube";
import { REPO, repoProject, run, Stack, tail } from "../lib/pulumi";
import { wandbV2Crd } from "../../helpers/wandbV2Crd";
import { type Context, existingStack, expectOwnCaRefused } from "./context";

const NS = "wandb-operator-v2";
const NAME = "wandb";
const CRD_NAME = "weightsandbiases.apps.wandb.com";
const V2 = "weightsandbiases.v2.apps.wandb.com";

/** The user's own CA certificates (the CRD takes any strings; the operator would mount them beside wandb-sso's). */
const USER_CA_CERTS = ["-----BEGIN CERTIFICATE-----\nthe user's own CA\n-----END CERTIFICATE-----"];
const CA_ANNOTATION = "wandb-sso/ca-certs-configmap";

/** The user's own spec, as they write it: wandb-sso must leave every field of it as it is. */
const USER_SPEC = {
    size: "small",
    retentionPolicy: { onDelete: "detach" },
    global: { customCACerts: USER_CA_CERTS },
    wandb: {
        hostname: "https://wandb.example.com",
        license: "e2e-license",
        version: "0.70.0",
        features: { proxy: true },
        bucketProxy: false,
        // What the v1→v2 conversion moves from v1's global.extraEnv: the user's, in one atomic list.
        legacyOverrides: {
            global: {
                env: [
                    { name: "GLOBAL_USER_VAR", value: "kept" },
                    { name: "FROM_USER_SECRET", valueFrom: { secretKeyRef: { name: "user-secret", key: "token" } } },
                ],
            },
            api: { env: [{ name: "API_ONLY", value: "1" }] },
        },
    },
    mysql: { default: { managedMysql: { storageSize: "10Gi", replicas: 1 } } },
};
const USER_ENV_NAMES = new Set(["GLOBAL_USER_VAR", "FROM_USER_SECRET"]);

type Spec = { wandb: Record<string, any> } & Record<string, any>;
type Live = KubeObject & { spec: Spec };

async function applyCrd(c: Context, options: { withProvisioningField?: boolean } = {}): Promise<void> {
    c.kube.run(["apply", "--server-side", "--force-conflicts", "-f", "-"], JSON.stringify(wandbV2Crd(options)));
    // Polled rather than `kubectl wait`, which fails at once while a new CRD has no conditions yet.
    const deadline = Date.now() + 60_000;
    for (;;) {
        const crd = c.kube.get<KubeObject>("crd", CRD_NAME);
        const conditions = (crd.status?.conditions ?? []) as { type: string; status: string }[];
        if (conditions.some((x) => x.type === "Established" && x.status === "True")) return;
        if (Date.now() > deadline) throw new Error(`CRD ${CRD_NAME} not Established after 60 s: ${JSON.stringify(conditions)}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
    }
}

/** The live resource with what wandb-sso owns taken out: its selectors, CA ConfigMap, env entries and annotations. */
function withoutOwned(live: Live): { spec: Spec; annotations: Record<string, string> } {
    const spec = structuredClone(live.spec);
    delete spec.wandb.oidc;
    delete spec.wandb.security;
    delete spec.global?.caCertsConfigMap;
    const env = (spec.wandb.legacyOverrides?.global?.env ?? []) as EnvVar[];
    spec.wandb.legacyOverrides.global.env = env.filter((e) => USER_ENV_NAMES.has(e.name));
    const annotations = { ...(live.metadata.annotations ?? {}) };
    delete annotations["wandb-sso/oidc-secret"];
    delete annotations[CA_ANNOTATION];
    // The patch's own control annotation, which the Kubernetes provider applies with it.
    delete annotations["pulumi.com/patchForce"];
    return { spec, annotations };
}

/** `wandb-sso verify` as a user runs it, with the live resource on standard input. */
async function verifyResource(c: Context, resource: unknown): Promise<{ code: number; check: { status: string; message: string } }> {
    const r = await run(
        c.env,
        process.execPath,
        ["--import", "tsx", path.join(REPO, "src/cli/verify.ts"), "--from-env", "--host", c.host, "--json", "--wandb-resource", "-"],
        {
            extraEnv: { OIDC_ISSUER: c.op.issuer, OIDC_CLIENT_ID: c.op.clientId, OIDC_AUTH_METHOD: "pkce", OIDC_SECRET: c.op.clientSecret },
            input: JSON.stringify(resource),
            timeoutSeconds: 120,
        },
    );
    const report = JSON.parse(r.stdout) as { checks: { id: string; status: string; message: string }[] };
    return { code: r.code, check: report.checks.find((x) => x.id === "wandb-resource")! };
}

export const operatorV2Scenarios: Scenario<Context>[] = [
    {
        name: "operator-v2",
        async run(c) {
            // The CRD of an earlier scenario (operator-v1: v1 only) goes first, with its objects.
            c.kube.run(["delete", "crd", CRD_NAME, "--ignore-not-found", "--wait=true", "--timeout=120s"]);
            await applyCrd(c);
            c.kube.run(["create", "namespace", NS]);
            // As a user does: kubectl apply of their own manifest, through apps.wandb.com/v2.
            c.kube.run(
                ["apply", "-f", "-"],
                JSON.stringify({
                    apiVersion: "apps.wandb.com/v2",
                    kind: "WeightsAndBiases",
                    metadata: { name: NAME, namespace: NS },
                    spec: USER_SPEC,
                }),
            );
            // The user's spec as the API server stored it (its schema defaults applied): the baseline.
            const before = c.kube.get<Live>(V2, NAME, NS);

            const s = new Stack(c.env, "e2e-operator-v2", repoProject(`${c.work}/project`));
            const caPem = fs.readFileSync(c.env.idpTls.caFile, "utf8");
            await existingStack(
                c,
                s,
                { target: "operator-v2", namespace: NS, name: NAME, sessionLengthHours: "168", disableSsoProvisioning: "true" },
                { "wandb-sso:protect": "false", "wandb-sso:caCerts[0]": caPem },
            );
            const up = await s.up();
            if (up.code !== 0) throw new Error(`pulumi up exited ${up.code}:\n${tail(up.stdout + up.stderr)}`);

            // Every setting wandb-sso owns, as the API server kept it after pruning.
            const live = c.kube.get<Live>(V2, NAME, NS);
            const secretName: string = live.spec.wandb.oidc?.issuerUrl?.name;
            expect(typeof secretName === "string" && secretName.length > 0, "spec.wandb.oidc.issuerUrl.name is empty");
            const selector = (key: string) => ({ key, name: secretName });
            expectEqual(
                live.spec.wandb.oidc,
                {
                    issuerUrl: selector("OIDC_ISSUER"),
                    clientId: selector("OIDC_CLIENT_ID"),
                    authMethod: selector("OIDC_AUTH_METHOD"),
                    clientSecret: selector("OIDC_SECRET"),
                    sessionLength: "168h",
                },
                "spec.wandb.oidc",
            );
            expect(!("security" in live.spec.wandb), "spec.wandb.security is on a beta.3 resource");
            expectEqual(live.metadata.annotations?.["wandb-sso/oidc-secret"], secretName, "the wandb-sso/oidc-secret annotation");
            const secret = c.kube.get("secret", secretName, NS);
            const decoded = Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, "base64").toString()]));
            expectEqual(
                decoded,
                { OIDC_ISSUER: c.op.issuer, OIDC_CLIENT_ID: c.op.clientId, OIDC_AUTH_METHOD: "pkce", OIDC_SECRET: c.op.clientSecret },
                "the Secret the selectors read",
            );
            expect(!JSON.stringify(live).includes(c.op.clientSecret), "the client secret is in the WeightsAndBiases resource");
            // The CA: wandb-sso's ConfigMap (named by its annotation too) beside the user's customCACerts, as the operator reads them.
            const caConfigMap: string = live.spec.global?.caCertsConfigMap;
            expect(typeof caConfigMap === "string" && caConfigMap.length > 0, "spec.global.caCertsConfigMap is empty");
            expectEqual(live.spec.global, { customCACerts: USER_CA_CERTS, caCertsConfigMap: caConfigMap }, "spec.global");
            expectEqual(live.metadata.annotations?.[CA_ANNOTATION], caConfigMap, `the ${CA_ANNOTATION} annotation`);
            expectEqual(
                c.kube.get("configmap", caConfigMap, NS).data,
                { "wandb-sso-ca-0.crt": new X509Certificate(caPem).toString() },
                "the CA ConfigMap spec.global.caCertsConfigMap names",
            );
            // The env list: the user's entries kept, in their order, then wandb-sso's; and what a pod would see of them.
            const env = live.spec.wandb.legacyOverrides.global.env as EnvVar[];
            expectEqual(env.slice(0, 2), USER_SPEC.wandb.legacyOverrides.global.env, "the user's entries of legacyOverrides.global.env");
            const seen = resolveEnv({ name: "app", env: env.slice(2) }, (kind, name) => c.kube.tryGet(kind, name, NS));
            expectEqual(
                seen,
                {
                    GORILLA_CORS_ORIGINS: `${c.host},null`,
                    DISABLE_SSO_PROVISIONING: "true",
                    GORILLA_DISABLE_SSO_PROVISIONING: "true",
                },
                "what W&B's applications get from wandb-sso's env entries",
            );
            // Nothing else of the user's spec (or metadata) changed.
            const rest = withoutOwned(live);
            expectEqual(rest.spec, before.spec, "the user's own spec after pulumi up");
            expectEqual(rest.annotations, before.metadata.annotations ?? {}, "the user's own annotations after pulumi up");
            expect((await verifyResource(c, live)).check.status === "pass", "wandb-sso verify --wandb-resource fails the patched resource");

            // An operator whose CRD has spec.wandb.security (wandb/operator main): the field, and no env entry for it.
            await applyCrd(c, { withProvisioningField: true });
            await s.must(["up", "--yes", "--skip-preview"], { timeoutSeconds: 600 });
            const onMain = c.kube.get<Live>(V2, NAME, NS);
            expectEqual(onMain.spec.wandb.security?.disableSSOProvisioning, true, "spec.wandb.security.disableSSOProvisioning");
            const mainEnv = (onMain.spec.wandb.legacyOverrides.global.env as EnvVar[]).map((e) => e.name);
            expect(
                !mainEnv.includes("GORILLA_DISABLE_SSO_PROVISIONING"),
                `GORILLA_DISABLE_SSO_PROVISIONING is still listed: ${mainEnv.join(", ")}`,
            );
            expectEqual(mainEnv.slice(0, 2), ["GLOBAL_USER_VAR", "FROM_USER_SECRET"], "the user's entries, on main's CRD");
            expectEqual(withoutOwned(onMain).spec, before.spec, "the user's own spec on main's CRD");
            await applyCrd(c);
            await s.must(["up", "--yes", "--skip-preview"], { timeoutSeconds: 600 });

            // A write through apps.wandb.com/v1, as its conversion stores it: metadata kept (wandb-sso's
            // annotation too), spec.wandb rebuilt from the v1 values (the user's, without wandb-sso's).
            const patched = c.kube.get<Live>(V2, NAME, NS);
            const rebuilt = structuredClone(patched) as Live & { metadata: { annotations: Record<string, string> } };
            rebuilt.spec = structuredClone(before.spec);
            rebuilt.metadata.annotations["legacy.operator.wandb.com/v1-values"] = JSON.stringify({
                global: { host: USER_SPEC.wandb.hostname },
            });
            delete (rebuilt.metadata as { managedFields?: unknown }).managedFields;
            c.kube.run(["replace", "-f", "-"], JSON.stringify(rebuilt));
            const erased = c.kube.get<Live>(V2, NAME, NS);
            expect(erased.spec.wandb.oidc === undefined, "the simulated v1 write left spec.wandb.oidc");

            const preview = await s.pulumi(["preview", "--diff"], { timeoutSeconds: 600 });
            expect(preview.code === 0, `pulumi preview failed:\n${tail(preview.stdout + preview.stderr)}`);
            const previewOut = preview.stdout + preview.stderr;
            expect(
                previewOut.includes("does not carry wandb-sso's settings") &&
                    previewOut.includes("legacy.operator.wandb.com/v1-values is there: it was written through apps.wandb.com/v1"),
                `the preview does not warn of the erased settings:\n${tail(previewOut)}`,
            );
            const verified = await verifyResource(c, erased);
            expect(
                verified.code === 1 && verified.check.status === "fail",
                `wandb-sso verify --wandb-resource: ${JSON.stringify(verified)}`,
            );
            expect(
                verified.check.message.startsWith(
                    `WeightsAndBiases ${NS}/${NAME} (apps.wandb.com/v2) does not carry wandb-sso's settings: spec.wandb.oidc.issuerUrl is not set`,
                ),
                verified.check.message,
            );

            // A plain `pulumi up` does not put them back (the patch's inputs are the same); `--refresh` does.
            const plainUp = await s.must(["up", "--yes", "--skip-preview"], { timeoutSeconds: 600 });
            expect(
                (plainUp.stdout + plainUp.stderr).includes("does not carry wandb-sso's settings"),
                `pulumi up --skip-preview (no preview) does not warn of the erased settings:\n${tail(plainUp.stdout + plainUp.stderr)}`,
            );
            expect(
                c.kube.get<Live>(V2, NAME, NS).spec.wandb.oidc === undefined,
                "a plain pulumi up put the fields back (the docs say it does not)",
            );
            await s.must(["up", "--yes", "--skip-preview", "--refresh"], { timeoutSeconds: 600 });
            const restored = c.kube.get<Live>(V2, NAME, NS);
            expectEqual(
                restored.spec.wandb.oidc?.issuerUrl,
                { key: "OIDC_ISSUER", name: secretName },
                "spec.wandb.oidc.issuerUrl after pulumi up --refresh",
            );
            expectEqual(withoutOwned(restored).spec, before.spec, "the user's own spec after pulumi up --refresh");

            const destroyed = await s.pulumi(["destroy", "--yes", "--skip-preview"], { timeoutSeconds: 300 });
            expect(destroyed.code === 0, `pulumi destroy failed:\n${tail(destroyed.stdout + destroyed.stderr)}`);
            const after = c.kube.get<Live>(V2, NAME, NS);
            expect(after.spec.wandb.oidc === undefined, "spec.wandb.oidc is left after pulumi destroy");
            expect(
                after.metadata.annotations?.["wandb-sso/oidc-secret"] === undefined,
                "wandb-sso's annotation is left after pulumi destroy",
            );
            // The CA field goes with wandb-sso's own patch (its ConfigMap is gone too); the user's customCACerts stay.
            expectEqual(after.spec.global, { customCACerts: USER_CA_CERTS }, "spec.global after pulumi destroy");
            expect(after.metadata.annotations?.[CA_ANNOTATION] === undefined, `${CA_ANNOTATION} is left after pulumi destroy`);
            expect(c.kube.tryGet("configmap", caConfigMap, NS) === undefined, "the CA ConfigMap is left after pulumi destroy");
            // The env list stays (its patch is retained: relinquishing a list taken over from another manager
            // would leave `global: null`, which the CRD refuses): the user's entries, and wandb-sso's optional
            // references to a ConfigMap that is gone, which set nothing.
            const left = after.spec.wandb.legacyOverrides.global.env as EnvVar[];
            expectEqual(left.slice(0, 2), USER_SPEC.wandb.legacyOverrides.global.env, "the user's env entries after pulumi destroy");
            expect(
                left.slice(2).every((e) => e.valueFrom?.configMapKeyRef?.optional === true),
                `wandb-sso's env entries left after pulumi destroy are not all optional: ${JSON.stringify(left.slice(2))}`,
            );
            expectEqual(
                resolveEnv({ name: "app", env: left.slice(2) }, (kind, name) => c.kube.tryGet(kind, name, NS)),
                {},
                "what wandb-sso's env entries set after pulumi destroy",
            );
            expectEqual(
                after.spec.wandb.legacyOverrides.api,
                USER_SPEC.wandb.legacyOverrides.api,
                "the user's api env after pulumi destroy",
            );

            // A resource whose spec.global.caCertsConfigMap the user set (kubectl apply): refused in preview, naming it.
            await expectOwnCaRefused(
                c,
                s,
                {
                    apiVersion: "apps.wandb.com/v2",
                    kind: "WeightsAndBiases",
                    metadata: { name: "wandb-own-ca", namespace: NS },
                    spec: { ...USER_SPEC, global: { caCertsConfigMap: "corp-cas" } },
                },
                `WeightsAndBiases ${NS}/wandb-own-ca (apps.wandb.com/v2): spec.global.caCertsConfigMap names ConfigMap "corp-cas", which wandb-sso did not set`,
            );
            expectEqual(
                c.kube.get<Live>(V2, "wandb-own-ca", NS).spec.global,
                { caCertsConfigMap: "corp-cas" },
                "the user's spec.global after the refused preview",
            );
            c.kube.run(["delete", "namespace", NS, "--wait=true", "--timeout=120s"]);
            c.kube.run(["delete", "crd", CRD_NAME, "--wait=true", "--timeout=120s"]);
        },
    },
];
