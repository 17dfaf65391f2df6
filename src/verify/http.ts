// The I/O layer of `wandb-sso verify`: bounded HTTP requests, each one where the host policy lets it
// go. Every request has its own timeout and shares one total deadline; bodies are read up to a
// size limit; redirects are never followed by the wire itself, only by the callers, a bounded
// number of times, and each hop is a request of its own, checked as the first was.
//
// `request` is the one place a request is made: it checks the URL (./hostPolicy.ts: scheme, the
// names and every address the host resolves to), then sends it on a connection pinned to the
// checked addresses (./transport.ts). What every request of a run shares is one `HttpOptions`.
//
// The wire is node's http(s) rather than openid-client's discovery: openid-client rejects a
// document whose issuer differs from the expected one, while the point here is to report that
// mismatch and print the value to use; it also cannot report hangs, sizes and statuses the way a
// preflight needs to, nor pin its connections.
import {
    decide,
    isMetadataName,
    literalAddress,
    policyFor,
    schemeRefusal,
    type HostPolicy,
    type RequestOrigin,
    type Resolve,
    type ResolvedAddress,
} from "./hostPolicy";
import { quote } from "./text";
import { presentedCertificate, tlsFailureKind, tlsFailureText, trustedCas, type TlsTrust } from "./tlsTrust";
import { nodeTransport, pinnedLookup, systemResolve, type Transport, type WireAnswer } from "./transport";
import { isTransientStatus } from "./transient";

export const MAX_BODY_BYTES = 1024 * 1024;
/** Redirects followed for one document (discovery, JWKS), which should need none. */
export const MAX_REDIRECTS = 3;
/**
 * Same-origin redirects followed for the authorization request before it fails: an IdP may pass
 * through a few pages (session check, login flow) before its sign-in page; browsers stop at 20.
 */
export const MAX_LOGIN_REDIRECTS = 10;

export interface Budget {
    /** Per-request timeout, in milliseconds. */
    readonly timeoutMs: number;
    /** Aborts when the whole run's time is up. */
    readonly deadline: AbortSignal;
    /** The whole run's bound, in milliseconds (for messages). */
    readonly totalMs: number;
    readonly maxBytes: number;
}

export function makeBudget(timeoutMs: number, totalMs: number, maxBytes = MAX_BODY_BYTES): Budget {
    return { timeoutMs, totalMs, maxBytes, deadline: AbortSignal.timeout(totalMs) };
}

export interface HttpAnswer {
    readonly url: string;
    readonly status: number;
    readonly location?: string;
    readonly setCookies: readonly string[];
    readonly contentType: string;
    readonly body: string;
    /** The body was longer than the limit and was cut (only with `truncate`). */
    readonly truncated: boolean;
}

/**
 * Why a request got no usable answer. `transient` marks what can go away by itself (timeouts,
 * refused or reset connections, temporary DNS failures, HTTP 5xx and 429), for the switch-over
 * guard's retries.
 */
export interface HttpProblem {
    readonly ok: false;
    readonly problem: string;
    readonly transient?: true;
    /** The host policy refused the request: nothing was sent, and there is no answer to quote. */
    readonly refused?: true;
    /** A fix of the problem's own (a certificate the check cannot trust), which the check gives instead of its usual one. */
    readonly fix?: string;
}

export type HttpResult = { readonly ok: true; readonly answer: HttpAnswer } | HttpProblem;

const problem = (text: string): HttpProblem => ({ ok: false, problem: text });
const transientProblem = (text: string): HttpProblem => ({ ok: false, problem: text, transient: true });
const refusedProblem = (text: string): HttpProblem => ({ ok: false, problem: text, refused: true });

export interface RequestInit {
    readonly method?: "GET" | "POST";
    readonly headers?: Readonly<Record<string, string>>;
    readonly body?: string;
    /** Keep the first `maxBytes` of a longer body instead of failing (pages that are only scanned). */
    readonly truncate?: boolean;
    /** Which endpoint field the URL came from, and whether a redirect led there (for the policy's words). */
    readonly origin: RequestOrigin;
    /**
     * The request carries the client secret: sent only to the token endpoint itself (never to a
     * redirect), which the policy has checked like any other; http only on loopback.
     */
    readonly carriesSecret?: true;
}

/**
 * What every request of one run shares. Tests pass their own `resolve` and `transport`; the
 * defaults are the system's resolver and node's http(s) pinned to the checked addresses.
 */
export interface HttpOptions {
    readonly budget: Budget;
    /** Where this run's requests may go, from the issuer's own addresses. */
    readonly policy: HostPolicy;
    readonly resolve?: Resolve;
    readonly transport?: Transport;
    /** The CA certificates trusted besides the system's roots (--ca-file, wandb-sso:caCerts; tlsTrust.ts). */
    readonly trust?: TlsTrust;
}

class TooLarge extends Error {}

const USER_AGENT = "wandb-sso-verify";

function sizeLabel(bytes: number): string {
    return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}

