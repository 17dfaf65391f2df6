// What wandb-sso owns on an apps.wandb.com/v2 WeightsAndBiases resource, by path and key, and how to
// tell that a write through apps.wandb.com/v1 erased it. Pure, without the Pulumi SDK: the W&B side
// (targets/operatorV2.ts) and the verify CLI's `--wandb-resource` check read it alike.
import type { WandbResourceExpectation } from "../verify/types";
import { CONFIG_MAP_KEYS, SECRET_KEY } from "./keys";
import { valueAt } from "./v2Installed";

/** The keys of the one Secret the v2 selectors read: v2 takes even the issuer and client ID from a Secret. */
export const V2_SECRET_KEYS = {
    issuerUrl: CONFIG_MAP_KEYS.issuer,
    clientId: CONFIG_MAP_KEYS.clientId,
    authMethod: CONFIG_MAP_KEYS.authMethod,
    clientSecret: SECRET_KEY,
} as const;

/** Where the selectors and the env entries are, from the resource's root. */
export const V2_OIDC_PATH = "spec.wandb.oidc";
export const V2_GLOBAL_ENV_PATH = "spec.wandb.legacyOverrides.global.env";

/**
 * The annotation the v1→v2 conversion stashes the v1 values in on every write through
 * apps.wandb.com/v1 (wandb/operator v2.0.0-beta.3, api/v1/weightsandbiases_conversion.go
 * stashV1Source, `legacy.operator.wandb.com/v1-values`).
 */
export const V1_VALUES_ANNOTATION = "legacy.operator.wandb.com/v1-values";

/**
 * The annotation wandb-sso's patch sets on the resource, naming the Secret its selectors read. It
 * outlives a write through apps.wandb.com/v1: the conversion keeps the object's metadata
 * (ConvertTo: `dst.ObjectMeta = src.ObjectMeta`) while it rebuilds the spec. So it tells "patched
 * before, and since erased" from "never patched".
 */
export const V2_PATCHED_ANNOTATION = "wandb-sso/oidc-secret";

/**
 * The annotation wandb-sso's patch sets beside spec.global.caCertsConfigMap while there are CA
 * certificates (caCerts), naming its own CA ConfigMap: it tells the value wandb-sso set from one the
 * user set, which wandb-sso refuses to take over (targets/operatorV2.ts says why). The operator
 * target's v1 patch sets the same annotation beside spec.values.global.caCertsConfigMap.
 */
export const V2_CA_ANNOTATION = "wandb-sso/ca-certs-configmap";

/** A non-empty string at `path` below a live resource, or undefined. */
function stringAt(resource: unknown, path: readonly string[]): string | undefined {
    const value = valueAt(resource, path);
    return typeof value === "string" && value !== "" ? value : undefined;
}

/** The Secret wandb-sso's patch last named on a live resource, from its annotation; undefined when never patched. */
export function patchedSecret(resource: unknown): string | undefined {
    return stringAt(resource, ["metadata", "annotations", V2_PATCHED_ANNOTATION]);
}

/** Where a WeightsAndBiases resource names its CA ConfigMap: v2's spec.global, v1's chart values. */
export const CA_CONFIG_MAP_PATH = {
    v2: ["spec", "global", "caCertsConfigMap"],
    v1: ["spec", "values", "global", "caCertsConfigMap"],
} as const;

/**
 * The ConfigMap a live resource's caCertsConfigMap (at `path`) names when someone other than
 * wandb-sso set it (it is not the one wandb-sso's annotation names); undefined when unset or wandb-sso's.
 */
export function othersCaConfigMap(resource: unknown, path: readonly string[] = CA_CONFIG_MAP_PATH.v2): string | undefined {
    const named = stringAt(resource, path);
    return named !== undefined && named !== stringAt(resource, ["metadata", "annotations", V2_CA_ANNOTATION]) ? named : undefined;
}

/**
 * Who erases wandb-sso's v2 fields, and what to do: anything that writes the resource through
 * apps.wandb.com/v1 goes through the conversion, which rebuilds the v2 object from the v1 values
 * alone (its ConvertTo: `applyValueMappings` from `resolveValues`, which prefers the
 * `<name>-spec-active` Secret's values), so spec.wandb.oidc and legacyOverrides lose what
 * wandb-sso set. A `pulumi up` whose inputs did not change does not re-apply them; a refresh reads
 * the patch back and does.
 */
export const V1_WRITERS_FIX =
    "stop what writes the resource through apps.wandb.com/v1 (W&B's Terraform modules that set spec.values, the System Console's W&B settings, kubectl apply of a v1 manifest), whose v1→v2 conversion rebuilds spec.wandb from the v1 values alone; then run `pulumi up --refresh`, which reads wandb-sso's patch back and applies it again (docs/wandb.md, operator-v2)";

/**
 * What a live v2 resource carries when wandb-sso's patch is in place: the issuer, client ID and
 * auth method selectors into one Secret (`secretName`, when known: the patch's annotation names it),
 * and GORILLA_CORS_ORIGINS (always set) read from the ConfigMap.
 */
export function v2Expectation(secretName?: string): WandbResourceExpectation {
    const selector = (field: "issuerUrl" | "clientId" | "authMethod") => ({ path: `${V2_OIDC_PATH}.${field}`, key: V2_SECRET_KEYS[field] });
    return {
        selectors: [selector("issuerUrl"), selector("clientId"), selector("authMethod")],
        ...(secretName !== undefined && { secretName }),
        env: { path: V2_GLOBAL_ENV_PATH, names: [CONFIG_MAP_KEYS.corsOrigins] },
        annotations: [
            { annotation: V2_PATCHED_ANNOTATION, says: `wandb-sso's patch set them: ${V2_PATCHED_ANNOTATION} is there` },
            { annotation: V1_VALUES_ANNOTATION, says: `${V1_VALUES_ANNOTATION} is there: it was written through apps.wandb.com/v1` },
        ],
        fix: V1_WRITERS_FIX,
    };
}

/**
 * The error when caCerts is given and the live resource's spec.global.caCertsConfigMap names a
 * ConfigMap someone else set. wandb-sso does not take that field over: W&B would stop trusting the
 * user's ConfigMap (which may hold the CAs of other services W&B reaches, its database or object
 * store), and removing wandb-sso would not give the field back but drop it; and where it is the
 * only field of a spec.global made by `kubectl apply`, giving it up (the Kubernetes provider's
 * relinquish of a patch: an apply of the bare object) leaves `global: null`, which the CRD refuses,
 * so pulumi destroy fails (tried by hand in the e2e environment, kube-apiserver 1.35.4 and the
 * v2.0.0-beta.3 CRD of test/helpers/wandbV2Crd.ts: `spec.global: Invalid value: "null"`; the same
 * as the env list below), and so, by the same rule, would an update that drops caCerts.
 */
export function othersCaConfigMapError(resource: string, configMap: string, global = "spec.global"): string {
    return (
        `${resource}: ${global}.caCertsConfigMap names ConfigMap "${configMap}", which wandb-sso did not set; caCerts would take its place, and W&B would stop trusting the certificates in it: ` +
        `put the certificates of "${configMap}" into caCerts too (wandb-sso's ConfigMap then holds them all) or into ${global}.customCACerts, which wandb-sso never sets, ` +
        `and remove ${global}.caCertsConfigMap from the resource; wandb-sso does not take over a CA setting of yours, since removing wandb-sso could not give it back`
    );
}
