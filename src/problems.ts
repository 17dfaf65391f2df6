// How wandb-sso reports bad input: every problem names the setting, the value it had and the fix,
// and all problems found are reported together, before any resource is registered. Whatever the
// input, the message stays readable and bounded: long values are cut, invisible characters are
// shown as escapes, and only so many problems are listed.
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
    /**
     * The value the fix suggests, when it suggests one (see `Parsed`); not enumerable, so that
     * a problem's shape (and its JSON) stays `{ setting, value, fix }`.
     */
    readonly suggestion?: string;
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

/** The most problems one message lists, and its size in characters (about 6 KB, whatever the input). */
export const MAX_LISTED_PROBLEMS = 25;
export const MAX_MESSAGE_CHARS = 6000;
/** How much of a value, a setting's name and a fix one line shows. */
export const MAX_VALUE_CHARS = 200;
const MAX_SETTING_CHARS = 120;
const MAX_FIX_CHARS = 600;

export function formatProblems(problems: readonly Problem[], subject: string): string {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    const header = `${printable(subject, MAX_SETTING_CHARS)}: ${count}; nothing was registered. Please fix:`;
    const lines: string[] = [];
    let size = header.length;
    for (const problem of problems) {
        const line = `  - ${formatProblem(problem)}`;
        if (lines.length === MAX_LISTED_PROBLEMS || size + line.length > MAX_MESSAGE_CHARS) break;
        lines.push(line);
        size += line.length + 1;
    }
    const rest = problems.length - lines.length;
    if (rest > 0) lines.push(`  - … and ${rest} more ${rest === 1 ? "problem" : "problems"} (fix these first)`);
    return [header, ...lines].join("\n");
}

/** One problem as one line: `setting = value: fix`, bounded and without invisible characters. */
export function formatProblem(problem: Problem): string {
    const safe = withoutCredentials(problem);
    return `${printable(safe.setting, MAX_SETTING_CHARS)} = ${showValue(safe.value)}: ${printable(safe.fix, MAX_FIX_CHARS)}`;
}

/**
 * The fix for a setting that must be known when the program runs (it decides what is registered,
 * or is checked before anything is) but came as another resource's output: in TypeScript a
 * pulumi.Output, from another Pulumi language any value that depends on a resource.
 */
export const MUST_BE_KNOWN_FIX =
    "this setting must be known when the program runs (it is checked, and decides what is created, before anything is registered), but it is another resource's output: pass a plain value";

/** A Pulumi Output or a promise (duck-typed: this module does not load the SDK): known only later. */
export function isDeferred(value: unknown): boolean {
    if (typeof value !== "object" || value === null) return false;
    const candidate = value as { apply?: unknown; then?: unknown };
    return typeof candidate.apply === "function" || typeof candidate.then === "function";
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

/**
 * How a value appears in an error: JSON for data, `(not set)` when missing. A long value is cut to
 * `MAX_VALUE_CHARS` characters, saying how long it was, so that a 100 KB value cannot make a
 * 100 KB error; characters a terminal would not show (or would act on) are shown as escapes.
 */
export function showValue(value: unknown): string {
    if (value === undefined) return "(not set)";
    if (value === NESTED_TOO_DEEP) return `(nested more than ${MAX_NESTING} levels)`;
    if (isDeferred(value)) return "(an Output)";
    let json: string;
    try {
        json = JSON.stringify(value) ?? `(${typeof value})`;
    } catch {
        json = `(${typeof value})`;
    }
    const text = escapeInvisible(json);
    if (text.length <= MAX_VALUE_CHARS) return text;
    const length = typeof value === "string" ? `${value.length} characters` : `${json.length} characters of JSON`;
    return `${cut(text, MAX_VALUE_CHARS)}… (${length})`;
}

/** Text for one line of a message: invisible characters escaped, at most `max` characters. */
export function printable(text: string, max: number): string {
    const escaped = escapeInvisible(text);
    return escaped.length <= max ? escaped : `${cut(escaped, max)}…`;
}

/**
 * Control characters (C0, DEL, C1), format characters (bidirectional overrides, zero-width
 * characters, the soft hyphen) and line/paragraph separators: a terminal shows them not at all, or
 * acts on them.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

function escapeInvisible(text: string): string {
    return text.replace(INVISIBLE, (c) => `\\u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`);
}

/** The first `max` UTF-16 units, without splitting a surrogate pair. */
function cut(text: string, max: number): string {
    const head = text.slice(0, max);
    return /[\uD800-\uDBFF]$/.test(head) ? head.slice(0, -1) : head;
}

/**
 * Collects problems while validating, so that one run reports all of them.
 * `check` returns the parsed value, or undefined after recording the problem.
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

    /** Throws one ConfigError listing every problem, if there were any. */
    throwIfAny(subject?: string): void {
        if (this.found.length > 0) throw new ConfigError(this.found, subject);
    }
}

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
 * Words a setting's last part (`wandb-sso:existing.clientSecret`, `extra[0].apiToken`) ends with when it
 * holds a secret. Matched on the name without `_`/`-` and in any letter case.
 */
