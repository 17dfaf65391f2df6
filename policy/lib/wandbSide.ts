// Recognises the W&B server's side of SSO, by what it is: a workload or ConfigMap carrying W&B's
// OIDC_*/GORILLA_OIDC_* variables, or a W&B Operator `WeightsAndBiases` resource. Reads each OIDC
// setting it holds, with where it is (for messages) and whether it is a value or a reference.
//
// W&B's variable names, as wandb-sso sets them (src/wandb/env.ts), duplicated here because the pack
// depends on nothing outside its folder.
import * as types from "./types";
import { asList, asRecord, at, isUnknown, type Value } from "./values";

export type SettingName = "issuer" | "clientId" | "authMethod" | "secret" | "localRestore" | "groupClaims" | "host";

const ENV_SETTINGS: ReadonlyMap<string, SettingName> = new Map([
    ["OIDC_ISSUER", "issuer"],
    ["GORILLA_OIDC_ISSUER", "issuer"],
    ["OIDC_CLIENT_ID", "clientId"],
    ["GORILLA_OIDC_CLIENT_ID", "clientId"],
    ["OIDC_AUTH_METHOD", "authMethod"],
    ["GORILLA_AUTH_METHOD", "authMethod"],
    ["GORILLA_OIDC_AUTH_METHOD", "authMethod"],
    ["OIDC_SECRET", "secret"],
    ["GORILLA_OIDC_SECRET", "secret"],
    ["LOCAL_RESTORE", "localRestore"],
    // W&B documents both spellings of the team-mapping switch.
    ["GORILLA_ENABLE_SSO_GROUP_CLAIMS", "groupClaims"],
    ["GORILLA_ENABLE_SSO_GROUPS_CLAIMS", "groupClaims"],
]);

/** The names that mark a workload or ConfigMap as W&B's SSO configuration. */
export function isWandbOidcName(name: string): boolean {
    return name.startsWith("OIDC_") || name.startsWith("GORILLA_OIDC_");
}

/**
 * Any name of W&B's SSO settings, break-glass's LOCAL_RESTORE included: a side ConfigMap holding
 * only LOCAL_RESTORE (read through `envFrom` or a `configMapKeyRef`) is W&B's SSO configuration as
 * much as one with OIDC_* names. (A workload still needs an OIDC_* name: LOCAL_RESTORE alone in
 * some other app's container says nothing about W&B.)
 */
function isWandbSsoName(name: string): boolean {
    return isWandbOidcName(name) || ENV_SETTINGS.has(name);
}

/**
 * W&B's own base URL, where it sends the browser back to (`<host>/oidc/callback`): wandb/local's
 * `HOST`, the chart's `global.host`, operator v2's `spec.wandb.hostname`. Read only on a resource
 * already recognised as W&B's SSO side: `HOST` alone marks nothing.
 */
const HOST_ENV = "HOST";

/**
 * Where a setting is, for the fix a message gives: a workload's env entry, a ConfigMap key, the
 * operator's v1 chart values (global.auth.oidc or global.extraEnv), or the operator's v2 fields.
 */
export type Where = "workloadEnv" | "configMap" | "chartValues" | "operatorV2";

export interface Setting {
    readonly setting: SettingName;
    /** The property path, e.g. `data.OIDC_ISSUER` or `spec.template.spec.containers[0].env[2] (OIDC_SECRET)`. */
    readonly field: string;
    /** Plain: the value is written in the resource. Reference: it is read from a ConfigMap or Secret. */
    readonly kind: "plain" | "reference";
    /** A reference's source: a ConfigMap (`configMapKeyRef`, clear text to whoever reads it) or a Secret. */
    readonly source?: "configMap" | "secret";
    /** The value written in the resource, if any (possibly UNKNOWN); a reference's is normally "". */
    readonly value: Value | undefined;
    readonly where: Where;
}

export interface WandbSide {
    readonly settings: readonly Setting[];
}

/** `[{name, value}|{name, valueFrom}]`, as in a container or the v2 legacy overrides. */
function envList(list: Value | undefined, field: string, where: Where): Setting[] {
    return (asList(list) ?? []).flatMap((entry, index) => {
        const name = at(entry, "name");
        const setting = typeof name === "string" ? (name === HOST_ENV ? "host" : ENV_SETTINGS.get(name)) : undefined;
        if (setting === undefined) return [];
        const valueFrom = at(entry, "valueFrom");
        const reference = valueFrom !== undefined;
        const source =
            at(valueFrom, "configMapKeyRef") !== undefined
                ? "configMap"
                : at(valueFrom, "secretKeyRef") !== undefined
                  ? "secret"
                  : undefined;
        return [
            {
                setting,
                ...(source !== undefined && { source }),
                field: `${field}[${index}] (${name as string})`,
                kind: reference ? ("reference" as const) : ("plain" as const),
                // wandb-sso writes `value: ""` next to `valueFrom`; Kubernetes refuses a non-empty one there.
                value: at(entry, "value"),
                where,
            },
        ];
    });
}

function envNames(list: Value | undefined): string[] {
    return (asList(list) ?? []).flatMap((entry) => {
        const name = at(entry, "name");
        return typeof name === "string" ? [name] : [];
    });
}

/** `{NAME: value}`, as in a ConfigMap's data or the chart's global.extraEnv. */
function envMap(map: Value | undefined, field: string, where: Where): Setting[] {
    return Object.entries(asRecord(map) ?? {}).flatMap(([name, value]) => {
        const setting = name === HOST_ENV ? "host" : ENV_SETTINGS.get(name);
        return setting === undefined ? [] : [{ setting, field: `${field}.${name}`, kind: "plain" as const, value, where }];
    });
}

