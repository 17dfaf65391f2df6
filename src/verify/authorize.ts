// Pure rules for check 4: the authorization request W&B sends, and what the IdP's answer means.
import { OIDC_SCOPES } from "../oidc";
import { isLoopback } from "../parse/url";
import { formInputs, htmlTitle, htmlToText, quote } from "./text";
import { isTransientStatus } from "./transient";
import type { VerifyConfig } from "./types";

/** The per-request values of an authorization request. */
export interface AuthorizationParams {
    readonly state: string;
    readonly nonce: string;
    /** The S256 challenge (pkce only). */
    readonly codeChallenge?: string;
}

/**
 * The authorization request as W&B Server sends it: this client, `<host>/oidc/callback`, the scopes,
 * state and nonce, and per auth method `response_type=id_token&response_mode=form_post` (implicit)
 * or `response_type=code` with an S256 challenge (pkce). Query parameters already on the endpoint
 * are kept.
 */
export function buildAuthorizationUrl(endpoint: string, config: VerifyConfig, params: AuthorizationParams): string {
    const url = new URL(endpoint);
    const q = url.searchParams;
    q.set("client_id", config.clientId);
    q.set("redirect_uri", config.redirectUri);
    q.set("scope", OIDC_SCOPES.join(" "));
    q.set("state", params.state);
    q.set("nonce", params.nonce);
    if (config.authMethod === "implicit") {
        q.set("response_type", "id_token");
        q.set("response_mode", "form_post");
    } else {
        q.set("response_type", "code");
        q.set("code_challenge", params.codeChallenge ?? "");
        q.set("code_challenge_method", "S256");
    }
    return url.toString();
}

/** An OAuth error as the IdP reported it. */
export interface IdpError {
    /** The `error` code (e.g. `invalid_redirect_uri`), when there is one. */
    readonly error?: string;
    readonly description?: string;
    /** Other words from the page, when there is no `error` code (a title, an AADSTS message, …). */
    readonly text?: string;
}

/** `error=…` in a URL's query or fragment (OAuth error redirects put it in either). */
export function errorFromUrl(url: URL): IdpError | undefined {
    const sources = [url.searchParams, new URLSearchParams(url.hash.startsWith("#") ? url.hash.slice(1) : url.hash)];
    for (const params of sources) {
        const error = params.get("error");
        if (error !== null) {
            const description = params.get("error_description") ?? undefined;
            return description === undefined ? { error: quote(error, 80) } : { error: quote(error, 80), description: quote(description) };
        }
    }
    return undefined;
}

const AADSTS = /AADSTS\d{4,}[^<\n]*/;

/**
 * The error an IdP's answer carries, found the ways IdPs report them: a JSON body (`error`,
 * `error_description`; Okta's `errorCode`/`errorSummary`), a form_post page with an `error` input,
 * an Entra `AADSTS…` message, an `error: …` line on an HTML page; failing those, the page's title
 * and first words. With `strongOnly`, only the unambiguous signs count (for pages that answered 200,
 * which are normally login pages).
 */
export function extractIdpError(body: string, strongOnly = false): IdpError | undefined {
    const trimmed = body.trim();
    if (trimmed.startsWith("{")) {
        try {
            const json = JSON.parse(trimmed) as Record<string, unknown>;
            const error = typeof json.error === "string" ? json.error : typeof json.errorCode === "string" ? json.errorCode : undefined;
            const description =
                typeof json.error_description === "string"
                    ? json.error_description
                    : typeof json.errorSummary === "string"
                      ? json.errorSummary
                      : undefined;
            if (error !== undefined) {
                return description === undefined
                    ? { error: quote(error, 80) }
                    : { error: quote(error, 80), description: quote(description) };
            }
        } catch {
            // Not JSON after all: read it as a page.
        }
    }
    const inputs = formInputs(body);
    const inputError = inputs.get("error");
    if (inputError !== undefined && inputError !== "") {
        const description = inputs.get("error_description");
        return description ? { error: quote(inputError, 80), description: quote(description) } : { error: quote(inputError, 80) };
    }
    const text = htmlToText(body);
    const aadsts = AADSTS.exec(text);
    if (aadsts) return { text: quote(aadsts[0]) };
    if (strongOnly) return undefined;
    const code = /(?:^|\n)\s*error\s*[:=]\s*([A-Za-z0-9_.-]+)/i.exec(text);
    if (code) {
        const description = /(?:^|\n)\s*error_description\s*[:=][ \t]*([^\n]+)/i.exec(text);
        return description ? { error: quote(code[1]!, 80), description: quote(description[1]!) } : { error: quote(code[1]!, 80) };
    }
    const title = htmlTitle(body);
    const words = quote(text, 160);
    if (title && words) return { text: words.startsWith(title) ? words : `${title}: ${words}` };
    if (title || words) return { text: title ?? words };
    return undefined;
}

