// Collecting problems while validating, so that one run reports all of them: each names the
// setting, the value it had (never a secret's) and the fix. Pure.
import { NESTED_TOO_DEEP, nestedTooDeepAt, nestedTooDeepFix } from "./nesting";
import { isDeferred, MUST_BE_KNOWN_FIX, withSuggestion, type Parsed, type Problem } from "./parsed";
import { isSwitch, namesSecret, secretProblem, SECRET_PLACEHOLDER, withoutCredentials } from "./redact";

/**
 * A problem, its suggestion (if any) carried as a non-enumerable field. Whatever the caller knows
 * of secrets, a problem never carries what looks like one: a value under a setting whose name says
 * secret (`clientSecret`, `password`, `token`, …, at any depth, known key or not) is hidden as a
 * secret is (see `secretProblem`), and the credentials of a URL (`https://user:pass@…`) are masked
 * in the value and scrubbed from the fix.
 */
export function problem(setting: string, value: unknown, fix: string, suggestion?: string): Problem {
    if (namesSecret(setting) && value !== SECRET_PLACEHOLDER && !isSwitch(value)) return secretProblem(setting, value, fix, suggestion);
    return withoutCredentials(withSuggestion({ setting, value, fix }, suggestion));
}

/**
 * Collects problems while validating, so that one run reports all of them.
 * `check` returns the parsed value, or undefined after recording the problem.
 * (`throwIfAny` in src/errors.ts turns them into the one error a component or the stack throws.)
 */
export class Problems {
    private readonly found: Problem[] = [];

    /**
     * Records a problem. A value that is another resource's output is wrong here only because it
     * is not known yet, whatever else the caller found: the fix says so.
     */
    add(setting: string, value: unknown, fix: string, suggestion?: string): void {
        const deep = nestedTooDeepAt(value);
        if (deep !== undefined) this.found.push(problem(setting, NESTED_TOO_DEEP, nestedTooDeepFix(setting + deep)));
        else if (isDeferred(value)) this.found.push(problem(setting, value, MUST_BE_KNOWN_FIX));
        else this.found.push(problem(setting, value, fix, suggestion));
    }

    /** Records a problem whatever the value is (an Output shows as one): for a fix that is not about the value. */
    addAsGiven(setting: string, value: unknown, fix: string): void {
        this.found.push(problem(setting, nestedTooDeepAt(value) === undefined ? value : NESTED_TOO_DEEP, fix));
    }

    /** Runs a parser that returns a value or a fix, recording the fix as a problem of `setting`. */
    check<T>(setting: string, value: unknown, parse: (value: unknown) => Parsed<T>): T | undefined {
        // Before the parser: no parser (nor the message) walks a value deeper than any setting is.
        if (nestedTooDeepAt(value) !== undefined) {
            this.add(setting, value, "");
            return undefined;
        }
        const result = parse(value);
        if ("fix" in result) {
            this.add(setting, value, result.fix, result.suggestion);
            return undefined;
        }
        return result.value;
    }

    get list(): readonly Problem[] {
        return this.found;
    }
}
