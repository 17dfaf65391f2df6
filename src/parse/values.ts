// Parsers for the shapes Pulumi stack config takes. Pulumi hands every value to the program as a
// string (objects and lists as JSON), so each parser accepts that form and the plain one.
import { bad, ok, type Parsed, type Problems } from "../problems";

export function parseBoolean(value: unknown): Parsed<boolean> {
    if (typeof value === "boolean") return ok(value);
    if (value === "true" || value === "false") return ok(value === "true");
    return bad("use true or false");
}

export function parseOptionalBoolean(fallback: boolean): (value: unknown) => Parsed<boolean> {
    return (value) => (value === undefined ? ok(fallback) : parseBoolean(value));
}

export function parseStringList(value: unknown): Parsed<string[]> {
    const list = typeof value === "string" ? tryJson(value) : value;
    if (Array.isArray(list) && list.every((item) => typeof item === "string" && item !== "")) return ok(list);
    return bad('use a list of strings, e.g. ["a", "b"]');
}

/**
 * A structured config key (`wandb-sso:cognito`): an object, given as JSON by Pulumi. Each unknown
 * field is a problem of its own (`wandb-sso:cognito.userPoolID`), and the known ones are still
 * returned so that their problems are reported in the same run.
 */
export function readObject(
    value: unknown,
    known: readonly string[],
    problems: Problems,
    setting: string,
    /** Fields not reported as unknown, nor listed: ones the caller refuses with a reason of its own. */
    refused: readonly string[] = [],
): Record<string, unknown> | undefined {
    if (value === undefined) return {};
    const object = typeof value === "string" ? tryJson(value) : value;
    if (typeof object !== "object" || object === null || Array.isArray(object)) {
        problems.add(setting, object, `use an object with the fields ${known.join(", ")}`);
        return undefined;
    }
    for (const field of Object.keys(object)) {
        // Nobody reads it: its value is never shown (it may be a secret typed into the wrong field).
        if (!known.includes(field) && !refused.includes(field))
            problems.addUnread(
                `${setting}.${field}`,
                (object as Record<string, unknown>)[field],
                `unknown field; the fields are ${known.join(", ")}`,
            );
    }
    return object as Record<string, unknown>;
}

/**
 * A component's arguments against the ones it takes: each unknown one is a problem of its own
 * (another Pulumi language's program sends whatever it is given, so `local_restore` or
 * `clientSecrets` would otherwise change nothing without a word), naming the known ones, and the
 * one meant when it differs only in letter case, `_` or `-`.
 */
export function refuseUnknownArgs(
    args: object,
    known: readonly string[],
    problems: Problems,
    at: (field: string) => string,
    /** Arguments not reported as unknown, nor listed: ones the caller refuses with a reason of its own. */
    refused: readonly string[] = [],
): void {
    const plain = (name: string) => name.replace(/[-_]/g, "").toLowerCase();
    for (const [field, value] of Object.entries(args)) {
        if (value === undefined || known.includes(field) || refused.includes(field)) continue;
        const meant = known.find((name) => plain(name) === plain(field));
        problems.addUnread(
            at(field),
            value,
            meant === undefined ? `unknown argument; the arguments are ${known.join(", ")}` : `unknown argument; use ${meant}`,
        );
    }
}

function tryJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

/**
 * Provider settings known before anything is registered (`aws:region`, `azuread:tenantId`), which
 * an IdP's validator compares its own settings with: full keys to values, and which of them are
 * secret. Absent (undefined) when they are not known: a component given an explicit provider.
 */
export interface ProviderSettings {
    readonly values: Readonly<Record<string, string>>;
    readonly secretKeys: ReadonlySet<string>;
}

export { isDeferred } from "../problems";

/** A Pulumi Output (duck-typed, so that pure rules need not load the SDK): the only carrier of a secret mark. */
export function isOutputLike(value: unknown): boolean {
    return typeof value === "object" && value !== null && typeof (value as { apply?: unknown }).apply === "function";
}

/**
 * The field names of an IdP's stack object, checked against its settings type at compile time: a
 * field added to the settings but not listed here (or listed but not a setting) does not compile.
 */
export function fieldsOf<Settings>() {
    return <const Fields extends readonly (keyof Settings & string)[]>(
        fields: Fields & ([Exclude<keyof Settings, Fields[number]>] extends [never] ? unknown : never),
    ): Fields => fields;
}
