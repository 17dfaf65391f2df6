// Taking over W&B variables set by hand, in `pulumi up`: a resource hook bound to the Deployment
// patch, run after the switch-over check and just before the patch is applied, that moves each such
// variable's fields to wandb-sso's field manager (envOwnership.ts `takeOverPatch` says why and
// how). It talks to the API server itself: no Pulumi resource writes managedFields. It reaches the
// cluster the way the default Kubernetes provider does (the stack's kubernetes:kubeconfig,
// kubernetes:context and kubernetes:cluster, else $KUBECONFIG or ~/.kube/config, else the
// in-cluster account: pulumi-kubernetes v4.25.0 provider/pkg/provider/provider.go, Configure), and
// writes only to the object the provider read (same UID), so a provider pointed elsewhere fails
// the hook instead of writing to another cluster.
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { formatProblem } from "../../problems";
import { CHART_SSL_CERT_ENV } from "../caCerts";
import { judgeLiveDeployment, takeOverPatch, type LiveDeployment } from "./envOwnership";

/**
 * What the patch puts in place of the plain values of `names` taken over: references, and with CA
 * certificates the chart's own values of its SSL variables (caCerts.ts).
 */
export function takenOverReplacement(names: readonly string[]): string {
    const ssl = CHART_SSL_CERT_ENV.map((e) => e.name).filter((n) => names.includes(n));
    if (ssl.length === 0) return "each plain value with its reference";
    return ssl.length === names.length
        ? "each plain value with the chart's value"
        : `each plain value with its reference (${ssl.join(", ")}: with the chart's value)`;
}

/** What the hook needs: the Deployment the provider read, and the variables wandb-sso will own. */
export interface TakeOverPlan {
    readonly namespace: string;
    readonly deployment: string;
    readonly container: string;
    /** Every variable wandb-sso owns (re-judged on the fresh object). */
    readonly names: readonly string[];
    /** Those the read found set by hand: when none, the hook does nothing and loads no client. */
    readonly byHand: readonly string[];
    /** The UID of the Deployment the Kubernetes provider read. */
    readonly uid: string | undefined;
    /** wandb-sso's field manager for this patch. */
    readonly manager: string;
}

/** The hook's name: unique per WandbOidc component, as the engine requires. */
export const takeOverHookName = (component: string) => `${component}-take-over-hand-set`;

/** How often the transfer is tried again when the Deployment changed between read and write (a 409). */
const ATTEMPTS = 3;

/**
 * The hook. `plan` resolves once the live read is judged (the patch waits for that judgement, so
 * by the time the engine runs a `before*` hook it has).
 */
export function takeOverHook(
    component: pulumi.ComponentResource,
    name: string,
    plan: Promise<TakeOverPlan | undefined>,
): pulumi.ResourceHook {
    return new pulumi.ResourceHook(takeOverHookName(name), async () => {
        const p = await plan;
        if (p === undefined || p.byHand.length === 0) return;
        const api = await deploymentsApi();
        for (let attempt = 1; ; attempt++) {
            const fresh = (await api.read(p.namespace, p.deployment)) as LiveDeployment;
            if (p.uid !== undefined && fresh.metadata?.uid !== p.uid) {
                throw new Error(
                    `WandbOidc "${name}": the Deployment ${p.namespace}/${p.deployment} reached through the kubeconfig (${api.where}) is not the one the Kubernetes provider read (another UID): the variables set by hand cannot be taken over; point kubernetes:kubeconfig/kubernetes:context at the provider's cluster`,
                );
            }
            const verdict = judgeLiveDeployment(fresh, p.container, p.names, p.manager);
            if (verdict.problems.length > 0) {
                throw new Error(`WandbOidc "${name}": ${verdict.problems.map((problem) => formatProblem(problem)).join("; ")}`);
            }
            const patch = takeOverPatch(fresh, p.container, verdict.takeOver, p.manager, new Date());
            if (patch === undefined) return;
            try {
                await api.patch(p.namespace, p.deployment, patch);
                void pulumi.log.info(
                    `took over ${verdict.takeOver.join(", ")} (set by hand) in Deployment ${p.namespace}/${p.deployment}, container ${p.container}: their field ownership moved to ${p.manager}, so this apply replaces ${takenOverReplacement(verdict.takeOver)} in one rollout`,
                    component,
                );
                return;
            } catch (err) {
                if (conflict(err) && attempt < ATTEMPTS) continue;
                throw err;
            }
        }
    });
}

function conflict(err: unknown): boolean {
    return typeof err === "object" && err !== null && (err as { code?: unknown }).code === 409;
}

/** Reading and patching Deployments, through @kubernetes/client-node (loaded only when a takeover is due). */
interface DeploymentsApi {
    /** Which kubeconfig context it uses, for messages. */
    readonly where: string;
    read(namespace: string, name: string): Promise<unknown>;
    patch(namespace: string, name: string, operations: unknown[]): Promise<void>;
}

async function deploymentsApi(): Promise<DeploymentsApi> {
    const k8s = await import("@kubernetes/client-node");
    const kc = new k8s.KubeConfig();
    // The raw store: a kubeconfig set as a secret is read as it is, without the SDK's warning.
    const settings = kubeconfigSettings((key) => pulumi.runtime.getConfig(`kubernetes:${key}`));
    if (settings.file !== undefined) kc.loadFromFile(settings.file);
    else if (settings.contents !== undefined) kc.loadFromString(settings.contents);
    else kc.loadFromDefault();
    if (settings.context !== undefined) kc.setCurrentContext(settings.context);
    if (settings.cluster !== undefined) {
        const current = kc.getCurrentContext();
        kc.loadFromOptions({
            clusters: kc.clusters,
            users: kc.users,
            contexts: kc.contexts.map((c) => (c.name === current ? { ...c, cluster: settings.cluster } : c)),
            currentContext: current,
        });
    }
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    return {
        where: `context ${kc.getCurrentContext() || "(in-cluster)"}`,
        read: (namespace, name) => apps.readNamespacedDeployment({ namespace, name }),
        patch: async (namespace, name, operations) => {
            await apps.patchNamespacedDeployment(
                { namespace, name, body: operations },
                k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.JsonPatch),
            );
        },
    };
}

/**
 * Where the default Kubernetes provider finds its cluster, from the stack's `kubernetes:` settings:
 * `kubeconfig` is a path (`~` expanded) when such a file exists, else the kubeconfig's contents
 * (pulumi-kubernetes v4.25.0 provider/pkg/provider/util.go, parseKubeconfigString).
 */
export function kubeconfigSettings(get: (key: string) => string | undefined): {
    file?: string;
    contents?: string;
    context?: string;
    cluster?: string;
} {
    const kubeconfig = get("kubeconfig");
    const context = get("context") || undefined;
    const cluster = get("cluster") || undefined;
    const rest = { ...(context !== undefined && { context }), ...(cluster !== undefined && { cluster }) };
    if (kubeconfig === undefined || kubeconfig === "") return rest;
    const expanded = kubeconfig === "~" ? homedir() : kubeconfig.startsWith("~/") ? path.join(homedir(), kubeconfig.slice(2)) : kubeconfig;
    return existsSync(expanded) ? { file: expanded, ...rest } : { contents: kubeconfig, ...rest };
}
