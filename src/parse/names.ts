// The one set of rules for names wandb-sso takes: an app's display name in an IdP's console,
// Kubernetes object names and Helm release names, each with the limits of the system that
// receives it. Every suggested name passes the same parser. Pure: no SDK import.
import { acceptedSuggestion, bad, ok, suggest, type Parser } from "../problems";
import { findDisplayRefused, invisibleFix } from "./text";

export interface DisplayNameRules {
    /** The name used when none is given, e.g. `Weights & Biases`. */
    readonly fallback: string;
    /** The longest name the IdP's console takes. */
    readonly max: number;
    /** Characters refused, and who refuses them (`Auth0`), when it is the IdP. */
    readonly refuse?: { readonly pattern: RegExp; readonly what: string; readonly who?: string };
}

/**
 * An app's name in an IdP's console: non-empty, no surrounding whitespace, no control characters,
 * line breaks or bidirectional overrides (which reorder what the console shows), within the IdP's limits.
 */
export function displayNameParser(rules: DisplayNameRules): Parser<string> {
    const parse: Parser<string> = (value) => {
        if (value === undefined) return ok(rules.fallback);
        if (typeof value !== "string" || value.trim() === "") {
            return bad(`set a non-empty name, e.g. ${rules.fallback}`, acceptedSuggestion(parse, rules.fallback));
        }
        if (value.trim() !== value) {
            return suggest(
                parse,
                value.trim(),
                (s) => `remove the surrounding whitespace${s === undefined ? "" : `: use ${JSON.stringify(s)}`}`,
            );
        }
        const refused = findDisplayRefused(value);
        if (refused !== undefined) {
            return suggest(parse, refused.without, (s) => invisibleFix(refused) + (s === undefined ? "" : `: use ${JSON.stringify(s)}`));
        }
        const { refuse } = rules;
        if (refuse !== undefined && refuse.pattern.test(value)) {
            const cleaned = value.replace(new RegExp(refuse.pattern.source, "g"), "");
            const suggestion = acceptedSuggestion(parse, cleaned) ?? acceptedSuggestion(parse, rules.fallback);
            const who = refuse.who === undefined ? "" : ` (${refuse.who} refuses them)`;
            return bad(`use a name without ${refuse.what}${who}; e.g. ${JSON.stringify(suggestion ?? rules.fallback)}`, suggestion);
        }
        if (value.length > rules.max) return bad(`use at most ${rules.max} characters`);
        return ok(value);
    };
    return parse;
}

/** Kubernetes' DNS-1123 label (namespaces, containers) and subdomain (object names). */
const KUBERNETES_NAME = {
    label: /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
    subdomain: /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/,
} as const;

/**
 * A name made of what `allowed` keeps (`-` for the rest), lower-case, cut to `max` and trimmed of
 * edge hyphens and dots, with no empty part between dots: what a refused name most likely meant.
 */
function nameLike(value: string, dots: boolean, max: number): string {
    const chars = dots ? /[^a-z0-9.-]+/g : /[^a-z0-9-]+/g;
    const trim = (s: string) => s.replace(/^[-.]+|[-.]+$/g, "");
    const name = trim(value.toLowerCase().replace(chars, "-"))
        .replace(/-*\.[-.]*/g, ".")
        .slice(0, max);
    return trim(name);
}

/** A Kubernetes object name: a DNS-1123 label (namespaces and containers) or subdomain (objects). */
export function kubernetesNameParser(kind: keyof typeof KUBERNETES_NAME, fallback: string): Parser<string> {
    const parse: Parser<string> = (value) => {
        if (value === undefined) return ok(fallback);
        if (typeof value === "string" && KUBERNETES_NAME[kind].test(value)) return ok(value);
        const what = kind === "label" ? "1-63 lower-case letters, digits and '-'" : "lower-case letters, digits, '-' and '.'";
        const candidate = typeof value === "string" ? nameLike(value, kind === "subdomain", kind === "label" ? 63 : 253) : "";
        const suggestion = acceptedSuggestion(parse, candidate) ?? acceptedSuggestion(parse, fallback);
        const limit = kind === "subdomain" && typeof value === "string" && value.length > 253 ? ", at most 253 characters" : "";
        return bad(
            `a Kubernetes name is ${what}${limit}, starting and ending with a letter or digit; e.g. ${suggestion ?? fallback}`,
            suggestion,
        );
    };
    return parse;
}

/**
 * Helm 3's release name rule, from helm/helm pkg/chartutil/validate_name.go (`ValidateReleaseName`):
 * it must match `^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$` and be at most
 * `maxReleaseNameLen` = 53 characters (Helm 3.5 and later), which leaves room for the suffixes
 * charts append to it within Kubernetes' 63-character names.
 */
const HELM_RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const MAX_HELM_RELEASE_NAME_CHARS = 53;

/** A Helm release name (the helm target's `name`): what `helm install <name>` accepts. */
export function helmReleaseNameParser(fallback: string): Parser<string> {
    const parse: Parser<string> = (value) => {
        if (value === undefined) return ok(fallback);
        if (typeof value === "string" && value.length <= MAX_HELM_RELEASE_NAME_CHARS && HELM_RELEASE_NAME.test(value)) return ok(value);
        const candidate = typeof value === "string" ? nameLike(value, true, MAX_HELM_RELEASE_NAME_CHARS) : "";
        const suggestion = acceptedSuggestion(parse, candidate) ?? acceptedSuggestion(parse, fallback);
        return bad(
            `a Helm release name is at most ${MAX_HELM_RELEASE_NAME_CHARS} lower-case letters, digits, '-' and '.', starting and ending with a letter or digit (helm refuses others); e.g. ${suggestion ?? fallback}`,
            suggestion,
        );
    };
    return parse;
}
