// The helm target for real: W&B's operator-wandb chart (0.43.8, ../shared/fixtures/wandb-charts)
// rendered by the real Helm with the stack output `helmValues`, then installed and upgraded with
// `--reuse-values -f` against the API server, read back with kubectl.
import { X509Certificate } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseAllDocuments, parseDocument } from "yaml";
import type { Scenario } from "../lib/harness";
import { expect, expectEqual } from "../lib/harness";
import { type Container, type KubeObject, resolveEnv } from "../lib/kube";
import { repoProject, run, Stack, tail } from "../lib/pulumi";
import { type Context, existingStack } from "./context";
import { FIXTURES } from "./operator";

const NS = "wandb-helm";
const RELEASE = "wandb";
/** The chart's own values a user sets beside wandb-sso's. */
const USER_VALUES = [
    "--set",
    "global.host=http://127.0.0.1:18080",
    "--set",
    "global.license=e2e-license",
    // The API as a service of its own (off by default: then app serves it), so both W&B services that
    // read wandb-sso's variables are rendered and installed.
    "--set",
    "global.api.enabled=true",
    // No Ingress: its host must be a DNS name, and the e2e W&B host is 127.0.0.1.
    "--set",
    "ingress.install=false",
];
/** The W&B services' Deployments: operator-wandb names them <release>-<service>-<deploymentPostfix>. */
const SERVICES = [/^wandb-app(-\w+)?$/, /^wandb-api(-\w+)?$/];

/**
 * A copy of operator-wandb (and wandb-base beside it, for its `file://../wandb-base`) whose
 * Chart.yaml leaves out `reloader`, the one dependency from an external chart repository (off by
 * default: `condition: reloader.install`), which is not in the fixture and cannot be fetched here;
 * then `helm dependency build` packages the local `file://` dependencies, offline.
 */
async function chartCopy(c: Context): Promise<string> {
    const charts = path.join(c.work, "charts");
    fs.rmSync(charts, { recursive: true, force: true });
    fs.cpSync(path.join(FIXTURES, "operator-wandb"), path.join(charts, "operator-wandb"), { recursive: true });
    fs.cpSync(path.join(FIXTURES, "wandb-base"), path.join(charts, "wandb-base"), { recursive: true });
    for (const file of ["Chart.yaml", "Chart.lock"]) {
        const p = path.join(charts, "operator-wandb", file);
        if (!fs.existsSync(p)) continue;
        const doc = parseDocument(fs.readFileSync(p, "utf8"));
        const deps = doc.get("dependencies") as { items: { get(k: string): unknown }[] } | undefined;
        if (deps) deps.items = deps.items.filter((d) => d.get("name") !== "reloader");
        fs.writeFileSync(p, doc.toString());
    }
    fs.rmSync(path.join(charts, "operator-wandb", "Chart.lock"), { force: true });
    const chart = path.join(charts, "operator-wandb");
    const r = await run(c.env, "helm", ["dependency", "build", chart, "--skip-refresh"]);
    if (r.code !== 0) throw new Error(`helm dependency build: ${r.stderr}`);
    return chart;
}

async function helm(c: Context, args: readonly string[]): Promise<string> {
    const r = await run(c.env, "helm", args, { timeoutSeconds: 300 });
    if (r.code !== 0) throw new Error(`helm ${args.slice(0, 2).join(" ")} exited ${r.code}: ${tail(r.stderr)}`);
    return r.stdout;
}

interface Workload {
    readonly kind: string;
    readonly name: string;
    readonly containers: Container[];
}

function workloads(objects: KubeObject[]): Workload[] {
    const out: Workload[] = [];
    for (const o of objects) {
        const template = (o.spec?.template as { spec?: { containers?: Container[]; initContainers?: Container[] } } | undefined)?.spec;
        const jobTemplate = (o.spec?.jobTemplate as { spec?: { template?: { spec?: { containers?: Container[] } } } } | undefined)?.spec
            ?.template?.spec;
        const containers = [...(template?.containers ?? []), ...(template?.initContainers ?? []), ...(jobTemplate?.containers ?? [])];
        if (containers.length > 0) out.push({ kind: o.kind, name: o.metadata.name, containers });
    }
    return out;
}

/** wandb-sso's variable names: what its ConfigMap and Secret hold, plus the names that read them. */
const OWNED =
    /^(OIDC_|GORILLA_OIDC_|GORILLA_AUTH_METHOD$|GORILLA_CORS_ORIGINS$|GORILLA_ENABLE_SSO_|GORILLA_DISABLE_SSO_|DISABLE_SSO_PROVISIONING$|GORILLA_SESSION_LENGTH$|SESSION_LENGTH$|LOCAL_RESTORE$)/;

/**
 * Resolves a rendered container's env against the rendered ConfigMaps (the chart's own) and the live
 * ones (wandb-sso's), as the kubelet would once both exist.
 */
