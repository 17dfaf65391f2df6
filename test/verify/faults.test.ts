// `wandb-sso verify` against a fault-injecting server: hangs, 500s, invalid JSON, huge bodies,
// resets and redirect loops, at discovery and at each endpoint. Every case must end with the right
// verdict inside its bound (short timeouts keep the suite fast).
import { strict as assert } from "node:assert";
import { main } from "../../src/cli/verify";
import { verify } from "../../src/verify/run";
import type { CheckId, VerifyConfig } from "../../src/verify/types";
import {
    CALLBACK,
    Collector,
    fakeIdp,
    fakeIdpBasics,
    json,
    readBody,
    redirect,
    startFaultServer,
    WANDB_HOST,
    type FaultHandler,
    type RunningServer,
    WELL_KNOWN,
} from "./servers";

// Per request. Long enough that a healthy local answer never misses it on a loaded 2-core CI runner
// (at 300 ms, discovery of the fake IdP missed it under a load average of 8-16), short enough that
// the four hanging cases add about 4 s.
const TIMEOUT = "1000";
const SECRET = "fault-secret-Qw7e9";

const hang: FaultHandler = () => undefined;
const idp = fakeIdp;

/** Streams spaces until the client goes away (capped at 16 MiB so a broken limit cannot run forever). */
const endless: FaultHandler = (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
        while (sent < 16 * 1024 * 1024 && !res.destroyed) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end();
    };
    pump();
};

const routes: Record<string, FaultHandler> = {
    // Discovery faults.
    [`/hang${WELL_KNOWN}`]: hang,
    [`/slow-body${WELL_KNOWN}`]: (_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"issuer":');
    },
    [`/error500${WELL_KNOWN}`]: (_req, res) => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end("internal error");
    },
    [`/not-json${WELL_KNOWN}`]: (_req, res) => {
        res.writeHead(200, { "content-type": "text/html" });
        res.end("<html><body>Welcome to our portal</body></html>");
    },
    [`/array${WELL_KNOWN}`]: json(200, []),
    [`/endless${WELL_KNOWN}`]: endless,
    [`/declared-huge${WELL_KNOWN}`]: (_req, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": String(50 * 1024 * 1024) });
        res.write("{");
    },
    [`/loop${WELL_KNOWN}`]: redirect((req) => req.url ?? "/"),
    [`/chain${WELL_KNOWN}`]: redirect(() => "/chain/1"),
    "/chain/1": redirect(() => "/chain/2"),
    "/chain/2": redirect(() => "/chain/3"),
    "/chain/3": redirect(() => "/chain/4"),
    "/chain/4": redirect(() => `/chain${WELL_KNOWN}`),
    [`/to-plain-http${WELL_KNOWN}`]: redirect(() => `http://idp.example.com${WELL_KNOWN}`),
    [`/reset${WELL_KNOWN}`]: (req) => req.socket.destroy(),
    [`/rate-limited${WELL_KNOWN}`]: json(429, { error: "slow down" }),

    // Fake IdPs with one faulty endpoint each.
    [`/good${WELL_KNOWN}`]: idp("good"),
    [`/authorize-hang${WELL_KNOWN}`]: idp("authorize-hang", { authorize: "/hang" }),
    [`/authorize-loop${WELL_KNOWN}`]: idp("authorize-loop", { authorize: "/loop/authorize" }),
    [`/authorize-endless${WELL_KNOWN}`]: idp("authorize-endless", { authorize: "/endless/authorize" }),
    [`/cognito-error${WELL_KNOWN}`]: idp("cognito-error", { authorize: "/cognito/authorize" }),
    [`/jwks-500${WELL_KNOWN}`]: idp("jwks-500", { jwks: "/error500" }),
    [`/token-hang${WELL_KNOWN}`]: idp("token-hang", { token: "/hang" }),
    [`/token-post-only${WELL_KNOWN}`]: idp("token-post-only", { token: "/post-only/token" }),

    "/hang": hang,
    "/error500": (_req, res) => {
        res.writeHead(500);
        res.end();
    },
    ...fakeIdpBasics,
    "/loop/authorize": redirect(() => "/loop/login"),
    "/loop/login": redirect(() => "/loop/login"),
    "/endless/authorize": redirect(() => "/endless/r?n=1"),
    "/endless/r": redirect((req) => `/endless/r?n=${Number(new URL(req.url ?? "/", "http://x").searchParams.get("n")) + 1}`),
    "/cognito/authorize": redirect(() => "/error?error=redirect_mismatch&client_id=wandb"),
    "/post-only/token": (req, res) =>
        void readBody(req).then((text) => {
            const body = new URLSearchParams(text);
            if (req.headers.authorization !== undefined)
                return json(401, { error: "invalid_client", error_description: "use client_secret_post" })(req, res, "");
            if (body.get("client_secret") === SECRET) return json(400, { error: "invalid_grant" })(req, res, "");
            return json(401, { error: "invalid_client" })(req, res, "");
        }),
};

