// Auth0: the pure rules behind Auth0OidcApp (tenant domain, issuer, display name, grants, the known
// issuer mistakes) and its one validator, shared by the component and the stack config.
import type { AuthMethod, IdpAppArgs } from "../../src/oidc";
import { acceptedSuggestion, bad, ok, said, type At, type Parsed, type Problems, type Unchecked } from "../../src/problems";
import { fieldsOf } from "../../src/parse/values";
import { invisibleCharacterFix, trimFix } from "../../src/parse/url";
import { checkUrlHost } from "../../src/parse/host";
import { displayNameParser } from "../../src/parse/names";
import { knownTeams, type GroupsClaimSent, type IdentifierClaimsAdvice } from "../../src/parse/teams";
import { readAdopt, type AdoptDescriptor } from "../../src/idp/adopt";

export interface Auth0OidcAppArgs extends IdpAppArgs {
    /**
     * The domain users sign in on, which the issuer is built from: the tenant's
     * (`acme.us.auth0.com`) or a custom domain (`login.example.com`). `https://acme.us.auth0.com/`
     * is accepted and normalised. The Auth0 provider's own `auth0:domain` (the Management API) is
     * separate: with a custom domain the two differ.
     */
    domain: string;
    /** The application's name in the Auth0 dashboard; default `Weights & Biases`. */
    displayName?: string;
    /**
     * Adopt an application made by hand instead of creating one: it (and its token endpoint auth
     * method) is imported (Pulumi's `import` option) and keeps its client ID. Every input this
     * component declares is then set on it, but for its name (while `displayName` is unset) and
     * description: `pulumi preview --diff` shows each difference as an update after the import
     * (docs/migrate.md).
     */
    adopt?: Auth0Adopt;
}

/** The ID of an Auth0 application made by hand, as the dashboard shows it. */
export interface Auth0Adopt {
    /** Applications > the application > Settings: "Client ID". */
    clientId: string;
}

/** The checked `wandb-sso:auth0` settings: the component's own arguments, defaults applied. */
export type Auth0Settings = Required<Omit<Auth0OidcAppArgs, keyof IdpAppArgs | "adopt">> & { readonly adopt?: Readonly<Auth0Adopt> };

export const AUTH0_FIELDS = fieldsOf<Auth0Settings>()(["domain", "displayName", "adopt"]);

/** An Auth0 client ID: 32 letters and digits. */
export function parseAuth0ClientId(value: unknown): Parsed<string> {
    if (typeof value === "string" && /^[A-Za-z0-9]{32}$/.test(value)) return ok(value);
    if (typeof value === "string" && value.trim() !== value) return trimFix(value, parseAuth0ClientId);
    return bad(
        "an Auth0 client ID is 32 letters and digits, e.g. AaiyAPdpYdesoKnqjj8HJqRn4T5titww: Applications > the application > Settings, Client ID (not its name or the Client Secret)",
    );
}

/**
 * What Auth0's `adopt` takes and imports: `auth0:index/client:Client` and
 * `auth0:index/clientCredentials:ClientCredentials`, both by the client ID
 * (node_modules/@pulumi/auth0/client.d.ts and clientCredentials.d.ts, "## Import", @pulumi/auth0
 * 3.49.0; terraform-provider-auth0 docs/resources/client.md and client_credentials.md, "Import").
 */
export const AUTH0_ADOPT: AdoptDescriptor = {
    ids: [{ field: "clientId", where: "Auth0 dashboard, Applications > the application > Settings: Client ID", parse: parseAuth0ClientId }],
    imports: [
        { type: "auth0:index/client:Client", format: "<clientId>", source: "@pulumi/auth0 3.49.0 client.d.ts, ## Import" },
        {
            type: "auth0:index/clientCredentials:ClientCredentials",
            format: "<clientId>",
            source: "@pulumi/auth0 3.49.0 clientCredentials.d.ts, ## Import",
        },
    ],
    // A single-page application is a public client (token endpoint auth `none`): no secret to import.
    notImported: undefined,
};

/**
 * The Auth0 provider's limit on a client's `description`: 140 characters
 * (terraform-provider-auth0 internal/auth0/client/resource.go, `description`:
 * `validation.StringLenBetween(0, 140)`, unchanged from v1.0.0 to v1.55.0). wandb-sso's description
 * names the host, so it is shortened to fit (src/idp/limits.ts appDescription). The provider
 * validates no length of `name` (the display name, checked here against 128) or of the URLs.
 */
export const AUTH0_DESCRIPTION_MAX_CHARS = 140;

/** The application's name in the Auth0 dashboard unless one is given. */
export const DEFAULT_DISPLAY_NAME = "Weights & Biases";

/**
 * The issuer Auth0 states in its discovery document: `https://<domain>/`, WITH the trailing slash
 * (unlike most IdPs). W&B compares the issuer character for character, so the slash matters.
 */
export function auth0Issuer(domain: string): string {
    return `https://${domain}/`;
}

/**
 * The grants each auth method needs, and no more: `pkce` is the authorization code grant (the code
 * is exchanged with the PKCE verifier, no secret); `implicit` is the implicit grant (the ID token
 * arrives by form_post). Switching the method later updates the application in place.
 */
