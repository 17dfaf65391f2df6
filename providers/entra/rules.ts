// Microsoft Entra ID: the pure rules behind EntraOidcApp (tenant, issuer, sign-in audience, groups
// claim, Microsoft Graph scopes, the client secret's rotation schedule, the known issuer mistakes)
// and its one validator, shared by the component and the stack config.
import type * as pulumi from "@pulumi/pulumi";
import { OIDC_SCOPES, type IdpAppArgs } from "../../src/oidc";
import { knownAuthMethod } from "../../src/parse/oidc";
import { bad, ok, said, SECRET_PLACEHOLDER, shown, type At, type Parsed, type Problems, type Unchecked } from "../../src/problems";
import { fieldsOf, isDeferred, parseOptionalBoolean, parseStringList, type ProviderSettings } from "../../src/parse/values";
import { trimFix } from "../../src/parse/url";
import { MULTI_TENANT } from "../../src/parse/issuers/entra";
import { displayNameParser } from "../../src/parse/names";
import { readAdopt, type AdoptDescriptor } from "../../src/idp/adopt";
import { checkHostUrls, type UrlLimit } from "../../src/idp/limits";
import {
    knownTeams,
    WANDB_GROUPS_CLAIM,
    type GroupsClaimSent,
    type IdentifierClaimsAdvice,
    type TeamNameRules,
    type TeamsSettings,
} from "../../src/parse/teams";

/**
 * With teams: which name of a group Entra puts in the `groups` claim. `cloud_displayname` the
 * display name of a cloud group (the default); `sam_account_name` the on-premises sAMAccountName of
 * a group synced from Active Directory (cloud groups have none). Microsoft's "Configure group claims"
 * docs; the azuread provider validates exactly these spellings (its `.d.ts` doc comment shows them
 * camel-cased, `cloudDisplayname`, `samAccountName`, an artefact of Pulumi's doc generator; the
 * provider's schema takes the Graph values).
 */
export const EntraGroupNameSource = {
    /** The display name of cloud groups. */
    CloudDisplayName: "cloud_displayname",
    /** The sAMAccountName of groups synced from an on-premises directory. */
    SamAccountName: "sam_account_name",
} as const;
export type EntraGroupNameSource = (typeof EntraGroupNameSource)[keyof typeof EntraGroupNameSource];
const GROUP_NAME_SOURCES: readonly string[] = Object.values(EntraGroupNameSource);

export interface EntraOidcAppArgs extends IdpAppArgs {
    /** The app registration's name; default `Weights & Biases`. */
    displayName?: string;
    /**
     * The Directory (tenant) ID the issuer names. Default: the tenant of the azuread provider in use,
     * which is where the app is registered; set it only to state that same tenant explicitly.
     */
    tenantId?: pulumi.Input<string>;
    /**
     * How long each client secret is valid, in days (1-730, default 180). A new secret replaces it
     * on the first `pulumi up` after half of that, so `pulumi up` must run at least every
     * `secretRotationDays / 2` days (e.g. from a scheduled CI job).
     */
    secretRotationDays?: number;
    /** `AzureADMyOrg` (single tenant, default) or `AzureADMultipleOrgs`. */
    signInAudience?: string;
    /** Emit a `groups` claim: `SecurityGroup`, `DirectoryRole`, `ApplicationGroup`, or `All` (or `None`). */
    groupMembershipClaims?: string[];
    /** Object IDs of the owners of the app registration and the service principal. */
    owners?: pulumi.Input<string>[];
    /**
     * Only users and groups assigned to the enterprise application can sign in (default false).
     * Such an app gets no user consent, so an administrator's consent to openid, profile and email
     * is registered with it (a delegated permission grant for all users: the provider's identity
     * needs Directory.ReadWrite.All, or Global Administrator). Assigning groups rather than users
     * needs Microsoft Entra ID P1 or P2.
     */
    assignmentRequired?: boolean;
    /**
     * With `teams`: the object IDs of the groups whose names are W&B teams, assigned to the
     * enterprise application (one app role assignment each); the claim lists only assigned groups.
     * Group-based assignment needs Microsoft Entra ID P1 or P2.
     */
    teamGroupIds?: pulumi.Input<string>[];
    /** With `teams`: which name of a group the claim carries; default `cloud_displayname`. */
    groupNameSource?: EntraGroupNameSource;
    /**
     * Adopt an app registration made by hand (W&B's manual guide) and its service principal
     * instead of creating them: both are imported (Pulumi's `import` option) and the app keeps its
     * client ID. Every input this component declares is then set on them, but for the app's name
     * (while `displayName` is unset) and description: `pulumi preview --diff` shows each difference
     * as an update after the import (docs/migrate.md). Entra never returns a client secret's
     * value, so a new secret is added beside the ones made by hand, and W&B is re-pointed to it
     * only once the switch-over check passes with it.
     */
    adopt?: EntraAdopt;
}

