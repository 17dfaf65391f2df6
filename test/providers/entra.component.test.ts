import { strict as assert } from "node:assert";
import { captureDiagnostics } from "../../tools/mockRuntime";
import * as pulumi from "@pulumi/pulumi";
import type * as EntraModule from "../../providers/entra";
import type * as IdpsModule from "../../src/idps";
import type * as WandbModule from "../../src/wandb/wandbOidc";
import { secretRotation } from "../../providers/entra/rules";
import { ConfigError } from "../../src/errors";
import { installMocks, isSecretInput, registered, settle, valueOf, type MockRuntime } from "../helpers/pulumiMocks";
import { hostOfLength } from "../helpers/hosts";

const HOST = "https://wandb.example.com";
const COMPONENT = "wandb-sso:index:EntraOidcApp";
const APPLICATION = "azuread:index/application:Application";
const SERVICE_PRINCIPAL = "azuread:index/servicePrincipal:ServicePrincipal";
const PASSWORD = "azuread:index/applicationPassword:ApplicationPassword";
const CLIENT_CONFIG = "azuread:index/getClientConfig:getClientConfig";
const ADMIN_CONSENT = "azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant";
const GET_SERVICE_PRINCIPAL = "azuread:index/getServicePrincipal:getServicePrincipal";
const APP_ROLE_ASSIGNMENT = "azuread:index/appRoleAssignment:AppRoleAssignment";
const SP_OBJECT_ID = "7e6d5c4b-3a29-4f18-8e07-d6c5b4a39281";
/** Microsoft Graph's service principal in the test tenant (its object ID differs per tenant). */
const GRAPH_SP_OBJECT_ID = "1a2b3c4d-5e6f-4a8b-9c0d-e1f2a3b4c5d6";
const TEAM_GROUP = "4b3a2c1d-0e9f-4a8b-8c7d-6e5f4a3b2c1d";
const PROVIDER_TENANT = "3f2b6a1c-8d4e-4b7a-9c5d-2e1f0a9b8c7d";
const ARGS_TENANT = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const CLIENT_ID = "c0ffee00-1234-4abc-9def-0123456789ab";
const OBJECT_ID = "/applications/5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a";
const OWNER = "0c5b3a2d-1e4f-4a6b-8c7d-9e0f1a2b3c4d";
const SECRET_VALUE = "entra~client-secret-value-0123456789";
const NOW = new Date("2026-11-29T02:32:29Z");

/** The app registration's inputs for the defaults (pkce, single tenant, no groups claim). */
const APPLICATION_INPUTS = {
    displayName: "Weights & Biases",
    description: "W&B Server at https://wandb.example.com (OIDC single sign-on, managed by wandb-sso)",
    signInAudience: "AzureADMyOrg",
    web: {
        redirectUris: ["https://wandb.example.com/oidc/callback"],
        logoutUrl: "https://wandb.example.com/logout",
        implicitGrant: { idTokenIssuanceEnabled: false, accessTokenIssuanceEnabled: false },
    },
    requiredResourceAccesses: [
        {
            resourceAppId: "00000003-0000-0000-c000-000000000000",
            resourceAccesses: [
                { id: "37f7f235-527c-4136-accd-4a02d197296e", type: "Scope" },
                { id: "14dad69e-099b-42c9-810b-d002981feec1", type: "Scope" },
                { id: "64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0", type: "Scope" },
            ],
        },
    ],
    optionalClaims: { idTokens: [{ name: "email" }] },
};

/** Records the `protect` and `deleteBeforeReplace` options of every cloud resource. */
function optionRecorder(): { seen: Record<string, [boolean | undefined, boolean | undefined]>; opts: pulumi.ComponentResourceOptions } {
    const seen: Record<string, [boolean | undefined, boolean | undefined]> = {};
    return {
        seen,
        opts: {
            transformations: [
                (args) => {
                    const opts = args.opts as pulumi.CustomResourceOptions;
                    if (!args.type.startsWith("wandb-sso:")) seen[args.name] = [opts.protect, opts.deleteBeforeReplace];
                    return undefined;
                },
            ],
        },
    };
}

