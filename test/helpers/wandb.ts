// Shared by the test/wandb.*.test.ts files of the W&B side: an OIDC client, content-named
// ConfigMaps/Secrets, a recorder of resource options, and a capture of `pulumi.log` lines.
import { createHash } from "node:crypto";
import { captureDiagnostics, type CapturedDiagnostics } from "../../tools/mockRuntime";
import * as pulumi from "@pulumi/pulumi";
import type { OidcClient } from "../../src/oidc";
import { installMocks, type MockOptions, type MockRuntime } from "./pulumiMocks";

export const ISSUER = "https://login.example.com/tenant/v2.0";
export const CLIENT_ID = "client-abc";
export const SECRET_VALUE = "the-client-secret-value";

export const T = {
    component: "wandb-sso:index:WandbOidc",
    configMap: "kubernetes:core/v1:ConfigMap",
    secret: "kubernetes:core/v1:Secret",
    deploymentPatch: "kubernetes:apps/v1:DeploymentPatch",
    operatorPatch: "kubernetes:apps.wandb.com/v1:WeightsAndBiasesPatch",
    operatorV2Patch: "kubernetes:apps.wandb.com/v2:WeightsAndBiasesPatch",
} as const;

/**
 * The operator-v2 target's two patches of component `w` (or `component`): the selectors' and the
 * env list's (targets/operatorV2.ts), by name.
 */
export function v2Patch(mocks: MockRuntime, which: "selectors" | "env", component = "w") {
    const name = which === "env" ? `${component}-operator-v2-env` : `${component}-operator-v2`;
    const found = mocks.resources.filter((r) => r.type === T.operatorV2Patch && r.name === name);
    if (found.length !== 1) throw new Error(`expected one ${T.operatorV2Patch} ${name}, found ${found.length}`);
    return found[0]!;
}

/** The environment W&B gets from the client of `client()` (pkce, no secret, no option) at `host`. */
export function baseEnv(host: string): Record<string, string> {
    return {
        OIDC_ISSUER: ISSUER,
        GORILLA_OIDC_ISSUER: ISSUER,
        OIDC_CLIENT_ID: CLIENT_ID,
        GORILLA_OIDC_CLIENT_ID: CLIENT_ID,
        OIDC_AUTH_METHOD: "pkce",
        GORILLA_AUTH_METHOD: "pkce",
        GORILLA_CORS_ORIGINS: `${host},null`,
    };
}

export const LABELS = {
    "app.kubernetes.io/managed-by": "pulumi",
    "app.kubernetes.io/part-of": "wandb",
    "app.kubernetes.io/component": "oidc",
};

export const PATCH_FORCE = { "pulumi.com/patchForce": "true" };

export function client(options: { secret?: string; clientId?: string } = {}): OidcClient {
    return {
        issuer: pulumi.output(ISSUER),
        clientId: pulumi.output(options.clientId ?? CLIENT_ID),
        authMethod: pulumi.output("pkce" as const),
        ...(options.secret !== undefined && { clientSecret: pulumi.secret(options.secret) }),
    };
}

const digest = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 8);

/**
 * Names each ConfigMap and Secret after its content, as a replacement gets a new auto-name: a
 * changed value gives a new name, the same values the same name.
 */
export const CONTENT_NAMED: NonNullable<MockOptions["outputs"]> = {
    [T.configMap]: (inputs, name) => ({ metadata: { ...(inputs.metadata as object), name: `${name}-${digest(inputs.data)}` } }),
    [T.secret]: (inputs, name) => ({ metadata: { ...(inputs.metadata as object), name: `${name}-${digest(inputs.stringData)}` } }),
};
export const contentName = (name: string, content: unknown) => `${name}-${digest(content)}`;

export interface Recorded {
    readonly type: string;
    readonly name: string;
    readonly resource: pulumi.Resource;
    readonly props: Record<string, any>;
    readonly opts: pulumi.CustomResourceOptions & pulumi.ComponentResourceOptions;
}

/**
 * A transformation for a component's `transformations` option: children inherit it, and it sees
 * each child's resource options, which the mock monitor never receives.
 */
export function recorder() {
    const records: Recorded[] = [];
    const transformation: pulumi.ResourceTransformation = (args) => {
        records.push({ type: args.type, name: args.name, resource: args.resource, props: args.props, opts: args.opts });
        return undefined;
    };
    return {
        records,
        transformation,
        of(type: string, name?: string): Recorded {
            const found = records.filter((r) => r.type === type && (name === undefined || r.name === name));
            if (found.length !== 1) throw new Error(`expected one ${type}${name ? ` ${name}` : ""}, recorded ${found.length}`);
            return found[0]!;
        },
    };
}

/** The resources an Output depends on (the SDK's own bookkeeping, from which Pulumi orders steps). */
export function dependenciesOf(output: unknown): Set<pulumi.Resource> {
    return (output as { resources(): Set<pulumi.Resource> }).resources();
}

/**
 * Waits (bounded) until no more resources reach the mock monitor, so that a test's late
 * registrations cannot land in the next test's mocks (setMocks is global).
 */
