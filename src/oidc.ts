// The contract between an identity provider's app registration and the W&B server, and the pure
// rules for the W&B host and the URLs derived from it.
import type * as pulumi from "@pulumi/pulumi";
import { asArgument, bad, ok, requireValid, suggest, type At, type Parsed, type Parser, type Problems, type Unchecked } from "./problems";
import { parseWebUrl } from "./parse/url";
import { type ProviderSettings, parseOptionalBoolean } from "./parse/values";
import { readTeams, type TeamsSettings } from "./parse/teams";

/**
 * How W&B Server completes a login (OIDC_AUTH_METHOD): pkce (authorization code with PKCE, S256;
 * the current best practice and wandb-sso's default) or implicit (the implicit flow with
 * response_mode=form_post; W&B's own default when unset). An enum-like object, so that Pulumi's
 * schema analyzer describes it as an enum to other languages.
 */
export const AuthMethod = {
    /** Authorization code flow with PKCE (S256): the default. */
    Pkce: "pkce",
    /** Implicit flow with response_mode=form_post. */
    Implicit: "implicit",
} as const;
export type AuthMethod = (typeof AuthMethod)[keyof typeof AuthMethod];
export const AUTH_METHODS: readonly AuthMethod[] = Object.values(AuthMethod);
export const DEFAULT_AUTH_METHOD: AuthMethod = "pkce";

/** The scopes W&B Server asks for; every app registration must allow exactly these. */
export const OIDC_SCOPES = ["openid", "profile", "email"] as const;

/**
 * What W&B Server needs from an identity provider. Every IdP component implements it, and the W&B
 * side takes any implementation without knowing which IdP made it.
 */
export interface OidcClient {
    /** The exact string W&B compares with the `issuer` of `<issuer>/.well-known/openid-configuration`. */
    readonly issuer: pulumi.Output<string>;
    readonly clientId: pulumi.Output<string>;
    readonly authMethod: pulumi.Output<AuthMethod>;
    /**
     * The client secret, a Pulumi secret; present exactly when the IdP issues one. It is optional
     * rather than `Output<string | undefined>` so that consumers know, before anything is applied,
     * whether to create a Kubernetes Secret for it.
     */
    readonly clientSecret?: pulumi.Output<string>;
}

/** An IdP component as the stack uses it: the OIDC contract plus the URLs it registered. */
export interface OidcApp extends OidcClient {
    /** The sign-in redirect URI registered with the IdP (`<host>/oidc/callback`). */
    readonly callbackUrl: pulumi.Output<string>;
    /** The logout / sign-out redirect URL registered with the IdP. */
    readonly logoutUrl: pulumi.Output<string>;
}

/** Which IdP components were set up for teams (their `teams` argument), for `WandbOidc.forClient`. */
const TEAMS = new WeakMap<object, boolean>();

/** Records whether an IdP component was set up to send team names (`teams`). */
export function markTeams(app: object, teams: boolean): void {
    TEAMS.set(app, teams);
}

/** Whether an IdP component was set up for teams; undefined for a client that is not one of ours. */
export function teamsOf(client: object): boolean | undefined {
    return TEAMS.get(client);
}

/** Arguments every IdP component takes. */
export interface IdpAppArgs {
    /**
     * The W&B base URL, e.g. https://wandb.example.com: https (http only on localhost), no path; a
     * plain value, known when the program runs.
     */
    host: string;
    /** How W&B completes a login: pkce (default) or implicit. */
    authMethod?: AuthMethod;
    /**
     * Protect the app registration from deletion (default true): a `pulumi destroy` or a forced
     * replacement must not silently remove the only way users log in.
     */
    protect?: boolean;
    /**
     * Teams from the IdP (default false): the app sends a `groups` claim of plain group names, which
     * W&B maps to teams of the same names (GORILLA_ENABLE_SSO_GROUP_CLAIMS). Refused where the IdP
     * cannot send such a claim (Auth0, Google); see docs/teams.md.
     */
    teams?: boolean;
    /**
     * With `teams`: only these groups (by name) count as W&B teams, where the IdP supports a filter
     * (Okta, Cognito); see docs/teams.md.
     */
    teamGroups?: string[];
}

export function parseAuthMethod(value: unknown): Parsed<AuthMethod> {
    if (value === undefined) return ok(DEFAULT_AUTH_METHOD);
    if (value === "pkce" || value === "implicit") return ok(value);
    if (typeof value === "string" && value.trim().toLowerCase() === "saml") {
        return bad("W&B Server does not support SAML; it logs in through OIDC: use pkce (recommended) or implicit");
    }
    return bad("use pkce (authorization code + PKCE, recommended) or implicit (implicit flow with form_post)");
}

/**
 * Validates and normalises the W&B base URL: https (http only for localhost/127.0.0.1), no
 * credentials, path, query or fragment; a trailing slash is dropped and the hostname lower-cased,
 * so `https://WandB.example.com/` becomes `https://wandb.example.com`.
 */
