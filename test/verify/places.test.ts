// Where verify goes (issue 29, class 1), through the whole run: every request it makes and every
// redirect it follows obeys one host policy, the connection goes to the addresses checked, and the
// client secret goes only to the token endpoint. Public and private issuers cannot be served on
// this machine (only 127.0.0.1 is), so those runs use a resolver and a wire of the test's own that
// record what was asked; loopback issuers run against real servers, on node's own wire.
import { strict as assert } from "node:assert";
import { Readable } from "node:stream";
import { main } from "../../src/cli/verify";
import type { ResolvedAddress } from "../../src/verify/hostPolicy";
import { makeBudget, request } from "../../src/verify/http";
import { verify } from "../../src/verify/run";
import { nodeTransport, type Transport, type WireRequest } from "../../src/verify/transport";
import type { CheckResult, VerifyConfig } from "../../src/verify/types";
import {
    CALLBACK,
    Collector,
    fakeIdp,
    fakeIdpBasics,
    redirect,
    startFaultServer,
    testPublicJwk,
    WANDB_HOST,
    WELL_KNOWN,
    type RunningServer,
} from "./servers";

interface FakeAnswer {
    readonly status: number;
    readonly headers?: Record<string, string>;
    readonly body?: string;
}

/** A wire that answers from a table of `https://host/path` to answers, recording every request. */
function fakeWire(routes: Readonly<Record<string, (req: WireRequest) => FakeAnswer>>): { transport: Transport; seen: WireRequest[] } {
    const seen: WireRequest[] = [];
    const transport: Transport = (req) => {
        seen.push(req);
        const key = `${req.url.origin}${req.url.pathname}`;
        const answer = routes[key]?.(req) ?? { status: 404, body: "not found" };
        const bytes = Buffer.from(answer.body ?? "");
        const body = Readable.from([new Uint8Array(bytes)]);
        return Promise.resolve({ status: answer.status, headers: answer.headers ?? {}, body });
    };
    return { transport, seen };
}

const doc = (issuer: string, endpoints: { jwks?: string; authorize?: string; token?: string }) => (): FakeAnswer => ({
    status: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
        issuer,
        authorization_endpoint: endpoints.authorize ?? `${issuer}/authorize`,
        token_endpoint: endpoints.token ?? `${issuer}/token`,
        jwks_uri: endpoints.jwks ?? `${issuer}/jwks`,
        response_types_supported: ["code", "id_token"],
        response_modes_supported: ["query", "fragment", "form_post"],
        scopes_supported: ["openid", "profile", "email"],
        id_token_signing_alg_values_supported: ["RS256"],
        code_challenge_methods_supported: ["S256"],
        token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    }),
});
const signIn = (): FakeAnswer => ({ status: 200, headers: { "content-type": "text/html" }, body: "<title>Sign in</title><form></form>" });
const keys = (): FakeAnswer => ({
    status: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ keys: [testPublicJwk()] }),
});
const invalidGrant = (): FakeAnswer => ({
    status: 400,
    headers: { "content-type": "application/json" },
    body: '{"error":"invalid_grant"}',
});
const metadataAnswer = (): FakeAnswer => ({
    status: 200,
    headers: { "content-type": "text/plain" },
    body: "AKIA-INSTANCE-ROLE-CREDENTIALS",
});

/** A resolver from a table; a name it does not know does not exist. */
function resolver(table: Readonly<Record<string, readonly string[]>>) {
    const asked: string[] = [];
    const resolve = (hostname: string): Promise<readonly ResolvedAddress[]> => {
        asked.push(hostname);
        const found = table[hostname];
        if (found === undefined)
            return Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" }));
        return Promise.resolve(found.map((address) => ({ address, family: address.includes(":") ? (6 as const) : (4 as const) })));
    };
    return { resolve, asked };
}

const config = (issuer: string, hasClientSecret = false): VerifyConfig => ({
    issuer,
    clientId: "wandb",
    authMethod: "pkce",
    host: WANDB_HOST,
    redirectUri: CALLBACK,
    hasClientSecret,
    notes: [],
});
const byId = (checks: readonly CheckResult[], id: string) => checks.find((c) => c.id === id)!;
const SECRET = "places-secret-9f8e7d";

