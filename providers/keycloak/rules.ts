// Keycloak: the pure rules behind KeycloakOidcApp (server URL, realm, client ID, issuer, groups
// claim) and its one validator, shared by the component and the stack config.
import type { ClientReplacement, IdpAppArgs } from "../../src/oidc";
import { acceptedSuggestion, bad, ok, said, shown, type At, type Parsed, type Problems, type Unchecked } from "../../src/problems";
import { fieldsOf } from "../../src/parse/values";
import { decodePathSegment, parseWebUrl, pathSegments } from "../../src/parse/url";
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

export interface KeycloakOidcAppArgs extends IdpAppArgs {
    /**
     * Keycloak's public base URL, as browsers and W&B reach it (`https://keycloak.example.com`, or
     * `…/auth` for Keycloak before 17); the issuer is built from it. The Keycloak provider's own
     * `keycloak:url` (the admin API) may differ.
     */
    url: string;
    /** The realm the users sign in to (it must exist). */
    realm: string;
    /** The OpenID client's `client_id`; default `wandb`. */
    clientId?: string;
    /** The client's name in the admin console; default `Weights & Biases`. */
    displayName?: string;
    /**
     * Put the user's groups into the ID token under this claim: "groups" is the one W&B reads for
     * group-to-team mapping; default none. (The stack key also takes true, for "groups".)
     */
    groupsClaim?: string;
    /**
     * Adopt a client made by hand in `realm` instead of creating one: it is imported (Pulumi's
     * `import` option) and keeps its client ID, which `clientId` must then name. Every input this
     * component declares is then set on it, but for its name (while `displayName` is unset) and
     * description: `pulumi preview --diff` shows each difference as an update after the import
     * (docs/migrate.md).
     */
    adopt?: KeycloakAdopt;
}

/** The ID Keycloak gave a client made by hand (in the realm the settings name). */
export interface KeycloakAdopt {
    /** The client's UUID: Clients > the client, in the admin console's address (`…/clients/<uuid>/settings`). */
    clientUuid: string;
}

/** The checked `wandb-sso:keycloak` settings: the component's own arguments, defaults applied. */
export type KeycloakSettings = Required<Omit<KeycloakOidcAppArgs, keyof IdpAppArgs | "groupsClaim" | "adopt">> &
    Pick<KeycloakOidcAppArgs, "groupsClaim"> & { readonly adopt?: Readonly<KeycloakAdopt> };

