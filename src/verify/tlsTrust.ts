// What verify trusts over TLS, and what it says when a certificate fails. It trusts the roots node
// trusts by default plus the CA certificates given (`wandb-sso:caCerts`, `--ca-file`), and nothing
// else: certificates are always checked, chain and name, by node's TLS (OpenSSL), never turned off.
//
// When a request fails on the IdP's certificate, the message names what failed (an unknown
// authority, a name the certificate does not hold, an expired certificate) and the issuer of the
// certificate the server presented. node drops the peer's certificate once the handshake is
// refused (lib/_tls_wrap.js onConnectSecure destroys the socket with the verify error), so the
// certificate is read by a second handshake to the same checked address that only looks at it:
// nothing is sent over it, it is closed as soon as the handshake ends, and its result changes no
// verdict (the request has failed already); it only names the certificate in the message.
import { connect, rootCertificates, type PeerCertificate } from "node:tls";
import * as tls from "node:tls";
import type { LookupFunction } from "node:net";
import { oneLineName } from "../parse/caCerts";

/** The CA certificates (PEM) a run trusts besides node's default roots. */
export interface TlsTrust {
    readonly caCerts: readonly string[];
}

/**
 * node's default roots (its bundled Mozilla store, with NODE_EXTRA_CA_CERTS and the system store
 * when node is told to use them: tls.getCACertificates("default"), node 22.15 and later; the bundled
 * store, tls.rootCertificates, before) plus the given certificates: what `ca` must hold for a
 * connection to trust both, since `ca` replaces the default list.
 */
export function trustedCas(trust: TlsTrust): string[] | undefined {
    if (trust.caCerts.length === 0) return undefined;
    const getDefault = (tls as { getCACertificates?: (type: "default") => string[] }).getCACertificates;
    const defaults = getDefault ? getDefault("default") : [...rootCertificates];
    return [...defaults, ...trust.caCerts];
}

/** What failed in a certificate check, from OpenSSL's and node's error codes. */
export type TlsFailureKind = "unknown-authority" | "name-mismatch" | "expired" | "not-yet-valid" | "other";

const UNKNOWN_AUTHORITY = new Set([
    "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
    "UNABLE_TO_GET_ISSUER_CERT",
    "SELF_SIGNED_CERT_IN_CHAIN",
    "DEPTH_ZERO_SELF_SIGNED_CERT",
    "CERT_UNTRUSTED",
    "CERT_SIGNATURE_FAILURE",
]);

/** The kind of a TLS error code, or undefined when the code is not a certificate check's. */
export function tlsFailureKind(code: string | undefined): TlsFailureKind | undefined {
    if (code === undefined) return undefined;
    if (UNKNOWN_AUTHORITY.has(code)) return "unknown-authority";
    if (code === "ERR_TLS_CERT_ALTNAME_INVALID" || code === "HOSTNAME_MISMATCH") return "name-mismatch";
    if (code === "CERT_HAS_EXPIRED") return "expired";
    if (code === "CERT_NOT_YET_VALID") return "not-yet-valid";
    if (/CERT|SSL|TLS|UNABLE_TO_VERIFY|SIGNATURE/i.test(code)) return "other";
    return undefined;
}

/** The certificate a server presented, as the message names it. */
export interface PresentedCertificate {
    readonly subject: string;
    readonly issuer: string;
    readonly validFrom: string;
    readonly validTo: string;
    /** `DNS:idp.example.com, IP Address:127.0.0.1`, as OpenSSL lists them; empty when none. */
    readonly subjectAltName: string;
}

/** A distinguished name as node gives it (an object of fields), on one line: `CN=…, O=…`. */
function dn(name: PeerCertificate["subject"] | undefined): string {
    if (!name) return "";
    const text = Object.entries(name)
        .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join("+") : String(v)}`)
        .join("\n");
    return oneLineName(text);
}

/**
 * The certificate the server at `url` presents, by a handshake that only reads it (see above), to
 * the address `lookup` answers (the checked one); undefined when none could be read in `timeoutMs`.
 */
export function presentedCertificate(
    url: URL,
    lookup: LookupFunction | undefined,
    timeoutMs: number,
): Promise<PresentedCertificate | undefined> {
    return new Promise((resolve) => {
        const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
        const literal = /^[\d.]+$/.test(host) || host.includes(":");
        let done = false;
        const finish = (value: PresentedCertificate | undefined) => {
            if (done) return;
            done = true;
            clearTimeout(timer);
            socket.destroy();
            resolve(value);
        };
        const socket = connect({
            host,
            port: Number(url.port || 443),
            ...(literal ? {} : { servername: host }),
            ...(lookup && { lookup }),
            // This handshake decides nothing: it reads the certificate the refused one was given.
            rejectUnauthorized: false,
        });
        const timer = setTimeout(() => finish(undefined), timeoutMs);
        socket.once("secureConnect", () => {
            const cert = socket.getPeerCertificate();
            finish(
                cert && Object.keys(cert).length > 0
                    ? {
                          subject: dn(cert.subject),
                          issuer: dn(cert.issuer),
                          validFrom: cert.valid_from,
                          validTo: cert.valid_to,
                          subjectAltName: cert.subjectaltname ?? "",
                      }
                    : undefined,
            );
        });
        socket.once("error", () => finish(undefined));
    });
}

/** The setting that gives verify and the switch-over check a CA, as messages name it. */
export const CA_SETTING = "wandb-sso:caCerts (or --ca-file)";

/** A certificate failure's message and fix, naming the certificate presented when it was read. */
export function tlsFailureText(
    kind: TlsFailureKind,
    code: string,
    url: URL,
    presented: PresentedCertificate | undefined,
    trust: TlsTrust,
): { readonly problem: string; readonly fix: string } {
    const cert = presented ? ` (${presented.subject || "no subject"}, issued by ${presented.issuer || "no issuer"})` : "";
    const issuer = presented?.issuer ? `: ${presented.issuer}` : "";
    const n = trust.caCerts.length;
    const trusted =
        n === 0
            ? "is not among the system's roots"
            : `is neither among the system's roots nor among the ${n === 1 ? "CA certificate" : `${n} CA certificates`} given`;
    switch (kind) {
        case "unknown-authority":
            return {
                problem: `TLS: the server's certificate${cert} is signed by an unknown authority: its CA ${trusted} (${code})`,
                fix: `set ${CA_SETTING} to the certificate of the CA that signed the IdP's certificate${issuer}`,
            };
        case "name-mismatch":
            return {
                problem: `TLS: the server's certificate${cert} is not for ${url.hostname}: it names ${presented?.subjectAltName || "other hosts"} (${code})`,
                fix: `the IdP's certificate must name ${url.hostname}: have it reissued with that name, or use the host name it holds in the issuer`,
            };
        case "expired":
            return {
                problem: `TLS: the server's certificate${cert} expired${presented ? ` on ${presented.validTo}` : ""} (${code})`,
                fix: "the IdP's certificate must be renewed (by whoever runs the IdP); W&B refuses it too",
            };
        case "not-yet-valid":
            return {
                problem: `TLS: the server's certificate${cert} is not valid yet${presented ? `, only from ${presented.validFrom}` : ""} (${code})`,
                fix: "check this machine's clock and the IdP's; or the IdP's certificate was issued for a later date",
            };
        default:
            return {
                problem: `TLS certificate problem${cert} (${code})`,
                fix: `the IdP's TLS certificate must be valid for ${url.hostname} and chain to a CA in the system's roots or in ${CA_SETTING}`,
            };
    }
}
