// Messages about bad input, readable and bounded whatever the input: every problem as one line
// (`setting = value: fix`), long values cut, invisible characters shown as escapes, and only so many
// problems listed. Pure.
import { MAX_FIX_CHARS, MAX_LISTED_PROBLEMS, MAX_MESSAGE_CHARS, MAX_SETTING_CHARS, MAX_VALUE_CHARS } from "./limits";
import { NESTED_TOO_DEEP, MAX_NESTING } from "./nesting";
import { isDeferred, withoutDeferred, type Problem } from "./parsed";
import { withoutCredentials } from "./redact";

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
    return `${printable(problem.setting, MAX_SETTING_CHARS)} = ${problemReason(problem)}`;
}

/** A problem without its setting, `value: fix`, bounded and without credentials or invisible characters. */
export function problemReason(problem: Problem): string {
    const safe = withoutCredentials(problem);
    return `${showValue(safe.value)}: ${printable(safe.fix, MAX_FIX_CHARS)}`;
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
        // An Output inside a list shows as (unknown), never as what its toJSON says (a warning text).
        json = JSON.stringify(withoutDeferred(value)) ?? `(${typeof value})`;
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
