// Policy: W&B's issuer for Entra ID is the tenant's v2.0 issuer, the one its v2.0 ID tokens carry.
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { entraIssuerProblem } from "../lib/issuer";
import { label } from "../lib/types";
import { readProps } from "../lib/values";
import { knownValues, wandbSide } from "../lib/wandbSide";

export const entraIssuer: ResourceValidationPolicy = {
    name: "wandb-sso-entra-issuer",
    description: "W&B's Entra ID issuer is https://login.microsoftonline.com/<tenantId>/v2.0: it ends in /v2.0 and names one tenant.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: (args, reportViolation) => {
        const side = wandbSide(args.type, readProps(args.props));
        if (side === undefined) return args.notApplicable("not a W&B SSO workload, ConfigMap or WeightsAndBiases resource");
        for (const setting of knownValues(side, "issuer")) {
            const problem = entraIssuerProblem(setting.value);
            if (problem === undefined) continue;
            reportViolation(
                `${label(args.type, args.name)}: ${setting.field} ${JSON.stringify(setting.value)} ${problem.reason}; ${problem.fix}.`,
            );
        }
    },
};
