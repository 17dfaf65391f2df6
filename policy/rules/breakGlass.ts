// Policy: break-glass (LOCAL_RESTORE=true, which turns SSO off on W&B) is not left on.
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { label } from "../lib/types";
import { readProps, type Value } from "../lib/values";
import { wandbSide } from "../lib/wandbSide";

/** What Go's strconv.ParseBool reads as true; a number or boolean can arrive from chart values. */
const TRUE_TEXT: ReadonlySet<string> = new Set(["1", "t", "T", "TRUE", "true", "True"]);

function isOn(value: Value | undefined): boolean {
    return value === true || value === 1 || (typeof value === "string" && TRUE_TEXT.has(value.trim()));
}

export const breakGlass: ResourceValidationPolicy = {
    name: "wandb-sso-break-glass",
    description: "Break-glass (LOCAL_RESTORE=true) is off: while it is on, SSO is off on W&B and sign-in is by a local admin password.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: (args, reportViolation) => {
        const side = wandbSide(args.type, readProps(args.props));
        if (side === undefined) return args.notApplicable("not a W&B SSO workload, ConfigMap or WeightsAndBiases resource");
        for (const setting of side.settings) {
            if (setting.setting !== "localRestore" || setting.kind !== "plain" || !isOn(setting.value)) continue;
            reportViolation(
                `${label(args.type, args.name)}: ${setting.field} is ${JSON.stringify(setting.value)}: break-glass is on, so SSO is OFF on W&B. ` +
                    "Once SSO works again, remove LOCAL_RESTORE (a wandb-sso stack: `pulumi config rm wandb-sso:localRestore`) and run `pulumi up`; " +
                    'while the break-glass is intended, set this policy to "advisory" in the policy pack config.',
            );
        }
    },
};
