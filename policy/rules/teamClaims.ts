// Policy (stack): W&B's team mapping (GORILLA_ENABLE_SSO_GROUP_CLAIMS) is on, but the IdP app in the
// same stack sends no `groups` claim of plain names: no groups at all, group object IDs (Entra), or
// /paths (Keycloak). Teams then never fill, with no error anywhere. Advisory by default: the claim
// may be configured where the stack cannot see it.
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { groupsSent, type StackResource } from "../lib/groupsClaims";
import { wandbIdpApp } from "../lib/idpApps";
import { label } from "../lib/types";
import { readProps } from "../lib/values";
import { knownValues, wandbSide } from "../lib/wandbSide";

export const teamClaims: StackValidationPolicy = {
    name: "wandb-sso-team-claims",
    description:
        "Where W&B's group claims (team mapping) are on and its IdP app registration is in the same stack, the app sends a groups claim of plain group names.",
    enforcementLevel: "advisory",
    severity: "medium",
    validateStack: (args, reportViolation) => {
        const stack: StackResource[] = args.resources.map((r) => ({ type: r.type, props: readProps(r.props) }));
        const apps = args.resources.flatMap((resource: PolicyResource) => {
            const props = readProps(resource.props);
            return wandbIdpApp(resource.type, props, readProps(resource.provider?.props)) === undefined
                ? []
                : [{ resource, sent: groupsSent(resource.type, props, stack) }];
        });
        const sides = args.resources.flatMap((resource) => {
            const side = wandbSide(resource.type, readProps(resource.props));
            const [on] = side === undefined ? [] : knownValues(side, "groupClaims").filter((s) => s.value.trim().toLowerCase() === "true");
            return on === undefined ? [] : [{ resource, field: on.field }];
        });
        if (apps.length === 0 || sides.length === 0) {
            return args.notApplicable("the stack does not hold both W&B's group claims and an IdP app registration for W&B");
        }
        // Any app that sends names, or may (configured out of sight), is enough.
        if (apps.some(({ sent }) => sent.kind === "names" || sent.kind === "unknown")) return;
        const why = apps
            .map(({ resource, sent }) => `${label(resource.type, resource.name)}: ${"why" in sent ? sent.why : sent.kind}`)
            .join("; ");
        for (const { resource, field } of sides) {
            reportViolation(
                `${label(resource.type, resource.name)}: ${field} turns W&B's team mapping on, but no W&B app registration in this stack sends a groups claim of plain group names (${why}), ` +
                    "so teams never fill: configure the app to send groups as names (wandb-sso:teams does, where the IdP can), or turn group claims off.",
                resource.urn,
            );
        }
    },
};
