// How each target re-points W&B at the ConfigMap and Secret: one function per target, each creating
// what re-points W&B (if anything) and saying, once, what it owns.
import * as pulumi from "@pulumi/pulumi";
import { wandbEnvReferences, type WandbOidcInput } from "./env";
import { envFromReferences, patchDeployment } from "./deployment";
import { patchWeightsAndBiases, valuePaths, wandbChartValues, type WandbChartValues } from "./chart";
import type { WandbSettings, WandbTarget } from "./settings";

export interface TargetContext {
    /** The WandbOidc component: the parent of what a target creates, and where it logs. */
    readonly component: pulumi.ComponentResource;
    /** The component's name, which the target's resources are named after. */
    readonly name: string;
    readonly settings: WandbSettings;
    readonly input: WandbOidcInput<pulumi.Output<string>>;
    /** The settings objects: the ConfigMap always, the Secret when the IdP issued a client secret. */
    readonly configMapName: pulumi.Output<string>;
    readonly secretName?: pulumi.Output<string>;
}

export interface TargetResult {
    /** operator and helm: the operator-wandb chart values wandb-sso sets. */
    readonly chartValues?: pulumi.Output<WandbChartValues>;
}

/** deployment: a server-side-apply patch of the Deployment's container env, every entry a reference. */
function deploymentTarget({ component, name, settings, input, configMapName, secretName }: TargetContext): TargetResult {
    const refs = wandbEnvReferences({ ...input, hasSecret: secretName !== undefined });
    const { namespace, container } = settings;
    patchDeployment(
        `${name}-deployment`,
        { namespace, name: settings.name, container, env: envFromReferences(refs, { configMap: configMapName, secret: secretName }) },
        { parent: component },
    );
    void pulumi.log.info(
        `Deployment ${namespace}/${settings.name}, container ${container}: wandb-sso owns ${refs.map((r) => r.name).join(", ")} ` +
            "(server-side apply with force); values another tool set for them are replaced by references to the ConfigMap/Secret.",
        component,
    );
    return {};
}

/** The chart values for the operator and helm targets: the Secret by name, never the secret. */
function chartValuesOf({ settings, input, configMapName, secretName }: TargetContext) {
    return wandbChartValues<pulumi.Output<string>>({
        ...input,
        ...(settings.oidcConfigMap && { configMapName }),
        ...(secretName && { secretName }),
    });
}

/** operator: a server-side-apply patch of the WeightsAndBiases resource's `spec.values`. */
function operatorTarget(context: TargetContext): TargetResult {
    const { component, name, settings } = context;
    const values = chartValuesOf(context);
    patchWeightsAndBiases(`${name}-operator`, { namespace: settings.namespace, name: settings.name, values }, { parent: component });
    void pulumi.log.info(
        `WeightsAndBiases ${settings.namespace}/${settings.name}: wandb-sso owns spec.values ${valuePaths(values).join(", ")} (server-side apply with force); nothing else in the resource changes. ` +
            (settings.oidcConfigMap
                ? "ConfigMap mode (global.auth.oidc.oidcConfigMap) needs a chart that has it (newer than operator-wandb 0.41.3)."
                : "Needs operator-wandb 0.38.0 or later for oidcSecret; pkce reaches every W&B service from 0.41.2."),
        component,
    );
    return { chartValues: pulumi.output(values) };
}

/** helm: nothing re-points W&B here; the values are an output for the user's `helm upgrade`. */
function helmTarget(context: TargetContext): TargetResult {
    const { component, settings } = context;
    const values = chartValuesOf(context);
    const { namespace, name } = settings;
    void pulumi.log.info(
        `helm target: no workload was changed. Give release ${namespace}/${name} the helmValues output (${valuePaths(values).join(", ")}), e.g. ` +
            `pulumi stack output helmValues --json > wandb-sso-values.json && helm upgrade ${name} wandb/operator-wandb -n ${namespace} --reuse-values -f wandb-sso-values.json. ` +
            "Replaced ConfigMaps/Secrets are kept (retainOnDelete) until you delete them after the upgrade.",
        component,
    );
    return { chartValues: pulumi.output(values) };
}

export const TARGETS: Readonly<Record<WandbTarget, (context: TargetContext) => TargetResult>> = {
    deployment: deploymentTarget,
    operator: operatorTarget,
    helm: helmTarget,
};
