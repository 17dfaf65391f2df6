// Where verify may go: the one host policy for every request it makes and every redirect it
// follows. verify runs inside `pulumi up` on deploy runners that hold cloud credentials and sit
// inside private networks, and the URLs it requests come from a discovery document anyone can
// serve: a public issuer's endpoints must not turn it against the runner's own network.
//
// - Every target's name is resolved first and each of its addresses classified (this module);
//   the connection is then pinned to the checked addresses (./transport.ts), so a second answer
//   of the name server (DNS rebinding) cannot move it.
// - A public issuer's endpoints and redirects stay public; an issuer the user gave on a private or
//   loopback address may use that same class (Keycloak on 10.x, a local trial on 127.0.0.1);
//   link-local, cloud metadata and other non-unicast addresses never, whatever the issuer.
// - http only where the target is a loopback name (as W&B's own rule for its host).
//
// Pure, but for the resolver the caller passes in.
import ipaddr from "ipaddr.js";
import { isLoopback } from "../parse/url";

/**
 * The kinds of place an address is. `public` is unicast on the internet; `loopback` this machine
 * (127/8, ::1, and 0.0.0.0/8 and ::, which Linux connects to this machine); `private` a private
 * network (RFC 1918, RFC 4193, RFC 6598 shared space, RFC 3879 site-local); `link-local`
 * 169.254/16 and fe80::/10; `metadata` a cloud's metadata or platform service; `reserved` anything
 * else that is not unicast (multicast, broadcast, documentation, benchmarking, Teredo, …).
 */
export type Place = "public" | "private" | "loopback" | "link-local" | "metadata" | "reserved";

/** Places verify never goes, whatever the issuer. */
export const NEVER: ReadonlySet<Place> = new Set(["link-local", "metadata", "reserved"]);

/**
 * Cloud metadata and platform services, by address. Most are link-local (refused as such anyway);
 * the others would otherwise pass as private or public:
 * - 169.254.169.254: AWS EC2 IMDS ("Access instance metadata for an EC2 instance"), Google Compute
 *   Engine ("About VM metadata": metadata.google.internal), Azure IMDS ("Azure Instance Metadata
 *   Service"), Oracle Cloud, OpenStack, DigitalOcean;
 * - fd00:ec2::254: AWS IMDS over IPv6 (same AWS page, "IPv6 endpoint");
 * - 169.254.170.2: AWS ECS task metadata and credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI);
 * - 169.254.170.23, fd00:ec2::23: AWS EKS Pod Identity agent ("Learn how EKS Pod Identity grants
 *   pods access to AWS services");
 * - fd20:ce::254: Google Compute Engine's metadata server over IPv6 ("About VM metadata");
 * - 100.100.100.200: Alibaba Cloud ECS instance metadata ("Instance metadata");
 * - 168.63.129.16: Azure's WireServer (platform DNS, health probes, guest agent: "What is IP
 *   address 168.63.129.16?").
 */
export const METADATA_ADDRESSES: readonly string[] = [
    "169.254.169.254",
    "169.254.170.2",
    "169.254.170.23",
    "100.100.100.200",
    "168.63.129.16",
    "fd00:ec2::254",
    "fd00:ec2::23",
    "fd20:ce::254",
];

/**
 * Cloud metadata services, by name (refused before any name server is asked): Google's
 * `metadata.google.internal`, `metadata.goog` and bare `metadata` ("About VM metadata"), AWS's
 * `instance-data` and `instance-data.ec2.internal` (EC2's resolver answers 169.254.169.254).
 * Compared in lower case and without the trailing dot DNS allows.
 */
export const METADATA_NAMES: readonly string[] = [
    "metadata.google.internal",
    "metadata.goog",
    "metadata",
    "instance-data",
    "instance-data.ec2.internal",
];

const metadataAddresses = new Set(METADATA_ADDRESSES.map((a) => ipaddr.parse(a).toNormalizedString()));

/** The IPv4 address an IPv6 address carries and is routed to (mapped, translated, NAT64, 6to4), if any. */
function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
    const range = address.range();
    const bytes = address.toByteArray();
    if (range === "ipv4Mapped" && address.isIPv4MappedAddress()) return address.toIPv4Address();
    // RFC 6145 (::ffff:0:a.b.c.d) and RFC 6052/8215 NAT64 (64:ff9b::/96, 64:ff9b:1::/48): the last 32 bits.
    if (range === "rfc6145" || range === "rfc6052") return new ipaddr.IPv4(bytes.slice(12, 16));
    // RFC 3056 6to4 (2002:a.b.c.d::/48): bits 16 to 48.
    if (range === "6to4") return new ipaddr.IPv4(bytes.slice(2, 6));
    return undefined;
}

const IPV4_PLACES: Readonly<Record<string, Place>> = {
    unicast: "public",
    loopback: "loopback",
    unspecified: "loopback",
    private: "private",
    carrierGradeNat: "private",
    linkLocal: "link-local",
};

const IPV6_PLACES: Readonly<Record<string, Place>> = {
    unicast: "public",
    loopback: "loopback",
    unspecified: "loopback",
    uniqueLocal: "private",
    linkLocal: "link-local",
};

