// Policy: a W&B app registration redirects only to https://<W&B host>/oidc/callback, and logs out
// only to https URIs (http on the local machine excepted).
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { wandbIdpApp, type UriEntry } from "../lib/idpApps";
import { label } from "../lib/types";
import { logoutUriProblem, redirectUriProblem, type UriProblem } from "../lib/uri";
import { readProps } from "../lib/values";

function message(resource: string, entry: UriEntry, problem: UriProblem): string {
    const resolved = entry.uri === entry.written ? "" : ` (with rootUrl: ${JSON.stringify(entry.uri)})`;
    return `${resource}: ${entry.field} ${JSON.stringify(entry.written)}${resolved} ${problem.reasons.join(" and ")}; ${problem.fix}.`;
}

export const redirectUris: ResourceValidationPolicy = {
    name: "wandb-sso-redirect-uris",
    description:
        "A W&B SSO app registration redirects only to https://<W&B host>/oidc/callback and logs out only to https URIs " +
        "(http only on localhost, 127.0.0.1 and [::1]).",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: (args, reportViolation) => {
        const app = wandbIdpApp(args.type, readProps(args.props));
        if (app === undefined) return args.notApplicable("not an IdP app registration for W&B (no redirect URI ending in /oidc/callback)");
        const resource = label(args.type, args.name);
        for (const entry of app.redirectUris) {
            const problem = redirectUriProblem(entry.uri);
            if (problem !== undefined) reportViolation(message(resource, entry, problem));
        }
        for (const entry of app.logoutUris) {
            const problem = logoutUriProblem(entry.uri);
            if (problem !== undefined) reportViolation(message(resource, entry, problem));
        }
    },
};
