// The one set of rules for the URLs wandb-sso takes: the W&B host, IdP base URLs (Okta org,
// Keycloak), issuers and origins. Each caller adds only what is its own (which paths it accepts,
// which hosts it recognises); the scheme, loopback, hostname (src/parse/host.ts), credentials,
// port, query and fragment rules are these, with the same words everywhere. Every check reads the
// value as given, not only what the URL parser made of it. Every suggested value passes the
// caller's whole parser (see `suggest` in src/problems.ts). Pure: no SDK import (verify uses these too).
import { acceptedSuggestion, bad, ok, said, shown, suggest, type Parsed, type Parser } from "../problems";
import { checkUrlHost, LIST_OR_WILDCARD_FIX, writtenUrl, type WrittenUrl } from "./host";
import { findInvisible, invisibleFix } from "./text";

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
    /** The example the guess falls back to, e.g. `https://wandb.example.com`; it must pass `parser`. */
    readonly example: string;
    /**
     * How a value that is not a URL is turned into a suggestion: `host` (`wandb.example.com` →
     * `https://wandb.example.com`), `host:port` (a port kept), `url` (a path kept, letter case too).
     */
    readonly guess: "host" | "host:port" | "url";
    /**
     * http: allowed on loopback hosts only (`loopback`), on any host (`any`: verify takes such an
     * issuer and fails it as a check), or never (`{ only }`: every scheme but https is refused, the
     * fix starting with `only`, e.g. `Okta is served over https only`).
     */
    readonly http: "loopback" | "any" | { readonly only: string };
    /** The host to suggest when a URL of another scheme has none, e.g. `wandb.example.com`. */
    readonly exampleHost: string;
    /** Refuse an explicit port (`remove the port; use https://<hostname>`), the default one (`:443`) too. */
    readonly refusePort?: boolean;
    /**
     * The scheme's default port written out (`https://…:443`): `normalise` accepts it and the
     * parsed URL drops it (a base URL the caller rebuilds from its parts, documented), `refuse`
     * refuses it (a value passed on as written, such as an issuer, which W&B compares character for
     * character with the IdP's, stated without it). Default `refuse`.
     */
    readonly defaultPort?: "normalise" | "refuse";
    /**
     * How the fix for credentials, a query or a fragment ends: `root` suggests the URL without them
     * (`remove the query; use https://wandb.example.com`), a noun says the value never has one
     * (`remove the query: an issuer has none`).
     */
    readonly without: "root" | { readonly noun: string };
    /**
     * The caller's whole parser (its path rules included): a suggestion is offered only when it
     * accepts it. Default: these rules alone.
     */
    readonly parser?: Parser<unknown>;
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

/**
 * What a value that is not an absolute URL probably meant: a host with a dot (or localhost) and
 * what may follow it. Anything else (`null`, `true`, a number) gets the rules' example instead.
 */
function guessUrl(value: string, rules: WebUrlRules): string | undefined {
    if (!GUESSES[rules.guess].test(value)) return undefined;
    const host = /^[^:/]*/.exec(value)![0].toLowerCase();
    if (!host.includes(".") && host !== "localhost") return undefined;
    return rules.guess === "url" ? `https://${value}` : `https://${value.toLowerCase()}`;
}

/** The URL's query, ignoring a `?` that only a fragment holds. */
function hasQuery(url: URL, value: string): boolean {
    return url.search !== "" || (value.split("#", 1)[0] ?? "").includes("?");
}

/**
 * A backslash: browsers (and the URL parser) read it as '/', so `https://a.example.com\\@b.example.com`
 * names a.example.com, whatever it looks like.
 */
const BACKSLASH_FIX = "remove the '\\': browsers read it as '/', so the URL would name another host or path than it seems to";

/** The fix when the value has surrounding whitespace, suggesting it trimmed. */
export function trimFix(value: string, parser: Parser<unknown>): Parsed<never> {
    return suggest(parser, value.trim(), (s) => `remove the surrounding whitespace${s === undefined ? "" : `: use ${JSON.stringify(s)}`}`);
}

/** The fix when the value holds an invisible character, suggesting it without, or undefined. */
export function invisibleCharacterFix(value: string, parser: Parser<unknown>): Parsed<never> | undefined {
    const found = findInvisible(value);
    if (found === undefined) return undefined;
    return suggest(parser, found.without, (s) => invisibleFix(found) + (s === undefined ? "" : `: use ${JSON.stringify(s)}`));
}

/**
 * The shared checks, in this order: a non-empty string without surrounding whitespace, invisible
 * characters or backslashes, an absolute URL, a hostname DNS can serve (for http and https), https (http only on
 * loopback, or never), no credentials, no port (when refused), no query, no fragment. The path is
 * the caller's to judge.
 */
