// What the two targets built on W&B's operator-wandb chart share (operator: the W&B Operator renders
// it; helm: the user's release): the chart values from the wiring's context, and where the chart
// runs W&B's server.
import type * as pulumi from "@pulumi/pulumi";
import { wandbChartValues } from "../chart";
import type { TargetContext, TargetWorkload } from "./record";

/** The chart values for the operator and helm targets: the Secret by name, never the secret. */
export function chartValuesOf({ input, configMapName, secretName }: TargetContext) {
    return wandbChartValues<pulumi.Output<string>>(input, { configMapName, ...(secretName && { secretName }) });
}

/**
 * Where W&B prints the temporary password under the chart: the `app` container of the
 * `<release>-app` Deployment, the release being the WeightsAndBiases resource's name under the
 * operator.
 */
export function chartPasswordLogs({ namespace, name }: TargetWorkload): string {
    return `kubectl logs -n ${namespace} deployment/${name}-app -c app | grep -i password`;
}
