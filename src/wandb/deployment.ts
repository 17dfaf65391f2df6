// The `deployment` target: point an existing wandb/local Deployment's container at the ConfigMap
// and Secret, by reference, with a server-side-apply patch that owns only those env entries.
// Submodules rather than the package root, which loads every API group the provider has.
import * as appsv1 from "@pulumi/kubernetes/apps/v1";
import type * as k8sInputs from "@pulumi/kubernetes/types/input";
import * as pulumi from "@pulumi/pulumi";
import type { EnvReference } from "./env";

/**
 * Kubernetes env entries that read each variable by reference, never as a plain value, so a
 * changed value (a new ConfigMap or Secret name) changes the pod template and rolls W&B once.
 */
export function envFromReferences(
    refs: readonly EnvReference[],
    names: { configMap: pulumi.Input<string>; secret?: pulumi.Input<string> },
): k8sInputs.core.v1.EnvVar[] {
    // `value: ""` is meant to take over, and empty, a plain value another tool set for the same
    // variable (server-side apply merges field by field, and the API server refuses a non-empty
    // `value` beside a `valueFrom`; `kubectl apply --server-side` with it works). The Kubernetes
    // provider (4.25.0) drops the empty string before it applies, so such a variable must be removed
    // by the tool that set it first (docs/wandb.md); the entry is kept for a provider that sends it.
    return refs.map((ref) => {
        if (ref.source === "configMap")
            return { name: ref.name, value: "", valueFrom: { configMapKeyRef: { name: names.configMap, key: ref.key } } };
        if (names.secret === undefined) throw new Error(`W&B variable ${ref.name} needs a Secret, and none was created`);
        return { name: ref.name, value: "", valueFrom: { secretKeyRef: { name: names.secret, key: ref.key } } };
    });
}

/**
 * Server-side apply fails on fields another manager owns. W&B's Terraform module sets these
 * variables as plain values, so the patch forces ownership of exactly these entries; the
 * component logs that it did.
 */
export const PATCH_FORCE_ANNOTATION = { "pulumi.com/patchForce": "true" } as const;

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