/** The object IDs of an Entra app registration made by hand and its service principal. */
export interface EntraAdopt {
    /** App registrations > the app > Overview: "Object ID" (not the Application (client) ID). */
    applicationObjectId: string;
    /** Enterprise applications > the app > Overview: "Object ID". */
    servicePrincipalObjectId: string;
    /**
     * The administrator's consent granted by hand ("Grant admin consent") to an app that requires
     * assignment: its oauth2PermissionGrant ID (`az ad app permission list-grants --id <client ID>
     * --query "[].id"`). Adopted instead of registered again, which Entra refuses.
     */
    adminConsentGrantId?: string;
}

/** The checked `wandb-sso:entra` settings: the component's own arguments, defaults applied. */
export type EntraSettings = Omit<
    EntraOidcAppArgs,
    keyof IdpAppArgs | "displayName" | "secretRotationDays" | "signInAudience" | "assignmentRequired" | "adopt"
> & {
    readonly displayName: string;
    readonly secretRotationDays: number;
    readonly signInAudience: string;
    readonly assignmentRequired: boolean;
    readonly adopt?: Readonly<EntraAdopt>;
};

export const ENTRA_FIELDS = fieldsOf<EntraSettings>()([
    "displayName",
    "tenantId",
    "secretRotationDays",
    "signInAudience",
    "groupMembershipClaims",
    "owners",
    "assignmentRequired",
    "teamGroupIds",
    "groupNameSource",
    "adopt",
]);

/**
 * The azuread provider's limits on what the app registration holds (terraform-provider-azuread
 * internal/services/applications/application_resource.go: `description`
 * `validation.StringLenBetween(0, 1024)`, `web.redirect_uris` `IsRedirectUriFunc`, `web.logout_url`
 * `IsLogoutUrl`; internal/helpers/tf/validation/uri.go: a redirect URI "must be 256 characters or
 * less", a logout URL "255 characters or less"; the same from v3.0.0 to v3.9.0). The description is
 * shortened to fit; a host whose URLs would not fit is refused.
 */
export const ENTRA_DESCRIPTION_MAX_CHARS = 1024;
export const ENTRA_URL_LIMITS: readonly UrlLimit[] = [
    { field: "web.redirectUris", url: "callbackUrl", maxChars: 256 },
    { field: "web.logoutUrl", url: "logoutPageUrl", maxChars: 255 },
];

/** The app registration's name in the Entra admin center unless one is given. */
export const DEFAULT_ENTRA_DISPLAY_NAME = "Weights & Biases";
/** W&B's guide: single tenant ("Accounts in this organizational directory only"). */
export const DEFAULT_SIGN_IN_AUDIENCE = "AzureADMyOrg";
/** Days a client secret is valid for unless told; rotated halfway (see `secretRotation`). */
export const DEFAULT_SECRET_ROTATION_DAYS = 180;
/** Entra's longest client secret lifetime (24 months, as the admin center offers). */
export const MAX_SECRET_ROTATION_DAYS = 730;
export const MIN_SECRET_ROTATION_DAYS = 1;

/**
 * Microsoft Graph's application ID and its delegated OIDC scopes, which W&B asks for.
 *
 * These are well-known constants rather than looked up: Graph defines the scopes once, in its own
 * multi-tenant application, so the IDs are the same in every tenant (Microsoft's Graph permissions
 * reference lists them, and every app registration in the world depends on them not changing).
 * Looking them up would need a `ServicePrincipal` with `useExisting` (which adopts Microsoft
 * Graph's service principal into the stack, so that a destroy would try to delete it) or the
 * `getServicePrincipal` data source (which needs directory read rights the provider's identity may
 * not have, and leaves the plan unable to show the IDs), for values that cannot differ.
 */
export const MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
export const GRAPH_OIDC_SCOPE_IDS: Readonly<Record<(typeof OIDC_SCOPES)[number], string>> = {
    openid: "37f7f235-527c-4136-accd-4a02d197296e",
    profile: "14dad69e-099b-42c9-810b-d002981feec1",
    email: "64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0",
};

/** The delegated Microsoft Graph permissions W&B's scopes need, as `requiredResourceAccesses`. */
export function graphOidcResourceAccess(): { resourceAppId: string; resourceAccesses: { id: string; type: string }[] } {
    return {
        resourceAppId: MICROSOFT_GRAPH_APP_ID,
        resourceAccesses: OIDC_SCOPES.map((scope) => ({ id: GRAPH_OIDC_SCOPE_IDS[scope], type: "Scope" })),
    };
}

/** The tenant-wide (all users) consent to W&B's delegated Microsoft Graph scopes. */
export interface EntraAdminConsent {
    /** Microsoft Graph's application ID: its service principal, in the tenant, is the grant's resource. */
    readonly resourceAppId: string;
    /** The grant's `claimValues`: the scopes W&B asks for. */
    readonly scopes: readonly string[];
}

