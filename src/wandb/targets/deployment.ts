// The `deployment` target: point an existing wandb/local Deployment's container at the ConfigMap
// and Secret, by reference, with a server-side-apply patch that owns only those env entries. Before
// anything is created, the live Deployment is read and judged (envOwnership.ts): variables set by
// hand are taken over (takeover.ts), those a tool owns are refused.
// Submodules rather than the package root, which loads every API group the provider has.
import { createHash } from "node:crypto";
import * as appsv1 from "@pulumi/kubernetes/apps/v1";
import type * as k8sInputs from "@pulumi/kubernetes/types/input";
import * as pulumi from "@pulumi/pulumi";
import { kubernetesNameParser } from "../../parse/names";
import { formatProblem } from "../../problems";
import { CHART_CA_MOUNTS, CHART_SSL_CERT_ENV, chartCaVolumeMounts, chartCaVolumes } from "../caCerts";
import { wandbEnvReferences, type EnvReference } from "../env";
import { canBindResourceHooks } from "../guard";
import { judgeLiveDeployment, type LiveDeployment } from "./envOwnership";
import type { LiveCheck, LiveContext, TargetContext, TargetResult, WandbTargetRecord } from "./record";
import { PATCH_FORCE_ANNOTATION, repointing } from "./repointing";
import { takenOverReplacement, takeOverHook, type TakeOverPlan } from "./takeover";

/**
 * Kubernetes env entries that read each variable by reference, never as a plain value, so a
 * changed value (a new ConfigMap or Secret name) changes the pod template and rolls W&B once.
 */
export function envFromReferences(
    refs: readonly EnvReference[],
    names: { configMap: pulumi.Input<string>; secret?: pulumi.Input<string> },
): k8sInputs.core.v1.EnvVar[] {
    // No `value: ""` to clear a plain value set by hand: the Kubernetes provider converts its inputs
    // to the typed object and back before it applies (normalizeInputs in
    // provider/pkg/provider/provider.go, clients.Normalize; 4.25.0 and still at its July 2026 head),
    // and EnvVar's `value` is omitempty, so the empty string never reaches the API server. A value
    // set by hand is removed by the apply's prune once wandb-sso owns it (takeover.ts); one a tool
    // owns is refused before anything is created (envOwnership.ts).
    return refs.map((ref) => {
        if (ref.source === "configMap") {
            const optional = ref.optional && { optional: true };
            return { name: ref.name, valueFrom: { configMapKeyRef: { name: names.configMap, key: ref.key, ...optional } } };
        }
        if (names.secret === undefined) throw new Error(`W&B variable ${ref.name} needs a Secret, and none was created`);
        return { name: ref.name, valueFrom: { secretKeyRef: { name: names.secret, key: ref.key } } };
    });
}

export interface DeploymentTargetArgs {
    readonly namespace: string;
    readonly name: string;
    readonly container: string;
    readonly env: k8sInputs.core.v1.EnvVar[];
    /** The patch's server-side-apply field manager (`patchFieldManager`). */
    readonly fieldManager: string;
    /** The CA certificates' volumes (the pod's) and mounts (the container's), when there are any. */
    readonly ca?: { readonly volumes: k8sInputs.core.v1.Volume[]; readonly volumeMounts: k8sInputs.core.v1.VolumeMount[] };
}

/** The API server's limit for a field manager's name (apimachinery validation: 128 characters). */
const MAX_FIELD_MANAGER_CHARS = 128;

/**
 * The patch's field manager: named, so that the takeover can move fields to it before the patch
 * exists (otherwise the provider draws a random `pulumi-kubernetes-<hex>` when it creates the patch:
 * provider/pkg/provider/provider.go, fieldManagerName, 4.25.0), and one per WandbOidc component (two
 * components patching containers of one Deployment must not prune each other's variables). A patch
 * made before it had a name switches to it in its next update, and the provider then relinquishes
 * the old one (provider.go, Update: ssa.Relinquish when the field manager changes).
 */
export function patchFieldManager(component: string): string {
    const name = `wandb-sso-${component}`;
    if (name.length <= MAX_FIELD_MANAGER_CHARS) return name;
    const digest = createHash("sha256").update(component).digest("hex").slice(0, 12);
    return `${name.slice(0, MAX_FIELD_MANAGER_CHARS - 13)}-${digest}`;
}