interface Outcome {
    code: number;
    out: string;
    checks: Map<string, { status: string; message: string; fix?: string }>;
}

async function run(issuer: string, extra: string[] = [], env: Record<string, string> = {}): Promise<Outcome> {
    const out = new Collector();
    const args = env.OIDC_ISSUER ? ["--from-env"] : ["--issuer", issuer, "--client-id", "wandb", "--host", WANDB_HOST];
    const code = await main([...args, "--json", "--timeout", TIMEOUT, ...extra], env, out, new Collector());
    const checks = new Map<string, { status: string; message: string; fix?: string }>();
    for (const c of (JSON.parse(out.text) as { checks: { id: string; status: string; message: string; fix?: string }[] }).checks)
        checks.set(c.id, c);
    return { code, out: out.text, checks };
}

describe("verify against a fault-injecting server", () => {
    let server: RunningServer;
    before(async () => {
        server = await startFaultServer(routes);
    });
    after(() => server.close());

    const discoveryFails = (name: string, pattern: RegExp) =>
        it(`fails discovery: ${name}`, async () => {
            const o = await run(`${server.url}/${name}`);
            assert.equal(o.code, 1);
            const d = o.checks.get("discovery")!;
            assert.equal(d.status, "fail");
            assert.match(d.message, pattern);
            assert.equal(o.checks.get("authorization")!.status, "skip");
        });

    discoveryFails("hang", /no complete answer within 1000 ms/);
    discoveryFails("slow-body", /no complete answer within 1000 ms/);
    discoveryFails("error500", /HTTP 500 \(expected 200\)/);
    discoveryFails("not-json", /HTTP 200 but not JSON \(text\/html, starting "<html><body>Welcome/);
    discoveryFails("array", /the JSON is not an object/);
    discoveryFails("endless", /over the 1 MiB limit/);
    discoveryFails("declared-huge", /52428800 bytes, over the 1 MiB limit/);
    discoveryFails("loop", /redirect loop/);
    discoveryFails("chain", /still redirecting after 3 redirects/);
    discoveryFails("to-plain-http", /not fetched: .*plain http/);
    discoveryFails("reset", /closed before an answer/);
    discoveryFails("missing", /HTTP 404/);

    it("fails discovery when nothing listens (connection refused)", async () => {
        const closed = await startFaultServer({});
        await closed.close();
        const o = await run(closed.url);
        assert.equal(o.code, 1);
        assert.match(o.checks.get("discovery")!.message, /connection refused/);
    });

    it("passes a well-behaved fake IdP", async () => {
        const o = await run(`${server.url}/good`);
        assert.equal(o.code, 0, o.out);
        assert.equal(
            [...o.checks.values()].every((c) => c.status === "pass"),
            true,
            o.out,
        );
    });

    it("fails an authorization endpoint that hangs", async () => {
        const o = await run(`${server.url}/authorize-hang`);
        assert.equal(o.code, 1);
        assert.match(o.checks.get("authorization")!.message, /the authorization endpoint: no complete answer within 1000 ms/);
        assert.equal(o.checks.get("jwks")!.status, "pass");
    });

    it("fails an authorization redirect loop", async () => {
        const o = await run(`${server.url}/authorize-loop`);
        assert.equal(o.checks.get("authorization")!.status, "fail");
        assert.match(o.checks.get("authorization")!.message, /redirect loop \(via 302 \/loop\/login → 302 \/loop\/login\)/);
    });

    it("fails, without following forever, when the IdP keeps redirecting", async () => {
        const o = await run(`${server.url}/authorize-endless`);
        assert.equal(o.code, 1, o.out);
        const a = o.checks.get("authorization")!;
        assert.equal(a.status, "fail");
        assert.match(a.message, /still redirecting after 11 answers, without reaching a sign-in page/);
        assert.match(a.fix!, /sign-in page within a few redirects/);
    });

    it("fails a Cognito-style redirect to an error page, quoting the error", async () => {
        const o = await run(`${server.url}/cognito-error`);
        assert.equal(o.code, 1);
        const a = o.checks.get("authorization")!;
        assert.match(a.message, /redirected to http:\/\/127\.0\.0\.1:\d+\/error\) with error=redirect_mismatch/);
        assert.equal(a.fix, `register ${CALLBACK} as a sign-in redirect URI of the app`);
    });

    it("fails a JWKS that answers 500", async () => {
        const o = await run(`${server.url}/jwks-500`);
        assert.equal(o.code, 1);
        assert.match(o.checks.get("jwks")!.message, /HTTP 500/);
        assert.equal(o.checks.get("authorization")!.status, "pass");
    });

    it("fails a token endpoint that hangs", async () => {
        const o = await run(`${server.url}/token-hang`);
        assert.equal(o.code, 1);
        assert.match(o.checks.get("token-endpoint")!.message, /no complete answer within 1000 ms/);
    });

    it("sends the secret in the body when HTTP Basic is refused (client_secret_post), never printing it", async () => {
        const env = {
            OIDC_ISSUER: `${server.url}/token-post-only`,
            OIDC_CLIENT_ID: "wandb",
            OIDC_AUTH_METHOD: "pkce",
            OIDC_SECRET: SECRET,
            HOST: WANDB_HOST,
        };
        const o = await run("", [], env);
        assert.equal(o.code, 0, o.out);
        assert.match(o.checks.get("token-endpoint")!.message, /client_secret_post/);
        assert.equal(o.out.includes(SECRET), false);
    });

    it("bounds the whole run, not only each request", async () => {
        const config = {
            issuer: `${server.url}/hang`,
            clientId: "wandb",
            authMethod: "pkce" as const,
            host: WANDB_HOST,
            redirectUri: CALLBACK,
            hasClientSecret: false,
            notes: [],
        };
        const report = await verify(config, { timeoutMs: 5000, totalMs: 200 });
        const d = report.checks.find((c) => c.id === "discovery")!;
        assert.equal(d.status, "fail");
        assert.match(d.message, /whole run's 200 ms/);
        assert.equal(d.transient, true);
    });

    it("marks transient the failures that can pass by themselves (timeouts, resets, refusals, 5xx, 429), and only those", async () => {
        const closed = await startFaultServer({});
        await closed.close();
        const check = async (issuer: string, id: CheckId) => {
            const report = await verify(configFor(issuer), { timeoutMs: Number(TIMEOUT) });
            const found = report.checks.find((c) => c.id === id)!;
            assert.equal(found.status, "fail", `${issuer} ${id}: ${found.message}`);
            return found.transient === true;
        };
        const expected: [string, CheckId, boolean][] = [
            [`${server.url}/hang`, "discovery", true],
            [`${server.url}/error500`, "discovery", true],
            [`${server.url}/rate-limited`, "discovery", true],
            [`${server.url}/reset`, "discovery", true],
            [closed.url, "discovery", true],
            [`${server.url}/authorize-hang`, "authorization", true],
            [`${server.url}/jwks-500`, "jwks", true],
            [`${server.url}/token-hang`, "token-endpoint", true],
            [`${server.url}/missing`, "discovery", false],
            [`${server.url}/not-json`, "discovery", false],
            [`${server.url}/endless`, "discovery", false],
            [`${server.url}/loop`, "discovery", false],
            [`${server.url}/authorize-loop`, "authorization", false],
            [`${server.url}/authorize-endless`, "authorization", false],
            [`${server.url}/cognito-error`, "authorization", false],
        ];
        const label = (issuer: string, id: CheckId, transient: boolean) => `${id} at ${issuer}: ${transient ? "transient" : "permanent"}`;
        const actual = await Promise.all(expected.map(async ([issuer, id]) => label(issuer, id, await check(issuer, id))));
        assert.deepEqual(
            actual,
            expected.map(([issuer, id, transient]) => label(issuer, id, transient)),
        );
    });
});

function configFor(issuer: string): VerifyConfig {
    return { issuer, clientId: "wandb", authMethod: "pkce", host: WANDB_HOST, redirectUri: CALLBACK, hasClientSecret: false, notes: [] };
}
