// Test servers for the verify suite: real OpenID providers (oidc-provider) and a fault-injecting
// HTTP server, all on 127.0.0.1 with ephemeral ports, closed hard (open connections included) so
// that mocha ends without --exit.
import { generateKeyPairSync } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import type { ClientMetadata, Configuration } from "oidc-provider";

/** The W&B host every provider client registers (its callback is never contacted). */
export const WANDB_HOST = "https://wandb.example.com";
export const CALLBACK = `${WANDB_HOST}/oidc/callback`;
/** Where a provider serves its discovery document, below its issuer. */
export const WELL_KNOWN = "/.well-known/openid-configuration";
/** An oidc-provider client registered as W&B's pkce login needs it: code flow, public, W&B's callback. */
export const PKCE_CLIENT = {
    client_id: "wandb-pkce",
    redirect_uris: [CALLBACK],
    response_types: ["code"],
    grant_types: ["authorization_code"],
    token_endpoint_auth_method: "none",
};

// oidc-provider prints development notices (in-memory adapter, dev interactions, Node 20 runtime)
// through console.warn/info; they say nothing about the code under test, so they are dropped.
for (const level of ["warn", "info"] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
        if (typeof args[0] === "string" && args[0].includes("oidc-provider ")) return;
        original(...args);
    };
}

export interface RunningServer {
    /** `http://127.0.0.1:<port>` (`https://` with a TLS certificate). */
    readonly url: string;
    readonly port: number;
    close(): Promise<void>;
}

/** A server's TLS certificate (PEM) and key: it then answers https. */
export interface ServerTls {
    readonly cert: string;
    readonly key: string;
}

async function listen(server: http.Server): Promise<RunningServer> {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `${server instanceof https.Server ? "https" : "http"}://127.0.0.1:${port}`,
        port,
        close: () =>
            new Promise<void>((resolve) => {
                server.close(() => resolve());
                server.closeAllConnections();
            }),
    };
}

let signingKey: object | undefined;
function testSigningKey(): object {
    if (!signingKey) {
        const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
        signingKey = { ...privateKey.export({ format: "jwk" }), kid: "verify-test", use: "sig", alg: "RS256" };
    }
    return signingKey;
}

export interface ProviderOptions {
    readonly clients: ClientMetadata[];
    /** The issuer the provider states, from its URL (default: the URL itself). */
    readonly issuer?: (url: string) => string;
    /** Extra configuration (e.g. responseTypes). */
    readonly configuration?: Configuration;
    /**
     * Clients looked up at every request, after the static ones: return undefined for a client the
     * provider does not know (yet), as a just-created app at Entra or Okta.
     */
    readonly lateClients?: (clientId: string) => ClientMetadata | undefined;
    /** Sees every request first; returns true when it answered, so the provider does not. */
    readonly intercept?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean;
    /** Serve https with this certificate (e.g. from a private CA) instead of http. */
    readonly tls?: ServerTls;
}

export interface RunningProvider extends RunningServer {
    /** The issuer the provider states. */
    readonly issuer: string;
}

/** Starts a real OpenID provider with dev interactions (a 200 login page) and the given clients. */
export async function startProvider(options: ProviderOptions): Promise<RunningProvider> {
    const { default: Provider } = await import("oidc-provider");
    const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }) : http.createServer();
    const running = await listen(server);
    const issuer = options.issuer ? options.issuer(running.url) : running.url;
    const provider = new Provider(issuer, {
        clients: options.clients,
        jwks: { keys: [testSigningKey()] },
        cookies: { keys: ["verify-test-cookie-key"] },
        claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
        ttl: { Interaction: 600, Session: 600, Grant: 600, AuthorizationCode: 60, IdToken: 600, AccessToken: 600 },
        ...(options.lateClients ? { adapter: mapAdapter(options.lateClients) } : {}),
        ...options.configuration,
    });
    const callback = provider.callback();
    const intercept = options.intercept;
    server.on("request", intercept ? (req, res) => void (intercept(req, res) || callback(req, res)) : callback);
    return { ...running, issuer };
}

type Stored = Record<string, unknown>;

/**
 * A storage adapter for oidc-provider that keeps everything in a Map, except clients, which it asks
 * `clients` for at each lookup (oidc-provider caches only the static ones).
 */
