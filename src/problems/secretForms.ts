// Pure derivation of every form in which a secret could come back in a text, so that redaction
// (./redact.ts) can hide each: as sent (form-encoded in a body, inside HTTP Basic credentials), as an
// IdP might re-encode it (percent-encoded or decoded, base64, base64url), and as messages write text
// (JSON escapes, control characters turned into spaces).

/** Control characters (terminal escapes included) become spaces and runs of whitespace collapse. */
export function oneLine(text: string): string {
    // \p{Cc} is U+0000–U+001F and U+007F–U+009F.
    return text.replace(/[\p{Cc}\u2028\u2029]/gu, " ").replace(/\s+/g, " ");
}

/** Forms shorter than this are not hidden: they would match ordinary text (and no real secret is this short). */
export const MIN_SECRET_LENGTH = 4;

/** encodeURIComponent, or undefined for text it cannot encode (a lone surrogate). */
function percentEncoded(text: string): string | undefined {
    try {
        return encodeURIComponent(text);
    } catch {
        return undefined;
    }
}

/** The text with its percent escapes decoded (a value a URL parser decoded), or as it is when they are not valid. */
function percentDecoded(text: string): string {
    try {
        return decodeURIComponent(text);
    } catch {
        return text;
    }
}

/** The form encoding of OAuth client credentials (RFC 6749 §2.3.1, as token.ts basicAuthorization sends them). */
function plusEncoded(text: string): string | undefined {
    return percentEncoded(text)?.replace(/%20/g, "+");
}

/** application/x-www-form-urlencoded as URLSearchParams writes it (client_secret_post bodies): it escapes more than encodeURIComponent. */
function searchParamsEncoded(text: string): string {
    return new URLSearchParams([["x", text]]).toString().slice("x=".length);
}

/** Percent escapes with lower-case hex digits, which some servers write. */
function lowerHex(text: string): string {
    return text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
}

/** How JSON.stringify writes the text inside a string (the --json report). */
function jsonEscaped(text: string): string {
    return JSON.stringify(text).slice(1, -1);
}

/**
 * The base64 characters that encode `bytes` and nothing else, when `bytes` follow `offset` (0, 1 or
 * 2) other bytes inside a longer base64 text. Base64 packs 3 bytes into 4 characters, so where the
 * secret starts decides its characters; the partial characters at either edge, which mix in the
 * neighbouring bytes, are left out. Together the three offsets cover every position.
 */
export function base64Core(bytes: Uint8Array, offset: 0 | 1 | 2, alphabet: "base64" | "base64url"): string {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString(alphabet);
    const start = Math.ceil((8 * offset) / 6);
    const end = Math.floor((8 * (offset + bytes.length)) / 6);
    return encoded.slice(start, end);
}

const OFFSETS = [0, 1, 2] as const;
const ALPHABETS = ["base64", "base64url"] as const;

/**
 * Every form of `secret` to hide: the text itself, its percent and form encodings (upper- and
 * lower-case hex, and encoded twice) and its percent-decoded form, its JSON and one-line (`oneLine`) forms, and the
 * base64 and base64url of the text and of each encoding at every alignment, which catches it
 * inside a longer base64 text such as an echoed `Authorization: Basic …` header. With `clientId`,
 * the whole Basic credentials too. Empty for a secret shorter than `MIN_SECRET_LENGTH`.
 */
export function secretForms(secret: string, clientId?: string): string[] {
    if (secret.length < MIN_SECRET_LENGTH) return [];
    const percent = percentEncoded(secret);
    const plus = plusEncoded(secret);
    const searchParams = searchParamsEncoded(secret);
    // The texts that travel (or could): the secret and the encodings a body or header carries.
    const sent = [secret, percent, plus, searchParams].filter((t): t is string => t !== undefined);
    const texts = [...new Set([...sent, ...sent.map(lowerHex)])];
    const forms = [
        ...texts,
        ...(percent !== undefined ? [percentEncoded(percent)] : []),
        percentDecoded(secret),
        jsonEscaped(secret),
        oneLine(secret),
        oneLine(secret).trim(),
    ];
    for (const text of texts) {
        const bytes = Buffer.from(text, "utf8");
        for (const alphabet of ALPHABETS) for (const offset of OFFSETS) forms.push(base64Core(bytes, offset, alphabet));
    }
    if (clientId !== undefined) {
        const id = { raw: clientId, percent: percentEncoded(clientId), plus: plusEncoded(clientId) };
        const credentials = [
            `${id.raw}:${secret}`,
            id.percent !== undefined && percent !== undefined ? `${id.percent}:${percent}` : undefined,
            id.plus !== undefined && plus !== undefined ? `${id.plus}:${plus}` : undefined,
        ];
        for (const pair of credentials) {
            if (pair === undefined) continue;
            for (const alphabet of ALPHABETS) forms.push(Buffer.from(pair, "utf8").toString(alphabet));
        }
    }
    return [...new Set(forms)].filter((f): f is string => f !== undefined && f.length >= MIN_SECRET_LENGTH);
}
