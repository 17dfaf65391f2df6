// Policy: W&B signs in with the authorization code flow and PKCE, which every IdP this pack knows
// supports, rather than the implicit flow (the ID token posted back through the browser).
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { wandbIdpApp } from "../lib/idpApps";
import { label } from "../lib/types";
import { readProps } from "../lib/values";
import { knownValues, wandbSide } from "../lib/wandbSide";

export const implicitFlow: ResourceValidationPolicy = {
    name: "wandb-sso-pkce-not-implicit",
    description:
        'W&B uses OIDC_AUTH_METHOD "pkce", not "implicit", and its IdP app allows the authorization code flow: ' +
        "Cognito, Okta, Entra ID, Auth0 and Keycloak all support PKCE.",
    enforcementLevel: "advisory",
    severity: "medium",
    validateResource: (args, reportViolation) => {
        const props = readProps(args.props);
        const side = wandbSide(args.type, props);
        const app = side === undefined ? wandbIdpApp(args.type, props) : undefined;
        if (side === undefined && app === undefined)
            return args.notApplicable("neither W&B's SSO settings nor an IdP app registration for W&B");
        const resource = label(args.type, args.name);
        for (const setting of side === undefined ? [] : knownValues(side, "authMethod")) {
            if (setting.value.trim().toLowerCase() !== "implicit") continue;
            reportViolation(
                `${resource}: ${setting.field} is ${JSON.stringify(setting.value)}; set it to "pkce" (authorization code with PKCE), ` +
                    "which Cognito, Okta, Entra ID, Auth0 and Keycloak all support, so that the ID token no longer travels through the browser.",
            );
        }
        if (app?.implicitOnly !== undefined) {
            reportViolation(
                `${resource}: ${app.implicitOnly.field} allows only the implicit flow; ${app.implicitOnly.fix}, and set W&B's OIDC_AUTH_METHOD to "pkce".`,
            );
        }
    },
};
