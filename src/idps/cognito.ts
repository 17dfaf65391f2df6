// AWS Cognito: the pure rules (issuer, IDs, domain prefixes, stack config) behind CognitoOidcApp.
import type { AuthMethod } from "../oidc";
import { bad, ok, type Parsed, type Problems } from "../problems";
import { readObject, parseOptionalBoolean } from "../config/values";
import type { IdpDefinition } from "./types";
// Loaded on demand (see `create`): only stacks that use Cognito load the AWS SDK.
import type * as CognitoModule from "../../providers/cognito";

/**
 * W&B's guide: "For AWS Cognito providers you must set the Auth Method to pkce" (Cognito's
 * authorization endpoint does not answer `response_mode=form_post`).
 */
export const COGNITO_AUTH_METHODS: readonly AuthMethod[] = ["pkce"];

/**
 * The issuer Cognito states in its discovery document. Never the hosted-UI domain: that domain
 * serves the login pages but not `/.well-known/openid-configuration`.
 */
export function cognitoIssuer(region: string, userPoolId: string): string {
    return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

/** The hosted-UI base URL of a Cognito domain prefix (where users see the login page). */
export function cognitoHostedUiUrl(domainPrefix: string, region: string): string {
    return `https://${domainPrefix}.auth.${region}.amazoncognito.com`;
}

/** A user pool ID is `<region>_<id>`, e.g. `us-west-2_AbC123xyZ`. */
const USER_POOL_ID = /^([a-z]{2}(?:-[a-z]+)+-\d+)_[0-9A-Za-z]+$/;

export function parseUserPoolId(value: unknown): Parsed<string> {
    if (typeof value === "string" && USER_POOL_ID.test(value)) return ok(value);
    return bad("a user pool ID is <region>_<id>, e.g. us-west-2_AbC123xyZ: copy it from the Cognito console's user pool overview");
}

/** The region a user pool ID names (`us-west-2_AbC123` → `us-west-2`). */
export function userPoolRegion(userPoolId: string): string | undefined {
    return USER_POOL_ID.exec(userPoolId)?.[1];
}

/** Cognito's rule for a domain prefix: lower-case letters, digits and hyphens, and no AWS names. */
export function parseDomainPrefix(value: unknown): Parsed<string> {
    if (typeof value !== "string" || !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(value)) {
        const suggestion = typeof value === "string" ? slug(value) : "";
        return bad(
            "a domain prefix is 1-63 lower-case letters, digits and hyphens, not starting or ending with a hyphen" +
                (suggestion ? `; e.g. ${suggestion}` : "; e.g. wandb-example"),
        );
    }
    const reserved = ["aws", "amazon", "cognito"].find((word) => value.includes(word));
    if (reserved)
        return bad(
            `Cognito refuses domain prefixes containing "${reserved}"; choose another, e.g. ${slug(value.replaceAll(reserved, ""))}`,
        );
    return ok(value);
}

function slug(value: string): string {
    return value
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, "-")
        .replace(/-{2,}/g, "-")
        .replace(/^-+|-+$/g, "")
        .slice(0, 63);
}

export interface CognitoSettings {
    /** Reuse this user pool; when unset a pool is created. */
    readonly userPoolId?: string;
    /** Create the hosted-UI domain `<prefix>.auth.<region>.amazoncognito.com`. */
    readonly domainPrefix?: string;
    readonly generateSecret: boolean;
}

/**
 * Checks that belong to the combination of settings, shared by the stack config and the
 * component so that both refuse the same things with the same words.
 */
export function cognitoCombinationProblems(
    settings: { userPoolId?: unknown; domainPrefix?: unknown; authMethod: AuthMethod },
    names: { userPoolId: string; domainPrefix: string; authMethod: string },
    problems: Problems,
): void {
    if (!COGNITO_AUTH_METHODS.includes(settings.authMethod)) {
        problems.add(
            names.authMethod,
            settings.authMethod,
            "AWS Cognito requires pkce (it cannot answer the implicit flow's form_post): set it to pkce or leave it unset",
        );
    }
    if (settings.userPoolId === undefined && settings.domainPrefix === undefined) {
        problems.add(
            names.domainPrefix,
            undefined,
            `a new user pool needs a hosted-UI domain for its OAuth endpoints: set ${names.domainPrefix} (e.g. wandb-example), or reuse a pool that has one with ${names.userPoolId}`,
        );
    }
}

const FIELDS = ["userPoolId", "domainPrefix", "generateSecret"] as const;

export const cognito: IdpDefinition<CognitoSettings> = {
    parse(value, problems, { setting, authMethod }) {
        const object = readObject(value, FIELDS, problems, setting);
        if (object === undefined) return undefined;
        const key = (field: string) => `${setting}.${field}`;
        const userPoolId =
            object.userPoolId === undefined ? undefined : problems.check(key("userPoolId"), object.userPoolId, parseUserPoolId);
        const domainPrefix =
            object.domainPrefix === undefined ? undefined : problems.check(key("domainPrefix"), object.domainPrefix, parseDomainPrefix);
        const generateSecret = problems.check(key("generateSecret"), object.generateSecret, parseOptionalBoolean(false));
        cognitoCombinationProblems(
            { userPoolId: object.userPoolId, domainPrefix: object.domainPrefix, authMethod },
            { userPoolId: key("userPoolId"), domainPrefix: key("domainPrefix"), authMethod: "wandb-sso:authMethod" },
            problems,
        );
        if (generateSecret === undefined) return undefined;
        return {
            ...(userPoolId !== undefined && { userPoolId }),
            ...(domainPrefix !== undefined && { domainPrefix }),
            generateSecret,
        };
    },

    create(name, settings, common, opts) {
        const { CognitoOidcApp } = require("../../providers/cognito") as typeof CognitoModule;
        return new CognitoOidcApp(name, { ...common, ...settings }, opts);
    },
};
