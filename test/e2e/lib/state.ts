// The e2e environment's own secrets (issue 29, class 7): its state directory holds the API server's
// admin token, the kubeconfig, Keycloak's admin password (env.json) and every private key, so it
// is per user, created 0700 and its owner checked before anything in it is read or written;
// credential files are 0600 even when a file was there before (open's mode applies only to a new
// file); `down` signals only processes it can prove it started (same pid, same start time, this
// user's: a pid alone may name another process by then); etcd takes clients over TLS with
// client certificates only. Linux's /proc is read for the proof; elsewhere nothing is proven, so
// nothing is killed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** The state directory when WANDB_SSO_E2E_STATE is not set: one per user, in the temporary directory. */
export function defaultStateDir(): string {
    return path.join(os.tmpdir(), `wandb-sso-e2e-env-${process.getuid?.() ?? "user"}`);
}

/**
 * The state directory, ready for use: created 0700 if missing; a directory (not a link) owned by
 * this user, else refused; group and world access removed if it had any (it is ours).
 */
export function ensureStateDir(dir: string): void {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    checkStateDir(dir);
}

/** Refuses a state directory that is a link, not a directory, or not this user's; makes it 0700. */
export function checkStateDir(dir: string): void {
    const stat = fs.lstatSync(dir);
    if (stat.isSymbolicLink()) throw new Error(`${dir} is a symbolic link: the e2e state must be a directory of its own; remove it`);
    if (!stat.isDirectory()) throw new Error(`${dir} is not a directory; remove it, or set WANDB_SSO_E2E_STATE`);
    const uid = process.getuid?.();
    if (uid !== undefined && stat.uid !== uid) {
        throw new Error(
            `${dir} belongs to uid ${stat.uid}, not to this user (uid ${uid}): its files would hold this user's cluster token and keys where another can change them; set WANDB_SSO_E2E_STATE to a directory of your own`,
        );
    }
    if ((stat.mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
}

/** Writes a file only this user can read, 0600 whether or not it existed, never through a link. */
export function writePrivate(file: string, data: string): void {
    const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_NOFOLLOW, 0o600);
    try {
        fs.fchmodSync(fd, 0o600);
        fs.writeSync(fd, data);
    } finally {
        fs.closeSync(fd);
    }
}

/** Makes files another program wrote (openssl's keys) 0600. */
export function makePrivate(...files: string[]): void {
    for (const file of files) fs.chmodSync(file, 0o600);
}

/** A process this environment started, as it was when started: what `down` checks before a signal. */
export interface StartedProcess {
    readonly pid: number;
    /** Field 22 of /proc/<pid>/stat: clock ticks after boot; a reused pid has another. */
    readonly startTime: string;
    /** The owner's uid (of /proc/<pid>). */
    readonly uid: number;
    /** /proc/<pid>/cmdline when recorded, for the reader (not compared: kc.sh execs its JVM, which changes it). */
    readonly command: string;
}

/** What /proc says of a pid now, or undefined when it is gone (or there is no /proc). */
export function processIdentity(pid: number): StartedProcess | undefined {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        // The command name (field 2) is in parentheses and may hold spaces: split after its last ')'.
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        const startTime = fields[19];
        const command = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
        const { uid } = fs.statSync(`/proc/${pid}`);
        return startTime === undefined ? undefined : { pid, startTime, uid, command };
    } catch {
        return undefined;
    }
}

/** The record of a process just started (its identity read now), or a bare pid where /proc cannot tell. */
export function recordStarted(pid: number): StartedProcess {
    return processIdentity(pid) ?? { pid, startTime: "", uid: -1, command: "" };
}

/**
 * Whether `recorded` is still the very process this environment started: the same pid, started at
 * the same tick, owned by this user. A pid from an older format, one no longer running, or a reused
 * one is not.
 */
export function provenOurs(recorded: unknown): recorded is StartedProcess {
    if (typeof recorded !== "object" || recorded === null) return false;
    const { pid, startTime, uid } = recorded as Partial<StartedProcess>;
    if (typeof pid !== "number" || typeof startTime !== "string" || startTime === "" || typeof uid !== "number") return false;
    const now = processIdentity(pid);
    return now !== undefined && now.startTime === startTime && now.uid === uid && uid === process.getuid?.();
}

/** The certificate files of etcd's TLS: its server certificate, the API server's client certificate, their CA. */
export interface EtcdTls {
    readonly ca: string;
    readonly serverCert: string;
    readonly serverKey: string;
    readonly clientCert: string;
    readonly clientKey: string;
}

export function etcdTlsFiles(certs: string): EtcdTls {
    return {
        ca: path.join(certs, "ca.crt"),
        serverCert: path.join(certs, "etcd.crt"),
        serverKey: path.join(certs, "etcd.key"),
        clientCert: path.join(certs, "apiserver-etcd-client.crt"),
        clientKey: path.join(certs, "apiserver-etcd-client.key"),
    };
}

/**
 * etcd's flags: clients and peers over TLS only (https URLs on 127.0.0.1), and only with a client
 * certificate of the environment's CA (--client-cert-auth, --peer-client-cert-auth): anything on
 * this machine that reaches the port can otherwise read every Secret the cluster holds.
 */
export function etcdArgs(dataDir: string, clientPort: number, peerPort: number, tls: EtcdTls): string[] {
    const client = `https://127.0.0.1:${clientPort}`;
    const peer = `https://127.0.0.1:${peerPort}`;
    return [
        "--name=e2e",
        `--data-dir=${dataDir}`,
        `--listen-client-urls=${client}`,
        `--advertise-client-urls=${client}`,
        `--listen-peer-urls=${peer}`,
        `--initial-advertise-peer-urls=${peer}`,
        `--initial-cluster=e2e=${peer}`,
        `--cert-file=${tls.serverCert}`,
        `--key-file=${tls.serverKey}`,
        `--trusted-ca-file=${tls.ca}`,
        "--client-cert-auth=true",
        `--peer-cert-file=${tls.serverCert}`,
        `--peer-key-file=${tls.serverKey}`,
        `--peer-trusted-ca-file=${tls.ca}`,
        "--peer-client-cert-auth=true",
        "--unsafe-no-fsync",
        "--log-level=warn",
    ];
}

/** The API server's flags for etcd: https, its CA, and the client certificate etcd requires. */
export function apiServerEtcdArgs(clientPort: number, tls: EtcdTls): string[] {
    return [
        `--etcd-servers=https://127.0.0.1:${clientPort}`,
        `--etcd-cafile=${tls.ca}`,
        `--etcd-certfile=${tls.clientCert}`,
        `--etcd-keyfile=${tls.clientKey}`,
    ];
}