function mapAdapter(clients: (clientId: string) => ClientMetadata | undefined): (model: string) => object {
    const store = new Map<string, Stored>();
    return (model) => {
        const key = (id: string) => `${model}:${id}`;
        return {
            find: (id: string) => Promise.resolve(model === "Client" ? clients(id) : store.get(key(id))),
            findByUid: (uid: string) => Promise.resolve([...store].find(([k, v]) => k.startsWith(`${model}:`) && v.uid === uid)?.[1]),
            findByUserCode: () => Promise.resolve(undefined),
            upsert: (id: string, payload: Stored) => Promise.resolve(void store.set(key(id), payload)),
            consume: (id: string) => {
                const payload = store.get(key(id));
                if (payload) payload.consumed = Math.floor(Date.now() / 1000);
                return Promise.resolve();
            },
            destroy: (id: string) => Promise.resolve(void store.delete(key(id))),
            revokeByGrantId: () => Promise.resolve(),
        };
    };
}

export type FaultHandler = (req: http.IncomingMessage, res: http.ServerResponse, base: string) => void;

/** Starts an HTTP server whose routes misbehave as the test says; unknown paths answer 404. */
export async function startFaultServer(routes: Readonly<Record<string, FaultHandler>>, tls?: ServerTls): Promise<RunningServer> {
    let base = "";
    const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
        const path = new URL(req.url ?? "/", base).pathname;
        const handler = routes[path];
        if (handler) handler(req, res, base);
        else {
            res.writeHead(404, { "content-type": "text/plain" });
            res.end("not found");
        }
    };
    const server = tls ? https.createServer({ cert: tls.cert, key: tls.key }, handle) : http.createServer(handle);
    const running = await listen(server);
    base = running.url;
    return running;
}

/** Answers JSON with the given status. */
export const json =
    (status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): FaultHandler =>
    (_req, res) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(body));
    };

/** Redirects to wherever `to` says. */
export const redirect =
    (to: (req: http.IncomingMessage) => string, status = 302): FaultHandler =>
    (req, res) => {
        res.writeHead(status, { location: to(req) });
        res.end();
    };

export function readBody(req: http.IncomingMessage): Promise<string> {
    return new Promise((resolve) => {
        let body = "";
        req.on("data", (c: Buffer) => (body += c.toString()));
        req.on("end", () => resolve(body));
    });
}

let publicJwk: object | undefined;
/** The public half of the test signing key, as a JWKS entry. */
export function testPublicJwk(): object {
    if (!publicJwk) {
        const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = testSigningKey() as Record<string, unknown>;
        publicJwk = pub;
    }
    return publicJwk;
}

/** The endpoints (paths on the fault server) of a fake IdP. */
export interface FakeIdpEndpoints {
    readonly authorize?: string;
    readonly jwks?: string;
    readonly token?: string;
}

/**
 * A discovery document for a fake IdP `/<name>` on a fault server whose endpoints are the given
 * paths (default `/ok/authorize`, `/ok/jwks`, `/ok/token`: see {@link fakeIdpBasics}); `extra`
 * fields replace the document's own.
 */
export function fakeIdp(name: string, endpoints: FakeIdpEndpoints = {}, extra: Record<string, unknown> = {}): FaultHandler {
    return (req, res, base) =>
        json(200, {
            issuer: `${base}/${name}`,
            authorization_endpoint: `${base}${endpoints.authorize ?? "/ok/authorize"}`,
            token_endpoint: `${base}${endpoints.token ?? "/ok/token"}`,
            jwks_uri: `${base}${endpoints.jwks ?? "/ok/jwks"}`,
            response_types_supported: ["code", "id_token"],
            response_modes_supported: ["query", "fragment", "form_post"],
            scopes_supported: ["openid", "profile", "email"],
            id_token_signing_alg_values_supported: ["RS256"],
            code_challenge_methods_supported: ["S256"],
            token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
            ...extra,
        })(req, res, base);
}

/** The well-behaved endpoints a fake IdP uses by default: a sign-in page, a JWKS, a token endpoint refusing the made-up code. */
export const fakeIdpBasics: Readonly<Record<string, FaultHandler>> = {
    "/ok/authorize": (_req, res) => {
        res.writeHead(200, { "content-type": "text/html" });
        res.end("<html><head><title>Sign in</title></head><body><form><input name=username></form></body></html>");
    },
    "/ok/jwks": (req, res, base) => json(200, { keys: [testPublicJwk()] })(req, res, base),
    "/ok/token": json(400, { error: "invalid_grant", error_description: "unknown code" }),
};

/** Collects what a command writes. */
export class Collector {
    text = "";
    write(chunk: string): boolean {
        this.text += chunk;
        return true;
    }
}
