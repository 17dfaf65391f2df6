// verify fails what a Go OIDC client would refuse or what is unsafe (issue 21, B7), with the fix:
// an RSA signing key under 2048 bits in the JWKS (Go 1.24 and later refuse under 1024; nobody
// should sign with less than 2048), and a sign-in that leads to plain http on a real host. Against
// real servers on 127.0.0.1: a fault server's fake IdP, and a real OpenID provider (oidc-provider).
import { strict as assert } from "node:assert";
import { generateKeyPairSync } from "node:crypto";
import { main } from "../../src/cli/verify";
import { jwksCheck, rsaModulusBits } from "../../src/verify/discovery";
import {
    Collector,
    fakeIdp,
    fakeIdpBasics,
    json,
    PKCE_CLIENT,
    redirect,
    startFaultServer,
    startProvider,
    testPublicJwk,
    WANDB_HOST,
    WELL_KNOWN,
    type RunningProvider,
    type RunningServer,
} from "./servers";

function rsaJwk(bits: number, kid: string): Record<string, unknown> {
    const { publicKey } = generateKeyPairSync("rsa", { modulusLength: bits });
    return { ...publicKey.export({ format: "jwk" }), kid, use: "sig", alg: "RS256" };
}

interface Outcome {
    code: number;
    checks: Map<string, { status: string; message: string; fix?: string }>;
}

async function run(issuer: string, clientId = "wandb"): Promise<Outcome> {
    const out = new Collector();
    const code = await main(
        ["--issuer", issuer, "--client-id", clientId, "--host", WANDB_HOST, "--json", "--timeout", "3000"],
        {},
        out,
        new Collector(),
    );
    const checks = new Map<string, { status: string; message: string; fix?: string }>();
    for (const c of (JSON.parse(out.text) as { checks: { id: string; status: string; message: string; fix?: string }[] }).checks)
        checks.set(c.id, c);
    return { code, checks };
}

describe("verify: what a Go OIDC client refuses, or what is unsafe", function () {
    this.timeout(60_000);
    const weak1024 = rsaJwk(1024, "weak-1024");
    const weak2047 = rsaJwk(1536, "weak-1536");
    let server: RunningServer;
    let provider: RunningProvider;
    before(async () => {
        server = await startFaultServer({
            ...fakeIdpBasics,
            [`/weak-key${WELL_KNOWN}`]: fakeIdp("weak-key", { jwks: "/weak/jwks" }),
            "/weak/jwks": json(200, { keys: [testPublicJwk(), weak1024] }),
            [`/to-http${WELL_KNOWN}`]: fakeIdp("to-http", { authorize: "/to-http/authorize" }),
            "/to-http/authorize": redirect(() => "http://login.example.com/signin?x=1"),
            [`/to-loopback${WELL_KNOWN}`]: fakeIdp("to-loopback", { authorize: "/to-loopback/authorize" }),
            "/to-loopback/authorize": redirect(() => "/ok/authorize"),
        });
        // A real OpenID provider whose sign-in (its interaction page) is sent to plain http, as one
        // behind a TLS proxy that does not pass X-Forwarded-Proto does.
        provider = await startProvider({
            clients: [PKCE_CLIENT],
            intercept: (req, res) => {
                if (!req.url?.startsWith("/auth")) return false;
                res.writeHead(303, { location: "http://sso.example.com/interaction/abc" });
                res.end();
                return true;
            },
        });
    });
    after(async () => {
        await server.close();
        await provider.close();
    });

    it("reads an RSA key's size as Node's crypto does", () => {
        assert.equal(rsaModulusBits(weak1024), 1024);
        assert.equal(rsaModulusBits(testPublicJwk() as Record<string, unknown>), 2048);
        assert.ok((rsaModulusBits({ kty: "RSA", n: "not base64url!", e: "AQAB" }) ?? 0) < 2048);
        assert.equal(rsaModulusBits({ kty: "RSA", n: 5, e: "AQAB" }), undefined);
    });

    it("fails a JWKS with any RSA signing key under 2048 bits, naming it, with the fix", () => {
        const doc = { id_token_signing_alg_values_supported: ["RS256"] };
        for (const weak of [weak1024, weak2047]) {
            const result = jwksCheck({ keys: [testPublicJwk(), weak] }, doc);
            assert.equal(result.status, "fail");
            assert.match(result.message, new RegExp(`${String(weak.kid)}: \\d+ bits`));
            assert.match(result.fix ?? "", /rotate the IdP's signing key to RSA 2048 bits or more/);
        }
        assert.equal(jwksCheck({ keys: [testPublicJwk()] }, doc).status, "pass");
        assert.equal(jwksCheck({ keys: [{ kty: "RSA", kid: "broken", n: "AA", e: "AQAB", use: "sig" }] }, doc).status, "fail");
    });

    it("fails a live IdP whose JWKS holds a 1024-bit key", async () => {
        const o = await run(`${server.url}/weak-key`);
        assert.equal(o.code, 1);
        assert.equal(o.checks.get("jwks")!.status, "fail");
        assert.match(o.checks.get("jwks")!.message, /weak-1024: 1024 bits/);
    });

    it("fails a sign-in redirected to plain http on a real host, with the fix", async () => {
        const o = await run(`${server.url}/to-http`);
        assert.equal(o.code, 1);
        const a = o.checks.get("authorization")!;
        assert.equal(a.status, "fail");
        assert.match(a.message, /to plain http \("?http:\/\/login\.example\.com\/signin/);
        assert.match(a.fix ?? "", /serve the IdP's sign-in pages over https/);
    });

    it("fails a real OpenID provider whose sign-in page is sent to plain http", async () => {
        const o = await run(provider.issuer, PKCE_CLIENT.client_id);
        const a = o.checks.get("authorization")!;
        assert.equal(a.status, "fail", a.message);
        assert.match(a.message, /plain http/);
    });

    it("passes a redirect that stays on the loopback IdP over http (a trial on this machine)", async () => {
        const o = await run(`${server.url}/to-loopback`);
        assert.equal(o.checks.get("authorization")!.status, "pass", o.checks.get("authorization")!.message);
        assert.equal(o.checks.get("jwks")!.status, "pass");
    });
});