async function readCapped(body: WireAnswer["body"], maxBytes: number, truncate: boolean): Promise<{ text: string; truncated: boolean }> {
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const value of body) {
        const room = maxBytes - size;
        if (value.byteLength > room) {
            body.destroy();
            if (!truncate) throw new TooLarge();
            chunks.push(value.subarray(0, room));
            return { text: Buffer.concat(chunks).toString("utf8"), truncated: true };
        }
        chunks.push(value);
        size += value.byteLength;
    }
    return { text: Buffer.concat(chunks).toString("utf8"), truncated: false };
}

/** The error code node's network and resolver errors carry (`ECONNREFUSED`, `ENOTFOUND`, …). */
function errorCode(error: unknown): string | undefined {
    const code = (error as { code?: unknown } | undefined)?.code;
    return typeof code === "string" ? code : undefined;
}

function dnsProblem(error: unknown): HttpProblem {
    const code = errorCode(error);
    // The resolver could not answer this time.
    if (code === "EAI_AGAIN") return transientProblem("host not found (DNS)");
    // A name that does not exist: a typo in a setting, not a delay.
    if (code === "ENOTFOUND" || code === "ENODATA" || code === "EAI_NODATA" || code === "EAI_NONAME")
        return problem("host not found (DNS)");
    return problem(`host not found (DNS${code ? `: ${code}` : ""})`);
}

function networkProblem(error: unknown): HttpProblem {
    const code = errorCode(error);
    switch (code) {
        case "ECONNREFUSED":
            return transientProblem("connection refused");
        case "ENOTFOUND":
        case "EAI_AGAIN":
            return dnsProblem(error);
        case "ECONNRESET":
        case "EPIPE":
        case "ERR_STREAM_PREMATURE_CLOSE":
            return transientProblem("the connection was closed before an answer");
        case "HPE_HEADER_OVERFLOW":
            return problem("the answer's headers are too large");
        default:
            break;
    }
    if (code && /CERT|SSL|TLS|UNABLE_TO_VERIFY|SIGNATURE/i.test(code)) return problem(`TLS certificate problem (${code})`);
    const message = error instanceof Error ? error.message : String(error);
    return problem(quote(code ? `${code}: ${message}` : message, 160));
}

/** A header's one value (the first of several). */
function header(answer: WireAnswer, name: string): string | undefined {
    const value = answer.headers[name];
    return Array.isArray(value) ? value[0] : value;
}

/**
 * The addresses `url` may be requested at, or why not: the name (a metadata service's is refused
 * before any name server is asked) and an IP literal's place, the scheme, then every address the
 * name resolves to. Asks no name server for a URL refused already.
 */
export async function checkPlace(
    url: URL,
    init: Pick<RequestInit, "origin" | "carriesSecret">,
    options: Pick<HttpOptions, "policy" | "resolve">,
): Promise<{ readonly addresses: readonly ResolvedAddress[] } | HttpProblem> {
    if (init.carriesSecret && (init.origin.field !== "token_endpoint" || init.origin.redirect)) {
        return refusedProblem("not sent: the client secret goes only to the token endpoint itself");
    }
    const literal = literalAddress(url);
    const known = decide(options.policy, init.origin, url, literal === undefined ? [] : [literal]);
    if (known !== undefined) return refusedProblem(`not fetched: ${known.refused}`);
    const scheme = schemeRefusal(init.origin, url);
    if (scheme !== undefined) return refusedProblem(`not fetched: ${scheme.refused}`);
    if (literal !== undefined) return { addresses: [{ address: literal, family: literal.includes(":") ? 6 : 4 }] };
    let addresses: readonly ResolvedAddress[];
    try {
        addresses = await (options.resolve ?? systemResolve)(url.hostname);
    } catch (error) {
        return dnsProblem(error);
    }
    if (addresses.length === 0) return problem("host not found (DNS)");
    const refusal = decide(
        options.policy,
        init.origin,
        url,
        addresses.map((a) => a.address),
    );
    return refusal === undefined ? { addresses } : refusedProblem(`not fetched: ${refusal.refused}`);
}

