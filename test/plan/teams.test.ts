// The offline plan of the teams example stack (stacks/Pulumi.teams.yaml), run as users run it.
import { strict as assert } from "node:assert";
import { runPlan } from "./planCli";
import { byName, type PlanJson } from "./planStacks";
import { cognitoTeamsLambdaCode } from "../../providers/cognito/rules";

describe("npm run plan --stack teams (Cognito, wandb-sso:teams with a filter)", function () {
    this.timeout(120_000);
    let plan: PlanJson;
    before(async () => {
        const run = await runPlan(["--stack", "teams", "--json"]);
        assert.equal(run.status, 0, run.stderr);
        plan = JSON.parse(run.stdout);
    });

    it("creates the pre token generation trigger, its role and permission, and the teams' groups under CognitoOidcApp", () => {
        const under = plan.resources.filter((r: PlanJson) => r.parent === "wandb-sso").map((r: PlanJson) => [r.type, r.name]);
        assert.deepEqual(under, [
            ["aws:iam/role:Role", "wandb-sso-teams-role"],
            ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "wandb-sso-teams-logs"],
            ["aws:lambda/function:Function", "wandb-sso-teams"],
            ["aws:cognito/userPool:UserPool", "wandb-sso-pool"],
            ["aws:lambda/permission:Permission", "wandb-sso-teams-invoke"],
            ["aws:cognito/userGroup:UserGroup", "wandb-sso-team-ml-research"],
            ["aws:cognito/userGroup:UserGroup", "wandb-sso-team-vision"],
            ["aws:cognito/userPoolDomain:UserPoolDomain", "wandb-sso-domain"],
            ["aws:cognito/userPoolClient:UserPoolClient", "wandb-sso-client"],
        ]);
        const pool = byName(plan, "wandb-sso-pool").inputs;
        assert.deepEqual(pool.lambdaConfig, { preTokenGenerationConfig: { lambdaArn: "(known after apply)", lambdaVersion: "V2_0" } });
        assert.equal(pool.userPoolTier, "ESSENTIALS");
    });

    it("shows the trigger's code, with the teams filter", () => {
        assert.deepEqual(byName(plan, "wandb-sso-teams").inputs.code, {
            archive: { "index.js": cognitoTeamsLambdaCode(["ml-research", "vision"]) },
        });
    });

    it("turns W&B's group claims on, under both spellings", () => {
        assert.equal(plan.wandbEnv.GORILLA_ENABLE_SSO_GROUP_CLAIMS, "true");
        assert.equal(plan.wandbEnv.GORILLA_ENABLE_SSO_GROUPS_CLAIMS, "true");
    });
});
