// The shape of every per-IdP issuer policy: each issuer value W&B is given (in a workload, a
// ConfigMap or a WeightsAndBiases resource) is checked by the IdP's rule, and a violation says the
// value, what is wrong with it and the fix.
import type { ResourceValidationPolicy } from "@pulumi/policy";
import type { IssuerProblem } from "../lib/issuer";
import { label } from "../lib/types";
import { readProps } from "../lib/values";
import { knownValues, wandbSide } from "../lib/wandbSide";

/** `problemOf`: why an issuer is wrong for one IdP and what to use, or undefined when it is not wrong. */
export function issuerPolicy(
    name: string,
    description: string,
    problemOf: (issuer: string) => IssuerProblem | undefined,
): ResourceValidationPolicy {
    return {
        name,
        description,
        enforcementLevel: "mandatory",
        severity: "high",
        validateResource: (args, reportViolation) => {
            const side = wandbSide(args.type, readProps(args.props));
            if (side === undefined) return args.notApplicable("not a W&B SSO workload, ConfigMap or WeightsAndBiases resource");
            for (const setting of knownValues(side, "issuer")) {
                const problem = problemOf(setting.value);
                if (problem === undefined) continue;
                reportViolation(
                    `${label(args.type, args.name)}: ${setting.field} ${JSON.stringify(setting.value)} ${problem.reason}; ${problem.fix}.`,
                );
            }
        },
    };
}
