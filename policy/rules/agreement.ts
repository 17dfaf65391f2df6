// Policy (stack): where the W&B side and the IdP app registration are in the same stack, W&B uses the
// app's client ID and an issuer the app belongs to. Advisory by default: a stack may also hold an app
// for another W&B instance, or be midway through moving W&B to a new app.
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { wandbIdpApp, type IdpApp } from "../lib/idpApps";
import { label } from "../lib/types";
import { readProps } from "../lib/values";
import { knownValues, wandbSide, type WandbSide } from "../lib/wandbSide";

interface Found<T> {
    readonly resource: PolicyResource;
    readonly found: T;
}

function appsOf(resources: readonly PolicyResource[]): Found<IdpApp>[] {
    return resources.flatMap((resource) => {
        const found = wandbIdpApp(resource.type, readProps(resource.props), readProps(resource.provider?.props));
        return found === undefined ? [] : [{ resource, found }];
    });
}

function sidesOf(resources: readonly PolicyResource[]): Found<WandbSide>[] {
    return resources.flatMap((resource) => {
        const found = wandbSide(resource.type, readProps(resource.props));
        return found === undefined ? [] : [{ resource, found }];
    });
}

export const agreement: StackValidationPolicy = {
    name: "wandb-sso-client-agreement",
    description: "Where W&B's SSO settings and its IdP app registration are in the same stack, W&B uses that app's client ID and issuer.",
    enforcementLevel: "advisory",
    severity: "medium",
    validateStack: (args, reportViolation) => {
        const apps = appsOf(args.resources);
        const sides = sidesOf(args.resources);
        if (apps.length === 0 || sides.length === 0) {
            return args.notApplicable("the stack does not hold both W&B's SSO settings and an IdP app registration for W&B");
        }
        const appLabels = (describe: (app: IdpApp) => string) =>
            apps.map(({ resource, found }) => `${label(resource.type, resource.name)} ${describe(found)}`).join("; ");

        for (const { resource, found: side } of sides) {
            const where = label(resource.type, resource.name);
            // Only when every app's client ID is known: an unknown one (before the app exists, or a
            // Cognito client, whose ID is its resource ID) might be the one W&B has.
            const clientIds = apps.map(({ found }) => found.clientId);
            if (clientIds.every((id) => typeof id === "string")) {
                for (const setting of knownValues(side, "clientId")) {
                    if (clientIds.includes(setting.value)) continue;
                    reportViolation(
                        `${where}: ${setting.field} is ${JSON.stringify(setting.value)}, but no W&B app registration in this stack has that client ID ` +
                            `(${appLabels((app) => `has ${JSON.stringify(app.clientId)}`)}); ` +
                            "set it to the app's client ID, preferably from the app resource's clientId output rather than a copy.",
                        resource.urn,
                    );
                }
            }
            // The app W&B signs in with must send the browser back to this W&B only: each redirect
            // URI's origin is W&B's host (as W&B writes it). One on another host, even beside W&B's
            // own, is where a login's code can be sent (an authorization request names it).
            for (const host of knownValues(side, "host")) {
                const origin = originOf(host.value);
                if (origin === undefined) continue;
                for (const clientId of knownValues(side, "clientId")) {
                    for (const { resource: app, found } of apps.filter((a) => a.found.clientId === clientId.value)) {
                        const elsewhere = found.redirectUris.filter((entry) => originOf(entry.uri) !== origin);
                        if (elsewhere.length === 0) continue;
                        reportViolation(
                            `${label(app.type, app.name)} is the app of client ID ${JSON.stringify(clientId.value)}, which ${where} uses at ${origin} (${host.field}), ` +
                                `but its redirect URIs are on another host (${elsewhere.map((e) => `${e.field} ${JSON.stringify(e.written)}`).join(", ")}): ` +
                                `sign-ins can return to another host than W&B's, and a login's code with them; register only ${JSON.stringify(`${origin}/oidc/callback`)}.`,
                            app.urn,
                        );
                    }
                }
            }
            const issuers = apps.map(({ found }) => found.issuer);
            if (issuers.every((issuer) => issuer !== undefined)) {
                for (const setting of knownValues(side, "issuer")) {
                    if (issuers.some((issuer) => issuer.matches(setting.value))) continue;
                    reportViolation(
                        `${where}: ${setting.field} is ${JSON.stringify(setting.value)}, but no W&B app registration in this stack is under that issuer ` +
                            `(${appLabels((app) => `expects ${app.issuer!.describe}`)}); set it to the issuer of the app W&B signs in with.`,
                        resource.urn,
                    );
                }
            }
        }
    },
};

/** `scheme://host[:port]` of a URL or of a bare host (W&B's `HOST` may be either), lower-cased; undefined when it is neither. */
function originOf(value: string): string | undefined {
    for (const candidate of [value, `https://${value}`]) {
        if (URL.canParse(candidate)) {
            const url = new URL(candidate);
            if ((url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "") return url.origin;
        }
    }
    return undefined;
}
