// The rules for the URIs an IdP app registration lists for W&B: where the IdP may send the browser
// back after sign-in (redirect) and after sign-out (logout).

/** W&B's callback path: the redirect URI is exactly `<W&B host>/oidc/callback`. */
export const CALLBACK_PATH = "/oidc/callback";

/**
 * How the pack recognises an app registration made for W&B: a redirect URI whose path ends in
 * /oidc/callback (a trailing slash, query or fragment included, so that a near miss is still
 * recognised and then reported).
 */
export function looksLikeWandbCallback(uri: string): boolean {
    return /\/oidc\/callback\/?([?#].*)?$/.test(uri);
}

/** Plain http is acceptable only on the local machine, as OAuth 2.0 for native apps allows. */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(["localhost", "127.0.0.1", "[::1]"]);

export interface UriProblem {
    /** What is wrong, e.g. "is not https". */
    readonly reasons: readonly string[];
    /** What to write instead. */
    readonly fix: string;
}

function parse(uri: string): URL | undefined {
    try {
        return new URL(uri);
    } catch {
        return undefined;
    }
}

function schemeProblem(url: URL): string | undefined {
    if (url.protocol === "https:") return undefined;
    if (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)) return undefined;
    return "is not https (http is allowed only for localhost, 127.0.0.1 and [::1])";
}

/** The scheme to suggest: https, except that a loopback URI may keep http. */
function safeOrigin(url: URL): string {
    const scheme = url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname) ? "http:" : "https:";
    return `${scheme}//${url.host}`;
}

/** A redirect URI must be https (loopback excepted) and exactly `<host>/oidc/callback`. */
export function redirectUriProblem(uri: string): UriProblem | undefined {
    if (uri.includes("*")) {
        return { reasons: ["has a wildcard"], fix: `list each W&B host's exact callback, "https://<W&B host>${CALLBACK_PATH}"` };
    }
    const url = parse(uri);
    if (url === undefined) return { reasons: ["is not an absolute URL"], fix: `use "https://<W&B host>${CALLBACK_PATH}"` };
    const reasons: string[] = [];
    const scheme = schemeProblem(url);
    if (scheme !== undefined) reasons.push(scheme);
    if (url.username !== "" || url.password !== "") reasons.push("carries credentials");
    // `new URL` drops an empty query or fragment ("…/callback?"), so the raw text is checked for them.
    if (url.pathname !== CALLBACK_PATH || /[?#]/.test(uri)) reasons.push(`is not exactly <host>${CALLBACK_PATH}`);
    const exact = `${safeOrigin(url)}${CALLBACK_PATH}`;
    // The IdP compares the redirect_uri W&B sends (`<host>/oidc/callback`, its host lower-case and
    // without a default port) with what it lists character for character; the URL parser forgives
    // what the IdP does not, so the value is checked as written.
    if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(uri)) reasons.push("holds a control or invisible character");
    if (uri.includes("\\")) reasons.push("holds a '\\', which browsers read as '/'");
    if (reasons.length === 0 && uri !== exact) {
        reasons.push(
            "is not written as W&B sends it (letter case, a default port, dot segments or an empty '@' make the IdP compare another string)",
        );
    }
    if (reasons.length === 0) return undefined;
    const fix = looksLikeWandbCallback(uri)
        ? `use ${JSON.stringify(exact)}`
        : `use ${JSON.stringify(exact)} if ${url.host} is W&B, or remove it: a W&B app registration redirects only to W&B`;
    return { reasons, fix };
}

/**
 * A logout URI must be https (loopback excepted). Keycloak's "+" (the redirect URIs again) and "-"
 * (none) are its own markers, not URIs.
 */
export function logoutUriProblem(uri: string): UriProblem | undefined {
    if (uri === "+" || uri === "-") return undefined;
    const url = parse(uri);
    if (url === undefined) return { reasons: ["is not an absolute URL"], fix: `use "https://<W&B host>/logout"` };
    const scheme = schemeProblem(url);
    if (scheme === undefined) return undefined;
    return { reasons: [scheme], fix: `use ${JSON.stringify(`${safeOrigin(url)}${url.pathname}${url.search}`)}` };
}
