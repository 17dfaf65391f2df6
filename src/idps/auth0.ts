// Auth0: the pure rules (tenant domain, issuer, display name, grants, stack config) behind Auth0OidcApp.
import type { AuthMethod } from "../oidc";
import { bad, ok, type Parsed } from "../problems";
import { readObject } from "../config/values";
import type { IdpDefinition } from "./types";
// Loaded on demand (see `create`): only stacks that use Auth0 load the Auth0 SDK.
import type * as Auth0Module from "../../providers/auth0";

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
        );
    }
    if (value.trim() !== value) return bad(`remove the surrounding whitespace: use ${JSON.stringify(value.trim())}`);
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
    let url: URL;
    try {
        url = new URL(withScheme ? value : `https://${value}`);
    } catch {
        return bad(`not a hostname; use the domain alone, e.g. ${example}`);
    }
    const hostname = url.hostname.toLowerCase();
    if (withScheme && url.protocol !== "https:") return bad(`Auth0 is served over https only; use ${hostname}`);
    const clean =
        url.username === "" && url.password === "" && url.port === "" && url.search === "" && url.hash === "" && !/[?#]/.test(value);
    if (!clean || (url.pathname !== "/" && url.pathname !== "")) {
        return bad(`use the domain alone, without ${describeExtra(url, value)}: ${hostname}`);
    }
    const labels = hostname.split(".");
    if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) {
        return bad(`not a hostname; use the domain alone, e.g. ${example}`);
    }
    if (hostname === "auth0.com" || hostname === "manage.auth0.com" || /^manage\.[a-z0-9-]+\.auth0\.com$/.test(hostname)) {
        return bad(`this is the Auth0 dashboard, not a tenant; use the tenant's domain, e.g. ${example}`);
    }
    return ok(hostname);
}

function describeExtra(url: URL, value: string): string {
    if (url.username !== "" || url.password !== "") return "credentials";
    if (url.port !== "") return "a port";
    if (url.pathname !== "/" && url.pathname !== "") return `a path (${url.pathname})`;
    if (url.search !== "" || value.includes("?")) return "a query";
    return "a fragment";
}

/** An application's name as the Auth0 dashboard and Keycloak's admin console show it (both use this rule). */
export function parseDisplayName(value: unknown): Parsed<string> {
    if (value === undefined) return ok(DEFAULT_DISPLAY_NAME);
    if (typeof value !== "string" || value.trim() === "") return bad(`set a non-empty name, e.g. ${DEFAULT_DISPLAY_NAME}`);
    if (value.trim() !== value) return bad(`remove the surrounding whitespace: use ${JSON.stringify(value.trim())}`);
    if (/[<>]/.test(value))
        return bad(`use a name without < and > (Auth0 refuses them); e.g. ${JSON.stringify(value.replace(/[<>]/g, ""))}`);
    if (value.length > 128) return bad("use at most 128 characters");
    return ok(value);
}

export interface Auth0Settings {
    /** The (normalised) domain users sign in on. */
    readonly domain: string;
    readonly displayName: string;
}

const FIELDS = ["domain", "displayName"] as const;

export const auth0: IdpDefinition<Auth0Settings> = {
    parse(value, problems, { setting }) {
        const object = readObject(value, FIELDS, problems, setting);
        if (object === undefined) return undefined;
        const key = (field: string) => `${setting}.${field}`;
        const domain = problems.check(key("domain"), object.domain, parseAuth0Domain);
        const displayName = problems.check(key("displayName"), object.displayName, parseDisplayName);
        if (domain === undefined || displayName === undefined) return undefined;
        return { domain, displayName };
    },

    create(name, settings, common, opts) {
        const { Auth0OidcApp } = require("../../providers/auth0") as typeof Auth0Module;
        return new Auth0OidcApp(name, { ...common, ...settings }, opts);
    },
};
