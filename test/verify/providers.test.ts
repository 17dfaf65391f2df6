// `wandb-sso verify` against real OpenID providers (oidc-provider) on 127.0.0.1, configured with
// right and wrong clients, redirect URIs, response types and issuers.
import { strict as assert } from "node:assert";
import { main } from "../../src/cli/verify";
import { CALLBACK, Collector, startProvider, WANDB_HOST, type RunningProvider, PKCE_CLIENT } from "./servers";

const SECRET = "s3cr3t-verify-Zq81";
const WRONG_SECRET = "wr0ng-secret-Hx55";

interface Outcome {
    code: number;
    out: string;
    err: string;
    checks: Map<string, { status: string; message: string; fix?: string }>;
}

/** Runs the command in-process with --json and returns the exit code and the checks by id. */
async function verify(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
    const out = new Collector();
    const err = new Collector();
    const code = await main([...args, "--json", "--timeout", "2000"], env, out, err);
    const checks = new Map<string, { status: string; message: string; fix?: string }>();
    if (out.text) {
        for (const c of (JSON.parse(out.text) as { checks?: { id: string; status: string; message: string; fix?: string }[] }).checks ??
            []) {
            checks.set(c.id, c);
        }
    }
    return { code, out: out.text, err: err.text, checks };
}

const flags = (issuer: string, clientId: string, authMethod: string, host = WANDB_HOST) => [
    "--issuer",
    issuer,
    "--client-id",
    clientId,
    "--auth-method",
    authMethod,
    "--host",
    host,
];

function statuses(o: Outcome): Record<string, string> {
    return Object.fromEntries([...o.checks].map(([id, c]) => [id, c.status]));
}

