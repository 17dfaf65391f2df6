// CA certificates the IdP's TLS chains to (`wandb-sso:caCerts`, WandbOidc's `caCerts`, verify's
// `--ca-file`): PEM text, one certificate per entry, each a CA's (basicConstraints CA:TRUE), valid
// now, never a private key. The certificate itself is read by Node's crypto.X509Certificate
// (OpenSSL); only the PEM framing (how many blocks, of which type) is looked at here, to say what
// an entry holds instead. A problem never shows an entry's text: a certificate is named by its
// subject, anything else by its shape, and a private key not at all. Pure: no SDK import (verify
// uses it).
import { X509Certificate } from "node:crypto";
import { isDeferred, type Problems } from "../problems";

/** A checked CA certificate: its PEM as OpenSSL writes it (framing text and CRLF dropped), and what names it. */
export interface CaCert {
    readonly pem: string;
    /** `CN=Example Root CA, O=Example`. */
    readonly subject: string;
    readonly validTo: string;
    readonly fingerprint256: string;
}

/** One entry's problem: what to show for its value (never its text) and the fix. */
export interface CaCertProblem {
    /** The entry's index in the list; absent for a problem of the list as a whole. */
    readonly index?: number;
    readonly shown: string | undefined;
    readonly fix: string;
}

/** How to put a CA certificate into the stack, for fixes. */
export const CA_CERTS_EXAMPLE = `pulumi config set --path 'wandb-sso:caCerts[0]' -- "$(cat corp-root-ca.pem)"`;

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;
const ANY_BEGIN = /-----BEGIN ([A-Z0-9 ]+)-----/g;
const CERTIFICATE_TYPES = new Set(["CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"]);

/** The PEM blocks of a text (a bundle file holds several), each with its type: `CERTIFICATE`, `PRIVATE KEY`, … */
export function pemBlocks(text: string): { readonly type: string; readonly text: string }[] {
    return [...text.matchAll(BLOCK)].map((m) => ({ type: m[1]!, text: m[0] }));
}

/** A distinguished name as OpenSSL lists it (one `key=value` per line), on one line. */
export function oneLineName(name: string): string {
    return name
        .split("\n")
        .map((part) => part.trim())
        .filter(Boolean)
        .join(", ");
}

const isPrivateKey = (type: string) => type.includes("PRIVATE KEY");

/** How an entry that is not a usable certificate is shown: its shape, never its text (it may be a key). */
function shape(value: string): string {
    const types = [...value.matchAll(ANY_BEGIN)].map((m) => m[1]!);
    if (types.some(isPrivateKey)) return "(holds a private key: not shown)";
    if (types.length > 0) return `(PEM: ${types.join(", ")})`;
    return `(${value.length} characters, not PEM)`;
}

function certName(cert: X509Certificate): string {
    return `certificate ${oneLineName(cert.subject)}`;
}

/**
 * One entry: a CA certificate in PEM, or what to show for it and the fix. `now` decides whether it
 * is valid (tests pass one).
 */
