import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import type * as OktaModule from "../../providers/okta";
import type * as IdpsModule from "../../src/idps";
import type * as WandbModule from "../../src/wandb/wandbOidc";
import type { OidcApp } from "../../src/oidc";
import { ConfigError } from "../../src/errors";
import { MUST_BE_KNOWN_FIX } from "../../src/problems";
import { installMocks, registered, settle, valueOf, type MockRuntime, protectRecorder } from "../helpers/pulumiMocks";

const HOST = "https://wandb.example.com";
const ORG = "https://acme.okta.com";
const COMPONENT = "wandb-sso:index:OktaOidcApp";
const APP = "okta:app/oAuth:OAuth";
const ASSIGNMENT = "okta:app/groupAssignment:GroupAssignment";
const CLAIM = "okta:auth/serverClaim:ServerClaim";
const APP_ID = "0oa1b2c3d4e5f6g7h8i9";
const GROUP_A = "00g1a2b3c4d5e6f7g8h9";
const GROUP_B = "00g9h8g7f6e5d4c3b2a1";

/** The app integration's inputs for the org authorization server on an okta.com org. */
const APP_INPUTS = {
    label: "Weights & Biases",
    type: "browser",
    grantTypes: ["authorization_code", "implicit"],
    responseTypes: ["code", "id_token", "token"],
    redirectUris: ["https://wandb.example.com/oidc/callback"],
    postLogoutRedirectUris: ["https://wandb.example.com/logout"],
    tokenEndpointAuthMethod: "none",
    pkceRequired: true,
};

/** Records the `protect` option of every cloud resource, through a transformation on the component. */

