// A child process for secrets.test.ts: runs the real stack program (src/program.ts) the way
// Pulumi's Node.js runner does (@pulumi/pulumi cmd/run/run.js: the program's exported function
// inside `runInPulumiStack`, errors printed by its uncaught-error handler), under Pulumi's mocks,
// with the config the Pulumi CLI hands a program under `pulumi up`: decrypted, in the environment
// variables PULUMI_CONFIG (a JSON object of full keys to values) and PULUMI_CONFIG_SECRET_KEYS (a
// JSON array of the keys set as secrets), which the SDK reads in runtime/config.js (`parseConfig`,
// `isConfigSecret`, through the store state.js fills from process.env).
import * as pulumi from "@pulumi/pulumi";

const reported = new Set<unknown>();

/** What Pulumi's runner prints for an error, once (run.js `uncaughtHandler`). */
function report(err: unknown): void {
    if (reported.has(err)) return;
    reported.add(err);
    const e = err instanceof Error ? err : new Error(String(err));
    const hideStack = (err as { hideStack?: unknown }).hideStack === true;
    const quiet = pulumi.RunError.isInstance(err) || (pulumi.ResourceError.isInstance(err) && hideStack);
    process.stderr.write(`error: ${quiet ? e.message : (e.stack ?? e.message)}\n`);
    process.exitCode = 1;
}

async function run(): Promise<void> {
    process.on("unhandledRejection", report);
    process.on("uncaughtException", report);
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
            call: (args) =>
                args.token === "aws:index/getRegion:getRegion" ? { region: "us-west-2", name: "us-west-2", id: "us-west-2" } : {},
        },
        "wandb-sso",
        "hostile",
        true,
    );
    // As Pulumi's runner loads Pulumi.yaml's `main` (src/program.ts `export =` a function).
    const program = (await import("../../src/program.js")).default as unknown as () => unknown;
    try {
        await pulumi.runtime.runInPulumiStack(() => Promise.resolve(program()));
        await pulumi.runtime.disconnect();
        process.stdout.write("the program ran\n");
    } catch (e) {
        report(e);
    }
}

void run();
