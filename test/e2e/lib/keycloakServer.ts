// The environment's Keycloak server: the built server from keycloak.sh's cache, copied into the
// environment's state directory (so its H2 database and temporary files are the environment's and
// `down` removes them) and started with `kc.sh start-dev` on 127.0.0.1.
//
// `--hostname` is pinned to the URL it serves: without it Keycloak builds its issuer from each
// request's Host header, so `localhost` and `127.0.0.1` would give two issuers and an exact-match
// client (W&B, go-oidc) would fail. The bootstrap admin comes from KC_BOOTSTRAP_ADMIN_USERNAME/PASSWORD.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { provenOurs, recordStarted, type StartedProcess } from "./state";

const SCRIPT = path.resolve(__dirname, "../keycloak.sh");
export const KEYCLOAK_ADMIN = "admin";

export interface SavedKeycloak {
    readonly pid: number;
    /** What kc.sh was when started: `stopKeycloak` signals its group only while it is still that process (./state.ts). */
    readonly started?: StartedProcess;
    readonly port: number;
    readonly adminPassword: string;
    /** The https listener's port, with the environment's private CA's certificate (env.ts idpTls). */
    readonly httpsPort?: number;
}

/** Keycloak's https listener: a port, and the certificate (PEM) and its key it serves. */
export interface KeycloakTls {
    readonly port: number;
    readonly certFile: string;
    readonly keyFile: string;
}

/** The built Keycloak server in the cache (fetched and built by keycloak.sh when missing). */
export function keycloakDist(): string {
    const out = execFileSync("bash", [SCRIPT], { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
    const dist = out.trim().split("\n").pop() ?? "";
    if (!fs.existsSync(path.join(dist, "bin", "kc.sh"))) throw new Error(`keycloak.sh printed no server directory: ${out}`);
    return dist;
}

export function keycloakUrl(saved: SavedKeycloak): string {
    return `http://127.0.0.1:${saved.port}`;
}

/**
 * Keycloak's https URL, beside its http one. Issuers stay `--hostname`'s (http) unless a realm's
 * frontendUrl attribute names this URL: then that realm's issuer and endpoints are https.
 */
export function keycloakHttpsUrl(saved: SavedKeycloak): string {
    return saved.httpsPort === undefined ? "" : `https://127.0.0.1:${saved.httpsPort}`;
}

/**
 * Copies the built server into `<state>/keycloak` and starts it, detached (its own process group);
 * with `tls`, https too (runtime options: no rebuild).
 */
export function spawnKeycloak(state: string, port: number, tls?: KeycloakTls): SavedKeycloak {
    const home = path.join(state, "keycloak");
    fs.rmSync(home, { recursive: true, force: true });
    fs.cpSync(keycloakDist(), home, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
    const adminPassword = randomBytes(18).toString("hex");
    const url = `http://127.0.0.1:${port}`;
    const logFile = fs.openSync(path.join(state, "logs", "keycloak.log"), "a");
    const child = spawn(
        path.join(home, "bin", "kc.sh"),
        [
            "start-dev",
            "--http-host",
            "127.0.0.1",
            "--http-port",
            String(port),
            "--hostname",
            url,
            ...(tls
                ? ["--https-port", String(tls.port), "--https-certificate-file", tls.certFile, "--https-certificate-key-file", tls.keyFile]
                : []),
        ],
        {
            detached: true,
            stdio: ["ignore", logFile, logFile],
            cwd: home,
            env: { ...process.env, KC_BOOTSTRAP_ADMIN_USERNAME: KEYCLOAK_ADMIN, KC_BOOTSTRAP_ADMIN_PASSWORD: adminPassword },
        },
    );
    child.unref();
    fs.closeSync(logFile);
    if (!child.pid) throw new Error("Keycloak did not start");
    return { pid: child.pid, started: recordStarted(child.pid), port, adminPassword, ...(tls && { httpsPort: tls.port }) };
}

function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

/** Keycloak answers once its master realm's discovery document does (35-60 s after a start here). */
export async function keycloakReady(saved: SavedKeycloak): Promise<boolean> {
    try {
        const res = await fetch(`${keycloakUrl(saved)}/realms/master/.well-known/openid-configuration`);
        return res.ok && ((await res.json()) as { issuer?: string }).issuer === `${keycloakUrl(saved)}/realms/master`;
    } catch {
        return false;
    }
}

export async function waitForKeycloak(saved: SavedKeycloak, seconds: number, logTail: () => string): Promise<void> {
    const deadline = Date.now() + seconds * 1000;
    while (Date.now() < deadline) {
        if (await keycloakReady(saved)) return;
        if (!alive(saved.pid)) throw new Error(`Keycloak stopped while starting:\n${logTail()}`);
        await new Promise((r) => setTimeout(r, 1000));
    }
    throw new Error(`Keycloak did not answer within ${seconds} s:\n${logTail()}`);
}

/** Stops kc.sh and its JVM (the whole process group): TERM, then KILL after 20 s. */
export async function stopKeycloak(saved: SavedKeycloak | undefined): Promise<void> {
    // Only the process group of the kc.sh this environment started, proven by its start time and command.
    if (!saved || !provenOurs(saved.started) || saved.started.pid !== saved.pid) return;
    const group = (signal: NodeJS.Signals): void => {
        try {
            process.kill(-saved.pid, signal);
        } catch {
            // gone already
        }
    };
    group("SIGTERM");
    const deadline = Date.now() + 20_000;
    while (provenOurs(saved.started) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    if (provenOurs(saved.started)) group("SIGKILL");
}
