// Break-glass: `LOCAL_RESTORE=true` turns SSO off on W&B and makes it print a temporary admin
// password, for when nobody can sign in through the identity provider. What to tell the operator.
import type { WandbTarget } from "./settings";

export interface WandbWorkload {
    readonly target: WandbTarget;
    readonly namespace: string;
    /** The Deployment, the WeightsAndBiases resource, or the Helm release. */
    readonly name: string;
    /** deployment target: the wandb/local container. */
    readonly container: string;
}

/**
 * Where W&B prints the temporary password: the wandb/local container of the Deployment; with the
 * operator-wandb chart (operator and helm targets), the `app` container of the `<release>-app`
 * Deployment, the release being the WeightsAndBiases resource's name under the operator. Operator
 * v2 names its Deployments after its server manifest's applications, so the command lists them.
 */
export function passwordLogsCommand(workload: WandbWorkload): string {
    const { namespace, name } = workload;
    switch (workload.target) {
        case "deployment":
            return `kubectl logs -n ${namespace} deployment/${name} -c ${workload.container} | grep -i password`;
        case "operator-v2":
            return `kubectl get deployments -n ${namespace}, then kubectl logs -n ${namespace} deployment/<the W&B app's Deployment> | grep -i password`;
        default:
            return `kubectl logs -n ${namespace} deployment/${name}-app -c app | grep -i password`;
    }
}

/** How LOCAL_RESTORE reaches W&B, per target. */
function howItArrives(workload: WandbWorkload): string {
    switch (workload.target) {
        case "deployment":
            return `LOCAL_RESTORE=true is set on Deployment ${workload.namespace}/${workload.name} (container ${workload.container}), which rolls its pods`;
        case "operator":
            return `LOCAL_RESTORE=true is set in the ConfigMap that app.extraEnv and api.extraEnv of WeightsAndBiases ${workload.namespace}/${workload.name} reads; the operator rolls the W&B pods`;
        case "operator-v2":
            return `LOCAL_RESTORE=true is set in the ConfigMap that spec.wandb.legacyOverrides.global.env of WeightsAndBiases ${workload.namespace}/${workload.name} (apps.wandb.com/v2) reads; the operator rolls the W&B pods`;
        case "helm":
            return `LOCAL_RESTORE=true is set in the ConfigMap that the helmValues output names: it reaches W&B only when you apply them to release ${workload.name} (helm upgrade)`;
    }
}

/**
 * The warning `pulumi preview`, `pulumi up` and the offline plan print while break-glass is on:
 * that SSO is off, where the temporary password appears, and how to turn SSO back on.
 */
export function breakGlassWarning(workload: WandbWorkload): string {
    return (
        `BREAK-GLASS IS ON (localRestore: true): SSO is OFF on W&B. ${howItArrives(workload)}. ` +
        `Nobody signs in through the identity provider while it is on. Once the new W&B pod has started, it prints a temporary admin password in its log: ` +
        `\`${passwordLogsCommand(workload)}\`. ` +
        "Sign in with it and fix SSO, then turn SSO back on: remove the flag (`pulumi config rm wandb-sso:localRestore`) and run `pulumi up`" +
        (workload.target === "helm" ? ", then apply the new helmValues to the release." : ".")
    );
}
