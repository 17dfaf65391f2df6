// The I/O layer of `wandb-sso verify`: bounded HTTP requests. Every request has its own timeout and
// shares one total deadline; bodies are read up to a size limit; redirects are never followed by
// fetch itself (`redirect: "manual"`), only by the callers, a bounded number of times.
//
// Node's fetch is used directly rather than openid-client's discovery: openid-client rejects a
// document whose issuer differs from the expected one, while the point here is to report that
// mismatch and print the value to use; it also cannot report hangs, sizes and statuses the way a
// preflight needs to.
import { fetchTrusting } from "./caFetch";
import { allowedUrl } from "./issuer";
import { quote } from "./text";
import { presentedCertificate, tlsFailureKind, tlsFailureText, trustedCas, type TlsTrust } from "./tlsTrust";
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
    /** The CA certificates trusted besides the system's roots (tlsTrust.ts), when any are given. */
    readonly trust?: TlsTrust;
}

export function makeBudget(timeoutMs: number, totalMs: number, maxBytes = MAX_BODY_BYTES, trust?: TlsTrust): Budget {
    return { timeoutMs, totalMs, maxBytes, deadline: AbortSignal.timeout(totalMs), ...(trust && { trust }) };
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
    /** A fix of the problem's own (a certificate the check cannot trust), which the check gives instead of its usual one. */
    readonly fix?: string;
}

export type HttpResult = { readonly ok: true; readonly answer: HttpAnswer } | HttpProblem;

const problem = (text: string): HttpProblem => ({ ok: false, problem: text });
const transientProblem = (text: string): HttpProblem => ({ ok: false, problem: text, transient: true });

export interface RequestInit {
    readonly method?: "GET" | "POST";
    readonly headers?: Readonly<Record<string, string>>;
    readonly body?: string;
    /** Keep the first `maxBytes` of a longer body instead of failing (pages that are only scanned). */
    readonly truncate?: boolean;
}

class TooLarge extends Error {}

const USER_AGENT = "wandb-sso-verify";

function sizeLabel(bytes: number): string {
    return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}

async function readCapped(response: Response, maxBytes: number, truncate: boolean): Promise<{ text: string; truncated: boolean }> {
    if (!response.body) return { text: "", truncated: false };
    // Node types the body's chunks as any; fetch delivers bytes.
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const room = maxBytes - size;
        if (value.byteLength > room) {
            await reader.cancel().catch(() => undefined);
            if (!truncate) throw new TooLarge();
            chunks.push(value.subarray(0, room));
            return { text: Buffer.concat(chunks).toString("utf8"), truncated: true };
        }
        chunks.push(value);
        size += value.byteLength;
    }
    return { text: Buffer.concat(chunks).toString("utf8"), truncated: false };
}

function networkProblem(error: unknown): HttpProblem {
    const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
    const code = typeof cause?.code === "string" ? cause.code : undefined;
    switch (code) {
        case "ECONNREFUSED":
            return transientProblem("connection refused");
        case "ENOTFOUND":
            // A name that does not exist: a typo in a setting, not a delay.
            return problem("host not found (DNS)");
        case "EAI_AGAIN":
            // The resolver could not answer this time.
            return transientProblem("host not found (DNS)");
        case "ECONNRESET":
        case "UND_ERR_SOCKET":
            return transientProblem("the connection was closed before an answer");
        case "UND_ERR_HEADERS_OVERFLOW":
            return problem("the answer's headers are too large");
        default:
            break;
    }
    if (code && /CERT|SSL|TLS|UNABLE_TO_VERIFY|SIGNATURE/i.test(code)) return problem(`TLS certificate problem (${code})`);
    const message = typeof cause?.message === "string" ? cause.message : error instanceof Error ? error.message : String(error);
    return problem(quote(code ? `${code}: ${message}` : message, 160));
}

/**
 * A certificate the request could not trust, described (tlsTrust.ts): what failed, the certificate
 * the server presented, and the fix; undefined for any other failure.
 */
async function certificateProblem(error: unknown, url: string, budget: Budget): Promise<HttpProblem | undefined> {
    const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
    const kind = tlsFailureKind(typeof code === "string" ? code : undefined);
    if (kind === undefined) return undefined;
    const target = new URL(url);
    const presented = await presentedCertificate(target, undefined, Math.min(budget.timeoutMs, 5000));
    const { problem: text, fix } = tlsFailureText(kind, code as string, target, presented, budget.trust ?? { caCerts: [] });
    return { ok: false, problem: text, fix };
}

/** One bounded request; never throws. */
export async function request(url: string, init: RequestInit, budget: Budget): Promise<HttpResult> {
    if (budget.deadline.aborted) return transientProblem(`not sent: the whole run's ${budget.totalMs} ms were used up`);
    const perRequest = AbortSignal.timeout(budget.timeoutMs);
    const signal = AbortSignal.any([perRequest, budget.deadline]);
    try {
        const method = init.method ?? "GET";
        const headers = { "user-agent": USER_AGENT, ...init.headers };
        // With CA certificates given, node's https client trusting them and the system's roots (caFetch.ts).
        const ca = budget.trust && trustedCas(budget.trust);
        const response = ca
            ? await fetchTrusting(url, { method, headers, ...(init.body !== undefined ? { body: init.body } : {}), signal }, ca)
            : await fetch(url, { method, headers, ...(init.body !== undefined ? { body: init.body } : {}), redirect: "manual", signal });
        const declared = Number(response.headers.get("content-length") ?? "NaN");
        if (!init.truncate && Number.isFinite(declared) && declared > budget.maxBytes) {
            await response.body?.cancel().catch(() => undefined);
            return problem(`the answer is ${declared} bytes, over the ${sizeLabel(budget.maxBytes)} limit`);
        }
        const { text, truncated } = await readCapped(response, budget.maxBytes, init.truncate === true);
        const location = response.headers.get("location");
        return {
            ok: true,
            answer: {
                url,
                status: response.status,
                ...(location !== null ? { location } : {}),
                setCookies: response.headers.getSetCookie(),
                contentType: response.headers.get("content-type") ?? "",
                body: text,
                truncated,
            },
        };
    } catch (error) {
        if (error instanceof TooLarge) return problem(`the answer is over the ${sizeLabel(budget.maxBytes)} limit`);
        if (budget.deadline.aborted) return transientProblem(`no answer before the whole run's ${budget.totalMs} ms were used up`);
        if (perRequest.aborted) return transientProblem(`no complete answer within ${budget.timeoutMs} ms`);
        return (await certificateProblem(error, url, budget)) ?? networkProblem(error);
    }
}

export type JsonResult =
    { readonly ok: true; readonly value: unknown; readonly finalUrl: string; readonly redirects: number } | HttpProblem;

/**
 * GETs a JSON document (discovery, JWKS), following at most `MAX_REDIRECTS` redirects, each
 * to an allowed URL (https; http only on localhost), never the same one twice.
 */
export async function getJson(url: string, budget: Budget): Promise<JsonResult> {
    const seen = new Set<string>();
    let current = url;
    for (let redirects = 0; ; redirects++) {
        const allowed = allowedUrl(current);
        if ("fix" in allowed) return problem(`not fetched: ${allowed.fix}`);
        if (seen.has(current)) return problem(`redirect loop (back to ${quote(current, 160)})`);
        seen.add(current);
        const result = await request(current, { headers: { accept: "application/json" } }, budget);
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
