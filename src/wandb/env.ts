// The W&B server's OIDC environment: which keys the ConfigMap and Secret hold, which environment
// variables read which key, and the exact environment that results. Pure functions; generic over the
// value type so the same rules serve plain strings (tests, the plan) and Pulumi outputs (components).
import * as pulumi from "@pulumi/pulumi";
import type { OidcClient } from "../oidc";
import type { WandbSsoOptions } from "./ssoOptions";

import { CONFIG_MAP_KEYS, GROUP_CLAIMS_KEY, LOCAL_RESTORE, SECRET_KEY } from "./keys";

export { CONFIG_MAP_KEYS, GROUP_CLAIMS_KEY, LOCAL_RESTORE, SECRET_KEY } from "./keys";

/** Where an environment variable's value comes from. */
export interface EnvReference {
    readonly name: string;
    readonly source: "configMap" | "secret";
    readonly key: string;
    /** Unset while the key is absent (W&B's group claims when they follow a `teams` known only later). */
    readonly optional?: true;
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

/**
 * W&B's SSO options: each variable and the ConfigMap key it reads. W&B documents
 * `SESSION_LENGTH` in hours; its chart sets `GORILLA_SESSION_LENGTH` as a Go duration (`720h`) for
 * the newer services. The group switch is documented under two spellings, and provisioning under
 * the plain and GORILLA_ names: both are set, each pair from one key.
 */
export const SSO_OPTION_ENV: readonly (readonly [name: string, key: string])[] = [
    ["SESSION_LENGTH", "SESSION_LENGTH"],
    ["GORILLA_SESSION_LENGTH", "GORILLA_SESSION_LENGTH"],
    ["DISABLE_SSO_PROVISIONING", "DISABLE_SSO_PROVISIONING"],
    ["GORILLA_DISABLE_SSO_PROVISIONING", "DISABLE_SSO_PROVISIONING"],
    ["GORILLA_ENABLE_SSO_GROUP_CLAIMS", "GORILLA_ENABLE_SSO_GROUP_CLAIMS"],
    ["GORILLA_ENABLE_SSO_GROUPS_CLAIMS", "GORILLA_ENABLE_SSO_GROUP_CLAIMS"],
    ["GORILLA_OIDC_CUSTOM_SCOPES", "GORILLA_OIDC_CUSTOM_SCOPES"],
    ["GORILLA_USE_IDENTIFIER_CLAIMS", "GORILLA_USE_IDENTIFIER_CLAIMS"],
];

/**
 * The SSO options as ConfigMap data: only the options that are turned on (false, unset or an empty
 * scope list set nothing, leaving W&B's defaults alone).
 */
export function ssoOptionData(options: WandbSsoOptions = {}): Record<string, string> {
    const data: Record<string, string> = {};
    if (options.sessionLengthHours !== undefined) {
        data.SESSION_LENGTH = String(options.sessionLengthHours);
        data.GORILLA_SESSION_LENGTH = `${options.sessionLengthHours}h`;
    }
    if (options.disableSsoProvisioning) data.DISABLE_SSO_PROVISIONING = "true";
    if (options.groupClaims) data[GROUP_CLAIMS_KEY] = "true";
    if (options.customScopes !== undefined && options.customScopes.length > 0) {
        data.GORILLA_OIDC_CUSTOM_SCOPES = options.customScopes.join(",");
    }
    if (options.identifierClaims) data.GORILLA_USE_IDENTIFIER_CLAIMS = "true";
    return data;
}

/** The SSO options as the variables W&B reads (both spellings where there are two). */
export function ssoOptionEnv(options: WandbSsoOptions = {}): Record<string, string> {
    const data = ssoOptionData(options);
    return Object.fromEntries(SSO_OPTION_ENV.filter(([, key]) => key in data).map(([name, key]) => [name, data[key]!]));
}

/**
 * Everything W&B's OIDC environment is made from: the IdP's values, the host, break-glass and W&B's
 * own SSO options. Generic over the IdP's values, so that the same rules serve plain strings (tests,
 * the plan) and Pulumi outputs (components).
 */
export interface WandbOidcInput<T = string> extends WandbSsoOptions {
    readonly issuer: T;
    readonly clientId: T;
    readonly authMethod: T;
    /** The W&B base URL (already validated), for `GORILLA_CORS_ORIGINS`. */
    readonly host: string;
    /** Origins allowed besides the host, listed first in `GORILLA_CORS_ORIGINS`. */
    readonly extraCorsOrigins?: readonly string[];
    /** Break-glass: `LOCAL_RESTORE=true` turns SSO off and prints a temporary admin password. */
    readonly localRestore?: boolean;
    /**
     * The IdP's `teams` when it is another resource's output (another Pulumi language passes an IdP
     * component's): W&B's group claims follow it once it is known. The ConfigMap then holds the
     * group-claims key only when it is true (`withTeams`), and the variables read it optionally.
     */
    readonly teams?: pulumi.Output<boolean>;
}

/** The input without the IdP's values: what `wandbOidcEnv` takes beside an OIDC client. */
export type WandbOidcEnvOptions = Omit<WandbOidcInput, "issuer" | "clientId" | "authMethod">;

/**
 * Every variable W&B gets, in a stable order, with where its value comes from: the OIDC settings,
 * the secret (when the IdP issued one: a Secret is then created and referenced), the SSO options
 * that are on, then `LOCAL_RESTORE` while break-glass is on.
 */
export function wandbEnvReferences(input: Omit<WandbOidcEnvOptions, "host"> & { readonly hasSecret: boolean }): EnvReference[] {
    const refs: EnvReference[] = CONFIG_MAP_ENV.map(([name, key]) => ({ name, source: "configMap", key }));
    if (input.hasSecret) refs.push(...SECRET_ENV.map((name) => ({ name, source: "secret" as const, key: SECRET_KEY })));
    const options = ssoOptionData(input);
    const followsTeams = input.teams !== undefined && input.groupClaims !== true;
    for (const [name, key] of SSO_OPTION_ENV) {
        if (key in options) refs.push({ name, source: "configMap", key });
        else if (followsTeams && key === GROUP_CLAIMS_KEY) refs.push({ name, source: "configMap", key, optional: true });
    }
    if (input.localRestore) refs.push({ name: LOCAL_RESTORE, source: "configMap", key: LOCAL_RESTORE });
    return refs;
}

/** `GORILLA_CORS_ORIGINS`: the extra origins, the host, then `null` (a form_post arrives with origin `null`). */
export function corsOrigins(host: string, extraCorsOrigins: readonly string[] = []): string {
    return [...extraCorsOrigins, host, "null"].join(",");
}

/** The ConfigMap's data: the OIDC settings, the SSO options that are on, break-glass. Never the client secret. */
export function wandbConfigMapData<T>(values: WandbOidcInput<T>): Record<string, T | string> {
    return {
        [CONFIG_MAP_KEYS.clientId]: values.clientId,
        [CONFIG_MAP_KEYS.issuer]: values.issuer,
        [CONFIG_MAP_KEYS.authMethod]: values.authMethod,
        [CONFIG_MAP_KEYS.corsOrigins]: corsOrigins(values.host, values.extraCorsOrigins),
        ...ssoOptionData(values),
        ...(values.localRestore ? { [LOCAL_RESTORE]: "true" } : {}),
    };
}

/**
 * The ConfigMap's data with W&B's group claims on when `teams`, known only later, is true (see
 * `WandbOidcInput.teams`); the data as it is without one.
 */
export function withTeams(
    data: Record<string, pulumi.Input<string>>,
    teams: pulumi.Output<boolean> | undefined,
): pulumi.Input<Record<string, pulumi.Input<string>>> {
    if (teams === undefined || GROUP_CLAIMS_KEY in data) return data;
    return pulumi.all([teams, pulumi.all(data)]).apply(([on, resolved]) => (on ? { ...resolved, [GROUP_CLAIMS_KEY]: "true" } : resolved));
}

/**
 * What a target's Secret holds (its record's `secret`): `clientSecret`, the client secret alone, so
 * there is a Secret only when the IdP issued one; `oidcSettings`, the issuer, client ID and auth
 * method too, always, for a target whose OIDC fields are all Secret key selectors into one Secret
 * (operator-v2, src/wandb/v2Spec.ts).
 */
export type SecretContents = "clientSecret" | "oidcSettings";

/**
 * The Secret's data, when the target needs one: the client secret under OIDC_SECRET when the IdP
 * issued one, and with `oidcSettings` the issuer, client ID and auth method, in the one Secret the
 * selectors read.
 */
export function wandbSecretData<T>(
    contents: SecretContents,
    input: WandbOidcInput<T>,
    clientSecret: T | undefined,
): Record<string, T | string> | undefined {
    const secret: Record<string, T> = clientSecret === undefined ? {} : { [SECRET_KEY]: clientSecret };
    if (contents === "oidcSettings") {
        return {
            [CONFIG_MAP_KEYS.issuer]: input.issuer,
            [CONFIG_MAP_KEYS.clientId]: input.clientId,
            [CONFIG_MAP_KEYS.authMethod]: input.authMethod,
            ...secret,
        };
    }
    return clientSecret === undefined ? undefined : secret;
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
        if (value === undefined && ref.optional) continue;
        if (value === undefined) throw new Error(`W&B variable ${ref.name} refers to ${ref.source} key ${ref.key}, which is not set`);
        env[ref.name] = value;
    }
    return env;
}

