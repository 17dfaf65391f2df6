// Keeping secrets out of messages about bad input: a value under a setting whose name says secret,
// or any value of a key set as secret, shows as `[secret]`, and its fix is scrubbed of the value and
// of every form the fix can have derived from it; the credentials of a URL are masked wherever they
// appear. Pure.
import { MAX_FIX_CHARS } from "./limits";
import { isDeferred, withSuggestion, type Problem } from "./parsed";

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
 * Words a setting's last part (`wandb-sso:existing.clientSecret`, `extra[0].apiToken`) ends with when it
 * holds a secret. Matched on the name without `_`/`-` and in any letter case.
 */
const SECRET_NAME = /(secret|password|passwd|passphrase|token|apikey|privatekey|credentials?)$/;

/** A yes/no value, which no secret is (`generateSecret: "yes"`). */
export function isSwitch(value: unknown): boolean {
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
export function withoutCredentials(p: Problem): Problem {
    const credentials = credentialsIn(p.value);
    if (credentials.length === 0) return p;
    const suggestion = p.suggestion !== undefined && credentials.some((c) => p.suggestion!.includes(c)) ? undefined : p.suggestion;
    return withSuggestion({ setting: p.setting, value: maskCredentials(p.value), fix: scrub(p.fix, credentials) }, suggestion);
}
