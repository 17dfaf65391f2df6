import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "node:assert";
import { CognitoOidcApp } from "../../providers/cognito";
import { cognitoHostedUiUrl, cognitoIssuer, parseDomainPrefix, parseUserPoolId, userPoolRegion } from "../../providers/cognito/rules";
import { ConfigError } from "../../src/errors";
import { installMocks, protectRecorder, registered, settle, valueOf, type MockRuntime } from "../helpers/pulumiMocks";

const POOL = "aws:cognito/userPool:UserPool";
const DOMAIN = "aws:cognito/userPoolDomain:UserPoolDomain";
const CLIENT = "aws:cognito/userPoolClient:UserPoolClient";

const clientInputs = (userPoolId: string, generateSecret = false) => ({
    userPoolId,
    allowedOauthFlowsUserPoolClient: true,
    allowedOauthFlows: ["code"],
    allowedOauthScopes: ["openid", "profile", "email"],
    callbackUrls: ["https://wandb.example.com/oidc/callback"],
    logoutUrls: ["https://wandb.example.com"],
    supportedIdentityProviders: ["COGNITO"],
    generateSecret,
    preventUserExistenceErrors: "ENABLED",
    enableTokenRevocation: true,
});

describe("Cognito rules", () => {
    it("derives the issuer from region and pool, never the hosted-UI domain", () => {
        assert.equal(cognitoIssuer("eu-central-1", "eu-central-1_Abc"), "https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Abc");
        assert.equal(cognitoHostedUiUrl("wandb-x", "eu-central-1"), "https://wandb-x.auth.eu-central-1.amazoncognito.com");
    });
    it("reads the region from a pool ID", () => {
        assert.equal(userPoolRegion("us-gov-west-1_AbC"), "us-gov-west-1");
        assert.equal(userPoolRegion("ap-southeast-2_Z9"), "ap-southeast-2");
        assert.equal(userPoolRegion("nope"), undefined);
    });
    it("validates pool IDs and domain prefixes", () => {
        assert.deepEqual(parseUserPoolId("us-west-2_AbC123xyZ"), { value: "us-west-2_AbC123xyZ" });
        assert.ok("fix" in parseUserPoolId("us-west-2-AbC"));
        assert.deepEqual(parseDomainPrefix("wandb-example"), { value: "wandb-example" });
        assert.deepEqual(parseDomainPrefix("-x"), {
            fix: "a domain prefix is 1-63 lower-case letters, digits and hyphens, not starting or ending with a hyphen; e.g. x",
        });
        assert.deepEqual(parseDomainPrefix("amazon-wandb"), {
            fix: 'Cognito refuses domain prefixes containing "amazon"; choose another, e.g. wandb',
        });
    });
});

