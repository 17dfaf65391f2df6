// The wire under verify's requests: node's http and https clients, connected only to the addresses
// the host policy checked. The `lookup` option of http.request (node v20 lib/_http_client.js passes
// it to net.connect, lib/net.js `lookupAndConnect`, which calls it instead of dns.lookup, with
// `all: true` when autoSelectFamily tries several addresses) answers with the checked addresses
// whatever name it is asked for: a name server that answers differently the second time (DNS
// rebinding) is never asked a second time. An IP literal is connected to directly (net.connect skips
// the lookup for one), and it is what was checked. TLS still verifies the certificate against the
// hostname (the request's `host` stays the name; https sets SNI from it). One connection per request
// (`agent: false`), so no pooled socket to another address is reused.
import { lookup as dnsLookup } from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { Readable } from "node:stream";
import type { Resolve, ResolvedAddress } from "./hostPolicy";

/** One request on the wire, to addresses already checked. */
export interface WireRequest {
    readonly url: URL;
    /** The addresses the policy checked; the connection goes to these only. */
    readonly addresses: readonly ResolvedAddress[];
    readonly method: "GET" | "POST";
    readonly headers: Readonly<Record<string, string>>;
    readonly body?: string;
    readonly signal: AbortSignal;
    /**
     * https: the CA certificates to trust, replacing node's default list (tlsTrust.ts trustedCas:
     * the default roots plus those given); absent: node's default. The chain and the name are
     * checked either way.
     */
    readonly ca?: readonly string[];
}

/** An answer's head and its body as a stream of bytes. */
export interface WireAnswer {
    readonly status: number;
    readonly headers: Readonly<Record<string, string | string[] | undefined>>;
    readonly body: AsyncIterable<Uint8Array> & { destroy(): void };
}

/** Sends one request and resolves with the answer's head; rejects with node's network errors. */
export type Transport = (request: WireRequest) => Promise<WireAnswer>;

/** A lookup that answers with the checked addresses only. */
export function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
    return (_hostname, options, callback) => {
        const first = addresses[0];
        if (first === undefined) {
            const error = Object.assign(new Error("no checked address"), { code: "ENOTFOUND" });
            return (callback as (e: Error) => void)(error);
        }
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        const list = wanted.length > 0 ? wanted : addresses;
        if (options.all) (callback as (e: null, a: ResolvedAddress[]) => void)(null, [...list]);
        else (callback as (e: null, a: string, f: number) => void)(null, list[0]!.address, list[0]!.family);
    };
}

/** node's http(s) client, pinned to the checked addresses. */
export const nodeTransport: Transport = (request) =>
    new Promise((resolve, reject) => {
        const client = request.url.protocol === "https:" ? https : http;
        const hostname = request.url.hostname.startsWith("[") ? request.url.hostname.slice(1, -1) : request.url.hostname;
        const req = client.request(
            {
                protocol: request.url.protocol,
                hostname,
                port: request.url.port || undefined,
                path: `${request.url.pathname}${request.url.search}`,
                method: request.method,
                headers: {
                    ...request.headers,
                    ...(request.body !== undefined ? { "content-length": String(Buffer.byteLength(request.body)) } : {}),
                },
                lookup: pinnedLookup(request.addresses),
                agent: false,
                ...(request.ca && request.url.protocol === "https:" && { ca: [...request.ca] }),
                signal: request.signal,
            },
            (res) => {
                resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res as Readable & AsyncIterable<Uint8Array> });
            },
        );
        req.on("error", reject);
        req.end(request.body);
    });

/**
 * A run's resolver: asks `resolve` once per name and gives that one answer (or failure) to every
 * later request of the run. The issuer's addresses decide the run's host policy (http.ts
 * issuerPolicy); were its host asked again for the discovery request, a name server answering a
 * private address first and a public one next would have a public host's document judged by a
 * private issuer's policy (its endpoints then free to reach the private network).
 */
export function resolvingOnce(resolve: Resolve): Resolve {
    const answers = new Map<string, Promise<readonly ResolvedAddress[]>>();
    return (hostname) => {
        const name = hostname.toLowerCase();
        const known = answers.get(name);
        if (known !== undefined) return known;
        const answer = resolve(hostname);
        answers.set(name, answer);
        return answer;
    };
}

/** node's resolver: every address of the name, as the system's resolver (getaddrinfo) answers. */
export const systemResolve: Resolve = (hostname) =>
    new Promise((resolve, reject) => {
        dnsLookup(hostname, { all: true }, (error, addresses) => {
            if (error) reject(error);
            else resolve(addresses.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 })));
        });
    });
