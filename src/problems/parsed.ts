// The vocabulary of validation: a problem (setting, value, fix), a parser's answer (a value, or a
// fix that may suggest a value), and how a validator names the setting it checks. Pure: no SDK
// import (the verify CLI uses these rules, and loading the SDK would cost it about a second).

/** One thing wrong with one setting. */
export interface Problem {
    /** The setting as the user wrote it: a stack key (`wandb-sso:host`) or a component argument (`host`). */
    readonly setting: string;
    /** The value it had (`undefined` when missing). Never a secret's plain text. */
    readonly value: unknown;
    /** What is wrong and what to do, in one sentence: "http is allowed only for localhost; use https://…". */
    readonly fix: string;
    /**
     * The value the fix suggests, when it suggests one (see `Parsed`); not enumerable, so that
     * a problem's shape (and its JSON) stays `{ setting, value, fix }`.
     */
    readonly suggestion?: string;
}

/**
 * Turns an argument's field into the name the user sees: `orgUrl` for a component argument,
 * `wandb-sso:okta.orgUrl` for a stack key. Each validator takes one, so that a component and the
 * stack config refuse the same things with the same words, each naming the setting its own way.
 */
export type At = (field: string) => string;

/** Names a component argument as itself. */
export const asArgument: At = (field) => field;

/**
 * A component's arguments before they are checked: each field may hold anything (stack config is
 * JSON, and another Pulumi language sends what it likes), so validators read them as unknown.
 */
export type Unchecked<T> = { readonly [K in keyof T]?: unknown };

/**
 * A parser's answer: the parsed value, or what is wrong with it and the fix. When the fix suggests
 * a value (the "use …" or "e.g. …" in it), `suggestion` holds that value exactly, and the parser
 * accepts it (see `suggest`). It is not enumerable: results compare, spread and serialise as
 * `{ fix }`, as they did before suggestions were marked.
 */
export type Parsed<T> = { readonly value: T } | { readonly fix: string; readonly suggestion?: string };

/** A parser: a value or a fix (see `Parsed`). */
export type Parser<T> = (value: unknown) => Parsed<T>;

export const ok = <T>(value: T): Parsed<T> => ({ value });
export const bad = (fix: string, suggestion?: string): Parsed<never> => withSuggestion({ fix }, suggestion);

/** `target` with `suggestion` as a non-enumerable field (see `Parsed`). */
export function withSuggestion<T extends object>(target: T, suggestion: string | undefined): T {
    if (suggestion !== undefined) Object.defineProperty(target, "suggestion", { value: suggestion, enumerable: false });
    return target;
}

/** The longest value a fix suggests: anything longer is not what the user meant. */
export const MAX_SUGGESTION_CHARS = 300;

let verifying = false;
let withholding = false;

/**
 * Runs `parse` so that the fix it builds quotes nothing of the value: no suggestion (every one is
 * made from the value), and `shown` words instead of values. For a value under a secret: its fix
 * is built without it, rather than scrubbed of it afterwards.
 */
export function withheld<T>(parse: () => T): T {
    const was = withholding;
    withholding = true;
    try {
        return parse();
    } finally {
        withholding = was;
    }
}

/**
 * How a fix quotes a value it read or derived (JSON, as the value is shown): `instead` while the
 * value is withheld (see `withheld`), e.g. "the issuer with its slash". Deferred values inside show
 * as `(unknown)`, never through their own JSON form (a Pulumi Output's is a warning text).
 */
export function shown(value: unknown, instead = "the value"): string {
    if (withholding) return instead;
    return JSON.stringify(withoutDeferred(value)) ?? String(value);
}

/**
 * Words a fix built from the value (a path, a host as the URL parser reads it), or `instead` while
 * the value is withheld (see `withheld`).
 */
export function said(text: string, instead: string): string {
    return withholding ? instead : text;
}

/** The value with each deferred value inside (a Pulumi Output, a promise) as `(unknown)`, without calling their toJSON. */
export function withoutDeferred(value: unknown, depth = 0): unknown {
    if (isDeferred(value)) return UNKNOWN;
    if (depth > 64 || typeof value !== "object" || value === null) return value;
    if (Array.isArray(value)) return value.map((item) => withoutDeferred(item, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutDeferred(v, depth + 1)]));
}

/** How a value known only later (another resource's output) shows inside a list or object. */
export const UNKNOWN = "(unknown)";

/**
 * `candidate`, if `parse` accepts it: a fix never suggests a value its own parser would refuse.
 * While a suggestion is being checked, the parsers it runs do not check theirs in turn (only
 * whether they accept matters), so this never recurses more than once.
 */
export function acceptedSuggestion(parse: Parser<unknown>, candidate: string | undefined): string | undefined {
    if (withholding || candidate === undefined || candidate === "" || candidate.length > MAX_SUGGESTION_CHARS) return undefined;
    if (verifying) return candidate;
    verifying = true;
    try {
        return "value" in parse(candidate) ? candidate : undefined;
    } finally {
        verifying = false;
    }
}

/**
 * A fix that suggests `candidate` when `parse` accepts it: `text` words the fix with the
 * suggestion, or without one (`undefined`) when the candidate is refused or there is none.
 */
export function suggest(
    parse: Parser<unknown>,
    candidate: string | undefined,
    text: (suggestion: string | undefined) => string,
): Parsed<never> {
    const suggestion = acceptedSuggestion(parse, candidate);
    return bad(text(suggestion), suggestion);
}

/** A Pulumi Output or a promise (duck-typed: this module does not load the SDK): known only later. */
export function isDeferred(value: unknown): boolean {
    if (typeof value !== "object" || value === null) return false;
    const candidate = value as { apply?: unknown; then?: unknown };
    return typeof candidate.apply === "function" || typeof candidate.then === "function";
}

/**
 * The fix for a setting that must be known when the program runs (it decides what is registered,
 * or is checked before anything is) but came as another resource's output: in TypeScript a
 * pulumi.Output, from another Pulumi language any value that depends on a resource.
 */
export const MUST_BE_KNOWN_FIX =
    "this setting must be known when the program runs (it is checked, and decides what is created, before anything is registered), but it is another resource's output: pass a plain value";