/**
 * The administrator's consent an app needs when it requires assignment, or undefined when users
 * consent for themselves. Microsoft: "Applications that require users to be assigned to the
 * application must have their permissions consented by an administrator, even if the user consent
 * policies for your directory would otherwise allow a user to consent on behalf of themselves"
 * (learn.microsoft.com/entra/identity/enterprise-apps/assign-user-or-group-access-portal). Without
 * it users get "needs admin approval" at their first login, after W&B has been switched. It is the
 * azuread provider's `ServicePrincipalDelegatedPermissionGrant` without `userObjectId` (consent for
 * all users: node_modules/@pulumi/azuread 6.9.1 servicePrincipalDelegatedPermissionGrant.d.ts;
 * terraform-provider-azuread internal/services/serviceprincipals/
 * service_principal_delegated_permission_grant_resource.go, consentType AllPrincipals), whose
 * resource is Microsoft Graph's service principal in the tenant, looked up by its application ID
 * (its object ID differs from tenant to tenant). Creating it needs Directory.ReadWrite.All for a
 * service principal, or Global Administrator for a user (the provider's
 * docs/resources/service_principal_delegated_permission_grant.md); docs/entra.md says so.
 */
export function entraAdminConsent(settings: Pick<EntraSettings, "assignmentRequired">): EntraAdminConsent | undefined {
    return settings.assignmentRequired ? { resourceAppId: MICROSOFT_GRAPH_APP_ID, scopes: OIDC_SCOPES } : undefined;
}

/**
 * The issuer Entra states in a tenant's v2.0 discovery document. Lower-case: Entra states tenant
 * IDs in lower case, and W&B compares the issuer character for character.
 */
export function entraIssuer(tenantId: string): string {
    return `https://login.microsoftonline.com/${tenantId.toLowerCase()}/v2.0`;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The Directory (tenant) ID, a GUID; normalised to lower case. */
export function parseTenantId(value: unknown): Parsed<string> {
    const where = "copy the Directory (tenant) ID from Microsoft Entra ID > Overview";
    if (typeof value !== "string" || value === "") return bad(`set the tenant ID, a GUID: ${where}`);
    if (value.trim() !== value) return trimFix(value, parseTenantId);
    if (GUID.test(value)) return ok(value.toLowerCase());
    if (MULTI_TENANT.has(value.toLowerCase())) {
        return bad(
            `${shown(value, "this")} is Entra's multi-tenant endpoint, whose tokens name each user's own tenant as issuer; use your tenant's ID: ${where}`,
        );
    }
    if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(value)) {
        return bad(`Entra's issuer names the tenant by its ID, not its domain name; use the GUID: ${where}`);
    }
    return bad(`a tenant ID is a GUID like 00000000-0000-0000-0000-000000000000: ${where}`);
}

/** A directory object ID (a user or service principal, for `owners`). */
export function parseObjectId(value: unknown): Parsed<string> {
    if (typeof value === "string" && GUID.test(value)) return ok(value.toLowerCase());
    return bad(
        "an owner is a user's or service principal's Object ID, a GUID like 00000000-0000-0000-0000-000000000000 (not a name or e-mail address)",
    );
}

/** An object ID an adoption names (`where` says which object), a GUID; lower-cased. */
function adoptedObjectIdParser(where: string): (value: unknown) => Parsed<string> {
    return (value) => {
        if (typeof value === "string" && GUID.test(value)) return ok(value.toLowerCase());
        if (typeof value === "string" && value.trim() !== value) return trimFix(value, adoptedObjectIdParser(where));
        return bad(`an object ID is a GUID like 00000000-0000-0000-0000-000000000000: ${where}`);
    };
}

const APPLICATION_OBJECT_ID_WHERE = "App registrations > the app > Overview: Object ID (not the Application (client) ID)";
const SERVICE_PRINCIPAL_OBJECT_ID_WHERE = "Enterprise applications > the app > Overview: Object ID";
const ADMIN_CONSENT_GRANT_ID_WHERE =
    'the portal does not show it: az ad app permission list-grants --id <Application (client) ID> --query "[].id" (Microsoft Graph: GET /servicePrincipals/<servicePrincipalObjectId>/oauth2PermissionGrants)';
// An oauth2PermissionGrant's ID: base64url of the client's and resource's object IDs (43
// characters; 64 with a user's). Microsoft Graph documents it only as a string, so any base64url.
const GRANT_ID = /^[A-Za-z0-9_-]{20,128}$/;

/** An oauth2PermissionGrant ID, as Microsoft Graph lists it (not the /oauth2PermissionGrants/ path). */
function parseGrantId(value: unknown): Parsed<string> {
    if (typeof value === "string" && GRANT_ID.test(value)) return ok(value);
    if (typeof value === "string" && value.trim() !== value) return trimFix(value, parseGrantId);
    if (typeof value === "string" && value.startsWith("/oauth2PermissionGrants/")) {
        return bad("give the grant's ID alone, without /oauth2PermissionGrants/ (wandb-sso adds it)");
    }
    return bad(`a consent grant's ID is the base64url string Microsoft Graph lists as its id: ${ADMIN_CONSENT_GRANT_ID_WHERE}`);
}

