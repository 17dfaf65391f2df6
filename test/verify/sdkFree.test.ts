// verify stays free of the Pulumi SDK at run time: the CLI starts fast and works without a Pulumi
// program, and the switch-over guard, which a resource hook runs inside one, imports only its types.
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

/** The @pulumi modules loaded by requiring `target` (a path under the repository, or a package), in a fresh process. */
function pulumiModulesLoadedBy(target: string): Promise<string[]> {
    const request = target.startsWith("@") ? target : path.join(ROOT, target);
    const script =
        `require(${JSON.stringify(request)}); ` +
        `process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((f) => f.includes("@pulumi"))))`;
    return new Promise((resolve, reject) => {
        execFile(process.execPath, ["--import", "tsx", "-e", script], { cwd: ROOT }, (error, stdout, stderr) => {
            if (error) reject(new Error(`${error.message}\n${stderr}`));
            else resolve(JSON.parse(stdout) as string[]);
        });
    });
}

describe("verify loads no @pulumi module", () => {
    const targets = ["@pulumi/pulumi", "src/verify/guard.ts", "src/cli/verify.ts"];
    const loaded = new Map<string, Promise<string[]>>();
    before(() => {
        // The processes start together (each pays tsx's start-up); each case awaits its own.
        for (const target of targets) {
            const probe = pulumiModulesLoadedBy(target);
            probe.catch(() => undefined); // reported by the case that awaits it
            loaded.set(target, probe);
        }
    });

    it("the probe sees the SDK when it is loaded", async () => {
        assert.ok((await loaded.get("@pulumi/pulumi")!).length > 0);
    });
    for (const target of targets.slice(1)) {
        it(target, async () => {
            assert.deepEqual(await loaded.get(target)!, []);
        });
    }
});
