// The contract between an identity provider's app registration and the W&B server: what W&B needs
// from any IdP (OidcClient), the auth methods and scopes, the arguments every IdP component takes,
// and the W&B URLs an app registers. Types and constants only: the parsers for these values are in
// src/parse/oidc.ts, the IdP components' shared prologue in src/idp/.
import type * as pulumi from "@pulumi/pulumi";

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
    /**
     * Whether the app sends W&B's team names (a `groups` claim of plain group names), which turns
     * W&B's group claims on (GORILLA_ENABLE_SSO_GROUP_CLAIMS). Every IdP component has it, as a plain
     * boolean known when the program runs; another Pulumi language passes the component's output.
     * Absent: the client says nothing about teams (W&B's own `groupClaims` decides).
     */
    readonly teams?: pulumi.Input<boolean>;
}

/** An IdP component as the stack uses it: the OIDC contract plus the URLs it registered. */
export interface OidcApp extends OidcClient {
    /** The sign-in redirect URI registered with the IdP (`<host>/oidc/callback`). */
    readonly callbackUrl: pulumi.Output<string>;
    /** The logout / sign-out redirect URL registered with the IdP. */
    readonly logoutUrl: pulumi.Output<string>;
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

/**
 * Each W&B URL's path after the normalised host: the one place both the URLs (src/idp/app.ts
 * `wandbUrls`) and the IdPs' limits on them (src/idp/limits.ts) read.
 */
export const WANDB_URL_PATHS: Readonly<Record<keyof WandbUrls, string>> = {
    host: "",
    callbackUrl: "/oidc/callback",
    hostLogoutUrl: "",
    logoutPageUrl: "/logout",
};
