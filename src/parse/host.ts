// The one rule for a hostname in any URL or origin wandb-sso takes (the W&B host, extra origins,
// issuers, org, tenant and Keycloak URLs): what DNS allows (RFC 1123 letters, digits and hyphens;
// labels of 1-63 characters; at most 253 in all), an IPv4 address in dotted decimal, or an IPv6
// literal in brackets; and written as the URL parser reads it. That last part matters because
// the values are passed on as written: the WHATWG URL parser accepts `*` and `,` in a hostname,
// percent-decodes it, maps Unicode look-alikes, drops soft hyphens and reads `0x7f.1` as
// 127.0.0.1, so the raw value can name another host than the parsed one. A ',' would also split
// W&B's comma-separated GORILLA_CORS_ORIGINS into several origins. Pure: no SDK import.
import { bad, said, suggest, type Parsed, type Parser } from "../problems";

/** DNS limits (RFC 1035 §2.3.4): a name of at most 253 characters, in labels of at most 63. */
export const MAX_HOSTNAME_CHARS = 253;
export const MAX_LABEL_CHARS = 63;

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const LABEL_CHARS = /^[a-z0-9-]+$/;

/** The fix for a ',' or '*' in a hostname. */
export const LIST_OR_WILDCARD_FIX =
    "a hostname has no ',' or '*' (W&B's lists are comma-separated, and a wildcard names no host): give each host in full, on its own";

/** Why a (parsed, lower-case) hostname is not one DNS could serve, or undefined when it is fine. */
export function hostnameFix(hostname: string): string | undefined {
    if (hostname.startsWith("[") || IPV4.test(hostname)) return undefined;
    if (/[,*]/.test(hostname)) return LIST_OR_WILDCARD_FIX;
    if (hostname.length > MAX_HOSTNAME_CHARS) return `a hostname is at most ${MAX_HOSTNAME_CHARS} characters (DNS)`;
    const labels = hostname.split(".");
    if (labels.some((label) => label === "")) return "a hostname has no empty labels: no '..', and no '.' at either end";
    if (!labels.every((label) => LABEL_CHARS.test(label))) {
        return "a hostname is letters, digits, '-' and '.' (DNS has no '_' or other characters in hostnames), e.g. wandb.example.com";
    }
    if (labels.some((label) => label.length > MAX_LABEL_CHARS)) {
        return `each label of a hostname (a part between dots) is at most ${MAX_LABEL_CHARS} characters (DNS)`;
    }
    if (labels.some((label) => label.startsWith("-") || label.endsWith("-"))) {
        return "a label of a hostname (a part between dots) does not start or end with '-'";
    }
    return undefined;
}

/**
 * The host as written in a `scheme://…` value, without credentials and port (`WandB.example.com`),
 * or undefined when the value does not start with `scheme://`.
 */
export function writtenHost(value: string): string | undefined {
    const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#\\]*)/i.exec(value)?.[1];
    if (authority === undefined) return undefined;
    const host = authority.slice(authority.lastIndexOf("@") + 1);
    if (host.startsWith("[")) return host.slice(0, host.indexOf("]") + 1) || host;
    const colon = host.indexOf(":");
    return colon < 0 ? host : host.slice(0, colon);
}

/** A `scheme://…` value's parts exactly as written, before the URL parser rewrites any of them. */
export interface WrittenUrl {
    /** Everything between `//` and the path, query or fragment: `user@WandB.example.com:0443`. */
    readonly authority: string;
    /** Whether the authority has an `@` (credentials, even empty ones: `https://@host`). */
    readonly hasUserinfo: boolean;
    /** The port as written after the host's `:` (`"0443"`, `""` for a bare `:`), or undefined when there is no `:`. */
    readonly port: string | undefined;
    /** The path as written, up to a query or fragment: `/a/../b`. */
    readonly path: string;
}

/** The parts of a `scheme://…` value as written, or undefined when it does not start with `scheme://`. */
export function writtenUrl(value: string): WrittenUrl | undefined {
    const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#\\]*)([^?#]*)/i.exec(value);
    if (match === null) return undefined;
    const authority = match[1]!;
    const at = authority.lastIndexOf("@");
    const hostPort = authority.slice(at + 1);
    const afterHost = hostPort.startsWith("[") ? hostPort.slice(hostPort.indexOf("]") + 1) : hostPort;
    const colon = afterHost.indexOf(":");
    return {
        authority,
        hasUserinfo: at >= 0,
        port: colon < 0 ? undefined : afterHost.slice(colon + 1),
        path: match[2]!,
    };
}

/**
 * Checks the host of a parsed http(s) URL against the value as written: the same host, written as
 * the parser reads it (letter case aside), and one DNS can serve. `parser` is the caller's whole
 * parser, which any suggestion must pass.
 */
export function checkUrlHost(value: string, url: URL, parser: Parser<unknown>): Parsed<never> | undefined {
    const written = writtenHost(value);
    if (written === undefined) {
        const rest = value.slice(url.protocol.length).replace(/^[\\/]*/, "");
        return suggest(
            parser,
            `${url.protocol}//${rest}`,
            (s) => `write the URL as ${url.protocol}//<host>…` + (s ? `: use ${JSON.stringify(s)}` : ""),
        );
    }
    if (/[,*]/.test(written)) return bad(LIST_OR_WILDCARD_FIX);
    // IPv6 literals too: the parser compresses them (`[0:0:0:0:0:0:0:1]` is `[::1]`).
    if (written.toLowerCase() !== url.hostname) {
        const candidate = value.replace(written, url.hostname);
        return suggest(
            parser,
            candidate,
            (s) =>
                `the URL parser reads this host ${said(`as ${url.hostname}`, "otherwise than written")}; write it that way (ASCII letters, digits, '-' and '.', an IPv4 address in dotted decimal, or an IPv6 address as the parser writes it)` +
                (s ? `: use ${JSON.stringify(s)}` : ""),
        );
    }
    const fix = hostnameFix(url.hostname);
    if (fix === undefined) return undefined;
    // A trailing dot is the one mistake with an obvious fix.
    const trimmed = url.hostname.endsWith(".") ? value.replace(written, written.replace(/\.+$/, "")) : undefined;
    return suggest(parser, trimmed, (s) => fix + (s ? `; use ${JSON.stringify(s)}` : ""));
}
