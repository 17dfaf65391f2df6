import { strict as assert } from "node:assert";
import { UNDECRYPTED_SECRET, flattenConfig } from "../../tools/plan/stackFile";
import { runPlan, runPlanProcess } from "./planCli";
import { byName, projectWithStacks } from "./planStacks";

describe("npm run plan (dev stack)", () => {
    // As users run it: a process of its own, the default stack.
    let text: ReturnType<typeof runPlanProcess>;
    let json: ReturnType<typeof runPlanProcess>;
    before(() => {
        text = runPlanProcess([]);
        json = runPlanProcess(["--json"]);
    });

    it("plans the dev stack by default and exits 0", () => {
        assert.equal(text.status, 0, text.stderr);
        assert.ok(text.stdout.startsWith('wandb-sso plan for stack "dev"'));
    });

    it("prints the resource tree with parents, as JSON with Pulumi type tokens", () => {
        assert.equal(json.status, 0, json.stderr);
        const plan = JSON.parse(json.stdout);
        assert.equal(plan.stack, "dev");
        assert.deepEqual(
            plan.resources.map((r: any) => [r.type, r.name, r.parent]),
            [
                ["wandb-sso:index:CognitoOidcApp", "wandb-sso", null],
                ["aws:cognito/userPool:UserPool", "wandb-sso-pool", "wandb-sso"],
                ["aws:cognito/userPoolDomain:UserPoolDomain", "wandb-sso-domain", "wandb-sso"],
                ["aws:cognito/userPoolClient:UserPoolClient", "wandb-sso-client", "wandb-sso"],
                ["wandb-sso:index:WandbOidc", "wandb", null],
                // The live Deployment, read before anything is created.
                ["kubernetes:apps/v1:Deployment", "wandb-live", "wandb"],
                ["kubernetes:core/v1:ConfigMap", "wandb-oidc", "wandb"],
                ["kubernetes:apps/v1:DeploymentPatch", "wandb-deployment", "wandb"],
            ],
        );
    });

    it("shows the exact inputs, with (known after apply) for what only apply knows", () => {
        const plan = JSON.parse(json.stdout);
        assert.deepEqual(byName(plan, "wandb-sso-domain").inputs, {
            domain: "wandb-dev-example",
            userPoolId: "(known after apply)",
            managedLoginVersion: 1,
        });
        assert.deepEqual(byName(plan, "wandb-sso-client").inputs, {
            allowedOauthFlows: ["code"],
            allowedOauthFlowsUserPoolClient: true,
            allowedOauthScopes: ["openid", "profile", "email"],
            callbackUrls: ["https://wandb.dev.example.com/oidc/callback"],
            enableTokenRevocation: true,
            generateSecret: false,
            logoutUrls: ["https://wandb.dev.example.com"],
            preventUserExistenceErrors: "ENABLED",
            supportedIdentityProviders: ["COGNITO"],
            userPoolId: "(known after apply)",
        });
        assert.equal(byName(plan, "wandb-sso-pool").inputs.deletionProtection, "ACTIVE");
        const env = byName(plan, "wandb-deployment").inputs.spec.template.spec.containers[0].env;
        assert.deepEqual(env[0], {
            name: "OIDC_ISSUER",
            valueFrom: { configMapKeyRef: { key: "OIDC_ISSUER", name: "(known after apply)" } },
        });
    });

    it("states the outputs and the exact W&B environment", () => {
        const plan = JSON.parse(json.stdout);
        assert.deepEqual(plan.outputs, {
            issuer: "(known after apply)",
            clientId: "(known after apply)",
            authMethod: "pkce",
            callbackUrl: "https://wandb.dev.example.com/oidc/callback",
            logoutUrl: "https://wandb.dev.example.com",
        });
        assert.deepEqual(plan.wandbEnv, {
            OIDC_ISSUER: "(known after apply)",
            GORILLA_OIDC_ISSUER: "(known after apply)",
            OIDC_CLIENT_ID: "(known after apply)",
            GORILLA_OIDC_CLIENT_ID: "(known after apply)",
            OIDC_AUTH_METHOD: "pkce",
            GORILLA_AUTH_METHOD: "pkce",
            GORILLA_CORS_ORIGINS: "https://wandb.dev.example.com,null",
        });
    });

    it("prints the same in text: tree, inputs, outputs, environment", () => {
        for (const line of [
            "+ wandb-sso:index:CognitoOidcApp  wandb-sso",
            "    + aws:cognito/userPoolClient:UserPoolClient  wandb-sso-client  [protected]",
            "          userPoolId: (known after apply)",
            "    callbackUrl  https://wandb.dev.example.com/oidc/callback",
            "    GORILLA_CORS_ORIGINS=https://wandb.dev.example.com,null",
        ]) {
            assert.ok(text.stdout.split("\n").includes(line), `missing line: ${line}`);
        }
    });
});

