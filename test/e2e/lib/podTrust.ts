// What W&B's pod trusts, on this machine: the CA files its mounts put under
// /usr/local/share/ca-certificates/ (read back from the live Pod, volumes and ConfigMaps), written
// below a directory standing for the pod's root, and folded into <root>/etc/ssl/certs by Debian's
// own update-ca-certificates, as the W&B image does with them (src/wandb/caCerts.ts), from the
// system's CA store; the pod's SSL_CERT_FILE, SSL_CERT_DIR and REQUESTS_CA_BUNDLE then name those
// files below the root. A process started with that environment (the W&B login stand-in: Go's
// crypto/x509 reads SSL_CERT_FILE and SSL_CERT_DIR) trusts what the pod would, nothing of the
// harness's own.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Container } from "./kube";
import type { Kube } from "./kube";

/** The directory update-ca-certificates reads local CA files from, at any depth. */
export const LOCAL_CA_DIR = "/usr/local/share/ca-certificates/";
const SSL_VARIABLES = ["SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE"];

export interface PodSpec {
    readonly containers: (Container & { volumeMounts?: { name: string; mountPath: string }[] })[];
    readonly volumes?: { name: string; emptyDir?: object; configMap?: { name: string; optional?: boolean } }[];
}

/**
 * The files a container of the pod would see below `dir`, from the live objects: each mount at or
 * below `dir` followed to its volume, and a ConfigMap volume's keys as the files the kubelet writes.
 */
export function filesUnder(kube: Kube, namespace: string, pod: { spec: PodSpec }, container: string, dir: string): Record<string, string> {
    const ct = pod.spec.containers.find((x) => x.name === container);
    if (!ct) throw new Error(`the pod has no container ${container}`);
    const files: Record<string, string> = {};
    for (const mount of ct.volumeMounts ?? []) {
        if (!`${mount.mountPath}/`.startsWith(dir)) continue;
        const volume = (pod.spec.volumes ?? []).find((v) => v.name === mount.name);
        if (!volume) throw new Error(`the mount at ${mount.mountPath} names no volume of the pod (${mount.name})`);
        if (!volume.configMap) continue;
        const configMap = kube.tryGet("configmap", volume.configMap.name, namespace);
        if (!configMap && !volume.configMap.optional)
            throw new Error(`ConfigMap ${volume.configMap.name} of the mount at ${mount.mountPath} does not exist`);
        for (const [key, value] of Object.entries(configMap?.data ?? {})) files[path.posix.join(mount.mountPath, key)] = value;
    }
    return files;
}

/** A running pod of the Deployment (label app=<app>) with its spec; the first that `wanted` accepts, when given. */
export function runningPod(kube: Kube, namespace: string, app: string, wanted: (spec: PodSpec) => boolean = () => true): { spec: PodSpec } {
    const pods = (
        JSON.parse(kube.run(["get", "pods", "-n", namespace, "-l", `app=${app}`, "-o", "json"])) as {
            items: { spec: PodSpec; status?: { phase?: string }; metadata: { deletionTimestamp?: string } }[];
        }
    ).items.filter((p) => p.status?.phase === "Running" && !p.metadata.deletionTimestamp && wanted(p.spec));
    if (pods.length === 0) throw new Error(`no running pod of ${namespace}/${app} as wanted`);
    return pods[0]!;
}

/**
 * Writes `files` (pod paths) below `root`, runs update-ca-certificates there, and returns `env`
 * (the pod's) with its SSL variables pointing below `root`.
 */
export function podTrust(
    root: string,
    files: Readonly<Record<string, string>>,
    env: Readonly<Record<string, string>>,
): Record<string, string> {
    fs.rmSync(root, { recursive: true, force: true });
    const at = (p: string) => path.join(root, p);
    for (const dir of [LOCAL_CA_DIR, "/etc/ssl/certs", "/etc/ca-certificates/update.d"]) fs.mkdirSync(at(dir), { recursive: true });
    for (const [file, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(at(file)), { recursive: true });
        fs.writeFileSync(at(file), content);
    }
    fs.copyFileSync("/etc/ca-certificates.conf", at("/etc/ca-certificates.conf"));
    execFileSync(
        "update-ca-certificates",
        [
            "--fresh",
            "--certsconf",
            at("/etc/ca-certificates.conf"),
            "--certsdir",
            "/usr/share/ca-certificates",
            "--localcertsdir",
            at(LOCAL_CA_DIR),
            "--etccertsdir",
            at("/etc/ssl/certs"),
            "--hooksdir",
            at("/etc/ca-certificates/update.d"),
        ],
        { stdio: "pipe" },
    );
    const out: Record<string, string> = { ...env };
    for (const name of SSL_VARIABLES) if (out[name]?.startsWith("/")) out[name] = at(out[name]);
    return out;
}
