// Reading the real cluster back: kubectl against the e2e API server, and the environment a pod of a
// Deployment would see, resolved from the live ConfigMaps and Secrets as the kubelet resolves it.
import { execFileSync } from "node:child_process";
import path from "node:path";
import type { Environment } from "../env";

export interface EnvVar {
    readonly name: string;
    readonly value?: string;
    readonly valueFrom?: {
        readonly configMapKeyRef?: { readonly name: string; readonly key: string; readonly optional?: boolean };
        readonly secretKeyRef?: { readonly name: string; readonly key: string; readonly optional?: boolean };
    };
}
interface EnvFrom {
    readonly prefix?: string;
    readonly configMapRef?: { readonly name: string; readonly optional?: boolean };
    readonly secretRef?: { readonly name: string; readonly optional?: boolean };
}
export interface Container {
    readonly name: string;
    readonly image?: string;
    readonly env?: readonly EnvVar[];
    readonly envFrom?: readonly EnvFrom[];
}
export interface KubeObject {
    readonly apiVersion: string;
    readonly kind: string;
    readonly metadata: {
        readonly name: string;
        readonly namespace?: string;
        readonly generation?: number;
        readonly managedFields?: readonly { manager: string; operation: string; fieldsV1?: unknown }[];
        readonly annotations?: Readonly<Record<string, string>>;
    };
    readonly data?: Readonly<Record<string, string>>;
    /** A Secret as written (rendered charts): plain values, encoded by the API server on create. */
    readonly stringData?: Readonly<Record<string, string | null>>;
    readonly spec?: Record<string, unknown>;
    readonly status?: Record<string, unknown>;
}

export class Kube {
    constructor(private readonly env: Environment) {}

    run(args: readonly string[], input?: string): string {
        try {
            return execFileSync(path.join(this.env.bin, "kubectl"), args, {
                env: { ...process.env, ...this.env.env },
                encoding: "utf8",
                input,
                stdio: ["pipe", "pipe", "pipe"],
                maxBuffer: 64 * 1024 * 1024,
            });
        } catch (err) {
            const e = err as { stderr?: string; message: string };
            throw new Error(`kubectl ${args.join(" ")}: ${(e.stderr ?? e.message).trim()}`, { cause: err });
        }
    }

    get<T = KubeObject>(kind: string, name: string, namespace?: string): T {
        return JSON.parse(this.run(["get", kind, name, "-o", "json", ...(namespace ? ["-n", namespace] : [])])) as T;
    }

    tryGet<T = KubeObject>(kind: string, name: string, namespace?: string): T | undefined {
        try {
            return this.get<T>(kind, name, namespace);
        } catch (err) {
            if (/NotFound|not found/.test((err as Error).message)) return undefined;
            throw err;
        }
    }

    list(kind: string, namespace: string): KubeObject[] {
        return (JSON.parse(this.run(["get", kind, "-o", "json", "-n", namespace])) as { items: KubeObject[] }).items;
    }

    apply(object: unknown, fieldManager: string, extra: readonly string[] = []): void {
        this.run(["apply", "--server-side", `--field-manager=${fieldManager}`, ...extra, "-f", "-"], JSON.stringify(object));
    }

    /** The containers of a Deployment's pod template. */
    containers(namespace: string, deployment: string): Container[] {
        const d = this.get(`deployment`, deployment, namespace);
        return (d.spec?.template as { spec: { containers: Container[] } }).spec.containers;
    }

    /** What the named container of a pod of this Deployment would see, from the live objects. */
    podEnv(namespace: string, deployment: string, container: string): Record<string, string> {
        const c = this.containers(namespace, deployment).find((x) => x.name === container);
        if (!c) throw new Error(`deployment ${namespace}/${deployment} has no container ${container}`);
        return this.resolveContainerEnv(namespace, c);
    }

    /** A container's env resolved against the live ConfigMaps and Secrets of the namespace. */
    resolveContainerEnv(namespace: string, c: Container): Record<string, string> {
        return resolveEnv(c, (kind, name) => this.tryGet(kind, name, namespace));
    }

