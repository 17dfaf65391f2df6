// Adopting an app registered by hand, per IdP: the `import` option, with the provider's import ID,
// on exactly the children the IDs identify (the mock monitor never sees resource options, so a
// transformation records them); the same inputs as a new app, but for the names an adopted app
// keeps; and bad IDs refused, naming the setting, the value and the fix, before anything is
// registered.
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import type * as Auth0Module from "../../providers/auth0";
import type * as CognitoModule from "../../providers/cognito";
import type * as EntraModule from "../../providers/entra";
import type * as KeycloakModule from "../../providers/keycloak";
import type * as OktaModule from "../../providers/okta";
import { ConfigError } from "../../src/errors";
import { recorder } from "../helpers/wandb";
import { installMocks, registered, settle, type MockRuntime } from "../helpers/pulumiMocks";

const HOST = "https://wandb.example.com";
const POOL = "us-west-2_AbC123xyZ";
const COGNITO_CLIENT = "3ho4ek12345678909nh3fmhpko";
const OKTA_APP = "0oa1b2c3d4e5f6g7h8i9";
const APP_OBJECT = "11111111-2222-3333-4444-555555555555";
const SP_OBJECT = "66666666-7777-8888-9999-000000000000";
const TENANT = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
// An oauth2PermissionGrant ID as Microsoft Graph's documentation shows one.
const GRANT = "aaBBcDDeFG6h5JKLMN2PQrrssTTUUvWWxxxxxyyyzzz";
const AUTH0_CLIENT = "AaiyAPdpYdesoKnqjj8HJqRn4T5titww";
const KEYCLOAK_UUID = "dcbc4c73-e478-4928-ae2e-d5e420223352";

const T = {
    cognitoPool: "aws:cognito/userPool:UserPool",
    cognitoClient: "aws:cognito/userPoolClient:UserPoolClient",
    cognitoDomain: "aws:cognito/userPoolDomain:UserPoolDomain",
    oktaApp: "okta:app/oAuth:OAuth",
    oktaAssignment: "okta:app/groupAssignment:GroupAssignment",
    entraApp: "azuread:index/application:Application",
    entraSp: "azuread:index/servicePrincipal:ServicePrincipal",
    entraPassword: "azuread:index/applicationPassword:ApplicationPassword",
    entraConsent: "azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant",
    auth0Client: "auth0:index/client:Client",
    auth0Credentials: "auth0:index/clientCredentials:ClientCredentials",
    keycloakClient: "keycloak:openid/client:Client",
    keycloakMapper: "keycloak:openid/groupMembershipProtocolMapper:GroupMembershipProtocolMapper",
} as const;

/** Each custom child's import ID, ignored changes and protection, by type (components left out). */
function options(records: ReturnType<typeof recorder>["records"]) {
    return Object.fromEntries(
        records
            .filter((r) => !r.type.startsWith("wandb-sso:"))
            .map((r) => [
                r.type,
                {
                    import: r.opts.import,
                    ignoreChanges: r.opts.ignoreChanges,
                    protect: r.opts.protect ?? (r.opts.parent as { __protect?: boolean } | undefined)?.__protect,
                },
            ]),
    );
}

/** The ConfigError a constructor throws, as its problems' lines, and that nothing was registered. */
function refused(mocks: MockRuntime, create: () => unknown): string[] {
    const before = mocks.resources.length;
    let error: unknown;
    try {
        create();
    } catch (e) {
        error = e;
    }
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    assert.equal(mocks.resources.length, before, "something was registered");
    return error.problems.map((p) => `${p.setting} = ${JSON.stringify(p.value)}: ${p.fix}`);
}

