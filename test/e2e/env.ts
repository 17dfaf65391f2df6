// The local end-to-end environment: etcd, kube-apiserver (its own CA, a static token, 127.0.0.1),
// kube-controller-manager, kube-scheduler and kwok (the kubelet stand-in), all built by
// toolchain.sh, a local Pulumi backend, and a Keycloak server (keycloak.sh, lib/keycloakServer.ts)
// with a bootstrap admin.
//
//   npm run e2e:env -- up      start it (or find it running) and print shell exports
//   npm run e2e:env -- down    stop it and remove its state
//   eval "$(npm run -s e2e:env -- up)"
//
// State lives in $WANDB_SSO_E2E_STATE (default ${TMPDIR:-/tmp}/wandb-sso-e2e-env-<uid>), Keycloak's
// copy and database too; `up` twice finds the running environment and prints the same exports. The
// state's secrets are kept as lib/state.ts says: a 0700 directory of this user's, 0600 credential
// files, processes signalled only when proven ours, etcd over TLS with client certificates.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { issueServerCert, makeCa } from "../helpers/testCa";
import {
    KEYCLOAK_ADMIN,
    keycloakHttpsUrl,
    keycloakReady,
    keycloakUrl,
    type SavedKeycloak,
    spawnKeycloak,
    stopKeycloak,
    waitForKeycloak,
} from "./lib/keycloakServer";
import {
    apiServerEtcdArgs,
    checkStateDir,
    defaultStateDir,
    ensureStateDir,
    etcdArgs,
    etcdTlsFiles,
    makePrivate,
    provenOurs,
    recordStarted,
    writePrivate,
    type StartedProcess,
} from "./lib/state";

const REPO = path.resolve(__dirname, "../..");
const PROCESSES = ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok"] as const;
type ProcessName = (typeof PROCESSES)[number];
const TOKEN_USER = "wandb-sso-e2e";
export const NODE_NAME = "kwok-node-0";

export interface Environment {
    readonly state: string;
    readonly bin: string;
    readonly apiServer: string;
    readonly kubeconfig: string;
    readonly env: Readonly<Record<string, string>>;
    /** A private CA (no system trusts it) and its certificate for the IdPs served over https on 127.0.0.1. */
    readonly idpTls: IdpTls;
    /**
     * Keycloak's URL and bootstrap admin (kept out of `env`, which every pulumi and kubectl run gets),
     * and its https URL, with the private CA's certificate (idpTls).
     */
    readonly keycloak: { readonly url: string; readonly admin: string; readonly adminPassword: string; readonly httpsUrl: string };
}

/** Files (PEM) of the environment's private CA and of the IdP certificate it signed (127.0.0.1, localhost). */
export interface IdpTls {
    readonly caFile: string;
    readonly certFile: string;
    readonly keyFile: string;
}

/** The private CA's name, which a certificate error names as the issuer of the IdP's certificate. */
export const IDP_CA_NAME = "wandb-sso e2e private IdP CA";

interface Saved {
    readonly bin: string;
    readonly ports: Readonly<Record<string, number>>;
    /** What each process was when started (older state files hold bare pids, which prove nothing). */
    readonly pids: Readonly<Partial<Record<ProcessName, StartedProcess>>>;
    readonly token: string;
    readonly keycloak?: SavedKeycloak;
}

export function stateDir(): string {
    return process.env.WANDB_SSO_E2E_STATE ?? defaultStateDir();
}

function log(message: string): void {
    process.stderr.write(`[e2e:env] ${message}\n`);
}

/**
 * Builds (or finds in the cache) the toolchain and returns its bin directory; WANDB_SSO_E2E_BIN
 * names one built already (e.g. while toolchain.sh is still building the YAML host).
 */
export function toolchain(): string {
    if (process.env.WANDB_SSO_E2E_BIN) return process.env.WANDB_SSO_E2E_BIN;
    const out = execFileSync("bash", [path.join(REPO, "test/e2e/toolchain.sh")], {
        stdio: ["ignore", "pipe", "inherit"],
        encoding: "utf8",
    });
    const bin = out.trim().split("\n").pop() ?? "";
    if (!fs.existsSync(path.join(bin, "pulumi"))) throw new Error(`toolchain.sh printed no bin directory: ${out}`);
    return bin;
}

export async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

