// Reading a live custom resource (a WeightsAndBiases, v1 or v2) before anything is created, for a
// target's readLive.
import * as apiextensions from "@pulumi/kubernetes/apiextensions";
import type * as pulumi from "@pulumi/pulumi";
import type { LiveObject, TargetWorkload } from "./record";

/**
 * Reads `namespace/name` of the given kind. `CustomResource.get` registers only apiVersion and kind
 * as outputs, so the read is made with the constructor (what `get` calls), naming the outputs wanted.
 */
export function readCustomResource(
    resourceName: string,
    type: { readonly apiVersion: string; readonly kind: string },
    workload: Pick<TargetWorkload, "namespace" | "name">,
    parent: pulumi.Resource,
): pulumi.CustomResource & LiveObject {
    const read = new apiextensions.CustomResource(
        resourceName,
        { ...type, metadata: undefined, spec: undefined },
        { parent, id: `${workload.namespace}/${workload.name}` },
    );
    return read as unknown as pulumi.CustomResource & LiveObject;
}
