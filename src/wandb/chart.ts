// The `operator` and `helm` targets: the operator-wandb chart's values for OIDC, and the
// server-side-apply patch of the W&B Operator's `WeightsAndBiases` resource that carries them.
// Submodules rather than the package root, which loads every API group the provider has.
import * as apiextensions from "@pulumi/kubernetes/apiextensions";
import type * as pulumi from "@pulumi/pulumi";
import { CONFIG_MAP_KEYS, SECRET_KEY, corsOrigins, ssoOptionEnv, type WandbOidcInput } from "./env";
import { PATCH_FORCE_ANNOTATION } from "./deployment";

/** The W&B Kubernetes Operator's resource (operator v1); `spec.values` are operator-wandb's values. */
export const WEIGHTS_AND_BIASES = { apiVersion: "apps.wandb.com/v1", kind: "WeightsAndBiases" } as const;

/**
 * `global.auth.oidc` as wandb-sso sets it. Plain mode: client ID, issuer and auth method as strings.
 * ConfigMap mode: `oidcConfigMap` names the component's ConfigMap and its keys, and the three plain
 * values are not set. Either way, with a client secret, `oidcSecret` names the Secret; the secret
 * itself (`global.auth.oidc.secret`) is never set.
 */
export interface WandbChartOidcValues<T = string> {
    clientId?: T;
    issuer?: T;
    authMethod?: T;
    oidcConfigMap?: { name: T; clientIdKey: string; issuerKey: string; authMethodKey: string; corsOriginsKey: string };
    oidcSecret?: { name: T; secretKey: string };
}

/** The operator-wandb chart values wandb-sso owns: `{ global: { auth, extraEnv } }`, nothing else. */
export interface WandbChartValues<T = string> {
    global: {
        auth: { oidc: WandbChartOidcValues<T>; sessionLengthHours?: number };
        /** Variables for every W&B service (a map; the chart renders `name: value` entries). */
        extraEnv?: Record<string, string>;
    };
}

/** The W&B input, and the objects the values name. */
export interface WandbChartValuesInput<T> extends WandbOidcInput<T> {
    /** ConfigMap mode: the ConfigMap the chart reads the OIDC settings from. */
    readonly configMapName?: T;
    /** The Secret holding the client secret under `OIDC_SECRET`, when there is one. */
    readonly secretName?: T;
}

/**
 * The chart values for an OIDC client. The session length is the chart's own
 * `global.auth.sessionLengthHours`; everything else the chart has no value for goes to
 * `global.extraEnv`: GORILLA_CORS_ORIGINS in plain mode (ConfigMap mode reads it from the
 * ConfigMap), the SSO options that are on, and LOCAL_RESTORE while break-glass is on. Pure; generic
 * so that it serves plain strings and Pulumi outputs alike.
 */
export function wandbChartValues<T>(input: WandbChartValuesInput<T>): WandbChartValues<T> {
    const configMapMode = input.configMapName !== undefined;
    const oidc: WandbChartOidcValues<T> = configMapMode
        ? {
              oidcConfigMap: {
                  name: input.configMapName!,
                  clientIdKey: CONFIG_MAP_KEYS.clientId,
                  issuerKey: CONFIG_MAP_KEYS.issuer,
                  authMethodKey: CONFIG_MAP_KEYS.authMethod,
                  corsOriginsKey: CONFIG_MAP_KEYS.corsOrigins,
              },
          }
        : { clientId: input.clientId, issuer: input.issuer, authMethod: input.authMethod };
    if (input.secretName !== undefined) oidc.oidcSecret = { name: input.secretName, secretKey: SECRET_KEY };

    const { SESSION_LENGTH: _hours, GORILLA_SESSION_LENGTH: _duration, ...optionEnv } = ssoOptionEnv(input);
    const extraEnv: Record<string, string> = {
        ...(configMapMode ? {} : { GORILLA_CORS_ORIGINS: corsOrigins(input.host, input.extraCorsOrigins) }),
        ...optionEnv,
        ...(input.localRestore ? { LOCAL_RESTORE: "true" } : {}),
    };
    return {
        global: {
            auth: { oidc, ...(input.sessionLengthHours !== undefined && { sessionLengthHours: input.sessionLengthHours }) },
            ...(Object.keys(extraEnv).length > 0 && { extraEnv }),
        },
    };
}

/** The dotted paths of every value set, e.g. `global.auth.oidc.clientId` (for messages). */
export function valuePaths(values: object, prefix = ""): string[] {
    return Object.entries(values as Record<string, unknown>).flatMap(([key, value]) =>
        typeof value === "object" && value !== null && !isOutputLike(value) ? valuePaths(value, `${prefix}${key}.`) : [`${prefix}${key}`],
    );
}

function isOutputLike(value: object): boolean {
    return typeof (value as { apply?: unknown }).apply === "function";
}

export interface OperatorTargetArgs {
    readonly namespace: string;
    /** The WeightsAndBiases resource. */
    readonly name: string;
    readonly values: WandbChartValues<pulumi.Input<string>>;
}

/**
 * Server-side apply of `spec.values` on the existing WeightsAndBiases resource. The operator
 * renders the chart again, and each changed value or reference changes the pods, which roll. The
 * patch owns only the fields it sets (maps merge key by key), so nothing else in the resource
 * changes; a field it no longer sets (LOCAL_RESTORE after break-glass) is removed.
 */
export function patchWeightsAndBiases(resourceName: string, args: OperatorTargetArgs, opts: pulumi.CustomResourceOptions) {
    return new apiextensions.CustomResourcePatch(
        resourceName,
        {
            ...WEIGHTS_AND_BIASES,
            metadata: { name: args.name, namespace: args.namespace, annotations: { ...PATCH_FORCE_ANNOTATION } },
            spec: { values: args.values },
        },
        opts,
    );
}