function readSaved(state: string): Saved | undefined {
    if (!fs.existsSync(state)) return undefined;
    // Another user's (or a link's) env.json is never read: its pids and token are not ours.
    checkStateDir(state);
    try {
        return JSON.parse(fs.readFileSync(path.join(state, "env.json"), "utf8")) as Saved;
    } catch {
        return undefined;
    }
}

function environment(state: string, saved: Saved): Environment {
    const kubeconfig = path.join(state, "kubeconfig");
    const apiServer = `https://127.0.0.1:${saved.ports.apiserver}`;
    const certs = path.join(state, "certs");
    return {
        state,
        bin: saved.bin,
        apiServer,
        kubeconfig,
        idpTls: { caFile: path.join(certs, "idp-ca.crt"), certFile: path.join(certs, "idp.crt"), keyFile: path.join(certs, "idp.key") },
        keycloak: {
            url: saved.keycloak ? keycloakUrl(saved.keycloak) : "",
            httpsUrl: saved.keycloak ? keycloakHttpsUrl(saved.keycloak) : "",
            admin: KEYCLOAK_ADMIN,
            adminPassword: saved.keycloak?.adminPassword ?? "",
        },
        env: {
            PATH: `${saved.bin}:${process.env.PATH ?? ""}`,
            KUBECONFIG: kubeconfig,
            PULUMI_HOME: path.join(state, "pulumi-home"),
            PULUMI_BACKEND_URL: pathToFileURL(path.join(state, "backend")).href,
            PULUMI_CONFIG_PASSPHRASE: "wandb-sso-e2e",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        },
    };
}

function openssl(cwd: string, ...args: string[]): void {
    execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}

/** A CA, the API server's certificate for 127.0.0.1, the service-account key pair, a token. */
function writeCredentials(certs: string): string {
    fs.mkdirSync(certs, { recursive: true, mode: 0o700 });
    openssl(
        certs,
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "3650",
        "-subj",
        "/CN=wandb-sso-e2e-ca",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
    );
    signWithClusterCa(
        certs,
        "apiserver",
        "/CN=kube-apiserver",
        "subjectAltName=IP:127.0.0.1,DNS:localhost,IP:10.0.0.1,DNS:kubernetes,DNS:kubernetes.default.svc\n",
    );
    openssl(certs, "genrsa", "-out", "sa.key", "2048");
    openssl(certs, "rsa", "-in", "sa.key", "-pubout", "-out", "sa.pub");
    writeEtcdCredentials(certs);
    makePrivate(...["ca.key", "apiserver.key", "sa.key", "etcd.key", "apiserver-etcd-client.key"].map((f) => path.join(certs, f)));
    const token = execFileSync("openssl", ["rand", "-hex", "24"], { encoding: "utf8" }).trim();
    // token,user,uid,"groups": the one user, an administrator of the cluster.
    writePrivate(path.join(certs, "tokens.csv"), `${token},${TOKEN_USER},${TOKEN_USER},"system:masters"\n`);
    return token;
}

/**
 * The private CA of the IdPs served over https (kept apart from the API server's CA, which the
 * cluster's clients trust): a CA certificate (basicConstraints CA:TRUE) and the certificate it signs
 * for 127.0.0.1 and localhost, made as the fast tier's test CAs are (test/helpers/testCa.ts), valid
 * for ten years, written to the names `environment` gives (the server's key 0600).
 */
function writeIdpCa(certs: string): void {
    const ca = makeCa(IDP_CA_NAME, certs, 3650);
    const server = issueServerCert(ca, { sans: "IP:127.0.0.1,DNS:localhost", days: 3650 });
    fs.writeFileSync(path.join(certs, "idp-ca.crt"), ca.cert);
    fs.writeFileSync(path.join(certs, "idp.crt"), server.cert);
    writePrivate(path.join(certs, "idp.key"), server.key);
}

