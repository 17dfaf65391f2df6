// Policy: W&B's issuer for Cognito is the user pool's cognito-idp URL, never the hosted-UI domain
// (which serves the sign-in pages but has no discovery document and is in no token).
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { cognitoIssuerProblem } from "../lib/issuer";
import { label } from "../lib/types";
import { readProps } from "../lib/values";
import { knownValues, wandbSide } from "../lib/wandbSide";

export const cognitoIssuer: ResourceValidationPolicy = {
    name: "wandb-sso-cognito-issuer",
    description:
        "W&B's Cognito issuer is https://cognito-idp.<region>.amazonaws.com/<userPoolId>, never the hosted-UI domain <prefix>.auth.<region>.amazoncognito.com.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: (args, reportViolation) => {
        const side = wandbSide(args.type, readProps(args.props));
        if (side === undefined) return args.notApplicable("not a W&B SSO workload, ConfigMap or WeightsAndBiases resource");
        for (const setting of knownValues(side, "issuer")) {
            const problem = cognitoIssuerProblem(setting.value);
            if (problem === undefined) continue;
            reportViolation(
                `${label(args.type, args.name)}: ${setting.field} ${JSON.stringify(setting.value)} ${problem.reason}; ${problem.fix}.`,
            );
        }
    },
};
