// The W&B side's settings: which workload to configure, how, and W&B's own SSO options. Pure rules
// shared by the stack config (`wandb-sso:wandb`) and the WandbOidc component's arguments.
import { bad, ok, type Parsed, type Problems } from "../problems";
import { OIDC_SCOPES } from "../oidc";
import { parseBoolean, parseStringList, readObject } from "../config/values";

/**
 * How the settings reach W&B:
 * - `deployment`: a server-side-apply patch of an existing wandb/local Deployment's container;
 * - `operator`: a server-side-apply patch of the W&B Kubernetes Operator's `WeightsAndBiases`
 *   resource (`spec.values`, the operator-wandb chart's values);
 * - `helm`: no workload change; the chart values are an output, for a Helm release the user runs.
 */
export const WANDB_TARGETS = ["deployment", "operator", "helm"] as const;
export type WandbTarget = (typeof WANDB_TARGETS)[number];

/**
 * W&B's own SSO options. Each is absent unless set: an unset option sets no variable, so W&B keeps
 * its own default.
 */
export interface WandbSsoOptions {
    /** How long a W&B session lasts, in hours (`SESSION_LENGTH`; W&B's default is 720). */
    readonly sessionLengthHours?: number;
    /** true: W&B does not create users on their first SSO login (`DISABLE_SSO_PROVISIONING`). */
    readonly disableSsoProvisioning?: boolean;
    /**
     * true: W&B sets each user's team memberships from the ID token's `groups` claim, a list of W&B
     * team names (`GORILLA_ENABLE_SSO_GROUP_CLAIMS`).
     */
    readonly groupClaims?: boolean;
    /** Scopes W&B asks for besides openid, profile and email, e.g. `groups` (`GORILLA_OIDC_CUSTOM_SCOPES`). */
    readonly customScopes?: readonly string[];
}

export interface WandbSettings extends WandbSsoOptions {
    readonly target: WandbTarget;
    /** Namespace of the W&B workload (and of the ConfigMap and Secret). */
    readonly namespace: string;
    /**
     * deployment: the Deployment; operator: the WeightsAndBiases resource; helm: the Helm release
     * (used to name its pods in messages).
     */
    readonly name: string;
    /** deployment target: the container that runs wandb/local. */
    readonly container: string;
    /** Origins allowed besides the host, listed first in GORILLA_CORS_ORIGINS. */
    readonly extraCorsOrigins: readonly string[];
    /**
     * operator and helm targets: the chart reads client ID, issuer, auth method and CORS origins from
     * the component's ConfigMap (`global.auth.oidc.oidcConfigMap`) instead of plain values. Only
     * charts that have `oidcConfigMap` support it.
     */
    readonly oidcConfigMap?: boolean;
}

export const WANDB_DEFAULTS: WandbSettings = {
    target: "deployment",
    namespace: "default",
    name: "wandb",
    container: "wandb",
    extraCorsOrigins: [],
};

/** W&B's default session length (hours), used when `sessionLengthHours` is unset. */
export const WANDB_DEFAULT_SESSION_LENGTH_HOURS = 720;
/** The longest Go duration in whole hours; W&B parses the session length as one. */
export const MAX_SESSION_LENGTH_HOURS = 2_562_047;

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
        const suggestion =
            typeof value === "string"
                ? value
                      .toLowerCase()
                      .replace(/[^a-z0-9.-]+/g, "-")
                      .replace(/^[-.]+|[-.]+$/g, "")
                : "";
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

/** A whole number of hours, at least 1 (a number, or its digits as Pulumi may pass them). */
export function parseSessionLengthHours(value: unknown): Parsed<number> {
    const number = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;
    if (typeof number !== "number" || !Number.isInteger(number) || number < 1) {
        return bad(`use a whole number of hours, at least 1, e.g. 168 for a week (W&B's default is ${WANDB_DEFAULT_SESSION_LENGTH_HOURS})`);
    }
    if (number > MAX_SESSION_LENGTH_HOURS) return bad(`use at most ${MAX_SESSION_LENGTH_HOURS} hours (the longest duration W&B can parse)`);
    return ok(number);
}

