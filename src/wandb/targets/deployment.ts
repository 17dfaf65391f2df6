// The `deployment` target: point an existing wandb/local Deployment's container at the ConfigMap
// and Secret, by reference, with a server-side-apply patch that owns only those env entries.
// Submodules rather than the package root, which loads every API group the provider has.
import * as appsv1 from "@pulumi/kubernetes/apps/v1";
import type * as k8sInputs from "@pulumi/kubernetes/types/input";
import * as pulumi from "@pulumi/pulumi";
import { kubernetesNameParser } from "../../parse/names";
import { wandbEnvReferences, type EnvReference } from "../env";
import type { TargetContext, TargetResult, WandbTargetRecord } from "./record";
import { PATCH_FORCE_ANNOTATION, repointing } from "./repointing";

/**
 * Kubernetes env entries that read each variable by reference, never as a plain value, so a
 * changed value (a new ConfigMap or Secret name) changes the pod template and rolls W&B once.
 */
export function envFromReferences(
    refs: readonly EnvReference[],
    names: { configMap: pulumi.Input<string>; secret?: pulumi.Input<string> },
): k8sInputs.core.v1.EnvVar[] {
    // No `value: ""` to take over a plain value another tool set: the Kubernetes provider converts
    // its inputs to the typed object and back before it applies (normalizeInputs in
    // provider/pkg/provider/provider.go, clients.Normalize; 4.25.0 and still at its July 2026 head),
    // and EnvVar's `value` is omitempty, so the empty string never reaches the API server. Such a
    // variable must be removed by the tool that set it (docs/wandb.md).
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
}

export function patchDeployment(resourceName: string, args: DeploymentTargetArgs, opts: pulumi.CustomResourceOptions) {
    return new appsv1.DeploymentPatch(
        resourceName,
        {
            metadata: { name: args.name, namespace: args.namespace, annotations: { ...PATCH_FORCE_ANNOTATION } },
            spec: { template: { spec: { containers: [{ name: args.container, env: args.env }] } } },
        },
        opts,
    );
}

/** A server-side-apply patch of the Deployment's container env, every entry a reference. */
function wire(context: TargetContext): TargetResult {
    const { component, name, workload, input, configMapName, secretName } = context;
    const refs = wandbEnvReferences({ ...input, hasSecret: context.hasClientSecret });
    const { namespace, container } = workload;
    patchDeployment(
        `${name}-deployment`,
        { namespace, name: workload.name, container, env: envFromReferences(refs, { configMap: configMapName, secret: secretName }) },
        repointing(context),
    );
    void pulumi.log.info(
        `Deployment ${namespace}/${workload.name}, container ${container}: wandb-sso owns ${refs.map((r) => r.name).join(", ")} ` +
            "(server-side apply with force). A variable another tool set as a plain value must be removed there first: " +
            "the API server refuses a value beside wandb-sso's reference (docs/wandb.md).",
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
    stackOutputs: {},
} satisfies WandbTargetRecord;
