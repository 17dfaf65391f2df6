// Okta: the pure rules (org URL, issuer, authorization server, group IDs, groups claim, stack config)
// behind OktaOidcApp.
import { bad, ok, type Parsed, type Problems } from "../problems";
import { parseStringList, readObject } from "../config/values";
import type { IdpDefinition } from "./types";
// Loaded on demand (see `create`): only stacks that use Okta load the Okta SDK.
import type * as OktaModule from "../../providers/okta";

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

/** Okta's own domains: `<org>.okta.com`, preview, EMEA and government cells. */
const OKTA_DOMAIN = /^([a-z0-9-]+)\.(okta|oktapreview|okta-emea|okta-gov|okta-mil)\.com$/;

/** Whether an org URL is on an Okta domain (false for a custom domain such as login.example.com). */
export function isOktaDomain(orgUrl: string): boolean {
    try {
        return OKTA_DOMAIN.test(new URL(orgUrl).hostname);
    } catch {
        return false;
    }
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
    const example = "https://acme.okta.com";
    if (typeof value !== "string" || value === "") {
        return bad(`set the Okta org URL, e.g. ${example} (the Admin Console's address without -admin)`);
    }
    if (value.trim() !== value) return bad(`remove the surrounding whitespace: use ${JSON.stringify(value.trim())}`);
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        const guess = /^[a-z0-9.-]+$/i.test(value) ? `https://${value.toLowerCase()}` : example;
        return bad(`not an absolute URL; use the org URL, e.g. ${guess}`);
    }
    if (url.protocol !== "https:") {
        return bad(`Okta is served over https only; use https://${url.host || "acme.okta.com"}`);
    }
    const okta = OKTA_DOMAIN.exec(url.hostname);
    if (okta && okta[1]!.endsWith("-admin")) {
        const org = `https://${okta[1]!.slice(0, -"-admin".length)}.${okta[2]}.com`;
        return bad(`this is the Okta Admin Console's URL, not the org's; use ${org}`);
    }
    const root = `https://${url.host}`;
    if (url.username !== "" || url.password !== "") return bad(`remove the credentials; use ${root}`);
    if (url.port !== "") return bad(`remove the port; use https://${url.hostname}`);
    if (url.search !== "" || value.includes("?")) return bad(`remove the query; use ${root}`);
    if (url.hash !== "" || value.includes("#")) return bad(`remove the fragment; use ${root}`);
    const segments = url.pathname.split("/").filter((s) => s !== "");
    if (segments.length === 0) return ok(root);
    if (segments[0] === "oauth2" && segments.length === 2 && segments[1] !== "v1") {
        return bad(
            `this is a custom authorization server's issuer; set the org URL to ${root} and authorizationServerId to ${JSON.stringify(decodeURIComponent(segments[1]!))}`,
        );
    }
    return bad(`use the org URL without a path (${url.pathname}): ${root}`);
}

/** A custom authorization server's ID: `default`, or `aus` and 17 letters and digits. */
const AUTH_SERVER_ID = /^(default|aus[0-9A-Za-z]{17})$/;