export async function quiesce(mocks: { resources: readonly unknown[] }, quietMs = 30, limitMs = 3_000): Promise<void> {
    const deadline = Date.now() + limitMs;
    let count = -1;
    let since = Date.now();
    while (Date.now() < deadline) {
        if (mocks.resources.length !== count) {
            count = mocks.resources.length;
            since = Date.now();
        } else if (Date.now() - since >= quietMs) {
            return;
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
    }
}

/**
 * The mock runtime and captured logs for the tests of one `describe`: installed once, with fresh
 * records (unless `reset: false`) and logs for each test, and late registrations awaited after it.
 */
export function mockedRuntime(options: MockOptions = {}, { reset = true } = {}) {
    const runtime = {} as { mocks: MockRuntime; logs: CapturedDiagnostics };
    before(async () => {
        runtime.mocks = await installMocks(options);
    });
    beforeEach(() => {
        if (reset) runtime.mocks.reset();
        runtime.logs = captureDiagnostics();
    });
    afterEach(async () => {
        await quiesce(runtime.mocks);
        runtime.logs.stop();
    });
    return runtime;
}

/** An env entry that reads a key of the ConfigMap `cm` (`optional`: unset while the key is absent). */
export const configMapRef = (cm: string, key: string, optional = false) => ({
    valueFrom: { configMapKeyRef: { name: cm, key, ...(optional && { optional: true }) } },
});

/**
 * The operator-wandb values wandb-sso owns, written out by hand from the chart's sources
 * (wandb/helm-charts operator-wandb 0.43.8: values.yaml global.auth; templates/api.yaml;
 * charts/wandb-base/templates/_containers.tpl for a service's extraEnv: app and api), for a client with CLIENT_ID,
 * ISSUER and pkce, whose settings are in the ConfigMap `cm`.
 */
export function chartValuesFor(cm: string, options: { secret?: string; sessionLengthHours?: number; clientId?: string } = {}) {
    const extraEnv = {
        GORILLA_AUTH_METHOD: configMapRef(cm, "OIDC_AUTH_METHOD"),
        GORILLA_CORS_ORIGINS: configMapRef(cm, "GORILLA_CORS_ORIGINS"),
        DISABLE_SSO_PROVISIONING: configMapRef(cm, "DISABLE_SSO_PROVISIONING", true),
        GORILLA_DISABLE_SSO_PROVISIONING: configMapRef(cm, "DISABLE_SSO_PROVISIONING", true),
        GORILLA_ENABLE_SSO_GROUP_CLAIMS: configMapRef(cm, "GORILLA_ENABLE_SSO_GROUP_CLAIMS", true),
        GORILLA_ENABLE_SSO_GROUPS_CLAIMS: configMapRef(cm, "GORILLA_ENABLE_SSO_GROUP_CLAIMS", true),
        GORILLA_OIDC_CUSTOM_SCOPES: configMapRef(cm, "GORILLA_OIDC_CUSTOM_SCOPES", true),
        GORILLA_USE_IDENTIFIER_CLAIMS: configMapRef(cm, "GORILLA_USE_IDENTIFIER_CLAIMS", true),
        LOCAL_RESTORE: configMapRef(cm, "LOCAL_RESTORE", true),
    };
    return {
        global: {
            auth: {
                sessionLengthHours: options.sessionLengthHours ?? 720,
                oidc: {
                    clientId: options.clientId ?? CLIENT_ID,
                    issuer: ISSUER,
                    authMethod: "pkce",
                    oidcSecret: { name: options.secret ?? "", secretKey: "OIDC_SECRET" },
                },
            },
        },
        app: { extraEnv },
        api: { extraEnv },
    };
}

type EnvRef = { valueFrom: { configMapKeyRef: { name: string; key: string; optional?: boolean } } };

/**
 * The variables a pod gets from env entries that read ConfigMaps, as Kubernetes resolves them: an
 * optional reference to a missing key sets nothing; a required one fails the pod (an Error here).
 */
export function resolveEnvRefs(entries: Readonly<Record<string, EnvRef>>, configMaps: Readonly<Record<string, Record<string, string>>>) {
    const env: Record<string, string> = {};
    for (const [name, { valueFrom }] of Object.entries(entries)) {
        const { name: cm, key, optional } = valueFrom.configMapKeyRef;
        const value = configMaps[cm]?.[key];
        if (value !== undefined) env[name] = value;
        else if (!optional) throw new Error(`${name}: ConfigMap ${cm} has no key ${key}, and the reference is not optional`);
    }
    return env;
}

/**
 * `helm upgrade --reuse-values -f file`: the file merged over the release's last values, maps key by
 * key, the file winning (helm v3.21 pkg/action/upgrade.go reuseValues → CoalesceTables in
 * pkg/chart/common/util/coalesce.go). Modelled for values without nulls, which wandb-sso never writes.
 */
export function helmReuseValues(release: unknown, file: unknown): unknown {
    const isTable = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
    if (!isTable(release) || !isTable(file)) return file === undefined ? release : file;
    const merged: Record<string, unknown> = { ...release };
    for (const [key, value] of Object.entries(file)) merged[key] = key in release ? helmReuseValues(release[key], value) : value;
    return merged;
}
