// The offline plan of stacks that adopt an app registered by hand: each adopted resource carries
// `"import": "<the ID>"` in --json and `= … import <ID>` in the text, the live Deployment shows as a
// read (`"read": "<namespace>/<name>"`, `> … read …`), and the header counts each kind.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { runPlan, type CliResult } from "./planCli";
import { byName, projectWithStacks } from "./planStacks";

const STACKS: Record<string, string> = {
    "okta-adopt":
        "config:\n  wandb-sso:host: https://wandb.example.com\n  wandb-sso:idp: okta\n  wandb-sso:okta:\n" +
        "    orgUrl: https://acme.okta.com\n    adopt:\n      appId: 0oa1b2c3d4e5f6g7h8i9\n  wandb-sso:wandb:\n    namespace: ml\n    name: wandb-local\n",
    "cognito-adopt":
        "config:\n  aws:region: us-west-2\n  wandb-sso:host: https://wandb.example.com\n  wandb-sso:idp: cognito\n  wandb-sso:cognito:\n" +
        "    adopt:\n      userPoolId: us-west-2_AbC123xyZ\n      clientId: 3ho4ek12345678909nh3fmhpko\n      domain: wandb-acme\n",
    "okta-bad-adopt":
        "config:\n  wandb-sso:host: https://wandb.example.com\n  wandb-sso:idp: okta\n  wandb-sso:okta:\n" +
        "    orgUrl: https://acme.okta.com\n    adopt:\n      appId: Weights & Biases\n",
};

describe("npm run plan of stacks that adopt an app", function () {
    this.timeout(120_000);
    const runs: Record<string, CliResult> = {};
    before(async () => {
        const dir = projectWithStacks("wandb-sso-plan-adopt-", STACKS);
        const jobs = Object.keys(STACKS).flatMap((stack): [string, string[]][] => [
            [`${stack} json`, ["--project", dir, "--stack", stack, "--json"]],
            [`${stack} text`, ["--project", dir, "--stack", stack]],
        ]);
        const results = await Promise.all(jobs.map(([, args]) => runPlan(args)));
        jobs.forEach(([key], i) => (runs[key] = results[i]!));
        fs.rmSync(dir, { recursive: true, force: true });
    });
    const json = (stack: string) => {
        const run = runs[`${stack} json`]!;
        assert.equal(run.status, 0, run.stderr);
        return JSON.parse(run.stdout);
    };

    it("marks each adopted resource with its import ID, and only those", () => {
        const imports = (stack: string) =>
            json(stack)
                .resources.filter((r: any) => r.import !== undefined)
                .map((r: any) => [r.type, r.name, r.import]);
        assert.deepEqual(imports("okta-adopt"), [["okta:app/oAuth:OAuth", "wandb-sso-app", "0oa1b2c3d4e5f6g7h8i9"]]);
        assert.deepEqual(imports("cognito-adopt"), [
            ["aws:cognito/userPoolDomain:UserPoolDomain", "wandb-sso-domain", "wandb-acme"],
            ["aws:cognito/userPoolClient:UserPoolClient", "wandb-sso-client", "us-west-2_AbC123xyZ/3ho4ek12345678909nh3fmhpko"],
        ]);
        // The adopted client is declared in the pool it is in, with what wandb-sso sets on it.
        assert.equal(byName(json("cognito-adopt"), "wandb-sso-client").inputs.userPoolId, "us-west-2_AbC123xyZ");
    });

    it("shows the live Deployment as a read by <namespace>/<name>", () => {
        const reads = json("okta-adopt")
            .resources.filter((r: any) => r.read !== undefined)
            .map((r: any) => [r.type, r.name, r.parent, r.read]);
        assert.deepEqual(reads, [["kubernetes:apps/v1:Deployment", "wandb-live", "wandb", "ml/wandb-local"]]);
    });

    it("says import and read beside them in the text, and counts each kind", () => {
        const lines = runs["okta-adopt text"]!.stdout.split("\n");
        assert.ok(lines.includes("Resources: 4 to create, 1 to import, 1 read (known only in the cluster)"), lines.slice(0, 5).join("\n"));
        assert.ok(lines.includes("    = okta:app/oAuth:OAuth  wandb-sso-app  import 0oa1b2c3d4e5f6g7h8i9  [protected]"));
        assert.ok(lines.includes("    > kubernetes:apps/v1:Deployment  wandb-live  read ml/wandb-local"));
    });

    it("refuses an ID of the wrong shape before anything, naming its stack key", () => {
        const run = runs["okta-bad-adopt json"]!;
        assert.notEqual(run.status, 0);
        assert.match(
            run.stderr,
            /wandb-sso:okta\.adopt\.appId = "Weights & Biases": an Okta app ID is 0oa followed by 17 letters and digits/,
        );
    });
});
