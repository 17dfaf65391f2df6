// A fetch that trusts given CA certificates besides the system's roots (tlsTrust.ts), for the runs
// that have some (`--ca-file`, `wandb-sso:caCerts`). Node's global fetch takes its trust from an
// undici dispatcher, which node does not expose; node's https client takes a `ca` list. So such a
// run's requests go through node's http(s) clients, answered as a WHATWG Response, so that
// http.ts reads every answer the same way, and failing as fetch fails (the network error as
// `cause`), so that its errors are classified the same way. Certificates are checked as always:
// `ca` adds trust anchors; chain, name and dates are still verified (rejectUnauthorized is node's
// default, true).
import http from "node:http";
import https from "node:https";
import { Readable } from "node:stream";

export interface CaFetchInit {
    readonly method: string;
    readonly headers: Readonly<Record<string, string>>;
    readonly body?: string;
    readonly signal: AbortSignal;
}

/** One request, over https trusting `ca` (the full list: default roots and the CAs given). */
export function fetchTrusting(url: string, init: CaFetchInit, ca: readonly string[]): Promise<Response> {
    return new Promise((resolve, reject) => {
        const target = new URL(url);
        const client = target.protocol === "https:" ? https : http;
        const req = client.request(
            target,
            {
                method: init.method,
                headers: {
                    ...init.headers,
                    ...(init.body !== undefined ? { "content-length": String(Buffer.byteLength(init.body)) } : {}),
                },
                ...(target.protocol === "https:" && { ca: [...ca] }),
                agent: false,
                signal: init.signal,
            },
            (res) => {
                const headers = new Headers();
                for (const [name, value] of Object.entries(res.headers)) {
                    if (value === undefined) continue;
                    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
                }
                // A body-less status (204, 304) takes no body in a Response.
                const empty = res.statusCode === 204 || res.statusCode === 304;
                if (empty) res.resume();
                const body = empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
                resolve(new Response(body, { status: res.statusCode ?? 0, headers }));
            },
        );
        // As fetch: a TypeError whose cause is the network error (its code: ECONNREFUSED, CERT_HAS_EXPIRED, …).
        req.on("error", (error) => reject(new TypeError("fetch failed", { cause: error })));
        req.end(init.body);
    });
}
