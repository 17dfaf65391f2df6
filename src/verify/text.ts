// Pure helpers for quoting untrusted text (IdP pages, error descriptions) safely in a report.

/**
 * Makes untrusted text fit for one report line: control characters (terminal escapes included)
 * become spaces, runs of whitespace collapse, and the result is cut to `max` characters.
 */
export function quote(text: string, max = 240): string {
    const clean = text
        .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ")
        .replace(/\s+/g, " ")
        .trim();
    return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/**
 * Replaces every occurrence of each secret with `[redacted]`. Secrets shorter than 4 characters
 * are left alone: they would match ordinary text, and no real client secret is that short. Should
 * the marker itself rebuild the secret with its neighbours (a secret like `d]ab`), a marker made of
 * a character the secret lacks is used instead: split pieces never contain the secret, and no match
 * can span such a marker.
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
    let out = text;
    for (const secret of secrets) {
        if (secret === undefined || secret.length < 4) continue;
        const pieces = out.split(secret);
        out = pieces.join("[redacted]");
        if (out.includes(secret)) {
            let code = 0x2588; // █, then onward until a character the secret lacks
            while (secret.includes(String.fromCodePoint(code))) code += 1;
            out = pieces.join(String.fromCodePoint(code).repeat(3));
        }
    }
    return out;
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
