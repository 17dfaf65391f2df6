// The test oracle for redaction, written apart from src/problems/secretForms.ts so that the tests do
// not grade the code by its own rules: the encodings come from the platform (encodeURIComponent,
// URLSearchParams, Buffer), and base64 is found by decoding the text, not by matching known strings.

/** The ways a secret travels or could be echoed as text, by name. */
export function textEncodings(secret: string): Record<string, string> {
    const percent = encodeURIComponent(secret);
    return {
        raw: secret,
        percent,
        "percent (lower-case hex)": percent.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
        "form (+ for space)": percent.replace(/%20/g, "+"),
        "form (URLSearchParams)": new URLSearchParams([["x", secret]]).toString().slice(2),
    };
}

/**
 * The names of the forms of `secret` found in `text`: each text encoding as is, and, inside any
 * run of base64 (or base64url) characters decoded at each of its four alignments, the bytes of
 * any text encoding. Empty when nothing leaks.
 */
export function leaks(text: string, secret: string): string[] {
    const found = new Set<string>();
    const encodings = Object.entries(textEncodings(secret));
    for (const [name, encoded] of encodings) if (text.includes(encoded)) found.add(name);
    for (const run of text.match(/[A-Za-z0-9+/_-]+/g) ?? []) {
        for (let offset = 0; offset < 4; offset++) {
            // Node's base64 decoder reads the base64url alphabet too.
            const bytes = Buffer.from(run.slice(offset), "base64");
            for (const [name, encoded] of encodings) if (bytes.includes(Buffer.from(encoded, "utf8"))) found.add(`base64 of ${name}`);
        }
    }
    return [...found];
}