/**
 * What Entra's `adopt` takes and imports: `azuread:index/application:Application` by
 * `/applications/<objectId>` and `azuread:index/servicePrincipal:ServicePrincipal` by
 * `/servicePrincipals/<objectId>`, and, where an administrator consented by hand, the consent
 * grant `azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant`
 * by `/oauth2PermissionGrants/<id>` (node_modules/@pulumi/azuread/application.d.ts,
 * servicePrincipal.d.ts and servicePrincipalDelegatedPermissionGrant.d.ts, "## Import",
 * @pulumi/azuread 6.9.1; terraform-provider-azuread docs/resources/application.md,
 * service_principal.md and service_principal_delegated_permission_grant.md, "Import"; the grant's
 * resource code agrees at every v3 tag, v3.0.0 to v3.9.0: its state ID is `id.ID()`, the
 * `/oauth2PermissionGrants/<id>` path, read back with `stable.ParseOAuth2PermissionGrantID`). The client secret cannot be:
 * applicationPassword.d.ts says "This resource does not support importing", and Microsoft Graph
 * never returns a secret's value after it is made.
 */
export const ENTRA_ADOPT: AdoptDescriptor = {
    ids: [
        { field: "applicationObjectId", where: APPLICATION_OBJECT_ID_WHERE, parse: adoptedObjectIdParser(APPLICATION_OBJECT_ID_WHERE) },
        {
            field: "servicePrincipalObjectId",
            where: SERVICE_PRINCIPAL_OBJECT_ID_WHERE,
            parse: adoptedObjectIdParser(SERVICE_PRINCIPAL_OBJECT_ID_WHERE),
        },
        { field: "adminConsentGrantId", where: ADMIN_CONSENT_GRANT_ID_WHERE, parse: parseGrantId, optional: true },
    ],
    imports: [
        {
            type: "azuread:index/application:Application",
            format: "/applications/<applicationObjectId>",
            source: "@pulumi/azuread 6.9.1 application.d.ts, ## Import",
        },
        {
            type: "azuread:index/servicePrincipal:ServicePrincipal",
            format: "/servicePrincipals/<servicePrincipalObjectId>",
            source: "@pulumi/azuread 6.9.1 servicePrincipal.d.ts, ## Import",
        },
        {
            type: "azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant",
            format: "/oauth2PermissionGrants/<adminConsentGrantId>",
            source: "@pulumi/azuread 6.9.1 servicePrincipalDelegatedPermissionGrant.d.ts, ## Import",
        },
    ],
    notImported:
        "the client secret: Entra never returns a secret's value (the azuread provider cannot import an application password), so a new secret is added beside the ones made by hand; W&B is re-pointed to it only once the switch-over check passes with it, and the old secrets stay valid until you delete them (Certificates & secrets)",
};

/** The import IDs of an adopted app registration, service principal and consent grant (ENTRA_ADOPT). */
export function entraImportIds(adopt: Readonly<EntraAdopt>): { application: string; servicePrincipal: string; adminConsent?: string } {
    return {
        application: `/applications/${adopt.applicationObjectId}`,
        servicePrincipal: `/servicePrincipals/${adopt.servicePrincipalObjectId}`,
        ...(adopt.adminConsentGrantId !== undefined && { adminConsent: `/oauth2PermissionGrants/${adopt.adminConsentGrantId}` }),
    };
}

/** The two IDs name two objects, neither is the tenant, and a consent is adopted only where one is registered. */
function checkEntraAdopt(adopt: EntraAdopt, tenantId: unknown, assignmentRequired: boolean | undefined, problems: Problems, at: At): void {
    if (adopt.adminConsentGrantId !== undefined && assignmentRequired === false) {
        problems.add(
            at("adopt.adminConsentGrantId"),
            adopt.adminConsentGrantId,
            `wandb-sso registers the administrator's consent only for an app that requires assignment: set ${at("assignmentRequired")} to true (Enterprise applications > the app > Properties: Assignment required?), or leave the consent out of adopt`,
        );
    }
    if (adopt.applicationObjectId === adopt.servicePrincipalObjectId) {
        problems.add(
            at("adopt.servicePrincipalObjectId"),
            adopt.servicePrincipalObjectId,
            `this is the same ID as ${at("adopt.applicationObjectId")}, but the app registration and its service principal are two objects: ${SERVICE_PRINCIPAL_OBJECT_ID_WHERE}`,
        );
    }
    for (const field of ["applicationObjectId", "servicePrincipalObjectId"] as const) {
        if (typeof tenantId === "string" && adopt[field] === tenantId) {
            problems.add(
                at(`adopt.${field}`),
                adopt[field],
                `this is the tenant's ID, not an object's: ${field === "applicationObjectId" ? APPLICATION_OBJECT_ID_WHERE : SERVICE_PRINCIPAL_OBJECT_ID_WHERE}`,
            );
        }
    }
}

