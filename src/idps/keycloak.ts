// Keycloak: the pure rules (server URL, realm, client ID, issuer, groups claim, stack config)
// behind KeycloakOidcApp.
import { bad, ok, type Parsed } from "../problems";
import { readObject } from "../config/values";
import { parseDisplayName } from "./auth0";
import type { IdpDefinition } from "./types";
// Loaded on demand (see `create`): only stacks that use Keycloak load the Keycloak SDK.
import type * as KeycloakModule from "../../providers/keycloak";

/** The OpenID client's `client_id` unless one is given. */
export const DEFAULT_KEYCLOAK_CLIENT_ID = "wandb";
/** The claim W&B reads group names from (GORILLA_ENABLE_SSO_GROUP_CLAIMS). */
export const DEFAULT_GROUPS_CLAIM = "groups";

/** The issuer a Keycloak realm states in its discovery document. */
export function keycloakIssuer(url: string, realm: string): string {
    return `${url}/realms/${realm}`;
}

const LOOPBACK_HOSTNAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

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
    const example = "https://keycloak.example.com";
    if (typeof value !== "string" || value === "") return bad(`set Keycloak's base URL, e.g. ${example}`);
    if (value.trim() !== value) return bad(`remove the surrounding whitespace: use ${JSON.stringify(value.trim())}`);
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        const guess = /^[a-z0-9.-]+(:\d+)?$/i.test(value) ? `https://${value.toLowerCase()}` : example;
        return bad(`not an absolute URL; use Keycloak's base URL, e.g. ${guess}`);
    }
    const root = `${url.protocol}//${url.host}`;
    if (url.protocol !== "https:" && url.protocol !== "http:")
        return bad(`the scheme must be https; use https://${url.host || "keycloak.example.com"}`);
    if (url.protocol === "http:" && !LOOPBACK_HOSTNAMES.has(url.hostname))
        return bad(`http is allowed only for localhost; use https://${url.host}`);
    if (url.username !== "" || url.password !== "") return bad(`remove the credentials; use ${root}`);
    if (url.search !== "" || value.includes("?")) return bad(`remove the query; use ${root}`);
    if (url.hash !== "" || value.includes("#")) return bad(`remove the fragment; use ${root}`);
    const segments = url.pathname.split("/").filter((s) => s !== "");
    const legacy = segments[0] === "auth";
    const base = legacy ? `${root}/auth` : root;
    const rest = legacy ? segments.slice(1) : segments;
    if (rest.length === 0) return ok(base);
    if (rest[0] === "realms" && rest[1] !== undefined) {
        return bad(`this is the realm's URL; set the URL to ${base} and the realm to ${JSON.stringify(decodeURIComponent(rest[1]))}`);
    }
    if (rest[0] === "admin") return bad(`this is the admin console's URL; use ${base}`);
    return bad(
        `use Keycloak's base URL without a path (${url.pathname}): ${root}` +
            " (only /auth is accepted, for Keycloak before 17 or --http-relative-path=/auth)",
    );
}

/**
 * A realm name as it appears in the issuer. Keycloak accepts more characters, but they would be
 * percent-encoded in the issuer; letters, digits, '.', '_' and '-' keep it exact.
 */
export function parseRealm(value: unknown): Parsed<string> {
    if (typeof value === "string" && /^[A-Za-z0-9._-]{1,255}$/.test(value)) return ok(value);
    const suggestion =
        typeof value === "string"
            ? value
                  .trim()
                  .replace(/[^A-Za-z0-9._-]+/g, "-")
                  .replace(/^-+|-+$/g, "")
            : "";
    return bad(
        "a realm name is letters, digits, '.', '_' and '-' (the name in the admin console's realm list, not its display name)" +
            (suggestion ? `; e.g. ${suggestion}` : "; e.g. acme"),
    );
}

/** The OpenID client's `client_id`: what W&B sends as OIDC_CLIENT_ID. */
export function parseKeycloakClientId(value: unknown): Parsed<string> {
    if (value === undefined) return ok(DEFAULT_KEYCLOAK_CLIENT_ID);
    if (typeof value === "string" && /^[A-Za-z0-9._:-]{1,255}$/.test(value)) return ok(value);
    const suggestion =
        typeof value === "string"
            ? value
                  .trim()
                  .replace(/[^A-Za-z0-9._:-]+/g, "-")
                  .replace(/^-+|-+$/g, "")
            : "";
    return bad(`a client ID is letters, digits, '.', '_', ':' and '-'; e.g. ${suggestion || DEFAULT_KEYCLOAK_CLIENT_ID}`);
}

/**
 * The groups claim: `true` adds it as `groups` (the name W&B reads), a string names the claim,
 * `false` or unset adds none.
 */
export function parseGroupsClaim(value: unknown): Parsed<string | undefined> {
    if (value === undefined || value === false || value === "false") return ok(undefined);
    if (value === true || value === "true") return ok(DEFAULT_GROUPS_CLAIM);
    if (typeof value === "string" && /^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$/.test(value)) return ok(value);
    return bad(
        `use true (a "${DEFAULT_GROUPS_CLAIM}" claim, the name W&B reads), false, or a claim name of letters, digits, '_', '.', ':' and '-'`,
    );
}

export interface KeycloakSettings {
    /** Keycloak's public base URL (normalised). */
    readonly url: string;
    readonly realm: string;
    readonly clientId: string;
    readonly displayName: string;
    /** Add group membership as this ID-token claim; none when unset. */
    readonly groupsClaim?: string;
}

const FIELDS = ["url", "realm", "clientId", "displayName", "groupsClaim"] as const;

export const keycloak: IdpDefinition<KeycloakSettings> = {
    parse(value, problems, { setting }) {
        const object = readObject(value, FIELDS, problems, setting);
        if (object === undefined) return undefined;
        const key = (field: string) => `${setting}.${field}`;
        const url = problems.check(key("url"), object.url, parseKeycloakUrl);
        const realm = problems.check(key("realm"), object.realm, parseRealm);
        const clientId = problems.check(key("clientId"), object.clientId, parseKeycloakClientId);
        const displayName = problems.check(key("displayName"), object.displayName, parseDisplayName);
        const groups = parseGroupsClaim(object.groupsClaim);
        if ("fix" in groups) problems.add(key("groupsClaim"), object.groupsClaim, groups.fix);
        if (url === undefined || realm === undefined || clientId === undefined || displayName === undefined || "fix" in groups) {
            return undefined;
        }
        return { url, realm, clientId, displayName, ...(groups.value !== undefined && { groupsClaim: groups.value }) };
    },

    create(name, settings, common, opts) {
        const { KeycloakOidcApp } = require("../../providers/keycloak") as typeof KeycloakModule;
        return new KeycloakOidcApp(name, { ...common, ...settings }, opts);
    },
};