export const KEYCLOAK_FIELDS = fieldsOf<KeycloakSettings>()(["url", "realm", "clientId", "displayName", "groupsClaim", "adopt"]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CLIENT_UUID_WHERE = "Clients > the client: the UUID in the admin console's address (…/clients/<uuid>/settings)";

/** A client's UUID (Keycloak's own ID for it, not its client ID); lower-cased. */
export function parseKeycloakClientUuid(value: unknown): Parsed<string> {
    if (typeof value === "string" && UUID.test(value)) return ok(value.toLowerCase());
    if (typeof value === "string" && "value" in parseKeycloakClientId(value)) {
        return bad(`this looks like the client's Client ID; adopt takes the UUID Keycloak gave it: ${CLIENT_UUID_WHERE}`);
    }
    return bad(`a client UUID is like dcbc4c73-e478-4928-ae2e-d5e420223352: ${CLIENT_UUID_WHERE}`);
}

/**
 * What Keycloak's `adopt` takes and imports: `keycloak:openid/client:Client` by
 * `<realm>/<clientUuid>` (node_modules/@pulumi/keycloak/openid/client.d.ts, "## Import",
 * @pulumi/keycloak 6.13.0; terraform-provider-keycloak docs/resources/openid_client.md, "Import":
 * `{{realm_id}}/{{client_keycloak_id}}`). The realm's ID is its name (the provider's
 * keycloak_realm ID), as `realmId` is given here. A groups mapper is created as for a new client.
 */
export const KEYCLOAK_ADOPT: AdoptDescriptor = {
    ids: [{ field: "clientUuid", where: CLIENT_UUID_WHERE, parse: parseKeycloakClientUuid }],
    imports: [
        {
            type: "keycloak:openid/client:Client",
            format: "<realm>/<clientUuid>",
            source: "@pulumi/keycloak 6.13.0 openid/client.d.ts, ## Import",
        },
    ],
    // The client is public (PKCE or the implicit flow): no secret to import.
    notImported: undefined,
};

/** The import ID of an adopted client (KEYCLOAK_ADOPT). */
export function keycloakImportId(realm: string, adopt: Readonly<KeycloakAdopt>): string {
    return `${realm}/${adopt.clientUuid}`;
}

/**
 * Keycloak's limits on what the client stores, which terraform-provider-keycloak does not check
 * (provider/resource_keycloak_openid_client.go validates no length): Keycloak's own database columns,
 * from its JPA changelogs (org.keycloak:keycloak-model-jpa 26.7.3, META-INF/jpa-changelog-1.0.0.Final.xml
 * REDIRECT_URIS.VALUE, WEB_ORIGINS.VALUE and CLIENT.BASE_URL VARCHAR(255); jpa-changelog-2.5.0.xml
 * CLIENT.DESCRIPTION NVARCHAR(255)). The post-logout redirect URIs are a client attribute, a CLOB
 * since jpa-changelog-20.0.0.xml. The description is shortened to fit; a host whose URLs would not
 * fit is refused.
 */
export const KEYCLOAK_DESCRIPTION_MAX_CHARS = 255;
export const KEYCLOAK_URL_LIMITS: readonly UrlLimit[] = [
    { field: "validRedirectUris", url: "callbackUrl", maxChars: 255 },
    { field: "webOrigins", url: "host", maxChars: 255 },
    { field: "baseUrl", url: "host", maxChars: 255 },
];

/** The OpenID client's `client_id` unless one is given. */
export const DEFAULT_KEYCLOAK_CLIENT_ID = "wandb";
/** The claim W&B reads group names from (GORILLA_ENABLE_SSO_GROUP_CLAIMS). */
export const DEFAULT_GROUPS_CLAIM = "groups";

/** The issuer a Keycloak realm states in its discovery document. */
export function keycloakIssuer(url: string, realm: string): string {
    return `${url}/realms/${realm}`;
}

/** Whether an issuer has a Keycloak realm's form, `<url>/realms/<realm>` (any host: Keycloak is self-hosted). */
export function isKeycloakIssuer(issuer: string): boolean {
    return /\/realms\/[^/]+\/?$/.test(issuer);
}

/**
 * Keycloak's public base URL: the one browsers and W&B reach, from which Keycloak builds its issuer
 * (with a separate admin hostname, not the admin one). https (http only for localhost); a trailing
 * slash is dropped.
 *
 * The only path accepted is `/auth`: Keycloak before 17 (the WildFly distribution) served everything
 * under `/auth`, and newer ones do when started with `--http-relative-path=/auth`. Any other path is
 * refused, because it is nearly always a page's URL copied from the browser (`/realms/acme`,
 * `/admin/master/console/`), which would make a wrong issuer; the fix names the right split.
 */
export function parseKeycloakUrl(value: unknown): Parsed<string> {
    const parsed = parseWebUrl(value, {
        missing: "set Keycloak's base URL, e.g. https://keycloak.example.com",
        notUrl: "use Keycloak's base URL, e.g.",
        example: "https://keycloak.example.com",
        guess: "host:port",
        http: "loopback",
        exampleHost: "keycloak.example.com",
        without: "root",
        defaultPort: "normalise",
        parser: parseKeycloakUrl,
    });
    if ("fix" in parsed) return parsed;
    const { url, root } = parsed.value;
    const segments = pathSegments(url);
    const legacy = segments[0] === "auth";
    const base = legacy ? `${root}/auth` : root;
    const rest = legacy ? segments.slice(1) : segments;
    if (rest.length === 0) return ok(base);
    if (rest[0] === "realms" && rest[1] !== undefined) {
        const realm = decodePathSegment(rest[1]);
        const realmName = "value" in parseRealm(realm) ? shown(realm, "the realm's name") : "the realm's name";
        return bad(
            `this is the realm's URL; set the URL to ${said(base, "the part before /realms")} and the realm to ${realmName}`,
            said(base, "") || undefined,
        );
    }
    if (rest[0] === "admin")
        return bad(`this is the admin console's URL; use ${said(base, "the part before /admin")}`, said(base, "") || undefined);
    return bad(
        `use Keycloak's base URL without a path${said(` (${url.pathname}): ${root}`, "")}` +
            " (only /auth is accepted, for Keycloak before 17 or --http-relative-path=/auth)",
        said(root, "") || undefined,
    );
}

/**
 * A realm name as it appears in the issuer. Keycloak accepts more characters, but they would be
 * percent-encoded in the issuer; letters, digits, '.', '_' and '-' keep it exact. A name of dots
 * alone (`.`, `..`) is refused: in the issuer `<url>/realms/..` it is a path step, not a realm.
 */
export function parseRealm(value: unknown): Parsed<string> {
    if (typeof value === "string" && /^[A-Za-z0-9._-]{1,255}$/.test(value) && !/^\.+$/.test(value)) return ok(value);
    const candidate =
        typeof value === "string"
            ? value
                  .trim()
                  .replace(/[^A-Za-z0-9._-]+/g, "-")
                  .replace(/^[-.]+|[-.]+$/g, "")
                  .slice(0, 255)
            : "";
    const suggestion = acceptedSuggestion(parseRealm, candidate) ?? acceptedSuggestion(parseRealm, "acme");
    const dots = typeof value === "string" && /^\.+$/.test(value) ? " (not dots alone, which the issuer URL would read as a path)" : "";
    return bad(
        `a realm name is letters, digits, '.', '_' and '-'${dots} (the name in the admin console's realm list, not its display name); e.g. ${suggestion ?? "acme"}`,
        suggestion,
    );
}

/** The OpenID client's `client_id`: what W&B sends as OIDC_CLIENT_ID. */
export function parseKeycloakClientId(value: unknown): Parsed<string> {
    if (value === undefined) return ok(DEFAULT_KEYCLOAK_CLIENT_ID);
    if (typeof value === "string" && /^[A-Za-z0-9._:-]{1,255}$/.test(value)) return ok(value);
    const candidate =
        typeof value === "string"
            ? value
                  .trim()
                  .replace(/[^A-Za-z0-9._:-]+/g, "-")
                  .replace(/^-+|-+$/g, "")
                  .slice(0, 255)
            : "";
    const suggestion = acceptedSuggestion(parseKeycloakClientId, candidate) ?? DEFAULT_KEYCLOAK_CLIENT_ID;
    const long = typeof value === "string" && value.length > 255 ? " (at most 255)" : "";
    return bad(`a client ID is letters, digits, '.', '_', ':' and '-'${long}; e.g. ${suggestion}`, suggestion);
}

/**
 * The client's name in the admin console: at most 128 characters, without markup characters (the
 * consoles render it in HTML pages).
 */
export const parseDisplayName = displayNameParser({ fallback: "Weights & Biases", max: 128, refuse: { pattern: /[<>]/, what: "< and >" } });

/**
 * The groups claim: `true` adds it as `groups` (the name W&B reads), a string names the claim,
 * `false` or unset adds none.
 */
export function parseGroupsClaim(value: unknown): Parsed<string | undefined> {
    if (value === undefined || value === false || value === "false") return ok(undefined);
    if (value === true || value === "true") return ok(DEFAULT_GROUPS_CLAIM);
    if (typeof value === "string" && /^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$/.test(value)) return ok(value);
    return bad(
        `use a claim name of letters, digits, '_', '.', ':' and '-', e.g. ${DEFAULT_GROUPS_CLAIM} (the name W&B reads); true also means ${DEFAULT_GROUPS_CLAIM}, false none`,
    );
}

/** Keycloak's one validator. */
export function checkKeycloakArgs(args: Unchecked<KeycloakOidcAppArgs>, problems: Problems, at: At): KeycloakSettings | undefined {
    const url = problems.check(at("url"), args.url, parseKeycloakUrl);
    const realm = problems.check(at("realm"), args.realm, parseRealm);
    const clientId = problems.check(at("clientId"), args.clientId, parseKeycloakClientId);
    const displayName = problems.check(at("displayName"), args.displayName, parseDisplayName);
    checkHostUrls(args, problems, at, "Keycloak (its database's columns)", KEYCLOAK_URL_LIMITS);
    const groups = parseGroupsClaim(args.groupsClaim);
    if ("fix" in groups) problems.add(at("groupsClaim"), args.groupsClaim, groups.fix);
    const teams = knownTeams(args);
    if (teams.teams && "value" in groups && groups.value !== undefined && groups.value !== WANDB_GROUPS_CLAIM) {
        problems.add(
            at("groupsClaim"),
            args.groupsClaim,
            `W&B reads team names from the ${WANDB_GROUPS_CLAIM} claim: set it to true (or ${WANDB_GROUPS_CLAIM}), or leave it unset, while teams are on`,
        );
    }
    if (teams.teamGroups !== undefined) {
        problems.add(
            at("teamGroups"),
            teams.teamGroups,
            "Keycloak's group membership mapper has no filter (it sends every group of the user): remove the teams filter (teams on without a list), and keep the groups that are W&B teams apart in Keycloak (e.g. as subgroups of one parent: the mapper sends their names without the path)",
        );
    }
    const before = problems.list.length;
    const adopt = readAdopt(args.adopt, KEYCLOAK_ADOPT, problems, at) as KeycloakAdopt | undefined;
    if (args.adopt !== undefined && args.clientId === undefined) {
        problems.add(
            at("clientId"),
            undefined,
            `set it to the adopted client's Client ID (Clients list): left unset it is ${DEFAULT_KEYCLOAK_CLIENT_ID}, and the update after the import would rename the client, changing the client ID W&B signs in with`,
        );
    }
    if (url === undefined || realm === undefined || clientId === undefined || displayName === undefined || "fix" in groups)
        return undefined;
    if (problems.list.length > before) return undefined;
    return {
        url,
        realm,
        clientId,
        displayName,
        ...(groups.value !== undefined && { groupsClaim: groups.value }),
        ...(adopt !== undefined && { adopt }),
    };
}

/**
 * The groups claim the component maps: the one asked for, or with teams on `groups`. The mapper
 * (`keycloak.openid.GroupMembershipProtocolMapper`) sends group names without their parents' path
 * when `fullPath` is false (node_modules/@pulumi/keycloak/openid/groupMembershipProtocolMapper.d.ts:
 * `fullPath`, default true), which the component always sets.
 */
export function keycloakGroupsClaim(settings: KeycloakSettings, teams: TeamsSettings): string | undefined {
    return teams.teams ? WANDB_GROUPS_CLAIM : settings.groupsClaim;
}

export function keycloakGroupsClaimSent(settings: KeycloakSettings, teams: TeamsSettings): GroupsClaimSent | undefined {
    const name = keycloakGroupsClaim(settings, teams);
    return name === undefined ? undefined : { name, values: "names" };
}

/**
 * W&B's identifier claims with Keycloak: `preferred_username` is the Keycloak username, which is
 * the e-mail address in realms with "Email as username" (and may hold '.' or '@' in any realm).
 */
export const KEYCLOAK_IDENTIFIER_CLAIMS: IdentifierClaimsAdvice = {
    severity: "warn",
    reason: "Keycloak's preferred_username is the Keycloak username, an e-mail address in realms with Email as username, and W&B accepts only letters, digits, _ and -: keep usernames to those characters (or map a user attribute that is) before turning identifierClaims on",
};

/**
 * The app-client input whose change makes the provider replace the client, with a new client ID
 * (terraform-provider-keycloak keycloak_openid_client: realm_id ForceNew; client_id changes in place).
 */
export const KEYCLOAK_CLIENT_REPLACEMENT: ClientReplacement = {
    type: "keycloak:openid/client:Client",
    inputs: [{ input: "realmId", setting: "wandb-sso:keycloak.realm" }],
    source: "terraform-provider-keycloak keycloak_openid_client: realm_id ForceNew (client_id changes in place)",
};

/**
 * Keycloak's rules for group names, for the record: its group membership mapper has no filter, so a
 * teams list is refused by its validator. A group's name is at most 255 characters (the NAME column
 * of KEYCLOAK_GROUP, VARCHAR(255), in Keycloak's Liquibase changelog jpa-changelog-1.2.0.CR1), and a
 * top-level group name is unique whatever its letter case ("Top level group named 'test' already
 * exists" for "Test": keycloak/keycloak-containers#406).
 */
export const KEYCLOAK_TEAM_NAMES: TeamNameRules = {
    idp: "Keycloak",
    filter: false,
    maxChars: 255,
    ignoresCase: true,
    maxNames: 10_000,
    maxNamesWhy: "the groups claim carries every group of the user",
    source: "Keycloak's Liquibase changelog (KEYCLOAK_GROUP.NAME VARCHAR(255)); keycloak/keycloak-containers#406",
};