/** etcd's server certificate (127.0.0.1, for clients and peers) and the API server's client certificate, from the CA. */
function writeEtcdCredentials(certs: string): void {
    signWithClusterCa(certs, "etcd", "/CN=etcd", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n");
    signWithClusterCa(certs, "apiserver-etcd-client", "/CN=kube-apiserver-etcd-client", "extendedKeyUsage=clientAuth\n");
}

/** A key and a certificate `<name>.key`/`<name>.crt` for `subject`, with `extensions`, signed by the cluster's CA (ca.crt). */
function signWithClusterCa(certs: string, name: string, subject: string, extensions: string): void {
    openssl(certs, "req", "-newkey", "rsa:2048", "-nodes", "-subj", subject, "-keyout", `${name}.key`, "-out", `${name}.csr`);
    fs.writeFileSync(path.join(certs, `${name}.ext`), extensions);
    openssl(
        certs,
        "x509",
        "-req",
        "-in",
        `${name}.csr`,
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "3650",
        "-extfile",
        `${name}.ext`,
        "-out",
        `${name}.crt`,
    );
}

function writeKubeconfig(file: string, server: string, ca: string, token: string): void {
    const config = {
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: "e2e", cluster: { server, "certificate-authority": ca } }],
        users: [{ name: TOKEN_USER, user: { token } }],
        contexts: [{ name: "e2e", context: { cluster: "e2e", user: TOKEN_USER, namespace: "default" } }],
        "current-context": "e2e",
    };
    writePrivate(file, JSON.stringify(config, null, 2));
}

function start(state: string, bin: string, name: ProcessName, args: string[]): StartedProcess {
    const logFile = fs.openSync(path.join(state, "logs", `${name}.log`), "a");
    const child = spawn(path.join(bin, name), args, {
        detached: true,
        stdio: ["ignore", logFile, logFile],
        cwd: state,
    });
    child.unref();
    fs.closeSync(logFile);
    if (!child.pid) throw new Error(`${name} did not start`);
    return recordStarted(child.pid);
}

async function waitFor(what: string, check: () => boolean, seconds: number, logName?: string): Promise<void> {
    const deadline = Date.now() + seconds * 1000;
    while (Date.now() < deadline) {
        if (check()) return;
        await new Promise((r) => setTimeout(r, 500));
    }
    const tail = logName ? `\n${tailOf(logName)}` : "";
    throw new Error(`${what} was not ready within ${seconds} s${tail}`);
}

let currentState = "";
function tailOf(name: string): string {
    try {
        const text = fs.readFileSync(path.join(currentState, "logs", `${name}.log`), "utf8");
        return text.split("\n").slice(-15).join("\n");
    } catch {
        return "";
    }
}

function kubectl(env: Environment, args: string[], input?: string): string {
    return execFileSync(path.join(env.bin, "kubectl"), args, {
        env: { ...process.env, ...env.env },
        encoding: "utf8",
        input,
        stdio: ["pipe", "pipe", "pipe"],
    });
}

function ok(run: () => unknown): boolean {
    try {
        run();
        return true;
    } catch {
        return false;
    }
}

/** The kwok stages (node and pod lifecycles) that kwok's own module carries, read from the Go module cache. */
function kwokStages(): string[] {
    const versions = fs.readFileSync(path.join(REPO, "test/e2e/versions.env"), "utf8");
    const kwokVersion = /^KWOK_VERSION=(.+)$/m.exec(versions)?.[1];
    const root =
        process.env.WANDB_SSO_E2E_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "wandb-sso-e2e");
    const stage = path.join(root, "go/mod/sigs.k8s.io", `kwok@v${kwokVersion}`, "kustomize/stage");
    const files = [
        "node/fast/node-initialize.yaml",
        "node/heartbeat-with-lease/node-heartbeat-with-lease.yaml",
        "pod/fast/pod-ready.yaml",
        "pod/fast/pod-complete.yaml",
        "pod/fast/pod-delete.yaml",
    ].map((f) => path.join(stage, f));
    for (const f of files) if (!fs.existsSync(f)) throw new Error(`kwok stage ${f} is missing: run test/e2e/toolchain.sh`);
    return files;
}

