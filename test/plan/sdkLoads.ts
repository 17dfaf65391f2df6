// Run as a child process: plans each stack named on the command line, in order, in this one fresh
// process, and prints (as JSON) which IdP SDKs each plan loaded first. An SDK is loaded once per
// process, so a plan that loads another IdP's SDK shows it here, unless an earlier plan had already.
import * as path from "node:path";
import { planStack } from "../../tools/plan/run";
import { readProject, readStackFile } from "../../tools/plan/stackFile";
import { ROOT } from "../helpers/root";

const IDP_SDKS = ["@pulumi/aws", "@pulumi/okta", "@pulumi/azuread", "@pulumi/auth0", "@pulumi/keycloak"];

function loadedSdks(): Set<string> {
    const loaded = new Set<string>();
    for (const file of Object.keys(require.cache)) {
        const sdk = IDP_SDKS.find((name) => file.includes(`${path.sep}node_modules${path.sep}${name.replace("/", path.sep)}${path.sep}`));
        if (sdk !== undefined) loaded.add(sdk);
    }
    return loaded;
}

async function main(): Promise<void> {
    const project = readProject(ROOT);
    const firstLoaded: Record<string, string[]> = {};
    for (const stack of process.argv.slice(2)) {
        const before = loadedSdks();
        await planStack(project.name, readStackFile(project, stack));
        firstLoaded[stack] = [...loadedSdks()].filter((sdk) => !before.has(sdk)).sort();
    }
    process.stdout.write(JSON.stringify(firstLoaded));
}

main().catch((error: unknown) => {
    process.stderr.write(String(error instanceof Error ? error.stack : error));
    process.exitCode = 1;
});
