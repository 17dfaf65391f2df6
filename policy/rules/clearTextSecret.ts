// Policy: W&B's OIDC client secret is only ever referenced (a Kubernetes Secret), never written in a
// workload's spec, a ConfigMap or the operator's values, where anyone who can read them sees it.
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { label } from "../lib/types";
import { readProps } from "../lib/values";
import { wandbSide, type Where } from "../lib/wandbSide";

const FIX: Readonly<Record<Where, string>> = {
    workloadEnv: "put the secret in a Kubernetes Secret and read it with valueFrom.secretKeyRef instead of value",
    configMap: "move it to a Kubernetes Secret (ConfigMaps are not for secrets) and read it with valueFrom.secretKeyRef",
    chartValues: "remove it and name a Kubernetes Secret instead, spec.values.global.auth.oidc.oidcSecret: {name, secretKey}",
    operatorV2: "use a Secret key selector instead, spec.wandb.oidc.clientSecret: {name, key}",
};

export const clearTextSecret: ResourceValidationPolicy = {
    name: "wandb-sso-no-clear-text-secret",
    description:
        "W&B's OIDC client secret is referenced from a Kubernetes Secret, never written in clear text " +
        "(OIDC_SECRET/GORILLA_OIDC_SECRET env values, ConfigMap keys, global.auth.oidc.secret).",
    enforcementLevel: "mandatory",
    severity: "critical",
    validateResource: (args, reportViolation) => {
        const side = wandbSide(args.type, readProps(args.props));
        if (side === undefined) return args.notApplicable("not a W&B SSO workload, ConfigMap or WeightsAndBiases resource");
        for (const setting of side.settings) {
            // Read from a ConfigMap: the secret is stored in clear text there, whatever its key is called.
            if (setting.setting === "secret" && setting.kind === "reference" && setting.source === "configMap") {
                reportViolation(
                    `${label(args.type, args.name)}: ${setting.field} reads the OIDC client secret from a ConfigMap (valueFrom.configMapKeyRef), which holds it in clear text; ${FIX.configMap}.`,
                );
                continue;
            }
            // Any non-empty value is written in clear text, next to a valueFrom or not. An empty one is
            // no secret; an unknown one is checked at `pulumi up`, when it is known.
            if (setting.setting !== "secret" || typeof setting.value !== "string" || setting.value === "") continue;
            // The value itself is never printed: policies receive secrets decrypted.
            reportViolation(
                `${label(args.type, args.name)}: ${setting.field} holds the OIDC client secret in clear text (value not shown); ${FIX[setting.where]}.`,
            );
        }
    },
};
