// Okta: the pure rules behind OktaOidcApp (org URL, issuer, authorization server, group IDs, groups
// claim, the known issuer mistakes) and its one validator, shared by the component and the stack config.
import type * as pulumi from "@pulumi/pulumi";
import type { IdpAppArgs } from "../../src/oidc";
import { knownAuthMethod } from "../../src/parse/oidc";
import { bad, ok, said, shown, suggest, type At, type Parsed, type Problems, type Unchecked } from "../../src/problems";
import { fieldsOf, isDeferred, readObject } from "../../src/parse/values";
import { readAdopt, type AdoptDescriptor } from "../../src/idp/adopt";
import { decodePathSegment, parseWebUrl, pathSegments } from "../../src/parse/url";
import { displayNameParser } from "../../src/parse/names";
import { JavaRegexError, parseJavaRegex, type JavaPattern } from "./javaRegex";
import { OKTA_DOMAIN } from "../../src/parse/issuers/okta";
import {
    knownTeams,
    WANDB_GROUPS_CLAIM,
    type GroupsClaimSent,
    type IdentifierClaimsAdvice,
    type TeamNameRules,
    type TeamsSettings,
} from "../../src/parse/teams";

/** The groups claim in the ID token: which claim, and which groups. */
export interface OktaGroupsClaim {
    /** The ID-token claim; default `groups` (the name W&B reads). */
    name?: string;
    /** Which groups, by name (a regular expression); default `.*` (every group). */
    filterRegex?: string;
}

export interface OktaOidcAppArgs extends IdpAppArgs {
    /**
     * The org URL the issuer is built from: `https://acme.okta.com` (not the `-admin` console), or
     * the org's custom domain (`https://login.example.com`). The Okta provider's own credentials
     * (`okta:orgName`, `okta:baseUrl`, `okta:apiToken`) are separate.
     */
    orgUrl: string;
    /** The app integration's name in the Admin Console; default `Weights & Biases`. */
    label?: string;
    /**
     * Use this custom authorization server (`default`, or `aus…`; needs API Access Management);
     * when unset, the org authorization server. It decides the issuer: `<orgUrl>/oauth2/<id>`.
     */
    authorizationServerId?: string;
    /** Groups assigned to the app (`00g…`): only assigned users can sign in to W&B. */
    groupIds?: pulumi.Input<string>[];
    /**
     * Put the user's groups in the ID token (W&B maps them to teams): a claim on the custom
     * authorization server, so `authorizationServerId` is required. Defaults: name `groups`,
     * filterRegex `.*` (every group).
     */
    groupsClaim?: OktaGroupsClaim;
    /**
     * Adopt an app integration made by hand (W&B's manual guide) instead of creating one: it is
     * imported (Pulumi's `import` option) and keeps its client ID. Every input this component
     * declares is then set on it, but for its name while `label` is unset: `pulumi preview --diff`
     * shows each difference as an update after the import (docs/migrate.md).
     */
    adopt?: OktaAdopt;
}

/** The ID of an Okta app integration made by hand, as the Admin Console shows it. */
export interface OktaAdopt {
    /** The app's ID (`0oa…`): Applications > the app, the end of its address; its "Client ID" is the same. */
    appId: string;
}

/** The groups claim with its defaults applied. */
export type OktaGroupsClaimSettings = Readonly<Required<OktaGroupsClaim>>;

/** The checked `wandb-sso:okta` settings: the component's own arguments, defaults applied. */
export type OktaSettings = Omit<OktaOidcAppArgs, keyof IdpAppArgs | "orgUrl" | "label" | "groupsClaim" | "adopt"> & {
    /** The (normalised) org URL, or custom domain, that the issuer is built from. */
    readonly orgUrl: string;
    readonly label: string;
    readonly groupsClaim?: OktaGroupsClaimSettings;
    readonly adopt?: Readonly<OktaAdopt>;
};

