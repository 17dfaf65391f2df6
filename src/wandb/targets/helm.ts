// The `helm` target: wandb-sso changes no workload. The operator-wandb chart values (chart.ts) are
// a stack output, `helmValues`, for the user's `helm upgrade --reuse-values -f`; until that upgrade
// W&B reads the old ConfigMap and Secret, so replaced ones are kept.
import * as pulumi from "@pulumi/pulumi";
import { helmReleaseNameParser } from "../../parse/names";
import { ownedChartPaths } from "../chart";
import { CHART_CA_USERS_OWN, chartPasswordLogs, chartValuesOf } from "./chartBased";
import type { TargetContext, TargetResult, WandbTargetRecord } from "./record";

/** Nothing re-points W&B here; the values are an output for the user's `helm upgrade`. */
function wire(context: TargetContext): TargetResult {
    const { component, workload } = context;
    const values = chartValuesOf(context);
    const { namespace, name } = workload;
    void pulumi.log.info(
        `helm target: no workload was changed. Give release ${namespace}/${name} the helmValues output (${ownedChartPaths(values).join(", ")}), e.g. ` +
            `pulumi stack output helmValues --json > wandb-sso-values.json && helm upgrade ${name} wandb/operator-wandb -n ${namespace} --reuse-values -f wandb-sso-values.json. ` +
            "Every key wandb-sso owns is in the values, so the upgrade both sets and unsets. Replaced ConfigMaps/Secrets are kept (retainOnDelete) until you delete them after the upgrade.",
        component,
    );
    return { chartValues: pulumi.output(values) };
}

export const helm = {
    wire,
    // wandb-sso does not run the helm upgrade that re-points W&B: the guard binds to the ConfigMap
    // and Secret the values name, and replaced ones are kept for the release to read until then.
    guardsRepointing: false,
    retainReplaced: true,
    secret: "clientSecret",
    breakGlass: {
        arrives: ({ name }) =>
            `LOCAL_RESTORE=true is set in the ConfigMap that the helmValues output names: it reaches W&B only when you apply them to release ${name} (helm upgrade)`,
        passwordLogs: chartPasswordLogs,
        afterSsoBackOn: "apply the new helmValues to the release",
    },
    // The release's name, which Helm limits further than Kubernetes does.
    nameParser: helmReleaseNameParser,
    container: { applies: false, namedBy: "chart" },
    repointNote:
        "W&B keeps the old client ID until you apply the new helmValues (helm upgrade): logins fail from the end of that pulumi up until the upgrade, so run it right away.",
    caDelivery: {
        where: "global.caCertsConfigMap in helmValues (operator-wandb mounts it into every W&B container)",
        usersOwn: CHART_CA_USERS_OWN,
    },
    stackOutputs: {
        helmValues: {
            from: "chartValues",
            use: "(the values for `helm upgrade --reuse-values -f`: after `pulumi up`, pulumi stack output helmValues --json > wandb-sso-values.json)",
        },
    },
    // Nothing to read: wandb-sso does not run the release's upgrade, and Helm owns what it renders.
    readLive: undefined,
} satisfies WandbTargetRecord;
