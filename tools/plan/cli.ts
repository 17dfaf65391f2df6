// `npm run plan [-- --stack NAME] [--json]`: what `pulumi up` would create for a stack, offline.
// Whatever the stack file holds, it ends with the plan (exit 0) or one clean message (exit 1):
// bad settings, a missing or malformed stack file, a resource's error. Never a stack trace,
// unless WANDB_SSO_DEBUG is set (for an internal error, a bug worth reporting).
// `npm run plan` runs this module built to JavaScript from the current sources (tools/plan/start.cjs).
// First, before the modules it speeds up.
import "./sourceMapsOff";
import { Command } from "commander";
import { exitQuietlyWhenStdoutCloses } from "../../src/cli/closedPipe";
import { ConfigError } from "../../src/errors";
import { printable } from "../../src/problems";
import { renderPlan } from "./render";
import { planStack } from "./run";
import { readProject, readStackFile, StackFileError, StackNotFoundError } from "./stackFile";

export const DEFAULT_STACK = "dev";
/** Set it (to anything) to see an internal error's stack trace. */
export const DEBUG_ENV = "WANDB_SSO_DEBUG";

/** The plan for `argv`, written to `out` (errors to `err`); the exit status. `projectDir` is --project's default. */
export async function main(
    argv: readonly string[],
    projectDir: string,
    out: NodeJS.WritableStream = process.stdout,
    err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
    const program = new Command("wandb-sso plan")
        .description("Show what `pulumi up` would create for a stack, without the Pulumi CLI, credentials or network.")
        .option("-s, --stack <name>", "the stack (stacks/Pulumi.<name>.yaml)", DEFAULT_STACK)
        .option("--json", "print the plan as one JSON object")
        .option("--project <dir>", "the directory holding Pulumi.yaml", projectDir)
        .exitOverride()
        .configureOutput({ writeOut: (s) => out.write(s), writeErr: (s) => err.write(s) });
    try {
        program.parse([...argv], { from: "user" });
    } catch (e) {
        return (e as { exitCode?: number }).exitCode === 0 ? 0 : 2;
    }
    const options = program.opts<{ stack: string; json?: boolean; project: string }>();
    try {
        const project = readProject(options.project);
        const plan = await planStack(project.name, readStackFile(project, options.stack));
        out.write(options.json ? JSON.stringify(plan, null, 2) + "\n" : renderPlan(plan));
        return 0;
    } catch (e) {
        err.write(`${failureMessage(e)}\n`);
        return 1;
    }
}

/**
 * What the plan prints when it fails: the message of an error meant for users (bad settings, a
 * stack file, a resource's error, which Pulumi too prints without a trace); for anything else a
 * bounded "internal error" line, with the trace only when WANDB_SSO_DEBUG is set.
 */
export function failureMessage(e: unknown): string {
    if (e instanceof ConfigError || e instanceof StackNotFoundError || e instanceof StackFileError) return e.message;
    if (isMarked(e, "__pulumResourceError") || isMarked(e, "__pulumiRunError")) return printable(String((e as Error).message), 4000);
    const message = e instanceof Error ? e.message : String(e);
    if (process.env[DEBUG_ENV] && e instanceof Error && e.stack !== undefined) return `wandb-sso plan: internal error: ${e.stack}`;
    return `wandb-sso plan: internal error: ${printable(message.split("\n", 1)[0] ?? "", 500)} (set ${DEBUG_ENV}=1 for the stack trace)`;
}

/** The SDK's own markers of a ResourceError and a RunError (they work across copies of the SDK). */
function isMarked(e: unknown, marker: string): boolean {
    return typeof e === "object" && e !== null && (e as Record<string, unknown>)[marker] === true;
}

/** As a command: the exit status, quiet when stdout's reader has gone, and any error uncaught. */
export function run(argv: readonly string[], projectDir: string): void {
    exitQuietlyWhenStdoutCloses();
    main(argv, projectDir).then(exitOnceWritten, (e: unknown) => {
        process.stderr.write(`${failureMessage(e)}\n`);
        exitOnceWritten(1);
    });
}

/**
 * Exits with `code` as soon as stdout and stderr have taken all that was written. Waiting for the
 * event loop to empty would add only what no output depends on: the heap the program left behind
 * makes V8 finish a garbage collection first (node --trace-gc: "Mark-Compact ... finalize
 * incremental marking via task", 30-50 ms after the plan is printed).
 */
function exitOnceWritten(code: number): void {
    process.exitCode = code;
    process.stdout.write("", () => process.stderr.write("", () => process.exit()));
}