const PUBLIC_ISSUER = "https://idp.example.com";
const NAMES = {
    "idp.example.com": ["93.184.215.14"],
    "login.example.com": ["104.16.1.1"],
    "intranet.example.com": ["10.20.30.40"],
    "split.example.com": ["93.184.215.15", "192.168.1.10"],
    "rebind.example.com": ["127.0.0.1"],
    "keycloak.corp.example": ["10.1.2.3"],
    "sso-db.corp.example": ["10.1.2.4"],
};

describe("verify goes only where the issuer is: a public issuer", () => {
    const hostile: Record<string, string> = {
        "a private address by name": "https://intranet.example.com/keys",
        "a private address written as an IP": "https://10.0.0.7/keys",
        "a loopback address": "https://127.0.0.1:2379/v2/keys",
        "a name with a private address among its public ones": "https://split.example.com/keys",
        "a name that resolves to loopback": "https://rebind.example.com/keys",
        "the metadata service's address, written as the URL parser reads a number": "https://2852039166/latest/meta-data/",
        "the metadata service's name": "https://metadata.google.internal/computeMetadata/v1/",
        "AWS's IPv6 metadata address": "https://[fd00:ec2::254]/latest/meta-data/",
        "an IPv4-mapped loopback address": "https://[::ffff:127.0.0.1]/keys",
    };
    for (const [what, target] of Object.entries(hostile)) {
        it(`refuses a jwks_uri at ${what}, naming the field, the place and why, without sending anything there`, async () => {
            const { resolve } = resolver(NAMES);
            const wire = fakeWire({
                [`${PUBLIC_ISSUER}${WELL_KNOWN}`]: doc(PUBLIC_ISSUER, { jwks: target }),
                [`${PUBLIC_ISSUER}/authorize`]: signIn,
                [`${PUBLIC_ISSUER}/token`]: invalidGrant,
            });
            const report = await verify(config(PUBLIC_ISSUER), { timeoutMs: 2000, resolve, transport: wire.transport });
            const jwks = byId(report.checks, "jwks");
            assert.equal(jwks.status, "fail");
            assert.match(jwks.message, /not fetched: jwks_uri (goes to|names)/);
            assert.match(jwks.message, /private address|loopback address|metadata service/);
            assert.match(jwks.message, /verify goes only where the issuer is|verify never goes there/);
            assert.match(jwks.fix!, /^verify goes only where the issuer is/);
            assert.deepEqual(
                wire.seen.map((r) => r.url.origin),
                [PUBLIC_ISSUER, PUBLIC_ISSUER, PUBLIC_ISSUER],
                "only the issuer's own endpoints were requested",
            );
            assert.equal(jwks.transient, undefined, "a refusal is not retried");
        });
    }

    it("asks each name once per run: the issuer's place and every connection to its host rest on one answer", async () => {
        // A rebinding name server: a private address when verify places the issuer, a public one
        // (the attacker's, serving a document whose JWKS is on the private network) afterwards.
        const asked: string[] = [];
        const resolve = (hostname: string): Promise<readonly ResolvedAddress[]> => {
            asked.push(hostname);
            const first = asked.filter((h) => h === hostname).length === 1;
            const table: Record<string, string> = {
                "flip.example.com": first ? "10.9.9.9" : "93.184.215.14",
                "intranet.example.com": "10.20.30.40",
            };
            return Promise.resolve([{ address: table[hostname] ?? "203.0.113.9", family: 4 }]);
        };
        const issuer = "https://flip.example.com";
        const wire = fakeWire({
            [`${issuer}${WELL_KNOWN}`]: doc(issuer, { jwks: "https://intranet.example.com/keys" }),
            [`${issuer}/authorize`]: signIn,
            [`${issuer}/token`]: invalidGrant,
            "https://intranet.example.com/keys": keys,
        });
        await verify(config(issuer), { timeoutMs: 2000, resolve, transport: wire.transport });
        assert.deepEqual(
            asked.filter((h) => h === "flip.example.com"),
            ["flip.example.com"],
        );
        const toIssuer = wire.seen.filter((r) => r.url.hostname === "flip.example.com");
        assert.ok(toIssuer.length >= 1);
        assert.deepEqual(new Set(toIssuer.flatMap((r) => r.addresses.map((a) => a.address))), new Set(["10.9.9.9"]));
    });

    it("refuses a redirect to an internal place from every endpoint, and quotes nothing from there", async () => {
        const { resolve } = resolver(NAMES);
        const toMetadata = (): FakeAnswer => ({ status: 302, headers: { location: "https://169.254.169.254/latest/meta-data/iam/" } });
        const wire = fakeWire({
            [`${PUBLIC_ISSUER}${WELL_KNOWN}`]: doc(PUBLIC_ISSUER, {}),
            [`${PUBLIC_ISSUER}/jwks`]: () => ({ status: 301, headers: { location: "https://intranet.example.com/keys" } }),
            [`${PUBLIC_ISSUER}/authorize`]: () => ({ status: 302, headers: { location: "/login" } }),
            [`${PUBLIC_ISSUER}/login`]: toMetadata,
            [`${PUBLIC_ISSUER}/token`]: invalidGrant,
            "https://169.254.169.254/latest/meta-data/iam/": metadataAnswer,
            "https://intranet.example.com/keys": keys,
        });
        const report = await verify(config(PUBLIC_ISSUER), { timeoutMs: 2000, resolve, transport: wire.transport });
        const jwks = byId(report.checks, "jwks");
        assert.match(
            jwks.message,
            /not fetched: a redirect from jwks_uri goes to intranet\.example\.com \(10\.20\.30\.40\), a private address/,
        );
        // The sign-in page on another origin is not requested, but a sign-in at the metadata service fails.
        const authorization = byId(report.checks, "authorization");
        assert.equal(authorization.status, "fail");
        assert.match(
            authorization.message,
            /^not fetched: a redirect from authorization_endpoint goes to 169\.254\.169\.254, a cloud metadata service: verify never goes there, whatever the issuer \(it hands out the machine's cloud credentials\) \(via 302 \/login → 302 https:\/\/169\.254\.169\.254\/latest\/meta-data\/iam\/\)$/,
        );
        assert.ok(
            wire.seen.every((r) => r.url.hostname === "idp.example.com"),
            wire.seen.map((r) => r.url.href).join(" "),
        );
        assert.equal(JSON.stringify(report).includes("AKIA"), false);
    });

    it("refuses a discovery document that redirects to the metadata service, quoting nothing from there", async () => {
        const { resolve } = resolver(NAMES);
        const wire = fakeWire({
            [`${PUBLIC_ISSUER}${WELL_KNOWN}`]: () => ({
                status: 307,
                headers: { location: "https://[::ffff:a9fe:a9fe]/latest/user-data" },
            }),
            "https://[::ffff:a9fe:a9fe]/latest/user-data": metadataAnswer,
        });
        const report = await verify(config(PUBLIC_ISSUER), { timeoutMs: 2000, resolve, transport: wire.transport });
        const discovery = byId(report.checks, "discovery");
        assert.equal(discovery.status, "fail");
        assert.match(
            discovery.message,
            /not fetched: a redirect from the issuer's discovery document goes to \[::ffff:a9fe:a9fe\], a cloud metadata service: verify never goes there/,
        );
        assert.equal(wire.seen.length, 1);
    });

    it("sends the client secret only to the token endpoint, never when the discovery document was reached through a redirect", async () => {
        const { resolve } = resolver(NAMES);
        const routes = {
            [`${PUBLIC_ISSUER}/moved${WELL_KNOWN}`]: doc(PUBLIC_ISSUER, {}),
            [`${PUBLIC_ISSUER}/authorize`]: signIn,
            [`${PUBLIC_ISSUER}/jwks`]: keys,
            [`${PUBLIC_ISSUER}/token`]: invalidGrant,
        };
        const direct = fakeWire({ ...routes, [`${PUBLIC_ISSUER}${WELL_KNOWN}`]: doc(PUBLIC_ISSUER, {}) });
        const report = await verify(config(PUBLIC_ISSUER, true), { timeoutMs: 2000, secret: SECRET, resolve, transport: direct.transport });
        assert.equal(byId(report.checks, "token-endpoint").status, "pass");
        const carrying = direct.seen.filter(
            (r) => JSON.stringify(r).includes(Buffer.from(`wandb:${SECRET}`).toString("base64")) || (r.body ?? "").includes(SECRET),
        );
        assert.deepEqual(
            carrying.map((r) => r.url.pathname),
            ["/token"],
        );

        const moved = fakeWire({
            ...routes,
            [`${PUBLIC_ISSUER}${WELL_KNOWN}`]: () => ({ status: 301, headers: { location: `${PUBLIC_ISSUER}/moved${WELL_KNOWN}` } }),
        });
        const redirected = await verify(config(PUBLIC_ISSUER, true), {
            timeoutMs: 2000,
            secret: SECRET,
            resolve,
            transport: moved.transport,
        });
        const token = byId(redirected.checks, "token-endpoint");
        assert.equal(token.status, "skip");
        assert.match(token.message, /OIDC_SECRET is not sent to a token endpoint named by a discovery document reached through a redirect/);
        assert.equal(
            moved.seen.some((r) => r.url.pathname === "/token"),
            false,
        );
    });

    it("refuses a secret-carrying request to anything but the token endpoint itself", async () => {
        const { resolve } = resolver(NAMES);
        const wire = fakeWire({ [`${PUBLIC_ISSUER}/token`]: invalidGrant });
        const options = { budget: makeBudget(1000, 2000), policy: { issuerPlaces: new Set<never>() }, resolve, transport: wire.transport };
        for (const origin of [{ field: "jwks_uri" as const }, { field: "token_endpoint" as const, redirect: 1 }]) {
            const result = await request(
                `${PUBLIC_ISSUER}/token`,
                { method: "POST", body: `client_secret=${SECRET}`, origin, carriesSecret: true },
                options,
            );
            assert.equal(result.ok, false);
            assert.match((result as { problem: string }).problem, /the client secret goes only to the token endpoint itself/);
        }
        assert.equal(wire.seen.length, 0);
    });
});

describe("verify goes only where the issuer is: a private issuer (Keycloak on 10.x)", () => {
    const ISSUER = "https://keycloak.corp.example/realms/acme";

    it("passes with its endpoints on its own private network", async () => {
        const { resolve } = resolver(NAMES);
        const wire = fakeWire({
            [`https://keycloak.corp.example/realms/acme${WELL_KNOWN}`]: doc(ISSUER, { jwks: "https://sso-db.corp.example/certs" }),
            "https://keycloak.corp.example/realms/acme/authorize": signIn,
            "https://sso-db.corp.example/certs": keys,
            "https://keycloak.corp.example/realms/acme/token": invalidGrant,
        });
        const report = await verify(config(ISSUER), { timeoutMs: 2000, resolve, transport: wire.transport });
        assert.deepEqual(
            report.checks.filter((c) => c.status !== "pass").map((c) => `${c.id}: ${c.message}`),
            [],
        );
        // Each connection went to the addresses its name resolved to, and nowhere else.
        assert.deepEqual(
            wire.seen.map((r) => `${r.url.hostname} ${r.addresses.map((a) => a.address).join(",")}`),
            [
                "keycloak.corp.example 10.1.2.3",
                "sso-db.corp.example 10.1.2.4",
                "keycloak.corp.example 10.1.2.3",
                "keycloak.corp.example 10.1.2.3",
            ],
        );
    });

    it("still never reaches link-local or metadata places, nor loopback", async () => {
        const { resolve } = resolver(NAMES);
        const wire = fakeWire({
            [`https://keycloak.corp.example/realms/acme${WELL_KNOWN}`]: doc(ISSUER, {
                jwks: "https://169.254.170.2/v2/credentials",
                authorize: "https://127.0.0.1/authorize",
                token: "https://[fd00:ec2::23]/token",
            }),
        });
        const report = await verify(config(ISSUER), { timeoutMs: 2000, resolve, transport: wire.transport });
        assert.match(
            byId(report.checks, "jwks").message,
            /jwks_uri goes to 169\.254\.170\.2, a cloud metadata service: verify never goes there/,
        );
        assert.match(
            byId(report.checks, "authorization").message,
            /authorization_endpoint goes to 127\.0\.0\.1, a loopback address \(this machine\), and the issuer is not/,
        );
        assert.match(byId(report.checks, "token-endpoint").message, /token_endpoint goes to \[fd00:ec2::23\], a cloud metadata service/);
        assert.equal(wire.seen.length, 1);
    });

    it("refuses an issuer on a link-local or metadata place itself", async () => {
        const { resolve } = resolver({ "sso.example.com": ["169.254.169.254"] });
        const wire = fakeWire({});
        for (const issuer of ["https://sso.example.com", "https://metadata.google.internal/x", "https://169.254.169.254"]) {
            const report = await verify(config(issuer), { timeoutMs: 2000, resolve, transport: wire.transport });
            const discovery = byId(report.checks, "discovery");
            assert.equal(discovery.status, "fail", issuer);
            assert.match(discovery.message, /not fetched: the issuer's discovery document (goes to|names) .*(metadata|link-local)/);
        }
        assert.equal(wire.seen.length, 0);
    });
});

describe("verify goes only where the issuer is: a loopback issuer, on node's wire", () => {
    let server: RunningServer;
    before(async () => {
        server = await startFaultServer({
            ...fakeIdpBasics,
            [`/to-private${WELL_KNOWN}`]: fakeIdp("to-private", { jwks: "/to-private/jwks" }),
            "/to-private/jwks": redirect(() => "https://10.0.0.1/keys"),
            [`/to-metadata${WELL_KNOWN}`]: fakeIdp("to-metadata", {}, { jwks_uri: "http://169.254.169.254/latest/meta-data/" }),
            [`/plain${WELL_KNOWN}`]: fakeIdp("plain"),
        });
    });
    after(() => server.close());

    async function run(name: string) {
        const out = new Collector();
        await main(
            ["--issuer", `${server.url}/${name}`, "--client-id", "wandb", "--host", WANDB_HOST, "--json", "--timeout", "2000"],
            {},
            out,
            new Collector(),
        );
        return (JSON.parse(out.text) as { checks: CheckResult[] }).checks;
    }

    it("passes a trial IdP on this machine (http on 127.0.0.1)", async () => {
        const checks = await run("plain");
        assert.deepEqual(
            checks.filter((c) => c.status === "fail").map((c) => c.message),
            [],
        );
    });

    it("refuses a redirect from its JWKS to a private address: a loopback issuer is not on a private network", async () => {
        const jwks = byId(await run("to-private"), "jwks");
        assert.match(
            jwks.message,
            /not fetched: a redirect from jwks_uri goes to 10\.0\.0\.1, a private address .*, and the issuer is not/,
        );
    });

    it("refuses a JWKS at the metadata address, naming the place before the plain http", async () => {
        const jwks = byId(await run("to-metadata"), "jwks");
        assert.match(
            jwks.message,
            /^http:\/\/169\.254\.169\.254\/latest\/meta-data\/: not fetched: jwks_uri goes to 169\.254\.169\.254, a cloud metadata service: verify never goes there/,
        );
    });

    it("connects to the checked address, not to what the name resolves to later (the pin)", async () => {
        // A name no name server knows: the connection can only go where the checked address says.
        const answer = await nodeTransport({
            url: new URL(`http://rebound.invalid:${server.port}/ok/jwks`),
            addresses: [{ address: "127.0.0.1", family: 4 }],
            method: "GET",
            headers: {},
            signal: AbortSignal.timeout(2000),
        });
        assert.equal(answer.status, 200);
        let body = "";
        for await (const chunk of answer.body) body += Buffer.from(chunk).toString();
        assert.match(body, /"keys"/);
    });

    it("asks the resolver once per request and connects only to what it answered", async () => {
        let calls = 0;
        const resolve = (): Promise<readonly ResolvedAddress[]> => {
            calls += 1;
            // A rebinding name server: loopback first, the metadata service afterwards.
            return Promise.resolve([{ address: calls === 1 ? "127.0.0.1" : "169.254.169.254", family: 4 }]);
        };
        const options = { budget: makeBudget(2000, 4000), policy: { issuerPlaces: new Set(["loopback" as const]) }, resolve };
        const first = await request(`http://localhost:${server.port}/ok/jwks`, { origin: { field: "jwks_uri" } }, options);
        assert.equal(first.ok && first.answer.status, 200);
        const second = await request(`http://localhost:${server.port}/ok/jwks`, { origin: { field: "jwks_uri" } }, options);
        assert.match(
            (second as { problem: string }).problem,
            /jwks_uri goes to localhost \(169\.254\.169\.254\), a cloud metadata service/,
        );
        assert.equal(calls, 2);
    });
});
