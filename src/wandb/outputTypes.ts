// The shapes of WandbOidc's structured outputs, as named interfaces with plain values. Pulumi's
// schema analyzer (@pulumi/pulumi 3.276.0 provider/experimental/analyzer.js, analyzeType: an object
// type must be `isClassOrInterface()`, which an instantiated generic is not) describes only named,
// non-generic interfaces, so these are what Python, Go, C# and YAML programs see as the
// `chartValues` and `v2Spec` types. The builders in chart.ts and v2Spec.ts are generic over the
// value type (a ConfigMap's name is an output there); the checks at the end keep both forms
// identical, field for field, at compile time.
import type { ChartValuesOf, ConfigMapEnvOf } from "./chart";
import type { V2SpecOf } from "./v2Spec";

/** The operator-wandb chart values wandb-sso owns: global.auth, global.caCertsConfigMap (with caCerts), app.extraEnv and api.extraEnv, nothing else. */
export interface WandbChartValues {
    global: WandbChartGlobal;
    /** W&B's server (and its API while global.api.enabled is false). */
    app: WandbChartService;
    /** The API service, when global.api.enabled. */
    api: WandbChartService;
}

export interface WandbChartGlobal {
    auth: WandbChartAuth;
    /** wandb-sso's CA ConfigMap, present while there are CA certificates (caCerts). */
    caCertsConfigMap?: string;
}

/** A W&B service's variables, each read from wandb-sso's ConfigMap, by variable name. */
export interface WandbChartService {
    extraEnv: Record<string, ConfigMapEnv>;
}

export interface WandbChartAuth {
    /** The chart's own setting (GORILLA_SESSION_LENGTH, in hours); W&B's default 720 when not set. */
    sessionLengthHours: number;
    oidc: WandbChartOidc;
}

export interface WandbChartOidc {
    clientId: string;
    issuer: string;
    /** pkce or implicit. */
    authMethod: string;
    oidcSecret: WandbChartOidcSecret;
}

/** Where the chart reads the client secret: never the secret itself. */
export interface WandbChartOidcSecret {
    /** The Secret holding the client secret, or the chart's default "" when there is none. */
    name: string;
    secretKey: string;
}

/** An environment variable read from a key of wandb-sso's ConfigMap. */
export interface ConfigMapEnv {
    valueFrom: ConfigMapEnvSource;
}

export interface ConfigMapEnvSource {
    configMapKeyRef: ConfigMapKeySelector;
}

export interface ConfigMapKeySelector {
    /** The ConfigMap's name. */
    name: string;
    key: string;
    /** true: the variable is unset while the key is absent (an option that is off). */
    optional?: boolean;
}

/** The spec fields wandb-sso owns on an apps.wandb.com/v2 WeightsAndBiases resource. */
export interface WandbV2Spec {
    wandb: WandbV2Fields;
    /** Present while there are CA certificates (caCerts). */
    global?: WandbV2Global;
}

/** spec.global: wandb-sso's CA ConfigMap, which the operator mounts into every W&B workload. */
export interface WandbV2Global {
    caCertsConfigMap: string;
}

export interface WandbV2Fields {
    oidc: WandbV2Oidc;
    /** Present when disableSsoProvisioning is set and the installed CRD has the field (none of the tagged v2 releases does). */
    security?: WandbV2Security;
    legacyOverrides: WandbV2LegacyOverrides;
}

/** spec.wandb.oidc: selectors into the one Secret that holds the OIDC values. */
export interface WandbV2Oidc {
    issuerUrl: SecretKeySelector;
    clientId: SecretKeySelector;
    authMethod: SecretKeySelector;
    /** Present exactly when the IdP issued a client secret. */
    clientSecret?: SecretKeySelector;
    /** A Go duration, e.g. 720h; present when sessionLengthHours is set. */
    sessionLength?: string;
}

export interface SecretKeySelector {
    /** The Secret's name. */
    name: string;
    key: string;
}

export interface WandbV2Security {
    disableSSOProvisioning: boolean;
}

export interface WandbV2LegacyOverrides {
    global: WandbV2LegacyGlobal;
}

export interface WandbV2LegacyGlobal {
    /** The variables v2 has no field for, each read from wandb-sso's ConfigMap. */
    env: WandbV2EnvEntry[];
}

export interface WandbV2EnvEntry extends ConfigMapEnv {
    name: string;
}

/** true exactly when A and B have the same fields, each of the same type, all the way down. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

// Each a compile error when a builder and its named form drift apart.
export const CHART_VALUES_MATCH: Same<ChartValuesOf<string>, WandbChartValues> = true;
export const CONFIG_MAP_ENV_MATCHES: Same<ConfigMapEnvOf<string>, ConfigMapEnv> = true;
export const V2_SPEC_MATCHES: Same<V2SpecOf<string>, WandbV2Spec> = true;
