// The components built by the plugin's component provider from what another language's program
// sends (plain values, secrets marked on the wire, other resources' outputs), under the SDK's mock
// runtime: the same construct() `pulumi up` calls for a Python, Go, C# or YAML program, and the
// outputs it sends back (secrets still marked secret on the wire).
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { pluginProvider, pluginSchema, wireInputs, wireOutput, wireSecret } from "../helpers/componentProvider";
import { captureDiagnostics, type CapturedDiagnostics } from "../../tools/mockRuntime";
import { installMocks, settle, valueOf, type MockRuntime } from "../helpers/pulumiMocks";

const HOST = "https://wandb.example.com";
const SECRET_VALUE = "wire-secret-value";
const ENTRA_TENANT = "3f2b6a1c-8d4e-4b7a-9c5d-2e1f0a9b8c7d";
/** A resource of the calling program, whose outputs are passed in. */
const OKTA_APP_URN = "urn:pulumi:test::wandb-sso::wandb-sso:index:OktaOidcApp::idp";

interface Constructed {
    readonly state: Record<string, unknown>;
    /** The outputs as the provider sends them back: secrets as Pulumi's RPC layer marks them. */
    readonly wire: Record<string, unknown>;
}

async function construct(component: string, name: string, wire: Record<string, unknown>, dependsOn?: Record<string, string[]>) {
    const inputs = await wireInputs(wire, dependsOn);
    const { state } = await pluginProvider().construct(name, `wandb-sso:index:${component}`, inputs, {});
    const outputs = Object.values(state as Record<string, unknown>).filter((v): v is pulumi.Output<unknown> => pulumi.Output.isInstance(v));
    await settle(...outputs);
    const [serialized] = await pulumi.runtime.serializeResourceProperties(`construct(${component})`, state);
    const plain = Object.fromEntries(
        await Promise.all(
            Object.entries(state as Record<string, unknown>).map(async ([k, v]) => [k, pulumi.Output.isInstance(v) ? await valueOf(v) : v]),
        ),
    );
    return { state: plain, wire: serialized } as Constructed;
}

const isWireSecret = (value: unknown) =>
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig;