function workload(props: Value, bare: boolean): WandbSide | undefined {
    const podSpec = bare ? at(props, "spec") : at(props, "spec", "template", "spec");
    const prefix = bare ? "spec" : "spec.template.spec";
    const lists = ["containers", "initContainers", "ephemeralContainers"].flatMap((group) =>
        (asList(at(podSpec, group)) ?? []).map((container, index): { env: Value | undefined; field: string; envFrom: boolean } => ({
            env: at(container, "env"),
            field: `${prefix}.${group}[${index}].env`,
            envFrom: (asList(at(container, "envFrom")) ?? []).length > 0,
        })),
    );
    // W&B's container: OIDC_* names in its env, or break-glass's LOCAL_RESTORE beside an envFrom
    // (which is where the OIDC_* names then come from: a side ConfigMap or Secret read whole).
    const isWandb = ({ env, envFrom }: { env: Value | undefined; envFrom: boolean }) =>
        envNames(env).some(isWandbOidcName) || (envFrom && envNames(env).includes("LOCAL_RESTORE"));
    if (!lists.some(isWandb)) return undefined;
    return { settings: lists.flatMap(({ env, field }) => envList(env, field, "workloadEnv")) };
}

function configMap(props: Value): WandbSide | undefined {
    const data = asRecord(at(props, "data")) ?? {};
    const binary = asRecord(at(props, "binaryData")) ?? {};
    if (![...Object.keys(data), ...Object.keys(binary)].some(isWandbSsoName)) return undefined;
    return { settings: [...envMap(data, "data", "configMap"), ...envMap(binary, "binaryData", "configMap")] };
}

/** A Secret key selector `{name, key}` is a reference; anything else written there is a plain value. */
function selector(value: Value | undefined, setting: SettingName, field: string): Setting[] {
    if (value === undefined) return [];
    const reference = isUnknown(value) || asRecord(value) !== undefined;
    return [{ setting, field, kind: reference ? "reference" : "plain", value: reference ? undefined : value, where: "operatorV2" }];
}

/**
 * The W&B Operator's resource. v1: `spec.values` are the operator-wandb chart's values
 * (`global.auth.oidc.{clientId, issuer, authMethod, secret, oidcSecret}`, `global.extraEnv` a map).
 * v2: `spec.wandb.oidc.{issuerUrl, clientId, authMethod, clientSecret}` are Secret key selectors and
 * `spec.wandb.legacyOverrides.global.env` a list of `{name, value}`. Both shapes are read whatever
 * the version in the type, so that a new version with either shape is still checked.
 */
function weightsAndBiases(props: Value): WandbSide {
    const oidc = at(props, "spec", "values", "global", "auth", "oidc");
    const v1Field = "spec.values.global.auth.oidc";
    const v1: Setting[] = (
        [
            ["clientId", "clientId"],
            ["issuer", "issuer"],
            ["authMethod", "authMethod"],
            ["secret", "secret"],
        ] as const
    ).flatMap(([key, setting]) => {
        const value = at(oidc, key);
        return value === undefined
            ? []
            : [{ setting, field: `${v1Field}.${key}`, kind: "plain" as const, value, where: "chartValues" as const }];
    });
    const extraEnv = envMap(at(props, "spec", "values", "global", "extraEnv"), "spec.values.global.extraEnv", "chartValues");
    // Each service's own extraEnv (`spec.values.app.extraEnv`, `api`, …) reaches that service's pods
    // as global.extraEnv does: break-glass or a secret there is as live.
    const serviceEnv = Object.entries(asRecord(at(props, "spec", "values")) ?? {}).flatMap(([service, values]) => {
        if (service === "global") return [];
        const env = at(values, "extraEnv");
        const field = `spec.values.${service}.extraEnv`;
        return asList(env) !== undefined ? envList(env, field, "chartValues") : envMap(env, field, "chartValues");
    });

    const v2 = at(props, "spec", "wandb", "oidc");
    const v2Field = "spec.wandb.oidc";
    const v2Settings = [
        ...selector(at(v2, "issuerUrl"), "issuer", `${v2Field}.issuerUrl`),
        ...selector(at(v2, "clientId"), "clientId", `${v2Field}.clientId`),
        ...selector(at(v2, "authMethod"), "authMethod", `${v2Field}.authMethod`),
        ...selector(at(v2, "clientSecret"), "secret", `${v2Field}.clientSecret`),
    ];
    const legacyEnv = envList(
        at(props, "spec", "wandb", "legacyOverrides", "global", "env"),
        "spec.wandb.legacyOverrides.global.env",
        "operatorV2",
    );
    const host = (path: readonly string[], where: Where): Setting[] => {
        const value = at(props, ...path);
        return value === undefined ? [] : [{ setting: "host", field: path.join("."), kind: "plain", value, where }];
    };
    const hosts = [...host(["spec", "values", "global", "host"], "chartValues"), ...host(["spec", "wandb", "hostname"], "operatorV2")];
    return { settings: [...v1, ...extraEnv, ...serviceEnv, ...v2Settings, ...legacyEnv, ...hosts] };
}

/** The W&B side's settings, if this resource is one; undefined for anything else. */
export function wandbSide(type: string, props: Value): WandbSide | undefined {
    if (types.WORKLOADS.has(type)) return workload(props, false);
    if (types.PODS.has(type)) return workload(props, true);
    if (types.CONFIG_MAPS.has(type)) return configMap(props);
    if (types.WEIGHTS_AND_BIASES.test(type)) return weightsAndBiases(props);
    return undefined;
}

/** The settings of one kind whose value is a known string. */
export function knownValues(side: WandbSide, setting: SettingName): (Setting & { readonly value: string })[] {
    return side.settings.filter(
        (s): s is Setting & { value: string } => s.setting === setting && s.kind === "plain" && typeof s.value === "string",
    );
}