    /**
     * Waits for the Deployment's rollout as `kubectl rollout status` does. A rollout that does not
     * finish fails with what would say why: the namespace's pods and ReplicaSets, its newest events
     * and the node's conditions and taints (a rollout stalled twice in one loaded CI run, and the
     * environment was gone before anyone could look).
     */
    rolloutStatus(namespace: string, deployment: string, seconds = 120): void {
        try {
            this.run(["rollout", "status", `deployment/${deployment}`, "-n", namespace, `--timeout=${seconds}s`]);
        } catch (err) {
            throw new Error(`${(err as Error).message}\n${this.stallReport(namespace)}`, { cause: err });
        }
    }

    /** What the cluster says about pods that do not become available (best effort: each part that fails says so). */
    stallReport(namespace: string): string {
        const part = (title: string, args: readonly string[]): string => {
            try {
                return `--- ${title}\n${this.run(args).trim()}`;
            } catch (err) {
                return `--- ${title}: ${(err as Error).message}`;
            }
        };
        return [
            part("pods and ReplicaSets", ["get", "pods,replicasets", "-n", namespace, "-o", "wide"]),
            part("events (newest last)", ["get", "events", "-n", namespace, "--sort-by=.lastTimestamp"]),
            part("nodes: conditions and taints", [
                "get",
                "nodes",
                "-o",
                'jsonpath={range .items[*]}{.metadata.name} {.spec.taints} {range .status.conditions[*]}{.type}={.status} {end}{"\\n"}{end}',
            ]),
            // A node that went unknown for a moment leaves no trace on itself, only these.
            part("nodes: events", ["get", "events", "-A", "--field-selector", "involvedObject.kind=Node"]),
            part("nodes: leases (kwok renews each every 10 s)", ["get", "leases", "-n", "kube-node-lease", "-o", "wide"]),
        ].join("\n");
    }
}

export type Lookup = (kind: "configmap" | "secret", name: string) => KubeObject | undefined;

/**
 * What a container sees: `envFrom` first, then `env` (later entries win, as the kubelet does), each
 * reference read through `lookup`. A reference to a missing object or key is an error unless it is
 * optional, as for the kubelet.
 */
export function resolveEnv(c: Container, lookup: Lookup): Record<string, string> {
    const env: Record<string, string> = {};
    const cache = new Map<string, KubeObject | undefined>();
    const object = (kind: "configmap" | "secret", name: string): KubeObject | undefined => {
        const k = `${kind}/${name}`;
        if (!cache.has(k)) cache.set(k, lookup(kind, name));
        return cache.get(k);
    };
    const dataOf = (kind: "configmap" | "secret", o: KubeObject): Record<string, string> => {
        const data = o.data ?? {};
        if (kind === "configmap") return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, String(v ?? "")]));
        return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(String(v ?? ""), "base64").toString("utf8")]));
    };
    for (const from of c.envFrom ?? []) {
        const [kind, ref] = from.configMapRef ? (["configmap", from.configMapRef] as const) : (["secret", from.secretRef!] as const);
        const o = object(kind, ref.name);
        if (!o) {
            if (ref.optional) continue;
            throw new Error(`envFrom ${kind} ${ref.name} does not exist`);
        }
        for (const [k, v] of Object.entries(dataOf(kind, o))) env[`${from.prefix ?? ""}${k}`] = v;
    }
    for (const e of c.env ?? []) {
        const ref = e.valueFrom?.configMapKeyRef ?? e.valueFrom?.secretKeyRef;
        if (!ref) {
            env[e.name] = e.value ?? "";
            continue;
        }
        const kind = e.valueFrom?.configMapKeyRef ? "configmap" : "secret";
        const o = object(kind, ref.name);
        const value = o ? dataOf(kind, o)[ref.key] : undefined;
        if (value === undefined) {
            if (ref.optional) continue;
            throw new Error(`${e.name} reads ${kind} ${ref.name} key ${ref.key}, which does not exist`);
        }
        env[e.name] = value;
    }
    return env;
}
