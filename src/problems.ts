// How wandb-sso reports bad input: every problem names the setting, the value it had and the fix,
// and all problems found are reported together, before any resource is registered.
// No import of @pulumi/pulumi here: the verify CLI uses these rules, and loading the SDK would
// cost it about a second.

/** One thing wrong with one setting. */
export interface Problem {
    /** The setting as the user wrote it: a stack key (`wandb-sso:host`) or a component argument (`host`). */
    readonly setting: string;
    /** The value it had (`undefined` when missing). Never a secret's plain text. */
    readonly value: unknown;
    /** What is wrong and what to do, in one sentence: "http is allowed only for localhost; use https://…". */
    readonly fix: string;
}

/**
 * Thrown with every problem at once; nothing has been registered when it is thrown. Pulumi treats
 * it as a RunError, so `pulumi up` prints the message alone, without a stack trace.
 */
export class ConfigError extends Error {
    /**
     * The marker by which the SDK's `RunError.isInstance` recognises a RunError (it is designed to
     * work across copies of the SDK); test/problems.test.ts checks that the SDK still does.
     */
    readonly __pulumiRunError = true;

    constructor(
        readonly problems: readonly Problem[],
        readonly subject = "wandb-sso",
    ) {
        super(formatProblems(problems, subject));
        this.name = "ConfigError";
    }
}

export function formatProblems(problems: readonly Problem[], subject: string): string {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    const lines = problems.map((p) => `  - ${p.setting} = ${showValue(p.value)}: ${p.fix}`);
    return [`${subject}: ${count}; nothing was registered. Please fix:`, ...lines].join("\n");
}

/** How a secret appears in a problem: never its value. */
export const SECRET_PLACEHOLDER = "[secret]";

/**
 * The fix for a secret given as a plain value, in the words of where it was given: a stack key
 * (it has the project's namespace, `wandb-sso:…`) is set with `pulumi config set --secret`; a
 * component argument is wrapped with `pulumi.secret`.
 */
export function plainSecretFix(setting: string): string {
    return setting.includes(":")
        ? `the client secret is in plain text in the stack file; set it as a Pulumi secret: pulumi config set --secret --path '${setting}' <value>`
        : "a plain value is not a Pulumi secret and would be stored unencrypted; pass pulumi.secret(value), or read it with config.requireSecret(...)";
}

/** How a value appears in an error: JSON for data, `(not set)` when missing. */
export function showValue(value: unknown): string {
    if (value === undefined) return "(not set)";
    return JSON.stringify(value);
}

/**
 * Collects problems while validating, so that one run reports all of them.
 * `check` returns the parsed value, or undefined after recording the problem.
 */
export class Problems {
    private readonly found: Problem[] = [];

    add(setting: string, value: unknown, fix: string): void {
        this.found.push({ setting, value, fix });
    }

    /** Runs a parser that returns a value or a fix, recording the fix as a problem of `setting`. */
    check<T>(setting: string, value: unknown, parse: (value: unknown) => Parsed<T>): T | undefined {
        const result = parse(value);
        if ("fix" in result) {
            this.add(setting, value, result.fix);
            return undefined;
        }
        return result.value;
    }

    get list(): readonly Problem[] {
        return this.found;
    }

    /** Throws one ConfigError listing every problem, if there were any. */
    throwIfAny(subject?: string): void {
        if (this.found.length > 0) throw new ConfigError(this.found, subject);
    }
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

/** A parser's answer: the parsed value, or what is wrong with it and the fix. */
export type Parsed<T> = { readonly value: T } | { readonly fix: string };

export const ok = <T>(value: T): Parsed<T> => ({ value });
export const bad = (fix: string): Parsed<never> => ({ fix });

/** Parses one component argument, throwing a ConfigError that names it if it is bad. */
export function requireValid<T>(subject: string, setting: string, value: unknown, parse: (value: unknown) => Parsed<T>): T {
    const result = parse(value);
    if ("fix" in result) throw new ConfigError([{ setting, value, fix: result.fix }], subject);
    return result.value;
}
