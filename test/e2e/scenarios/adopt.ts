// The first day after W&B's manual SSO guide, for real: a W&B Deployment whose OIDC variables were
// set by hand (`kubectl set env`) is taken over by the first `pulumi up` of an `existing` stack with
// one rollout and no ReplicaSet without them; variables Helm owns, and a container that is not
// there, are refused before anything is created. Each scenario has a namespace and stack of its own.
import type { Scenario } from "../lib/harness";
import { expect, expectEqual } from "../lib/harness";
import type { Container } from "../lib/kube";
import { repoProject, Stack, tail } from "../lib/pulumi";
import {
    CONTAINER,
    type Context,
    DEPLOYMENT,
    existingStack,
    expectHelmEnvUntouched,
    expectedOidcEnv,
    oidcEnvOf,
    ownersOf,
    wandbDeployment,
    withManagedFields,
} from "./context";

/** What W&B's manual guide has the user set on the pod (reference/wandb-server-oidc-sso.txt). */
const GUIDE_VARIABLES = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_AUTH_METHOD", "OIDC_SECRET"] as const;

function stackIn(c: Context, name: string): Stack {
    return new Stack(c.env, name, repoProject(`${c.work}/project`));
}

/** The W&B-like Deployment of context.ts in `namespace`, its own env applied as Helm's, paused (no ReplicaSet yet) when asked. */
function createWandb(c: Context, namespace: string, options: { paused?: boolean; env?: readonly object[] } = {}): void {
    c.kube.run(["create", "namespace", namespace]);
    const d = wandbDeployment() as {
        metadata: { namespace: string };
        spec: { paused?: boolean; template: { spec: { containers: { env: object[] }[] } } };
    };
    d.metadata.namespace = namespace;
    if (options.paused) d.spec.paused = true;
    if (options.env) d.spec.template.spec.containers[0]!.env = [...d.spec.template.spec.containers[0]!.env, ...options.env];
    c.kube.apply(d, "helm");
}

/** The hand-set variables as W&B's guide has them, pointing at the e2e provider's confidential client. */
function guideValues(c: Context): Record<(typeof GUIDE_VARIABLES)[number], string> {
    // implicit, as W&B defaults to: wandb-sso's stack says pkce, so the pod must see the change.
    return { OIDC_ISSUER: c.op.issuer, OIDC_CLIENT_ID: c.op.clientId, OIDC_AUTH_METHOD: "implicit", OIDC_SECRET: c.op.clientSecret };
}

const containerOf = (template: unknown): Container | undefined =>
    (template as { spec: { containers: Container[] } }).spec.containers.find((x) => x.name === CONTAINER);

/** The ConfigMaps and Secrets wandb-sso would have made in a namespace (its labels). */
function wandbSsoObjects(c: Context, namespace: string): string[] {
    return ["configmaps", "secrets"].flatMap((kind) =>
        c.kube
            .list(kind, namespace)
            .filter((o) => (o.metadata as { labels?: Record<string, string> }).labels?.["app.kubernetes.io/component"] === "oidc")
            .map((o) => `${kind}/${o.metadata.name}`),
    );
}

/** A refused `pulumi up`: non-zero, the refusal in the output, nothing of wandb-sso's created, the Deployment not written. */
async function expectRefused(c: Context, stack: Stack, namespace: string, refusal: RegExp): Promise<void> {
    const generation = c.kube.get("deployment", DEPLOYMENT, namespace).metadata.generation;
    const r = await stack.up();
    const output = r.stdout + r.stderr;
    expect(r.code !== 0, `pulumi up succeeded:\n${tail(output)}`);
    expect(refusal.test(output), `the failure does not say ${refusal}:\n${tail(output)}`);
    expectEqual(wandbSsoObjects(c, namespace), [], `wandb-sso's ConfigMaps and Secrets in ${namespace}`);
    expectEqual(c.kube.get("deployment", DEPLOYMENT, namespace).metadata.generation, generation, "the Deployment's generation");
}

