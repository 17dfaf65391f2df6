// Secret-aware problems: a stack key set as a secret (`pulumi config set --secret`, or a `secure:`
// value anywhere inside it) reaches the program decrypted under `pulumi up`, so nothing found under
// it, at any depth, may show its value. Each problem under such a key shows `[secret]` for the
// value, and its fix is scrubbed of the value and of anything the fix derived from it (the
// suggestion, and the long word-like runs a URL parser could have copied out of it). Pure.
import { NESTED_TOO_DEEP, nestedTooDeepFix, problem, SECRET_PLACEHOLDER, type Problem } from "../problems";

/** Which keys are secret: bare keys of this project (`existing`), and full keys of other namespaces. */
export interface SecretKeys {
    readonly namespace: string;
    readonly bare: ReadonlySet<string>;
    readonly full: ReadonlySet<string>;
}

/** Whether a problem's setting (`wandb-sso:existing.clientId`, `wandb_sso:host`) lies under a secret key. */
export function isUnderSecret(setting: string, keys: SecretKeys): boolean {
    const prefix = `${keys.namespace}:`;
    const [set, name] = setting.startsWith(prefix) ? [keys.bare, setting.slice(prefix.length)] : [keys.full, setting];
    if (set.has(name)) return true;
    const top = /^[^.[]*/.exec(name)![0];
    return set.has(top);
}

/** The problems, with every one under a secret key shown as `[secret]` and its fix scrubbed. */
export function hideSecrets(problems: readonly Problem[], keys: SecretKeys): Problem[] {
    return problems.map((p) => (isUnderSecret(p.setting, keys) ? hidden(p) : p));
}

function hidden(p: Problem): Problem {
    // The path into a value nested too deep is made of its keys: under a secret, only the setting.
    if (p.value === NESTED_TOO_DEEP) return problem(p.setting, SECRET_PLACEHOLDER, nestedTooDeepFix(p.setting));
    const values = stringsIn(p.value);
    const { suggestion } = p;
    // A suggestion made from the value (trimmed, lower-cased, cleaned) is scrubbed with it; one of
    // the parser's own examples shares nothing with it and stays readable.
    const derived = suggestion !== undefined && values.some((v) => sharesRun(v, suggestion, 4)) ? [suggestion] : [];
    return problem(p.setting, p.value === undefined ? undefined : SECRET_PLACEHOLDER, scrub(p.fix, [...values, ...derived]));
}

/** Whether two texts share a run of `n` letters or digits (in any case, ignoring other characters). */
function sharesRun(a: string, b: string, n: number): boolean {
    const plain = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
    const [x, y] = [plain(a), plain(b)];
    const runs = new Set<string>();
    for (let i = 0; i + n <= y.length; i++) runs.add(y.slice(i, i + n));
    for (let i = 0; i + n <= x.length; i++) if (runs.has(x.slice(i, i + n))) return true;
    return false;
}

/** The texts a value holds, at any depth (numbers of 4 digits or more too: a PIN is a secret). */
function stringsIn(value: unknown): string[] {
    if (typeof value === "string") return value === SECRET_PLACEHOLDER ? [] : [value];
    if (typeof value === "number") return String(value).length >= 4 ? [String(value)] : [];
    if (Array.isArray(value)) return value.flatMap(stringsIn);
    if (typeof value === "object" && value !== null) return Object.values(value).flatMap(stringsIn);
    return [];
}

/** Runs of word characters this long are taken as parts of the secret wherever they appear. */
const MIN_RUN = 12;
/** Shorter texts are not scrubbed: they would garble the fix, and are no secret anyone keeps. */
const MIN_TEXT = 3;

/**
 * The fix with every occurrence of each text (in any letter case, and JSON-escaped, as fixes quote
 * values), and of each long word-like run inside them, replaced by `[secret]`.
 */
export function scrub(fix: string, texts: readonly string[]): string {
    const needles = new Set<string>();
    for (const text of texts) {
        for (const form of [text, text.trim(), JSON.stringify(text).slice(1, -1)]) if (form.length >= MIN_TEXT) needles.add(form);
        for (const run of text.match(new RegExp(`[A-Za-z0-9_+=~-]{${MIN_RUN},}`, "g")) ?? []) needles.add(run);
    }
    let scrubbed = fix;
    for (const needle of [...needles].sort((a, b) => b.length - a.length)) {
        scrubbed = scrubbed.replace(new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"), SECRET_PLACEHOLDER);
    }
    return scrubbed;
}
