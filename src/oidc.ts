// The contract between an identity provider's app registration and the W&B server, and the pure
// rules for the W&B host and the URLs derived from it.
import type * as pulumi from "@pulumi/pulumi";
import { bad, ok, requireValid, type Parsed } from "./problems";

/**
 * How W&B Server completes a login (`OIDC_AUTH_METHOD`):
 * - `implicit`: implicit flow with `response_mode=form_post` (W&B's own default when unset);
 * - `pkce`: authorization code flow with PKCE (S256), the current best practice and our default.
 */
export type AuthMethod = "implicit" | "pkce";
export const AUTH_METHODS: readonly AuthMethod[] = ["pkce", "implicit"];
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

/** Arguments every IdP component takes. */
export interface IdpAppArgs {
    /** The W&B base URL, e.g. `https://wandb.example.com` (see {@link parseHost}). */
    host: string;
    /** Default `pkce`. */
    authMethod?: AuthMethod;
    /**
     * Protect the app registration from deletion (default true): a `pulumi destroy` or a forced
     * replacement must not silently remove the only way users log in.
     */
    protect?: boolean;
}

export function parseAuthMethod(value: unknown): Parsed<AuthMethod> {
    if (value === undefined) return ok(DEFAULT_AUTH_METHOD);
    if (value === "pkce" || value === "implicit") return ok(value);
    if (typeof value === "string" && value.trim().toLowerCase() === "saml") {
        return bad("W&B Server does not support SAML; it logs in through OIDC: use pkce (recommended) or implicit");
    }
    return bad("use pkce (authorization code + PKCE, recommended) or implicit (implicit flow with form_post)");
}

/** Hosts that may use plain http: W&B on the same machine, for trials and tests. */
const LOOPBACK_HOSTNAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Validates and normalises the W&B base URL: https (http only for localhost/127.0.0.1), no
 * credentials, path, query or fragment; a trailing slash is dropped and the hostname lower-cased,
 * so `https://WandB.example.com/` becomes `https://wandb.example.com`.
 */
export function parseHost(value: unknown): Parsed<string> {
    const example = "https://wandb.example.com";
    if (typeof value !== "string" || value === "") {
        return bad(`set the W&B base URL, e.g. ${example}`);
    }
    if (value.trim() !== value) return bad(`remove the surrounding whitespace: use ${JSON.stringify(value.trim())}`);
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        const guess = /^[a-z0-9.-]+(:\d+)?$/i.test(value) ? `https://${value.toLowerCase()}` : example;
        return bad(`not an absolute URL; use a base URL such as ${guess}`);
    }
    const root = `${url.protocol}//${url.host}`;
    if (url.protocol !== "https:" && url.protocol !== "http:") {
        return bad(`the scheme must be https; use https://${url.host || "wandb.example.com"}`);
    }
    if (url.protocol === "http:" && !LOOPBACK_HOSTNAMES.has(url.hostname)) {
        return bad(`http is allowed only for localhost; use https://${url.host}`);
    }
    if (url.username !== "" || url.password !== "") return bad(`remove the credentials; use ${root}`);
    if (url.pathname !== "/" && url.pathname !== "") {
        return bad(`W&B must be served at the root of its host, without a path (${url.pathname}); use ${root}`);
    }
    if (url.search !== "" || value.endsWith("?")) return bad(`remove the query; use ${root}`);
    if (url.hash !== "" || value.endsWith("#")) return bad(`remove the fragment; use ${root}`);
    return ok(root);
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

/** Derives the W&B URLs from a host; throws if the host is invalid (see {@link parseHost}). */
export function wandbUrls(host: string): WandbUrls {
    const base = requireValid("wandbUrls", "host", host, parseHost);
    return {
        host: base,
        callbackUrl: `${base}/oidc/callback`,
        hostLogoutUrl: base,
        logoutPageUrl: `${base}/logout`,
    };
}