/** One bounded request, where the host policy allows it; never throws. */
export async function request(url: string, init: RequestInit, options: HttpOptions): Promise<HttpResult> {
    const { budget } = options;
    if (budget.deadline.aborted) return transientProblem(`not sent: the whole run's ${budget.totalMs} ms were used up`);
    let parsed: URL;
    try {
        parsed = new URL(url);
    } catch {
        return problem(`not fetched: ${quote(url, 160)} is not an absolute URL`);
    }
    const perRequest = AbortSignal.timeout(budget.timeoutMs);
    const signal = AbortSignal.any([perRequest, budget.deadline]);
    let addresses: readonly ResolvedAddress[] = [];
    try {
        const checked = await checkPlace(parsed, init, options);
        if ("problem" in checked) return checked;
        addresses = checked.addresses;
        const ca = options.trust && trustedCas(options.trust);
        const answer = await (options.transport ?? nodeTransport)({
            url: parsed,
            addresses: checked.addresses,
            method: init.method ?? "GET",
            headers: { "user-agent": USER_AGENT, ...init.headers },
            ...(init.body !== undefined ? { body: init.body } : {}),
            signal,
            ...(ca && { ca }),
        });
        const declared = Number(header(answer, "content-length") ?? "NaN");
        if (!init.truncate && Number.isFinite(declared) && declared > budget.maxBytes) {
            answer.body.destroy();
            return problem(`the answer is ${declared} bytes, over the ${sizeLabel(budget.maxBytes)} limit`);
        }
        const { text, truncated } = await readCapped(answer.body, budget.maxBytes, init.truncate === true);
        const location = header(answer, "location");
        const cookies = answer.headers["set-cookie"];
        return {
            ok: true,
            answer: {
                url,
                status: answer.status,
                ...(location !== undefined ? { location } : {}),
                setCookies: cookies === undefined ? [] : Array.isArray(cookies) ? cookies : [cookies],
                contentType: header(answer, "content-type") ?? "",
                body: text,
                truncated,
            },
        };
    } catch (error) {
        if (error instanceof TooLarge) return problem(`the answer is over the ${sizeLabel(budget.maxBytes)} limit`);
        if (budget.deadline.aborted) return transientProblem(`no answer before the whole run's ${budget.totalMs} ms were used up`);
        if (perRequest.aborted) return transientProblem(`no complete answer within ${budget.timeoutMs} ms`);
        return (await certificateProblem(error, parsed, addresses, options)) ?? networkProblem(error);
    }
}

/**
 * A certificate the request could not trust, described (tlsTrust.ts): what failed, the certificate
 * the server presented (read at the same checked address), and the fix; undefined for any other
 * failure.
 */
async function certificateProblem(
    error: unknown,
    url: URL,
    addresses: readonly ResolvedAddress[],
    options: HttpOptions,
): Promise<HttpProblem | undefined> {
    const code = errorCode(error);
    const kind = tlsFailureKind(code);
    if (kind === undefined || code === undefined || url.protocol !== "https:" || addresses.length === 0) return undefined;
    const presented = await presentedCertificate(url, pinnedLookup(addresses), Math.min(options.budget.timeoutMs, 5000));
    const { problem: text, fix } = tlsFailureText(kind, code, url, presented, options.trust ?? { caCerts: [] });
    return { ok: false, problem: text, fix };
}

export type JsonResult =
    { readonly ok: true; readonly value: unknown; readonly finalUrl: string; readonly redirects: number } | HttpProblem;

/**
 * GETs a JSON document (discovery, JWKS), following at most `MAX_REDIRECTS` redirects, each a
 * request the host policy checks as the first, never the same one twice. An answer from a place
 * reached by redirect is named by its URL only when it is on the first URL's origin.
 */
export async function getJson(url: string, field: RequestOrigin["field"], options: HttpOptions): Promise<JsonResult> {
    const seen = new Set<string>();
    let current = url;
    for (let redirects = 0; ; redirects++) {
        if (seen.has(current)) return problem(`redirect loop (back to ${quote(current, 160)})`);
        seen.add(current);
        const origin: RequestOrigin = redirects === 0 ? { field } : { field, redirect: redirects };
        const result = await request(current, { headers: { accept: "application/json" }, origin }, options);
        if (!result.ok) return result;
        const { answer } = result;
        if (answer.status >= 300 && answer.status < 400 && answer.location) {
            if (redirects >= MAX_REDIRECTS) return problem(`still redirecting after ${MAX_REDIRECTS} redirects`);
            try {
                current = new URL(answer.location, current).toString();
            } catch {
                return problem(`HTTP ${answer.status} to an invalid Location`);
            }
            continue;
        }
        if (answer.status !== 200) {
            const text = `HTTP ${answer.status} (expected 200)${redirects ? ` at ${quote(current, 160)}` : ""}`;
            return isTransientStatus(answer.status) ? transientProblem(text) : problem(text);
        }
        try {
            return { ok: true, value: JSON.parse(answer.body) as unknown, finalUrl: current, redirects };
        } catch {
            const start = quote(answer.body, 60);
            return problem(
                `HTTP 200 but not JSON (${answer.contentType || "no content type"}${start ? `, starting ${JSON.stringify(start)}` : ""})`,
            );
        }
    }
}

/** The host policy for a run: the issuer's own places, from every address its host resolves to. */
export async function issuerPolicy(
    issuer: string,
    resolve: Resolve = systemResolve,
): Promise<{ readonly policy: HostPolicy } | HttpProblem> {
    let url: URL;
    try {
        url = new URL(issuer);
    } catch {
        return problem(`${quote(issuer, 160)} is not an absolute URL`);
    }
    const literal = literalAddress(url);
    if (literal !== undefined) return { policy: policyFor([literal]) };
    if (isMetadataName(url.hostname)) return { policy: policyFor([]) };
    try {
        return { policy: policyFor((await resolve(url.hostname)).map((a) => a.address)) };
    } catch (error) {
        return dnsProblem(error);
    }
}
