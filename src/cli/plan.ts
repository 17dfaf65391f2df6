#!/usr/bin/env node
// `npm run plan [-- --stack NAME] [--json]`: what `pulumi up` would create for a stack, offline.
// Whatever the stack file holds, it ends with the plan (exit 0) or one clean message (exit 1):
// bad settings, a missing or malformed stack file, a resource's error. Never a stack trace,
// unless WANDB_SSO_DEBUG is set (for an internal error, a bug worth reporting).
// First, before the modules it speeds up.
import "./sourceMapsOff";
import * as path from "node:path";
import { Command } from "commander";
import { ConfigError } from "../errors";
import { printable } from "../problems";
import { planStack } from "../plan/run";
import { renderPlan } from "../plan/render";
import { readProject, readStackFile, StackFileError, StackNotFoundError } from "../plan/stackFile";
import { exitQuietlyWhenStdoutCloses } from "./closedPipe";

export const DEFAULT_STACK = "dev";
const PROJECT_DIR = path.resolve(__dirname, "..", "..");
/** Set it (to anything) to see an internal error's stack trace. */
export const DEBUG_ENV = "WANDB_SSO_DEBUG";

export async function main(
    argv: readonly string[],
    out: NodeJS.WritableStream = process.stdout,
    err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
    const program = new Command("wandb-sso plan")
        .description("Show what `pulumi up` would create for a stack, without the Pulumi CLI, credentials or network.")
        .option("-s, --stack <name>", "the stack (stacks/Pulumi.<name>.yaml)", DEFAULT_STACK)
        .option("--json", "print the plan as one JSON object")
        .option("--project <dir>", "the directory holding Pulumi.yaml", PROJECT_DIR)
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

if (require.main === module) {
    exitQuietlyWhenStdoutCloses();
    main(process.argv.slice(2)).then(
        (code) => (process.exitCode = code),
        (e: unknown) => {
            process.stderr.write(`${failureMessage(e)}\n`);
            process.exitCode = 1;
        },
    );
}