export function patchDeployment(resourceName: string, args: DeploymentTargetArgs, opts: pulumi.CustomResourceOptions) {
    const { ca } = args;
    return new appsv1.DeploymentPatch(
        resourceName,
        {
            metadata: {
                name: args.name,
                namespace: args.namespace,
                annotations: { ...PATCH_FORCE_ANNOTATION, [PATCH_FIELD_MANAGER_ANNOTATION]: args.fieldManager },
            },
            spec: {
                template: {
                    spec: {
                        containers: [{ name: args.container, env: args.env, ...(ca && { volumeMounts: ca.volumeMounts }) }],
                        ...(ca && { volumes: ca.volumes }),
                    },
                },
            },
        },
        opts,
    );
}

/** The provider's annotation that names a patch's field manager (provider/pkg/metadata/annotations.go, 4.25.0). */
export const PATCH_FIELD_MANAGER_ANNOTATION = "pulumi.com/patchFieldManager";

/**
 * The CA ConfigMap in the container as operator-wandb mounts `global.caCertsConfigMap` (src/wandb/caCerts.ts:
 * templates/_volumes.tpl and _env.tpl): the emptyDir at /usr/local/share/ca-certificates/, the
 * ConfigMap at .../configmap, and SSL_CERT_FILE, SSL_CERT_DIR and REQUESTS_CA_BUNDLE at the system
 * bundle the image folds them into. Volumes are a list-map keyed by name, mounts by mountPath and
 * env by name, so server-side apply adds these entries beside the Deployment's own.
 */
function caPieces(caConfigMapName: pulumi.Output<string> | undefined) {
    if (caConfigMapName === undefined) return { env: [], ca: undefined };
    return {
        env: CHART_SSL_CERT_ENV.map((e) => ({ ...e })),
        ca: { volumes: chartCaVolumes(caConfigMapName), volumeMounts: chartCaVolumeMounts() },
    };
}

/**
 * The variables wandb-sso owns in the container, in order: the references, then, with CA
 * certificates, the chart's SSL variables (plain values), which the live Deployment is judged for
 * like the others: taken over when set by hand, refused when a tool sets them.
 */
function ownedNames(context: LiveContext): string[] {
    const refs = wandbEnvReferences({ ...context.input, hasSecret: context.hasClientSecret }).map((r) => r.name);
    return [...refs, ...(context.hasCaCerts ? CHART_SSL_CERT_ENV.map((e) => e.name) : [])];
}

/**
 * Reads the live Deployment (the provider's `Deployment.get`, a read in preview) and judges who owns
 * each variable wandb-sso will own, before anything is created: what it refuses fails the gate,
 * and with it every resource of the component. The read's outputs are Pulumi secrets: a plain
 * value set by hand may be the client secret (OIDC_SECRET), and the kubectl annotation repeats it;
 * so is the provider's `__inputs`, its own copy of the object (provider.go, checkpointObject),
 * which held the secret in plain text in the state until it was (found by the e2e scenario
 * adopt-hand-set).
 */
function readLive(context: LiveContext): LiveCheck {
    const { component, name, workload } = context;
    const { namespace, container } = workload;
    const manager = patchFieldManager(name);
    const names = ownedNames(context);
    const live = appsv1.Deployment.get(`${name}-live`, `${namespace}/${workload.name}`, {
        parent: component,
        additionalSecretOutputs: ["metadata", "spec", "__inputs"],
    });
    let resolvePlan!: (plan: TakeOverPlan | undefined) => void;
    const plan = new Promise<TakeOverPlan | undefined>((resolve) => (resolvePlan = resolve));
    const gate = pulumi.all([live.metadata, live.spec]).apply(([metadata, spec]) => {
        const deployment = { metadata, spec } as LiveDeployment;
        const verdict = judgeLiveDeployment(deployment, container, names, manager);
        if (verdict.problems.length > 0) {
            resolvePlan(undefined);
            const problems = verdict.problems.map((problem) => formatProblem(problem)).join("; ");
            throw new pulumi.ResourceError(`WandbOidc "${name}": Deployment ${namespace}/${workload.name}: ${problems}`, component, true);
        }
        if (verdict.takeOver.length > 0) {
            void pulumi.log.info(
                `Deployment ${namespace}/${workload.name}, container ${container}: ${verdict.takeOver.join(", ")} ${verdict.takeOver.length === 1 ? "was" : "were"} set by hand (kubectl): ` +
                    `in pulumi up, wandb-sso takes ${verdict.takeOver.length === 1 ? "it" : "them"} over (field ownership moves to ${manager}), then the patch replaces ${takenOverReplacement(verdict.takeOver)}, in one rollout`,
                component,
            );
        }
        resolvePlan({
            namespace,
            deployment: workload.name,
            container,
            names,
            byHand: verdict.takeOver,
            uid: deployment.metadata?.uid,
            manager,
        });
        return [live];
    });
    // Not under a runtime that cannot take hooks (Pulumi's mock runtime: guard.ts), where hooks never run.
    if (!canBindResourceHooks()) return { gate, hooks: undefined };
    const hook = takeOverHook(component, name, plan);
    return { gate, hooks: { beforeCreate: [hook], beforeUpdate: [hook] } };
}

