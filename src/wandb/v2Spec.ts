// The `spec` fields the `operator-v2` target (targets/operatorV2.ts) sets on the W&B Operator's
// `apps.wandb.com/v2` `WeightsAndBiases` resource (operator v2.0.0-beta.1 and later, where v2 is
// the stored version). Pure. On such an operator a patch of v1's `spec.values` never reaches the
// server: the v1→v2 conversion (api/v1/weightsandbiases_conversion.go resolveValues) reads the
// values from the `<name>-spec-active` Secret and sends plain global.auth.oidc strings to an
// annotation. So this target sets v2's own fields, checked against wandb/operator main
// (api/v2/weightsandbiases_types.go and the CRD in config/crd/bases/apps.wandb.com_weightsandbiases.yaml):
// - spec.wandb.oidc.{issuerUrl, clientId, authMethod, clientSecret}: corev1.SecretKeySelector
//   ({name, key}); the operator's server manifest turns them into GORILLA_OIDC_ISSUER,
//   GORILLA_OIDC_CLIENT_ID, GORILLA_AUTH_METHOD and GORILLA_OIDC_SECRET;
// - spec.wandb.oidc.sessionLength: a string, `<n>h` (GORILLA_SESSION_LENGTH, default 720h);
// - spec.wandb.security.disableSSOProvisioning: a bool (GORILLA_DISABLE_SSO_PROVISIONING);
// - spec.wandb.legacyOverrides.global.env: []corev1.EnvVar, applied last to every application; a
//   list-map keyed by name, so server-side apply merges it entry by entry and this patch owns only
//   its own entries;
// - spec.global.caCertsConfigMap: a string, a ConfigMap of `.crt` keys the operator mounts into
//   every workload (caCerts.ts; in v2.0.0-beta.1 and every later beta).
import { CHART_ENV, configMapEnv, type ConfigMapEnvOf } from "./chart";
import { CONFIG_MAP_KEYS, SECRET_KEY, type WandbOidcInput } from "./env";

/** The keys of the one Secret the v2 selectors read: v2 takes even the issuer and client ID from a Secret. */
export const V2_SECRET_KEYS = {
    issuerUrl: CONFIG_MAP_KEYS.issuer,
    clientId: CONFIG_MAP_KEYS.clientId,
    authMethod: CONFIG_MAP_KEYS.authMethod,
    clientSecret: SECRET_KEY,
} as const;

/** The v2 variables that have no first-class field: the env entries of CHART_ENV but those v2 has a field for. */
const FIRST_CLASS = new Set(["GORILLA_AUTH_METHOD", "DISABLE_SSO_PROVISIONING", "GORILLA_DISABLE_SSO_PROVISIONING"]);
export const V2_LEGACY_ENV = CHART_ENV.filter(([name]) => !FIRST_CLASS.has(name));

export interface SecretKeySelectorOf<T> {
    name: T;
    key: string;
}

/**
 * The `spec` fields wandb-sso owns on a v2 WeightsAndBiases resource. Generic over the value type;
 * the components' outputs have the named, plain form of outputTypes.ts.
 */
export interface V2SpecOf<T> {
    wandb: {
        oidc: {
            issuerUrl: SecretKeySelectorOf<T>;
            clientId: SecretKeySelectorOf<T>;
            authMethod: SecretKeySelectorOf<T>;
            clientSecret?: SecretKeySelectorOf<T>;
            sessionLength?: string;
        };
        security?: { disableSSOProvisioning: boolean };
        legacyOverrides: { global: { env: ({ name: string } & ConfigMapEnvOf<T>)[] } };
    };
    /** wandb-sso's CA ConfigMap, while there are CA certificates (caCerts.ts). */
    global?: { caCertsConfigMap: T };
}

/**
 * The v2 fields for an OIDC client: the four selectors into `secretName` (the client secret's only
 * when there is one), the session length and provisioning switch only when set, and the other
 * options and break-glass as env entries reading the ConfigMap (optional ones are unset while their
 * key is absent). Pure; generic over the value type.
 */
export function wandbV2Spec<T>(
    input: WandbOidcInput<T>,
    objects: { readonly configMapName: T; readonly secretName: T; readonly hasClientSecret: boolean; readonly caConfigMapName?: T },
): V2SpecOf<T> {
    const selector = (key: string): SecretKeySelectorOf<T> => ({ name: objects.secretName, key });
    return {
        wandb: {
            oidc: {
                issuerUrl: selector(V2_SECRET_KEYS.issuerUrl),
                clientId: selector(V2_SECRET_KEYS.clientId),
                authMethod: selector(V2_SECRET_KEYS.authMethod),
                ...(objects.hasClientSecret && { clientSecret: selector(V2_SECRET_KEYS.clientSecret) }),
                ...(input.sessionLengthHours !== undefined && { sessionLength: `${input.sessionLengthHours}h` }),
            },
            ...(input.disableSsoProvisioning !== undefined && { security: { disableSSOProvisioning: input.disableSsoProvisioning } }),
            legacyOverrides: {
                global: {
                    env: V2_LEGACY_ENV.map(([name, key, optional]) => ({ name, ...configMapEnv(objects.configMapName, key, optional) })),
                },
            },
        },
        ...(objects.caConfigMapName !== undefined && { global: { caCertsConfigMap: objects.caConfigMapName } }),
    };
}
