import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import type * as ExistingModule from "../../providers/existing";
import type * as IdpsModule from "../../src/idps";
import type * as WandbModule from "../../src/wandb/wandbOidc";
import { ConfigError } from "../../src/errors";
import { readStackConfig } from "../../src/config";
import { raw } from "../helpers/stackConfig";
import { installMocks, isSecretInput, settle, valueOf, type MockRuntime, assertNotHeldOutside } from "../helpers/pulumiMocks";

const HOST = "https://wandb.example.com";
const GOOGLE = { issuer: "https://accounts.google.com", clientId: "1234-abc.apps.googleusercontent.com" };
const SECRET_VALUE = "GOCSPX-existing-secret-value";
const SECRET = "kubernetes:core/v1:Secret";
const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";

function isSecretOutput(output: pulumi.Output<unknown>): Promise<boolean> {
    return pulumi.isSecret(output);
}

describe("ExistingOidcApp", () => {
    let mocks: MockRuntime;
    let existing: typeof ExistingModule;
    let idps: typeof IdpsModule;
    let wandb: typeof WandbModule;
    before(async () => {
        mocks = await installMocks();
        existing = await import("../../providers/existing/index.js");
        idps = await import("../../src/idps.js");
        wandb = await import("../../src/wandb/wandbOidc.js");
    });
    beforeEach(() => mocks.reset());

    it("creates no cloud resource and outputs the values it was given", async () => {
        const app = new existing.ExistingOidcApp("t", { host: `${HOST}/`, ...GOOGLE, clientSecret: pulumi.secret(SECRET_VALUE) });
        await settle(app.issuer, app.clientId, app.authMethod, app.callbackUrl, app.logoutUrl, app.clientSecret!);
        assert.deepEqual(mocks.resources, [{ type: "wandb-sso:index:ExistingOidcApp", name: "t", inputs: {}, custom: false }]);
        assert.equal(await valueOf(app.issuer), "https://accounts.google.com");
        assert.equal(await valueOf(app.clientId), GOOGLE.clientId);
        assert.equal(await valueOf(app.authMethod), "pkce");
        assert.equal(await valueOf(app.callbackUrl), "https://wandb.example.com/oidc/callback");
        assert.equal(await valueOf(app.logoutUrl), "https://wandb.example.com/logout");
        assert.equal(await valueOf(app.clientSecret!), SECRET_VALUE);
        assert.equal(await isSecretOutput(app.clientSecret!), true);
    });

    it("has no clientSecret property when none was given (known before anything is applied)", async () => {
        const app = new existing.ExistingOidcApp("t", {
            host: HOST,
            issuer: "https://acme.us.auth0.com/",
            clientId: "abc",
            authMethod: "implicit",
        });
        assert.ok(!("clientSecret" in app));
        assert.equal(await valueOf(app.authMethod), "implicit");
    });

    it("keeps the secret secret all the way into the W&B Secret, never in the ConfigMap", async () => {
        const app = new existing.ExistingOidcApp("idp", { host: HOST, ...GOOGLE, clientSecret: pulumi.secret(SECRET_VALUE) });
        const w = wandb.WandbOidc.forClient("wandb", app, { host: HOST, namespace: "wandb" });
        await settle(w.configMapName, w.secretName!, w.env);
        const secret = mocks.one(SECRET);
        // The mock monitor wraps the secret input (here the whole stringData) in its secret signature.
        const stringData = secret.inputs.stringData;
        assert.ok(isSecretInput(stringData), JSON.stringify(stringData));
        assert.deepEqual((stringData as { value: unknown }).value, { OIDC_SECRET: SECRET_VALUE });
        const configMap = mocks.one(CONFIG_MAP);
        assert.ok(!JSON.stringify(configMap.inputs).includes(SECRET_VALUE));
        assert.deepEqual(configMap.inputs.data, {
            OIDC_CLIENT_ID: GOOGLE.clientId,
            OIDC_ISSUER: "https://accounts.google.com",
            OIDC_AUTH_METHOD: "pkce",
            GORILLA_CORS_ORIGINS: "https://wandb.example.com,null",
        });
        assert.equal(await isSecretOutput(w.envVars.OIDC_SECRET!), true);
        assert.equal(await isSecretOutput(w.envVars.GORILLA_OIDC_SECRET!), true);
        assert.equal(await isSecretOutput(w.env), true);
        // Nothing else carries the value in plain text.
        assertNotHeldOutside(mocks.resources, SECRET_VALUE, SECRET);
    });

    it("wraps a secret it is given as pulumi.secret of a provider output", async () => {
        const source = pulumi.secret(pulumi.output("from-another-resource"));
        const app = new existing.ExistingOidcApp("t", { host: HOST, ...GOOGLE, clientSecret: source });
        assert.equal(await isSecretOutput(app.clientSecret!), true);
    });

    it("fails, in preview already, when the clientSecret Output is not a Pulumi secret", async () => {
        const app = new existing.ExistingOidcApp("t", { host: HOST, ...GOOGLE, clientSecret: pulumi.output(SECRET_VALUE) });
        await assert.rejects(valueOf(app.clientSecret!), (e: Error) => {
            assert.equal(
                e.message,
                'ExistingOidcApp "t": clientSecret = "[secret]": this Output is not a Pulumi secret, so its value would be stored unencrypted wherever it flows; wrap it with pulumi.secret(...) where it is made',
            );
            assert.ok(!e.message.includes(SECRET_VALUE));
            return true;
        });
    });

    describe("refuses bad arguments before registering anything", () => {
        const cases: [string, Partial<ExistingModule.ExistingOidcAppArgs>, string[]][] = [
            [
                "a plain string secret (with the fix, never the value)",
                { clientSecret: SECRET_VALUE },
                [
                    'clientSecret = "[secret]": a plain value is not a Pulumi secret and would be stored unencrypted; pass pulumi.secret(value), or read it with config.requireSecret(...)',
                ],
            ],
            [
                "a promise as the secret",
                { clientSecret: Promise.resolve(SECRET_VALUE) },
                [
                    'clientSecret = "[secret]": a plain value is not a Pulumi secret and would be stored unencrypted; pass pulumi.secret(value), or read it with config.requireSecret(...)',
                ],
            ],
            [
                "SAML",
                { authMethod: "saml" as never },
                ['authMethod = "saml": W&B Server does not support SAML; it logs in through OIDC: use pkce (recommended) or implicit'],
            ],
            [
                "Google's issuer with a trailing slash",
                { issuer: "https://accounts.google.com/" },
                [
                    'issuer = "https://accounts.google.com/": Google\'s issuer is exactly https://accounts.google.com (https, no path, no trailing slash); use "https://accounts.google.com"',
                ],
            ],
            [
                "www.google.com",
                { issuer: "https://www.google.com" },
                [
                    'issuer = "https://www.google.com": Google\'s issuer is exactly https://accounts.google.com (https, no path, no trailing slash); use "https://accounts.google.com"',
                ],
            ],
            [
                "the discovery URL",
                { issuer: "https://login.example.com/.well-known/openid-configuration", clientId: "abc" },
                [
                    'issuer = "https://login.example.com/.well-known/openid-configuration": this is the discovery document\'s URL, not the issuer; use the part before /.well-known: "https://login.example.com"',
                ],
            ],
            [
                "an http issuer",
                { issuer: "http://login.example.com", clientId: "abc" },
                ['issuer = "http://login.example.com": http is allowed only for localhost; use "https://login.example.com"'],
            ],
            [
                "Google without a secret for pkce, and a client ID that is not Google's",
                { clientSecret: undefined, clientId: "abc" },
                [
                    'clientId = "abc": a Google OAuth client ID ends with .apps.googleusercontent.com; copy it from Google Cloud console > APIs & Services > Credentials',
                    "clientSecret = (not set): Google's Web application clients need their client secret to exchange the code (authMethod pkce): set clientSecret, or use authMethod implicit",
                ],
            ],
            [
                "an empty client ID",
                { clientId: "" },
                ['clientId = "": set the client ID the IdP issued, e.g. 1234-abc.apps.googleusercontent.com'],
            ],
        ];
        for (const [what, args, lines] of cases) {
            it(what, () => {
                assert.throws(
                    () => new existing.ExistingOidcApp("bad", { host: HOST, ...GOOGLE, clientSecret: pulumi.secret("s"), ...args }),
                    (e: unknown) => {
                        assert.ok(e instanceof ConfigError);
                        const count = lines.length === 1 ? "1 problem" : `${lines.length} problems`;
                        assert.equal(
                            e.message,
                            [`ExistingOidcApp "bad": ${count}; nothing was registered. Please fix:`, ...lines.map((l) => `  - ${l}`)].join(
                                "\n",
                            ),
                        );
                        assert.ok(!e.message.includes(SECRET_VALUE));
                        return true;
                    },
                );
                assert.deepEqual(mocks.resources, []);
            });
        }
    });

    it("is what the stack program creates for wandb-sso:idp existing, the config's secret wrapped as a Pulumi secret", async () => {
        const { idp } = readStackConfig(
            raw({ host: HOST, idp: "existing", existing: JSON.stringify({ ...GOOGLE, clientSecret: SECRET_VALUE }) }, ["existing"]),
        );
        const app = idps.createIdpApp("wandb-sso", idp, { host: HOST, authMethod: "pkce", protect: true });
        assert.ok(app instanceof existing.ExistingOidcApp);
        assert.equal(await isSecretOutput(app.clientSecret!), true);
        assert.equal(await valueOf(app.clientSecret!), SECRET_VALUE);
        const without = idps.createIdpApp(
            "other",
            { name: "existing", settings: { issuer: "https://acme.us.auth0.com/", clientId: "abc" } },
            { host: HOST, authMethod: "pkce", protect: true },
        );
        assert.ok(!("clientSecret" in without));
    });
});