describe("OktaOidcApp", () => {
    let mocks: MockRuntime;
    let okta: typeof OktaModule;
    let idps: typeof IdpsModule;
    let wandb: typeof WandbModule;
    before(async () => {
        mocks = await installMocks({ outputs: { [APP]: () => ({ id: APP_ID, clientId: APP_ID }) } });
        okta = await import("../../providers/okta/index.js");
        idps = await import("../../src/idps.js");
        wandb = await import("../../src/wandb/wandbOidc.js");
    });
    beforeEach(() => mocks.reset());

    async function create(args: Partial<OktaModule.OktaOidcAppArgs> = {}, opts?: pulumi.ComponentResourceOptions, count = 2) {
        const app = new okta.OktaOidcApp("t", { host: `${HOST}/`, orgUrl: `${ORG}/`, ...args }, opts);
        await settle(app.issuer, app.clientId, app.authMethod, app.callbackUrl, app.logoutUrl);
        await registered(mocks, count);
        return app;
    }

    it("registers an OIDC single-page app integration with exactly these inputs (org server)", async () => {
        await create();
        assert.deepEqual(
            mocks.resources.map((r) => [r.type, r.name]),
            [
                [COMPONENT, "t"],
                [APP, "t-app"],
            ],
        );
        assert.deepEqual(mocks.one(APP).inputs, APP_INPUTS);
    });

    it("assigns groups and adds a groups claim on a custom authorization server, with exactly these inputs", async () => {
        await create(
            {
                label: "W&B (prod)",
                authorizationServerId: "default",
                groupIds: [GROUP_A, GROUP_B],
                groupsClaim: { filterRegex: "wandb-.*" },
            },
            undefined,
            5,
        );
        // Registration order at the monitor is asynchronous: compare sorted by name.
        assert.deepEqual(
            mocks.resources.map((r) => [r.type, r.name]).sort((a, b) => (a[1]! < b[1]! ? -1 : 1)),
            [
                [COMPONENT, "t"],
                [APP, "t-app"],
                [ASSIGNMENT, `t-group-${GROUP_A}`],
                [ASSIGNMENT, `t-group-${GROUP_B}`],
                [CLAIM, "t-groups-claim"],
            ],
        );
        assert.deepEqual(mocks.one(APP).inputs, { ...APP_INPUTS, label: "W&B (prod)" });
        assert.deepEqual(
            mocks
                .ofType(ASSIGNMENT)
                .map((r) => r.inputs)
                .sort((a, b) => (String(a.groupId) < String(b.groupId) ? -1 : 1)),
            [
                { appId: APP_ID, groupId: GROUP_A },
                { appId: APP_ID, groupId: GROUP_B },
            ],
        );
        assert.deepEqual(mocks.one(CLAIM).inputs, {
            authServerId: "default",
            name: "groups",
            claimType: "IDENTITY",
            valueType: "GROUPS",
            groupFilterType: "REGEX",
            value: "wandb-.*",
            alwaysIncludeInToken: true,
        });
    });

    it("names assignments of IDs known only after apply by their position", async () => {
        await create({ groupIds: [pulumi.output(GROUP_A)] }, undefined, 3);
        assert.deepEqual(
            mocks.ofType(ASSIGNMENT).map((r) => [r.name, r.inputs]),
            [["t-group-0", { appId: APP_ID, groupId: GROUP_A }]],
        );
    });

    it("has the org server state a custom domain as issuer (CUSTOM_URL), leaving custom servers alone", async () => {
        const app = await create({ orgUrl: "https://login.example.com" });
        assert.deepEqual(mocks.one(APP).inputs, { ...APP_INPUTS, issuerMode: "CUSTOM_URL" });
        assert.equal(await valueOf(app.issuer), "https://login.example.com");
        mocks.reset();
        const custom = await create({ orgUrl: "https://login.example.com", authorizationServerId: "aus1a2b3c4d5e6f7g8h9" });
        assert.deepEqual(mocks.one(APP).inputs, APP_INPUTS);
        assert.equal(await valueOf(custom.issuer), "https://login.example.com/oauth2/aus1a2b3c4d5e6f7g8h9");
    });

    it("outputs the OIDC contract: the org issuer, client ID, URLs, no secret", async () => {
        const app = await create();
        assert.equal(await valueOf(app.issuer), "https://acme.okta.com");
        assert.equal(await valueOf(app.clientId), APP_ID);
        assert.equal(await valueOf(app.appId), APP_ID);
        assert.equal(await valueOf(app.authMethod), "pkce");
        assert.equal(await valueOf(app.callbackUrl), "https://wandb.example.com/oidc/callback");
        assert.equal(await valueOf(app.logoutUrl), "https://wandb.example.com/logout");
        assert.ok(!("clientSecret" in app));
        assert.equal((app as OidcApp).clientSecret, undefined);
    });

    it("outputs the custom authorization server's issuer, and implicit when asked (the app is unchanged)", async () => {
        const app = await create({ authorizationServerId: "default", authMethod: "implicit" });
        assert.equal(await valueOf(app.issuer), "https://acme.okta.com/oauth2/default");
        assert.equal(await valueOf(app.authMethod), "implicit");
        assert.deepEqual(mocks.one(APP).inputs, APP_INPUTS);
    });

    it("protects the app integration by default (not the assignments and claim, which follow the config), and nothing when asked", async () => {
        const args = { authorizationServerId: "default", groupIds: [GROUP_A], groupsClaim: {} };
        const on = protectRecorder();
        await create(args, on.opts, 4);
        assert.deepEqual(on.seen, { "t-app": true, [`t-group-${GROUP_A}`]: false, "t-groups-claim": false });
        mocks.reset();
        const off = protectRecorder();
        await create({ ...args, protect: false }, off.opts, 4);
        assert.deepEqual(off.seen, { "t-app": false, [`t-group-${GROUP_A}`]: false, "t-groups-claim": false });
    });

    it("feeds W&B without a Secret: issuer, client ID and auth method in the ConfigMap", async () => {
        const app = new okta.OktaOidcApp("idp", { host: HOST, orgUrl: ORG, authorizationServerId: "default" });
        const w = wandb.WandbOidc.forClient("wandb", app, { host: HOST, namespace: "wandb" });
        await settle(w.configMapName, w.env);
        assert.equal(w.secretName, undefined);
        assert.deepEqual(mocks.ofType("kubernetes:core/v1:Secret"), []);
        assert.deepEqual(mocks.one("kubernetes:core/v1:ConfigMap").inputs.data, {
            OIDC_CLIENT_ID: APP_ID,
            OIDC_ISSUER: "https://acme.okta.com/oauth2/default",
            OIDC_AUTH_METHOD: "pkce",
            GORILLA_CORS_ORIGINS: "https://wandb.example.com,null",
        });
    });

    it("is what the stack program creates for wandb-sso:idp okta", async () => {
        const app = idps.createIdpApp(
            "wandb-sso",
            { name: "okta", settings: { orgUrl: ORG, label: "W&B", authorizationServerId: "default", groupIds: [GROUP_A] } },
            { host: HOST, authMethod: "pkce", protect: true },
        );
        assert.ok(app instanceof okta.OktaOidcApp);
        await settle(app.issuer, app.clientId);
        await registered(mocks, 3);
        assert.equal(await valueOf(app.issuer), "https://acme.okta.com/oauth2/default");
        assert.equal(mocks.one(APP).name, "wandb-sso-app");
        assert.equal(mocks.one(APP).inputs.label, "W&B");
        assert.equal(mocks.one(ASSIGNMENT).name, `wandb-sso-group-${GROUP_A}`);
    });

    describe("refuses bad arguments before registering anything", () => {
        const cases: [string, Partial<OktaModule.OktaOidcAppArgs>, string[]][] = [
            [
                "the admin console's URL",
                { orgUrl: "https://acme-admin.okta.com" },
                [
                    "orgUrl = \"https://acme-admin.okta.com\": this is the Okta Admin Console's URL, not the org's; use https://acme.okta.com",
                ],
            ],
            [
                "a missing org URL",
                { orgUrl: undefined },
                ["orgUrl = (not set): set the Okta org URL, e.g. https://acme.okta.com (the Admin Console's address without -admin)"],
            ],
            [
                "an issuer as org URL",
                { orgUrl: "https://acme.okta.com/oauth2/default" },
                [
                    'orgUrl = "https://acme.okta.com/oauth2/default": this is a custom authorization server\'s issuer; set the org URL to https://acme.okta.com and authorizationServerId to "default"',
                ],
            ],
            [
                "a group name for an ID, and a duplicate",
                { groupIds: ["Engineering", GROUP_A, GROUP_A] },
                [
                    'groupIds[0] = "Engineering": an Okta group ID is 00g followed by 17 letters and digits, e.g. 00g1a2b3c4d5e6f7g8h9 (Directory > Groups > the group: the end of its URL), not the group\'s name',
                    `groupIds[2] = "${GROUP_A}": this group is listed twice; remove this entry`,
                ],
            ],
            [
                "group IDs not a list",
                { groupIds: GROUP_A as never },
                [`groupIds = "${GROUP_A}": use a list of Okta group IDs, e.g. ["00g1a2b3c4d5e6f7g8h9"]`],
            ],
            [
                "the whole list as another resource's output (the list decides how many assignments there are)",
                { groupIds: pulumi.output([GROUP_A]) as never },
                [`groupIds = (an Output): ${MUST_BE_KNOWN_FIX}`],
            ],
            [
                "a groups claim on the org server",
                { groupsClaim: {} },
                [
                    "groupsClaim = {}: a groups claim needs a custom authorization server (the org server's app-level groups claim is deprecated and skipped unless the Okta provider uses an SSWS token): set authorizationServerId (e.g. default), or remove the groups claim",
                ],
            ],
            [
                "a bad claim",
                { authorizationServerId: "default", groupsClaim: { name: "iss", filterRegex: "[" } },
                [
                    'groupsClaim.name = "iss": "iss" is a standard claim; use another name, e.g. groups',
                    'groupsClaim.filterRegex = "[": not a valid regular expression as Okta reads it (Java\'s: Unclosed character class near index 1); e.g. wandb-.* for the groups whose names start with wandb-',
                ],
            ],
            ["a bad label", { label: "" }, ['label = "": set a non-empty name, e.g. Weights & Biases']],
            [
                "everything at once",
                { host: "http://wandb.example.com", authMethod: "saml" as never, protect: "yes" as never, authorizationServerId: "API" },
                [
                    'host = "http://wandb.example.com": http is allowed only for localhost; use https://wandb.example.com',
                    'authMethod = "saml": W&B Server does not support SAML; it logs in through OIDC: use pkce (recommended) or implicit',
                    'protect = "yes": use true or false',
                    'authorizationServerId = "API": an authorization server ID is default or aus followed by 17 letters and digits (Security > API > Authorization Servers: the last part of its Issuer URI), e.g. default',
                ],
            ],
        ];
        for (const [what, args, lines] of cases) {
            it(what, () => {
                assert.throws(
                    () => new okta.OktaOidcApp("bad", { host: HOST, orgUrl: ORG, ...args }),
                    (e: unknown) => {
                        assert.ok(e instanceof ConfigError);
                        const count = lines.length === 1 ? "1 problem" : `${lines.length} problems`;
                        assert.equal(
                            e.message,
                            [`OktaOidcApp "bad": ${count}; nothing was registered. Please fix:`, ...lines.map((l) => `  - ${l}`)].join(
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
});
