// Test servers for the verify suite: real OpenID providers (oidc-provider) and a fault-injecting
// HTTP server, all on 127.0.0.1 with ephemeral ports, closed hard (open connections included) so
// that mocha ends without --exit.
import { generateKeyPairSync } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ClientMetadata, Configuration } from "oidc-provider";

/** The W&B host every provider client registers (its callback is never contacted). */
export const WANDB_HOST = "https://wandb.example.com";
export const CALLBACK = `${WANDB_HOST}/oidc/callback`;

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
    /** `http://127.0.0.1:<port>`. */
    readonly url: string;
    readonly port: number;
    close(): Promise<void>;
}

async function listen(server: http.Server): Promise<RunningServer> {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}`,
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
}

export interface RunningProvider extends RunningServer {
    /** The issuer the provider states. */
    readonly issuer: string;
}

/** Starts a real OpenID provider with dev interactions (a 200 login page) and the given clients. */
export async function startProvider(options: ProviderOptions): Promise<RunningProvider> {
    const { default: Provider } = await import("oidc-provider");
    const server = http.createServer();
    const running = await listen(server);
    const issuer = options.issuer ? options.issuer(running.url) : running.url;
    const provider = new Provider(issuer, {
        clients: options.clients,
        jwks: { keys: [testSigningKey()] },
        cookies: { keys: ["verify-test-cookie-key"] },
        claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
        ttl: { Interaction: 600, Session: 600, Grant: 600, AuthorizationCode: 60, IdToken: 600, AccessToken: 600 },
        ...options.configuration,
    });
    server.on("request", provider.callback());
    return { ...running, issuer };
}

export type FaultHandler = (req: http.IncomingMessage, res: http.ServerResponse, base: string) => void;

/** Starts an HTTP server whose routes misbehave as the test says; unknown paths answer 404. */
export async function startFaultServer(routes: Readonly<Record<string, FaultHandler>>): Promise<RunningServer> {
    let base = "";
    const server = http.createServer((req, res) => {
        const path = new URL(req.url ?? "/", base).pathname;
        const handler = routes[path];
        if (handler) handler(req, res, base);
        else {
            res.writeHead(404, { "content-type": "text/plain" });
            res.end("not found");
        }
    });
    const running = await listen(server);
    base = running.url;
    return running;
}

/** Collects what a command writes. */
export class Collector {
    text = "";
    write(chunk: string): boolean {
        this.text += chunk;
        return true;
    }
}
