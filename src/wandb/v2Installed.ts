// What the installed W&B Operator v2 decides about the `operator-v2` patch, read from the cluster
// before the patch is registered (targets/operatorV2.ts reads both with the Kubernetes provider's
// `get`): its CRD's v2 schema, and the live WeightsAndBiases resource. Pure.
//
// - `spec.wandb.security.disableSSOProvisioning` exists in no tagged v2 release (v2.0.0-beta.1 and
//   beta.3 have no `spec.wandb.security`; it landed on wandb/operator main in August 2026, "Adding
//   Notifications and Security Flag Configurations" #335). On a release without it the API server
//   prunes the field and provisioning stays on, so provisioning goes through the variable every
//   release reads (GORILLA_DISABLE_SSO_PROVISIONING in legacyOverrides.global.env), and the
//   first-class field is used only where the installed CRD has it. There the variable must NOT be
//   listed too: the operator injects it from the field (main,
//   internal/controller/reconciler/security_flags_env_test.go: a "custom-resource" env source), and
//   legacyOverrides env is applied last, replacing it, so an entry that resolves to nothing (the
//   option off) would undo a `disableSSOProvisioning: true` the user set themselves.
//   Why the CRD and not a setting for the operator version: no release has the field yet, so no
//   version could be named as the first that has it; the schema says what the installed operator
//   takes, and follows an operator upgrade by itself. Reading it needs `get` on
//   customresourcedefinitions (docs/wandb.md).
// - `spec.wandb.legacyOverrides.<app>.env` is a []corev1.EnvVar without a list-type marker in
//   every tagged release (api/v2/weightsandbiases_types.go LegacyOverrides; the CRD has no
//   x-kubernetes-list-type on it), so server-side apply treats it as atomic: an apply replaces the
//   whole list. The patch must then carry the entries others put there (the v1→v2 conversion moves
//   v1's global.extraEnv there), or it would delete them. Where a CRD declares the list a map keyed
//   by name, server-side apply merges it entry by entry and the patch carries only its own.

/** The WeightsAndBiases CRD's name (and the Kubernetes provider's ID for it). */
export const WEIGHTS_AND_BIASES_CRD = "weightsandbiases.apps.wandb.com";

/** An env entry as the live resource holds it: a name, and whatever else corev1.EnvVar has. */
export type LiveEnvVar = { readonly name: string } & Readonly<Record<string, unknown>>;

/** What the installed operator decides about the patch. */
export interface InstalledV2 {
    /** The CRD has a v2 version with a schema (an operator 1.x CRD has only v1). */
    readonly servesV2: boolean;
    /** The CRD's v2 schema has spec.wandb.security.disableSSOProvisioning. */
    readonly provisioningField: boolean;
    /**
     * Others' entries of spec.wandb.legacyOverrides.global.env, in their live order, that the patch
     * carries because the CRD makes that list atomic; empty where it is a map keyed by name.
     */
    readonly keptEnv: readonly LiveEnvVar[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The v2 version's schema of `spec` in a CRD's spec, or undefined. */
function v2SpecSchema(crdSpec: unknown): Record<string, unknown> | undefined {
    if (!isObject(crdSpec) || !Array.isArray(crdSpec.versions)) return undefined;
    const versions: unknown[] = crdSpec.versions;
    const v2 = versions.find((v) => isObject(v) && v.name === "v2");
    const root = isObject(v2) && isObject(v2.schema) ? v2.schema.openAPIV3Schema : undefined;
    const properties = isObject(root) && isObject(root.properties) ? root.properties : undefined;
    return properties !== undefined && isObject(properties.spec) ? properties.spec : undefined;
}

/**
 * The schema at `path` below a schema: each step a property, or `*` for a map's values
 * (`additionalProperties`) or a list's items.
 */
export function schemaAt(schema: unknown, path: readonly string[]): Record<string, unknown> | undefined {
    let node: unknown = schema;
    for (const step of path) {
        if (!isObject(node)) return undefined;
        if (step === "*") node = node.type === "array" ? node.items : node.additionalProperties;
        else node = isObject(node.properties) ? node.properties[step] : undefined;
    }
    return isObject(node) ? node : undefined;
}

/** The value at `path` (each step a property) below a live object, or undefined. */
export function valueAt(root: unknown, path: readonly string[]): unknown {
    let node: unknown = root;
    for (const step of path) node = isObject(node) ? node[step] : undefined;
    return node;
}

/** The path, below `spec`, of the provisioning field and of the global env list. */
export const PROVISIONING_FIELD_PATH = ["wandb", "security", "disableSSOProvisioning"] as const;
export const GLOBAL_ENV_PATH = ["wandb", "legacyOverrides", "global", "env"] as const;
const ENV_SCHEMA_PATH = ["wandb", "legacyOverrides", "*", "env"] as const;

/** Whether server-side apply merges a list schema entry by entry, keyed by `name`. */
function mergedByName(list: Record<string, unknown> | undefined): boolean {
    const keys = list?.["x-kubernetes-list-map-keys"];
    return list?.["x-kubernetes-list-type"] === "map" && Array.isArray(keys) && keys.length === 1 && keys[0] === "name";
}

/**
 * What the installed CRD (its `spec`, as the API server returns it) and the live resource (its
 * `spec`) decide, given the names of every env entry wandb-sso may set.
 */
export function installedV2(crdSpec: unknown, liveSpec: unknown, ownNames: ReadonlySet<string>): InstalledV2 {
    const schema = v2SpecSchema(crdSpec);
    const provisioningField = schemaAt(schema, PROVISIONING_FIELD_PATH)?.type === "boolean";
    const servesV2 = schema !== undefined;
    if (mergedByName(schemaAt(schema, ENV_SCHEMA_PATH))) return { servesV2, provisioningField, keptEnv: [] };
    const live = valueAt(liveSpec, GLOBAL_ENV_PATH);
    const keptEnv = (Array.isArray(live) ? live : []).filter(
        (entry): entry is LiveEnvVar => isObject(entry) && typeof entry.name === "string" && !ownNames.has(entry.name),
    );
    return { servesV2, provisioningField, keptEnv };
}