export const OKTA_FIELDS = fieldsOf<OktaSettings>()(["orgUrl", "label", "authorizationServerId", "groupIds", "groupsClaim", "adopt"]);

/** The app integration's name in the Okta Admin Console unless one is given. */
export const DEFAULT_OKTA_LABEL = "Weights & Biases";
/** The claim W&B reads group names from (GORILLA_ENABLE_SSO_GROUP_CLAIMS). */
export const DEFAULT_OKTA_GROUPS_CLAIM = "groups";
/** Every group the user is in (Okta's "Matches regex .*"). */
export const DEFAULT_OKTA_GROUPS_FILTER = ".*";

/**
 * What W&B's guide checks in the console's "New Single-Page App Integration": both "Authorization
 * Code" and "Implicit (hybrid)". Both are granted whatever the auth method, as the guide does, so
 * switching `authMethod` later changes nothing in Okta.
 */
export const OKTA_GRANT_TYPES = ["authorization_code", "implicit"] as const;
/**
 * Okta's rule for a browser app: `authorization_code` needs `code`; `implicit` needs `id_token`
 * and/or `token`. W&B reads only the ID token, but its implicit flow may ask for `id_token` alone or
 * `id_token token`, so both are allowed, as the console's "Allow ID Token" / "Allow Access Token"
 * options under "Implicit (hybrid)" do.
 */
export const OKTA_RESPONSE_TYPES = ["code", "id_token", "token"] as const;

/** Whether an org URL is on an Okta domain (false for a custom domain such as login.example.com). */
export function isOktaDomain(orgUrl: string): boolean {
    return URL.canParse(orgUrl) && OKTA_DOMAIN.test(new URL(orgUrl).hostname);
}

/**
 * The issuer Okta states in the discovery document: the org URL itself for the org authorization
 * server, `<orgUrl>/oauth2/<serverId>` for a custom authorization server (API Access Management).
 */
export function oktaIssuer(orgUrl: string, authorizationServerId?: string): string {
    return authorizationServerId === undefined ? orgUrl : `${orgUrl}/oauth2/${authorizationServerId}`;
}

/**
 * The org URL users sign in on: `https://<org>.okta.com` (or `oktapreview.com`, `okta-emea.com`…),
 * or the org's custom domain (`https://login.example.com`). https only, no path, port, query or
 * fragment; a trailing slash is dropped and the hostname lower-cased. The Admin Console's URL
 * (`https://acme-admin.okta.com`) is refused with the org URL suggested, and a custom authorization
 * server's issuer (`…/oauth2/default`) with the split into orgUrl and authorizationServerId.
 */
export function parseOktaOrgUrl(value: unknown): Parsed<string> {
    const parsed = parseWebUrl(value, {
        missing: "set the Okta org URL, e.g. https://acme.okta.com (the Admin Console's address without -admin)",
        notUrl: "use the org URL, e.g.",
        example: "https://acme.okta.com",
        guess: "host",
        http: { only: "Okta is served over https only" },
        exampleHost: "acme.okta.com",
        refusePort: true,
        without: "root",
        parser: parseOktaOrgUrl,
    });
    if ("fix" in parsed) return parsed;
    const { url, root } = parsed.value;
    const okta = OKTA_DOMAIN.exec(url.hostname);
    if (okta && okta[1]!.endsWith("-admin")) {
        const org = `https://${okta[1]!.slice(0, -"-admin".length)}.${okta[2]}.com`;
        return suggest(
            parseOktaOrgUrl,
            org,
            (s) => `this is the Okta Admin Console's URL, not the org's; use ${s ?? "the address without -admin"}`,
        );
    }
    const segments = pathSegments(url);
    if (segments.length === 0) return ok(root);
    if (segments[0] === "oauth2" && segments.length === 2 && segments[1] !== "v1") {
        const server = decodePathSegment(segments[1]!);
        const serverId = "value" in parseAuthorizationServerId(server) ? shown(server, "the server's ID") : "the server's ID";
        return bad(
            `this is a custom authorization server's issuer; set the org URL to ${said(root, "the part before /oauth2")} and authorizationServerId to ${serverId}`,
            said(root, "") || undefined,
        );
    }
    return bad(`use the org URL without a path${said(` (${url.pathname}): ${root}`, "")}`, said(root, "") || undefined);
}

