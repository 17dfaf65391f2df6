// Runs the offline plan for tests: `runPlanProcess` exactly as users do, in a child process of its
// own (package.json's `plan` script, `node tools/plan/start.cjs ...`, on the Node running the
// tests); `runPlan` through the same CLI entry (`main`: argument parsing, rendering, exit status) in
// one shared worker process, which is much faster.
import { strict as assert } from "node:assert";
import { fork, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../helpers/root";

export interface CliResult {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

/** The script `npm run plan` runs in the project at `root` (package.json: `"plan": "node <script>"`). */
export function planScript(root = ROOT): string {
    const scripts = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    const words = scripts.plan?.split(" ") ?? [];
    assert.ok(words.length === 2 && words[0] === "node", `package.json's plan script is \`node <script>\`: ${scripts.plan}`);
    return path.join(root, words[1]!);
}

export function runPlanProcess(args: readonly string[], cwd = ROOT, root = ROOT): CliResult {
    const result = spawnSync(process.execPath, [planScript(root), ...args], {
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