function resolve(c: Context, rendered: KubeObject[], container: Container): Record<string, string> {
    const byName = (kind: string) => new Map(rendered.filter((o) => o.kind === kind).map((o) => [o.metadata.name, o]));
    const configMaps = byName("ConfigMap");
    const secrets = byName("Secret");
    const renderedSecret = (name: string): KubeObject | undefined => {
        const o = secrets.get(name);
        if (!o) return undefined;
        const fromString = Object.fromEntries(
            Object.entries(o.stringData ?? {}).map(([k, v]) => [k, Buffer.from(v ?? "").toString("base64")]),
        );
        return { ...o, data: { ...o.data, ...fromString } };
    };
    return resolveEnv(container, (kind, name) =>
        kind === "configmap"
            ? (configMaps.get(name) ?? c.kube.tryGet(kind, name, NS))
            : (renderedSecret(name) ?? c.kube.tryGet(kind, name, NS)),
    );
}

/**
 * What each W&B service reads for OIDC: the app (templates/local.yaml) the OIDC_* names, the api
 * service (templates/api.yaml) the GORILLA_* names; both the secret under both names (_env.tpl
 * wandb.oidcEnvs), and wandb-sso's own entries (GORILLA_AUTH_METHOD, GORILLA_CORS_ORIGINS).
 */
function expectedFor(c: Context, service: string): Record<string, string> {
    const common = {
        OIDC_SECRET: c.op.clientSecret,
        GORILLA_OIDC_SECRET: c.op.clientSecret,
        GORILLA_AUTH_METHOD: "pkce",
        GORILLA_CORS_ORIGINS: `${c.host},null`,
    };
    if (/^wandb-api/.test(service)) return { ...common, GORILLA_OIDC_ISSUER: c.op.issuer, GORILLA_OIDC_CLIENT_ID: c.op.clientId };
    return { ...common, OIDC_ISSUER: c.op.issuer, OIDC_CLIENT_ID: c.op.clientId, OIDC_AUTH_METHOD: "pkce" };
}

interface CaPodSpec {
    readonly containers: (Container & { volumeMounts?: { name: string; mountPath: string }[] })[];
    readonly volumes?: { name: string; emptyDir?: object; configMap?: { name: string } }[];
}

/**
 * The container gets wandb-sso's CA as operator-wandb means it (templates/_volumes.tpl and
 * _env.tpl): the emptyDir at /usr/local/share/ca-certificates/, the ConfigMap global.caCertsConfigMap
 * names at .../configmap, whose live data holds the CA as a .crt file, and the SSL variables.
 */
function expectChartCaMounts(c: Context, spec: CaPodSpec, container: string, what: string, caPem: string): void {
    const ct = spec.containers.find((x) => x.name === container)!;
    const mount = (p: string) => ct.volumeMounts?.find((m) => m.mountPath === p);
    const volume = (name: string | undefined) => spec.volumes?.find((v) => v.name === name);
    const root = mount("/usr/local/share/ca-certificates/");
    expect(volume(root?.name)?.emptyDir, `${what}: no emptyDir at /usr/local/share/ca-certificates/`);
    const configMap = volume(mount("/usr/local/share/ca-certificates/configmap")?.name)?.configMap?.name;
    expect(configMap, `${what}: no ConfigMap at /usr/local/share/ca-certificates/configmap`);
    const live = c.kube.tryGet("configmap", configMap, NS);
    expectEqual(live?.data, { "wandb-sso-ca-0.crt": new X509Certificate(caPem).toString() }, `${what}: the CA ConfigMap ${configMap}`);
    const env = Object.fromEntries((ct.env ?? []).map((e) => [e.name, e.value]));
    expectEqual(
        [env.SSL_CERT_FILE, env.SSL_CERT_DIR, env.REQUESTS_CA_BUNDLE],
        ["/etc/ssl/certs/ca-certificates.crt", "/etc/ssl/certs", "/etc/ssl/certs/ca-certificates.crt"],
        `${what}: SSL_CERT_FILE, SSL_CERT_DIR, REQUESTS_CA_BUNDLE`,
    );
}

