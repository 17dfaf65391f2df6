// The `operator` target: a server-side-apply patch of the W&B Operator's `apps.wandb.com/v1`
// `WeightsAndBiases` resource, whose `spec.values` are the operator-wandb chart's values (chart.ts).
// Submodules rather than the package root, which loads every API group the provider has.
import * as apiextensions from "@pulumi/kubernetes/apiextensions";
import * as pulumi from "@pulumi/pulumi";
import { kubernetesNameParser } from "../../parse/names";
import { ownedChartPaths, type ChartValuesOf } from "../chart";
import { CA_CONFIG_MAP_PATH, othersCaConfigMap, othersCaConfigMapError, V2_CA_ANNOTATION } from "../v2Owned";
import { chartPasswordLogs, chartValuesOf } from "./chartBased";
import { readCustomResource } from "./readCustomResource";
import type { LiveCheck, LiveContext, TargetContext, TargetResult, WandbTargetRecord } from "./record";
import { PATCH_FORCE_ANNOTATION, repointing } from "./repointing";

/** The W&B Kubernetes Operator's resource (operator v1); `spec.values` are operator-wandb's values. */
export const WEIGHTS_AND_BIASES = { apiVersion: "apps.wandb.com/v1", kind: "WeightsAndBiases" } as const;

export interface OperatorTargetArgs {
    readonly namespace: string;
    /** The WeightsAndBiases resource. */
    readonly name: string;
    readonly values: ChartValuesOf<pulumi.Input<string>>;
    /** Besides the force annotation: with caCerts, the one naming wandb-sso's CA ConfigMap. */
    readonly annotations?: Record<string, pulumi.Input<string>>;
}

/**
 * Server-side apply of `spec.values` on the existing WeightsAndBiases resource. The operator
 * renders the chart again, and each changed value or reference changes the pods, which roll. The
 * patch owns only the fields it sets (maps merge key by key), so nothing else in the resource
 * changes.
 */
export function patchWeightsAndBiases(resourceName: string, args: OperatorTargetArgs, opts: pulumi.CustomResourceOptions) {
    return new apiextensions.CustomResourcePatch(
        resourceName,
        {
            ...WEIGHTS_AND_BIASES,
            metadata: { name: args.name, namespace: args.namespace, annotations: { ...PATCH_FORCE_ANNOTATION, ...args.annotations } },
            spec: { values: args.values },
        },
        opts,
    );
}

/**
 * With caCerts, the live resource is read before anything is created, and a
 * spec.values.global.caCertsConfigMap the user set is refused (the gate everything waits on fails):
 * as on operator-v2 (othersCaConfigMapError), wandb-sso does not take that field over, since W&B
 * would stop trusting the user's certificates and removing wandb-sso could not give it back.
 * Without caCerts the patch sets nothing of the field, and nothing is read.
 */
function readLive(context: LiveContext): LiveCheck | undefined {
    if (!context.hasCaCerts) return undefined;
    const { component, name, workload } = context;
    const live = readCustomResource(`${name}-live`, WEIGHTS_AND_BIASES, workload, component);
    const resource = `WeightsAndBiases ${workload.namespace}/${workload.name} (apps.wandb.com/v1)`;
    const gate = pulumi.all([live.metadata, live.spec]).apply(([metadata, spec]) => {
        const theirs = othersCaConfigMap({ metadata, spec }, CA_CONFIG_MAP_PATH.v1);
        if (theirs !== undefined) {
            throw new pulumi.ResourceError(
                `WandbOidc "${name}": ${othersCaConfigMapError(resource, theirs, "spec.values.global")}`,
                component,
                true,
            );
        }
        return [live];
    });
    return { gate, hooks: undefined };
}

/** A server-side-apply patch of the v1 WeightsAndBiases resource's `spec.values`. */
function wire(context: TargetContext): TargetResult {
    const { component, name, workload, caConfigMapName } = context;
    const values = chartValuesOf(context);
    patchWeightsAndBiases(
        `${name}-operator`,
        {
            namespace: workload.namespace,
            name: workload.name,
            values,
            ...(caConfigMapName && { annotations: { [V2_CA_ANNOTATION]: caConfigMapName } }),
        },
        { ...repointing(context), ...(context.live && { dependsOn: context.live.gate }) },
    );
    void pulumi.log.info(
        `WeightsAndBiases ${workload.namespace}/${workload.name} (apps.wandb.com/v1): wandb-sso owns spec.values ${ownedChartPaths(values).join(", ")} ` +
            "(server-side apply with force); nothing else in the resource changes. Needs operator-wandb 0.38.0 or later (oidcSecret); " +
            "on an operator that serves apps.wandb.com/v2 (v2.0.0-beta.1 and later) this patch does not reach W&B: use the operator-v2 target.",
        component,
    );
    return { chartValues: pulumi.output(values) };
}

export const operator = {
    wire,
    guardsRepointing: true,
    retainReplaced: false,
    secret: "clientSecret",
    breakGlass: {
        arrives: ({ namespace, name }) =>
            `LOCAL_RESTORE=true is set in the ConfigMap that app.extraEnv and api.extraEnv of WeightsAndBiases ${namespace}/${name} reads; the operator rolls the W&B pods`,
        passwordLogs: chartPasswordLogs,
        afterSsoBackOn: undefined,
    },
    nameParser: (fallback) => kubernetesNameParser("subdomain", fallback),
    container: { applies: false, namedBy: "chart" },
    repointNote:
        "The WeightsAndBiases resource is re-pointed in the same pulumi up; the operator then rolls the W&B pods, and a login that reaches a pod not yet rolled fails until the rollout ends.",
    caDelivery: {
        where: "spec.values.global.caCertsConfigMap (operator-wandb mounts it into every W&B container)",
        usersOwn:
            "A ConfigMap the user named in spec.values.global.caCertsConfigMap is refused rather than taken over (put those certificates into caCerts too, or into global.customCACerts, which wandb-sso never sets, and remove that value); the user's global.customCACerts entries stay as they are.",
    },
    stackOutputs: {},
    // With caCerts the resource is read, for a CA ConfigMap of the user's (readLive above); the
    // Deployment never is: the operator owns what it renders, and the patch merges into spec.values.
    readLive,
} satisfies WandbTargetRecord;