export function checkCaCert(value: unknown, now: Date = new Date()): { readonly cert: CaCert } | Omit<CaCertProblem, "index"> {
    if (typeof value !== "string" || value.trim() === "") {
        return {
            shown:
                typeof value === "string" ? value : value === undefined ? undefined : `(${Array.isArray(value) ? "a list" : typeof value})`,
            fix: `give the PEM text of one CA certificate (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----), e.g. ${CA_CERTS_EXAMPLE}`,
        };
    }
    const types = [...value.matchAll(ANY_BEGIN)].map((m) => m[1]!);
    if (types.some(isPrivateKey)) {
        return {
            shown: shape(value),
            fix: "holds a private key, which must never be given to wandb-sso or W&B: remove it and give only the CA's certificate (-----BEGIN CERTIFICATE-----); if this text was committed or shared, treat that key as exposed",
        };
    }
    if (types.length === 0) {
        return {
            shown: shape(value),
            fix: `is not PEM: give the CA certificate's PEM text (-----BEGIN CERTIFICATE----- …), not a file name or DER bytes; e.g. ${CA_CERTS_EXAMPLE}`,
        };
    }
    const other = types.filter((type) => !CERTIFICATE_TYPES.has(type));
    if (other.length > 0) {
        return {
            shown: shape(value),
            fix: `holds a ${other[0]}, not a certificate: give the CA's certificate (-----BEGIN CERTIFICATE-----)`,
        };
    }
    if (types.length > 1) {
        return {
            shown: shape(value),
            fix: `holds ${types.length} certificates: give one certificate per entry (list each CA of the chain as an entry of its own)`,
        };
    }
    let cert: X509Certificate;
    try {
        cert = new X509Certificate(value);
    } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return {
            shown: shape(value),
            fix: `is not a readable certificate (${reason}): give the CA certificate's PEM text as the CA issued it`,
        };
    }
    const shown = certName(cert);
    if (!cert.ca) {
        const issuer = oneLineName(cert.issuer);
        return {
            shown,
            fix:
                issuer === oneLineName(cert.subject)
                    ? "is not a CA certificate (its basicConstraints do not say CA:TRUE), so it cannot vouch for the IdP's certificate: give the certificate of the CA that signed the IdP's certificate"
                    : `is not a CA certificate (its basicConstraints do not say CA:TRUE; it is a server's, issued by ${issuer}): give the certificate of the CA that signed it, ${issuer}`,
        };
    }
    const validFrom = new Date(cert.validFrom);
    const validTo = new Date(cert.validTo);
    if (validTo.getTime() <= now.getTime()) {
        return {
            shown,
            fix: `expired on ${cert.validTo}: give the CA's current certificate (ask the CA's owner for its renewed certificate)`,
        };
    }
    if (validFrom.getTime() > now.getTime()) {
        return { shown, fix: `is not valid before ${cert.validFrom}: check the clock, or give the CA certificate that is valid now` };
    }
    return {
        cert: { pem: cert.toString(), subject: oneLineName(cert.subject), validTo: cert.validTo, fingerprint256: cert.fingerprint256 },
    };
}

/**
 * A list of entries (a list, or the JSON text of one, as Pulumi stack config gives it): the
 * certificates, or every problem, each with its entry's index. An entry given twice is a problem
 * of the later one. Unset is an empty list.
 */
export function checkCaCertList(
    value: unknown,
    now: Date = new Date(),
): { readonly certs: readonly CaCert[] } | { readonly problems: readonly CaCertProblem[] } {
    if (value === undefined) return { certs: [] };
    const list = typeof value === "string" ? jsonList(value) : value;
    if (!Array.isArray(list)) {
        return {
            problems: [
                {
                    shown: typeof value === "string" ? shape(value) : `(${typeof value})`,
                    fix: `use a list of PEM certificates, one per entry, e.g. ${CA_CERTS_EXAMPLE}`,
                },
            ],
        };
    }
    const certs: CaCert[] = [];
    const problems: CaCertProblem[] = [];
    const seen = new Map<string, number>();
    list.forEach((entry: unknown, index) => {
        const checked = checkCaCert(entry, now);
        if (!("cert" in checked)) {
            problems.push({ index, ...checked });
            return;
        }
        const first = seen.get(checked.cert.fingerprint256);
        if (first !== undefined) {
            problems.push({
                index,
                shown: `certificate ${checked.cert.subject}`,
                fix: `is the same certificate as entry [${first}]: list it once`,
            });
            return;
        }
        seen.set(checked.cert.fingerprint256, index);
        certs.push(checked.cert);
    });
    return problems.length > 0 ? { problems } : { certs };
}

/**
 * The stack key's or the argument's entries, checked before anything is registered: the PEM texts
 * (as OpenSSL writes them), or undefined after adding each problem to `problems`, named
 * `<setting>[<index>]`. Another resource's output is refused: the certificates decide what is
 * created.
 */
export function checkCaCerts(value: unknown, problems: Problems, setting: string, now: Date = new Date()): string[] | undefined {
    if (isDeferred(value)) {
        problems.add(setting, value, "");
        return undefined;
    }
    const deferred = Array.isArray(value) ? value.flatMap((entry: unknown, index) => (isDeferred(entry) ? [index] : [])) : [];
    for (const index of deferred) problems.add(`${setting}[${index}]`, (value as unknown[])[index], "");
    if (deferred.length > 0) return undefined;
    const checked = checkCaCertList(value, now);
    if ("certs" in checked) return checked.certs.map((cert) => cert.pem);
    for (const p of checked.problems) problems.add(p.index === undefined ? setting : `${setting}[${p.index}]`, p.shown, p.fix);
    return undefined;
}

function jsonList(text: string): unknown {
    if (!text.trimStart().startsWith("[")) return text;
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}
