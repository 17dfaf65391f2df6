// Whether W&B's live resource still carries what wandb-sso set on it. A write through another API
// version can rebuild the resource without it: on the W&B Operator v2, anything that writes
// apps.wandb.com/v1 (W&B's Terraform modules, the System Console) goes through the v1→v2 conversion,
// which rebuilds the v2 object from the v1 values alone (wandb/operator v2.0.0-beta.3,
// api/v1/weightsandbiases_conversion.go ConvertTo), and W&B silently loses its SSO settings. What to
// look for comes from the caller (verify knows no W&B side); this reads untrusted JSON only. Pure.
import { quote } from "./text";
import { fail, pass, TITLES, type CheckResult, type WandbResourceExpectation } from "./types";

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The value at a dotted path, or undefined. */
function at(root: unknown, path: string): unknown {
    let value: unknown = root;
    for (const part of path.split(".")) {
        if (!isObject(value)) return undefined;
        value = value[part];
    }
    return value;
}

/** `WeightsAndBiases wandb/wandb (apps.wandb.com/v2)`, from what the resource says of itself. */
function subjectOf(resource: Record<string, unknown>): string {
    const metadata = isObject(resource.metadata) ? resource.metadata : {};
    const text = (v: unknown) => (typeof v === "string" && v !== "" ? quote(v, 120) : "?");
    return `${text(resource.kind)} ${text(metadata.namespace)}/${text(metadata.name)} (${text(resource.apiVersion)})`;
}

/** What is missing or different, one clause each; the Secret the selectors name when they agree. */
function findings(
    resource: Record<string, unknown>,
    expected: WandbResourceExpectation,
): { missing: string[]; secret?: string; configMaps: Set<string> } {
    const missing: string[] = [];
    const names = new Set<string>();
    for (const { path, key } of expected.selectors) {
        const selector = at(resource, path);
        if (!isObject(selector) || typeof selector.name !== "string" || selector.name === "") missing.push(`${path} is not set`);
        else if (selector.key !== key) missing.push(`${path} reads key ${quote(String(selector.key), 80)}, not ${key}`);
        else names.add(selector.name);
    }
    if (names.size > 1) missing.push(`the selectors name several Secrets (${[...names].map((n) => quote(n, 120)).join(", ")}), not one`);
    const secret = names.size === 1 ? [...names][0] : undefined;
    if (secret !== undefined && expected.secretName !== undefined && secret !== expected.secretName) {
        missing.push(`the selectors name Secret ${quote(secret, 120)}, not ${quote(expected.secretName, 120)}`);
    }
    const configMaps = new Set<string>();
    if (expected.env !== undefined) {
        const list = at(resource, expected.env.path);
        const entries = Array.isArray(list) ? list.filter(isObject) : [];
        for (const name of expected.env.names) {
            const entry = entries.find((e) => e.name === name);
            const ref = entry === undefined ? undefined : at(entry, "valueFrom.configMapKeyRef");
            if (!isObject(ref) || typeof ref.name !== "string" || ref.name === "")
                missing.push(`${expected.env.path} has no ${name} read from a ConfigMap`);
            else configMaps.add(ref.name);
        }
    }
    return { missing, ...(secret !== undefined && { secret }), configMaps };
}

/** The check of a live W&B resource against what wandb-sso set on it. */
export function wandbResourceCheck(resource: unknown, expected: WandbResourceExpectation): CheckResult {
    const title = TITLES["wandb-resource"];
    if (!isObject(resource) || !isObject(resource.metadata)) {
        return fail(
            "wandb-resource",
            title,
            "not a Kubernetes object (no metadata)",
            "give the resource as `kubectl get … -o json` prints it",
        );
    }
    const subject = subjectOf(resource);
    const { missing, secret, configMaps } = findings(resource, expected);
    if (missing.length === 0) {
        const reads = configMaps.size > 0 ? `; its env reads ConfigMap ${[...configMaps].map((n) => quote(n, 120)).join(", ")}` : "";
        return pass("wandb-resource", title, `${subject} names Secret ${quote(secret ?? "?", 120)} for its OIDC settings${reads}`);
    }
    const annotations = isObject(resource.metadata.annotations) ? resource.metadata.annotations : {};
    const notes = (expected.annotations ?? []).filter((a) => a.annotation in annotations).map((a) => a.says);
    const why = notes.length > 0 ? ` (${notes.join("; ")})` : "";
    return fail("wandb-resource", title, `${subject} does not carry wandb-sso's settings: ${missing.join("; ")}${why}`, expected.fix);
}
