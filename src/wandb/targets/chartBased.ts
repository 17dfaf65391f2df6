// What the two targets built on W&B's operator-wandb chart share (operator: the W&B Operator renders
// it; helm: the user's release): the chart values from the wiring's context, and where the chart
// runs W&B's server.
import type * as pulumi from "@pulumi/pulumi";
import { wandbChartValues } from "../chart";
import type { TargetContext, TargetWorkload } from "./record";

/** The chart values for the operator and helm targets: the Secret by name, never the secret; the CA ConfigMap by name, when there is one. */
export function chartValuesOf({ input, configMapName, secretName, caConfigMapName }: TargetContext) {
    return wandbChartValues<pulumi.Output<string>>(input, {
        configMapName,
        ...(secretName && { secretName }),
        ...(caConfigMapName && { caConfigMapName }),
    });
}

/**
 * What becomes of the user's own CA settings on the helm target: wandb-sso's CA ConfigMap takes
 * the place of theirs in operator-wandb's `global.caCertsConfigMap` (values.yaml), which the chart
 * mounts into every W&B container beside the user's `global.customCACerts` (templates/_volumes.tpl;
 * src/wandb/caCerts.ts). wandb-sso runs no helm upgrade and cannot read the release's values, so it
 * cannot refuse as the operator targets do, which read the live resource.
 */
export const CHART_CA_USERS_OWN =
    "While caCerts is set it takes the place of a ConfigMap the user named in global.caCertsConfigMap (move those certificates into global.customCACerts, which wandb-sso never sets, or into caCerts); the user's global.customCACerts entries stay as they are.";

/**
 * Where W&B prints the temporary password under the chart: the `app` container of the
 * `<release>-app` Deployment, the release being the WeightsAndBiases resource's name under the
 * operator.
 */
export function chartPasswordLogs({ namespace, name }: TargetWorkload): string {
    return `kubectl logs -n ${namespace} deployment/${name}-app -c app | grep -i password`;
}
