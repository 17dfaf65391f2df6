// The `spec` fields the `operator-v2` target (targets/operatorV2.ts) sets on the W&B Operator's
// `apps.wandb.com/v2` `WeightsAndBiases` resource (operator v2.0.0-beta.1 and later, where v2 is
// the stored version). Pure. On such an operator a patch of v1's `spec.values` never reaches the
// server: the v1→v2 conversion (api/v1/weightsandbiases_conversion.go resolveValues) reads the
// values from the `<name>-spec-active` Secret and sends plain global.auth.oidc strings to an
// annotation. So this target sets v2's own fields, checked against wandb/operator v2.0.0-beta.3
// (api/v2/weightsandbiases_types.go, config/crd/bases/apps.wandb.com_weightsandbiases.yaml):
// - spec.wandb.oidc.{issuerUrl, clientId, authMethod, clientSecret}: corev1.SecretKeySelector
//   ({name, key}); the operator's server manifest turns them into GORILLA_OIDC_ISSUER,
//   GORILLA_OIDC_CLIENT_ID, GORILLA_AUTH_METHOD and GORILLA_OIDC_SECRET;
// - spec.wandb.oidc.sessionLength: a string, `<n>h` (GORILLA_SESSION_LENGTH, default 720h);
// - spec.wandb.legacyOverrides.global.env: []corev1.EnvVar, applied last to every application,
//   for the options v2 has no field for;
// - spec.wandb.security.disableSSOProvisioning (a bool) only where the installed CRD has it, which
//   no tagged release does: elsewhere GORILLA_DISABLE_SSO_PROVISIONING goes through the env
//   (v2Installed.ts says why, and how the installed operator is read);
// - spec.global.caCertsConfigMap: a string, a ConfigMap of `.crt` keys the operator mounts into
//   every workload (caCerts.ts; GlobalSpec in v2.0.0-beta.1 and every later beta), while there are
//   CA certificates (caCerts).
import { CHART_ENV, configMapEnv, type ConfigMapEnvOf } from "./chart";
import type { WandbOidcInput } from "./env";
import type { InstalledV2 } from "./v2Installed";
import { V2_SECRET_KEYS } from "./v2Owned";

export { V2_SECRET_KEYS } from "./v2Owned";

/** The variable the operator injects from spec.wandb.security.disableSSOProvisioning, where its CRD has the field. */
const PROVISIONING_FROM_FIELD = "GORILLA_DISABLE_SSO_PROVISIONING";

/**
 * The variables the v2 patch sets through spec.wandb.legacyOverrides.global.env: CHART_ENV's but
 * GORILLA_AUTH_METHOD (spec.wandb.oidc.authMethod), and but GORILLA_DISABLE_SSO_PROVISIONING where
 * the CRD has the first-class field.
 */
export function v2LegacyEnv(provisioningField: boolean): typeof CHART_ENV {
    return CHART_ENV.filter(([name]) => name !== "GORILLA_AUTH_METHOD" && !(provisioningField && name === PROVISIONING_FROM_FIELD));
}

/** Every variable the v2 patch may set through the env, whatever the CRD: the entries it owns in that list. */
export const V2_OWNED_ENV_NAMES: ReadonlySet<string> = new Set(v2LegacyEnv(false).map(([name]) => name));

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
 * The v2 fields for an OIDC client on the installed operator: the four selectors into `secretName`
 * (the client secret's only when there is one), the session length only when set, the
 * provisioning switch as the first-class field only when set and the CRD has it, and the other
 * options and break-glass as env entries reading the ConfigMap (optional ones are unset while their
 * key is absent). Only wandb-sso's own fields: the patch adds the env entries it keeps for others
 * (`v2PatchEnv`). Pure; generic over the value type.
 */
export function wandbV2Spec<T>(
    input: Pick<WandbOidcInput<unknown>, "sessionLengthHours" | "disableSsoProvisioning">,
    objects: { readonly configMapName: T; readonly secretName: T; readonly hasClientSecret: boolean; readonly caConfigMapName?: T },
    installed: Pick<InstalledV2, "provisioningField">,
): V2SpecOf<T> {
    const selector = (key: string): SecretKeySelectorOf<T> => ({ name: objects.secretName, key });
    const provisioning = installed.provisioningField ? input.disableSsoProvisioning : undefined;
    return {
        wandb: {
            oidc: {
                issuerUrl: selector(V2_SECRET_KEYS.issuerUrl),
                clientId: selector(V2_SECRET_KEYS.clientId),
                authMethod: selector(V2_SECRET_KEYS.authMethod),
                ...(objects.hasClientSecret && { clientSecret: selector(V2_SECRET_KEYS.clientSecret) }),
                ...(input.sessionLengthHours !== undefined && { sessionLength: `${input.sessionLengthHours}h` }),
            },
            ...(provisioning !== undefined && { security: { disableSSOProvisioning: provisioning } }),
            legacyOverrides: { global: { env: v2OwnEnv(objects.configMapName, installed.provisioningField) } },
        },
        ...(objects.caConfigMapName !== undefined && { global: { caCertsConfigMap: objects.caConfigMapName } }),
    };
}

/**
 * wandb-sso's own entries of spec.wandb.legacyOverrides.global.env, each reading a key of the
 * ConfigMap, every one optional (GORILLA_CORS_ORIGINS too, which the chart targets require): the
 * env patch stays when wandb-sso is removed (targets/operatorV2.ts), and its entries must then set
 * nothing rather than stop the pods on a ConfigMap that is gone. While wandb-sso runs, the ConfigMap
 * always holds GORILLA_CORS_ORIGINS.
 */
export function v2OwnEnv<T>(configMapName: T, provisioningField: boolean): ({ name: string } & ConfigMapEnvOf<T>)[] {
    return v2LegacyEnv(provisioningField).map(([name, key]) => ({ name, ...configMapEnv(configMapName, key, true) }));
}

/**
 * The env list the patch applies: the entries others put there that it must carry (an atomic list,
 * `InstalledV2.keptEnv`), in their live order, then its own.
 */
export function v2PatchEnv<E>(installed: Pick<InstalledV2, "keptEnv">, own: readonly E[]): (E | InstalledV2["keptEnv"][number])[] {
    return [...installed.keptEnv, ...own];
}
