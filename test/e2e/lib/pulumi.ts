// The real Pulumi CLI against the e2e environment, in its local backend. Stacks of this
// repository's program run in a project directory of the run's own (`repoProject`): the repository's
// Pulumi.yaml, unchanged, beside links to its code and node_modules, so that `pulumi stack init`
// and `pulumi config set` write their stack files there and nothing in the clone changes.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Environment } from "../env";

export const REPO = path.resolve(__dirname, "../../..");

export interface Result {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

export function run(
    env: Environment,
    command: string,
    args: readonly string[],
    options: { cwd?: string; extraEnv?: Record<string, string>; timeoutSeconds?: number; input?: string } = {},
): Promise<Result> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, {
            cwd: options.cwd ?? REPO,
            env: { ...process.env, ...env.env, ...options.extraEnv },
            stdio: ["pipe", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
        child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
        const timer = setTimeout(() => child.kill("SIGKILL"), (options.timeoutSeconds ?? 600) * 1000);
        child.on("error", reject);
        child.on("close", (code) => {
            clearTimeout(timer);
            resolve({ code: code ?? -1, stdout, stderr });
        });
        child.stdin.end(options.input ?? "");
    });
}

/**
 * A project directory that runs this repository's program: Pulumi.yaml copied as it is (its
 * `stackConfigDir: stacks` then means <dir>/stacks), and links to the code, the package files and
 * node_modules. Node resolves the links to the repository, so the program runs from there.
 */
export function repoProject(dir: string): string {
    fs.mkdirSync(path.join(dir, "stacks"), { recursive: true });
    fs.copyFileSync(path.join(REPO, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    for (const entry of ["src", "providers", "node_modules", "package.json", "tsconfig.json"]) {
        const link = path.join(dir, entry);
        if (!fs.existsSync(link)) fs.symlinkSync(path.join(REPO, entry), link);
    }
    return dir;
}

/** A stack of a Pulumi project, its stack file in the project's stacks/ directory. */
export class Stack {
    readonly configFile: string;

    constructor(
        private readonly env: Environment,
        readonly name: string,
        readonly cwd: string,
    ) {
        this.configFile = path.join(cwd, "stacks", `Pulumi.${name}.yaml`);
    }

    async pulumi(args: readonly string[], options: { timeoutSeconds?: number; extraEnv?: Record<string, string> } = {}): Promise<Result> {
        return run(this.env, "pulumi", [...args, "--stack", this.name, "--non-interactive"], { cwd: this.cwd, ...options });
    }

    async must(args: readonly string[], options: { timeoutSeconds?: number; extraEnv?: Record<string, string> } = {}): Promise<Result> {
        const r = await this.pulumi(args, options);
        if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${r.code}:\n${tail(r.stdout + r.stderr)}`);
        return r;
    }

    async init(): Promise<void> {
        const r = await run(this.env, "pulumi", ["stack", "init", this.name, "--non-interactive"], { cwd: this.cwd });
        if (r.code !== 0 && !/already exists/.test(r.stderr)) throw new Error(`pulumi stack init ${this.name}: ${r.stderr}`);
    }

    /**
     * Sets config as `pulumi config set --path` does, secrets with --secret. The key and value come
     * after `--`, so that a value starting with `-` (a PEM certificate) is not taken for a flag.
     */
    async set(key: string, value: string, secret = false): Promise<void> {
        const args = [
            "config",
            "set",
            "--path",
            secret ? "--secret" : "--plaintext",
            "--stack",
            this.name,
            "--non-interactive",
            "--",
            key,
            value,
        ];
        const r = await run(this.env, "pulumi", args, { cwd: this.cwd });
        if (r.code !== 0) throw new Error(`pulumi config set ${key} exited ${r.code}:\n${tail(r.stdout + r.stderr)}`);
    }

    async rm(key: string): Promise<void> {
        await this.must(["config", "rm", "--path", key]);
    }

    async up(): Promise<Result> {
        return this.pulumi(["up", "--yes", "--skip-preview", "--diff"], { timeoutSeconds: 600 });
    }

    async outputs(showSecrets = false): Promise<Record<string, unknown>> {
        const r = await this.must(["stack", "output", "--json", ...(showSecrets ? ["--show-secrets"] : [])]);
        return JSON.parse(r.stdout) as Record<string, unknown>;
    }

    /** The stack's state as `pulumi stack export` gives it (secrets encrypted). */
    async exportState(): Promise<string> {
        return (await this.must(["stack", "export"])).stdout;
    }
}

export function tail(text: string, lines = 40): string {
    return text.trim().split("\n").slice(-lines).join("\n");
}
