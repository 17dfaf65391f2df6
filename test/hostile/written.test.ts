// URLs checked as written, not as the URL parser rewrites them (issue 21, B5): whatever the host and
// path around them, a port 0, a port with leading zeros, a ':' with no port, an '@' with empty
// credentials and a dot segment ('.', '..', also percent-encoded) are refused by every URL parser;
// a default port written out (`:443`) is refused in an issuer (passed on as written) and dropped,
// on purpose, from the W&B host and Keycloak's base URL (rebuilt from their parts; README).
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { parseHost, parseIssuer } from "../../src/parse/oidc";
import type { Parser } from "../../src/problems";
import { parseKeycloakUrl } from "../../providers/keycloak/rules";
import { parseOktaOrgUrl } from "../../providers/okta/rules";
import { parseExistingIssuer } from "../../providers/existing/rules";

/** Each URL parser, with a host it accepts and a path it accepts after that host. */
const URL_PARSERS: readonly { name: string; parse: Parser<unknown>; host: string; path: string }[] = [
    { name: "parseHost", parse: parseHost, host: "wandb.example.com", path: "" },
    { name: "parseIssuer", parse: (v) => parseIssuer(v), host: "login.example.com", path: "/tenant/x" },
    { name: "parseIssuer (any, for verify)", parse: (v) => parseIssuer(v, "any"), host: "login.example.com", path: "/t" },
    { name: "parseExistingIssuer", parse: parseExistingIssuer, host: "idp.example.com", path: "/realms/acme" },
    { name: "parseKeycloakUrl", parse: parseKeycloakUrl, host: "keycloak.example.com", path: "/auth" },
    { name: "parseOktaOrgUrl", parse: parseOktaOrgUrl, host: "acme.okta.com", path: "" },
];

const label = fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/);
const dot = fc.constantFrom(".", "..", "%2e", "%2E", ".%2e", "%2e.", "%2E%2e");
const zeros = fc.integer({ min: 1, max: 3 }).map((n) => "0".repeat(n));

describe("URLs as written: the parser's rewrites are refused, not passed on", () => {
    for (const { name, parse, host, path } of URL_PARSERS) {
        describe(name, () => {
            it("accepts the plain URL (the baseline the properties change)", () => {
                assert.ok("value" in parse(`https://${host}${path}`), name);
            });
            it("refuses port 0, in any number of zeros", () => {
                fc.assert(fc.property(zeros, (z) => "fix" in parse(`https://${host}:${z}${path}`)));
            });
            it("refuses a port with leading zeros", () => {
                fc.assert(
                    fc.property(
                        zeros,
                        fc.integer({ min: 1, max: 65535 }),
                        (z, port) => "fix" in parse(`https://${host}:${z}${port}${path}`),
                    ),
                );
            });
            it("refuses a ':' that names no port", () => {
                assert.ok("fix" in parse(`https://${host}:${path}`));
            });
            it("refuses an '@' with empty or any credentials", () => {
                fc.assert(
                    fc.property(
                        fc.constantFrom("", ":", "a", "a:", ":b", "a:b"),
                        (userinfo) => "fix" in parse(`https://${userinfo}@${host}${path}`),
                    ),
                );
            });
            it("refuses a dot segment anywhere in the path", () => {
                fc.assert(
                    fc.property(fc.array(label, { maxLength: 3 }), dot, fc.array(label, { maxLength: 3 }), (before, d, after) => {
                        const written = [...before, d, ...after].join("/");
                        return "fix" in parse(`https://${host}${path}/${written}`);
                    }),
                );
            });
            it("never suggests a value it would refuse, nor one with the rewritten part", () => {
                for (const value of [
                    `https://${host}:0${path}`,
                    `https://${host}:0443${path}`,
                    `https://@${host}${path}`,
                    `https://${host}${path}/./x`,
                ]) {
                    const parsed = parse(value);
                    assert.ok("fix" in parsed, value);
                    if (parsed.suggestion !== undefined) assert.ok("value" in parse(parsed.suggestion), `${value} -> ${parsed.suggestion}`);
                }
            });
        });
    }

    it("an issuer with its default port written out is refused (W&B compares it character for character)", () => {
        for (const parse of [(v: unknown) => parseIssuer(v), parseExistingIssuer]) {
            for (const value of ["https://login.example.com:443", "https://login.example.com:443/t/v2.0", "http://localhost:80/realms/a"]) {
                const parsed = parse(value);
                assert.ok("fix" in parsed && /default port/.test(parsed.fix), value);
            }
        }
        assert.ok("value" in parseIssuer("https://login.example.com:8443/t"));
    });

    it("the W&B host and Keycloak's base URL drop a default port, on purpose (they are rebuilt from their parts)", () => {
        assert.deepEqual(parseHost("https://wandb.example.com:443"), { value: "https://wandb.example.com" });
        assert.deepEqual(parseHost("http://localhost:80"), { value: "http://localhost" });
        assert.deepEqual(parseKeycloakUrl("https://keycloak.example.com:443"), { value: "https://keycloak.example.com" });
    });
});
