#!/usr/bin/env node
// `npm run plan [-- --stack NAME] [--json]`: what `pulumi up` would create for a stack, offline.
import * as path from "node:path";
import { Command } from "commander";
import { ConfigError } from "../problems";
import { planStack } from "../plan/run";
import { renderPlan } from "../plan/render";
import { readProject, readStackFile, StackNotFoundError } from "../plan/stackFile";

export const DEFAULT_STACK = "dev";
const PROJECT_DIR = path.resolve(__dirname, "..", "..");

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
        if (e instanceof ConfigError || e instanceof StackNotFoundError) {
            err.write(`${e.message}\n`);
            return 1;
        }
        throw e;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => (process.exitCode = code),
        (e) => {
            process.stderr.write(`wandb-sso plan failed: ${e instanceof Error ? e.stack : String(e)}\n`);
            process.exitCode = 1;
        },
    );
}
