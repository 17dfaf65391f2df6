// The W&B server's OIDC environment: which keys the ConfigMap and Secret hold, which environment
// variables read which key, and the exact environment that results. Pure functions; generic over the
// value type so the same rules serve plain strings (tests, the plan) and Pulumi outputs (components).
import * as pulumi from "@pulumi/pulumi";
import type { OidcClient } from "../oidc";

/** The key the Secret holds the client secret under. */
export const SECRET_KEY = "OIDC_SECRET";

/** Where an environment variable's value comes from. */
export interface EnvReference {
    readonly name: string;
    readonly source: "configMap" | "secret";
    readonly key: string;
}

/**
 * The variables W&B reads, each by reference to one key. W&B's newer services read the GORILLA_*
 * names and the secret has been read under both names, so both are set, as W&B's own chart does.
 */
const CONFIG_MAP_ENV: readonly (readonly [name: string, key: string])[] = [
    ["OIDC_ISSUER", "OIDC_ISSUER"],
    ["GORILLA_OIDC_ISSUER", "OIDC_ISSUER"],
    ["OIDC_CLIENT_ID", "OIDC_CLIENT_ID"],
    ["GORILLA_OIDC_CLIENT_ID", "OIDC_CLIENT_ID"],
    ["OIDC_AUTH_METHOD", "OIDC_AUTH_METHOD"],
    ["GORILLA_AUTH_METHOD", "OIDC_AUTH_METHOD"],
    ["GORILLA_CORS_ORIGINS", "GORILLA_CORS_ORIGINS"],
];
const SECRET_ENV: readonly string[] = ["OIDC_SECRET", "GORILLA_OIDC_SECRET"];

export interface WandbEnvShape {
    /** Whether the IdP issued a client secret (a Secret is then created and referenced). */
    readonly hasSecret: boolean;
    /** Break-glass: `LOCAL_RESTORE=true` turns SSO off and prints a temporary admin password. */
    readonly localRestore?: boolean;
}

/** Every variable W&B gets, in a stable order, with where its value comes from. */
export function wandbEnvReferences(shape: WandbEnvShape): EnvReference[] {
    const refs: EnvReference[] = CONFIG_MAP_ENV.map(([name, key]) => ({ name, source: "configMap", key }));
    if (shape.hasSecret) refs.push(...SECRET_ENV.map((name) => ({ name, source: "secret" as const, key: SECRET_KEY })));
    if (shape.localRestore) refs.push({ name: "LOCAL_RESTORE", source: "configMap", key: "LOCAL_RESTORE" });
    return refs;
}

/** `GORILLA_CORS_ORIGINS`: the extra origins, the host, then `null` (a form_post arrives with origin `null`). */
export function corsOrigins(host: string, extraCorsOrigins: readonly string[] = []): string {
    return [...extraCorsOrigins, host, "null"].join(",");
}

export interface WandbOidcValues<T> {
    readonly issuer: T;
    readonly clientId: T;
    readonly authMethod: T;
    readonly host: string;
    readonly extraCorsOrigins?: readonly string[];
    readonly localRestore?: boolean;
}

/** The ConfigMap's data. Never holds the client secret. */
export function wandbConfigMapData<T>(values: WandbOidcValues<T>): Record<string, T | string> {
    return {
        OIDC_CLIENT_ID: values.clientId,
        OIDC_ISSUER: values.issuer,
        OIDC_AUTH_METHOD: values.authMethod,
        GORILLA_CORS_ORIGINS: corsOrigins(values.host, values.extraCorsOrigins),
        ...(values.localRestore ? { LOCAL_RESTORE: "true" } : {}),
    };
}

/** The environment W&B ends up with: every reference resolved against the ConfigMap and Secret. */
export function resolveWandbEnv<T>(
    refs: readonly EnvReference[],
    configMapData: Readonly<Record<string, T | string>>,
    clientSecret: T | undefined,
): Record<string, T | string> {
    const env: Record<string, T | string> = {};
    for (const ref of refs) {
        const value = ref.source === "secret" ? clientSecret : configMapData[ref.key];
        if (value === undefined) throw new Error(`W&B variable ${ref.name} refers to ${ref.source} key ${ref.key}, which is not set`);
        env[ref.name] = value;
    }
    return env;
}

export interface WandbOidcEnvOptions {
    /** The W&B base URL (already validated), for `GORILLA_CORS_ORIGINS`. */
    readonly host: string;
    readonly localRestore?: boolean;
    readonly extraCorsOrigins?: readonly string[];
}

/** Each W&B variable as its own output; the secret ones are Pulumi secrets. */
export function wandbOidcEnvVars(client: OidcClient, opts: WandbOidcEnvOptions): Record<string, pulumi.Output<string>> {
    const data = wandbConfigMapData<pulumi.Output<string>>({
        issuer: client.issuer,
        clientId: client.clientId,
        authMethod: client.authMethod as pulumi.Output<string>,
        ...opts,
    });
    const refs = wandbEnvReferences({ hasSecret: client.clientSecret !== undefined, localRestore: opts.localRestore });
    const env = resolveWandbEnv(refs, data, client.clientSecret && pulumi.secret(client.clientSecret));
    return Object.fromEntries(Object.entries(env).map(([name, value]) => [name, pulumi.output(value)]));
}

/**
 * The exact W&B environment for any OIDC client, for those who deploy W&B some other way. The whole
 * map is a Pulumi secret when the client has a secret.
 */
export function wandbOidcEnv(client: OidcClient, opts: WandbOidcEnvOptions): pulumi.Output<Record<string, string>> {
    return pulumi.all(wandbOidcEnvVars(client, opts));
}
