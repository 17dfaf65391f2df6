// The W&B side's settings: which workload to configure and how. Pure rules shared by the stack
// config (`wandb-sso:wandb`) and the WandbOidc component's arguments.
import { bad, ok, type Parsed, type Problems } from "../problems";
import { readObject, parseStringList } from "../config/values";

/** How the settings reach W&B. */
export const WANDB_TARGETS = ["deployment"] as const;
export type WandbTarget = (typeof WANDB_TARGETS)[number];

export interface WandbSettings {
    readonly target: WandbTarget;
    /** Namespace of the W&B workload (and of the ConfigMap and Secret). */
    readonly namespace: string;
    /** The Deployment (or WeightsAndBiases resource) to configure. */
    readonly name: string;
    /** deployment target: the container that runs wandb/local. */
    readonly container: string;
    /** Origins allowed besides the host, listed first in GORILLA_CORS_ORIGINS. */
    readonly extraCorsOrigins: readonly string[];
}

export const WANDB_DEFAULTS: WandbSettings = {
    target: "deployment",
    namespace: "default",
    name: "wandb",
    container: "wandb",
    extraCorsOrigins: [],
};

export function parseTarget(value: unknown): Parsed<WandbTarget> {
    if (value === undefined) return ok(WANDB_DEFAULTS.target);
    if ((WANDB_TARGETS as readonly unknown[]).includes(value)) return ok(value as WandbTarget);
    return bad(`use one of ${WANDB_TARGETS.join(", ")}`);
}

/** A Kubernetes object name: a DNS-1123 label (namespaces and containers) or subdomain (objects). */
export function parseKubernetesName(kind: "label" | "subdomain", fallback: string): (value: unknown) => Parsed<string> {
    const pattern =
        kind === "label"
            ? /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/
            : /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;
    return (value) => {
        if (value === undefined) return ok(fallback);
        if (typeof value === "string" && pattern.test(value)) return ok(value);
        const what = kind === "label" ? "1-63 lower-case letters, digits and '-'" : "lower-case letters, digits, '-' and '.'";
        const suggestion = typeof value === "string" ? value.toLowerCase().replace(/[^a-z0-9.-]+/g, "-").replace(/^[-.]+|[-.]+$/g, "") : "";
        return bad(`a Kubernetes name is ${what}, starting and ending with a letter or digit` + (suggestion ? `; e.g. ${suggestion}` : ""));
    };
}

/** An extra CORS origin is scheme://host[:port] only, e.g. https://notebooks.example.com. */
export function parseOrigins(value: unknown): Parsed<string[]> {
    if (value === undefined) return ok([]);
    const list = parseStringList(value);
    if ("fix" in list) return bad('use a list of origins, e.g. ["https://notebooks.example.com"]');
    for (const item of list.value) {
        const url = URL.canParse(item) ? new URL(item) : undefined;
        const web = url !== undefined && (url.protocol === "https:" || url.protocol === "http:");
        if (!web || url.origin !== item) {
            const fix = web ? `use ${url.origin}` : "use scheme://host[:port], e.g. https://notebooks.example.com";
            return bad(`${JSON.stringify(item)} is not an origin; ${fix}`);
        }
    }
    return list;
}

const FIELDS = ["target", "namespace", "name", "container", "extraCorsOrigins"] as const;

/** Validates `wandb-sso:wandb` (or the component's equivalent arguments) with names under `prefix`. */
export function parseWandbSettings(value: unknown, problems: Problems, setting: string): WandbSettings | undefined {
    const object = readObject(value, FIELDS, problems, setting);
    if (object === undefined) return undefined;
    const key = (field: string) => `${setting}.${field}`;
    const parsed = {
        target: problems.check(key("target"), object.target, parseTarget),
        namespace: problems.check(key("namespace"), object.namespace, parseKubernetesName("label", WANDB_DEFAULTS.namespace)),
        name: problems.check(key("name"), object.name, parseKubernetesName("subdomain", WANDB_DEFAULTS.name)),
        container: problems.check(key("container"), object.container, parseKubernetesName("label", WANDB_DEFAULTS.container)),
        extraCorsOrigins: problems.check(key("extraCorsOrigins"), object.extraCorsOrigins, parseOrigins),
    };
    return allDefined(parsed) ? parsed : undefined;
}

function allDefined<T extends object>(record: { [K in keyof T]: T[K] | undefined }): record is T {
    return Object.values(record).every((v) => v !== undefined);
}