export function auth0GrantTypes(authMethod: AuthMethod): string[] {
    return authMethod === "pkce" ? ["authorization_code"] : ["implicit"];
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The domain users sign in on: the tenant's (`acme.us.auth0.com`, or `acme.auth0.com` for older US
 * tenants) or a custom domain (`login.example.com`). Accepted as a bare hostname or as an https URL
 * of that hostname (`https://acme.us.auth0.com/`), and normalised to the lower-case hostname; any
 * path, port, query or other scheme is refused, because the issuer is built from it.
 */
export function parseAuth0Domain(value: unknown): Parsed<string> {
    const example = "acme.us.auth0.com";
    if (typeof value !== "string" || value === "") {
        return bad(
            `set the Auth0 domain users sign in on, e.g. ${example} (Auth0 dashboard: Settings > Custom Domains, or the tenant's domain)`,
            example,
        );
    }
    if (value.trim() !== value) return trimFix(value, parseAuth0Domain);
    const invisible = invisibleCharacterFix(value, parseAuth0Domain);
    if (invisible !== undefined) return invisible;
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
    const written = withScheme ? value : `https://${value}`;
    let url: URL;
    try {
        url = new URL(written);
    } catch {
        return bad(`not a hostname; use the domain alone, e.g. ${example}`, example);
    }
    const hostname = url.hostname.toLowerCase();
    const alone = acceptedSuggestion(parseAuth0Domain, hostname);
    if (withScheme && url.protocol !== "https:") return bad(`Auth0 is served over https only; use ${alone ?? "https"}`, alone);
    const clean =
        url.username === "" && url.password === "" && url.port === "" && url.search === "" && url.hash === "" && !/[?#]/.test(value);
    if (!clean || (url.pathname !== "/" && url.pathname !== "")) {
        return bad(`use the domain alone, without ${describeExtra(url, value)}${alone === undefined ? "" : `: ${alone}`}`, alone);
    }
    const labels = hostname.split(".");
    if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) {
        return bad(`not a hostname; use the domain alone, e.g. ${example}`, example);
    }
    // Written as the URL parser reads it, and within DNS's limits (src/parse/host.ts).
    const host = checkUrlHost(written, url, parseAuth0Domain);
    if (host !== undefined) return host;
    if (hostname === "auth0.com" || hostname === "manage.auth0.com" || /^manage\.[a-z0-9-]+\.auth0\.com$/.test(hostname)) {
        return bad(`this is the Auth0 dashboard, not a tenant; use the tenant's domain, e.g. ${example}`, example);
    }
    return ok(hostname);
}

function describeExtra(url: URL, value: string): string {
    if (url.username !== "" || url.password !== "") return "credentials";
    if (url.port !== "") return "a port";
    if (url.pathname !== "/" && url.pathname !== "") return `a path${said(` (${url.pathname})`, "")}`;
    if (url.search !== "" || value.includes("?")) return "a query";
    return "a fragment";
}

/** An application's name in the Auth0 dashboard. */
export const parseDisplayName = displayNameParser({
    fallback: DEFAULT_DISPLAY_NAME,
    max: 128,
    refuse: { pattern: /[<>]/, what: "< and >", who: "Auth0" },
});

/** Auth0's one validator. */
export function checkAuth0Args(args: Unchecked<Auth0OidcAppArgs>, problems: Problems, at: At): Auth0Settings | undefined {
    const domain = problems.check(at("domain"), args.domain, parseAuth0Domain);
    const displayName = problems.check(at("displayName"), args.displayName, parseDisplayName);
    if (knownTeams(args).teams) problems.add(at("teams"), true, AUTH0_TEAMS_REFUSAL);
    const before = problems.list.length;
    const adopt = readAdopt(args.adopt, AUTH0_ADOPT, problems, at) as Auth0Adopt | undefined;
    if (domain === undefined || displayName === undefined || problems.list.length > before) return undefined;
    return { domain, displayName, ...(adopt !== undefined && { adopt }) };
}

/**
 * Why teams are refused for Auth0: `groups` is on Auth0's list of restricted claims (Auth0 docs,
 * "Create Custom Claims": a restricted claim set by an Action is silently left out of the token),
 * and W&B reads team names from exactly `groups` (a namespaced claim would not be read). The SDK
 * could register such an Action (node_modules/@pulumi/auth0/action.d.ts, 3.49.0: `code` calling
 * `api.idToken.setCustomClaim`, `supportedTriggers` `post-login`), which is why this is refused
 * rather than configured: the Action would deploy and the claim still never reach W&B.
 */
export const AUTH0_TEAMS_REFUSAL =
    "Auth0 cannot send W&B's groups claim: groups is one of Auth0's restricted claims (Auth0 docs, Create Custom Claims), which an Action cannot add (it is silently left out of the token), and W&B reads team names from exactly groups: turn teams off and manage team membership in W&B";

/** Auth0's app sends no groups claim (and, with teams refused, never one W&B could read). */
export function auth0GroupsClaimSent(): GroupsClaimSent | undefined {
    return undefined;
}

/**
 * W&B's identifier claims with Auth0: Auth0's ID tokens carry `nickname` and, for most
 * connections, no `preferred_username` at all (and `preferred_username` is not a claim an Action
 * may override for database users): W&B would find no username.
 */
export const AUTH0_IDENTIFIER_CLAIMS: IdentifierClaimsAdvice = {
    severity: "warn",
    reason: "Auth0's ID tokens carry nickname and, for most connections, no preferred_username, so W&B may find no username: check a test user's ID token (wandb-sso verify) before turning identifierClaims on, and make sure its value is letters, digits, _ and - only",
};

export { AUTH0_ISSUERS } from "../../src/parse/issuers/auth0";
