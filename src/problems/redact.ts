// Keeping secrets out of messages: the one redactor (`redact`, one marker, `[secret]`), which the
// verify command runs over everything it prints with the client secret, and the rules for problems
// about bad input: a value under a setting whose name says secret, or any value of a key set as
// secret, shows as `[secret]`, and its fix is built without it (`withheld` in ./parsed.ts); the
// credentials of a URL are masked wherever they appear. Pure: no SDK (verify uses it).
import { isDeferred, withSuggestion, type Problem } from "./parsed";
import { secretForms } from "./secretForms";

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
 * The fix for a client secret that is a secret but not text, or undefined when it is text: advice
 * that fits what it is (no value, an empty string, a number, a list or object), never its value.
 */
export function wrongSecretTypeFix(secret: unknown, what = "this secret"): string | undefined {
    if (typeof secret === "string" && secret !== "") return undefined;
    if (secret === undefined || secret === null || secret === "")
        return `${what} has no value (the IdP issued no client secret); leave the setting out`;
    const kind =
        typeof secret === "number"
            ? "a number"
            : typeof secret === "boolean"
              ? "true or false"
              : Array.isArray(secret)
                ? "a list"
                : `${typeof secret === "object" ? "an object" : `a ${typeof secret}`}`;
    return `${what} is ${kind}, not the text of a client secret: pass the secret the IdP issued as a string (a YAML or JSON number loses its leading zeros and digits past 15: quote it)`;
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
 * A problem of a secret value: `[secret]` for the value (unless it is not set), and no suggestion
 * (any suggestion for a secret is made from it). A parser's fix under a secret is built without the
 * value (see `withheld`), so it is kept as it is: scrubbing it would garble its words wherever they
 * happen to match the secret. A fix built by hand (`built: "by hand"`) may have quoted the value: it
 * is scrubbed.
 */
export function secretProblem(setting: string, value: unknown, fix: string, built: "withheld" | "by hand" = "by hand"): Problem {
    const shownFix = built === "withheld" ? fix : scrub(fix, stringsIn(value));
    return { setting, value: value === undefined ? undefined : SECRET_PLACEHOLDER, fix: shownFix };
}

/** The texts a value holds, at any depth (numbers of 4 digits or more too: a PIN is a secret). */
export function stringsIn(value: unknown): string[] {
    if (typeof value === "string") return value === SECRET_PLACEHOLDER ? [] : [value];
    if (typeof value === "number") return String(value).length >= 4 ? [String(value)] : [];
    if (Array.isArray(value)) return value.flatMap(stringsIn);
    if (typeof value === "object" && value !== null && !isDeferred(value)) return Object.values(value).flatMap(stringsIn);
    return [];
}

/** Runs of word characters this long are taken as parts of the secret wherever they appear (with `runs`). */
const MIN_RUN = 12;

export interface RedactOptions {
    /** The client ID: the whole HTTP Basic credentials (`id:secret`, base64) are hidden too. */
    readonly clientId?: string;
    /** Match in any letter case (a URL parser lower-cases the host it copied a value into). */
    readonly ignoreCase?: boolean;
    /** Also hide each run of 12 or more word characters of a secret, wherever it appears. */
    readonly runs?: boolean;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The [start, end) spans of text covered by an occurrence of any form, merged and in order. */
function coveredSpans(text: string, forms: readonly string[], ignoreCase: boolean): [number, number][] {
    const spans: [number, number][] = [];
    for (const form of forms) {
        // Every occurrence, overlapping ones included: hiding only the first of two overlapping
        // occurrences would leave the tail of the second.
        if (!ignoreCase) {
            for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + 1)) spans.push([at, at + form.length]);
            continue;
        }
        // Without the u flag: lastIndex may then point inside a surrogate pair without being moved back.
        const pattern = new RegExp(escapeRegExp(form), "gi");
        for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
            spans.push([match.index, match.index + match[0].length]);
            pattern.lastIndex = match.index + 1;
        }
    }
    spans.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const [start, end] of spans) {
        const last = merged[merged.length - 1];
        if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
        else merged.push([start, end]);
    }
    return merged;
}

const contains = (text: string, form: string, ignoreCase: boolean) =>
    ignoreCase ? new RegExp(escapeRegExp(form), "i").test(text) : text.includes(form);

/**
 * The one redactor: replaces every form of each secret (see `secretForms`: the text, its percent,
 * form, JSON, one-line and base64 encodings, and with a client ID the whole HTTP Basic
 * credentials) with `[secret]`, wherever the forms overlap. Secrets shorter than 4 characters are
 * left alone: they would match ordinary text, and no real secret is that short. Should the marker
 * itself rebuild a form with its neighbours (a secret like `d]ab`), a marker made of a character no
 * form contains is used instead: the pieces left between markers contain no whole form, and no form
 * can span such a marker. The verify command hides the client secret in what it prints with it;
 * a problem under a secret hides the value in a fix that quoted it (`scrub`).
 */
export function redact(text: string, secrets: readonly (string | undefined)[], options: RedactOptions = {}): string {
    const ignoreCase = options.ignoreCase === true;
    const forms = [
        ...new Set(
            secrets.flatMap((s) => {
                if (s === undefined) return [];
                const runs = options.runs ? (s.match(new RegExp(`[A-Za-z0-9_+=~-]{${MIN_RUN},}`, "g")) ?? []) : [];
                return [...secretForms(s, options.clientId), ...runs];
            }),
        ),
    ];
    if (forms.length === 0) return text;
    const spans = coveredSpans(text, forms, ignoreCase);
    if (spans.length === 0) return text;
    const pieces: string[] = [];
    let from = 0;
    for (const [start, end] of spans) {
        pieces.push(text.slice(from, start));
        from = end;
    }
    pieces.push(text.slice(from));
    const out = pieces.join(SECRET_PLACEHOLDER);
    if (!forms.some((f) => contains(out, f, ignoreCase))) return out;
    let code = 0x2588; // █, then onward until a character no form contains
    while (forms.some((f) => contains(f, String.fromCodePoint(code), ignoreCase))) code += 1;
    return pieces.join(String.fromCodePoint(code).repeat(3));
}

/**
 * A fix with every form of each text (in any letter case, and each long word-like run inside them)
 * hidden: the guard for a fix a validator wrote by hand under a secret, which may have quoted it.
 */
export function scrub(fix: string, texts: readonly string[]): string {
    return redact(fix, texts, { ignoreCase: true, runs: true });
}

/** `scheme://userinfo@`: the credentials a URL carries. */
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]{0,31}:\/\/)([^/?#@\s]*)@/gi;

/** `value` with the credentials of every URL in it masked (`https://[secret]@host`), at any depth. */
export function withoutUrlCredentials<T>(value: T): T {
    return maskCredentials(value) as T;
}

/** Whether a text may hold a URL's credentials (a cheap test before the pattern). */
const mayHoldCredentials = (text: string) => text.includes("@") && text.includes("://");

function credentialsIn(value: unknown): string[] {
    const found: string[] = [];
    for (const text of stringsIn(value).filter(mayHoldCredentials)) {
        for (const match of text.matchAll(URL_CREDENTIALS)) {
            const userinfo = match[2]!;
            if (userinfo === "") continue;
            found.push(userinfo, ...userinfo.split(":"));
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
    return withSuggestion(
        { setting: p.setting, value: maskCredentials(p.value), fix: redact(maskCredentials(p.fix) as string, credentials) },
        suggestion,
    );
}
