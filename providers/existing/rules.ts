// Bring your own app registration (Google, or an app made by hand in any IdP): the pure rules behind
// ExistingOidcApp (issuer, client ID, secret, Google's known mistakes) and its one validator, shared
// by the component and the stack config.
import type * as pulumi from "@pulumi/pulumi";
import type { IdpAppArgs } from "../../src/oidc";
import { knownAuthMethod } from "../../src/parse/oidc";
import {
    bad,
    ok,
    plainSecretFix,
    SECRET_PLACEHOLDER,
    wrongSecretTypeFix,
    type At,
    type Parsed,
    type Problems,
    type Unchecked,
} from "../../src/problems";
import { fieldsOf, isDeferred, isOutputLike } from "../../src/parse/values";
import { clientIdTextFix } from "../../src/parse/ids";
import { GOOGLE_ISSUER, parseKnownIssuer } from "../../src/parse/issuers";
import { knownTeams, WANDB_GROUPS_CLAIM, type GroupsClaimSent, type IdentifierClaimsAdvice } from "../../src/parse/teams";

export { GOOGLE_ISSUER } from "../../src/parse/issuers";

export interface ExistingOidcAppArgs extends IdpAppArgs {
    /** The issuer exactly as the IdP's discovery document states it (Google: `https://accounts.google.com`). */
    issuer: string;
    /** The client ID the IdP issued. */
    clientId: string;
    /**
     * The client secret, when the IdP issued one: a Pulumi secret (`pulumi.secret(...)`,
     * `config.requireSecret(...)`, or a provider's secret output). A plain string is refused, and so
     * is an Output that is not secret (when it resolves, in preview).
     */
    clientSecret?: pulumi.Input<string>;
}

/** The checked `wandb-sso:existing` settings: the component's own arguments. */
export type ExistingSettings = Omit<ExistingOidcAppArgs, keyof IdpAppArgs>;

export const EXISTING_FIELDS = fieldsOf<ExistingSettings>()(["issuer", "clientId", "clientSecret"]);
/** The fields that hold a secret: the stack config hands them over as Pulumi secrets. */
export const EXISTING_SECRET_FIELDS = ["clientSecret"] as const;

/** How every Google OAuth client ID ends. */
export const GOOGLE_CLIENT_ID_SUFFIX = ".apps.googleusercontent.com";

export function isGoogleIssuer(issuer: string): boolean {
    return issuer === GOOGLE_ISSUER;
}

/**
 * An issuer exactly as the IdP's discovery document states it, with every IdP's known mistakes
 * refused (src/parse/issuers, the same rules as WandbOidc's issuer and verify); missing, it
 * suggests Google's, the commonest app made by hand.
 */
export function parseExistingIssuer(value: unknown): Parsed<string> {
    if (value === undefined || value === "") return bad(`set the issuer URL, e.g. ${GOOGLE_ISSUER} for Google`, GOOGLE_ISSUER);
    return parseKnownIssuer(value, parseExistingIssuer);
}

/**
 * A client ID as the IdP issued it: a non-empty string without whitespace or invisible characters,
 * of at most 255 characters (src/parse/ids.ts).
 */
export function parseClientId(value: unknown): Parsed<string> {
    if (typeof value !== "string" || value === "") {
        return bad("set the client ID the IdP issued, e.g. 1234-abc.apps.googleusercontent.com", "1234-abc.apps.googleusercontent.com");
    }
    return clientIdTextFix(value, parseClientId) ?? ok(value);
}

/**
 * The client secret: absent, or a Pulumi secret. A plain value carries no secret mark (nor does a
 * promise): it would reach the state in plain text wherever it flows. Anything else is no secret at all. Whether an Output is secret
 * is known only once it resolves: the component checks that.
 */
function checkClientSecret(value: unknown, problems: Problems, at: At): pulumi.Input<string> | undefined {
    if (value === undefined || isOutputLike(value)) return value as pulumi.Input<string> | undefined;
    if (value === "" || (typeof value !== "string" && !isDeferred(value))) {
        // Not text: the advice says what it is (a number, a list, empty), never its value.
        problems.add(at("clientSecret"), SECRET_PLACEHOLDER, wrongSecretTypeFix(value) ?? plainSecretFix(at("clientSecret")));
    } else {
        problems.add(at("clientSecret"), SECRET_PLACEHOLDER, plainSecretFix(at("clientSecret")));
    }
    return undefined;
}

