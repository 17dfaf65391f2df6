// What a W&B app registration's ID tokens carry as the `groups` claim W&B maps to teams, as far as
// the stack's resources tell: plain names (what W&B needs), object IDs, `/paths`, nothing, or
// unknown (configured where a policy cannot see). Field names are the SDKs' inputs (okta 7.0.0
// app/oauth.d.ts `groupsClaim`, auth/serverClaim.d.ts; azuread 6.9.1 application.d.ts
// `groupMembershipClaims`, `optionalClaims.idTokens`; keycloak 6.13.0
// openid/groupMembershipProtocolMapper.d.ts `claimName`, `fullPath` (default true); aws 7.48.0
// cognito/userPool.d.ts `lambdaConfig.preTokenGeneration(Config)`).
import * as types from "./types";
import { asList, at, isUnknown, type Value } from "./values";

export type GroupsSent = { readonly kind: "names" | "unknown" } | { readonly kind: "none" | "ids" | "paths"; readonly why: string };

/** The resources of the stack, as the policy reads them. */
export interface StackResource {
    readonly type: string;
    readonly props: Value;
}

const NAMES: GroupsSent = { kind: "names" };
const UNKNOWN_SENT: GroupsSent = { kind: "unknown" };

function okta(app: Value, stack: readonly StackResource[]): GroupsSent {
    const claims = stack.filter((r) => r.type === types.OKTA_SERVER_CLAIM && at(r.props, "name") === "groups");
    if (claims.some((r) => isUnknown(at(r.props, "valueType")))) return UNKNOWN_SENT;
    if (claims.some((r) => at(r.props, "valueType") === "GROUPS")) return NAMES;
    // An EXPRESSION claim, or the app's own (deprecated) groupsClaim: what it sends is not checked here.
    if (claims.length > 0 || at(app, "groupsClaim") !== undefined) return UNKNOWN_SENT;
    return {
        kind: "none",
        why: "no groups claim on an authorization server in this stack (okta:auth/serverClaim:ServerClaim named groups, valueType GROUPS)",
    };
}

function entra(app: Value): GroupsSent {
    const claims = at(app, "groupMembershipClaims");
    if (isUnknown(claims)) return UNKNOWN_SENT;
    const list = asList(claims) ?? [];
    if (list.length === 0 || list.includes("None"))
        return { kind: "none", why: "groupMembershipClaims is not set, so Entra sends no groups claim" };
    const idTokens = asList(at(app, "optionalClaims", "idTokens"));
    if (idTokens === undefined && isUnknown(at(app, "optionalClaims"))) return UNKNOWN_SENT;
    const groups = (idTokens ?? []).find((claim) => at(claim, "name") === "groups");
    const properties = asList(at(groups, "additionalProperties")) ?? [];
    if (properties.includes("cloud_displayname") || properties.includes("sam_account_name")) return NAMES;
    return {
        kind: "ids",
        why: `groupMembershipClaims ${JSON.stringify(list)} without the groups optional claim's cloud_displayname or sam_account_name sends group object IDs, which W&B cannot match with team names`,
    };
}

function keycloak(stack: readonly StackResource[]): GroupsSent {
    const mappers = stack.filter((r) => r.type === types.KEYCLOAK_GROUPS_MAPPER && at(r.props, "claimName") === "groups");
    if (mappers.length === 0) return { kind: "none", why: "no group membership mapper with claim name groups in this stack" };
    if (mappers.some((r) => at(r.props, "fullPath") === false)) return NAMES;
    if (mappers.some((r) => isUnknown(at(r.props, "fullPath")))) return UNKNOWN_SENT;
    return {
        kind: "paths",
        why: "the group membership mapper sends full paths (/parent/name; fullPath defaults to true): set fullPath to false",
    };
}

function cognito(stack: readonly StackResource[]): GroupsSent {
    const pools = stack.filter((r) => r.type === types.COGNITO_POOL);
    // The pool is not in this stack: its triggers are not visible.
    if (pools.length === 0) return UNKNOWN_SENT;
    const trigger = (pool: StackResource) =>
        at(pool.props, "lambdaConfig", "preTokenGenerationConfig", "lambdaArn") ?? at(pool.props, "lambdaConfig", "preTokenGeneration");
    if (pools.some((pool) => trigger(pool) !== undefined)) return UNKNOWN_SENT;
    return {
        kind: "none",
        why: "Cognito's ID token carries cognito:groups, not groups, and no user pool in this stack has a pre token generation trigger to copy it",
    };
}

/** What the app's ID tokens carry as `groups`. */
export function groupsSent(type: string, app: Value, stack: readonly StackResource[]): GroupsSent {
    switch (type) {
        case types.OKTA_APP:
            return okta(app, stack);
        case types.ENTRA_APP:
            return entra(app);
        case types.KEYCLOAK_CLIENT:
            return keycloak(stack);
        case types.COGNITO_CLIENT:
            return cognito(stack);
        case types.AUTH0_CLIENT:
            return { kind: "none", why: "groups is one of Auth0's restricted claims, which an Action cannot add to the token" };
        default:
            return UNKNOWN_SENT;
    }
}