describe("CognitoOidcApp", () => {
    let mocks: MockRuntime;
    before(async () => {
        mocks = await installMocks();
    });
    beforeEach(() => mocks.reset());

    it("creates a pool with secure defaults, its hosted-UI domain and the W&B app client", async () => {
        const app = new CognitoOidcApp("t", { host: "https://wandb.example.com/", domainPrefix: "wandb-example" });
        await settle(app.issuer, app.clientId);
        assert.deepEqual(
            mocks.resources.map((r) => [r.type, r.name]),
            [
                ["wandb-sso:index:CognitoOidcApp", "t"],
                [POOL, "t-pool"],
                [DOMAIN, "t-domain"],
                [CLIENT, "t-client"],
            ],
        );
        assert.deepEqual(mocks.one(POOL).inputs, {
            usernameAttributes: ["email"],
            autoVerifiedAttributes: ["email"],
            usernameConfiguration: { caseSensitive: false },
            userAttributeUpdateSettings: { attributesRequireVerificationBeforeUpdates: ["email"] },
            accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
            adminCreateUserConfig: { allowAdminCreateUserOnly: true },
            passwordPolicy: {
                minimumLength: 12,
                requireLowercase: true,
                requireUppercase: true,
                requireNumbers: true,
                requireSymbols: true,
                temporaryPasswordValidityDays: 7,
            },
            mfaConfiguration: "OPTIONAL",
            softwareTokenMfaConfiguration: { enabled: true },
            deletionProtection: "ACTIVE",
        });
        // The classic hosted UI, explicitly: managed login (2) needs a branding style per app client.
        assert.deepEqual(mocks.one(DOMAIN).inputs, { domain: "wandb-example", userPoolId: "us-west-2_NewPool123", managedLoginVersion: 1 });
        assert.deepEqual(mocks.one(CLIENT).inputs, clientInputs("us-west-2_NewPool123"));
        assert.equal(await valueOf(app.issuer), "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_NewPool123");
        assert.equal(await valueOf(app.clientId), "client-id-123");
        assert.equal(await valueOf(app.authMethod), "pkce");
        assert.equal(await valueOf(app.callbackUrl), "https://wandb.example.com/oidc/callback");
        assert.equal(await valueOf(app.logoutUrl), "https://wandb.example.com");
        assert.equal(await valueOf(app.hostedUiUrl!), "https://wandb-example.auth.us-west-2.amazoncognito.com");
        assert.equal(app.clientSecret, undefined);
    });

    it("reuses an existing pool: no pool, no domain, issuer from the provider's region", async () => {
        const app = new CognitoOidcApp("t", { host: "https://wandb.example.com", userPoolId: "us-west-2_Existing1" });
        await settle(app.issuer, app.clientId);
        assert.deepEqual(
            mocks.resources.map((r) => r.type),
            ["wandb-sso:index:CognitoOidcApp", CLIENT],
        );
        assert.deepEqual(mocks.one(CLIENT).inputs, clientInputs("us-west-2_Existing1"));
        assert.equal(await valueOf(app.issuer), "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Existing1");
        assert.equal(await valueOf(app.userPoolId), "us-west-2_Existing1");
    });

    it("keeps a generated client secret a Pulumi secret", async () => {
        const app = new CognitoOidcApp("t", { host: "https://wandb.example.com", userPoolId: "us-west-2_Existing1", generateSecret: true });
        assert.ok(app.clientSecret);
        await settle(app.clientSecret);
        assert.equal(mocks.one(CLIENT).inputs.generateSecret, true);
        assert.equal(await pulumi.isSecret(app.clientSecret), true);
        assert.equal(await valueOf(app.clientSecret), "cognito-client-secret-value");
    });

    it("leaves deletion protection off when protect is false", async () => {
        const app = new CognitoOidcApp("t", { host: "https://wandb.example.com", domainPrefix: "wandb-x", protect: false });
        await settle(app.issuer);
        assert.equal(mocks.one(POOL).inputs.deletionProtection, "INACTIVE");
    });

    it("protects the pool, its domain and the client; never what teams add (turning teams off deletes them); nothing when asked", async () => {
        const args = { host: "https://wandb.example.com", domainPrefix: "wandb-x", teams: true, teamGroups: ["ml"] };
        const settings = { "t-teams-role": false, "t-teams-logs": false, "t-teams": false, "t-teams-invoke": false, "t-team-ml": false };
        const on = protectRecorder();
        const app = new CognitoOidcApp("t", args, on.opts);
        await settle(app.issuer, app.clientId);
        await registered(mocks, 9);
        assert.deepEqual(on.seen, { "t-pool": true, "t-domain": true, "t-client": true, ...settings });
        mocks.reset();
        const off = protectRecorder();
        const unprotected = new CognitoOidcApp("t", { ...args, protect: false }, off.opts);
        await settle(unprotected.issuer, unprotected.clientId);
        await registered(mocks, 9);
        assert.deepEqual(off.seen, { "t-pool": false, "t-domain": false, "t-client": false, ...settings });
    });

    it("refuses implicit and every other bad argument at once, registering nothing", () => {
        assert.throws(
            () =>
                new CognitoOidcApp("t", {
                    host: "http://wandb.example.com",
                    authMethod: "implicit",
                    userPoolId: "pool",
                    domainPrefix: "Bad_Prefix",
                }),
            (e: unknown) => {
                assert.ok(e instanceof ConfigError);
                assert.deepEqual(
                    e.problems.map((p) => p.setting),
                    ["host", "userPoolId", "domainPrefix", "authMethod"],
                );
                assert.equal(
                    e.problems[3]!.fix,
                    "AWS Cognito requires pkce (it cannot answer the implicit flow's form_post): set it to pkce or leave it unset",
                );
                assert.ok(e.message.startsWith('CognitoOidcApp "t": 4 problems; nothing was registered.'));
                return true;
            },
        );
        assert.deepEqual(mocks.resources, []);
    });
});

