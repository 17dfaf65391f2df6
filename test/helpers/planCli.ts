// Runs the offline plan for tests: `runPlanProcess` exactly as users do, in a child process of its
// own (`node --import tsx src/cli/plan.ts ...`); `runPlan` through the same CLI entry (`main`:
// argument parsing, rendering, exit status) in one shared worker process, which is much faster.
import { fork, spawnSync, type ChildProcess } from "node:child_process";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..");

export interface CliResult {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

export function runPlanProcess(args: readonly string[], cwd = ROOT): CliResult {
    const result = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "src/cli/plan.ts"), ...args], {
        cwd,
        encoding: "utf8",
        timeout: 60_000,
        env: { ...process.env, NODE_NO_WARNINGS: "1" },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let worker: ChildProcess | undefined;
let nextId = 0;
const pending = new Map<number, (result: CliResult) => void>();

/** The worker keeps this process alive only while it has requests in hand. */
function setRef(on: boolean): void {
    const channel = worker?.channel as { ref(): void; unref(): void } | undefined;
    if (on) {
        worker?.ref();
        channel?.ref();
    } else {
        worker?.unref();
        channel?.unref();
    }
}

function startWorker(): ChildProcess {
    const child = fork(path.join(__dirname, "planWorker.ts"), [], {
        cwd: ROOT,
        execArgv: ["--import", "tsx"],
        env: { ...process.env, NODE_NO_WARNINGS: "1" },
        stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    child.on("message", (reply: CliResult & { id: number }) => {
        pending.get(reply.id)?.({ status: reply.status, stdout: reply.stdout, stderr: reply.stderr });
        pending.delete(reply.id);
        if (pending.size === 0) setRef(false);
    });
    child.on("exit", (code) => {
        for (const resolve of pending.values()) resolve({ status: code, stdout: "", stderr: `plan worker exited (${code})` });
        pending.clear();
        worker = undefined;
    });
    return child;
}

/** The plan CLI's result for these arguments (stack files are read from `ROOT` unless `--project`). */
export function runPlan(args: readonly string[]): Promise<CliResult> {
    worker ??= startWorker();
    const id = nextId++;
    return new Promise((resolve) => {
        pending.set(id, resolve);
        setRef(true);
        worker!.send({ id, args: [...args] });
    });
}