describe("verify against a real OpenID provider", () => {
    let idp: RunningProvider;
    before(async () => {
        idp = await startProvider({
            clients: [
                PKCE_CLIENT,
                {
                    client_id: "wandb-implicit",
                    redirect_uris: [CALLBACK],
                    response_types: ["id_token"],
                    grant_types: ["implicit"],
                    token_endpoint_auth_method: "none",
                },
                {
                    client_id: "wandb-confidential",
                    client_secret: SECRET,
                    redirect_uris: [CALLBACK],
                    response_types: ["code"],
                    grant_types: ["authorization_code"],
                    token_endpoint_auth_method: "client_secret_basic",
                },
                {
                    client_id: "wandb-post",
                    client_secret: SECRET,
                    redirect_uris: [CALLBACK],
                    response_types: ["code"],
                    grant_types: ["authorization_code"],
                    token_endpoint_auth_method: "client_secret_post",
                },
                {
                    client_id: "other-app",
                    redirect_uris: ["https://other.example.com/oidc/callback"],
                    response_types: ["code"],
                    grant_types: ["authorization_code"],
                    token_endpoint_auth_method: "none",
                },
            ],
        });
    });
    after(() => idp.close());

    it("passes a correct PKCE setup, every check included", async () => {
        const o = await verify(flags(idp.issuer, "wandb-pkce", "pkce"));
        assert.equal(o.code, 0, o.out);
        assert.deepEqual(statuses(o), {
            "issuer-form": "pass",
            discovery: "pass",
            issuer: "pass",
            "auth-method": "pass",
            scopes: "pass",
            "signing-alg": "pass",
            jwks: "pass",
            authorization: "pass",
            "token-endpoint": "pass",
        });
        assert.match(o.checks.get("authorization")!.message, /sign-in page.*via 303 \/interaction\//);
    });

    it("passes a correct implicit (form_post) setup, without a token endpoint check", async () => {
        const o = await verify(flags(idp.issuer, "wandb-implicit", "implicit"));
        assert.equal(o.code, 0, o.out);
        assert.equal(o.checks.get("authorization")!.status, "pass");
        assert.equal(o.checks.has("token-endpoint"), false);
    });

    it("fails an unregistered redirect URI, quoting the IdP and naming the URI to register", async () => {
        const o = await verify(flags(idp.issuer, "wandb-pkce", "pkce", "https://wandb.other.example.com/"));
        assert.equal(o.code, 1);
        const a = o.checks.get("authorization")!;
        assert.equal(a.status, "fail");
        assert.match(a.message, /HTTP 400, error=invalid_redirect_uri: redirect_uri did not match/);
        assert.equal(a.fix, "register https://wandb.other.example.com/oidc/callback as a sign-in redirect URI of the app");
    });

    it("fails an app registered for another host's callback", async () => {
        const o = await verify(flags(idp.issuer, "other-app", "pkce"));
        assert.equal(o.code, 1);
        assert.match(o.checks.get("authorization")!.message, /invalid_redirect_uri/);
    });

    it("fails an unknown client ID", async () => {
        const o = await verify(flags(idp.issuer, "no-such-client", "pkce"));
        assert.equal(o.code, 1);
        const a = o.checks.get("authorization")!;
        assert.match(a.message, /error=invalid_client: client is invalid/);
        assert.match(a.fix!, /OIDC_CLIENT_ID.*no-such-client/);
    });

    it("fails implicit for an app that only has the code flow (form_post error page)", async () => {
        const o = await verify(flags(idp.issuer, "wandb-pkce", "implicit"));
        assert.equal(o.code, 1);
        const a = o.checks.get("authorization")!;
        assert.equal(a.status, "fail");
        assert.match(a.message, /response_type is not allowed for this client/);
        assert.match(a.fix!, /implicit grant.*or use OIDC_AUTH_METHOD=pkce/);
    });

    it("fails pkce for an app that only has the implicit flow (error redirect to the callback)", async () => {
        const o = await verify(flags(idp.issuer, "wandb-implicit", "pkce"));
        assert.equal(o.code, 1);
        const a = o.checks.get("authorization")!;
        assert.match(a.message, /redirected to the redirect URI.*error=/);
        assert.match(a.fix!, /authorization code grant/);
        // The token endpoint refuses the grant for this app too.
        const t = o.checks.get("token-endpoint")!;
        assert.equal(t.status, "fail");
        assert.match(t.fix!, /authorization code grant/);
    });

    it("fails a trailing slash the IdP's issuer lacks and prints the value to use", async () => {
        const o = await verify(flags(`${idp.issuer}/`, "wandb-pkce", "pkce"));
        assert.equal(o.code, 1);
        const i = o.checks.get("issuer")!;
        assert.equal(i.status, "fail");
        assert.match(i.message, /trailing slash/);
        assert.equal(i.fix, `set OIDC_ISSUER to ${JSON.stringify(idp.issuer)}`);
        assert.equal(o.checks.get("discovery")!.status, "pass");
    });

    it("passes a confidential client with the right OIDC_SECRET (--from-env) and never prints the secret", async () => {
        const env = {
            OIDC_ISSUER: idp.issuer,
            OIDC_CLIENT_ID: "wandb-confidential",
            OIDC_AUTH_METHOD: "pkce",
            OIDC_SECRET: SECRET,
            HOST: WANDB_HOST,
        };
        const o = await verify(["--from-env"], env);
        assert.equal(o.code, 0, o.out);
        assert.equal(o.checks.get("token-endpoint")!.status, "pass");
        assert.match(o.out, /"clientSecret": "set"/);
        assert.equal(o.out.includes(SECRET), false);

        const text = new Collector();
        assert.equal(await main(["--from-env", "--timeout", "2000"], env, text, new Collector()), 0);
        assert.match(text.text, /client secret set \(not shown\)/);
        assert.equal(text.text.includes(SECRET), false);
    });

    it("passes a client_secret_post app with the right OIDC_SECRET", async () => {
        const env = {
            OIDC_ISSUER: idp.issuer,
            OIDC_CLIENT_ID: "wandb-post",
            OIDC_AUTH_METHOD: "pkce",
            OIDC_SECRET: SECRET,
            HOST: WANDB_HOST,
        };
        const o = await verify(["--from-env"], env);
        assert.equal(o.code, 0, o.out);
        assert.equal(o.checks.get("token-endpoint")!.status, "pass");
    });

    it("fails a wrong OIDC_SECRET at the token endpoint, without printing it", async () => {
        const env = {
            OIDC_ISSUER: idp.issuer,
            OIDC_CLIENT_ID: "wandb-confidential",
            OIDC_AUTH_METHOD: "pkce",
            OIDC_SECRET: WRONG_SECRET,
            HOST: WANDB_HOST,
        };
        const o = await verify(["--from-env"], env);
        assert.equal(o.code, 1);
        const t = o.checks.get("token-endpoint")!;
        assert.equal(t.status, "fail");
        assert.match(t.message, /invalid_client/);
        assert.match(t.fix!, /OIDC_SECRET/);
        assert.equal(o.out.includes(WRONG_SECRET), false);
    });

    it("fails a confidential client without a secret, suggesting OIDC_SECRET", async () => {
        const o = await verify(flags(idp.issuer, "wandb-confidential", "pkce"));
        assert.equal(o.code, 1);
        const t = o.checks.get("token-endpoint")!;
        assert.match(t.message, /requires client authentication/);
        assert.match(t.fix!, /set OIDC_SECRET/);
    });

    it("checks implicit when OIDC_AUTH_METHOD is unset under --from-env, as W&B does", async () => {
        const o = await verify(["--from-env"], { OIDC_ISSUER: idp.issuer, OIDC_CLIENT_ID: "wandb-implicit", HOST: WANDB_HOST });
        assert.equal(o.code, 0, o.out);
        assert.match(o.out, /"authMethod": "implicit"/);
        assert.match(o.out, /OIDC_AUTH_METHOD is not set/);
    });
});

describe("verify against providers that state another issuer", () => {
    let localhost: RunningProvider;
    let custom: RunningProvider;
    before(async () => {
        const clients = [PKCE_CLIENT];
        // Reached at 127.0.0.1, but stating localhost.
        localhost = await startProvider({ clients, issuer: (url) => url.replace("127.0.0.1", "localhost") });
        // Served at the root, but stating a custom authorization server path (as an Okta org vs. /oauth2/default mix-up).
        custom = await startProvider({ clients, issuer: (url) => `${url}/oauth2/default` });
    });
    after(async () => {
        await localhost.close();
        await custom.close();
    });

    it("fails the issuer check and prints the issuer the document states", async () => {
        const o = await verify(flags(localhost.url, "wandb-pkce", "pkce"));
        assert.equal(o.code, 1);
        const i = o.checks.get("issuer")!;
        assert.equal(i.status, "fail");
        assert.equal(i.fix, `set OIDC_ISSUER to ${JSON.stringify(localhost.issuer)}`);
        // The other checks still run on the document.
        assert.equal(o.checks.get("auth-method")!.status, "pass");
        assert.equal(o.checks.get("authorization")!.status, "pass");
    });

    it("does not send OIDC_SECRET while the issuer does not match", async () => {
        const env = {
            OIDC_ISSUER: localhost.url,
            OIDC_CLIENT_ID: "wandb-pkce",
            OIDC_AUTH_METHOD: "pkce",
            OIDC_SECRET: SECRET,
            HOST: WANDB_HOST,
        };
        const o = await verify(["--from-env"], env);
        assert.equal(o.code, 1);
        assert.equal(o.checks.get("token-endpoint")!.status, "skip");
        assert.equal(o.out.includes(SECRET), false);
    });

    it("names the org versus custom authorization server mix-up", async () => {
        const o = await verify(flags(custom.url, "wandb-pkce", "pkce"));
        assert.equal(o.code, 1);
        const i = o.checks.get("issuer")!;
        assert.match(i.message, /org authorization server.*custom authorization server "default"/);
        assert.equal(i.fix, `set OIDC_ISSUER to ${JSON.stringify(custom.issuer)}`);
    });
});

describe("verify against a provider without the implicit flow", () => {
    let idp: RunningProvider;
    before(async () => {
        idp = await startProvider({
            clients: [PKCE_CLIENT],
            configuration: { responseTypes: ["code"] },
        });
    });
    after(() => idp.close());

    it("fails implicit from the document, suggesting pkce, and the IdP refuses it too", async () => {
        const o = await verify(flags(idp.issuer, "wandb-pkce", "implicit"));
        assert.equal(o.code, 1);
        const m = o.checks.get("auth-method")!;
        assert.equal(m.status, "fail");
        assert.match(m.message, /needs response type id_token; the IdP advertises \[code\]/);
        assert.match(m.fix!, /OIDC_AUTH_METHOD=pkce/);
        assert.equal(o.checks.get("authorization")!.status, "fail");
    });

    it("passes pkce on the same provider", async () => {
        const o = await verify(flags(idp.issuer, "wandb-pkce", "pkce"));
        assert.equal(o.code, 0, o.out);
    });
});