describe("the plugin's construct(): each component from another language's inputs", function () {
    this.timeout(60_000);
    let mocks: MockRuntime;
    before(async () => {
        await pluginSchema();
        mocks = await installMocks({
            outputs: {
                "okta:app/oAuth:OAuth": () => ({ id: "0oa1b2c3d4e5f6g7h8i9", clientId: "0oa1b2c3d4e5f6g7h8i9" }),
                "auth0:index/client:Client": () => ({ clientId: "auth0-client-id" }),
                "azuread:index/application:Application": () => ({ id: "obj-id", clientId: "c0ffee00-1234-4abc-9def-0123456789ab" }),
                "azuread:index/applicationPassword:ApplicationPassword": () => ({ value: SECRET_VALUE }),
            },
            invokes: {
                "azuread:index/getClientConfig:getClientConfig": () => ({
                    tenantId: ENTRA_TENANT,
                    clientId: "provider",
                    objectId: "owner",
                }),
            },
        });
    });
    let logs: CapturedDiagnostics;
    beforeEach(() => {
        mocks.reset();
        logs = captureDiagnostics();
    });
    afterEach(() => logs.stop());

    const childTypes = () => mocks.resources.map((r) => r.type).sort();

    it("CognitoOidcApp: the user pool, its domain and the app client; the issuer in the provider's region", async () => {
        const { state } = await construct("CognitoOidcApp", "c", { host: HOST, authMethod: "pkce", domainPrefix: "wandb-example" });
        assert.deepEqual(childTypes(), [
            "aws:cognito/userPool:UserPool",
            "aws:cognito/userPoolClient:UserPoolClient",
            "aws:cognito/userPoolDomain:UserPoolDomain",
            "wandb-sso:index:CognitoOidcApp",
        ]);
        assert.equal(state.issuer, "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_NewPool123");
        assert.equal(state.callbackUrl, `${HOST}/oidc/callback`);
        assert.equal(state.clientSecret, undefined);
    });

    it("OktaOidcApp: a groups claim given as a plain object, as Python's dict arrives", async () => {
        const { state } = await construct("OktaOidcApp", "o", {
            host: HOST,
            orgUrl: "https://acme.okta.com",
            authorizationServerId: "default",
            groupsClaim: { filterRegex: "wandb-.*" },
        });
        assert.ok(childTypes().includes("okta:auth/serverClaim:ServerClaim"), childTypes().join());
        assert.equal(mocks.one("okta:auth/serverClaim:ServerClaim").inputs.value, "wandb-.*");
        assert.equal(state.issuer, "https://acme.okta.com/oauth2/default");
        assert.equal(state.authMethod, "pkce");
    });

    it("EntraOidcApp: the client secret goes back to the program marked secret", async () => {
        const { state, wire } = await construct("EntraOidcApp", "e", { host: HOST });
        assert.equal(state.issuer, `https://login.microsoftonline.com/${ENTRA_TENANT}/v2.0`);
        assert.ok(isWireSecret(wire.clientSecret), JSON.stringify(wire.clientSecret));
    });

    it("Auth0OidcApp and KeycloakOidcApp: their issuers", async () => {
        assert.equal(
            (await construct("Auth0OidcApp", "a", { host: HOST, domain: "acme.us.auth0.com" })).state.issuer,
            "https://acme.us.auth0.com/",
        );
        mocks.reset();
        const keycloak = await construct("KeycloakOidcApp", "k", {
            host: HOST,
            url: "https://sso.example.com",
            realm: "acme",
            groupsClaim: "groups",
        });
        assert.equal(keycloak.state.issuer, "https://sso.example.com/realms/acme");
        assert.equal(keycloak.state.groupsClaim, "groups");
    });

    it("ExistingOidcApp: a secret sent as a secret stays one; sent in plain text it is refused", async () => {
        const google = { host: HOST, issuer: "https://accounts.google.com", clientId: "1234-abc.apps.googleusercontent.com" };
        const { wire } = await construct("ExistingOidcApp", "x", { ...google, clientSecret: wireSecret(SECRET_VALUE) });
        assert.ok(isWireSecret(wire.clientSecret));
        await assert.rejects(
            construct("ExistingOidcApp", "y", { ...google, clientSecret: SECRET_VALUE }),
            /ExistingOidcApp "y": 1 problem; nothing was registered\. Please fix:\n {2}- clientSecret = "\[secret\]"/,
        );
    });

    it("WandbOidc: the IdP component's outputs, secret and all, into the W&B Secret and env", async () => {
        const { state, wire } = await construct(
            "WandbOidc",
            "w",
            {
                host: HOST,
                target: "helm",
                issuer: wireOutput("https://acme.okta.com/oauth2/default", { dependencies: [OKTA_APP_URN] }),
                clientId: wireOutput("0oa1b2c3d4e5f6g7h8i9", { dependencies: [OKTA_APP_URN] }),
                authMethod: wireOutput("pkce", { dependencies: [OKTA_APP_URN] }),
                clientSecret: wireOutput(SECRET_VALUE, { secret: true, dependencies: [OKTA_APP_URN] }),
            },
            {},
        );
        assert.deepEqual(childTypes(), ["kubernetes:core/v1:ConfigMap", "kubernetes:core/v1:Secret", "wandb-sso:index:WandbOidc"]);
        assert.equal(state.target, "helm");
        assert.equal(state.localRestore, false);
        assert.equal((state.env as Record<string, string>).OIDC_ISSUER, "https://acme.okta.com/oauth2/default");
        assert.ok(isWireSecret(wire.env), "the environment holds the secret, so it goes back secret");
        assert.ok(!JSON.stringify(wire.chartValues).includes(SECRET_VALUE));
        assert.equal(
            (state.chartValues as { global: { auth: { oidc: { clientId: string } } } }).global.auth.oidc.clientId,
            "0oa1b2c3d4e5f6g7h8i9",
        );
    });

    it("WandbOidc: a host computed from another resource's output is refused, naming it", async () => {
        await assert.rejects(
            construct("WandbOidc", "w", {
                host: wireOutput("https://wandb.example.com", { dependencies: [OKTA_APP_URN] }),
                issuer: "https://acme.okta.com",
                clientId: "0oa1b2c3d4e5f6g7h8i9",
                authMethod: "pkce",
            }),
            /WandbOidc "w": 1 problem; nothing was registered\. Please fix:\n {2}- host = \(an Output\): this setting must be known when the program runs/,
        );
        assert.deepEqual(mocks.resources, []);
    });
    it("input nested too deep is 'nested too deep at <input>', not a stack overflow, on every component", async () => {
        // 2,000 levels: what the SDK's own deserializer (runtime/rpc.ts deserializeProperty, recursive)
        // still reads with Node's default stack; deeper, it overflows before any wandb-sso code runs.
        let deep: unknown = "x";
        for (let i = 0; i < 2000; i++) deep = i % 2 === 0 ? [deep] : { a: deep };
        const okta = { host: HOST, orgUrl: "https://acme.okta.com" };
        const wandb = { host: HOST, issuer: "https://acme.okta.com", clientId: "0oa1b2c3d4e5f6g7h8i9", authMethod: "pkce" };
        for (const [component, wire, input] of [
            ["OktaOidcApp", { ...okta, label: deep }, "label"],
            ["OktaOidcApp", { ...okta, groupIds: deep }, "groupIds"],
            ["WandbOidc", { ...wandb, name: deep }, "name"],
            ["WandbOidc", { ...wandb, extraCorsOrigins: deep }, "extraCorsOrigins"],
        ] as const) {
            await assert.rejects(
                construct(component, "d", wire),
                (e: Error) =>
                    new RegExp(`- ${input} = \\(nested more than 32 levels\\): nested too deep at ${input}\\.a\\[0\\]\\.a`).test(
                        e.message,
                    ) && !/call stack/.test(e.message),
                `${component}.${input}`,
            );
        }
        assert.deepEqual(mocks.resources, []);
    });
    it("bad arguments reach another language structured: Pulumi's InputPropertiesError, one property error per problem", async () => {
        // provider/server.js (construct) turns exactly this into the engine's InvalidProperties error,
        // which the CLI prints property by property for a Python, Go, C# or YAML program.
        await assert.rejects(construct("OktaOidcApp", "o", { host: "http://wandb.example.com", orgUrl: "acme.okta.com" }), (e: unknown) => {
            assert.ok(pulumi.InputPropertiesError.isInstance(e), String(e));
            assert.deepEqual(e.errors, [
                {
                    propertyPath: "host",
                    reason: '"http://wandb.example.com": http is allowed only for localhost; use https://wandb.example.com',
                },
                { propertyPath: "orgUrl", reason: '"acme.okta.com": not an absolute URL; use the org URL, e.g. https://acme.okta.com' },
            ]);
            assert.match(e.message, /^OktaOidcApp "o": 2 problems; nothing was registered\. Please fix:\n/);
            return true;
        });
        assert.deepEqual(mocks.resources, []);
    });

    describe("an argument the component does not take (a typo in a Python or YAML program) is refused, not ignored", () => {
        /** A valid set of inputs for each component, which the tests misspell. */
        const VALID: Record<string, Record<string, unknown>> = {
            CognitoOidcApp: { host: HOST, domainPrefix: "wandb-example" },
            OktaOidcApp: { host: HOST, orgUrl: "https://acme.okta.com" },
            EntraOidcApp: { host: HOST },
            Auth0OidcApp: { host: HOST, domain: "acme.us.auth0.com" },
            KeycloakOidcApp: { host: HOST, url: "https://sso.example.com", realm: "acme" },
            ExistingOidcApp: { host: HOST, issuer: "https://idp.example.com", clientId: "wandb", authMethod: "implicit" },
            WandbOidc: { host: HOST, issuer: "https://acme.okta.com", clientId: "0oa1b2c3d4e5f6g7h8i9", authMethod: "pkce" },
        };

        for (const [component, inputs] of Object.entries(VALID)) {
            it(`${component}: every unknown name refused before anything is registered, naming the arguments the schema lists`, async () => {
                const schema = await pluginSchema();
                const known = Object.keys(schema.resources[`wandb-sso:index:${component}`]!.inputProperties);
                const typos = ["hots", "local_restore", "clientSecrets", "Protect", "authmethod", "extra"];
                for (const typo of typos.filter((t) => !known.includes(t))) {
                    mocks.reset();
                    await assert.rejects(construct(component, "t", { ...inputs, [typo]: "x" }), (e: unknown) => {
                        const text = (e as Error).message;
                        assert.match(
                            text,
                            new RegExp(`${component} "t": 1 problem; nothing was registered\\. Please fix:\\n {2}- ${typo} = `),
                        );
                        const plain = (n: string) => n.replace(/[-_]/g, "").toLowerCase();
                        const meant = known.find((n) => plain(n) === plain(typo));
                        if (meant !== undefined) assert.ok(text.endsWith(`unknown argument; use ${meant}`), text);
                        else
                            assert.ok(
                                text.endsWith(`unknown argument; the arguments are ${known.join(", ")}`) || sameSet(text, known),
                                text,
                            );
                        return true;
                    });
                    assert.deepEqual(mocks.resources, [], `${component} ${typo}`);
                }
            });
        }

        it("an unknown argument given as a secret or another resource's output is refused too, its value never shown", async () => {
            await assert.rejects(
                construct("WandbOidc", "w", { ...VALID.WandbOidc, clientSecrett: wireSecret(SECRET_VALUE) }),
                (e: unknown) =>
                    /- clientSecrett = \(an Output\): unknown argument/.test((e as Error).message) &&
                    !(e as Error).message.includes(SECRET_VALUE),
            );
            await assert.rejects(
                construct("WandbOidc", "w", { ...VALID.WandbOidc, localrestore: wireOutput(true, { dependencies: [OKTA_APP_URN] }) }),
                /- localrestore = \(an Output\): unknown argument; use localRestore/,
            );
        });
    });
});

/** Whether the message's list of arguments holds exactly `known`, in any order. */
function sameSet(text: string, known: readonly string[]): boolean {
    const listed = text.slice(text.lastIndexOf("the arguments are ") + "the arguments are ".length).split(", ");
    return listed.length === known.length && known.every((k) => listed.includes(k));
}