describe("npm run plan (other stacks)", () => {
    it("plans a reused pool with a secret: issuer known, secret shown only as [secret]", async () => {
        const result = await runPlan(["--stack", "shared-pool", "--json"]);
        assert.equal(result.status, 0, result.stderr);
        const plan = JSON.parse(result.stdout);
        assert.equal(
            plan.resources.some((r: any) => r.type === "aws:cognito/userPool:UserPool"),
            false,
        );
        assert.equal(plan.outputs.issuer, "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123xyZ");
        assert.equal(plan.outputs.clientSecret, "[secret]");
        assert.equal(plan.wandbEnv.OIDC_SECRET, "[secret]");
        assert.equal(plan.wandbEnv.GORILLA_OIDC_SECRET, "[secret]");
        assert.deepEqual(byName(plan, "wandb-oidc-secret").inputs.stringData, "[secret]");
    });

    it("exits 1 on a bad stack with every problem, having registered nothing", () => {
        const dir = projectWithStacks("wandb-sso-plan-", {
            bad: "config:\n  wandb-sso:host: http://wandb.example.com\n  wandb-sso:idp: cognito\n  wandb-sso:authMethod: implicit\n  wandb-sso:cognito:\n    domainPrefix: wandb-x\n",
        });
        const result = runPlanProcess(["--project", dir, "--stack", "bad"]);
        assert.equal(result.status, 1);
        assert.equal(result.stdout, "");
        assert.equal(
            result.stderr,
            'wandb-sso stack "bad": 2 problems; nothing was registered. Please fix:\n' +
                '  - wandb-sso:host = "http://wandb.example.com": http is allowed only for localhost; use https://wandb.example.com\n' +
                '  - wandb-sso:authMethod = "implicit": AWS Cognito requires pkce (it cannot answer the implicit flow\'s form_post): set it to pkce or leave it unset\n',
        );
    });

    it("names the stacks that exist when the stack file is missing", async () => {
        const result = await runPlan(["--stack", "nope"]);
        assert.equal(result.status, 1);
        assert.match(
            result.stderr,
            /^no stack "nope": stacks\/Pulumi\.nope\.yaml does not exist\. The stacks are: .*\bdev\b.*\bshared-pool\b/,
        );
    });
});

describe("stack files", () => {
    it("reads config as Pulumi passes it: project keys, JSON objects, secure values as secrets", () => {
        assert.deepEqual(
            flattenConfig("wandb-sso", {
                host: "https://w.example.com",
                "aws:region": "us-west-2",
                "wandb-sso:localRestore": false,
                "wandb-sso:existing": { clientId: "c", clientSecret: { secure: "v1:abc" } },
                "okta:apiToken": { secure: "v1:def" },
            }),
            {
                config: {
                    "wandb-sso:host": "https://w.example.com",
                    "aws:region": "us-west-2",
                    "wandb-sso:localRestore": "false",
                    "wandb-sso:existing": JSON.stringify({ clientId: "c", clientSecret: UNDECRYPTED_SECRET }),
                    "okta:apiToken": UNDECRYPTED_SECRET,
                },
                secretKeys: ["wandb-sso:existing", "okta:apiToken"],
            },
        );
    });
});