export const adoptScenarios: Scenario<Context>[] = [
    {
        name: "adopt-hand-set",
        async run(c) {
            const ns = "wandb-hand-set";
            // Created paused, so that its first ReplicaSet is the one the hand-set variables roll out.
            createWandb(c, ns, { paused: true });
            const values = guideValues(c);
            c.kube.run([
                "set",
                "env",
                "-n",
                ns,
                `deployment/${DEPLOYMENT}`,
                "-c",
                CONTAINER,
                ...GUIDE_VARIABLES.map((n) => `${n}=${values[n]}`),
            ]);
            c.kube.run(["rollout", "resume", "-n", ns, `deployment/${DEPLOYMENT}`]);
            c.kube.rolloutStatus(ns, DEPLOYMENT);
            const before = withManagedFields(c, ns);
            for (const name of GUIDE_VARIABLES) expectEqual(ownersOf(before, name), ["kubectl-set"], `the owners of ${name} before`);

            const s = stackIn(c, "e2e-adopt-hand-set");
            await existingStack(c, s, { target: "deployment", namespace: ns, name: DEPLOYMENT, container: CONTAINER });
            const preview = await s.pulumi(["preview", "--diff"], { timeoutSeconds: 300 });
            expect(preview.code === 0, `pulumi preview failed:\n${tail(preview.stdout + preview.stderr)}`);
            // (--diff prints the diagnostics on stderr.)
            const previewed = preview.stdout + preview.stderr;
            expect(
                /OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_AUTH_METHOD, OIDC_SECRET were set by hand \(kubectl\)/.test(previewed),
                `the preview does not announce the takeover:\n${tail(previewed)}`,
            );
            const r = await s.up();
            const output = r.stdout + r.stderr;
            expect(r.code === 0, `pulumi up failed:\n${tail(output)}`);
            expect(
                /took over OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_AUTH_METHOD, OIDC_SECRET \(set by hand\)/.test(output),
                `no word of the takeover:\n${tail(output)}`,
            );
            c.kube.rolloutStatus(ns, DEPLOYMENT, 60);

            // The pod sees the new settings (pkce, the GORILLA_ names), every one by reference.
            expectEqual(oidcEnvOf(c.kube.podEnv(ns, DEPLOYMENT, CONTAINER)), expectedOidcEnv(c), "the OIDC environment W&B's pod sees");
            const env = c.kube.containers(ns, DEPLOYMENT).find((x) => x.name === CONTAINER)?.env ?? [];
            const oidcNames = Object.keys(oidcEnvOf(Object.fromEntries(env.map((e) => [e.name, ""]))));
            const plain = env.filter((e) => oidcNames.includes(e.name) && e.valueFrom === undefined);
            expectEqual(
                plain.map((e) => e.name),
                [],
                "OIDC variables left with a plain value",
            );
            expectHelmEnvUntouched(c, ns);

            // One rollout: the managedFields transfer changed no generation, the apply one; and no
            // ReplicaSet, old or new, ever ran without the variables.
            const after = withManagedFields(c, ns);
            expectEqual(after.metadata.generation, before.metadata.generation! + 1, "the Deployment's generation after pulumi up");
            const replicaSets = c.kube.list("replicasets", ns);
            expectEqual(replicaSets.length, 2, "ReplicaSets (the hand-set rollout and wandb-sso's)");
            for (const rs of replicaSets) {
                const names = (containerOf((rs.spec as { template: unknown }).template)?.env ?? []).map((e) => e.name);
                const missing = GUIDE_VARIABLES.filter((n) => !names.includes(n));
                expectEqual(missing, [], `OIDC variables missing from ReplicaSet ${rs.metadata.name}`);
            }
            for (const name of GUIDE_VARIABLES) expectEqual(ownersOf(after, name), ["wandb-sso-wandb"], `the owners of ${name} after`);
            // The read's outputs (the hand-set secret among them) are secret in the state.
            expect(!(await s.exportState()).includes(c.op.clientSecret), "the hand-set client secret is in the stack's state");
        },
    },
    {
        name: "adopt-helm-owned",
        async run(c) {
            const ns = "wandb-helm-owned";
            const values = guideValues(c);
            createWandb(c, ns, { env: GUIDE_VARIABLES.map((name) => ({ name, value: values[name] })) });
            c.kube.rolloutStatus(ns, DEPLOYMENT);
            const s = stackIn(c, "e2e-adopt-helm-owned");
            await existingStack(c, s, { target: "deployment", namespace: ns, name: DEPLOYMENT, container: CONTAINER });
            await expectRefused(
                c,
                s,
                ns,
                /target = "deployment": OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_AUTH_METHOD, OIDC_SECRET in container wandb are set by Helm \(field manager helm\), which will set them again on its next run, so wandb-sso will not take them over: use target helm/,
            );
        },
    },
    {
        name: "adopt-wrong-container",
        async run(c) {
            const ns = "wandb-wrong-container";
            createWandb(c, ns);
            c.kube.rolloutStatus(ns, DEPLOYMENT);
            const s = stackIn(c, "e2e-adopt-wrong-container");
            await existingStack(c, s, { target: "deployment", namespace: ns, name: DEPLOYMENT, container: "local" });
            await expectRefused(
                c,
                s,
                ns,
                /container = "local": the Deployment has no container "local"; its containers are wandb, sidecar/,
            );
        },
    },
];
