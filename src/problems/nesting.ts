// Input nested deeper than any setting is, refused before any parser or message walks it. Pure.
import { isDeferred } from "./parsed";

/**
 * The deepest any input is nested (lists and objects in one another); the deepest setting there
 * is has 3 levels (`wandb-sso:okta` > `groupsClaim` > `name`). Deeper input is refused before any
 * parser or message walks it, so that no input can exhaust the call stack (a value 10,000 levels
 * deep, which JSON and the Pulumi CLI's YAML reader both accept, made "Maximum call stack size
 * exceeded").
 */
export const MAX_NESTING = 32;

/** Stands in for a value nested too deep to show (`showValue` prints "(nested more than 32 levels)"). */
export const NESTED_TOO_DEEP: unique symbol = Symbol("nested too deep");

/** The fix for a value nested too deep: where (`wandb-sso:okta.label[0][0]…`) and what to do. */
export function nestedTooDeepFix(where: string): string {
    return `nested too deep at ${where}: no setting is nested more than ${MAX_NESTING} levels; give the plain value the setting takes`;
}

/**
 * Where a value is nested beyond `max` levels, as a path suffix (`.a[0].b`, its first 8 steps and
 * `…`), or undefined. Iterative, so that it cannot itself exhaust the stack. A string holding JSON
 * (as Pulumi passes structured config) counts as what it holds; Outputs, promises and class
 * instances are not walked.
 */
export function nestedTooDeepAt(value: unknown, max = MAX_NESTING): string | undefined {
    const root = typeof value === "string" && /^\s*[[{]/.test(value) ? parseJsonOrSelf(value) : value;
    const stack: { value: unknown; depth: number; path: string[] }[] = [{ value: root, depth: 0, path: [] }];
    while (stack.length > 0) {
        const { value: node, depth, path } = stack.pop()!;
        if (!isWalkable(node)) continue;
        if (depth === max) return path.slice(0, 8).join("") + "…";
        const entries: [string, unknown][] = Array.isArray(node)
            ? node.map((item, i) => [`[${i}]`, item] as [string, unknown])
            : Object.entries(node).map(([k, v]) => [`.${k}`, v] as [string, unknown]);
        for (const [step, child] of entries) stack.push({ value: child, depth: depth + 1, path: path.length < 8 ? [...path, step] : path });
    }
    return undefined;
}

/** A list or a plain object (not an Output, a promise or a class instance). */
function isWalkable(value: unknown): value is object {
    if (Array.isArray(value)) return true;
    if (typeof value !== "object" || value === null || isDeferred(value)) return false;
    const prototype: unknown = Object.getPrototypeOf(value);
    return prototype === Object.prototype || prototype === null;
}

function parseJsonOrSelf(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}