/** Two hook bindings as one, `first`'s hooks running first in each kind. */
function bothHooks(
    first: pulumi.ResourceHookBinding | undefined,
    second: pulumi.ResourceHookBinding | undefined,
): pulumi.ResourceHookBinding | undefined {
    if (first === undefined || second === undefined) return first ?? second;
    const kinds = new Set([...Object.keys(first), ...Object.keys(second)]) as Set<keyof pulumi.ResourceHookBinding>;
    return Object.fromEntries([...kinds].map((kind) => [kind, [...(first[kind] ?? []), ...(second[kind] ?? [])]]));
}

/** A server-side-apply patch of the Deployment's container env, every entry a reference. */
function wire(context: TargetContext): TargetResult {
    const { component, name, workload, input, configMapName, secretName, live } = context;
    const refs = wandbEnvReferences({ ...input, hasSecret: context.hasClientSecret });
    const { namespace, container } = workload;
    const { env: caEnv, ca } = caPieces(context.caConfigMapName);
    const fieldManager = patchFieldManager(name);
    const options = repointing(context);
    const hooks = bothHooks(options.hooks, live?.hooks);
    patchDeployment(
        `${name}-deployment`,
        {
            namespace,
            name: workload.name,
            container,
            env: [...envFromReferences(refs, { configMap: configMapName, secret: secretName }), ...caEnv],
            fieldManager,
            ...(ca && { ca }),
        },
        { ...options, ...(hooks && { hooks }), ...(live && { dependsOn: live.gate }) },
    );
    const owned = [...refs.map((r) => r.name), ...caEnv.map((e) => e.name)];
    void pulumi.log.info(
        `Deployment ${namespace}/${workload.name}, container ${container}: wandb-sso owns ${owned.join(", ")} ` +
            `(server-side apply with force, field manager ${fieldManager}); the rest of the Deployment stays its owners'`,
        component,
    );
    return {};
}

export const deployment = {
    wire,
    guardsRepointing: true,
    retainReplaced: false,
    secret: "clientSecret",
    breakGlass: {
        arrives: ({ namespace, name, container }) =>
            `LOCAL_RESTORE=true is set on Deployment ${namespace}/${name} (container ${container}), which rolls its pods`,
        // W&B prints the temporary password in the wandb/local container's log.
        passwordLogs: ({ namespace, name, container }) =>
            `kubectl logs -n ${namespace} deployment/${name} -c ${container} | grep -i password`,
        afterSsoBackOn: undefined,
    },
    nameParser: (fallback) => kubernetesNameParser("subdomain", fallback),
    container: { applies: true },
    repointNote: "The Deployment is re-pointed in the same pulumi up and its pods roll once.",
    caDelivery: {
        where: `the container's volumes ${CHART_CA_MOUNTS.root.volume} (emptyDir at ${CHART_CA_MOUNTS.root.mountPath}) and ${CHART_CA_MOUNTS.configMap.volume} (the CA ConfigMap at ${CHART_CA_MOUNTS.configMap.mountPath}) and ${CHART_SSL_CERT_ENV.map((e) => e.name).join(", ")}, as operator-wandb mounts global.caCertsConfigMap`,
        usersOwn: `While caCerts is set it takes the place of a volume of the Deployment's with the same name or a mount at the same path, and takes over ${CHART_SSL_CERT_ENV.map((e) => e.name).join(", ")} as it does its other variables (set by hand: taken over; set by a tool: refused); the Deployment's other volumes, mounts and variables stay as they are.`,
    },
    stackOutputs: {},
    readLive,
} satisfies WandbTargetRecord;
