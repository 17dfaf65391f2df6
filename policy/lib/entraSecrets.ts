// Finds the client secrets of W&B's Entra ID app registrations in a stack: an app's inline
// `password`, or an ApplicationPassword whose applicationId is such an app's (azuread 6.9.1
// applicationPassword.d.ts: applicationId is the application's resource ID, `/applications/<objectId>`).
import type { PolicyResource } from "@pulumi/policy";
import { wandbIdpApp } from "./idpApps";
import * as types from "./types";
import { at, readProps } from "./values";

export interface EntraSecret {
    /** The resource that holds the end date. */
    readonly resource: PolicyResource;
    /** `endDate` of an ApplicationPassword, `password.endDate` of an Application. */
    readonly field: string;
    readonly endDate: string;
    /** The W&B app registration it belongs to. */
    readonly app: PolicyResource;
}

/**
 * Whether `password` belongs to `app`. The engine tells a stack policy which resources each property
 * was computed from (propertyDependencies, dependencies); once both exist, the IDs match as well.
 */
function belongsTo(password: PolicyResource, app: PolicyResource): boolean {
    const from = [...(password.propertyDependencies.applicationId ?? []), ...password.dependencies];
    if (from.some((r) => r.urn === app.urn)) return true;
    const objectId = at(readProps(app.props), "objectId");
    const applicationId = at(readProps(password.props), "applicationId");
    return typeof objectId === "string" && typeof applicationId === "string" && applicationId === `/applications/${objectId}`;
}

export function wandbEntraSecrets(resources: readonly PolicyResource[]): EntraSecret[] {
    const apps = resources.filter((r) => r.type === types.ENTRA_APP && wandbIdpApp(r.type, readProps(r.props)) !== undefined);
    const found: EntraSecret[] = [];
    for (const app of apps) {
        const endDate = at(readProps(app.props), "password", "endDate");
        if (typeof endDate === "string") found.push({ resource: app, field: "password.endDate", endDate, app });
    }
    for (const password of resources.filter((r) => r.type === types.ENTRA_PASSWORD)) {
        const app = apps.find((a) => belongsTo(password, a));
        const endDate = at(readProps(password.props), "endDate");
        if (app !== undefined && typeof endDate === "string") found.push({ resource: password, field: "endDate", endDate, app });
    }
    return found;
}