/**
 * The options with the client's `teams` (part of the OidcClient contract) applied: a plain true
 * turns W&B's group claims on; another resource's output decides them once known.
 */
export function withClientTeams(client: OidcClient, opts: WandbOidcEnvOptions): WandbOidcEnvOptions {
    if (client.teams === undefined || client.teams === false || opts.groupClaims === true) return opts;
    if (client.teams === true) return { ...opts, groupClaims: true };
    return { ...opts, teams: pulumi.output(client.teams) };
}

/**
 * Each W&B variable as its own output; the secret ones are Pulumi secrets. With `teams` known only
 * later, W&B's group-claims variables are there too, and resolve to nothing while it is false.
 */
export function wandbOidcEnvVars(client: OidcClient, options: WandbOidcEnvOptions): Record<string, pulumi.Output<string>> {
    const opts = withClientTeams(client, options);
    const data = wandbConfigMapData<pulumi.Output<string>>({
        issuer: client.issuer,
        clientId: client.clientId,
        authMethod: client.authMethod,
        ...opts,
    });
    const refs = wandbEnvReferences({ ...opts, hasSecret: client.clientSecret !== undefined });
    const env = resolveWandbEnv(refs, data, client.clientSecret && pulumi.secret(client.clientSecret));
    const vars = Object.fromEntries(Object.entries(env).map(([name, value]) => [name, pulumi.output(value)]));
    for (const ref of refs) {
        // Typed as strings, like every variable: absent from the resolved environment while false.
        if (ref.optional && opts.teams !== undefined)
            vars[ref.name] = opts.teams.apply((on) => (on ? "true" : undefined)) as pulumi.Output<string>;
    }
    return vars;
}

/**
 * The exact W&B environment for any OIDC client, for those who deploy W&B some other way. The whole
 * map is a Pulumi secret when the client has a secret.
 */
export function wandbOidcEnv(client: OidcClient, opts: WandbOidcEnvOptions): pulumi.Output<Record<string, string>> {
    return definedEntries(wandbOidcEnvVars(client, opts));
}

/** The variables' values, without those that resolved to nothing (see `wandbOidcEnvVars`). */
export function definedEntries(vars: Record<string, pulumi.Output<string>>): pulumi.Output<Record<string, string>> {
    return pulumi.all(vars).apply((env) => Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined)));
}
