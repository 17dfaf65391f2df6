// Where verify may go (issue 29, class 1), as pure rules: every address, however written, is
// classified by where it really leads; link-local and metadata places are never allowed; loopback
// and private places only for an issuer on that same place; metadata names in any spelling.
import { strict as assert } from "node:assert";
import fc from "fast-check";
import {
    classifyAddress,
    decide,
    isMetadataName,
    METADATA_ADDRESSES,
    METADATA_NAMES,
    policyFor,
    schemeRefusal,
    type EndpointField,
    type HostPolicy,
    type Place,
} from "../../src/verify/hostPolicy";

const byte = fc.integer({ min: 0, max: 255 });
const v4 = (a: number, b: number, c: number, d: number) => `${a}.${b}.${c}.${d}`;

/** IPv4 addresses of one place, drawn from its whole range. */
const V4 = {
    loopback: fc.tuple(byte, byte, byte).map(([b, c, d]) => v4(127, b, c, d)),
    thisNetwork: fc.tuple(byte, byte, byte).map(([b, c, d]) => v4(0, b, c, d)),
    rfc1918: fc.oneof(
        fc.tuple(byte, byte, byte).map(([b, c, d]) => v4(10, b, c, d)),
        fc.tuple(fc.integer({ min: 16, max: 31 }), byte, byte).map(([b, c, d]) => v4(172, b, c, d)),
        fc.tuple(byte, byte).map(([c, d]) => v4(192, 168, c, d)),
    ),
    sharedSpace: fc.tuple(fc.integer({ min: 64, max: 127 }), byte, byte).map(([b, c, d]) => v4(100, b, c, d)),
    linkLocal: fc.tuple(byte, byte).map(([c, d]) => v4(169, 254, c, d)),
    multicast: fc.tuple(fc.integer({ min: 224, max: 239 }), byte, byte, byte).map(([a, b, c, d]) => v4(a, b, c, d)),
    // Ordinary public unicast: first octets that hold no special range.
    public: fc
        .tuple(fc.constantFrom(8, 23, 34, 52, 93, 104, 151, 185, 212), byte, byte, fc.integer({ min: 1, max: 254 }))
        .map(([a, b, c, d]) => v4(a, b, c, d)),
} satisfies Record<string, fc.Arbitrary<string>>;

/** The places an IPv4 address's range must have (metadata addresses aside). */
const EXPECTED: Readonly<Record<keyof typeof V4, Place>> = {
    loopback: "loopback",
    thisNetwork: "loopback",
    rfc1918: "private",
    sharedSpace: "private",
    linkLocal: "link-local",
    multicast: "reserved",
    public: "public",
};

const hex = (n: number) => n.toString(16);
/** The IPv6 spellings that carry an IPv4 address to it: mapped, RFC 6145 translated, NAT64 (RFC 6052 and 8215), 6to4. */
function embeddings(address: string): string[] {
    const [a, b, c, d] = address.split(".").map(Number) as [number, number, number, number];
    const hi = hex((a << 8) | b);
    const lo = hex((c << 8) | d);
    return [
        `::ffff:${address}`,
        `::ffff:${hi}:${lo}`,
        `::ffff:0:${hi}:${lo}`,
        `64:ff9b::${hi}:${lo}`,
        `64:ff9b:1::${hi}:${lo}`,
        `2002:${hi}:${lo}::1`,
    ];
}

const metadataAddresses = new Set(METADATA_ADDRESSES);
const policies: fc.Arbitrary<HostPolicy> = fc.subarray<Place>(["loopback", "private"]).map((places) => ({ issuerPlaces: new Set(places) }));
const url = (host: string) => new URL(`https://${host.includes(":") ? `[${host}]` : host}/x`);

describe("verify's host policy: where an address leads", () => {
    for (const [range, arbitrary] of Object.entries(V4)) {
        it(`classifies ${range} IPv4 addresses, and every IPv6 spelling that carries one, alike (property)`, () => {
            fc.assert(
                fc.property(arbitrary, (address) => {
                    const expected = metadataAddresses.has(address) ? "metadata" : EXPECTED[range as keyof typeof V4];
                    assert.equal(classifyAddress(address), expected, address);
                    for (const spelling of embeddings(address)) assert.equal(classifyAddress(spelling), expected, spelling);
                    assert.equal(classifyAddress(`[::ffff:${address}]`), expected);
                }),
            );
        });
    }

    it("classifies IPv6 ranges: ::1 and :: this machine, fc00::/7 private, fe80::/10 link-local, the rest of the special ranges reserved", () => {
        const table: [string, Place][] = [
            ["::1", "loopback"],
            ["::", "loopback"],
            ["fc00::1", "private"],
            ["fd12:3456:789a::1", "private"],
            ["fec0::1", "private"],
            ["fe80::1", "link-local"],
            ["febf::1", "link-local"],
            ["ff02::1", "reserved"],
            ["2001:db8::1", "reserved"],
            ["2001::1", "reserved"],
            ["100::1", "reserved"],
            ["2606:4700:4700::1111", "public"],
        ];
        for (const [address, place] of table) assert.equal(classifyAddress(address), place, address);
    });

    it("knows the cloud metadata services by address, however written", () => {
        for (const address of METADATA_ADDRESSES) {
            assert.equal(classifyAddress(address), "metadata", address);
            if (!address.includes(":"))
                for (const spelling of embeddings(address)) assert.equal(classifyAddress(spelling), "metadata", spelling);
        }
        // The URL parser's forms of 169.254.169.254 (hex, a single number) all reach it.
        for (const written of [
            "http://0xa9.0xfe.0xa9.0xfe/",
            "http://2852039166/",
            "http://[::ffff:169.254.169.254]/",
            "http://[fd00:ec2:0::254]/",
        ]) {
            assert.equal(classifyAddress(new URL(written).hostname), "metadata", written);
        }
    });

    it("knows metadata names in any letter case, with DNS's trailing dots (property)", () => {
        fc.assert(
            fc.property(
                fc.constantFrom(...METADATA_NAMES),
                fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
                fc.integer({ min: 0, max: 2 }),
                (name, upper, dots) => {
                    const spelled = [...name].map((ch, i) => (upper[i % upper.length] ? ch.toUpperCase() : ch)).join("") + ".".repeat(dots);
                    assert.ok(isMetadataName(spelled), spelled);
                },
            ),
        );
        assert.equal(isMetadataName("metadata.google.internal.example.com"), false);
    });
});

