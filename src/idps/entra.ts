// Microsoft Entra ID: the pure rules (tenant, issuer, sign-in audience, groups claim, Microsoft Graph
// scopes, the client secret's rotation schedule, stack config) behind EntraOidcApp.
import { OIDC_SCOPES } from "../oidc";
import { bad, ok, type Parsed, type Problems } from "../problems";
import { parseOptionalBoolean, parseStringList, readObject } from "../config/values";
import type { IdpDefinition } from "./types";
// Loaded on demand (see `create`): only stacks that use Entra load the Azure AD SDK.
import type * as EntraModule from "../../providers/entra";

/** The app registration's name in the Entra admin center unless one is given. */
export const DEFAULT_ENTRA_DISPLAY_NAME = "Weights & Biases";
/** W&B's guide: single tenant ("Accounts in this organizational directory only"). */
export const DEFAULT_SIGN_IN_AUDIENCE = "AzureADMyOrg";
/** Days a client secret is valid for unless told; rotated halfway (see {@link secretRotation}). */
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
    if (value.trim() !== value) return bad(`remove the surrounding whitespace: use ${JSON.stringify(value.trim())}`);
    if (GUID.test(value)) return ok(value.toLowerCase());
    if (["common", "organizations", "consumers"].includes(value.toLowerCase())) {
        return bad(
            `"${value}" is Entra's multi-tenant endpoint, whose tokens name each user's own tenant as issuer; use your tenant's ID: ${where}`,
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

/** Checks each literal owner (values known only after apply are left alone), as `<setting>[<index>]`. */
export function checkOwners(list: readonly unknown[], setting: string, problems: Problems): void {
    list.forEach((item, index) => {
        if (typeof item === "string") problems.check(`${setting}[${index}]`, item, parseObjectId);
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
            `${unknown.map((u) => JSON.stringify(u)).join(", ")} ${unknown.length === 1 ? "is" : "are"} not one of ${allowed}${hint}`,
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
export function parseEntraDisplayName(value: unknown): Parsed<string> {
    if (value === undefined) return ok(DEFAULT_ENTRA_DISPLAY_NAME);
    if (typeof value !== "string" || value.trim() === "") return bad(`set a non-empty name, e.g. ${DEFAULT_ENTRA_DISPLAY_NAME}`);
    if (value.trim() !== value) return bad(`remove the surrounding whitespace: use ${JSON.stringify(value.trim())}`);
    if (value.length > 256) return bad("use at most 256 characters");
    return ok(value);
}

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

/** The client secret's schedule at one moment (see {@link secretRotation}). */
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

export interface EntraSettings {
    readonly displayName: string;
    /** The tenant the issuer names; the azuread provider's when unset. */
    readonly tenantId?: string;
    readonly secretRotationDays: number;
    readonly signInAudience: string;
    readonly groupMembershipClaims?: string[];
    readonly owners?: string[];
    readonly assignmentRequired: boolean;
}

const FIELDS = [
    "displayName",
    "tenantId",
    "secretRotationDays",
    "signInAudience",
    "groupMembershipClaims",
    "owners",
    "assignmentRequired",
] as const;

export const entra: IdpDefinition<EntraSettings> = {
    parse(value, problems, { setting }) {
        const object = readObject(value, FIELDS, problems, setting);
        if (object === undefined) return undefined;
        const before = problems.list.length;
        const key = (field: string) => `${setting}.${field}`;
        const displayName = problems.check(key("displayName"), object.displayName, parseEntraDisplayName);
        const tenantId = object.tenantId === undefined ? undefined : problems.check(key("tenantId"), object.tenantId, parseTenantId);
        const secretRotationDays = problems.check(key("secretRotationDays"), object.secretRotationDays, parseSecretRotationDays);
        const signInAudience = problems.check(key("signInAudience"), object.signInAudience, parseSignInAudience);
        const groupMembershipClaims =
            object.groupMembershipClaims === undefined
                ? undefined
                : problems.check(key("groupMembershipClaims"), object.groupMembershipClaims, parseGroupMembershipClaims);
        let owners: string[] | undefined;
        if (object.owners !== undefined) {
            owners = problems.check(key("owners"), object.owners, parseStringList);
            if (owners !== undefined) checkOwners(owners, key("owners"), problems);
        }
        const assignmentRequired = problems.check(key("assignmentRequired"), object.assignmentRequired, parseOptionalBoolean(false));
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
            ...(owners !== undefined && { owners: owners.map((o) => o.toLowerCase()) }),
            assignmentRequired,
        };
    },

    create(name, settings, common, opts) {
        const { EntraOidcApp } = require("../../providers/entra") as typeof EntraModule;
        return new EntraOidcApp(name, { ...common, ...settings }, opts);
    },
};
