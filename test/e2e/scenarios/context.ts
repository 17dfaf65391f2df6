// What every scenario works with: the running environment, kubectl, the OpenID provider and the
// W&B host the stacks name.
import type { Environment } from "../env";
import { expect, expectEqual } from "../lib/harness";
import type { Kube, KubeObject } from "../lib/kube";
import type { E2eProvider } from "../lib/op";
import { tail, type Stack } from "../lib/pulumi";

export interface Context {
    readonly env: Environment;
    readonly kube: Kube;
    readonly op: E2eProvider;
    /** The same OpenID provider over https, its certificate from the environment's private CA (env.idpTls). */
    readonly tlsOp: E2eProvider;
    /** The W&B host every stack names: `http://127.0.0.1:<port>` (loopback http is a valid W&B host). */
    readonly host: string;
    /** A directory of this run's own (stack config files, rendered charts), removed at the end. */
    readonly work: string;
}

/** The W&B namespace, Deployment and container of the deployment scenarios. */
export const NS = "wandb";
export const DEPLOYMENT = "wandb";
export const CONTAINER = "wandb";

/** The env a Helm release of wandb/local gave the Deployment, applied with Helm's field manager. */
export const HELM_ENV = [
    { name: "HOST", value: "http://127.0.0.1" },
    { name: "MYSQL", value: "mysql://wandb:wandb@mysql:3306/wandb" },
    { name: "BUCKET", value: "s3://wandb-e2e" },
] as const;

export function wandbDeployment(): object {
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: DEPLOYMENT, namespace: NS, labels: { app: "wandb" } },
        spec: {
            replicas: 1,
            selector: { matchLabels: { app: "wandb" } },
            strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
            template: {
                metadata: { labels: { app: "wandb" } },
                spec: {
                    containers: [
                        {
                            name: CONTAINER,
                            image: "wandb/local:0.70.0",
                            ports: [{ name: "http", containerPort: 8080 }],
                            env: HELM_ENV,
                        },
                        { name: "sidecar", image: "busybox:1.36", env: [{ name: "SIDE", value: "car" }] },
                    ],
                },
            },
        },
    };
}

/**
 * Initialises a stack of this repository's program with IdP `existing` pointed at the e2e OpenID
 * provider's confidential client (the secret set as a secret), at the e2e W&B host, and the given
 * `wandb-sso:wandb` fields (and other keys, by their full name).
 */
export async function existingStack(
    c: Context,
    s: Stack,
    wandb: Record<string, string>,
    other: Record<string, string> = {},
    op: E2eProvider = c.op,
): Promise<Stack> {
    await s.init();
    await s.set("wandb-sso:host", c.host);
    await s.set("wandb-sso:idp", "existing");
    await s.set("wandb-sso:existing.issuer", op.issuer);
    await s.set("wandb-sso:existing.clientId", op.clientId);
    await s.set("wandb-sso:existing.clientSecret", op.clientSecret, true);
    for (const [field, value] of Object.entries(wandb)) await s.set(`wandb-sso:wandb.${field}`, value);
    for (const [key, value] of Object.entries(other)) await s.set(key, value);
    return s;
}

/** What W&B's pod sees for OIDC with the e2e provider's confidential client, pkce, and `options` on. */
export function expectedOidcEnv(c: Context, options: Record<string, string> = {}, op: E2eProvider = c.op): Record<string, string> {
    return {
        OIDC_ISSUER: op.issuer,
        GORILLA_OIDC_ISSUER: op.issuer,
        OIDC_CLIENT_ID: op.clientId,
        GORILLA_OIDC_CLIENT_ID: op.clientId,
        OIDC_AUTH_METHOD: "pkce",
        GORILLA_AUTH_METHOD: "pkce",
        OIDC_SECRET: op.clientSecret,
        GORILLA_OIDC_SECRET: op.clientSecret,
        GORILLA_CORS_ORIGINS: `${c.host},null`,
        ...options,
    };
}

const OIDC_NAMES = /^(OIDC_|GORILLA_|LOCAL_RESTORE$|SESSION_LENGTH$|DISABLE_SSO_PROVISIONING$)/;

/** The variables of an environment that are W&B's OIDC settings (or options, or break-glass). */
export function oidcEnvOf(env: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(env).filter(([k]) => OIDC_NAMES.test(k)));
}

/** The Deployment's own env (Helm's) and the sidecar are exactly as Helm set them. */
export function expectHelmEnvUntouched(c: Context, namespace: string = NS): void {
    const env = c.kube.podEnv(namespace, DEPLOYMENT, CONTAINER);
    for (const e of HELM_ENV) expectEqual(env[e.name], e.value, `the Deployment's own ${e.name} in ${namespace}`);
    const sidecar = c.kube.containers(namespace, DEPLOYMENT).find((x) => x.name === "sidecar");
    expectEqual(sidecar?.env, [{ name: "SIDE", value: "car" }], `the sidecar container's env in ${namespace}`);
}

/** The Deployment with its managedFields (`kubectl get` leaves them out unless asked). */
export function withManagedFields(c: Context, namespace: string): KubeObject {
    return JSON.parse(c.kube.run(["get", "deployment", DEPLOYMENT, "-n", namespace, "-o", "json", "--show-managed-fields"])) as KubeObject;
}

/** The field managers that own part of a variable of the W&B container, from the live managedFields. */
export function ownersOf(d: KubeObject, name: string): string[] {
    return (d.metadata.managedFields ?? [])
        .filter((m) => JSON.stringify(m.fieldsV1 ?? {}).includes(JSON.stringify(`k:${JSON.stringify({ name })}`).slice(1, -1)))
        .map((m) => m.manager);
}

/**
 * A WeightsAndBiases resource of the user's whose caCertsConfigMap they set themselves (made with
 * kubectl apply), which the stack is pointed at: `pulumi preview` must fail, saying `refusal`.
 */
export async function expectOwnCaRefused(c: Context, s: Stack, resource: KubeObject, refusal: string): Promise<void> {
    c.kube.run(["apply", "-f", "-"], JSON.stringify(resource));
    await s.set("wandb-sso:wandb.name", resource.metadata.name);
    const refused = await s.pulumi(["preview"], { timeoutSeconds: 600 });
    const out = refused.stdout + refused.stderr;
    expect(refused.code !== 0 && out.includes(refusal), `the preview does not refuse the user's caCertsConfigMap:\n${tail(out)}`);
}
