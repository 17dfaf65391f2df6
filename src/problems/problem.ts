// Collecting problems while validating, so that one run reports all of them: each names the
// setting, the value it had (never a secret's) and the fix. Pure.
import { NESTED_TOO_DEEP, nestedTooDeepAt, nestedTooDeepFix } from "./nesting";
import { isDeferred, MUST_BE_KNOWN_FIX, withheld, withSuggestion, type Parsed, type Problem } from "./parsed";
import { isSwitch, namesSecret, secretProblem, SECRET_PLACEHOLDER, withoutCredentials } from "./redact";

/**
 * A problem, its suggestion (if any) carried as a non-enumerable field. Whatever the caller knows
 * of secrets, a problem never carries what looks like one: a value under a setting whose name says
 * secret (`clientSecret`, `password`, `token`, …, at any depth, known key or not) is hidden as a
 * secret is (see `secretProblem`), and the credentials of a URL (`https://user:pass@…`) are masked
 * in the value and scrubbed from the fix.
 */
export function problem(setting: string, value: unknown, fix: string, suggestion?: string): Problem {
    if (namesSecret(setting) && value !== SECRET_PLACEHOLDER && !isSwitch(value)) return secretProblem(setting, value, fix);
    return withoutCredentials(withSuggestion({ setting, value, fix }, suggestion));
}

/** Whether a value holds another resource's output (known only later) somewhere inside a list or object. */
function holdsDeferred(value: unknown): boolean {
    if (typeof value !== "object" || value === null) return false;
    return Object.values(value).some((item) => isDeferred(item) || holdsDeferred(item));
}

/**
 * Collects problems while validating, so that one run reports all of them.
 * `check` returns the parsed value, or undefined after recording the problem.
 * (`throwIfAny` in src/errors.ts turns them into the one error a component or the stack throws.)
 */
export class Problems {
    private readonly found: Problem[] = [];

    /**
     * `secret` says which settings lie under a secret (a stack key set with --secret): their
     * values are never shown, and parsers build their fixes without them (`withheld`). A setting
     * whose own name says secret (`clientSecret`, `password`, …) is one too.
     */
    constructor(private readonly secret: (setting: string) => boolean = () => false) {}

    private isSecret(setting: string, value: unknown): boolean {
        return this.secret(setting) || (namesSecret(setting) && value !== SECRET_PLACEHOLDER && !isSwitch(value));
    }

    private record(setting: string, value: unknown, fix: string, suggestion: string | undefined, built: "withheld" | "by hand"): void {
        const deep = nestedTooDeepAt(value);
        const secret = this.isSecret(setting, value);
        // The path into a value nested too deep is made of its keys: under a secret, only the setting.
        if (deep !== undefined) {
            this.found.push(
                secret
                    ? problem(setting, SECRET_PLACEHOLDER, nestedTooDeepFix(setting))
                    : problem(setting, NESTED_TOO_DEEP, nestedTooDeepFix(setting + deep)),
            );
        } else if (isDeferred(value)) this.found.push(problem(setting, value, MUST_BE_KNOWN_FIX));
        else if (holdsDeferred(value))
            this.found.push(
                secret
                    ? secretProblem(setting, value, MUST_BE_KNOWN_LIST_FIX, "withheld")
                    : problem(setting, value, MUST_BE_KNOWN_LIST_FIX),
            );
        else if (secret) this.found.push(secretProblem(setting, value, fix, built));
        else this.found.push(problem(setting, value, fix, suggestion));
    }

    /**
     * Records a problem. A value that is another resource's output is wrong here only because it
     * is not known yet, whatever else the caller found: the fix says so. A fix built by hand may
     * quote the value: under a secret it is scrubbed of it.
     */
    add(setting: string, value: unknown, fix: string, suggestion?: string): void {
        this.record(setting, value, fix, suggestion, "by hand");
    }

    /** Records a problem whatever the value is (an Output shows as one): for a fix that is not about the value. */
    addAsGiven(setting: string, value: unknown, fix: string): void {
        this.found.push(problem(setting, nestedTooDeepAt(value) === undefined ? value : NESTED_TOO_DEEP, fix));
    }

    /**
     * Records a problem of a setting nobody reads (an unknown or misspelt key or argument), whose
     * value is never shown: it may be anything, a secret typed into the wrong key included. It
     * shows as `[secret]` under a secret key or a name that says secret, as `(an Output)` when it is
     * one (which shows nothing of it), and as `[not shown]` otherwise.
     */
    addUnread(setting: string, value: unknown, fix: string): void {
        const shownValue = this.isSecret(setting, value) ? SECRET_PLACEHOLDER : isDeferred(value) ? value : NOT_SHOWN;
        this.found.push({ setting, value: shownValue, fix });
    }

    /** Runs a parser that returns a value or a fix, recording the fix as a problem of `setting`. */
    check<T>(setting: string, value: unknown, parse: (value: unknown) => Parsed<T>): T | undefined {
        // Before the parser: no parser (nor the message) walks a value deeper than any setting is.
        if (nestedTooDeepAt(value) !== undefined) {
            this.add(setting, value, "");
            return undefined;
        }
        const secret = this.isSecret(setting, value);
        const result = secret ? withheld(() => parse(value)) : parse(value);
        if ("fix" in result) {
            this.record(setting, value, result.fix, result.suggestion, secret ? "withheld" : "by hand");
            return undefined;
        }
        return result.value;
    }

    get list(): readonly Problem[] {
        return this.found;
    }
}

/**
 * Stands in for the value of a setting nobody reads (an unknown or misspelt key or argument): it
 * may hold anything, a secret typed into the wrong key included, so it is never quoted.
 */
export const NOT_SHOWN = "[not shown]";

/** The fix for a list or object that holds another resource's output: every item must be known when the program runs. */
export const MUST_BE_KNOWN_LIST_FIX =
    "an item of it is another resource's output, unknown until that resource is created, and every item must be known when the program runs (it is checked, and decides what is created, before anything is registered): pass plain values";