export function parseHost(value: unknown): Parsed<string> {
    const parsed = parseWebUrl(value, {
        missing: "set the W&B base URL, e.g. https://wandb.example.com",
        notUrl: "use a base URL such as",
        example: "https://wandb.example.com",
        guess: "host:port",
        http: "loopback",
        exampleHost: "wandb.example.com",
        without: "root",
        // The W&B host and Keycloak's base URL are rebuilt from their parts: `:443` (`:80` for http) is dropped, on purpose (README).
        defaultPort: "normalise",
        parser: parseHost,
    });
    if ("fix" in parsed) return parsed;
    const { url, root } = parsed.value;
    if (url.pathname !== "/" && url.pathname !== "") {
        return suggest(
            parseHost,
            root,
            (s) => `W&B must be served at the root of its host, without a path (${url.pathname}); use ${s ?? root}`,
        );
    }
    return ok(root);
}

/**
 * An issuer exactly as the IdP's discovery document states it: W&B compares it character for
 * character, so it is not normalised. An absolute https URL (http only on loopback, or on any host
 * with `http: "any"`, for verify, which reports it as a failed check), without credentials, query
 * or fragment, nor invisible characters anywhere (checked on the string as given, since it is
 * passed on as given). `parser`: the caller's stricter issuer parser, which suggestions must pass.
 */
export function parseIssuer(value: unknown, http: "loopback" | "any" = "loopback", parser?: Parser<unknown>): Parsed<string> {
    const parsed = parseWebUrl(value, {
        missing: "set the issuer URL, e.g. https://login.example.com",
        notUrl: "the issuer starts with https://, e.g.",
        example: "https://login.example.com",
        guess: "url",
        http,
        exampleHost: "login.example.com",
        without: { noun: "an issuer" },
        parser: parser ?? ((v) => parseIssuer(v, http)),
    });
    return "fix" in parsed ? parsed : ok(value as string);
}

/**
 * An IdP's one validator: checks its own fields (and their combination with the common ones) in
 * `args`, records each problem under the name `at` gives the field, and returns the normalised
 * settings, or undefined when one of its fields has a problem. The component and the stack config
 * both call it.
 */
export type IdpCheck<Args, Settings> = (
    args: Unchecked<Args>,
    problems: Problems,
    at: At,
    provider?: ProviderSettings,
) => Settings | undefined;

/**
 * Checks the arguments every IdP component takes (host, authMethod, protect: default true),
 * recording problems under the names `at` gives them.
 */
export function checkIdpAppArgs(
    args: Unchecked<IdpAppArgs>,
    problems: Problems,
    at: At = asArgument,
): { host?: string; authMethod?: AuthMethod; protect?: boolean; teams?: TeamsSettings } {
    return {
        host: problems.check(at("host"), args.host, parseHost),
        authMethod: problems.check(at("authMethod"), args.authMethod, parseAuthMethod),
        protect: problems.check(at("protect"), args.protect, parseOptionalBoolean(true)),
        teams: readTeams(args, problems, at),
    };
}

/** Reads an already-checked auth method (undefined when it is not valid, whose problem is reported elsewhere). */
export function knownAuthMethod(value: unknown): AuthMethod | undefined {
    const parsed = parseAuthMethod(value);
    return "value" in parsed ? parsed.value : undefined;
}

/** A recognisable mistake in an issuer string itself (verify reports it; ExistingOidcApp refuses it). */
export interface IssuerMistake {
    readonly severity: "fail" | "warn";
    readonly message: string;
    readonly fix: string;
}

/** Why a configured issuer differs from the one the IdP states, when an IdP's rules can tell. */
export interface IssuerMismatch {
    readonly match: false;
    /** A name for the mistake, for tests and JSON (e.g. `trailing-slash`). */
    readonly kind: string;
    /** Why they differ, in words. */
    readonly reason: string;
    /** The value OIDC_ISSUER should have, when it can be told. */
    readonly use?: string;
}

/** What one IdP knows about its issuers, from the string alone (used by verify and by ExistingOidcApp). */
export interface IssuerRules {
    /** Which IdP an issuer URL looks like (`an Okta custom authorization server (default)`), if this one. */
    recognise(url: URL): string | undefined;
    /** The mistakes this IdP's issuers are known for. */
    mistakes(url: URL, issuer: string): IssuerMistake[];
    /** Why a configured issuer differs from the stated one, when it is this IdP's known mix-up. */
    compare?(configured: URL, stated: URL, statedText: string): IssuerMismatch | undefined;
}

/**
 * An app-client input whose change makes the IdP's provider replace the client (a new client ID),
 * and the stack setting that feeds it: what the plan warns about.
 */
export interface ClientReplacement {
    /** The app client's Pulumi type token. */
    readonly type: string;
    readonly inputs: readonly { readonly input: string; readonly setting: string }[];
    /** Where the provider says so. */
    readonly source: string;
}

/** The W&B URLs an IdP registers, all derived from one normalised host. */
export interface WandbUrls {
    /** The normalised base URL. */
    readonly host: string;
    /** `<host>/oidc/callback`: the sign-in redirect URI, for every IdP. */
    readonly callbackUrl: string;
    /** `<host>`: Cognito's logout URL. */
    readonly hostLogoutUrl: string;
    /** `<host>/logout`: Okta's sign-out redirect and Entra's front-channel logout URL. */
    readonly logoutPageUrl: string;
}

/** Derives the W&B URLs from a host; throws if the host is invalid (see `parseHost`). */
export function wandbUrls(host: string): WandbUrls {
    const base = requireValid("wandbUrls", "host", host, parseHost);
    return {
        host: base,
        callbackUrl: `${base}/oidc/callback`,
        hostLogoutUrl: base,
        logoutPageUrl: `${base}/logout`,
    };
}