const SECRET_NAME = /(secret|password|passwd|passphrase|token|apikey|privatekey|credentials?)$/;

/** A yes/no value, which no secret is (`generateSecret: "yes"`). */
function isSwitch(value: unknown): boolean {
    return typeof value === "boolean" || (typeof value === "string" && /^(true|false|yes|no|on|off)$/i.test(value));
}

/** Whether a setting's own name (its last part) says it holds a secret. */
export function namesSecret(setting: string): boolean {
    const last = setting.split(/[.:]/).pop() ?? "";
    const name = last
        .replace(/\[\d*\]$/, "")
        .replace(/[-_]/g, "")
        .toLowerCase();
    // A switch about a secret (`generateSecret`, `rotateToken`) holds none.
    return SECRET_NAME.test(name) && !/^(generate|rotate|has|is|use|enable|disable|require)/.test(name);
}

/**
 * A problem of a secret value: `[secret]` for the value (unless it is not set), and a fix scrubbed
 * of the value and of every form the fix can have derived from it (see `scrubSecretFix`). No
 * suggestion: any suggestion for a secret is made from it.
 */
export function secretProblem(setting: string, value: unknown, fix: string, suggestion?: string): Problem {
    const texts = stringsIn(value);
    const derived = suggestion === undefined ? [] : [suggestion];
    return { setting, value: value === undefined ? undefined : SECRET_PLACEHOLDER, fix: scrubSecretFix(fix, texts, derived) };
}

/** The texts a value holds, at any depth (numbers of 4 digits or more too: a PIN is a secret). */
export function stringsIn(value: unknown): string[] {
    if (typeof value === "string") return value === SECRET_PLACEHOLDER ? [] : [value];
    if (typeof value === "number") return String(value).length >= 4 ? [String(value)] : [];
    if (Array.isArray(value)) return value.flatMap(stringsIn);
    if (typeof value === "object" && value !== null && !isDeferred(value)) return Object.values(value).flatMap(stringsIn);
    return [];
}

/** Runs of word characters this long are taken as parts of the secret wherever they appear. */
const MIN_RUN = 12;
/** Shorter texts are not scrubbed: they would garble the fix, and are no secret anyone keeps. */
const MIN_TEXT = 3;

/**
 * The fix with every occurrence of each text (in any letter case, JSON-escaped and percent-decoded,
 * as fixes quote values), and of each long word-like run inside them, replaced by `[secret]`.
 */
