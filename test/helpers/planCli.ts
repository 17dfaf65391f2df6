// Runs the offline plan as users do, in a child process: `node --import tsx src/cli/plan.ts ...`.
import { spawnSync } from "node:child_process";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..");

export interface CliResult {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

export function runPlan(args: readonly string[], cwd = ROOT): CliResult {
    const result = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "src/cli/plan.ts"), ...args], {
        cwd,
        encoding: "utf8",
        timeout: 60_000,
        env: { ...process.env, NODE_NO_WARNINGS: "1" },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
