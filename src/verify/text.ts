// Pure helpers for quoting untrusted text (IdP pages, error descriptions) safely in a report. (The
// secret's redaction is src/problems/redact.ts, the one redactor.)
import { oneLine } from "../problems/secretForms";

export { oneLine };

/**
 * Makes untrusted text fit for one report line: control characters (terminal escapes included)
 * become spaces, runs of whitespace collapse, and the result is cut to `max` characters.
 */
export function quote(text: string, max = 240): string {
    const clean = oneLine(text).trim();
    return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

export function decodeEntities(text: string): string {
    return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
        if (code[0] === "#") {
            const n = code[1] === "x" || code[1] === "X" ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
            return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole;
        }
        return ENTITIES[code.toLowerCase()] ?? whole;
    });
}

/** The visible text of an HTML page, one line per block, without scripts and styles. */
export function htmlToText(html: string): string {
    const withoutCode = html.replace(/<!--[\s\S]*?-->/g, " ").replace(/<(script|style|noscript|title)\b[\s\S]*?<\/\1\s*>/gi, " ");
    const inlineRemoved = withoutCode.replace(/<\/?(strong|b|em|i|span|code|a|small|u|font)\b[^>]*>/gi, "");
    return decodeEntities(inlineRemoved.replace(/<[^>]*>/g, "\n"))
        .split("\n")
        .map((l) => l.replace(/[ \t\r\f\v]+/g, " ").trim())
        .filter((l) => l !== "")
        .join("\n");
}

/** The `<title>` of an HTML page, if any. */
export function htmlTitle(html: string): string | undefined {
    const m = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(html);
    const title = m ? quote(decodeEntities(m[1]!), 120) : "";
    return title === "" ? undefined : title;
}

/** The `name`/`value` pairs of a page's `<input>` elements (for form_post answers). */
export function formInputs(html: string): Map<string, string> {
    const inputs = new Map<string, string>();
    for (const tag of html.match(/<input\b[^>]*>/gi) ?? []) {
        const attrs = new Map<string, string>();
        for (const m of tag.matchAll(/([a-z_:-]+)\s*=\s*("([^"]*)"|'([^']*)'|([^\s"'>]+))/gi)) {
            attrs.set(m[1]!.toLowerCase(), decodeEntities(m[3] ?? m[4] ?? m[5] ?? ""));
        }
        const name = attrs.get("name");
        if (name !== undefined && !inputs.has(name)) inputs.set(name, attrs.get("value") ?? "");
    }
    return inputs;
}