export function describeIdpError(e: IdpError | undefined): string {
    if (!e) return "no error details";
    if (e.error !== undefined) return e.description ? `error=${e.error}: ${e.description}` : `error=${e.error}`;
    return `"${e.text ?? ""}"`;
}

/** What an IdP's refusal of the authorization request means: the fix, and whether it can pass by itself. */
export interface AuthorizationError {
    readonly fix: string;
    /**
     * The IdP does not know the client (yet): Entra and Okta take a while to publish a new app, so
     * this can go away by itself (see `CheckResult.transient`).
     */
    readonly unknownClient: boolean;
}

/** The meaning of an IdP's answer to the authorization request, from its error code and words. */
export function authorizationError(e: IdpError | undefined, config: VerifyConfig): AuthorizationError {
    const code = (e?.error ?? "").toLowerCase();
    const words = `${e?.error ?? ""} ${e?.description ?? ""} ${e?.text ?? ""}`.toLowerCase();
    const grant = config.authMethod === "implicit" ? "the implicit grant with ID tokens" : "the authorization code grant";
    const permanent = (fix: string): AuthorizationError => ({ fix, unknownClient: false });
    if (
        code === "invalid_redirect_uri" ||
        code === "redirect_mismatch" ||
        words.includes("aadsts50011") ||
        /redirect[_ ]?ur[il]|callback url/.test(words)
    ) {
        return permanent(`register ${config.redirectUri} as a sign-in redirect URI of the app`);
    }
    // Only the plain "no such client" answers count as an unknown client (retried by the guard);
    // other words about the client ID still point at OIDC_CLIENT_ID, but waiting will not fix them.
    const unknownClient =
        code === "invalid_client" ||
        words.includes("aadsts700016") ||
        /invalid[_ ]client|unknown client|client is invalid|client not found|client does not exist|invalid value for '?client_id/.test(
            words,
        );
    if (unknownClient || /client[_ ]?id/.test(words)) {
        return { fix: `check OIDC_CLIENT_ID: the IdP does not know client ${JSON.stringify(config.clientId)}`, unknownClient };
    }
    if (
        code === "unauthorized_client" ||
        code === "unsupported_response_type" ||
        words.includes("aadsts700054") ||
        words.includes("response_type")
    ) {
        return permanent(
            config.authMethod === "implicit"
                ? `allow ${grant} for the app (e.g. enable ID tokens), or use OIDC_AUTH_METHOD=pkce`
                : `allow ${grant} for the app`,
        );
    }
    if (code === "invalid_scope" || words.includes("scope")) return permanent(`allow the scopes ${OIDC_SCOPES.join(" ")} for the app`);
    if (words.includes("code_challenge") || words.includes("pkce")) return permanent("allow PKCE (S256) for the app");
    if (code === "access_denied") return permanent("check the app's access policy: users must be allowed to sign in to it");
    return permanent("fix the app registration so that the IdP accepts this request (see the IdP's error)");
}

/** The fix for an IdP's answer to the authorization request, from its error code and words. */
export function authorizationErrorFix(e: IdpError | undefined, config: VerifyConfig): string {
    return authorizationError(e, config).fix;
}

/** What an answer of the authorization endpoint means. */
export type AuthorizationStep =
    | { readonly kind: "pass"; readonly message: string }
    | { readonly kind: "warn"; readonly message: string; readonly fix: string }
    /** `transient`: an unknown client or a server error, which can go away by itself. */
    | { readonly kind: "fail"; readonly message: string; readonly fix: string; readonly transient?: true }
    /** A redirect onward (to a login or interaction page): the caller decides whether to follow it. */
    | { readonly kind: "follow"; readonly url: string };

/** The parts of an HTTP answer the classification looks at. */
export interface HttpAnswerView {
    /** The URL that was requested. */
    readonly url: string;
    readonly status: number;
    /** The Location header, when there is one. */
    readonly location?: string;
    readonly body: string;
}

/** A failed step for an IdP's refusal, transient when the client is unknown (yet) or the server failed. */
function refused(message: string, error: IdpError | undefined, config: VerifyConfig, serverError = false): AuthorizationStep {
    const meaning = authorizationError(error, config);
    return meaning.unknownClient || serverError
        ? { kind: "fail", message, fix: meaning.fix, transient: true }
        : { kind: "fail", message, fix: meaning.fix };
}

/** The parameters a redirect to the redirect URI carries answers in. */
const ANSWER_PARAMS = ["code", "id_token", "access_token"] as const;

/**
 * A redirect straight to the redirect URI (a session already existed): W&B receives the answer only
 * the way it asked for it. pkce: the code in the query (response mode query, the default for
 * response type code). implicit: W&B asks for response_mode=form_post (the browser POSTs the ID
 * token to the callback), so an ID token or code in the URL (query or fragment: a redirect is a GET)
 * never reaches it: the IdP ignored the response mode, and logins fail once a session exists.
 */