export function parseWebUrl(value: unknown, rules: WebUrlRules): Parsed<WebUrl> {
    const parser: Parser<unknown> = rules.parser ?? ((v) => parseWebUrl(v, rules));
    const example = () => acceptedSuggestion(parser, rules.example);
    if (typeof value !== "string" || value === "") return bad(rules.missing, example());
    if (value.trim() !== value) return trimFix(value, parser);
    const invisible = invisibleCharacterFix(value, parser);
    if (invisible !== undefined) return invisible;
    if (value.includes("\\")) return bad(BACKSLASH_FIX);
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        const suggestion = acceptedSuggestion(parser, guessUrl(value, rules)) ?? example();
        return bad(`not an absolute URL; ${rules.notUrl} ${suggestion ?? rules.example}`, suggestion);
    }
    const web = url.protocol === "https:" || url.protocol === "http:";
    if (web) {
        const host = checkUrlHost(value, url, parser);
        if (host !== undefined) return host;
    }
    const byRoot = rules.without === "root";
    if (url.protocol !== "https:") {
        const https = url.host === "" ? undefined : acceptedSuggestion(parser, `https://${url.host}`);
        if (typeof rules.http === "object") {
            const suggestion = (url.hostname === "" ? undefined : acceptedSuggestion(parser, `https://${url.hostname}`)) ?? example();
            return bad(`${rules.http.only}; use ${suggestion ?? rules.example}`, suggestion);
        }
        if (!web) {
            const suggestion = https ?? example();
            return bad(`the scheme must be https${byRoot ? "; use" : ", e.g."} ${suggestion ?? rules.example}`, suggestion);
        }
        if (rules.http === "loopback" && !isLoopback(url)) {
            if (byRoot) return bad(`http is allowed only for localhost; use ${https ?? "https"}`, https);
            return suggest(parser, `https://${value.slice("http://".length)}`, (s) =>
                s === undefined
                    ? "http is allowed only for localhost: use https"
                    : `http is allowed only for localhost; use ${JSON.stringify(s)}`,
            );
        }
    }
    const root = `${url.protocol}//${url.host}`;
    const { without } = rules;
    const remove = (what: string): Parsed<never> =>
        without === "root"
            ? suggest(parser, root, (s) => `remove the ${what}` + (s === undefined ? "" : `; use ${s}`))
            : bad(`remove the ${what}: ${without.noun} has none`);
    // Read as written: the URL parser drops an empty userinfo (`https://@host`), resolves dot
    // segments and rewrites ports, so what it returns can differ from the value passed on.
    const written = writtenUrl(value)!;
    if (written.hasUserinfo || url.username !== "" || url.password !== "") return remove("credentials");
    const portFix = writtenPortFix(value, url, written, rules, parser);
    if (portFix !== undefined) return portFix;
    if (hasDotSegment(written.path)) {
        const fix = `remove the dot segments ('.' and '..' in the path, also percent-encoded): the URL parser resolves them, so the URL would name another path than written${said(` (${url.pathname})`, "")}`;
        return without === "root" ? suggest(parser, root, (s) => fix + (s === undefined ? "" : `; use ${s}`)) : bad(fix);
    }
    if (hasQuery(url, value)) return remove("query");
    if (url.hash !== "" || value.includes("#")) return remove("fragment");
    return ok({ url, root });
}

/** Whether a path as written has a `.` or `..` segment, which the URL parser resolves (`%2e` is a dot to it too). */
export function hasDotSegment(path: string): boolean {
    return path.split("/").some((segment) => {
        const decoded = decodePathSegment(segment).toLowerCase();
        return decoded === "." || decoded === "..";
    });
}

/** The scheme's default port. */
const DEFAULT_PORTS: Readonly<Record<string, string>> = { "https:": "443", "http:": "80" };

/**
 * The port as written: none, or digits without a leading zero naming a real port. The URL parser
 * accepts `:` alone, `:0`, `:0443` (as 443) and `:443` (as no port), none of which is passed on as
 * it reads it.
 */