describe("EntraOidcApp", () => {
    let mocks: MockRuntime;
    let entra: typeof EntraModule;
    let idps: typeof IdpsModule;
    let wandb: typeof WandbModule;
    let providerTenant = PROVIDER_TENANT;
    before(async () => {
        mocks = await installMocks({
            outputs: {
                [APPLICATION]: () => ({ id: OBJECT_ID, clientId: CLIENT_ID }),
                [SERVICE_PRINCIPAL]: () => ({ objectId: SP_OBJECT_ID }),
                // Plain, as a mock returns it: the component must make it secret itself.
                [PASSWORD]: () => ({ value: SECRET_VALUE }),
            },
            invokes: {
                [CLIENT_CONFIG]: () => ({ tenantId: providerTenant, clientId: "provider-client", objectId: OWNER }),
                [GET_SERVICE_PRINCIPAL]: (args) => ({ clientId: args.clientId, objectId: GRAPH_SP_OBJECT_ID }),
            },
        });
        entra = await import("../../providers/entra/index.js");
        idps = await import("../../src/idps.js");
        wandb = await import("../../src/wandb/wandbOidc.js");
    });
    let realClock: () => Date;
    beforeEach(() => {
        mocks.reset();
        providerTenant = PROVIDER_TENANT;
        realClock = entra.secretRotationClock.now;
        entra.secretRotationClock.now = () => NOW;
    });
    afterEach(() => {
        entra.secretRotationClock.now = realClock;
    });

    async function create(args: Partial<EntraModule.EntraOidcAppArgs> = {}, opts?: pulumi.ComponentResourceOptions, count = 4) {
        const app = new entra.EntraOidcApp("t", { host: `${HOST}/`, ...args }, opts);
        await settle(app.issuer, app.clientId, app.clientSecret, app.authMethod, app.callbackUrl, app.logoutUrl);
        await registered(mocks, count);
        return app;
    }

    it("registers the app, its service principal and a rotating client secret with exactly these inputs", async () => {
        await create();
        assert.deepEqual(
            mocks.resources.map((r) => [r.type, r.name]).sort((a, b) => (a[1]! < b[1]! ? -1 : 1)),
            [
                [COMPONENT, "t"],
                [APPLICATION, "t-app"],
                [PASSWORD, "t-secret"],
                [SERVICE_PRINCIPAL, "t-sp"],
            ],
        );
        assert.deepEqual(mocks.one(APPLICATION).inputs, APPLICATION_INPUTS);
        assert.deepEqual(mocks.one(SERVICE_PRINCIPAL).inputs, {
            clientId: CLIENT_ID,
            appRoleAssignmentRequired: false,
            featureTags: [{ enterprise: true }],
        });
        assert.deepEqual(mocks.one(PASSWORD).inputs, {
            applicationId: OBJECT_ID,
            displayName: "wandb-sso 2026-09-04T00:00:00Z",
            endDate: "2027-03-03T00:00:00Z",
            rotateWhenChanged: { rotationPeriodStart: "2026-09-04T00:00:00Z" },
        });
    });

    it("issues ID tokens for the implicit flow only when asked, with a groups claim, owners and assignment", async () => {
        // The warning the component logs for groups in implicit-flow tokens, read here (not left on the test run's stderr).
        const logs = captureDiagnostics();
        const app = await create(
            {
                authMethod: "implicit",
                displayName: "W&B (prod)",
                signInAudience: "AzureADMultipleOrgs",
                groupMembershipClaims: ["SecurityGroup", "ApplicationGroup"],
                owners: [OWNER],
                assignmentRequired: true,
            },
            undefined,
            5,
        ).finally(() => logs.stop());
        assert.deepEqual(mocks.one(APPLICATION).inputs, {
            ...APPLICATION_INPUTS,
            displayName: "W&B (prod)",
            signInAudience: "AzureADMultipleOrgs",
            web: { ...APPLICATION_INPUTS.web, implicitGrant: { idTokenIssuanceEnabled: true, accessTokenIssuanceEnabled: false } },
            groupMembershipClaims: ["SecurityGroup", "ApplicationGroup"],
            owners: [OWNER],
        });
        assert.deepEqual(mocks.one(SERVICE_PRINCIPAL).inputs, {
            clientId: CLIENT_ID,
            appRoleAssignmentRequired: true,
            featureTags: [{ enterprise: true }],
            owners: [OWNER],
        });
        // An app that requires assignment gets no user consent: the administrator's, for all users.
        assert.deepEqual(mocks.one(ADMIN_CONSENT).inputs, {
            servicePrincipalObjectId: SP_OBJECT_ID,
            resourceServicePrincipalObjectId: GRAPH_SP_OBJECT_ID,
            claimValues: ["openid", "profile", "email"],
        });
        assert.deepEqual(
            mocks.invokes.filter((i) => i.token === GET_SERVICE_PRINCIPAL).map((i) => i.inputs),
            [{ clientId: "00000003-0000-0000-c000-000000000000" }],
        );
        assert.equal(await valueOf(app.authMethod), "implicit");
        assert.deepEqual(logs.lines, [
            "warning: Entra ID replaces the groups claim with `hasgroups` in implicit-flow ID tokens of users in more than 6 groups; use authMethod pkce for W&B to receive their groups",
        ]);
    });

    it("registers the longest host whose redirect URI fits the provider's 256 characters, and refuses one longer before registering", async () => {
        const longest = hostOfLength(242);
        await create({ host: longest });
        const inputs = mocks.one(APPLICATION).inputs as typeof APPLICATION_INPUTS;
        assert.deepEqual(inputs.web.redirectUris, [`${longest}/oidc/callback`]);
        assert.equal(inputs.web.redirectUris[0]!.length, 256);
        assert.equal(inputs.web.logoutUrl.length, 249);
        assert.equal(inputs.description, `W&B Server at ${longest} (OIDC single sign-on, managed by wandb-sso)`);
        mocks.reset();
        assert.throws(
            () => new entra.EntraOidcApp("bad", { host: hostOfLength(243) }),
            (e: unknown) =>
                e instanceof ConfigError &&
                e.message.endsWith(
                    "(243 characters): Entra (the azuread provider) cannot register W&B's URLs for a host this long: they would make web.redirectUris 257 characters (at most 256); serve W&B at a host of at most 242 characters (this one is 243)",
                ),
        );
        assert.deepEqual(mocks.resources, []);
    });

    describe("issuer", () => {
        it("names the azuread provider's tenant by default", async () => {
            const app = await create();
            assert.equal(await valueOf(app.issuer), `https://login.microsoftonline.com/${PROVIDER_TENANT}/v2.0`);
            assert.equal(await valueOf(app.tenantId), PROVIDER_TENANT);
            assert.deepEqual(
                mocks.invokes.map((i) => i.token),
                [CLIENT_CONFIG],
            );
        });

        it("names the tenant given, in lower case, without asking the provider", async () => {
            const app = await create({ tenantId: ARGS_TENANT.toUpperCase() });
            assert.equal(await valueOf(app.issuer), `https://login.microsoftonline.com/${ARGS_TENANT}/v2.0`);
            assert.deepEqual(mocks.invokes, []);
        });

        it("takes a tenant known only after apply", async () => {
            const app = await create({ tenantId: pulumi.output(ARGS_TENANT) });
            assert.equal(await valueOf(app.issuer), `https://login.microsoftonline.com/${ARGS_TENANT}/v2.0`);
        });

        it("fails with the fix when the provider's tenant is not a GUID", async () => {
            providerTenant = "contoso.onmicrosoft.com";
            const app = new entra.EntraOidcApp("t", { host: HOST });
            await assert.rejects(valueOf(app.issuer), (e: unknown) => {
                // A clean error on the component (Pulumi prints it without a stack trace), which
                // does not claim that nothing was registered: by then the app may have been.
                assert.ok(pulumi.ResourceError.isInstance(e), String(e));
                assert.equal(
                    e.message,
                    'EntraOidcApp "t": tenantId (from the azuread provider) = "contoso.onmicrosoft.com": Entra\'s issuer names the tenant by its ID, not its domain name; use the GUID: copy the Directory (tenant) ID from Microsoft Entra ID > Overview',
                );
                assert.equal(e.hideStack, true);
                assert.equal(e.resource, app);
                return true;
            });
            await settle(app.clientId);
        });
    });

    describe("client secret rotation", () => {
        async function passwordAt(now: Date, secretRotationDays?: number) {
            mocks.reset();
            entra.secretRotationClock.now = () => now;
            await create(secretRotationDays !== undefined ? { secretRotationDays } : {});
            return mocks.one(PASSWORD).inputs;
        }

        it("feeds endDate and rotateWhenChanged from the schedule", async () => {
            const inputs = await passwordAt(new Date("2027-01-15T12:00:00Z"), 30);
            const expected = secretRotation(new Date("2027-01-15T12:00:00Z"), 30);
            assert.deepEqual(inputs, {
                applicationId: OBJECT_ID,
                displayName: `wandb-sso ${expected.periodStart}`,
                endDate: expected.endDate,
                rotateWhenChanged: { rotationPeriodStart: expected.periodStart },
            });
            assert.deepEqual([expected.periodStart, expected.endDate], ["2027-01-02T00:00:00Z", "2027-02-01T00:00:00Z"]);
        });

        it("keeps the same inputs within a period (no diff on every up) and changes them in the next", async () => {
            const early = await passwordAt(new Date("2026-09-04T00:00:00Z"));
            const late = await passwordAt(new Date("2026-12-02T23:59:59Z"));
            assert.deepEqual(late, early);
            const next = await passwordAt(new Date("2026-12-03T00:00:00Z"));
            assert.deepEqual(next.rotateWhenChanged, { rotationPeriodStart: "2026-12-03T00:00:00Z" });
            assert.equal(next.endDate, "2027-06-01T00:00:00Z");
        });

        it("outputs when the secret expires and when the next up replaces it", async () => {
            const app = await create();
            assert.equal(await valueOf(app.secretEndDate), "2027-03-03T00:00:00Z");
            assert.equal(await valueOf(app.secretNextRotation), "2026-12-03T00:00:00Z");
        });

        it("replaces the secret create-before-delete and never protects it; protects the app and service principal", async () => {
            const on = optionRecorder();
            await create({}, on.opts);
            assert.deepEqual(on.seen, { "t-app": [true, undefined], "t-sp": [true, undefined], "t-secret": [false, false] });
            mocks.reset();
            // Even under a protected component (children inherit `protect` unless set).
            const inherited = optionRecorder();
            await create({ protect: false }, { ...inherited.opts, protect: true });
            assert.deepEqual(inherited.seen, { "t-app": [false, undefined], "t-sp": [false, undefined], "t-secret": [false, false] });
        });

        it("never protects what the settings add (the admin consent, team assignments), so turning one off can delete it", async () => {
            const on = optionRecorder();
            await create({ assignmentRequired: true, teams: true, teamGroupIds: [TEAM_GROUP] }, on.opts, 6);
            assert.deepEqual(on.seen, {
                "t-app": [true, undefined],
                "t-sp": [true, undefined],
                "t-admin-consent": [false, undefined],
                [`t-team-${TEAM_GROUP}`]: [false, undefined],
                "t-secret": [false, false],
            });
            assert.equal(mocks.ofType(APP_ROLE_ASSIGNMENT).length, 1);
        });
    });

    it("outputs the OIDC contract, with the client secret as a Pulumi secret", async () => {
        const app = await create();
        assert.equal(await valueOf(app.clientId), CLIENT_ID);
        assert.equal(await valueOf(app.authMethod), "pkce");
        assert.equal(await valueOf(app.callbackUrl), "https://wandb.example.com/oidc/callback");
        assert.equal(await valueOf(app.logoutUrl), "https://wandb.example.com/logout");
        assert.equal(await valueOf(app.clientSecret), SECRET_VALUE);
        assert.equal(await pulumi.isSecret(app.clientSecret), true);
    });

    it("keeps the secret secret all the way into the W&B Secret, never in the ConfigMap", async () => {
        const app = new entra.EntraOidcApp("idp", { host: HOST });
        const w = wandb.WandbOidc.forClient("wandb", app, { host: HOST, namespace: "wandb" });
        await settle(w.configMapName, w.secretName!, w.env);
        await registered(mocks, 8);
        const stringData = mocks.one("kubernetes:core/v1:Secret").inputs.stringData as Record<string, unknown>;
        assert.ok(isSecretInput(stringData) || isSecretInput(stringData.OIDC_SECRET), JSON.stringify(stringData));
        assert.ok(JSON.stringify(stringData).includes(SECRET_VALUE), "the Secret holds the client secret");
        for (const configMap of mocks.ofType("kubernetes:core/v1:ConfigMap")) {
            assert.ok(!JSON.stringify(configMap.inputs).includes(SECRET_VALUE), "the secret is in a ConfigMap");
        }
        assert.deepEqual(mocks.one("kubernetes:core/v1:ConfigMap").inputs.data, {
            OIDC_CLIENT_ID: CLIENT_ID,
            OIDC_ISSUER: `https://login.microsoftonline.com/${PROVIDER_TENANT}/v2.0`,
            OIDC_AUTH_METHOD: "pkce",
            GORILLA_CORS_ORIGINS: "https://wandb.example.com,null",
        });
        assert.equal(await pulumi.isSecret(w.envVars.OIDC_SECRET!), true);
        assert.equal(await pulumi.isSecret(w.env), true);
    });

    it("is what the stack program creates for wandb-sso:idp entra", async () => {
        const app = idps.createIdpApp(
            "wandb-sso",
            {
                name: "entra",
                settings: {
                    displayName: "W&B",
                    secretRotationDays: 90,
                    signInAudience: "AzureADMyOrg",
                    assignmentRequired: false,
                    tenantId: ARGS_TENANT,
                },
            },
            { host: HOST, authMethod: "pkce", protect: true },
        );
        assert.ok(app instanceof entra.EntraOidcApp);
        await settle(app.issuer, app.clientId, app.clientSecret);
        await registered(mocks, 4);
        assert.equal(await valueOf(app.issuer), `https://login.microsoftonline.com/${ARGS_TENANT}/v2.0`);
        assert.equal(mocks.one(APPLICATION).name, "wandb-sso-app");
        assert.equal(mocks.one(APPLICATION).inputs.displayName, "W&B");
        assert.equal(mocks.one(PASSWORD).inputs.endDate, secretRotation(NOW, 90).endDate);
    });

    describe("refuses bad arguments before registering anything", () => {
        const where = "copy the Directory (tenant) ID from Microsoft Entra ID > Overview";
        const cases: [string, Partial<EntraModule.EntraOidcAppArgs>, string[]][] = [
            [
                "a tenant that is not a GUID",
                { tenantId: "contoso.onmicrosoft.com" },
                [
                    `tenantId = "contoso.onmicrosoft.com": Entra's issuer names the tenant by its ID, not its domain name; use the GUID: ${where}`,
                ],
            ],
            [
                "rotation days out of range",
                { secretRotationDays: 731 },
                ["secretRotationDays = 731: use 1 to 730 days (Entra's longest client secret lifetime is 730 days); e.g. 180"],
            ],
            [
                "a personal-account audience",
                { signInAudience: "AzureADandPersonalMicrosoftAccount" },
                [
                    'signInAudience = "AzureADandPersonalMicrosoftAccount": personal Microsoft accounts sign in through the consumers tenant, whose tokens W&B refuses (its issuer is your tenant\'s): use AzureADMyOrg (the default)',
                ],
            ],
            [
                "an unknown groups claim value",
                { groupMembershipClaims: ["Groups"] },
                ['groupMembershipClaims = ["Groups"]: "Groups" is not one of None, SecurityGroup, DirectoryRole, ApplicationGroup, All'],
            ],
            [
                "an owner's e-mail address",
                { owners: [OWNER, "admin@contoso.com"] },
                [
                    "owners[1] = \"admin@contoso.com\": an owner is a user's or service principal's Object ID, a GUID like 00000000-0000-0000-0000-000000000000 (not a name or e-mail address)",
                ],
            ],
            ["a bad display name", { displayName: " W&B " }, ['displayName = " W&B ": remove the surrounding whitespace: use "W&B"']],
            ["assignment not a boolean", { assignmentRequired: "yes" as never }, ['assignmentRequired = "yes": use true or false']],
            [
                "everything at once",
                { host: "https://wandb.example.com/sso", authMethod: "saml" as never, tenantId: "common", secretRotationDays: 0 },
                [
                    'host = "https://wandb.example.com/sso": W&B must be served at the root of its host, without a path (/sso); use https://wandb.example.com',
                    'authMethod = "saml": W&B Server does not support SAML; it logs in through OIDC: use pkce (recommended) or implicit',
                    `tenantId = "common": "common" is Entra's multi-tenant endpoint, whose tokens name each user's own tenant as issuer; use your tenant's ID: ${where}`,
                    "secretRotationDays = 0: use 1 to 730 days (Entra's longest client secret lifetime is 730 days); e.g. 180",
                ],
            ],
        ];
        for (const [what, args, lines] of cases) {
            it(what, () => {
                assert.throws(
                    () => new entra.EntraOidcApp("bad", { host: HOST, ...args }),
                    (e: unknown) => {
                        assert.ok(e instanceof ConfigError);
                        const count = lines.length === 1 ? "1 problem" : `${lines.length} problems`;
                        assert.equal(
                            e.message,
                            [`EntraOidcApp "bad": ${count}; nothing was registered. Please fix:`, ...lines.map((l) => `  - ${l}`)].join(
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

    describe("against the stack's azuread:tenantId, before registering anything", () => {
        afterEach(() => pulumi.runtime.setAllConfig({}, []));

        const refused = (args: Partial<EntraModule.EntraOidcAppArgs>, line: string) => {
            assert.throws(
                () => new entra.EntraOidcApp("z", { host: HOST, ...args }),
                (e: unknown) => {
                    assert.ok(e instanceof ConfigError, String(e));
                    assert.equal(e.message, `EntraOidcApp "z": 1 problem; nothing was registered. Please fix:\n  - ${line}`);
                    return true;
                },
            );
            assert.deepEqual(mocks.resources, []);
        };

        it("refuses Entra's multi-tenant endpoint as the provider's tenant, which the issuer would name", () => {
            pulumi.runtime.setAllConfig({ "azuread:tenantId": "common" }, []);
            refused(
                {},
                `azuread:tenantId = "common": "common" is Entra's multi-tenant endpoint, whose tokens name each user's own tenant as issuer; use your tenant's ID: copy the Directory (tenant) ID from Microsoft Entra ID > Overview (the issuer names the azuread provider's tenant, since tenantId is not set)`,
            );
        });

        it("refuses a tenantId that contradicts the provider's, naming both", () => {
            pulumi.runtime.setAllConfig({ "azuread:tenantId": PROVIDER_TENANT }, []);
            refused(
                { tenantId: ARGS_TENANT },
                `tenantId = "${ARGS_TENANT}": the app is registered in the azuread provider's tenant (azuread:tenantId is ${PROVIDER_TENANT}), and the issuer must name that tenant: set tenantId to ${PROVIDER_TENANT}, or remove it (it defaults to the provider's)`,
            );
        });

        it("takes the provider's own tenant, in any letter case", () => {
            pulumi.runtime.setAllConfig({ "azuread:tenantId": PROVIDER_TENANT.toUpperCase() }, []);
            new entra.EntraOidcApp("y", { host: HOST, tenantId: PROVIDER_TENANT });
        });

        it("leaves a component with its own provider to that provider's answer", () => {
            pulumi.runtime.setAllConfig({ "azuread:tenantId": "common" }, []);
            const provider = new (class extends pulumi.ProviderResource {})("azuread", "other", {});
            new entra.EntraOidcApp("x", { host: HOST, tenantId: ARGS_TENANT }, { provider });
        });
    });
});
