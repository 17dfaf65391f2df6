// Policies: the client secret of W&B's Entra ID app registration has not expired (mandatory), and
// does not expire within the configured number of days (advisory). When it expires, W&B can no longer
// redeem authorization codes and nobody signs in.
import type { StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { wandbEntraSecrets, type EntraSecret } from "../lib/entraSecrets";
import { label } from "../lib/types";

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_EXPIRY_WARNING_DAYS = 30;

const ROTATE =
    "create a new client secret (with wandb-sso, `pulumi up` rotates it; otherwise replace the ApplicationPassword, e.g. through rotateWhenChanged), " +
    "give it to W&B (its OIDC_SECRET), then remove the old one";

function days(n: number): string {
    return n === 1 ? "1 day" : `${n} days`;
}

function where(secret: EntraSecret): string {
    const of = secret.resource === secret.app ? "" : ` (the client secret of ${label(secret.app.type, secret.app.name)})`;
    return `${label(secret.resource.type, secret.resource.name)}${of}: ${secret.field} ${JSON.stringify(secret.endDate)}`;
}

/** The secrets with a readable end date, and the milliseconds left (negative once past). */
function secretsWithTimeLeft(args: StackValidationArgs, now: number): { secret: EntraSecret; left: number }[] {
    const secrets = wandbEntraSecrets(args.resources);
    if (secrets.length === 0) return args.notApplicable("no client secret of a W&B Entra ID app registration in this stack");
    return secrets.flatMap((secret) => {
        const end = Date.parse(secret.endDate);
        return Number.isNaN(end) ? [] : [{ secret, left: end - now }];
    });
}

export const entraSecretExpired: StackValidationPolicy = {
    name: "wandb-sso-entra-secret-expired",
    description: "The client secret of W&B's Entra ID app registration has not expired (its endDate is in the future).",
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: (args, reportViolation) => {
        for (const { secret, left } of secretsWithTimeLeft(args, Date.now())) {
            if (left > 0) continue;
            reportViolation(
                `${where(secret)} is past (${Math.floor(-left / DAY_MS) === 0 ? "less than a day" : days(Math.floor(-left / DAY_MS))} ago): ` +
                    `the secret has expired and W&B's sign-ins fail; ${ROTATE}.`,
                secret.resource.urn,
            );
        }
    },
};

export const entraSecretExpiring: StackValidationPolicy = {
    name: "wandb-sso-entra-secret-expiring",
    description: "The client secret of W&B's Entra ID app registration does not expire within the configured number of days (default 30).",
    enforcementLevel: "advisory",
    severity: "medium",
    configSchema: {
        properties: {
            days: {
                type: "integer",
                minimum: 1,
                default: DEFAULT_EXPIRY_WARNING_DAYS,
                description: "How many days before the secret's end date to start warning.",
            },
        },
    },
    validateStack: (args, reportViolation) => {
        // The engine fills in the schema's default; this one covers running the policy without it.
        const configured = args.getConfig<{ days?: number }>().days;
        const warnDays = typeof configured === "number" && configured > 0 ? configured : DEFAULT_EXPIRY_WARNING_DAYS;
        for (const { secret, left } of secretsWithTimeLeft(args, Date.now())) {
            if (left <= 0 || left > warnDays * DAY_MS) continue;
            const n = Math.floor(left / DAY_MS);
            reportViolation(
                `${where(secret)} is ${n === 0 ? "less than a day" : days(n)} away, within the ${days(warnDays)} this policy warns ahead: ${ROTATE} before then.`,
                secret.resource.urn,
            );
        }
    },
};