/** A custom authorization server's ID: `default`, or `aus` and 17 letters and digits. */
const AUTH_SERVER_ID = /^(default|aus[0-9A-Za-z]{17})$/;

export function parseAuthorizationServerId(value: unknown): Parsed<string> {
    if (typeof value === "string" && AUTH_SERVER_ID.test(value)) return ok(value);
    const fromIssuer = typeof value === "string" ? /\/oauth2\/([^/?#]+)\/?$/.exec(value)?.[1] : undefined;
    if (fromIssuer !== undefined && AUTH_SERVER_ID.test(fromIssuer)) {
        return bad(`use the server's ID alone, not its issuer URL: ${fromIssuer}`, fromIssuer);
    }
    return bad(
        "an authorization server ID is default or aus followed by 17 letters and digits (Security > API > Authorization Servers: the last part of its Issuer URI), e.g. default",
        "default",
    );
}

/** An Okta app integration's ID: `0oa` and 17 letters and digits. */
const APP_ID = /^0oa[0-9A-Za-z]{17}$/;

export function parseOktaAppId(value: unknown): Parsed<string> {
    if (typeof value === "string" && APP_ID.test(value)) return ok(value);
    if (typeof value === "string" && GROUP_ID.test(value)) return bad("this is a group's ID (00g…); the app's ID starts with 0oa");
    return bad(
        "an Okta app ID is 0oa followed by 17 letters and digits, e.g. 0oa1b2c3d4e5f6g7h8i9 (Applications > the app: the end of its address, or its Client ID), not the app's name",
    );
}

/**
 * What Okta's `adopt` takes and imports: `okta:app/oAuth:OAuth` by `<app_id>`
 * (node_modules/@pulumi/okta/app/oauth.d.ts, "## Import", @pulumi/okta 7.0.0; terraform-provider-okta
 * docs/resources/app_oauth.md, "Import"). Group assignments and the groups claim are not the app's
 * own objects: they are created as for a new app (Okta assigns a group to an app idempotently).
 */
export const OKTA_ADOPT: AdoptDescriptor = {
    ids: [
        {
            field: "appId",
            where: "Okta Admin Console, Applications > the app: the end of its address (0oa…), also its Client ID",
            parse: parseOktaAppId,
        },
    ],
    imports: [{ type: "okta:app/oAuth:OAuth", format: "<appId>", source: "@pulumi/okta 7.0.0 app/oauth.d.ts, ## Import" }],
    // A single-page app is a public client: it has no secret to import.
    notImported: undefined,
};

/** An Okta group ID: `00g` and 17 letters and digits. */
const GROUP_ID = /^00g[0-9A-Za-z]{17}$/;

export function parseOktaGroupId(value: unknown): Parsed<string> {
    if (typeof value === "string" && GROUP_ID.test(value)) return ok(value);
    return bad(
        "an Okta group ID is 00g followed by 17 letters and digits, e.g. 00g1a2b3c4d5e6f7g8h9 (Directory > Groups > the group: the end of its URL), not the group's name",
        "00g1a2b3c4d5e6f7g8h9",
    );
}

/**
 * The groups assigned to the app: a list whose literal IDs are checked (values another resource
 * produces are left to it) and not repeated, each problem naming `groupIds[<index>]`.
 */
export function checkOktaGroupIds(value: unknown, problems: Problems, at: At): pulumi.Input<string>[] | undefined {
    if (!Array.isArray(value)) {
        problems.add(at("groupIds"), value, 'use a list of Okta group IDs, e.g. ["00g1a2b3c4d5e6f7g8h9"]');
        return undefined;
    }
    const seen = new Set<string>();
    value.forEach((item, index) => {
        if (isDeferred(item)) return;
        const id = problems.check(at(`groupIds[${index}]`), item, parseOktaGroupId);
        if (id === undefined) return;
        if (seen.has(id)) problems.add(at(`groupIds[${index}]`), item, "this group is listed twice; remove this entry");
        seen.add(id);
    });
    return value as pulumi.Input<string>[];
}

/** Claims Okta or OIDC reserve, which a custom claim cannot be named. */
const RESERVED_CLAIMS = new Set(
    "iss sub aud exp iat nbf jti auth_time nonce acr amr azp at_hash c_hash cid uid scp ver idp email name preferred_username".split(" "),
);

export function parseClaimName(value: unknown): Parsed<string> {
    if (value === undefined) return ok(DEFAULT_OKTA_GROUPS_CLAIM);
    if (typeof value !== "string" || !/^[A-Za-z_][A-Za-z0-9_.:-]{0,99}$/.test(value)) {
        return bad(
            `use a claim name of letters, digits, '_', '.', ':' and '-', e.g. ${DEFAULT_OKTA_GROUPS_CLAIM} (the name W&B reads)`,
            DEFAULT_OKTA_GROUPS_CLAIM,
        );
    }
    if (RESERVED_CLAIMS.has(value)) {
        return bad(
            `${shown(value, "this")} is a standard claim; use another name, e.g. ${DEFAULT_OKTA_GROUPS_CLAIM}`,
            DEFAULT_OKTA_GROUPS_CLAIM,
        );
    }
    return ok(value);
}

/** A filter that matches the groups whose names start with wandb-, as Okta reads it (the whole name). */
export const EXAMPLE_OKTA_GROUPS_FILTER = "wandb-.*";

/**
 * Okta's "Matches regex" filter: a Java regular expression (java.util.regex.Pattern), matched against
 * the WHOLE group name (Okta Developer docs, "Add a Groups claim": "Matches regex" takes a Java
 * regular expression; Okta evaluates it with Matcher.matches()). Checked as Java reads it
 * (./javaRegex.ts), not as JavaScript does. A filter with no wildcard matches only the names
 * written in it; one anchored at one end only (`^wandb-`, `-ml$`) shows it was meant to match a
 * part of the name, which Okta never does: it is refused, suggesting the pattern that works.
 */
export function parseGroupsFilterRegex(value: unknown): Parsed<string> {
    if (value === undefined) return ok(DEFAULT_OKTA_GROUPS_FILTER);
    if (typeof value !== "string" || value === "") {
        return bad(
            `set a regular expression over whole group names, e.g. ${DEFAULT_OKTA_GROUPS_FILTER} (every group) or ${EXAMPLE_OKTA_GROUPS_FILTER} (the groups whose names start with wandb-)`,
            DEFAULT_OKTA_GROUPS_FILTER,
        );
    }
    if (value.length > OKTA_FILTER_MAX_CHARS) return bad(`use at most ${OKTA_FILTER_MAX_CHARS} characters`);
    let pattern: JavaPattern;
    try {
        pattern = parseJavaRegex(value);
    } catch (error) {
        if (!(error instanceof JavaRegexError)) throw error;
        return bad(
            `not a valid regular expression as Okta reads it (Java's: ${said(error.message, "a syntax error")}); e.g. ${EXAMPLE_OKTA_GROUPS_FILTER} for the groups whose names start with wandb-`,
            EXAMPLE_OKTA_GROUPS_FILTER,
        );
    }
    const prefix = value.startsWith("^") && !value.endsWith("$");
    const suffix = value.endsWith("$") && !value.endsWith("\\$") && !value.startsWith("^");
    if (pattern.literalOnly && (prefix || suffix)) {
        const inner = value.replace(/^\^/, "").replace(/\$$/, "");
        const plain = /^[A-Za-z0-9_ -]+$/.test(inner) ? inner : undefined;
        const use = plain === undefined ? undefined : prefix ? `${plain}.*` : `.*${plain}`;
        return suggest(
            parseGroupsFilterRegex,
            use,
            (s) =>
                `Okta matches the filter against the whole group name, so this one, without a wildcard, matches only a group named exactly ${plain === undefined ? "as written" : shown(plain, "as written")}` +
                (s === undefined
                    ? `: add .* where any text may follow or precede (e.g. ${EXAMPLE_OKTA_GROUPS_FILTER})`
                    : `: to match the names that ${prefix ? "start" : "end"} with it, use ${JSON.stringify(s)}`),
        );
    }
    return ok(value);
}

const GROUPS_CLAIM_FIELDS = fieldsOf<OktaGroupsClaim>()(["name", "filterRegex"]);

/**
 * The groups claim: an object `{name, filterRegex}` (both optional), `true` for the defaults,
 * `false` or unset for none. Returns `{ claim }` (claim undefined for none), or undefined after
 * recording problems as `groupsClaim` / `groupsClaim.<field>`.
 */
export function readOktaGroupsClaim(value: unknown, problems: Problems, at: At): { claim?: OktaGroupsClaimSettings } | undefined {
    if (value === undefined || value === false || value === "false") return {};
    if (value === true || value === "true") return { claim: { name: DEFAULT_OKTA_GROUPS_CLAIM, filterRegex: DEFAULT_OKTA_GROUPS_FILTER } };
    const before = problems.list.length;
    const object = readObject(value, GROUPS_CLAIM_FIELDS, problems, at("groupsClaim"));
    if (object === undefined) return undefined;
    const name = problems.check(at("groupsClaim.name"), object.name, parseClaimName);
    const filterRegex = problems.check(at("groupsClaim.filterRegex"), object.filterRegex, parseGroupsFilterRegex);
    if (problems.list.length > before || name === undefined || filterRegex === undefined) return undefined;
    return { claim: { name, filterRegex } };
}

/** Whether a groups-claim value asks for a claim at all (however malformed its fields). */
export function wantsGroupsClaim(value: unknown): boolean {
    return value !== undefined && value !== false && value !== "false";
}

/** An app integration's name in the Okta Admin Console. */
export const parseOktaLabel = displayNameParser({ fallback: DEFAULT_OKTA_LABEL, max: 100 });

/**
 * Okta's one validator.
 *
 * A groups claim needs a custom authorization server. The org authorization server's only groups
 * claim is the app's own `groupsClaim`, which @pulumi/okta 7 deprecates and silently skips unless
 * the provider signs in with an SSWS API token (never with OAuth 2.0 credentials): a claim that may
 * or may not exist after a successful `pulumi up` is worse than a clear error, so it is refused.
 */
export function checkOktaArgs(args: Unchecked<OktaOidcAppArgs>, problems: Problems, at: At): OktaSettings | undefined {
    const before = problems.list.length;
    const orgUrl = problems.check(at("orgUrl"), args.orgUrl, parseOktaOrgUrl);
    const label = problems.check(at("label"), args.label, parseOktaLabel);
    const authorizationServerId =
        args.authorizationServerId === undefined
            ? undefined
            : problems.check(at("authorizationServerId"), args.authorizationServerId, parseAuthorizationServerId);
    const groupIds = args.groupIds === undefined ? undefined : checkOktaGroupIds(args.groupIds, problems, at);
    const groups = readOktaGroupsClaim(args.groupsClaim, problems, at);
    const adopt = readAdopt(args.adopt, OKTA_ADOPT, problems, at) as OktaAdopt | undefined;
    const teams = knownTeams(args);
    if (teams.teams) checkOktaTeams(args, groups?.claim, problems, at);
    else if (wantsGroupsClaim(args.groupsClaim) && args.authorizationServerId === undefined) {
        problems.add(
            at("groupsClaim"),
            args.groupsClaim,
            "a groups claim needs a custom authorization server (the org server's app-level groups claim is deprecated and skipped unless the Okta provider uses an SSWS token): " +
                `set ${at("authorizationServerId")} (e.g. default), or remove the groups claim`,
        );
    }
    if (problems.list.length > before || orgUrl === undefined || label === undefined || groups === undefined) return undefined;
    return {
        orgUrl,
        label,
        ...(authorizationServerId !== undefined && { authorizationServerId }),
        ...(groupIds !== undefined && groupIds.length > 0 && { groupIds }),
        ...(groups.claim !== undefined && { groupsClaim: groups.claim }),
        ...(adopt !== undefined && { adopt }),
    };
}

/**
 * Teams from Okta. The claim W&B reads is a groups claim on a custom authorization server
 * (`okta.auth.ServerClaim`, `valueType: "GROUPS"`, which sends group names). The org authorization
 * server's only groups claim is the app's own `groupsClaim`, and @pulumi/okta 7.0.0 marks it
 * deprecated and "silently skipped when the provider is configured with OAuth 2.0 credentials"
 * (node_modules/@pulumi/okta/app/oauth.d.ts, `groupsClaim`): teams without a custom authorization
 * server are refused. The claim must be named `groups`, and the filter is given once: the common
 * `teamGroups` (exact names) or the claim's own `filterRegex`.
 */
function checkOktaTeams(args: Unchecked<OktaOidcAppArgs>, claim: OktaGroupsClaimSettings | undefined, problems: Problems, at: At): void {
    if (args.authorizationServerId === undefined) {
        problems.add(
            at("teams"),
            true,
            "Okta sends a groups claim W&B can rely on only from a custom authorization server (the org server's app-level groups claim is deprecated in @pulumi/okta 7 and silently skipped unless the provider uses an SSWS API token): " +
                `set ${at("authorizationServerId")} (e.g. default; it needs API Access Management), or turn teams off`,
        );
    }
    if (claim !== undefined && claim.name !== WANDB_GROUPS_CLAIM) {
        problems.add(
            at("groupsClaim.name"),
            claim.name,
            `W&B reads team names from the ${WANDB_GROUPS_CLAIM} claim: use ${WANDB_GROUPS_CLAIM} (or leave the name unset) while teams are on`,
            WANDB_GROUPS_CLAIM,
        );
    }
    const regex =
        typeof args.groupsClaim === "object" && args.groupsClaim !== null ? (args.groupsClaim as OktaGroupsClaim).filterRegex : undefined;
    if (regex !== undefined && knownTeams(args).teamGroups !== undefined) {
        problems.add(at("groupsClaim.filterRegex"), regex, `the teams filter is given twice (also ${at("teamGroups")}): keep one of them`);
    }
}

/** A regular expression (Java's and JavaScript's alike) matching exactly these names. */
export function exactNamesRegex(names: readonly string[]): string {
    const escaped = names.map((name) => name.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&"));
    return `^(?:${escaped.join("|")})$`;
}

/**
 * The groups claim the component creates on the custom authorization server: the one asked for,
 * or with teams on `groups` with the teams filter (exact names), the claim's own regex, or every group.
 */
export function oktaGroupsClaim(settings: OktaSettings, teams: TeamsSettings): OktaGroupsClaimSettings | undefined {
    if (settings.authorizationServerId === undefined) return undefined;
    if (!teams.teams) return settings.groupsClaim;
    const filterRegex =
        teams.teamGroups !== undefined
            ? exactNamesRegex(teams.teamGroups)
            : (settings.groupsClaim?.filterRegex ?? DEFAULT_OKTA_GROUPS_FILTER);
    return { name: WANDB_GROUPS_CLAIM, filterRegex };
}

/** What the app's ID tokens carry as a groups claim: a ServerClaim of valueType GROUPS sends names. */
export function oktaGroupsClaimSent(settings: OktaSettings, teams: TeamsSettings): GroupsClaimSent | undefined {
    const claim = oktaGroupsClaim(settings, teams);
    return claim === undefined ? undefined : { name: claim.name, values: "names" };
}

/** The most groups an implicit-flow groups claim may match (Okta support: "matched too many groups"). */
export const OKTA_IMPLICIT_GROUPS_CAP = 100;

/**
 * Okta's implicit flow caps a groups claim: a user matching more than 100 groups gets no token
 * ("The groups claim matched too many groups and must be configured to match fewer groups", Okta
 * support); the authorization code flow has no such cap. The warning, when it applies.
 */
export function oktaTeamsWarning(
    authMethod: unknown,
    claim: OktaGroupsClaimSettings | undefined,
    teamGroups?: readonly string[],
): string | undefined {
    if (knownAuthMethod(authMethod) !== "implicit" || claim === undefined) return undefined;
    // A filter of exact names matches at most that many groups.
    if (teamGroups !== undefined && teamGroups.length <= OKTA_IMPLICIT_GROUPS_CAP) return undefined;
    return (
        `Okta refuses the implicit-flow login of a user whose groups claim matches more than ${OKTA_IMPLICIT_GROUPS_CAP} groups (filter ${JSON.stringify(claim.filterRegex)}): ` +
        "narrow it with teamGroups (or groupsClaim.filterRegex) to the groups that are W&B teams, or use authMethod pkce, which has no such cap"
    );
}

/**
 * W&B's identifier claims with Okta: `preferred_username` is the user's Okta username, by default
 * their login, an e-mail address, which W&B refuses as a username ('@' and '.'); it is reserved
 * (no custom claim can replace it), but the app's username format can change what Okta sends.
 */
export const OKTA_IDENTIFIER_CLAIMS: IdentifierClaimsAdvice = {
    severity: "warn",
    reason: "Okta's preferred_username is the user's Okta username, by default their login (an e-mail address), which W&B refuses (letters, digits, _ and - only): set the app's Application username format (Sign On tab) to a custom expression without '@' and '.', e.g. String.substringBefore(user.login, \"@\"), or leave identifierClaims off",
};

export { OKTA_ISSUERS } from "../../src/parse/issuers/okta";

/** The longest filter Okta's groups claim takes (the same bound as `parseGroupsFilterRegex`). */
export const OKTA_FILTER_MAX_CHARS = 1024;

/**
 * Okta's rules for the teams filter: the names become one "Matches regex" filter of exact names
 * (`exactNamesRegex`), which Okta matches with Java's regex engine, letter case included. Okta
 * group names are 1-255 characters (Okta Groups API, the group profile's `name`; Okta Workflows'
 * "Create Group" card: "Minimum length of one character and maximum length of 255 characters"),
 * and the filter holds at most `OKTA_FILTER_MAX_CHARS` characters, which bounds the list.
 */
export const OKTA_TEAM_NAMES: TeamNameRules = {
    idp: "Okta",
    filter: true,
    maxChars: 255,
    ignoresCase: false,
    maxNames: OKTA_FILTER_MAX_CHARS,
    maxNamesWhy: `the names become one groups filter of at most ${OKTA_FILTER_MAX_CHARS} characters`,
    listFits: (names) => {
        const length = exactNamesRegex(names).length;
        return length <= OKTA_FILTER_MAX_CHARS
            ? undefined
            : `these names make a groups filter of ${length} characters, and Okta's takes at most ${OKTA_FILTER_MAX_CHARS}: list fewer groups, or give them a common prefix and use groupsClaim.filterRegex (e.g. wandb-.*)`;
    },
    source: "Okta Groups API (group profile name); Okta Workflows, Create Group",
};
