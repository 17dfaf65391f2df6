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
    // No `value: ""` to take over a plain value another tool set: the Kubernetes provider converts
    // its inputs to the typed object and back before it applies (normalizeInputs in
    // provider/pkg/provider/provider.go, clients.Normalize; 4.25.0 and still at its July 2026 head),
    // and EnvVar's `value` is omitempty, so the empty string never reaches the API server. Such a
    // variable must be removed by the tool that set it (docs/wandb.md).
    return refs.map((ref) => {
        if (ref.source === "configMap") return { name: ref.name, valueFrom: { configMapKeyRef: { name: names.configMap, key: ref.key } } };
        if (names.secret === undefined) throw new Error(`W&B variable ${ref.name} needs a Secret, and none was created`);
        return { name: ref.name, valueFrom: { secretKeyRef: { name: names.secret, key: ref.key } } };
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