/**
 * The owners: a list whose literal object IDs are checked and lower-cased (values another resource
 * produces are left to it), each problem naming `owners[<index>]`.
 */
export function checkOwners(value: unknown, problems: Problems, at: At): pulumi.Input<string>[] | undefined {
    if (!Array.isArray(value)) {
        problems.add(at("owners"), value, 'use a list of object IDs, e.g. ["00000000-0000-0000-0000-000000000000"]');
        return undefined;
    }
    return value.map((item: unknown, index) => {
        if (isDeferred(item)) return item as pulumi.Input<string>;
        return problems.check(at(`owners[${index}]`), item, parseObjectId) ?? "";
    });
}

/**
 * Who may sign in. W&B is given one tenant's issuer, so only that tenant's accounts (members and
 * guests) can log in whatever the audience: `AzureADMyOrg` (the default and the guide's choice) or
 * `AzureADMultipleOrgs`. Personal Microsoft accounts sign in through the `consumers` tenant, whose
 * issuer W&B would refuse, so the audiences that include them are refused here.
 */
export function parseSignInAudience(value: unknown): Parsed<string> {
    if (value === undefined) return ok(DEFAULT_SIGN_IN_AUDIENCE);
    if (value === "AzureADMyOrg" || value === "AzureADMultipleOrgs") return ok(value);
    if (value === "AzureADandPersonalMicrosoftAccount" || value === "PersonalMicrosoftAccount") {
        return bad(
            "personal Microsoft accounts sign in through the consumers tenant, whose tokens W&B refuses (its issuer is your tenant's): use AzureADMyOrg (the default)",
        );
    }
    return bad("use AzureADMyOrg (single tenant, the default) or AzureADMultipleOrgs");
}

export const GROUP_MEMBERSHIP_CLAIMS = ["None", "SecurityGroup", "DirectoryRole", "ApplicationGroup", "All"] as const;

/**
 * Which groups Entra puts in the `groups` claim: `SecurityGroup`, `DirectoryRole`,
 * `ApplicationGroup` (the groups assigned to the app), or `All` alone; `None` alone for no claim.
 */
export function parseGroupMembershipClaims(value: unknown): Parsed<string[]> {
    const list = parseStringList(value);
    const allowed = GROUP_MEMBERSHIP_CLAIMS.join(", ");
    if ("fix" in list) return bad(`use a list of ${allowed}, e.g. ["SecurityGroup"]`);
    const unknown = list.value.filter((item) => !(GROUP_MEMBERSHIP_CLAIMS as readonly string[]).includes(item));
    if (unknown.length > 0) {
        const near = unknown.map((item) => GROUP_MEMBERSHIP_CLAIMS.find((c) => c.toLowerCase() === item.toLowerCase()));
        const hint = near.every((n) => n !== undefined) ? `; mind the letter case: ${near.join(", ")}` : "";
        return bad(
            `${unknown.map((u) => shown(u, "a value")).join(", ")} ${unknown.length === 1 ? "is" : "are"} not one of ${allowed}${said(hint, "")}`,
        );
    }
    if (new Set(list.value).size !== list.value.length) return bad("remove the duplicates");
    if (list.value.length === 0) return bad('list at least one value, e.g. ["SecurityGroup"], or remove the setting for no groups claim');
    for (const alone of ["None", "All"]) {
        if (list.value.includes(alone) && list.value.length > 1)
            return bad(`${alone} stands alone: use ["${alone}"] or list the others without it`);
    }
    return ok(list.value);
}

/** An app registration's display name (Entra allows up to 256 characters). */
export const parseEntraDisplayName = displayNameParser({ fallback: DEFAULT_ENTRA_DISPLAY_NAME, max: 256 });

