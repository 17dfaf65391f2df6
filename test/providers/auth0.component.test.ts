import { strict as assert } from "node:assert";
import type * as pulumi from "@pulumi/pulumi";
import type * as Auth0Module from "../../providers/auth0";
import type * as IdpsModule from "../../src/idps";
import type { OidcApp } from "../../src/oidc";
import { ConfigError } from "../../src/errors";
import { installMocks, settle, valueOf, type MockRuntime, protectRecorder } from "../helpers/pulumiMocks";
import { hostOfLength } from "../helpers/hosts";

const HOST = "https://wandb.example.com";
const CLIENT = "auth0:index/client:Client";
const CREDENTIALS = "auth0:index/clientCredentials:ClientCredentials";

/** Records the `protect` option of every cloud resource, through a transformation on the component. */

describe("Auth0OidcApp", () => {
    let mocks: MockRuntime;
    let auth0: typeof Auth0Module;
    let idps: typeof IdpsModule;
    before(async () => {
        mocks = await installMocks({ outputs: { [CLIENT]: () => ({ clientId: "auth0-client-id" }) } });
        auth0 = await import("../../providers/auth0/index.js");
        idps = await import("../../src/idps.js");
    });
    beforeEach(() => mocks.reset());

    async function create(args: Partial<Auth0Module.Auth0OidcAppArgs> = {}, opts?: pulumi.ComponentResourceOptions) {
        const app = new auth0.Auth0OidcApp("t", { host: `${HOST}/`, domain: "acme.us.auth0.com", ...args }, opts);
        await settle(app.issuer, app.clientId, app.authMethod, app.callbackUrl, app.logoutUrl);
        return app;
    }

    it("registers an OIDC-conformant single-page application with exactly these inputs (pkce)", async () => {
        await create();
        assert.deepEqual(
            mocks.resources.map((r) => [r.type, r.name]),
            [
                ["wandb-sso:index:Auth0OidcApp", "t"],
                [CLIENT, "t-client"],
                [CREDENTIALS, "t-credentials"],
            ],
        );
        assert.deepEqual(mocks.one(CLIENT).inputs, {
            name: "Weights & Biases",
            description: "W&B Server at https://wandb.example.com (OIDC single sign-on, managed by wandb-sso)",
            appType: "spa",
            oidcConformant: true,
            isFirstParty: true,
            callbacks: ["https://wandb.example.com/oidc/callback"],
            allowedLogoutUrls: ["https://wandb.example.com/logout"],
            grantTypes: ["authorization_code"],
            jwtConfiguration: { alg: "RS256" },
        });
        // The token endpoint's auth method is its own resource in auth0 v3: none = public client.
        assert.deepEqual(mocks.one(CREDENTIALS).inputs, { clientId: "auth0-client-id", authenticationMethod: "none" });
    });

    it("grants the implicit flow only when asked, with a display name", async () => {
        const app = await create({ authMethod: "implicit", displayName: "W&B prod" });
        const inputs = mocks.one(CLIENT).inputs;
        assert.deepEqual(inputs.grantTypes, ["implicit"]);
        assert.equal(inputs.name, "W&B prod");
        assert.equal(await valueOf(app.authMethod), "implicit");
    });

    it("outputs the OIDC contract: issuer with Auth0's trailing slash, client ID, URLs, no secret", async () => {
        const app = await create({ domain: "https://ACME.us.auth0.com/" });
        assert.equal(await valueOf(app.issuer), "https://acme.us.auth0.com/");
        assert.equal(await valueOf(app.clientId), "auth0-client-id");
        assert.equal(await valueOf(app.authMethod), "pkce");
        assert.equal(await valueOf(app.callbackUrl), "https://wandb.example.com/oidc/callback");
        assert.equal(await valueOf(app.logoutUrl), "https://wandb.example.com/logout");
        assert.equal((app as OidcApp).clientSecret, undefined);
        assert.ok(!("clientSecret" in app));
    });

    it("keeps the description within the provider's 140 characters for a long host, cutting the host", async () => {
        const host = hostOfLength(200);
        await create({ host });
        const description = mocks.one(CLIENT).inputs.description as string;
        assert.equal(description, `W&B Server at ${host.slice(0, 111)}... (wandb-sso)`);
        assert.equal(description.length, 140);
        assert.deepEqual(mocks.one(CLIENT).inputs.callbacks, [`${host}/oidc/callback`]);
    });

    it("builds the issuer from a custom domain", async () => {
        const app = await create({ domain: "login.example.com" });
        assert.equal(await valueOf(app.issuer), "https://login.example.com/");
    });

    it("protects the application by default, never its credentials (a setting of it), and nothing when asked", async () => {
        const on = protectRecorder();
        await create({}, on.opts);
        assert.deepEqual(on.seen, { "t-client": true, "t-credentials": false });
        mocks.reset();
        const off = protectRecorder();
        await create({ protect: false }, off.opts);
        assert.deepEqual(off.seen, { "t-client": false, "t-credentials": false });
    });

    describe("refuses bad arguments before registering anything", () => {
        const cases: [string, Partial<Auth0Module.Auth0OidcAppArgs>, string[]][] = [
            [
                "http host",
                { host: "http://wandb.example.com" },
                ['host = "http://wandb.example.com": http is allowed only for localhost; use https://wandb.example.com'],
            ],
            [
                "SAML",
                { authMethod: "saml" as never },
                ['authMethod = "saml": W&B Server does not support SAML; it logs in through OIDC: use pkce (recommended) or implicit'],
            ],
            [
                "a domain with a path",
                { domain: "https://acme.us.auth0.com/authorize" },
                ['domain = "https://acme.us.auth0.com/authorize": use the domain alone, without a path (/authorize): acme.us.auth0.com'],
            ],
            [
                "a missing domain",
                { domain: undefined },
                [
                    "domain = (not set): set the Auth0 domain users sign in on, e.g. acme.us.auth0.com (Auth0 dashboard: Settings > Custom Domains, or the tenant's domain)",
                ],
            ],
            ["a bad display name", { displayName: "" }, ['displayName = "": set a non-empty name, e.g. Weights & Biases']],
            ["protect not a boolean", { protect: "yes" as never }, ['protect = "yes": use true or false']],
            [
                "everything at once",
                { host: "wandb.example.com", authMethod: "saml" as never, domain: "http://acme.us.auth0.com" },
                [
                    'host = "wandb.example.com": not an absolute URL; use a base URL such as https://wandb.example.com',
                    'authMethod = "saml": W&B Server does not support SAML; it logs in through OIDC: use pkce (recommended) or implicit',
                    'domain = "http://acme.us.auth0.com": Auth0 is served over https only; use acme.us.auth0.com',
                ],
            ],
        ];
        for (const [what, args, lines] of cases) {
            it(what, () => {
                assert.throws(
                    () => new auth0.Auth0OidcApp("bad", { host: HOST, domain: "acme.us.auth0.com", ...args }),
                    (e: unknown) => {
                        assert.ok(e instanceof ConfigError);
                        const count = lines.length === 1 ? "1 problem" : `${lines.length} problems`;
                        assert.equal(
                            e.message,
                            [`Auth0OidcApp "bad": ${count}; nothing was registered. Please fix:`, ...lines.map((l) => `  - ${l}`)].join(
                                "\n",
                            ),
                        );
                        return true;
                    },
                );
                assert.deepEqual(mocks.resources, []);
            });
        }
    });

    it("is what the stack program creates for wandb-sso:idp auth0", async () => {
        const app = idps.createIdpApp(
            "wandb-sso",
            { name: "auth0", settings: { domain: "acme.us.auth0.com", displayName: "W&B" } },
            { host: HOST, authMethod: "pkce", protect: true },
        );
        assert.ok(app instanceof auth0.Auth0OidcApp);
        await settle(app.issuer, app.clientId);
        assert.equal(await valueOf(app.issuer), "https://acme.us.auth0.com/");
        assert.equal(mocks.one(CLIENT).name, "wandb-sso-client");
        assert.equal(mocks.one(CLIENT).inputs.name, "W&B");
    });
});
