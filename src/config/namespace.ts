// Keys in a namespace that is a typo of this project's (`wandb_sso:host`, `wandbsso:idp`,
// `wandb-SSO:okta`, `wand-sso:wandb`): Pulumi hands them to the program like any other key, and
// without this check they would do nothing, without a word. A namespace within two edits of the
// project's, in any letter case, is taken as meant for it; provider namespaces (`aws`, `okta`,
// `kubernetes`) are far from it and are left alone. Pure.

/** The most edits (insertions, deletions, substitutions) by which a namespace is a typo of ours. */
export const MAX_NAMESPACE_EDITS = 2;

/** The key's namespace when it is a typo of `namespace` (and not `namespace` itself), else undefined. */
export function nearMissNamespace(fullKey: string, namespace: string): string | undefined {
    const colon = fullKey.indexOf(":");
    if (colon <= 0) return undefined;
    const candidate = fullKey.slice(0, colon);
    if (candidate === namespace) return undefined;
    return editDistance(candidate.toLowerCase(), namespace, MAX_NAMESPACE_EDITS) <= MAX_NAMESPACE_EDITS ? candidate : undefined;
}

/** Levenshtein distance, or `max + 1` as soon as it must exceed `max` (so a long key costs little). */
export function editDistance(a: string, b: string, max: number): number {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        if (Math.min(...current) > max) return max + 1;
        previous = current;
    }
    return previous[b.length]!;
}
