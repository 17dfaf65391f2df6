// What justifies the registry: a stack loads only its own IdP's SDK (and so `pulumi up` asks only
// for that provider's plugin). Every stack file is planned in one fresh process, and each plan may
// load no IdP SDK but its own.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { listStacks, readProject, readStackFile } from "../../tools/plan/stackFile";
import { ROOT } from "../helpers/root";

/** The SDK each IdP's component loads (`existing` creates no cloud resource and loads none). */
const SDK_OF: Readonly<Record<string, string | undefined>> = {
    cognito: "@pulumi/aws",
    okta: "@pulumi/okta",
    entra: "@pulumi/azuread",
    auth0: "@pulumi/auth0",
    keycloak: "@pulumi/keycloak",
    existing: undefined,
};

describe("the registry loads an IdP's SDK only for stacks that use it", () => {
    it("every stack's plan loads no other IdP's SDK, and the first stack of each IdP loads its own", function () {
        this.timeout(60_000);
        const project = readProject(ROOT);
        const stacks = listStacks(project);
        const run = spawnSync(process.execPath, ["--import", "tsx", path.join(__dirname, "sdkLoads.ts"), ...stacks], {
            cwd: ROOT,
            encoding: "utf8",
            env: { ...process.env, NODE_NO_WARNINGS: "1" },
        });
        assert.equal(run.status, 0, run.stderr);
        const firstLoaded = JSON.parse(run.stdout) as Record<string, string[]>;
        const seen = new Set<string>();
        for (const stack of stacks) {
            const idp = readStackFile(project, stack).config["wandb-sso:idp"] ?? "(none)";
            assert.ok(idp in SDK_OF, `${stack}: unknown idp ${idp}`);
            const own = SDK_OF[idp];
            const expected = own === undefined || seen.has(own) ? [] : [own];
            assert.deepEqual(firstLoaded[stack], expected, `stack ${stack} (idp ${idp}) loaded ${JSON.stringify(firstLoaded[stack])}`);
            if (own !== undefined) seen.add(own);
        }
        assert.deepEqual([...seen].sort(), ["@pulumi/auth0", "@pulumi/aws", "@pulumi/azuread", "@pulumi/keycloak", "@pulumi/okta"]);
    });
});