export async function up(): Promise<Environment> {
    const state = stateDir();
    currentState = state;
    const saved = readSaved(state);
    if (saved?.keycloak && PROCESSES.every((p) => provenOurs(saved.pids[p])) && (await keycloakReady(saved.keycloak))) {
        const env = environment(state, saved);
        if (ok(() => kubectl(env, ["get", "--raw", "/readyz"]))) return env;
    }
    if (saved) await down();

    const bin = toolchain();
    ensureStateDir(state);
    fs.mkdirSync(path.join(state, "logs"), { recursive: true });
    fs.mkdirSync(path.join(state, "backend"), { recursive: true });
    fs.mkdirSync(path.join(state, "pulumi-home"), { recursive: true });
    const certs = path.join(state, "certs");
    const token = writeCredentials(certs);
    writeIdpCa(certs);
    const ports = {
        etcdClient: await freePort(),
        etcdPeer: await freePort(),
        apiserver: await freePort(),
        controllerManager: await freePort(),
        scheduler: await freePort(),
        kwok: await freePort(),
    };
    const pids: Partial<Record<ProcessName, StartedProcess>> = {};
    // Keycloak first: its start (35-60 s) then overlaps the cluster's. env.json holds its admin
    // password, as it holds the API server's token (mode 0600).
    const keycloak = spawnKeycloak(state, await freePort(), {
        port: await freePort(),
        certFile: path.join(certs, "idp.crt"),
        keyFile: path.join(certs, "idp.key"),
    });
    const record = (): void => writePrivate(path.join(state, "env.json"), JSON.stringify({ bin, ports, pids, token, keycloak }, null, 2));
    record();
    const env = environment(state, { bin, ports, pids, token, keycloak });
    writeKubeconfig(env.kubeconfig, env.apiServer, path.join(certs, "ca.crt"), token);

    const etcdTls = etcdTlsFiles(certs);
    pids.etcd = start(state, bin, "etcd", etcdArgs(path.join(state, "etcd"), ports.etcdClient, ports.etcdPeer, etcdTls));
    record();
    pids["kube-apiserver"] = start(state, bin, "kube-apiserver", [
        ...apiServerEtcdArgs(ports.etcdClient, etcdTls),
        "--bind-address=127.0.0.1",
        "--advertise-address=127.0.0.1",
        `--secure-port=${ports.apiserver}`,
        `--cert-dir=${certs}`,
        `--tls-cert-file=${path.join(certs, "apiserver.crt")}`,
        `--tls-private-key-file=${path.join(certs, "apiserver.key")}`,
        `--client-ca-file=${path.join(certs, "ca.crt")}`,
        `--token-auth-file=${path.join(certs, "tokens.csv")}`,
        "--authorization-mode=RBAC",
        "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
        `--service-account-key-file=${path.join(certs, "sa.pub")}`,
        `--service-account-signing-key-file=${path.join(certs, "sa.key")}`,
        "--service-cluster-ip-range=10.0.0.0/24",
        // The "kubernetes" Service's endpoints cannot be a loopback address.
        "--endpoint-reconciler-type=none",
        "--allow-privileged=true",
        "--profiling=false",
    ]);
    record();
    await waitFor("kube-apiserver", () => ok(() => kubectl(env, ["get", "--raw", "/readyz"])), 120, "kube-apiserver");

    const kubeconfig = `--kubeconfig=${env.kubeconfig}`;
    pids["kube-controller-manager"] = start(state, bin, "kube-controller-manager", [
        kubeconfig,
        "--leader-elect=false",
        "--bind-address=127.0.0.1",
        `--secure-port=${ports.controllerManager}`,
        `--service-account-private-key-file=${path.join(certs, "sa.key")}`,
        `--root-ca-file=${path.join(certs, "ca.crt")}`,
        "--use-service-account-credentials=false",
        "--controllers=*,-nodeipam,-service-lb-controller,-cloud-node-lifecycle-controller",
        // The one node is kwok's stand-in, alive while kwok runs; its health is not under test.
        // kwok renews its lease every 10 s (below); 5 minutes without one, not the default 50 s,
        // before the node is called unknown, so a loaded runner's pause cannot flap it.
        "--node-monitor-grace-period=5m",
    ]);
    pids["kube-scheduler"] = start(state, bin, "kube-scheduler", [
        kubeconfig,
        "--leader-elect=false",
        "--bind-address=127.0.0.1",
        `--secure-port=${ports.scheduler}`,
    ]);
    pids.kwok = start(state, bin, "kwok", [
        kubeconfig,
        "--manage-all-nodes=false",
        "--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake",
        "--disregard-status-with-annotation-selector=kwok.x-k8s.io/status=custom",
        "--cidr=10.0.1.0/24",
        "--node-ip=10.0.1.1",
        `--server-address=127.0.0.1:${ports.kwok}`,
        // kwok holds no node lease unless told to (only kwokctl sets 40 s: kwok v0.8.0,
        // pkg/apis/config/v1alpha1/zz_generated.defaults.go). Without one the node controller hears
        // from the node only at kwok's status heartbeat, every 10 to 20 minutes
        // (node-heartbeat-with-lease.yaml), so it called the node unknown after each grace period;
        // kwok set it Ready again at once, but every pod on it stayed NotReady ("NodeNotReady"),
        // since kwok's pod-ready stage readies only Pending pods. That stalled a rollout in CI.
        "--node-lease-duration-seconds=40",
        ...kwokStages().map((f) => `--config=${f}`),
    ]);
    record();

    // One node for kwok to play: no taints, so W&B's pods schedule on it and kwok runs them.
    kubectl(
        env,
        ["apply", "-f", "-"],
        JSON.stringify({
            apiVersion: "v1",
            kind: "Node",
            metadata: {
                name: NODE_NAME,
                annotations: { "kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0" },
                labels: { "kubernetes.io/hostname": NODE_NAME, "kubernetes.io/os": "linux", type: "kwok" },
            },
        }),
    );
    await waitFor(
        "the kwok node",
        () => ok(() => kubectl(env, ["wait", "--for=condition=Ready", `node/${NODE_NAME}`, "--timeout=1s"])),
        60,
        "kwok",
    );
    // Without its lease the node flaps every grace period and strands Running pods NotReady (above).
    await waitFor("the kwok node's lease", () => ok(() => kubectl(env, ["get", "lease", NODE_NAME, "-n", "kube-node-lease"])), 60, "kwok");
    await waitFor(
        "the default service account",
        () => ok(() => kubectl(env, ["get", "serviceaccount", "default", "-n", "default"])),
        60,
        "kube-controller-manager",
    );
    await waitForKeycloak(keycloak, 300, () => tailOf("keycloak"));
    return env;
}