describe("adopting an app registered by hand", () => {
    let mocks: MockRuntime;
    let cognito: typeof CognitoModule;
    let okta: typeof OktaModule;
    let entra: typeof EntraModule;
    let auth0: typeof Auth0Module;
    let keycloak: typeof KeycloakModule;
    before(async () => {
        mocks = await installMocks({
            outputs: {
                [T.oktaApp]: () => ({ id: OKTA_APP, clientId: OKTA_APP }),
                [T.entraApp]: () => ({ id: `/applications/${APP_OBJECT}`, clientId: "app-client-id" }),
                [T.entraPassword]: () => ({ value: "a-new-secret" }),
                [T.auth0Client]: () => ({ clientId: AUTH0_CLIENT }),
            },
            invokes: { "azuread:index/getClientConfig:getClientConfig": () => ({ tenantId: TENANT }) },
        });
        cognito = await import("../../providers/cognito/index.js");
        okta = await import("../../providers/okta/index.js");
        entra = await import("../../providers/entra/index.js");
        auth0 = await import("../../providers/auth0/index.js");
        keycloak = await import("../../providers/keycloak/index.js");
    });
    beforeEach(() => mocks.reset());

    /** Builds a component with a recorder; resolves once its outputs are known and its children registered. */
    async function record<A extends { issuer: pulumi.Output<string>; clientId: pulumi.Output<string> }>(
        make: (opts: pulumi.ComponentResourceOptions) => A,
    ) {
        mocks.reset();
        const rec = recorder();
        const app = make({ transformations: [rec.transformation] });
        await settle(app.issuer, app.clientId);
        await registered(mocks, rec.records.length);
        return rec.records;
    }

    /** The inputs each custom child of the last component reached the monitor with, by type. */
    function inputs() {
        return Object.fromEntries(mocks.resources.filter((r) => !r.type.startsWith("wandb-sso:")).map((r) => [r.type, r.inputs]));
    }

    /** The children's inputs of the component `make` builds. */
    async function inputsOf<A extends { issuer: pulumi.Output<string>; clientId: pulumi.Output<string> }>(
        make: (opts: pulumi.ComponentResourceOptions) => A,
    ) {
        await record(make);
        return inputs();
    }

    describe("Cognito", () => {
        const adopt = { userPoolId: POOL, clientId: COGNITO_CLIENT, domain: "wandb-acme" };

        it("imports the client by <userPoolId>/<clientId> and the domain by its prefix, in the pool it reuses", async () => {
            const records = await record((opts) => new cognito.CognitoOidcApp("t", { host: HOST, adopt }, opts));
            assert.deepEqual(options(records), {
                [T.cognitoDomain]: { import: "wandb-acme", ignoreChanges: ["managedLoginVersion"], protect: true },
                [T.cognitoClient]: { import: `${POOL}/${COGNITO_CLIENT}`, ignoreChanges: ["name"], protect: true },
            });
            // The same inputs as a client this component creates in that pool with that domain.
            const adopted = inputs();
            const created = await inputsOf(
                (opts) => new cognito.CognitoOidcApp("t", { host: HOST, userPoolId: POOL, domainPrefix: "wandb-acme" }, opts),
            );
            assert.deepEqual(adopted, created);
            assert.equal(adopted[T.cognitoPool], undefined, "no pool is declared");
        });

        it("imports the client alone when the domain is not adopted", async () => {
            const records = await record(
                (opts) => new cognito.CognitoOidcApp("t", { host: HOST, adopt: { userPoolId: POOL, clientId: COGNITO_CLIENT } }, opts),
            );
            assert.deepEqual(Object.keys(options(records)), [T.cognitoClient]);
        });

        it("refuses IDs of the wrong shape, and settings that contradict the adoption, registering nothing", () => {
            assert.deepEqual(
                refused(mocks, () => new cognito.CognitoOidcApp("t", { host: HOST, adopt: { userPoolId: "wandb-pool", clientId: POOL } })),
                [
                    `adopt.userPoolId = "wandb-pool": a user pool ID is <region>_<id>, e.g. us-west-2_AbC123xyZ: copy it from the Cognito console's user pool overview`,
                    `adopt.clientId = "${POOL}": this is a user pool's ID; the client's ID is under the pool's App integration > App clients, e.g. 3ho4ek12345678909nh3fmhpko`,
                ],
            );
            assert.deepEqual(
                refused(
                    mocks,
                    () =>
                        new cognito.CognitoOidcApp("t", {
                            host: HOST,
                            userPoolId: "us-east-1_Other",
                            domainPrefix: "another",
                            adopt: { userPoolId: POOL, clientId: "W&B client", domain: "wandb-acme.auth.us-west-2.amazoncognito.com" },
                        }),
                ),
                [
                    `adopt.clientId = "W&B client": an app client ID is lower-case letters and digits, e.g. 3ho4ek12345678909nh3fmhpko: copy "Client ID" from the pool's App integration > App clients (not the client's name)`,
                    'adopt.domain = "wandb-acme.auth.us-west-2.amazoncognito.com": use the domain\'s prefix alone (the part before .auth.): wandb-acme',
                ],
            );
            assert.deepEqual(
                refused(
                    mocks,
                    () =>
                        new cognito.CognitoOidcApp("t", {
                            host: HOST,
                            userPoolId: "us-west-2_Other",
                            domainPrefix: "another",
                            adopt: { userPoolId: POOL, clientId: COGNITO_CLIENT },
                        }),
                ),
                [
                    `userPoolId = "us-west-2_Other": the adopted client is in adopt.userPoolId (${POOL}), which is the pool used: remove userPoolId`,
                    'domainPrefix = "another": the adopted pool keeps the domain it has (a pool has one Cognito domain): adopt it with adopt.domain (its prefix), or remove domainPrefix',
                ],
            );
            assert.deepEqual(
                refused(
                    mocks,
                    () =>
                        new cognito.CognitoOidcApp("t", {
                            host: HOST,
                            adopt: { userPoolId: POOL, clientId: COGNITO_CLIENT, domain: "login.example.com", pool: "x" } as never,
                        }),
                ),
                [
                    'adopt.pool = "[not shown]": unknown field; the fields are userPoolId, clientId, domain',
                    'adopt.domain = "login.example.com": a custom domain (with its own certificate) cannot be adopted by this component: leave domain out, and the pool keeps it as it is',
                ],
            );
        });
    });

    describe("Okta", () => {
        it("imports the app integration by its app ID, keeping its name unless a label is given", async () => {
            const records = await record(
                (opts) => new okta.OktaOidcApp("t", { host: HOST, orgUrl: "https://acme.okta.com", adopt: { appId: OKTA_APP } }, opts),
            );
            assert.deepEqual(options(records), { [T.oktaApp]: { import: OKTA_APP, ignoreChanges: ["label"], protect: true } });
            const adopted = inputs();
            const created = await inputsOf((opts) => new okta.OktaOidcApp("t", { host: HOST, orgUrl: "https://acme.okta.com" }, opts));
            assert.deepEqual(adopted, created);

            const labelled = await record(
                (opts) =>
                    new okta.OktaOidcApp(
                        "t",
                        {
                            host: HOST,
                            orgUrl: "https://acme.okta.com",
                            label: "W&B",
                            groupIds: ["00g1a2b3c4d5e6f7g8h9"],
                            adopt: { appId: OKTA_APP },
                        },
                        opts,
                    ),
            );
            // Group assignments are not the app's: created as for a new app, not imported.
            assert.deepEqual(options(labelled), {
                [T.oktaApp]: { import: OKTA_APP, ignoreChanges: undefined, protect: true },
                [T.oktaAssignment]: { import: undefined, ignoreChanges: undefined, protect: false },
            });
        });

        it("refuses an ID that is not an app's", () => {
            assert.deepEqual(
                refused(
                    mocks,
                    () =>
                        new okta.OktaOidcApp("t", {
                            host: HOST,
                            orgUrl: "https://acme.okta.com",
                            adopt: { appId: "00g1a2b3c4d5e6f7g8h9" },
                        }),
                ),
                ["adopt.appId = \"00g1a2b3c4d5e6f7g8h9\": this is a group's ID (00g…); the app's ID starts with 0oa"],
            );
            assert.deepEqual(
                refused(mocks, () => new okta.OktaOidcApp("t", { host: HOST, orgUrl: "https://acme.okta.com", adopt: {} as never })),
                [
                    "adopt.appId = undefined: set the existing app's appId: Okta Admin Console, Applications > the app: the end of its address (0oa…), also its Client ID",
                ],
            );
        });
    });

    describe("Entra", () => {
        const adopt = { applicationObjectId: APP_OBJECT, servicePrincipalObjectId: SP_OBJECT };
        /** What EntraOidcApp refuses with these arguments (besides the host), registering nothing. */
        const refusedEntra = (args: Omit<EntraModule.EntraOidcAppArgs, "host">) =>
            refused(mocks, () => new entra.EntraOidcApp("t", { host: HOST, ...args }));

        it("imports the app registration and its service principal by object ID; the secret is new, never imported", async () => {
            const records = await record((opts) => new entra.EntraOidcApp("t", { host: HOST, assignmentRequired: false, adopt }, opts));
            assert.deepEqual(options(records), {
                [T.entraApp]: { import: `/applications/${APP_OBJECT}`, ignoreChanges: ["displayName", "description"], protect: true },
                [T.entraSp]: { import: `/servicePrincipals/${SP_OBJECT}`, ignoreChanges: undefined, protect: true },
                [T.entraPassword]: { import: undefined, ignoreChanges: undefined, protect: false },
            });
            const adopted = inputs();
            const created = await inputsOf((opts) => new entra.EntraOidcApp("t", { host: HOST }, opts));
            assert.deepEqual(adopted, created);
        });

        it("imports the administrator's consent granted by hand, by its grant ID, where the app requires assignment", async () => {
            const records = await record(
                (opts) =>
                    new entra.EntraOidcApp(
                        "t",
                        { host: HOST, assignmentRequired: true, adopt: { ...adopt, adminConsentGrantId: GRANT } },
                        opts,
                    ),
            );
            assert.deepEqual(options(records)[T.entraConsent], {
                import: `/oauth2PermissionGrants/${GRANT}`,
                ignoreChanges: undefined,
                protect: false,
            });
            const withoutConsent = await record(
                (opts) => new entra.EntraOidcApp("t", { host: HOST, assignmentRequired: true, adopt }, opts),
            );
            assert.deepEqual(options(withoutConsent)[T.entraConsent], { import: undefined, ignoreChanges: undefined, protect: false });
        });

        it("refuses a consent to adopt where none is registered (assignment not required), or given as its path", () => {
            assert.deepEqual(refusedEntra({ assignmentRequired: false, adopt: { ...adopt, adminConsentGrantId: GRANT } }), [
                `adopt.adminConsentGrantId = "${GRANT}": wandb-sso registers the administrator's consent only for an app that requires assignment: set assignmentRequired to true (Enterprise applications > the app > Properties: Assignment required?), or leave the consent out of adopt`,
            ]);
            assert.deepEqual(
                refusedEntra({ assignmentRequired: true, adopt: { ...adopt, adminConsentGrantId: `/oauth2PermissionGrants/${GRANT}` } }),
                [
                    `adopt.adminConsentGrantId = "/oauth2PermissionGrants/${GRANT}": give the grant's ID alone, without /oauth2PermissionGrants/ (wandb-sso adds it)`,
                ],
            );
        });

        it("refuses an adoption that leaves assignmentRequired to the default, which would open the app to the whole tenant", () => {
            assert.deepEqual(refusedEntra({ adopt }), [
                "assignmentRequired = undefined: set it when adopting an app, true or false as it is now (Enterprise applications > the app > Properties: Assignment required?): the adopted service principal takes this value, and false lets every user of the tenant sign in to W&B",
            ]);
        });

        it("keeps a display name given explicitly under management", async () => {
            const records = await record(
                (opts) => new entra.EntraOidcApp("t", { host: HOST, displayName: "W&B", assignmentRequired: false, adopt }, opts),
            );
            assert.deepEqual(options(records)[T.entraApp]?.ignoreChanges, ["description"]);
        });

        it("refuses IDs that are not two object IDs", () => {
            assert.deepEqual(
                refusedEntra({
                    tenantId: TENANT,
                    assignmentRequired: false,
                    adopt: { applicationObjectId: TENANT, servicePrincipalObjectId: TENANT.toUpperCase() },
                }),
                [
                    `adopt.servicePrincipalObjectId = "${TENANT}": this is the same ID as adopt.applicationObjectId, but the app registration and its service principal are two objects: Enterprise applications > the app > Overview: Object ID`,
                    `adopt.applicationObjectId = "${TENANT}": this is the tenant's ID, not an object's: App registrations > the app > Overview: Object ID (not the Application (client) ID)`,
                    `adopt.servicePrincipalObjectId = "${TENANT}": this is the tenant's ID, not an object's: Enterprise applications > the app > Overview: Object ID`,
                ],
            );
            assert.deepEqual(
                refusedEntra({
                    assignmentRequired: false,
                    adopt: { applicationObjectId: "Weights and Biases", servicePrincipalObjectId: SP_OBJECT },
                }),
                [
                    'adopt.applicationObjectId = "Weights and Biases": an object ID is a GUID like 00000000-0000-0000-0000-000000000000: App registrations > the app > Overview: Object ID (not the Application (client) ID)',
                ],
            );
        });
    });

    describe("Auth0", () => {
        it("imports the application and its token endpoint auth method by client ID", async () => {
            const records = await record(
                (opts) => new auth0.Auth0OidcApp("t", { host: HOST, domain: "acme.us.auth0.com", adopt: { clientId: AUTH0_CLIENT } }, opts),
            );
            assert.deepEqual(options(records), {
                [T.auth0Client]: { import: AUTH0_CLIENT, ignoreChanges: ["name", "description"], protect: true },
                [T.auth0Credentials]: { import: AUTH0_CLIENT, ignoreChanges: undefined, protect: false },
            });
            const adopted = inputs();
            const created = await inputsOf((opts) => new auth0.Auth0OidcApp("t", { host: HOST, domain: "acme.us.auth0.com" }, opts));
            assert.deepEqual(adopted, created);
        });

        it("refuses a client ID of the wrong shape", () => {
            assert.deepEqual(
                refused(
                    mocks,
                    () => new auth0.Auth0OidcApp("t", { host: HOST, domain: "acme.us.auth0.com", adopt: { clientId: "Weights & Biases" } }),
                ),
                [
                    'adopt.clientId = "Weights & Biases": an Auth0 client ID is 32 letters and digits, e.g. AaiyAPdpYdesoKnqjj8HJqRn4T5titww: Applications > the application > Settings, Client ID (not its name or the Client Secret)',
                ],
            );
        });
    });

    describe("Keycloak", () => {
        const base = { host: HOST, url: "https://keycloak.example.com", realm: "acme" };

        it("imports the client by <realm>/<clientUuid>, keeping its name unless a display name is given", async () => {
            const records = await record(
                (opts) =>
                    new keycloak.KeycloakOidcApp(
                        "t",
                        { ...base, clientId: "wandb-prod", adopt: { clientUuid: KEYCLOAK_UUID.toUpperCase() } },
                        opts,
                    ),
            );
            assert.deepEqual(options(records), {
                [T.keycloakClient]: { import: `acme/${KEYCLOAK_UUID}`, ignoreChanges: ["name", "description"], protect: true },
            });
            const adopted = inputs();
            const created = await inputsOf((opts) => new keycloak.KeycloakOidcApp("t", { ...base, clientId: "wandb-prod" }, opts));
            assert.deepEqual(adopted, created);
        });

        it("creates a groups mapper on an adopted client as on a new one (not imported)", async () => {
            const records = await record(
                (opts) =>
                    new keycloak.KeycloakOidcApp(
                        "t",
                        { ...base, clientId: "wandb", groupsClaim: "groups", adopt: { clientUuid: KEYCLOAK_UUID } },
                        opts,
                    ),
            );
            assert.equal(options(records)[T.keycloakMapper]?.import, undefined);
        });

        it("refuses the client ID given as the UUID, and an adoption without the client's client ID", () => {
            assert.deepEqual(
                refused(mocks, () => new keycloak.KeycloakOidcApp("t", { ...base, adopt: { clientUuid: "wandb" } })),
                [
                    "adopt.clientUuid = \"wandb\": this looks like the client's Client ID; adopt takes the UUID Keycloak gave it: Clients > the client: the UUID in the admin console's address (…/clients/<uuid>/settings)",
                    "clientId = undefined: set it to the adopted client's Client ID (Clients list): left unset it is wandb, and the update after the import would rename the client, changing the client ID W&B signs in with",
                ],
            );
        });
    });
});