describe("CognitoOidcApp in another region", () => {
    let mocks: MockRuntime;
    before(async () => {
        mocks = await installMocks({ invokes: { "aws:index/getRegion:getRegion": () => ({ region: "eu-west-1" }) } });
    });

    it("states the issuer in the AWS provider's region", async () => {
        const app = new CognitoOidcApp("t", { host: "https://wandb.example.com", userPoolId: "eu-west-1_Pool9" });
        assert.equal(await valueOf(app.issuer), "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool9");
        assert.deepEqual(
            mocks.invokes.map((i) => i.token),
            ["aws:index/getRegion:getRegion"],
        );
    });

    it("fails with the fix, on the component and without a stack trace, when the provider's region differs", async () => {
        const app = new CognitoOidcApp("u", { host: "https://wandb.example.com", userPoolId: "us-east-1_Pool9" });
        await assert.rejects(valueOf(app.issuer), (e: unknown) => {
            assert.ok(pulumi.ResourceError.isInstance(e), String(e));
            assert.equal(
                e.message,
                'CognitoOidcApp "u": userPoolId = "us-east-1_Pool9": the pool is in us-east-1, but the AWS provider\'s region (aws:region) is eu-west-1, where it cannot be found: set aws:region to us-east-1, or use a pool in eu-west-1',
            );
            // Pulumi prints a ResourceError with hideStack as its message alone; something may have
            // been registered by then, so it does not claim otherwise.
            assert.equal(e.hideStack, true);
            assert.equal(e.resource, app);
            return true;
        });
    });
});

describe("CognitoOidcApp against the stack's aws:region", () => {
    let mocks: MockRuntime;
    before(async () => {
        mocks = await installMocks({ config: { "aws:region": "eu-west-1" } });
    });
    after(() => pulumi.runtime.setAllConfig({}, []));
    beforeEach(() => mocks.reset());

    it("refuses a literal pool in another region before registering anything, naming both settings", () => {
        assert.throws(
            () => new CognitoOidcApp("r", { host: "https://wandb.example.com", userPoolId: "us-east-1_Pool9" }),
            (e: unknown) => {
                assert.ok(e instanceof ConfigError, String(e));
                assert.equal(
                    e.message,
                    'CognitoOidcApp "r": 1 problem; nothing was registered. Please fix:\n  - userPoolId = "us-east-1_Pool9": the pool is in us-east-1, but the AWS provider\'s region (aws:region) is eu-west-1, where it cannot be found: set aws:region to us-east-1, or use a pool in eu-west-1',
                );
                return true;
            },
        );
        assert.deepEqual(mocks.resources, []);
    });

    it("takes a pool in the stack's region", () => {
        new CognitoOidcApp("s", { host: "https://wandb.example.com", userPoolId: "eu-west-1_Pool9" });
    });

    it("leaves a component with its own provider to that provider's answer (the stack's region may not be its)", async () => {
        const provider = new (class extends pulumi.ProviderResource {})("aws", "use1", {});
        const app = new CognitoOidcApp("p", { host: "https://wandb.example.com", userPoolId: "us-east-1_Pool9" }, { provider });
        // The mocked provider answers us-west-2: the check waits for it, and fails then.
        await assert.rejects(valueOf(app.issuer), (e: unknown) => pulumi.ResourceError.isInstance(e));
    });
});