export async function down(): Promise<void> {
    const state = stateDir();
    const saved = readSaved(state);
    // Only processes proven to be the ones this environment started: a pid alone may by now name
    // another user's or another program's process.
    const ours = PROCESSES.flatMap((name) => {
        const started = saved?.pids[name];
        return provenOurs(started) ? [started] : [];
    });
    for (const started of [...ours].reverse()) {
        try {
            process.kill(started.pid, "SIGTERM");
        } catch {
            // gone already
        }
    }
    const deadline = Date.now() + 15_000;
    while (ours.some(provenOurs) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
    }
    for (const started of ours) {
        if (provenOurs(started)) process.kill(started.pid, "SIGKILL");
    }
    await stopKeycloak(saved?.keycloak);
    fs.rmSync(state, { recursive: true, force: true });
}

function exportsOf(env: Environment): string {
    const quote = (v: string): string => `'${v.replace(/'/g, `'\\''`)}'`;
    const keycloak = {
        KEYCLOAK_URL: env.keycloak.url,
        KEYCLOAK_HTTPS_URL: env.keycloak.httpsUrl,
        KEYCLOAK_ADMIN: env.keycloak.admin,
        KEYCLOAK_ADMIN_PASSWORD: env.keycloak.adminPassword,
    };
    // PATH: the toolchain first, then the caller's own PATH as the shell has it when it evals this.
    // The private CA's certificate, for `wandb-sso:caCerts` and `verify --ca-file` by hand.
    return Object.entries({ ...env.env, ...keycloak, WANDB_SSO_E2E_IDP_CA: env.idpTls.caFile })
        .map(([k, v]) => (k === "PATH" ? `export PATH=${quote(env.bin)}:"$PATH"` : `export ${k}=${quote(v)}`))
        .join("\n");
}

async function main(): Promise<void> {
    const command = process.argv[2];
    if (command === "up") {
        const env = await up();
        log(`running: API server ${env.apiServer}, Keycloak ${env.keycloak.url}, state in ${env.state}`);
        process.stdout.write(`${exportsOf(env)}\n`);
    } else if (command === "down") {
        await down();
        log(`stopped; removed ${stateDir()}`);
    } else {
        process.stderr.write("usage: npm run e2e:env -- up|down\n");
        process.exitCode = 2;
    }
}

if (require.main === module) {
    main().catch((err: unknown) => {
        process.stderr.write(`[e2e:env] ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
    });
}