export function parseAuthorizationServerId(value: unknown): Parsed<string> {
    if (typeof value === "string" && AUTH_SERVER_ID.test(value)) return ok(value);
    const fromIssuer = typeof value === "string" ? /\/oauth2\/([^/?#]+)\/?$/.exec(value)?.[1] : undefined;
    if (fromIssuer !== undefined && AUTH_SERVER_ID.test(fromIssuer)) {
        return bad(`use the server's ID alone, not its issuer URL: ${fromIssuer}`);
    }
    return bad(
        "an authorization server ID is default or aus followed by 17 letters and digits (Security > API > Authorization Servers: the last part of its Issuer URI), e.g. default",
    );
}

/** An Okta group ID: `00g` and 17 letters and digits. */
const GROUP_ID = /^00g[0-9A-Za-z]{17}$/;

export function parseOktaGroupId(value: unknown): Parsed<string> {
    if (typeof value === "string" && GROUP_ID.test(value)) return ok(value);
    return bad(
        "an Okta group ID is 00g followed by 17 letters and digits, e.g. 00g1a2b3c4d5e6f7g8h9 (Directory > Groups > the group: the end of its URL), not the group's name",
    );
}

/**
 * The groups assigned to the app: checks each literal ID (values known only after apply are left
 * alone) and refuses duplicates, each problem naming `<setting>[<index>]`.
 */
export function checkOktaGroupIds(list: readonly unknown[], setting: string, problems: Problems): void {
    const seen = new Set<string>();
    list.forEach((item, index) => {
        if (typeof item !== "string") return;
        const id = problems.check(`${setting}[${index}]`, item, parseOktaGroupId);
        if (id === undefined) return;
        if (seen.has(id)) problems.add(`${setting}[${index}]`, item, "this group is listed twice; remove this entry");
        seen.add(id);
    });
}

/** Claims Okta or OIDC reserve, which a custom claim cannot be named. */
const RESERVED_CLAIMS = new Set([
    "iss",
    "sub",
    "aud",
    "exp",
    "iat",
    "nbf",
    "jti",
    "auth_time",
    "nonce",
    "acr",
    "amr",
    "azp",
    "at_hash",
    "c_hash",
    "cid",
    "uid",
    "scp",
    "ver",
    "idp",
    "email",
    "name",
    "preferred_username",
]);

export function parseClaimName(value: unknown): Parsed<string> {
    if (value === undefined) return ok(DEFAULT_OKTA_GROUPS_CLAIM);
    if (typeof value !== "string" || !/^[A-Za-z_][A-Za-z0-9_.:-]{0,99}$/.test(value)) {
        return bad(`use a claim name of letters, digits, '_', '.', ':' and '-', e.g. ${DEFAULT_OKTA_GROUPS_CLAIM} (the name W&B reads)`);
    }
    if (RESERVED_CLAIMS.has(value)) return bad(`"${value}" is a standard claim; use another name, e.g. ${DEFAULT_OKTA_GROUPS_CLAIM}`);
    return ok(value);
}

/** Okta's "Matches regex" filter (a Java regular expression; checked here with JavaScript's). */
export function parseGroupsFilterRegex(value: unknown): Parsed<string> {
    if (value === undefined) return ok(DEFAULT_OKTA_GROUPS_FILTER);
    if (typeof value !== "string" || value === "")
        return bad(`set a regular expression over group names, e.g. ${DEFAULT_OKTA_GROUPS_FILTER} (every group) or ^wandb-`);
    if (value.length > 1024) return bad("use at most 1024 characters");
    try {
        new RegExp(value);
    } catch {
        return bad("not a valid regular expression; e.g. ^wandb- for the groups whose names start with wandb-");
    }
    return ok(value);
}

export interface OktaGroupsClaim {
    /** The ID-token claim; default `groups`. */
    readonly name: string;
    /** Which groups, by name; default `.*` (all). */
    readonly filterRegex: string;
}

const GROUPS_CLAIM_FIELDS = ["name", "filterRegex"] as const;

/**
 * The groups claim: an object `{name, filterRegex}` (both optional), `true` for the defaults,
 * `false` or unset for none. Returns `{ claim }` (claim undefined for none), or undefined after
 * recording problems as `<setting>` / `<setting>.<field>`.
 */
export function readOktaGroupsClaim(value: unknown, setting: string, problems: Problems): { claim?: OktaGroupsClaim } | undefined {
    if (value === undefined || value === false || value === "false") return {};
    if (value === true || value === "true") return { claim: { name: DEFAULT_OKTA_GROUPS_CLAIM, filterRegex: DEFAULT_OKTA_GROUPS_FILTER } };
    const before = problems.list.length;
    const object = readObject(value, GROUPS_CLAIM_FIELDS, problems, setting);
    if (object === undefined) return undefined;
    const name = problems.check(`${setting}.name`, object.name, parseClaimName);
    const filterRegex = problems.check(`${setting}.filterRegex`, object.filterRegex, parseGroupsFilterRegex);
    if (problems.list.length > before || name === undefined || filterRegex === undefined) return undefined;
    return { claim: { name, filterRegex } };
}

/** Whether a groups-claim value asks for a claim at all (however malformed its fields). */
export function wantsGroupsClaim(value: unknown): boolean {
    return value !== undefined && value !== false && value !== "false";
}

/** An app integration's name in the Okta Admin Console. */
export function parseOktaLabel(value: unknown): Parsed<string> {
    if (value === undefined) return ok(DEFAULT_OKTA_LABEL);
    if (typeof value !== "string" || value.trim() === "") return bad(`set a non-empty name, e.g. ${DEFAULT_OKTA_LABEL}`);
    if (value.trim() !== value) return bad(`remove the surrounding whitespace: use ${JSON.stringify(value.trim())}`);
    if (value.length > 100) return bad("use at most 100 characters");
    return ok(value);
}

/**
 * Checks that belong to the combination of settings, shared by the stack config and the component
 * so that both refuse the same things with the same words.
 *
 * A groups claim needs a custom authorization server. The org authorization server's only groups
 * claim is the app's own `groupsClaim`, which @pulumi/okta 7 deprecates and silently skips unless
 * the provider signs in with an SSWS API token (never with OAuth 2.0 credentials): a claim that may
 * or may not exist after a successful `pulumi up` is worse than a clear error, so it is refused.
 */
export function oktaCombinationProblems(
    settings: { authorizationServerId: unknown; groupsClaim: unknown; wantsGroupsClaim: boolean },
    names: { authorizationServerId: string; groupsClaim: string },
    problems: Problems,
): void {
    if (settings.wantsGroupsClaim && settings.authorizationServerId === undefined) {
        problems.add(
            names.groupsClaim,
            settings.groupsClaim,
            "a groups claim needs a custom authorization server (the org server's app-level groups claim is deprecated and skipped unless the Okta provider uses an SSWS token): " +
                `set ${names.authorizationServerId} (e.g. default), or remove the groups claim`,
        );
    }
}

export interface OktaSettings {
    /** The (normalised) org URL, or custom domain, that the issuer is built from. */
    readonly orgUrl: string;
    readonly label: string;
    /** A custom authorization server; the org authorization server when unset. */
    readonly authorizationServerId?: string;
    readonly groupIds?: string[];
    readonly groupsClaim?: OktaGroupsClaim;
}

const FIELDS = ["orgUrl", "label", "authorizationServerId", "groupIds", "groupsClaim"] as const;

export const okta: IdpDefinition<OktaSettings> = {
    parse(value, problems, { setting }) {
        const object = readObject(value, FIELDS, problems, setting);
        if (object === undefined) return undefined;
        const before = problems.list.length;
        const key = (field: string) => `${setting}.${field}`;
        const orgUrl = problems.check(key("orgUrl"), object.orgUrl, parseOktaOrgUrl);
        const label = problems.check(key("label"), object.label, parseOktaLabel);
        const authorizationServerId =
            object.authorizationServerId === undefined
                ? undefined
                : problems.check(key("authorizationServerId"), object.authorizationServerId, parseAuthorizationServerId);
        let groupIds: string[] | undefined;
        if (object.groupIds !== undefined) {
            groupIds = problems.check(key("groupIds"), object.groupIds, parseStringList);
            if (groupIds !== undefined) checkOktaGroupIds(groupIds, key("groupIds"), problems);
        }
        const groups = readOktaGroupsClaim(object.groupsClaim, key("groupsClaim"), problems);
        oktaCombinationProblems(
            {
                authorizationServerId: object.authorizationServerId,
                groupsClaim: object.groupsClaim,
                wantsGroupsClaim: wantsGroupsClaim(object.groupsClaim),
            },
            { authorizationServerId: key("authorizationServerId"), groupsClaim: key("groupsClaim") },
            problems,
        );
        if (problems.list.length > before || orgUrl === undefined || label === undefined || groups === undefined) return undefined;
        return {
            orgUrl,
            label,
            ...(authorizationServerId !== undefined && { authorizationServerId }),
            ...(groupIds !== undefined && groupIds.length > 0 && { groupIds }),
            ...(groups.claim !== undefined && { groupsClaim: groups.claim }),
        };
    },

    create(name, settings, common, opts) {
        const { OktaOidcApp } = require("../../providers/okta") as typeof OktaModule;
        return new OktaOidcApp(name, { ...common, ...settings }, opts);
    },
};
