// The one set of rules for names wandb-sso takes: an app's display name in an IdP's console, and
// Kubernetes object names. Pure: no SDK import.
import { bad, ok, type Parsed } from "../problems";

export interface DisplayNameRules {
    /** The name used when none is given, e.g. `Weights & Biases`. */
    readonly fallback: string;
    /** The longest name the IdP's console takes. */
    readonly max: number;
    /** Characters refused, and who refuses them (`Auth0`), when it is the IdP. */
    readonly refuse?: { readonly pattern: RegExp; readonly what: string; readonly who?: string };
}

/** An app's name in an IdP's console: non-empty, no surrounding whitespace, within the IdP's limits. */
export function displayNameParser(rules: DisplayNameRules): (value: unknown) => Parsed<string> {
    return (value) => {
        if (value === undefined) return ok(rules.fallback);
        if (typeof value !== "string" || value.trim() === "") return bad(`set a non-empty name, e.g. ${rules.fallback}`);
        if (value.trim() !== value) return bad(`remove the surrounding whitespace: use ${JSON.stringify(value.trim())}`);
        const { refuse } = rules;
        if (refuse !== undefined && refuse.pattern.test(value)) {
            const cleaned = value.replace(new RegExp(refuse.pattern.source, "g"), "");
            const who = refuse.who === undefined ? "" : ` (${refuse.who} refuses them)`;
            return bad(`use a name without ${refuse.what}${who}; e.g. ${JSON.stringify(cleaned)}`);
        }
        if (value.length > rules.max) return bad(`use at most ${rules.max} characters`);
        return ok(value);
    };
}

const KUBERNETES_NAME = {
    label: /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
    subdomain: /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/,
} as const;

/** A Kubernetes object name: a DNS-1123 label (namespaces and containers) or subdomain (objects). */
export function kubernetesNameParser(kind: keyof typeof KUBERNETES_NAME, fallback: string): (value: unknown) => Parsed<string> {
    return (value) => {
        if (value === undefined) return ok(fallback);
        if (typeof value === "string" && KUBERNETES_NAME[kind].test(value)) return ok(value);
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
