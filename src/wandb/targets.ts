// How each target re-points W&B at the ConfigMap and Secret: one function per target, each creating
// what re-points W&B (if anything), binding the switch-over guard to it, and saying, once, what it owns.
import * as pulumi from "@pulumi/pulumi";
import { wandbEnvReferences, type WandbOidcInput } from "./env";
import { envFromReferences, patchDeployment } from "./deployment";
import { ownedChartPaths, patchWeightsAndBiases, wandbChartValues } from "./chart";
import { patchWeightsAndBiasesV2, wandbV2Spec } from "./operatorV2";
import type { WandbChartValues, WandbV2Spec } from "./outputTypes";
import type { WandbSettings, WandbTarget } from "./settings";

export interface TargetContext {
    /** The WandbOidc component: the parent of what a target creates, and where it logs. */
    readonly component: pulumi.ComponentResource;
    /** The component's name, which the target's resources are named after. */
    readonly name: string;
    readonly settings: WandbSettings;
    readonly input: WandbOidcInput<pulumi.Output<string>>;
    /** The settings objects: the ConfigMap always, the Secret when there is one. */
    readonly configMapName: pulumi.Output<string>;
    readonly secretName?: pulumi.Output<string>;
    /** Whether the IdP issued a client secret (the Secret then holds it). */
    readonly hasClientSecret: boolean;
    /** The switch-over guard, for the resource that re-points W&B; undefined when it is off. */
    readonly guard?: pulumi.ResourceHookBinding;
    /** Protect the resource that re-points W&B (its deletion takes W&B's OIDC settings away). */
    readonly protect: boolean;
}

export interface TargetResult {
    /** operator and helm: the operator-wandb chart values wandb-sso sets. */
    readonly chartValues?: pulumi.Output<WandbChartValues>;
    /** operator-v2: the v2 fields wandb-sso sets. */
    readonly v2Spec?: pulumi.Output<WandbV2Spec>;
}

/**
 * Resource options for what re-points W&B: the component's child, guarded when the guard is on,
 * protected when asked (`pulumi destroy` would otherwise remove W&B's OIDC settings with it).
 */
const repointing = ({ component, guard, protect }: TargetContext): pulumi.CustomResourceOptions => ({
    parent: component,
    protect,
    ...(guard && { hooks: guard }),
});

/** deployment: a server-side-apply patch of the Deployment's container env, every entry a reference. */
function deploymentTarget(context: TargetContext): TargetResult {
    const { component, name, settings, input, configMapName, secretName } = context;
    const refs = wandbEnvReferences({ ...input, hasSecret: context.hasClientSecret });
    const { namespace, container } = settings;
    patchDeployment(
        `${name}-deployment`,
        { namespace, name: settings.name, container, env: envFromReferences(refs, { configMap: configMapName, secret: secretName }) },
        repointing(context),
    );
    void pulumi.log.info(
        `Deployment ${namespace}/${settings.name}, container ${container}: wandb-sso owns ${refs.map((r) => r.name).join(", ")} ` +
            "(server-side apply with force). A variable another tool set as a plain value must be removed there first: " +
            "the API server refuses a value beside wandb-sso's reference (docs/wandb.md).",
        component,
    );
    return {};
}

/** The chart values for the operator and helm targets: the Secret by name, never the secret. */
function chartValuesOf({ input, configMapName, secretName }: TargetContext) {
    return wandbChartValues<pulumi.Output<string>>(input, { configMapName, ...(secretName && { secretName }) });
}

/** operator: a server-side-apply patch of the v1 WeightsAndBiases resource's `spec.values`. */
function operatorTarget(context: TargetContext): TargetResult {
    const { component, name, settings } = context;
    const values = chartValuesOf(context);
    patchWeightsAndBiases(`${name}-operator`, { namespace: settings.namespace, name: settings.name, values }, repointing(context));
    void pulumi.log.info(
        `WeightsAndBiases ${settings.namespace}/${settings.name} (apps.wandb.com/v1): wandb-sso owns spec.values ${ownedChartPaths(values).join(", ")} ` +
            "(server-side apply with force); nothing else in the resource changes. Needs operator-wandb 0.38.0 or later (oidcSecret); " +
            "on an operator that serves apps.wandb.com/v2 (v2.0.0-beta.1 and later) this patch does not reach W&B: use the operator-v2 target.",
        component,
    );
    return { chartValues: pulumi.output(values) };
}

/** operator-v2: a server-side-apply patch of the v2 WeightsAndBiases resource's first-class OIDC fields. */
function operatorV2Target(context: TargetContext): TargetResult {
    const { component, name, settings, input, configMapName, secretName } = context;
    const spec = wandbV2Spec<pulumi.Output<string>>(input, {
        configMapName,
        secretName: secretName!,
        hasClientSecret: context.hasClientSecret,
    });
    patchWeightsAndBiasesV2(`${name}-operator-v2`, { namespace: settings.namespace, name: settings.name, spec }, repointing(context));
    const legacyEnv = spec.wandb.legacyOverrides.global.env.map((e) => e.name).join(", ");
    void pulumi.log.info(
        `WeightsAndBiases ${settings.namespace}/${settings.name} (apps.wandb.com/v2): wandb-sso owns spec.wandb.oidc (${Object.keys(spec.wandb.oidc).join(", ")})` +
            `${spec.wandb.security ? ", spec.wandb.security.disableSSOProvisioning" : ""} and spec.wandb.legacyOverrides.global.env entries ${legacyEnv} ` +
            "(server-side apply with force); nothing else in the resource changes.",
        component,
    );
    return { v2Spec: pulumi.output(spec) };
}

/** helm: nothing re-points W&B here; the values are an output for the user's `helm upgrade`. */
function helmTarget(context: TargetContext): TargetResult {
    const { component, settings } = context;
    const values = chartValuesOf(context);
    const { namespace, name } = settings;
    void pulumi.log.info(
        `helm target: no workload was changed. Give release ${namespace}/${name} the helmValues output (${ownedChartPaths(values).join(", ")}), e.g. ` +
            `pulumi stack output helmValues --json > wandb-sso-values.json && helm upgrade ${name} wandb/operator-wandb -n ${namespace} --reuse-values -f wandb-sso-values.json. ` +
            "Every key wandb-sso owns is in the values, so the upgrade both sets and unsets. Replaced ConfigMaps/Secrets are kept (retainOnDelete) until you delete them after the upgrade.",
        component,
    );
    return { chartValues: pulumi.output(values) };
}

export const TARGETS: Readonly<Record<WandbTarget, (context: TargetContext) => TargetResult>> = {
    deployment: deploymentTarget,
    operator: operatorTarget,
    "operator-v2": operatorV2Target,
    helm: helmTarget,
};