function writtenPortFix(
    value: string,
    url: URL,
    written: WrittenUrl,
    rules: WebUrlRules,
    parser: Parser<unknown>,
): Parsed<never> | undefined {
    const { port } = written;
    if (port === undefined) return undefined;
    const start = url.protocol.length + 2;
    const hostText = written.authority.slice(0, written.authority.length - port.length - 1);
    const rest = value.slice(start + written.authority.length);
    const withPort = (p: string | undefined) => `${url.protocol}//${hostText}${p === undefined ? "" : `:${p}`}${rest}`;
    const use = (s: string | undefined) => (s === undefined ? "" : `; use ${JSON.stringify(s)}`);
    if (rules.refusePort)
        return suggest(parser, `${url.protocol}//${url.hostname}`, (s) => "remove the port" + (s === undefined ? "" : `; use ${s}`));
    if (port === "") return suggest(parser, withPort(undefined), (s) => `remove the ':' after the host, which names no port${use(s)}`);
    if (/^0+$/.test(port)) {
        return suggest(
            parser,
            withPort(undefined),
            (s) => `port 0 is not a port a server listens on: remove it, or write the real port${use(s)}`,
        );
    }
    if (/^0/.test(port)) {
        const plain = String(Number(port));
        return suggest(
            parser,
            withPort(plain === DEFAULT_PORTS[url.protocol] ? undefined : plain),
            (s) =>
                `write the port without leading zeros (the URL parser reads ${said(`:${port} as :${plain}`, "it as another number")}, but the value is passed on as written)${use(s)}`,
        );
    }
    if (port === DEFAULT_PORTS[url.protocol] && (rules.defaultPort ?? "refuse") === "refuse") {
        const noun = typeof rules.without === "object" ? rules.without.noun : "the URL";
        return suggest(
            parser,
            withPort(undefined),
            (s) =>
                `remove the default port${said(` :${port}`, "")}: ${noun} is compared character for character, and is stated without it${use(s)}`,
        );
    }
    return undefined;
}

/** The path's non-empty segments: `/realms/acme/` → `["realms", "acme"]`. */
export function pathSegments(url: URL): string[] {
    return url.pathname.split("/").filter((segment) => segment !== "");
}

/** A path segment as text (`a%20b` → `a b`), or as written when it is not valid percent-encoding. */
export function decodePathSegment(segment: string): string {
    try {
        return decodeURIComponent(segment);
    } catch {
        return segment;
    }
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

const ORIGIN_EXAMPLE = "https://notebooks.example.com";

/**
 * An origin: `scheme://host[:port]` only, e.g. `https://notebooks.example.com`. https, or http on a
 * loopback host; one origin, without ',' or '*' (W&B's GORILLA_CORS_ORIGINS is a comma-separated
 * list, so a comma would smuggle in more origins, and `*` would allow every site).
 */
export function parseOrigin(value: unknown): Parsed<string> {
    return checkOrigin(value, undefined);
}

/**
 * The origins W&B at `host` may take (what the W&B side calls with its host): as
 * `parseOrigin`, and https only when the host itself is https (an http origin's pages can be
 * altered on the way, and W&B would trust their requests). `host` is the normalised W&B host.
 */
export function originParser(host: string): Parser<string> {
    return (value) => checkOrigin(value, host);
}

function checkOrigin(value: unknown, host: string | undefined): Parsed<string> {
    const parser: Parser<unknown> = (v) => checkOrigin(v, host);
    if (typeof value !== "string")
        return bad(`use scheme://host[:port], e.g. ${ORIGIN_EXAMPLE}`, acceptedSuggestion(parser, ORIGIN_EXAMPLE));
    if (value.trim() !== value) return trimFix(value, parser);
    const invisible = invisibleCharacterFix(value, parser);
    if (invisible !== undefined) return invisible;
    if (value.includes("\\")) return bad(BACKSLASH_FIX);
    if (/[,*]/.test(value)) return bad(`${shown(value, "this")} is not one origin: ${LIST_OR_WILDCARD_FIX}`);
    const url = URL.canParse(value) ? new URL(value) : undefined;
    if (url === undefined || (url.protocol !== "https:" && url.protocol !== "http:")) {
        const suggestion = acceptedSuggestion(parser, ORIGIN_EXAMPLE);
        return bad(`${shown(value, "this")} is not an origin; use scheme://host[:port], e.g. ${ORIGIN_EXAMPLE}`, suggestion);
    }
    const hostFix = checkUrlHost(value, url, parser);
    if (hostFix !== undefined) return hostFix;
    if (url.protocol === "http:" && !isLoopback(url)) {
        return suggest(parser, `https://${url.host}`, (s) => `http is allowed only for localhost origins; use ${s ?? "https"}`);
    }
    if (url.protocol === "http:" && host !== undefined && host.startsWith("https:")) {
        return suggest(parser, `https://${url.host}`, (s) => `W&B at ${host} takes https origins only; use ${s ?? "https"}`);
    }
    if (url.origin !== value) {
        return suggest(
            parser,
            url.origin,
            (s) => `${shown(value, "this")} is not an origin; ${s === undefined ? "use scheme://host[:port]" : `use ${s}`}`,
        );
    }
    return ok(value);
}
