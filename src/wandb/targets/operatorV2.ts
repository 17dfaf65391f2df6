// The `operator-v2` target: a server-side-apply patch of the W&B Operator's `apps.wandb.com/v2`
// `WeightsAndBiases` resource's own OIDC fields (v2Spec.ts), every one a Secret key selector into
// one Secret that holds all the OIDC settings.
// Submodules rather than the package root, which loads every API group the provider has.
import * as apiextensions from "@pulumi/kubernetes/apiextensions";
import * as pulumi from "@pulumi/pulumi";
import { kubernetesNameParser } from "../../parse/names";
import { wandbV2Spec, type V2SpecOf } from "../v2Spec";
import type { TargetContext, TargetResult, WandbTargetRecord } from "./record";
import { PATCH_FORCE_ANNOTATION, repointing } from "./repointing";

export const WEIGHTS_AND_BIASES_V2 = { apiVersion: "apps.wandb.com/v2", kind: "WeightsAndBiases" } as const;

export interface OperatorV2TargetArgs {
    readonly namespace: string;
    /** The WeightsAndBiases resource. */
    readonly name: string;
    readonly spec: V2SpecOf<pulumi.Input<string>>;
}

/** Server-side apply of the v2 fields on the existing WeightsAndBiases resource. */
export function patchWeightsAndBiasesV2(resourceName: string, args: OperatorV2TargetArgs, opts: pulumi.CustomResourceOptions) {
    return new apiextensions.CustomResourcePatch(
        resourceName,
        {
            ...WEIGHTS_AND_BIASES_V2,
            metadata: { name: args.name, namespace: args.namespace, annotations: { ...PATCH_FORCE_ANNOTATION } },
            spec: args.spec,
        },
        opts,
    );
}

/** A server-side-apply patch of the v2 WeightsAndBiases resource's first-class OIDC fields. */
function wire(context: TargetContext): TargetResult {
    const { component, name, workload, input, configMapName, secretName } = context;
    const spec = wandbV2Spec<pulumi.Output<string>>(input, {
        configMapName,
        // There always is a Secret: this record's `secret` is oidcSettings.
        secretName: secretName!,
        hasClientSecret: context.hasClientSecret,
    });
    patchWeightsAndBiasesV2(`${name}-operator-v2`, { namespace: workload.namespace, name: workload.name, spec }, repointing(context));
    const legacyEnv = spec.wandb.legacyOverrides.global.env.map((e) => e.name).join(", ");
    void pulumi.log.info(
        `WeightsAndBiases ${workload.namespace}/${workload.name} (apps.wandb.com/v2): wandb-sso owns spec.wandb.oidc (${Object.keys(spec.wandb.oidc).join(", ")})` +
            `${spec.wandb.security ? ", spec.wandb.security.disableSSOProvisioning" : ""} and spec.wandb.legacyOverrides.global.env entries ${legacyEnv} ` +
            "(server-side apply with force); nothing else in the resource changes.",
        component,
    );
    return { v2Spec: pulumi.output(spec) };
}

export const operatorV2 = {
    wire,
    guardsRepointing: true,
    retainReplaced: false,
    // v2's OIDC fields are all Secret key selectors: the issuer, client ID and auth method too.
    secret: "oidcSettings",
    breakGlass: {
        arrives: ({ namespace, name }) =>
            `LOCAL_RESTORE=true is set in the ConfigMap that spec.wandb.legacyOverrides.global.env of WeightsAndBiases ${namespace}/${name} (apps.wandb.com/v2) reads; the operator rolls the W&B pods`,
        // Operator v2 names its Deployments after its server manifest's applications, so the command lists them.
        passwordLogs: ({ namespace }) =>
            `kubectl get deployments -n ${namespace}, then kubectl logs -n ${namespace} deployment/<the W&B app's Deployment> | grep -i password`,
        afterSsoBackOn: undefined,
    },
    nameParser: (fallback) => kubernetesNameParser("subdomain", fallback),
    container: { applies: false, namedBy: "operator" },
    repointNote:
        "The WeightsAndBiases resource (apps.wandb.com/v2) is re-pointed in the same pulumi up; the operator then rolls the W&B pods, and a login that reaches a pod not yet rolled fails until the rollout ends.",
    stackOutputs: {},
    // Not read (yet): the operator owns what it renders, and the patch sets first-class fields.
    readLive: undefined,
} satisfies WandbTargetRecord;
