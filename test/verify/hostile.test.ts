// `wandb-sso verify` against hostile (or badly broken) IdPs on 127.0.0.1: an authorization endpoint
// that redirects forever to new URLs, a token endpoint that echoes the client secret back in every
// encoding, and a provider that states an issuer on another host.
import { strict as assert } from "node:assert";
import type http from "node:http";
import { main } from "../../src/cli/verify";
import { MAX_LOGIN_REDIRECTS } from "../../src/verify/http";
import { verify } from "../../src/verify/run";
import { leaks } from "./leaks";
import {
    CALLBACK,
    Collector,
    fakeIdp,
    fakeIdpBasics,
    json,
    readBody,
    redirect,
    startFaultServer,
    startProvider,
    WANDB_HOST,
    type FaultHandler,
    type RunningProvider,
    type RunningServer,
    PKCE_CLIENT,
    WELL_KNOWN,
} from "./servers";

/** A secret whose raw, percent, form and base64 forms all differ (space, reserved characters, non-ASCII). */
const SECRET = "s3 cr/+=%é~(x)";
const CLIENT_ID = "wandb";

/** The secret the hostile token endpoint received, from Basic credentials or the form body. */
function receivedSecret(req: http.IncomingMessage, body: string): string | undefined {
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? "");
    if (basic) {
        const pair = Buffer.from(basic[1]!, "base64").toString("utf8");
        return decodeURIComponent(pair.slice(pair.indexOf(":") + 1).replace(/\+/g, " "));
    }
    return new URLSearchParams(body).get("client_secret") ?? undefined;
}

/**
 * A token endpoint that answers an error whose description echoes what it received (the
 * Authorization header, or the body's client_secret as sent) and the secret re-encoded.
 */
const echoingToken: FaultHandler = (req, res, base) => {
    void readBody(req).then((body) => {
        const secret = receivedSecret(req, body) ?? "";
        const sent = req.headers.authorization ?? /client_secret=[^&]*/.exec(body)?.[0] ?? "nothing";
        const description =
            `got ${sent}; ${encodeURIComponent(secret)} ${Buffer.from(secret).toString("base64")} ` +
            `${Buffer.from(secret).toString("base64url")} ${secret}`;
        json(400, { error: "invalid_request", error_description: description })(req, res, base);
    });
};

/** Redirects /step/<n> to /step/<n+1>, forever, counting the requests. */
function endlessSteps(hits: { count: number }): FaultHandler {
    return (req, res, base) => {
        hits.count += 1;
        const n = Number(/^\/step\/(\d+)/.exec(new URL(req.url ?? "/", base).pathname)?.[1] ?? "0");
        redirect(() => `/step/${n + 1}`)(req, res, base);
    };
}

