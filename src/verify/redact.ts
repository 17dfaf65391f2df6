// Pure redaction of a client secret from text the command prints or throws: every form of it that
// secretForms.ts derives is hidden, wherever the forms overlap.
import { secretForms } from "./secretForms";

const MARKER = "[redacted]";

/** The [start, end) spans of text covered by an occurrence of any form, merged and in order. */
function coveredSpans(text: string, forms: readonly string[]): [number, number][] {
    const spans: [number, number][] = [];
    for (const form of forms) {
        // Every occurrence, overlapping ones included: hiding only the first of two overlapping
        // occurrences would leave the tail of the second.
        for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + 1)) spans.push([at, at + form.length]);
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

/**
 * Replaces every form of each secret (see `secretForms`: the text, its percent, form, JSON
 * and base64 encodings, and with `clientId` the whole HTTP Basic credentials) with `[redacted]`.
 * Secrets shorter than 4 characters are left alone: they would match ordinary text, and no real
 * client secret is that short. Should the marker itself rebuild a form with its neighbours (a
 * secret like `d]ab`), a marker made of a character no form contains is used instead: the pieces
 * left between markers contain no whole form, and no form can span such a marker.
 */
export function redact(text: string, secrets: readonly (string | undefined)[], clientId?: string): string {
    const forms = [...new Set(secrets.flatMap((s) => (s === undefined ? [] : secretForms(s, clientId))))];
    if (forms.length === 0) return text;
    const spans = coveredSpans(text, forms);
    if (spans.length === 0) return text;
    const pieces: string[] = [];
    let from = 0;
    for (const [start, end] of spans) {
        pieces.push(text.slice(from, start));
        from = end;
    }
    pieces.push(text.slice(from));
    const out = pieces.join(MARKER);
    if (!forms.some((f) => out.includes(f))) return out;
    let code = 0x2588; // █, then onward until a character no form contains
    while (forms.some((f) => f.includes(String.fromCodePoint(code)))) code += 1;
    return pieces.join(String.fromCodePoint(code).repeat(3));
}
