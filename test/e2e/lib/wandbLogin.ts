// The stand-in of W&B Server's login side (test/e2e/wandb-login/, Go): built once into the cache by
// wandb-login.sh, started like a W&B pod: its environment is exactly the env given (what the pod
// would see, nothing of the harness's own), serving HOST's address.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const SCRIPT = path.resolve(__dirname, "../wandb-login.sh");

let binary: string | undefined;

/** The stand-in's binary (built when the cache lacks this version of its sources). */
export function wandbLoginBinary(): string {
    binary ??= execFileSync("bash", [SCRIPT], { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" })
        .trim()
        .split("\n")
        .pop();
    if (!binary) throw new Error("wandb-login.sh printed no binary");
    return binary;
}

export interface WandbLogin {
    /** HOST: W&B's base URL, where /login and /oidc/callback are served. */
    readonly host: string;
    readonly loginUrl: string;
    readonly callbackUrl: string;
    /** What it printed (never the client secret: it does not print it). */
    output(): string;
    stop(): Promise<void>;
}

/**
 * Starts the stand-in as a pod with `env` (which must hold HOST, an http://127.0.0.1:<port> URL),
 * waits until it answers, and fails with what it printed if it stops instead (it refuses settings
 * W&B could not sign anybody in with).
 */
export async function startWandbLogin(env: Readonly<Record<string, string>>): Promise<WandbLogin> {
    const host = env.HOST;
    if (!host) throw new Error("the pod's env has no HOST");
    const listen = new URL(host).host;
    const child: ChildProcess = spawn(wandbLoginBinary(), [`-listen=${listen}`], { env: { ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const running: WandbLogin = {
        host,
        loginUrl: `${host}/login`,
        callbackUrl: `${host}/oidc/callback`,
        output: () => output,
        async stop() {
            if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
            await exited;
        },
    };
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`the W&B login stand-in stopped: ${output.trim()}`);
        try {
            if ((await fetch(`${host}/healthz`)).ok) return running;
        } catch {
            // not listening yet
        }
        await new Promise((r) => setTimeout(r, 100));
    }
    await running.stop();
    throw new Error(`the W&B login stand-in did not answer on ${host}: ${output.trim()}`);
}
