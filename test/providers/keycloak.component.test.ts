import { strict as assert } from "node:assert";
import type * as pulumi from "@pulumi/pulumi";
import type * as KeycloakModule from "../../providers/keycloak";
import type * as IdpsModule from "../../src/idps";
import { ConfigError } from "../../src/errors";
import { installMocks, protectRecorder, settle, valueOf, type MockRuntime } from "../helpers/pulumiMocks";
import { hostOfLength } from "../helpers/hosts";

const HOST = "https://wandb.example.com";
const CLIENT = "keycloak:openid/client:Client";
const GROUPS = "keycloak:openid/groupMembershipProtocolMapper:GroupMembershipProtocolMapper";

const EXPECTED_CLIENT = {
    realmId: "acme",
    clientId: "wandb",
    name: "Weights & Biases",
    description: "W&B Server at https://wandb.example.com (OIDC single sign-on, managed by wandb-sso)",
    enabled: true,
    accessType: "PUBLIC",
    standardFlowEnabled: true,
    implicitFlowEnabled: false,
    pkceCodeChallengeMethod: "S256",
    directAccessGrantsEnabled: false,
    validRedirectUris: ["https://wandb.example.com/oidc/callback"],
    validPostLogoutRedirectUris: ["https://wandb.example.com/logout"],
    webOrigins: ["https://wandb.example.com"],
    baseUrl: "https://wandb.example.com",
};