export function parseSecretRotationDays(value: unknown): Parsed<number> {
    if (value === undefined) return ok(DEFAULT_SECRET_ROTATION_DAYS);
    const days = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
    const range = `${MIN_SECRET_ROTATION_DAYS} to ${MAX_SECRET_ROTATION_DAYS}`;
    if (typeof days !== "number" || !Number.isInteger(days)) {
        return bad(`use a whole number of days from ${range}, e.g. ${DEFAULT_SECRET_ROTATION_DAYS}`);
    }
    if (days < MIN_SECRET_ROTATION_DAYS || days > MAX_SECRET_ROTATION_DAYS) {
        return bad(
            `use ${range} days (Entra's longest client secret lifetime is ${MAX_SECRET_ROTATION_DAYS} days); e.g. ${DEFAULT_SECRET_ROTATION_DAYS}`,
        );
    }
    return ok(days);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The client secret's schedule at one moment (see `secretRotation`). */
export interface SecretRotation {
    /** When the current period began (RFC 3339, UTC): the secret of this period is made in it. */
    readonly periodStart: string;
    /** When the next period begins: the first `pulumi up` from then replaces the secret. */
    readonly nextRotation: string;
    /** The secret's `endDate`: `rotationDays` after the period start. */
    readonly endDate: string;
    /** The secret's `rotateWhenChanged`: changes exactly when the period does. */
    readonly rotateWhenChanged: Readonly<Record<string, string>>;
}

function rfc3339(ms: number): string {
    return new Date(ms).toISOString().replace(/\.000Z$/, "Z");
}

/**
 * The client secret's rotation schedule, a pure function of the time. Time is cut into periods of
 * `rotationDays / 2`, counted from the Unix epoch; the secret of a period expires `rotationDays`
 * after the period's start. So the secret's inputs are the same on every `pulumi up` within a
 * period (no diff), change once when the next one begins (the secret is replaced: Pulumi creates
 * the new one, re-points W&B, then deletes the old one), and whenever it is read the secret is
 * valid for more than `rotationDays / 2` days: a `pulumi up` at least that often (e.g. a scheduled
 * job) keeps it from ever expiring.
 */
export function secretRotation(now: Date, rotationDays: number): SecretRotation {
    const periodMs = (rotationDays * DAY_MS) / 2;
    const start = Math.floor(now.getTime() / periodMs) * periodMs;
    const periodStart = rfc3339(start);
    return {
        periodStart,
        nextRotation: rfc3339(start + periodMs),
        endDate: rfc3339(start + rotationDays * DAY_MS),
        rotateWhenChanged: { rotationPeriodStart: periodStart },
    };
}

/** The azuread provider's tenant setting: where the app is registered, and what the issuer names by default. */
export const AZUREAD_TENANT_KEY = "azuread:tenantId";

/**
 * The tenant against the azuread provider's, when the stack's `azuread:tenantId` is known before
 * registration: the provider's must be a tenant ID when the issuer is built from it, and a
 * `tenantId` given must be that same tenant (the app is registered in the provider's).
 */
function checkProviderTenant(args: Unchecked<EntraOidcAppArgs>, tenantId: unknown, provider: ProviderSettings, problems: Problems, at: At) {
    const providerTenant = provider.values[AZUREAD_TENANT_KEY];
    if (providerTenant === undefined) return;
    const secret = provider.secretKeys.has(AZUREAD_TENANT_KEY);
    const parsed = parseTenantId(providerTenant);
    if (args.tenantId === undefined) {
        if ("fix" in parsed) {
            problems.add(
                AZUREAD_TENANT_KEY,
                secret ? SECRET_PLACEHOLDER : providerTenant,
                `${parsed.fix} (the issuer names the azuread provider's tenant, since ${at("tenantId")} is not set)`,
            );
        }
        return;
    }
    if (typeof tenantId === "string" && "value" in parsed && parsed.value !== tenantId) {
        const shown = secret ? SECRET_PLACEHOLDER : parsed.value;
        problems.add(
            at("tenantId"),
            args.tenantId,
            `the app is registered in the azuread provider's tenant (${AZUREAD_TENANT_KEY} is ${shown}), and the issuer must name that tenant: set ${at("tenantId")} to ${shown}, or remove it (it defaults to the provider's)`,
        );
    }
}

/**
 * Entra's one validator. A tenant given as an Output (another resource's) is checked when it
 * resolves (see the component); a literal one, and the provider's, against `azuread:tenantId` when
 * `provider` knows it (the stack config, or a component on the default provider).
 */
export function checkEntraArgs(
    args: Unchecked<EntraOidcAppArgs>,
    problems: Problems,
    at: At,
    provider?: ProviderSettings,
): EntraSettings | undefined {
    const before = problems.list.length;
    const displayName = problems.check(at("displayName"), args.displayName, parseEntraDisplayName);
    checkHostUrls(args, problems, at, "Entra (the azuread provider)", ENTRA_URL_LIMITS);
    const tenantId =
        args.tenantId === undefined || isDeferred(args.tenantId)
            ? (args.tenantId as pulumi.Input<string> | undefined)
            : problems.check(at("tenantId"), args.tenantId, parseTenantId);
    if (provider !== undefined && !isDeferred(args.tenantId)) checkProviderTenant(args, tenantId, provider, problems, at);
    const secretRotationDays = problems.check(at("secretRotationDays"), args.secretRotationDays, parseSecretRotationDays);
    const signInAudience = problems.check(at("signInAudience"), args.signInAudience, parseSignInAudience);
    const groupMembershipClaims =
        args.groupMembershipClaims === undefined
            ? undefined
            : problems.check(at("groupMembershipClaims"), args.groupMembershipClaims, parseGroupMembershipClaims);
    const owners = args.owners === undefined ? undefined : checkOwners(args.owners, problems, at);
    const assignmentRequired = problems.check(at("assignmentRequired"), args.assignmentRequired, parseOptionalBoolean(false));
    const teamsArgs = checkEntraTeams(args, problems, at);
    const adopt = readAdopt(args.adopt, ENTRA_ADOPT, problems, at) as EntraAdopt | undefined;
    if (adopt !== undefined) checkEntraAdopt(adopt, tenantId, assignmentRequired, problems, at);
    // An adopted app's service principal has its own "Assignment required?", which the update sets:
    // left to the default (false), adopting an app that requires assignment would open W&B to the
    // whole tenant. So adoption decides it explicitly.
    if (adopt !== undefined && args.assignmentRequired === undefined) {
        problems.add(
            at("assignmentRequired"),
            undefined,
            `set it when adopting an app, true or false as it is now (Enterprise applications > the app > Properties: Assignment required?): the adopted service principal takes this value, and false lets every user of the tenant sign in to W&B`,
        );
    }
    if (
        problems.list.length > before ||
        displayName === undefined ||
        secretRotationDays === undefined ||
        signInAudience === undefined ||
        assignmentRequired === undefined
    ) {
        return undefined;
    }
    return {
        displayName,
        ...(tenantId !== undefined && { tenantId }),
        secretRotationDays,
        signInAudience,
        ...(groupMembershipClaims !== undefined && { groupMembershipClaims }),
        ...(owners !== undefined && { owners }),
        assignmentRequired,
        ...teamsArgs,
        ...(adopt !== undefined && { adopt }),
    };
}

/**
 * Teams from Entra: names, not object IDs. `groupMembershipClaims` alone sends group object IDs,
 * which W&B cannot match with team names. With teams, the app gets `groupMembershipClaims:
 * ["ApplicationGroup"]` (only the groups assigned to the app, which also keeps the claim under the
 * overage limit: over 200 groups Entra sends no groups claim at all) and the `groups` optional claim
 * with `cloud_displayname` or `sam_account_name` (names instead of IDs; Microsoft: cloud_displayname
 * works only with ApplicationGroup). Its settings: the azuread Application's `groupMembershipClaims`
 * and `optionalClaims.idTokens[].additionalProperties` (node_modules/@pulumi/azuread/application.d.ts,
 * types/input.d.ts `ApplicationOptionalClaimsIdToken`); the assignments are `azuread.AppRoleAssignment`s
 * (appRoleAssignment.d.ts: `appRoleId`, `principalObjectId`, `resourceObjectId`).
 */
function checkEntraTeams(
    args: Unchecked<EntraOidcAppArgs>,
    problems: Problems,
    at: At,
): Pick<EntraSettings, "teamGroupIds" | "groupNameSource"> {
    const teams = knownTeams(args);
    const off = (field: string) =>
        problems.add(
            at(field),
            args[field as keyof EntraOidcAppArgs],
            `applies only with teams on: set ${at("teams")} to true, or remove it`,
        );
    if (!teams.teams) {
        if (args.teamGroupIds !== undefined) off("teamGroupIds");
        if (args.groupNameSource !== undefined) off("groupNameSource");
        return {};
    }
    if (teams.teamGroups !== undefined) {
        problems.add(
            at("teamGroups"),
            teams.teamGroups,
            `Entra assigns groups to the app by object ID, and the claim lists the assigned groups: list their object IDs in ${at("teamGroupIds")} instead`,
        );
    }
    if (args.groupMembershipClaims !== undefined && !sameList(args.groupMembershipClaims, ["ApplicationGroup"])) {
        problems.add(
            at("groupMembershipClaims"),
            args.groupMembershipClaims,
            'with teams, Entra must send the names of the groups assigned to the app (["ApplicationGroup"], which wandb-sso sets); other values send object IDs W&B cannot match with teams, and past 200 groups no claim at all: remove it',
        );
    }
    let groupNameSource: EntraGroupNameSource | undefined;
    if (args.groupNameSource === undefined) groupNameSource = EntraGroupNameSource.CloudDisplayName;
    else if (typeof args.groupNameSource === "string" && GROUP_NAME_SOURCES.includes(args.groupNameSource)) {
        groupNameSource = args.groupNameSource as EntraGroupNameSource;
    } else {
        problems.add(
            at("groupNameSource"),
            args.groupNameSource,
            "use cloud_displayname (the display names of cloud groups, the default) or sam_account_name (groups synced from an on-premises directory)",
        );
    }
    const teamGroupIds = args.teamGroupIds === undefined ? undefined : checkGroupIds(args.teamGroupIds, problems, at);
    return {
        ...(groupNameSource !== undefined && { groupNameSource }),
        ...(teamGroupIds !== undefined && teamGroupIds.length > 0 && { teamGroupIds }),
    };
}

function sameList(value: unknown, expected: readonly string[]): boolean {
    const list = parseStringList(value);
    return "value" in list && list.value.length === expected.length && list.value.every((item, i) => item === expected[i]);
}

/** Group object IDs (GUIDs; another resource's values are left to it), not repeated. */
function checkGroupIds(value: unknown, problems: Problems, at: At): pulumi.Input<string>[] | undefined {
    if (!Array.isArray(value)) {
        problems.add(at("teamGroupIds"), value, 'use a list of group object IDs, e.g. ["00000000-0000-0000-0000-000000000000"]');
        return undefined;
    }
    const seen = new Set<string>();
    return value.map((item: unknown, index) => {
        if (isDeferred(item)) return item as pulumi.Input<string>;
        const setting = at(`teamGroupIds[${index}]`);
        if (typeof item !== "string" || !GUID.test(item)) {
            problems.add(setting, item, "a group's Object ID is a GUID (Entra admin center > Groups > the group > Overview), not its name");
            return "";
        }
        const id = item.toLowerCase();
        if (seen.has(id)) problems.add(setting, item, "this group is listed twice; remove this entry");
        seen.add(id);
        return id;
    });
}

/** The default app role: "assigned to the app" without a role of its own. */
export const DEFAULT_ACCESS_APP_ROLE_ID = "00000000-0000-0000-0000-000000000000";

/** What the app registration's group settings are, with teams (names) or without (the given claims). */
export function entraGroupSettings(
    settings: EntraSettings,
    teams: TeamsSettings,
): { groupMembershipClaims?: string[]; groupsOptionalClaim?: { name: string; additionalProperties: string[] } } {
    if (!teams.teams) return settings.groupMembershipClaims === undefined ? {} : { groupMembershipClaims: settings.groupMembershipClaims };
    return {
        groupMembershipClaims: ["ApplicationGroup"],
        groupsOptionalClaim: {
            name: WANDB_GROUPS_CLAIM,
            additionalProperties: [settings.groupNameSource ?? EntraGroupNameSource.CloudDisplayName],
        },
    };
}

export function entraGroupsClaimSent(settings: EntraSettings, teams: TeamsSettings): GroupsClaimSent | undefined {
    const group = entraGroupSettings(settings, teams);
    if (group.groupMembershipClaims === undefined || group.groupMembershipClaims.includes("None")) return undefined;
    return { name: WANDB_GROUPS_CLAIM, values: group.groupsOptionalClaim !== undefined ? "names" : "ids" };
}

/** The warning with teams on and no group assigned by this component. */
export function entraTeamsWarning(settings: EntraSettings, teams: TeamsSettings): string | undefined {
    if (!teams.teams || settings.teamGroupIds !== undefined) return undefined;
    return "with teams, Entra's groups claim lists only the groups assigned to the app: assign the groups that are W&B teams in Enterprise applications > the app > Users and groups, or list their object IDs in teamGroupIds";
}

/**
 * W&B's identifier claims with Entra: `preferred_username` is the user's UPN (`name@domain`),
 * which W&B refuses as a username, and Entra offers no way to send another value in it.
 */
export const ENTRA_IDENTIFIER_CLAIMS: IdentifierClaimsAdvice = {
    severity: "refuse",
    reason: "Entra's preferred_username is the user's UPN (name@domain), which W&B refuses as a username (letters, digits, _ and - only), and Entra cannot send another value in it: leave identifierClaims off",
};

/**
 * Entra replaces the groups claim with `hasgroups` in implicit-flow ID tokens of users in more than
 * 6 groups: the warning the component logs, when it applies.
 */
export function implicitGroupsWarning(authMethod: unknown, groupMembershipClaims: readonly string[] | undefined): string | undefined {
    if (knownAuthMethod(authMethod) !== "implicit" || groupMembershipClaims === undefined || groupMembershipClaims.includes("None")) {
        return undefined;
    }
    return (
        "Entra ID replaces the groups claim with `hasgroups` in implicit-flow ID tokens of users in more than 6 groups; " +
        "use authMethod pkce for W&B to receive their groups"
    );
}

export { ENTRA_ISSUERS } from "../../src/parse/issuers/entra";

/**
 * Entra's rules for group names, for the record: Entra takes no teams filter of names (it assigns
 * groups to the app by object ID: `teamGroupIds`), so a list is refused by its validator. A group's
 * display name is at most 256 characters (Microsoft Graph, group resource type: displayName "Maximum
 * length is 256 characters"), and a token's groups claim holds at most 200 groups (Microsoft,
 * "Configure group claims for applications": over the limit Entra sends none).
 */
export const ENTRA_TEAM_NAMES: TeamNameRules = {
    idp: "Entra",
    filter: false,
    maxChars: 256,
    ignoresCase: false,
    maxNames: 200,
    maxNamesWhy: "a token's groups claim holds at most 200 groups (Configure group claims for applications)",
    source: "Microsoft Graph, group resource type (displayName); Configure group claims for applications (200 groups)",
};