export function scrub(fix: string, texts: readonly string[]): string {
    const needles = new Set<string>();
    for (const text of texts) {
        for (const form of [text, text.trim(), JSON.stringify(text).slice(1, -1), percentDecoded(text)]) {
            if (form.length >= MIN_TEXT) needles.add(form);
        }
        for (const run of text.match(new RegExp(`[A-Za-z0-9_+=~-]{${MIN_RUN},}`, "g")) ?? []) needles.add(run);
    }
    let scrubbed = fix;
    for (const needle of [...needles].sort((a, b) => b.length - a.length)) {
        scrubbed = scrubbed.replace(new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"), SECRET_PLACEHOLDER);
    }
    return scrubbed;
}

function percentDecoded(text: string): string {
    try {
        return decodeURIComponent(text);
    } catch {
        return text;
    }
}

/**
 * What a fix can quote of a value it parsed, beyond the value itself: a quoted value (a corrected
 * URL), a URL or anything with `://` or `@`, a path (`/a/b`), a hostname as the URL parser reads it
 * (`xn--bcher-kva.example`, lower-cased, decoded).
 */
const DERIVED_FORMS = [
    /"(?:[^"\\]|\\.)*"/g,
    /[^\s()]*(?::\/\/|@)[^\s()]*/g,
    /(?<![\p{L}\p{N}'])\/[^\s()'"]+/gu,
    /[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[\p{L}\p{N}-]{2,}/gu,
];

/**
 * A secret's fix, scrubbed of the secret and of all the fix can have derived from it (see
 * `DERIVED_FORMS`): a fix under a secret says what is wrong, never which value would be right.
 */
export function scrubSecretFix(fix: string, texts: readonly string[], derived: readonly string[] = []): string {
    // Cut before the pattern scan, which could take quadratic time on a 100 KB run: a line shows
    // MAX_FIX_CHARS of it anyway.
    let scrubbed = scrub(fix, [...texts, ...derived]).slice(0, 4 * MAX_FIX_CHARS);
    if (texts.length === 0) return scrubbed;
    for (const form of DERIVED_FORMS) scrubbed = scrubbed.replace(form, SECRET_PLACEHOLDER);
    return scrubbed;
}

/** `scheme://userinfo@`: the credentials a URL carries. */
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]{0,31}:\/\/)([^/?#@\s]*)@/gi;

/** Whether a text may hold a URL's credentials (a cheap test before the pattern). */
const mayHoldCredentials = (text: string) => text.includes("@") && text.includes("://");

function credentialsIn(value: unknown): string[] {
    const found: string[] = [];
    for (const text of stringsIn(value).filter(mayHoldCredentials)) {
        for (const match of text.matchAll(URL_CREDENTIALS)) {
            const userinfo = match[2]!;
            if (userinfo === "") continue;
            found.push(userinfo, ...userinfo.split(":").filter((part) => part.length >= MIN_TEXT));
        }
    }
    return found;
}

function maskCredentials(value: unknown): unknown {
    if (typeof value === "string")
        return value.replace(URL_CREDENTIALS, (_, scheme: string, userinfo: string) =>
            userinfo === "" ? `${scheme}@` : `${scheme}${SECRET_PLACEHOLDER}@`,
        );
    if (Array.isArray(value)) return value.map(maskCredentials);
    if (typeof value === "object" && value !== null && !isDeferred(value)) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskCredentials(v)]));
    }
    return value;
}

/** The problem with a URL's credentials masked in its value and scrubbed from its fix and suggestion. */
function withoutCredentials(p: Problem): Problem {
    const credentials = credentialsIn(p.value);
    if (credentials.length === 0) return p;
    const suggestion = p.suggestion !== undefined && credentials.some((c) => p.suggestion!.includes(c)) ? undefined : p.suggestion;
    return withSuggestion({ setting: p.setting, value: maskCredentials(p.value), fix: scrub(p.fix, credentials) }, suggestion);
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

function withSuggestion<T extends object>(target: T, suggestion: string | undefined): T {
    if (suggestion !== undefined) Object.defineProperty(target, "suggestion", { value: suggestion, enumerable: false });
    return target;
}

/** The longest value a fix suggests: anything longer is not what the user meant. */
export const MAX_SUGGESTION_CHARS = 300;

let verifying = false;

/**
 * `candidate`, if `parse` accepts it: a fix never suggests a value its own parser would refuse.
 * While a suggestion is being checked, the parsers it runs do not check theirs in turn (only
 * whether they accept matters), so this never recurses more than once.
 */
export function acceptedSuggestion(parse: Parser<unknown>, candidate: string | undefined): string | undefined {
    if (candidate === undefined || candidate === "" || candidate.length > MAX_SUGGESTION_CHARS) return undefined;
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

/** Parses one component argument, throwing a ConfigError that names it if it is bad. */
export function requireValid<T>(subject: string, setting: string, value: unknown, parse: (value: unknown) => Parsed<T>): T {
    const result = parse(value);
    if ("fix" in result) throw new ConfigError([problem(setting, value, result.fix, result.suggestion)], subject);
    return result.value;
}

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