function callbackAnswer(target: URL, config: VerifyConfig): AuthorizationStep {
    const fragment = new URLSearchParams(target.hash.startsWith("#") ? target.hash.slice(1) : target.hash);
    const inQuery = ANSWER_PARAMS.filter((p) => target.searchParams.has(p));
    const inFragment = ANSWER_PARAMS.filter((p) => fragment.has(p));
    if (inQuery.length === 0 && inFragment.length === 0) {
        return {
            kind: "warn",
            message: "the IdP redirected to the redirect URI without a code, ID token or error",
            fix: "check the app's settings at the IdP",
        };
    }
    const mode = inFragment.length > 0 ? "fragment" : "query";
    const carried = (inFragment.length > 0 ? inFragment : inQuery).join(", ");
    if (config.authMethod === "pkce" && mode === "query" && inQuery.includes("code")) {
        return { kind: "pass", message: "the IdP answered the redirect URI at once with a code in the query (a session already existed)" };
    }
    const wanted =
        config.authMethod === "implicit"
            ? "W&B asks for response_mode=form_post (implicit) and reads the ID token only from a form POSTed to its callback"
            : "W&B asks for a code (pkce) and reads it only from the callback's query (response mode query)";
    return {
        kind: "fail",
        message: `the IdP redirected straight to the redirect URI with ${carried} in the URL ${mode} (response mode ${mode}), not as W&B asked: ${wanted}, so this login would fail`,
        fix:
            config.authMethod === "implicit"
                ? "allow response_mode=form_post for the app at the IdP (or use OIDC_AUTH_METHOD=pkce, which takes the code from the query)"
                : "make the app answer with a code in the query (response type code, response mode query) at the IdP",
    };
}

function sameEndpoint(a: URL, b: URL): boolean {
    return a.origin === b.origin && a.pathname.replace(/\/$/, "") === b.pathname.replace(/\/$/, "");
}

/**
 * Classifies one answer in the authorization request's chain: a redirect carrying `error=` (to the
 * redirect URI or to an IdP error page) or an error page fails, quoting the IdP; a 200 page passes
 * unless it is a form_post error or an Entra AADSTS message; a redirect onward is to be followed.
 */
export function classifyAuthorizationAnswer(answer: HttpAnswerView, config: VerifyConfig): AuthorizationStep {
    const { status } = answer;
    if (status >= 300 && status < 400) {
        if (answer.location === undefined || answer.location === "") {
            return { kind: "fail", message: `HTTP ${status} without a Location header`, fix: "check the IdP's authorization endpoint" };
        }
        let target: URL;
        try {
            target = new URL(answer.location, answer.url);
        } catch {
            return {
                kind: "fail",
                message: `HTTP ${status} to an invalid Location (${quote(answer.location, 120)})`,
                fix: "check the IdP's authorization endpoint",
            };
        }
        const error = errorFromUrl(target);
        const toCallback = sameEndpoint(target, new URL(config.redirectUri));
        if (error) {
            const where = toCallback
                ? "redirected to the redirect URI"
                : `redirected to ${quote(`${target.origin}${target.pathname}`, 120)}`;
            return refused(`the IdP refused the request (${where}) with ${describeIdpError(error)}`, error, config);
        }
        if (toCallback) return callbackAnswer(target, config);
        if (target.protocol === "http:" && !isLoopback(target)) {
            return {
                kind: "fail",
                message: `HTTP ${status} to plain http (${quote(`${target.origin}${target.pathname}`, 120)}): the user's password and session would cross the network unencrypted, and browsers warn on the form`,
                fix: "serve the IdP's sign-in pages over https (behind a proxy, make the IdP see the https scheme: e.g. X-Forwarded-Proto, or Keycloak's KC_HOSTNAME with https)",
            };
        }
        if (target.protocol !== "https:" && target.protocol !== "http:") {
            return {
                kind: "fail",
                message: `HTTP ${status} to a non-web URL (${quote(target.protocol, 20)})`,
                fix: "check the IdP's authorization endpoint",
            };
        }
        return { kind: "follow", url: target.toString() };
    }
    if (status >= 200 && status < 300) {
        const error = extractIdpError(answer.body, true);
        if (error) return refused(`the IdP answered HTTP ${status} with ${describeIdpError(error)}`, error, config);
        const title = htmlTitle(answer.body);
        return { kind: "pass", message: `HTTP ${status}, a sign-in page${title ? ` ("${title}")` : ""}` };
    }
    if (status >= 400) {
        const error = extractIdpError(answer.body);
        return refused(`the IdP refused the request: HTTP ${status}, ${describeIdpError(error)}`, error, config, isTransientStatus(status));
    }
    return { kind: "warn", message: `unexpected HTTP ${status}`, fix: "open the authorization URL in a browser to see what the IdP shows" };
}
