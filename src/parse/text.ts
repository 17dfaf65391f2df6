// Characters no setting of wandb-sso may hold, checked on the value exactly as given. Copied text
// brings them in (a tab, a trailing newline, a zero-width space, a bidirectional override), and
// the WHATWG URL parser silently drops some of them (tab and newline anywhere, C0 controls at
// either end), so a URL that looks valid once parsed can be passed on with them still inside.
// Pure: no SDK import.

/** Control characters: C0 (tab, newline, …), DEL and C1. */
const CONTROL = /[\p{Cc}]/u;
/**
 * Also invisible: format characters (bidirectional overrides, zero-width spaces and joiners, the
 * soft hyphen) and the line and paragraph separators. Refused in URLs, names and IDs, where none
 * belongs; display names may hold format characters (emoji sequences join with U+200D) but not the
 * bidirectional overrides that reorder what is shown.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const INVISIBLE_ALL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
const DISPLAY_REFUSED = /[\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069]/u;
const DISPLAY_REFUSED_ALL = /[\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069]/gu;

const NAMES: Readonly<Record<number, string>> = {
    0x09: "a tab",
    0x0a: "a newline",
    0x0d: "a carriage return",
    0x00: "a NUL character",
    0x7f: "a DEL character",
    0xad: "a soft hyphen",
    0x200b: "a zero-width space",
    0xfeff: "a byte-order mark",
};

/** An invisible character in a value, where it is, and the value without any. */
export interface InvisibleCharacter {
    /** `a tab (U+0009) at character 12`. */
    readonly description: string;
    /** The value with every such character removed (and trimmed). */
    readonly without: string;
}

function find(value: string, one: RegExp, all: RegExp): InvisibleCharacter | undefined {
    const match = one.exec(value);
    if (match === null) return undefined;
    const code = match[0].codePointAt(0)!;
    const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
    const kind = NAMES[code] ?? (CONTROL.test(match[0]) ? "a control character" : "an invisible character");
    return {
        description: `${kind} (${hex}) at character ${match.index + 1}`,
        without: value.replace(all, "").trim(),
    };
}

/** The first control, format or separator character in a URL, name or ID. */
export function findInvisible(value: string): InvisibleCharacter | undefined {
    return find(value, INVISIBLE, INVISIBLE_ALL);
}

/** The first character a display name may not hold: controls, separators, bidirectional overrides. */
export function findDisplayRefused(value: string): InvisibleCharacter | undefined {
    return find(value, DISPLAY_REFUSED, DISPLAY_REFUSED_ALL);
}

/** The fix for an invisible character: remove it (copied text brings them in). */
export function invisibleFix(found: InvisibleCharacter): string {
    return `remove ${found.description}, which copied text can bring in`;
}