describe("KeycloakOidcApp", () => {
    let mocks: MockRuntime;
    let keycloak: typeof KeycloakModule;
    let idps: typeof IdpsModule;
    before(async () => {
        mocks = await installMocks();
        keycloak = await import("../../providers/keycloak/index.js");
        idps = await import("../../src/idps.js");
    });
    beforeEach(() => mocks.reset());

    async function create(args: Partial<KeycloakModule.KeycloakOidcAppArgs> = {}, opts?: pulumi.ComponentResourceOptions) {
        const app = new keycloak.KeycloakOidcApp("t", { host: HOST, url: "https://keycloak.example.com", realm: "acme", ...args }, opts);
        await settle(app.issuer, app.clientId, app.authMethod, app.callbackUrl, app.logoutUrl);
        return app;
    }

    it("registers a public OpenID client with PKCE S256 and exactly these inputs (pkce)", async () => {
        await create();
        assert.deepEqual(
            mocks.resources.map((r) => [r.type, r.name]),
            [
                ["wandb-sso:index:KeycloakOidcApp", "t"],
                [CLIENT, "t-client"],
            ],
        );
        assert.deepEqual(mocks.one(CLIENT).inputs, EXPECTED_CLIENT);
    });

    it("enables the implicit flow only for implicit (and the standard flow only for pkce)", async () => {
        const app = await create({ authMethod: "implicit", clientId: "wandb-prod", displayName: "W&B prod" });
        assert.deepEqual(mocks.one(CLIENT).inputs, {
            ...EXPECTED_CLIENT,
            clientId: "wandb-prod",
            name: "W&B prod",
            standardFlowEnabled: false,
            implicitFlowEnabled: true,
        });
        assert.equal(await valueOf(app.authMethod), "implicit");
        assert.equal(await valueOf(app.clientId), "wandb-prod");
    });

    it("adds a groups claim to the ID token when asked, with group names without their path", async () => {
        const app = await create({ groupsClaim: "groups" });
        assert.deepEqual(mocks.one(GROUPS).inputs, {
            realmId: "acme",
            clientId: "t-client-id",
            name: "groups",
            claimName: "groups",
            fullPath: false,
            addToIdToken: true,
            addToAccessToken: false,
            addToUserinfo: true,
        });
        assert.equal(mocks.one(GROUPS).name, "t-groups");
        assert.equal(await valueOf(app.groupsClaim!), "groups");
    });

    it("names the claim as given, and adds none without one (or for false, as the stack key says it)", async () => {
        await create({ groupsClaim: "wandb_groups" });
        assert.equal(mocks.one(GROUPS).inputs.claimName, "wandb_groups");
        mocks.reset();
        const app = await create({ groupsClaim: false as unknown as string });
        assert.deepEqual(mocks.ofType(GROUPS), []);
        assert.equal(app.groupsClaim, undefined);
    });

    it("outputs the OIDC contract: issuer <url>/realms/<realm>, client ID, URLs, no secret", async () => {
        const app = await create({ url: "https://keycloak.example.com/" });
        assert.equal(await valueOf(app.issuer), "https://keycloak.example.com/realms/acme");
        assert.equal(await valueOf(app.clientId), "wandb");
        assert.equal(await valueOf(app.authMethod), "pkce");
        assert.equal(await valueOf(app.callbackUrl), "https://wandb.example.com/oidc/callback");
        assert.equal(await valueOf(app.logoutUrl), "https://wandb.example.com/logout");
        assert.ok(!("clientSecret" in app));
    });

    it("keeps /auth in the issuer for Keycloak before 17", async () => {
        const app = await create({ url: "https://sso.example.com/auth/" });
        assert.equal(await valueOf(app.issuer), "https://sso.example.com/auth/realms/acme");
    });

    it("protects the client by default, never the groups mapper (turning teams off deletes it), and nothing when asked", async () => {
        const on = protectRecorder();
        await create({ groupsClaim: "groups" }, on.opts);
        assert.deepEqual(on.seen, { "t-client": true, "t-groups": false });
        mocks.reset();
        const off = protectRecorder();
        await create({ groupsClaim: "groups", protect: false }, off.opts);
        assert.deepEqual(off.seen, { "t-client": false, "t-groups": false });
    });

    it("fits its VARCHAR(255) columns: the longest host whose redirect URI fits, a cut description, and a longer host refused", async () => {
        const longest = hostOfLength(241);
        await create({ host: longest });
        const inputs = mocks.one(CLIENT).inputs;
        assert.deepEqual(inputs.validRedirectUris, [`${longest}/oidc/callback`]);
        assert.equal(inputs.validRedirectUris[0]!.length, 255);
        assert.equal(inputs.description, `W&B Server at ${longest.slice(0, 226)}... (wandb-sso)`);
        assert.equal(inputs.description.length, 255);
        mocks.reset();
        assert.throws(
            () => new keycloak.KeycloakOidcApp("bad", { host: hostOfLength(242), url: "https://keycloak.example.com", realm: "acme" }),
            (e: unknown) =>
                e instanceof ConfigError &&
                e.message.endsWith(
                    "(242 characters): Keycloak (its database's columns) cannot register W&B's URLs for a host this long: they would make validRedirectUris 256 characters (at most 255); serve W&B at a host of at most 241 characters (this one is 242)",
                ),
        );
        assert.deepEqual(mocks.resources, []);
    });

    describe("refuses bad arguments before registering anything", () => {
        const cases: [string, Partial<KeycloakModule.KeycloakOidcAppArgs>, string[]][] = [
            [
                "SAML",
                { authMethod: "saml" as never },
                ['authMethod = "saml": W&B Server does not support SAML; it logs in through OIDC: use pkce (recommended) or implicit'],
            ],
            [
                "an http Keycloak",
                { url: "http://keycloak.example.com" },
                ['url = "http://keycloak.example.com": http is allowed only for localhost; use https://keycloak.example.com'],
            ],
            [
                "the realm's URL as the URL",
                { url: "https://keycloak.example.com/realms/acme" },
                [
                    'url = "https://keycloak.example.com/realms/acme": this is the realm\'s URL; set the URL to https://keycloak.example.com and the realm to "acme"',
                ],
            ],
            [
                "a realm display name",
                { realm: "Acme Corp" },
                [
                    "realm = \"Acme Corp\": a realm name is letters, digits, '.', '_' and '-' (the name in the admin console's realm list, not its display name); e.g. Acme-Corp",
                ],
            ],
            [
                "a bad client ID",
                { clientId: "w b" },
                ["clientId = \"w b\": a client ID is letters, digits, '.', '_', ':' and '-'; e.g. w-b"],
            ],
            [
                "a bad groups claim",
                { groupsClaim: "my groups" },
                [
                    "groupsClaim = \"my groups\": use a claim name of letters, digits, '_', '.', ':' and '-', e.g. groups (the name W&B reads); true also means groups, false none",
                ],
            ],
            [
                "everything at once",
                { host: "https://wandb.example.com/app", url: "", realm: "" },
                [
                    'host = "https://wandb.example.com/app": W&B must be served at the root of its host, without a path (/app); use https://wandb.example.com',
                    'url = "": set Keycloak\'s base URL, e.g. https://keycloak.example.com',
                    "realm = \"\": a realm name is letters, digits, '.', '_' and '-' (the name in the admin console's realm list, not its display name); e.g. acme",
                ],
            ],
        ];
        for (const [what, args, lines] of cases) {
            it(what, () => {
                assert.throws(
                    () => new keycloak.KeycloakOidcApp("bad", { host: HOST, url: "https://keycloak.example.com", realm: "acme", ...args }),
                    (e: unknown) => {
                        assert.ok(e instanceof ConfigError);
                        const count = lines.length === 1 ? "1 problem" : `${lines.length} problems`;
                        assert.equal(
                            e.message,
                            [`KeycloakOidcApp "bad": ${count}; nothing was registered. Please fix:`, ...lines.map((l) => `  - ${l}`)].join(
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

    it("is what the stack program creates for wandb-sso:idp keycloak", async () => {
        const app = idps.createIdpApp(
            "wandb-sso",
            {
                name: "keycloak",
                settings: {
                    url: "https://keycloak.example.com",
                    realm: "acme",
                    clientId: "wandb",
                    displayName: "Weights & Biases",
                    groupsClaim: "groups",
                },
            },
            { host: HOST, authMethod: "pkce", protect: true },
        );
        assert.ok(app instanceof keycloak.KeycloakOidcApp);
        await settle(app.issuer, app.clientId);
        assert.equal(await valueOf(app.issuer), "https://keycloak.example.com/realms/acme");
        assert.deepEqual(
            mocks.resources.map((r) => r.name),
            ["wandb-sso", "wandb-sso-client", "wandb-sso-groups"],
        );
    });
});
