// Valid W&B hosts for property tests, up to the longest the host parser accepts: https, a hostname of
// up to 253 characters in labels of up to 63 (RFC 1035 §2.3.4, src/parse/host.ts), and a port.
import fc from "fast-check";
import { parseHost } from "../../src/parse/oidc";

/** The longest hostname DNS (and the host parser) allows, and the longest base URL: `https://` + it + `:65535`. */
export const MAX_HOSTNAME_CHARS = 253;
export const MAX_HOST_URL_CHARS = "https://".length + MAX_HOSTNAME_CHARS + ":65535".length;

const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

/**
 * A hostname of exactly `length` characters (1-253): labels of up to 63 characters between dots,
 * each starting and ending with a letter or digit; the last label starts with a letter (a numeric
 * one would make the URL parser read an IPv4 address). `seed` picks the characters and label sizes.
 */
function hostnameOfLength(length: number, seed: readonly number[]): string {
    const labels: string[] = [];
    let left = length;
    let i = 0;
    const next = () => seed[i++ % seed.length]!;
    while (left > 0) {
        // A label, then a dot when more follows; never leave a single character for a last label after a dot.
        let size = Math.min(left, 1 + (next() % 63));
        if (left - size === 1) size = Math.max(1, size - 1);
        labels.push(
            Array.from({ length: size }, (_, k) => {
                const c = ALNUM[next() % ALNUM.length]!;
                // Hyphens only inside, and never at the third and fourth character (`xn--` is punycode).
                return k < 4 || k === size - 1 || next() % 5 !== 0 ? c : "-";
            }).join(""),
        );
        left -= size;
        if (left > 0) left -= 1; // the dot
    }
    const last = labels.length - 1;
    labels[last] = `w${labels[last]!.slice(1)}`;
    return labels.join(".");
}

/** A valid W&B host (normalised as the parser returns it), of any length up to MAX_HOST_URL_CHARS. */
export const validHost: fc.Arbitrary<string> = fc
    .record({
        length: fc.oneof(fc.integer({ min: 1, max: MAX_HOSTNAME_CHARS }), fc.integer({ min: 200, max: MAX_HOSTNAME_CHARS })),
        seed: fc.array(fc.nat({ max: 10_000 }), { minLength: 8, maxLength: 64 }),
        port: fc.oneof(
            fc.constant(""),
            fc.integer({ min: 1, max: 65535 }).map((p) => (p === 443 ? "" : `:${p}`)),
            fc.constant(":65535"),
        ),
    })
    .map(({ length, seed, port }) => `https://${hostnameOfLength(length, seed)}${port}`)
    .map((host) => {
        const parsed = parseHost(host);
        if (!("value" in parsed)) throw new Error(`the generator made a host the parser refuses: ${host}: ${parsed.fix}`);
        return parsed.value;
    });

/** The longest valid host: a 253-character hostname and the port 65535. */
export const LONGEST_HOST = `https://${hostnameOfLength(MAX_HOSTNAME_CHARS, [7, 11, 13, 17, 19, 23])}:65535`;

/** A valid host of exactly `chars` characters (https, no port), from 10 to 261. */
export function hostOfLength(chars: number): string {
    const host = `https://${hostnameOfLength(chars - "https://".length, [5, 9, 14, 3, 27])}`;
    if (host.length !== chars || !("value" in parseHost(host))) throw new Error(`hostOfLength(${chars}) made ${host}`);
    return host;
}