describe("verify's host policy: the decision", () => {
    const never = fc.oneof(V4.linkLocal, fc.constantFrom(...METADATA_ADDRESSES), V4.multicast, fc.constant("fe80::1"));

    it("never allows link-local, metadata or reserved places, whatever the issuer, naming the field and the place (property)", () => {
        fc.assert(
            fc.property(
                policies,
                never,
                fc.constantFrom<EndpointField>("jwks_uri", "authorization_endpoint", "token_endpoint", "issuer"),
                (policy, address, field) => {
                    const refusal = decide(policy, { field }, url(address), [address]);
                    assert.ok(refusal, address);
                    assert.match(refusal.refused, new RegExp(field === "issuer" ? "discovery document" : field));
                    assert.match(refusal.refused, /link-local|metadata|reserved/);
                    assert.match(refusal.refused, /never/);
                },
            ),
        );
    });

    it("allows loopback and private places only to an issuer on that same place (property)", () => {
        fc.assert(
            fc.property(
                policies,
                fc.constantFrom("loopback", "rfc1918", "sharedSpace") as fc.Arbitrary<"loopback">,
                fc.nat(),
                (policy, range, seed) => {
                    const address = fc.sample(V4[range], { seed, numRuns: 1 })[0]!;
                    const place = EXPECTED[range];
                    const refusal = decide(policy, { field: "jwks_uri", redirect: 1 }, url("idp.example.com"), [address]);
                    assert.equal(
                        refusal === undefined,
                        policy.issuerPlaces.has(place),
                        `${address} for ${[...policy.issuerPlaces].join(",")}`,
                    );
                    if (refusal) {
                        assert.match(refusal.refused, /^a redirect from jwks_uri goes to idp\.example\.com \(/);
                        assert.match(refusal.refused, place === "loopback" ? /loopback address/ : /private address/);
                        assert.match(refusal.refused, /the issuer is not: verify goes only where the issuer is/);
                    }
                },
            ),
        );
    });

    it("allows public places to every issuer, and refuses a name when any one of its addresses is refused (property)", () => {
        fc.assert(
            fc.property(policies, fc.array(V4.public, { minLength: 1, maxLength: 3 }), V4.rfc1918, (policy, publics, inner) => {
                assert.equal(decide(policy, { field: "token_endpoint" }, url("idp.example.com"), publics), undefined);
                const mixed = decide(policy, { field: "token_endpoint" }, url("idp.example.com"), [...publics, inner]);
                assert.equal(mixed === undefined, policy.issuerPlaces.has("private"));
            }),
        );
    });

    it("refuses a metadata name before it is resolved", () => {
        const refusal = decide(
            { issuerPlaces: new Set(["private", "loopback"]) },
            { field: "issuer" },
            url("Metadata.Google.Internal."),
            [],
        );
        assert.match(
            refusal!.refused,
            /the issuer's discovery document names metadata\.google\.internal\., a cloud metadata service: verify never goes there/,
        );
    });

    it("takes the issuer's own loopback and private places, never the others", () => {
        assert.deepEqual([...policyFor(["10.0.0.5", "93.184.215.14"]).issuerPlaces], ["private"]);
        assert.deepEqual([...policyFor(["127.0.0.1", "::1"]).issuerPlaces], ["loopback"]);
        assert.deepEqual([...policyFor(["169.254.169.254", "fe80::1"]).issuerPlaces], []);
    });

    it("allows http only on loopback names, and nothing but http(s)", () => {
        assert.equal(schemeRefusal({ field: "jwks_uri" }, new URL("http://127.0.0.1:8080/k")), undefined);
        assert.equal(schemeRefusal({ field: "jwks_uri" }, new URL("http://localhost/k")), undefined);
        assert.match(schemeRefusal({ field: "jwks_uri" }, new URL("http://10.0.0.5/k"))!.refused, /^jwks_uri uses plain http/);
        assert.match(
            schemeRefusal({ field: "jwks_uri", redirect: 2 }, new URL("file:///etc/passwd"))!.refused,
            /^a redirect from jwks_uri is not an http\(s\) URL/,
        );
    });
});