export const helmScenarios: Scenario<Context>[] = [
    {
        name: "helm-chart",
        async run(c) {
            const chart = await chartCopy(c);
            c.kube.run(["create", "namespace", NS]);
            const s = new Stack(c.env, "e2e-helm", repoProject(`${c.work}/project`));
            await existingStack(c, s, { target: "helm", namespace: NS, name: RELEASE }, { "wandb-sso:protect": "false" });
            // A private CA too, which the chart mounts into the W&B containers (global.caCertsConfigMap).
            const caPem = fs.readFileSync(c.env.idpTls.caFile, "utf8");
            await s.set("wandb-sso:caCerts[0]", caPem);
            const valuesFile = path.join(c.work, "wandb-sso-values.json");
            const apply = async (what: string): Promise<void> => {
                const r = await s.up();
                if (r.code !== 0) throw new Error(`pulumi up (${what}) exited ${r.code}:\n${tail(r.stdout + r.stderr)}`);
                // As docs/wandb.md says: the output, as a file, to helm upgrade -f.
                fs.writeFileSync(valuesFile, JSON.stringify((await s.outputs()).helmValues));
            };
            await apply("first");

            // 1. The chart rendered with the values: the W&B services see the OIDC settings, and no
            //    other container gets a broken value from wandb-sso's keys.
            const rendered = parseAllDocuments(await helm(c, ["template", RELEASE, chart, "-n", NS, ...USER_VALUES, "-f", valuesFile]))
                .map((d) => d.toJS() as KubeObject)
                .filter(Boolean);
            const all = workloads(rendered);
            for (const w of all) {
                for (const ct of w.containers) {
                    for (const e of ct.env ?? []) {
                        if (!OWNED.test(e.name)) continue;
                        expect(
                            !(e.value ?? "").includes("map["),
                            `${w.kind} ${w.name} container ${ct.name}: ${e.name} renders as ${JSON.stringify(e.value)}`,
                        );
                    }
                }
            }
            const serviceNames: string[] = [];
            for (const pattern of SERVICES) {
                const w = all.find((x) => x.kind === "Deployment" && pattern.test(x.name));
                expect(w, `the chart rendered no Deployment ${String(pattern)}: ${all.map((x) => x.name).join(", ")}`);
                serviceNames.push(w.name);
                const service = w.name;
                const ct = w.containers[0]!;
                const env = resolve(c, rendered, ct);
                for (const [k, v] of Object.entries(expectedFor(c, service))) {
                    expectEqual(env[k], v, `${service} container ${ct.name}: ${k}`);
                }
                const template = rendered.find((o) => o.kind === "Deployment" && o.metadata.name === service)!.spec!.template as {
                    spec: CaPodSpec;
                };
                expectChartCaMounts(c, template.spec, ct.name, `${service} (rendered)`, caPem);
            }

            // 2. Install, then upgrade with --reuse-values -f through break-glass and an option.
            await helm(c, ["install", RELEASE, chart, "-n", NS, ...USER_VALUES, "-f", valuesFile]);
            // operator-wandb 0.43.8 (wandb-base.replicaCount) compares the live HPA's
            // status.currentReplicas, which the HPA controller fills in at its first sync: an upgrade
            // before that fails in the chart's own template ("error calling gt: invalid type"). Wait
            // for it, as any upgrade some time after the install does.
            const deadline = Date.now() + 120_000;
            for (;;) {
                const hpas = c.kube.list("hpa", NS);
                if (hpas.every((h) => typeof (h.status as { currentReplicas?: number } | undefined)?.currentReplicas === "number")) break;
                expect(Date.now() < deadline, "the HPAs of the release got no status within 120 s");
                await new Promise((r) => setTimeout(r, 2000));
            }
            const liveEnv = (service: string): Record<string, string> => {
                const d = c.kube.get("deployment", service, NS);
                const ct = (d.spec?.template as { spec: { containers: Container[] } }).spec.containers[0]!;
                return c.kube.resolveContainerEnv(NS, ct);
            };
            const upgrade = async (): Promise<void> => {
                await helm(c, ["upgrade", RELEASE, chart, "-n", NS, "--reuse-values", "-f", valuesFile]);
            };
            for (const service of serviceNames) {
                const d = c.kube.get("deployment", service, NS);
                const spec = (d.spec?.template as { spec: CaPodSpec }).spec;
                expectChartCaMounts(c, spec, spec.containers[0]!.name, `${service} (installed)`, caPem);
            }
            const steps: [string, string, string | undefined, Record<string, string>][] = [
                ["wandb-sso:localRestore", "true", undefined, { LOCAL_RESTORE: "true" }],
                ["wandb-sso:localRestore", "false", undefined, {}],
                ["wandb-sso:wandb.disableSsoProvisioning", "true", undefined, { DISABLE_SSO_PROVISIONING: "true" }],
                ["wandb-sso:wandb.disableSsoProvisioning", "false", undefined, {}],
            ];
            for (const [key, value, , expected] of steps) {
                await s.set(key, value);
                await apply(`${key}=${value}`);
                await upgrade();
                for (const service of serviceNames) {
                    const env = liveEnv(service);
                    for (const name of ["LOCAL_RESTORE", "DISABLE_SSO_PROVISIONING"]) {
                        expectEqual(env[name], expected[name], `${service} ${name} after ${key}=${value} and helm upgrade --reuse-values`);
                    }
                    expectEqual(
                        env.OIDC_CLIENT_ID ?? env.GORILLA_OIDC_CLIENT_ID,
                        c.op.clientId,
                        `${service} client ID after ${key}=${value}`,
                    );
                }
            }
            await helm(c, ["uninstall", RELEASE, "-n", NS]);
            const destroyed = await s.pulumi(["destroy", "--yes", "--skip-preview"], { timeoutSeconds: 300 });
            expect(destroyed.code === 0, `pulumi destroy failed:\n${tail(destroyed.stdout + destroyed.stderr)}`);
        },
    },
];