/** An OAuth scope token (RFC 6749 §3.3), without ',' since W&B gets the list comma-separated. */
const SCOPE_TOKEN = /^[\x21\x23-\x2b\x2d-\x5b\x5d-\x7e]+$/;

/** Extra scopes for W&B to ask for: scope tokens, none of the three W&B always asks for, no repeats. */
export function parseCustomScopes(value: unknown): Parsed<string[]> {
    const list = parseStringList(value);
    if ("fix" in list) return bad('use a list of scopes, e.g. ["groups"]');
    const seen = new Set<string>();
    for (const scope of list.value) {
        if (!SCOPE_TOKEN.test(scope)) {
            return bad(`${JSON.stringify(scope)} is not one scope: list each scope on its own, without spaces, commas or quotes`);
        }
        if ((OIDC_SCOPES as readonly string[]).includes(scope)) {
            return bad(`W&B always asks for ${OIDC_SCOPES.join(", ")}; list only the extra scopes (remove ${scope})`);
        }
        if (seen.has(scope)) return bad(`${scope} is listed twice; list it once`);
        seen.add(scope);
    }
    return list;
}

const FIELDS = [
    "target",
    "namespace",
    "name",
    "container",
    "extraCorsOrigins",
    "sessionLengthHours",
    "disableSsoProvisioning",
    "groupClaims",
    "customScopes",
    "oidcConfigMap",
] as const;

/**
 * Validates `wandb-sso:wandb` (or the component's equivalent arguments) with names under `setting`.
 * Optional fields appear in the result only when given.
 */
export function parseWandbSettings(value: unknown, problems: Problems, setting: string): WandbSettings | undefined {
    const object = readObject(value, FIELDS, problems, setting);
    if (object === undefined) return undefined;
    const key = (field: string) => `${setting}.${field}`;
    const required = {
        target: problems.check(key("target"), object.target, parseTarget),
        namespace: problems.check(key("namespace"), object.namespace, parseKubernetesName("label", WANDB_DEFAULTS.namespace)),
        name: problems.check(key("name"), object.name, parseKubernetesName("subdomain", WANDB_DEFAULTS.name)),
        container: problems.check(key("container"), object.container, parseKubernetesName("label", WANDB_DEFAULTS.container)),
        extraCorsOrigins: problems.check(key("extraCorsOrigins"), object.extraCorsOrigins, parseOrigins),
    };
    let valid = allDefined(required);
    const optional: Record<string, unknown> = {};
    const parseOptional = <T>(field: (typeof FIELDS)[number], parse: (value: unknown) => Parsed<T>) => {
        if (object[field] === undefined) return;
        const parsed = problems.check(key(field), object[field], parse);
        if (parsed === undefined) valid = false;
        else optional[field] = parsed;
    };
    parseOptional("sessionLengthHours", parseSessionLengthHours);
    parseOptional("disableSsoProvisioning", parseBoolean);
    parseOptional("groupClaims", parseBoolean);
    parseOptional("customScopes", parseCustomScopes);
    parseOptional("oidcConfigMap", parseBoolean);

    // Settings that belong to one kind of target, refused on the others rather than ignored.
    const target = required.target;
    if (target !== undefined && target !== "deployment" && object.container !== undefined) {
        problems.add(
            key("container"),
            object.container,
            `applies only to the deployment target (the ${target} target's chart names its own containers); remove it`,
        );
        valid = false;
    }
    if (target === "deployment" && optional.oidcConfigMap === true) {
        problems.add(
            key("oidcConfigMap"),
            true,
            "the chart's ConfigMap mode is for the operator and helm targets; the deployment target always reads the ConfigMap by reference: remove it",
        );
        valid = false;
    }
    if (!valid || !allDefined(required)) return undefined;
    return { ...required, ...optional } as WandbSettings;
}

function allDefined<T extends object>(record: { [K in keyof T]: T[K] | undefined }): record is T {
    return Object.values(record).every((v) => v !== undefined);
}