/** The place of an IP address (IPv4 or IPv6, without brackets), or undefined when it is not one. */
export function classifyAddress(text: string): Place | undefined {
    const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
    if (!ipaddr.isValid(bare)) return undefined;
    const address = ipaddr.parse(bare);
    if (metadataAddresses.has(address.toNormalizedString())) return "metadata";
    if (address.kind() === "ipv6") {
        const v6 = address as ipaddr.IPv6;
        if (v6.zoneId !== undefined) return "link-local";
        const inner = embeddedIpv4(v6);
        if (inner !== undefined) return classifyAddress(inner.toString());
        // fec0::/10, deprecated site-local (RFC 3879): a private network where it is still used.
        if (v6.parts[0]! >> 6 === 0xfec0 >> 6) return "private";
        return IPV6_PLACES[v6.range()] ?? "reserved";
    }
    return IPV4_PLACES[(address as ipaddr.IPv4).range()] ?? "reserved";
}

/** A hostname as DNS compares it: lower case, without the trailing dot. */
export function canonicalName(hostname: string): string {
    return hostname.toLowerCase().replace(/\.+$/, "");
}

/** Whether a hostname names a cloud metadata service. */
export function isMetadataName(hostname: string): boolean {
    return METADATA_NAMES.includes(canonicalName(hostname));
}

/** An address a name resolved to, as node's dns.lookup gives it. */
export interface ResolvedAddress {
    readonly address: string;
    readonly family: 4 | 6;
}

/** Resolves a hostname to all its addresses (node's dns.lookup with `all`); rejects with the resolver's error. */
export type Resolve = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** The fields whose URLs verify requests, as the report names them. */
export type EndpointField = "issuer" | "jwks_uri" | "authorization_endpoint" | "token_endpoint";

/** What a policy knows of the issuer: the places of the addresses it resolved to. */
export interface HostPolicy {
    /** Besides public places: the private or loopback places the issuer itself is on. */
    readonly issuerPlaces: ReadonlySet<Place>;
}

const PLACE_WORDS: Readonly<Record<Place, string>> = {
    public: "a public address",
    private: "a private address (RFC 1918, RFC 4193 or shared address space)",
    loopback: "a loopback address (this machine)",
    "link-local": "a link-local address",
    metadata: "a cloud metadata service",
    reserved: "a reserved, non-unicast address",
};

const NEVER_WHY: Readonly<Record<"link-local" | "metadata" | "reserved", string>> = {
    "link-local": "verify never goes there, whatever the issuer (cloud metadata services and other machine-local services answer there)",
    metadata: "verify never goes there, whatever the issuer (it hands out the machine's cloud credentials)",
    reserved: "verify never goes there, whatever the issuer: no IdP is on an address that is not unicast",
};

/** Why a URL may not be requested: words naming the field, the place and the reason. */
export interface Refusal {
    readonly refused: string;
}

/** Where a request comes from, for the refusal's words: the field, and whether a redirect led there. */
export interface RequestOrigin {
    readonly field: EndpointField;
    /** A redirect (the first is 1) led there from the field's URL. */
    readonly redirect?: number;
}

function subject(origin: RequestOrigin): string {
    const field = origin.field === "issuer" ? "the issuer's discovery document" : origin.field;
    return origin.redirect ? `a redirect from ${field}` : field;
}

/**
 * May a request go to `url` whose host resolved to `addresses`? Link-local, metadata and reserved
 * places never; loopback and private places only when the issuer is on that place itself; public
 * always. Every address counts: a name that resolves to a public and a private address could be
 * answered either way the next time.
 */
export function decide(policy: HostPolicy, origin: RequestOrigin, url: URL, addresses: readonly string[]): Refusal | undefined {
    const host = url.hostname;
    if (isMetadataName(host)) return { refused: `${subject(origin)} names ${host}, ${PLACE_WORDS.metadata}: ${NEVER_WHY.metadata}` };
    for (const address of addresses) {
        const place = classifyAddress(address) ?? "reserved";
        const where = host === address || `[${address}]` === host ? `${host}` : `${host} (${address})`;
        const what = `${subject(origin)} goes to ${where}, ${PLACE_WORDS[place]}`;
        if (place === "link-local" || place === "metadata" || place === "reserved") return { refused: `${what}: ${NEVER_WHY[place]}` };
        if (place === "public" || policy.issuerPlaces.has(place)) continue;
        return {
            refused: `${what}, and the issuer is not: verify goes only where the issuer is (an endpoint or redirect of an IdP elsewhere could reach this runner's own network)`,
        };
    }
    return undefined;
}

/**
 * The scheme rule: https, or http only on a loopback name (the same rule as W&B's host). An http
 * loopback target is also a loopback place, which only a loopback issuer may reach (`decide`).
 */
export function schemeRefusal(origin: RequestOrigin, url: URL): Refusal | undefined {
    if (url.protocol === "https:") return undefined;
    if (url.protocol === "http:" && isLoopback(url)) return undefined;
    if (url.protocol === "http:") {
        return { refused: `${subject(origin)} uses plain http; only https is allowed (http only for localhost)` };
    }
    return { refused: `${subject(origin)} is not an http(s) URL` };
}

/** The addresses a URL's host stands for without asking a name server (an IP literal), or undefined for a name. */
export function literalAddress(url: URL): string | undefined {
    const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
    return ipaddr.isValid(host) ? host : undefined;
}

/** The policy for an issuer that resolved to `addresses`: its loopback and private places. */
export function policyFor(addresses: readonly string[]): HostPolicy {
    const places = new Set<Place>();
    for (const address of addresses) {
        const place = classifyAddress(address);
        if (place === "loopback" || place === "private") places.add(place);
    }
    return { issuerPlaces: places };
}
