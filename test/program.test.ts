import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "node:assert";
import { installMocks, registered, valueOf, type MockRuntime } from "./helpers/pulumiMocks";

describe("src/program.ts (the Pulumi entry point)", () => {
    let mocks: MockRuntime;
    before(async () => {
        mocks = await installMocks({
            config: {
                "wandb-sso:host": "https://wandb.example.com",
                "wandb-sso:idp": "cognito",
                "wandb-sso:cognito": JSON.stringify({ userPoolId: "us-west-2_Pool1", generateSecret: true }),
                "wandb-sso:wandb": JSON.stringify({ namespace: "wandb" }),
            },
        });
    });

    it("exports a function that builds the stack and returns its outputs", async () => {
        // Loaded after the mocks, as Pulumi loads it after connecting to the engine.
        const program = (await import("../src/program.js")).default as unknown as () => Record<string, any>;
        const outputs = program();
        assert.deepEqual(Object.keys(outputs), ["issuer", "clientId", "authMethod", "callbackUrl", "logoutUrl", "clientSecret"]);
        assert.equal(await valueOf(outputs.issuer), "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Pool1");
        assert.equal(await valueOf(outputs.clientId), "client-id-123");
        assert.equal(await pulumi.isSecret(outputs.clientSecret), true);
        await registered(mocks, 7);
        assert.deepEqual(mocks.resources.map((r) => r.type).sort(), [
            "aws:cognito/userPoolClient:UserPoolClient",
            "kubernetes:apps/v1:Deployment",
            "kubernetes:apps/v1:DeploymentPatch",
            "kubernetes:core/v1:ConfigMap",
            "kubernetes:core/v1:Secret",
            "wandb-sso:index:CognitoOidcApp",
            "wandb-sso:index:WandbOidc",
        ]);
    });
});