/** The bring-your-own validator, with Google's own rules. */
export function checkExistingArgs(args: Unchecked<ExistingOidcAppArgs>, problems: Problems, at: At): ExistingSettings | undefined {
    const before = problems.list.length;
    const issuer = problems.check(at("issuer"), args.issuer, parseExistingIssuer);
    const clientId = problems.check(at("clientId"), args.clientId, parseClientId);
    const clientSecret = checkClientSecret(args.clientSecret, problems, at);
    const authMethod = knownAuthMethod(args.authMethod);
    if (issuer !== undefined && isGoogleIssuer(issuer) && authMethod !== undefined) {
        if (clientId !== undefined && !clientId.endsWith(GOOGLE_CLIENT_ID_SUFFIX)) {
            problems.add(
                at("clientId"),
                clientId,
                `a Google OAuth client ID ends with ${GOOGLE_CLIENT_ID_SUFFIX}; copy it from Google Cloud console > APIs & Services > Credentials`,
            );
        }
        if (authMethod === "pkce" && args.clientSecret === undefined) {
            problems.add(
                at("clientSecret"),
                undefined,
                `Google's Web application clients need their client secret to exchange the code (${at("authMethod")} pkce): set ${at("clientSecret")}, or use ${at("authMethod")} implicit`,
            );
        }
    }
    const teams = knownTeams(args);
    if (teams.teams && issuer !== undefined && isGoogleIssuer(issuer)) problems.add(at("teams"), true, GOOGLE_TEAMS_REFUSAL);
    if (teams.teamGroups !== undefined) {
        problems.add(
            at("teamGroups"),
            teams.teamGroups,
            "an app registered by hand is not changed by wandb-sso, so it cannot apply a teams filter: set the filter in the IdP's own groups claim, and remove it here (teams on without a list)",
        );
    }
    if (problems.list.length > before || issuer === undefined || clientId === undefined) return undefined;
    return { issuer, clientId, ...(clientSecret !== undefined && { clientSecret }) };
}

/** Why teams are refused for Google: its ID tokens carry no groups claim, whatever is configured. */
export const GOOGLE_TEAMS_REFUSAL =
    "Google's ID tokens carry no groups claim (Google Workspace groups are not in Google's OIDC tokens, and no setting adds them), so W&B would receive no teams: turn teams off and manage team membership in W&B";

/** What `wandb-sso verify --teams` says of Google's issuer: the check fails, with this. */
export const GOOGLE_TEAMS_REFUSAL_CHECK = {
    message: "Google's ID tokens carry no groups claim",
    fix: "W&B's team mapping cannot work with Google: turn group claims (wandb-sso:teams) off and manage teams in W&B",
} as const;

/**
 * What an app registered by hand sends: Google never a groups claim; any other app only its admin
 * knows (`unknown`: accepted, with `EXISTING_TEAMS_WARNING`).
 */
export function existingGroupsClaimSent(settings: ExistingSettings): GroupsClaimSent | undefined {
    return isGoogleIssuer(settings.issuer) ? undefined : { name: WANDB_GROUPS_CLAIM, values: "unknown" };
}

/** The warning for teams (or W&B's group claims) with an app registered by hand. */
export const EXISTING_TEAMS_WARNING =
    "W&B maps teams from the ID token's groups claim, and wandb-sso cannot see how an app registered by hand is configured: make sure the IdP sends groups as a list of plain group names (not IDs or /paths) that equal the W&B team names (wandb-sso verify --teams checks what the discovery document shows)";

/**
 * W&B's identifier claims with an app registered by hand: Google's ID tokens carry no
 * `preferred_username` (refused); any other IdP's only its admin knows (a warning).
 */
export function existingIdentifierClaims(settings: ExistingSettings): IdentifierClaimsAdvice {
    if (isGoogleIssuer(settings.issuer)) {
        return {
            severity: "refuse",
            reason: "Google's ID tokens carry no preferred_username (only e-mail and name), so W&B would find no username: leave identifierClaims off",
        };
    }
    return {
        severity: "warn",
        reason: "W&B takes usernames from preferred_username, and accepts only letters, digits, _ and -: make sure the IdP sends such a value (many send an e-mail address or UPN)",
    };
}
