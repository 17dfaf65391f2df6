// The one set of rules for the URLs wandb-sso takes: the W&B host, IdP base URLs (Okta org,
// Keycloak), issuers and origins. Each caller adds only what is its own (which paths it accepts,
// which hosts it recognises); the scheme, loopback, credentials, port, query and fragment rules are
// these, with the same words everywhere. Pure: no SDK import (verify uses these too).
import { bad, ok, type Parsed } from "../problems";

/** Hosts that may use plain http: W&B or an IdP on the same machine, for trials and tests. */
export const LOOPBACK_HOSTNAMES: ReadonlySet<string> = new Set(["localhost", "127.0.0.1", "[::1]"]);

export function isLoopback(url: URL): boolean {
    return LOOPBACK_HOSTNAMES.has(url.hostname);
}

export interface WebUrlRules {
    /** The fix when the value is missing, e.g. `set the W&B base URL, e.g. https://wandb.example.com`. */
    readonly missing: string;
    /** What to use instead of a value that is not a URL, before the guess: `use a base URL such as`. */
    readonly notUrl: string;
    /** The example the guess falls back to, e.g. `https://wandb.example.com`. */
    readonly example: string;
    /**
     * How a value that is not a URL is turned into a suggestion: `host` (`wandb.example.com` →
     * `https://wandb.example.com`), `host:port` (a port kept), `url` (a path kept, letter case too).
     */
    readonly guess: "host" | "host:port" | "url";
    /**
     * http: allowed on loopback hosts only (`loopback`), on any host (`any`: verify takes such an
     * issuer and fails it as a check), or, with a function, every scheme but https is refused with
     * its fix (`Okta is served over https only; …`).
     */
    readonly http: "loopback" | "any" | ((url: URL) => string);
    /** The host to suggest when a URL of another scheme has none, e.g. `wandb.example.com`. */
    readonly exampleHost: string;
    /** Refuse an explicit port (`remove the port; use https://<hostname>`). */
    readonly refusePort?: boolean;
    /**
     * How the fix for credentials, a query or a fragment ends: `root` suggests the URL without them
     * (`remove the query; use https://wandb.example.com`), a noun says the value never has one
     * (`remove the query: an issuer has none`).
     */
    readonly without: "root" | { readonly noun: string };
}

/** A URL that passed the shared rules, and its `<scheme>://<host>` root. */
export interface WebUrl {
    readonly url: URL;
    readonly root: string;
}

const GUESSES: Readonly<Record<WebUrlRules["guess"], RegExp>> = {
    host: /^[a-z0-9.-]+$/i,
    "host:port": /^[a-z0-9.-]+(:\d+)?$/i,
    url: /^[a-z0-9.-]+(:\d+)?(\/\S*)?$/i,
};

/** What a value that is not an absolute URL probably meant, or the rules' example. */
function guessUrl(value: string, rules: WebUrlRules): string {
    if (!GUESSES[rules.guess].test(value)) return rules.example;
    return rules.guess === "url" ? `https://${value}` : `https://${value.toLowerCase()}`;
}

/** The URL's query, ignoring a `?` that only a fragment holds. */
function hasQuery(url: URL, value: string): boolean {
    return url.search !== "" || (value.split("#", 1)[0] ?? "").includes("?");
}

/**
 * The shared checks, in this order: a non-empty string without surrounding whitespace, an absolute
 * URL, https (http only on loopback, or never), no credentials, no port (when refused), no query,
 * no fragment. The path is the caller's to judge.
 */
export function parseWebUrl(value: unknown, rules: WebUrlRules): Parsed<WebUrl> {
    if (typeof value !== "string" || value === "") return bad(rules.missing);
    if (value.trim() !== value) return bad(`remove the surrounding whitespace: use ${JSON.stringify(value.trim())}`);
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        return bad(`not an absolute URL; ${rules.notUrl} ${guessUrl(value, rules)}`);
    }
    const byRoot = rules.without === "root";
    if (url.protocol !== "https:") {
        if (typeof rules.http === "function") return bad(rules.http(url));
        if (url.protocol !== "http:") {
            return bad(`the scheme must be https${byRoot ? "; use" : ", e.g."} https://${url.host || rules.exampleHost}`);
        }
        if (rules.http === "loopback" && !isLoopback(url)) {
            const https = byRoot ? `https://${url.host}` : JSON.stringify(`https://${value.slice("http://".length)}`);
            return bad(`http is allowed only for localhost; use ${https}`);
        }
    }
    const root = `${url.protocol}//${url.host}`;
    const { without } = rules;
    const remove = (what: string) =>
        without === "root" ? `remove the ${what}; use ${root}` : `remove the ${what}: ${without.noun} has none`;
    if (url.username !== "" || url.password !== "") return bad(remove("credentials"));
    if (rules.refusePort && url.port !== "") return bad(`remove the port; use ${url.protocol}//${url.hostname}`);
    if (hasQuery(url, value)) return bad(remove("query"));
    if (url.hash !== "" || value.includes("#")) return bad(remove("fragment"));
    return ok({ url, root });
}

/** The path's non-empty segments: `/realms/acme/` → `["realms", "acme"]`. */
export function pathSegments(url: URL): string[] {
    return url.pathname.split("/").filter((segment) => segment !== "");
}

/** The hostname a value names, with or without a scheme (`""` when it names none). */
export function hostnameOf(value: string): string {
    for (const candidate of [value, `https://${value}`]) {
        try {
            return new URL(candidate).hostname;
        } catch {
            // try the next form
        }
    }
    return "";
}

/**
 * May this URL be fetched (by verify)? https always; http only on loopback (the same rule as W&B's
 * host). Returns the parsed URL or why not.
 */
export function allowedUrl(value: string): Parsed<URL> {
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        return bad(`${JSON.stringify(value)} is not an absolute URL`);
    }
    if (url.protocol === "https:") return ok(url);
    if (url.protocol === "http:" && isLoopback(url)) return ok(url);
    if (url.protocol === "http:") return bad(`${value} uses plain http; only https is allowed (http only for localhost)`);
    return bad(`${value} is not an http(s) URL`);
}

/** An origin: `scheme://host[:port]` only, e.g. `https://notebooks.example.com`. */
export function parseOrigin(value: string): Parsed<string> {
    const url = URL.canParse(value) ? new URL(value) : undefined;
    const web = url !== undefined && (url.protocol === "https:" || url.protocol === "http:");
    if (!web || url.origin !== value) {
        const fix = web ? `use ${url.origin}` : "use scheme://host[:port], e.g. https://notebooks.example.com";
        return bad(`${JSON.stringify(value)} is not an origin; ${fix}`);
    }
    return ok(value);
}