describe("verify against hostile IdPs", () => {
    let server: RunningServer;
    const steps = { count: 0 };
    const stepRoutes: Record<string, FaultHandler> = {};
    // The fault server routes exact paths: enough steps for any bound the check could have.
    for (let n = 0; n <= 100; n++) stepRoutes[`/step/${n}`] = endlessSteps(steps);

    before(async () => {
        server = await startFaultServer({
            ...fakeIdpBasics,
            ...stepRoutes,
            [`/endless-login${WELL_KNOWN}`]: fakeIdp("endless-login", { authorize: "/step/0" }),
            [`/echo-basic${WELL_KNOWN}`]: fakeIdp(
                "echo-basic",
                { token: "/echo/token" },
                { token_endpoint_auth_methods_supported: ["client_secret_basic"] },
            ),
            [`/echo-post${WELL_KNOWN}`]: fakeIdp(
                "echo-post",
                { token: "/echo/token" },
                { token_endpoint_auth_methods_supported: ["client_secret_post"] },
            ),
            "/echo/token": echoingToken,
            [`/any-code${WELL_KNOWN}`]: fakeIdp("any-code", { token: "/any-code/token" }),
            [`/no-sign-in${WELL_KNOWN}`]: fakeIdp("no-sign-in", { authorize: "/no-sign-in/authorize" }),
            "/no-sign-in/authorize": redirect((req) => {
                const state = new URL(req.url ?? "/", "http://x").searchParams.get("state") ?? "";
                return `${CALLBACK}#id_token=eyJhbGciOiJSUzI1NiJ9.e30.sig&state=${state}`;
            }),
            "/any-code/token": json(200, { access_token: "at-for-anyone", id_token: "a.b.c", token_type: "Bearer", expires_in: 300 }),
        });
    });
    after(() => server.close());

    it("fails (exit 1), within its bound, an authorization request redirected to a new URL forever", async () => {
        const out = new Collector();
        const args = [
            "--issuer",
            `${server.url}/endless-login`,
            "--client-id",
            CLIENT_ID,
            "--host",
            WANDB_HOST,
            "--json",
            "--timeout",
            "300",
        ];
        const code = await main(args, {}, out, new Collector());
        assert.equal(code, 1, out.text);
        const checks = (JSON.parse(out.text) as { checks: { id: string; status: string; message: string; fix?: string }[] }).checks;
        const authorization = checks.find((c) => c.id === "authorization")!;
        assert.equal(authorization.status, "fail");
        assert.match(authorization.message, /still redirecting after \d+ answers, without reaching a sign-in page/);
        assert.match(authorization.fix!, /open the authorization URL in a browser/);
        // Bounded: the first request and the redirects it may follow, no more.
        assert.ok(steps.count > 1 && steps.count <= MAX_LOGIN_REDIRECTS + 1, `${steps.count} requests`);
    });

    it("fails (exit 1) an implicit login that skips the sign-in page and sends the ID token in the fragment, naming the response mode", async () => {
        const out = new Collector();
        const args = [
            "--issuer",
            `${server.url}/no-sign-in`,
            "--client-id",
            CLIENT_ID,
            "--host",
            WANDB_HOST,
            "--auth-method",
            "implicit",
            "--json",
            "--timeout",
            "2000",
        ];
        const code = await main(args, {}, out, new Collector());
        assert.equal(code, 1, out.text);
        const checks = (JSON.parse(out.text) as { checks: { id: string; status: string; message: string }[] }).checks;
        const authorization = checks.find((c) => c.id === "authorization")!;
        assert.equal(authorization.status, "fail");
        assert.match(authorization.message, /id_token in the URL fragment \(response mode fragment\).*response_mode=form_post/);
    });

    it("fails (exit 1) a token endpoint that gives tokens for a code it never issued, quoting none of them", async () => {
        const out = new Collector();
        const args = ["--issuer", `${server.url}/any-code`, "--client-id", CLIENT_ID, "--host", WANDB_HOST, "--json", "--timeout", "2000"];
        const code = await main(args, {}, out, new Collector());
        assert.equal(code, 1, out.text);
        const checks = (JSON.parse(out.text) as { checks: { id: string; status: string; message: string }[] }).checks;
        const token = checks.find((c) => c.id === "token-endpoint")!;
        assert.equal(token.status, "fail");
        assert.match(token.message, /HTTP 200, with tokens, to a made-up code it never issued/);
        assert.equal(out.text.includes("at-for-anyone"), false);
    });

    for (const [name, how] of [
        ["echo-basic", "in Basic credentials"],
        ["echo-post", "in the form body"],
    ] as const) {
        describe(`a token endpoint echoing the secret sent ${how}`, () => {
            const env = () => ({
                OIDC_ISSUER: `${server.url}/${name}`,
                OIDC_CLIENT_ID: CLIENT_ID,
                OIDC_AUTH_METHOD: "pkce",
                OIDC_SECRET: SECRET,
                HOST: WANDB_HOST,
            });

            it("does echo it in every encoding (so the next cases can fail)", async () => {
                const report = await verify(
                    {
                        issuer: `${server.url}/${name}`,
                        clientId: CLIENT_ID,
                        authMethod: "pkce",
                        host: WANDB_HOST,
                        redirectUri: CALLBACK,
                        hasClientSecret: true,
                        notes: [],
                    },
                    { timeoutMs: 2000, secret: SECRET },
                );
                const token = report.checks.find((c) => c.id === "token-endpoint")!;
                const found = leaks(token.message, SECRET);
                for (const form of ["raw", "percent", "base64 of raw"]) assert.ok(found.includes(form), `${form} in ${token.message}`);
                assert.ok(found.includes(name === "echo-basic" ? "base64 of form (+ for space)" : "form (URLSearchParams)"), token.message);
            });

            for (const format of ["text", "json"] as const) {
                it(`prints no form of it (${format})`, async () => {
                    const out = new Collector();
                    const err = new Collector();
                    const code = await main(["--from-env", "--timeout", "2000", ...(format === "json" ? ["--json"] : [])], env(), out, err);
                    assert.equal(code, 0, out.text + err.text);
                    assert.match(out.text, /\[secret\]/);
                    assert.deepEqual(leaks(out.text + err.text, SECRET), [], out.text);
                });
            }
        });
    }
});

describe("verify against a provider stating an issuer on another host", () => {
    let idp: RunningProvider;
    before(async () => {
        idp = await startProvider({
            clients: [PKCE_CLIENT],
            issuer: () => "https://evil.example.net",
        });
    });
    after(() => idp.close());

    it("fails the issuer check without advising the other host", async () => {
        const out = new Collector();
        const args = ["--issuer", idp.url, "--client-id", "wandb-pkce", "--host", WANDB_HOST, "--json", "--timeout", "2000"];
        const code = await main(args, {}, out, new Collector());
        assert.equal(code, 1);
        const checks = (JSON.parse(out.text) as { checks: { id: string; status: string; message: string; fix?: string }[] }).checks;
        const issuer = checks.find((c) => c.id === "issuer")!;
        assert.equal(issuer.status, "fail");
        assert.equal(issuer.message, `the IdP at ${idp.url} states an issuer on another host (https://evil.example.net)`);
        assert.match(issuer.fix!, /^check which IdP OIDC_ISSUER points at/);
        assert.equal(out.text.includes("set OIDC_ISSUER to"), false);
    });
});
