// Every shared parser against random and hostile strings (Unicode, control characters, commas and
// wildcards in hosts, over-long labels, very long values): it accepts, or answers a non-empty fix;
// and when the fix suggests a value (the structured `suggestion`, which the fix's text shows), the
// same parser accepts that value. A suggestion that would itself be refused is a bug.
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { parseHost, parseIssuer } from "../../src/parse/oidc";
import type { Parsed, Parser } from "../../src/problems";
import { originParser, parseOrigin } from "../../src/parse/url";
import { displayNameParser, helmReleaseNameParser, kubernetesNameParser } from "../../src/parse/names";
import {
    parseOktaOrgUrl,
    parseAuthorizationServerId,
    parseOktaGroupId,
    parseClaimName,
    parseGroupsFilterRegex,
    parseOktaLabel,
} from "../../providers/okta/rules";
import {
    parseKeycloakUrl,
    parseRealm,
    parseKeycloakClientId,
    parseDisplayName as parseKeycloakDisplayName,
} from "../../providers/keycloak/rules";
import { parseAuth0Domain, parseDisplayName as parseAuth0DisplayName } from "../../providers/auth0/rules";
import { parseClientId, parseExistingIssuer } from "../../providers/existing/rules";
import { parseDomainPrefix, parseUserPoolId } from "../../providers/cognito/rules";
import { parseEntraDisplayName, parseTenantId } from "../../providers/entra/rules";
import { writtenHost } from "../../src/parse/host";

export const PARSERS: Record<string, Parser<unknown>> = {
    parseHost,
    "parseIssuer (loopback)": (v) => parseIssuer(v),
    "parseIssuer (any, for verify)": (v) => parseIssuer(v, "any"),
    parseExistingIssuer,
    parseOktaOrgUrl,
    parseKeycloakUrl,
    parseAuth0Domain,
    parseOrigin,
    "originParser(https host)": originParser("https://wandb.example.com"),
    "originParser(http loopback host)": originParser("http://localhost:8080"),
    "kubernetes label": kubernetesNameParser("label", "default"),
    "kubernetes subdomain": kubernetesNameParser("subdomain", "wandb"),
    "helm release name": helmReleaseNameParser("wandb"),
    "a display name with refused characters": displayNameParser({ fallback: "W&B", max: 20, refuse: { pattern: /[<>]/, what: "< and >" } }),
    parseOktaLabel,
    parseEntraDisplayName,
    parseAuth0DisplayName,
    parseKeycloakDisplayName,
    parseRealm,
    parseKeycloakClientId,
    parseClientId,
    parseDomainPrefix,
    parseUserPoolId,
    parseTenantId,
    parseAuthorizationServerId,
    parseOktaGroupId,
    parseClaimName,
    parseGroupsFilterRegex,
};

/** Pieces hostile values are made of: URL parts, the characters the issue names, look-alikes, long labels. */
const PIECES = [
    "https://",
    "http://",
    "ftp://",
    "https:",
    "//",
    "wandb",
    "example",
    "com",
    ".",
    "..",
    "-",
    "_",
    ",",
    "*",
    ":",
    "8080",
    ":443",
    "/",
    "\\",
    "?",
    "#",
    "@",
    "user:pw@",
    " ",
    "\t",
    "\n",
    "\r",
    "\u0000",
    "\u007f",
    "\u0085",
    "\u200b",
    "\u202e",
    "\u00ad",
    "\ufeff",
    "%41",
    "%2e",
    "ｂ",
    "ü",
    "\u{1F600}",
    "[::1]",
    "[0:0:0:0:0:0:0:1]",
    "localhost",
    "127.0.0.1",
    "0x7f.1",
    "1.2.3",
    "realms",
    "acme",
    "auth",
    "admin",
    "oauth2",
    "default",
    "aus0123456789abcdefg",
    ".okta.com",
    "-admin",
    "accounts.google.com",
    ".well-known",
    "openid-configuration",
    "us-west-2_",
    "AbC123",
    "common",
    "3f2b6a1c-8d4e-4b7a-9c5d-2e1f0a9b8c7d",
    "auth0.com",
    "aws",
    "cognito",
    "<",
    ">",
    "null",
    "x".repeat(63),
    "y".repeat(64),
    "z".repeat(260),
    "A",
    "Z",
    "0",
    "9",
];

const hostile = fc.oneof(
    { weight: 4, arbitrary: fc.array(fc.constantFrom(...PIECES), { maxLength: 14 }).map((parts) => parts.join("")) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 60 }) },
    { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 60 }) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 250, maxLength: 2000 }) },
);
const anything = fc.oneof(hostile, fc.anything({ maxDepth: 2 }));

function checkAnswer(parse: Parser<unknown>, value: unknown, result: Parsed<unknown>): void {
    if ("value" in result) return;
    assert.equal(typeof result.fix, "string");
    assert.ok(result.fix.length > 0, `an empty fix for ${JSON.stringify(value)}`);
    const { suggestion } = result;
    if (suggestion === undefined) return;
    assert.ok(suggestion.length > 0, `an empty suggestion for ${JSON.stringify(value)}`);
    assert.ok(
        result.fix.includes(suggestion) || result.fix.includes(JSON.stringify(suggestion)),
        `the fix ${JSON.stringify(result.fix)} does not show its suggestion ${JSON.stringify(suggestion)}`,
    );
    const again = parse(suggestion);
    assert.ok(
        "value" in again,
        `for ${JSON.stringify(value)}, the suggestion ${JSON.stringify(suggestion)} is refused: ${JSON.stringify(again)}`,
    );
}

describe("every shared parser, against random and hostile values", () => {
    for (const [name, parse] of Object.entries(PARSERS)) {
        it(`${name}: accepts, or gives a fix whose suggestion it accepts`, () => {
            fc.assert(
                fc.property(anything, (value) => checkAnswer(parse, value, parse(value))),
                { numRuns: 400 },
            );
        });
    }

    it("catches a parser whose suggestion it would refuse, or whose fix hides it (the property can fail)", () => {
        const refusesItsSuggestion: Parser<unknown> = (v) =>
            v === "b" ? { fix: "use c", suggestion: "c" } : v === "a" ? { value: v } : { fix: "no" };
        assert.throws(() => checkAnswer(refusesItsSuggestion, "b", refusesItsSuggestion("b")), /is refused/);
        const hidden: Parser<unknown> = (v) => (v === "a" ? { value: v } : { fix: "use something", suggestion: "a" });
        assert.throws(() => checkAnswer(hidden, "b", hidden("b")), /does not show/);
    });

    const URL_PARSERS: Record<string, Parser<unknown>> = {
        parseHost,
        parseIssuer: (v) => parseIssuer(v),
        parseExistingIssuer,
        parseOktaOrgUrl,
        parseKeycloakUrl,
        parseOrigin,
    };
    for (const [name, parse] of Object.entries(URL_PARSERS)) {
        it(`${name}: what it accepts has no invisible character, and a host DNS can serve, written as parsed`, () => {
            fc.assert(
                fc.property(hostile, (value) => {
                    const result = parse(value);
                    if (!("value" in result)) return;
                    assert.ok(!/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(value), JSON.stringify(value));
                    const host = writtenHost(value);
                    assert.ok(host !== undefined, JSON.stringify(value));
                    assert.equal(host.toLowerCase(), new URL(value).hostname, JSON.stringify(value));
                    assert.ok(
                        host.startsWith("[") ||
                            (host.length <= 253 && host.split(".").every((l) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(l))),
                        host,
                    );
                }),
                { numRuns: 1000 },
            );
        });
    }

    it("offers a suggestion for the common mistakes (so the property above is not empty)", () => {
        const suggested: [Parser<unknown>, unknown, string][] = [
            [parseHost, "http://wandb.example.com", "https://wandb.example.com"],
            [parseHost, " https://wandb.example.com", "https://wandb.example.com"],
            [parseHost, "https://wandb.example.com\t", "https://wandb.example.com"],
            [parseHost, "https://wandb.example.com.", "https://wandb.example.com"],
            [parseHost, "null", "https://wandb.example.com"],
            [parseOrigin, "https://a.example.com/", "https://a.example.com"],
            [kubernetesNameParser("label", "default"), "wandb.ns", "wandb-ns"],
            [kubernetesNameParser("label", "default"), "a".repeat(70), "a".repeat(63)],
            [kubernetesNameParser("label", "default"), "", "default"],
            [helmReleaseNameParser("wandb"), "W".repeat(60), "w".repeat(53)],
            [parseRealm, "..", "acme"],
            [parseDomainPrefix, "my-aws-login", "my-login"],
            [parseOktaOrgUrl, "https://acme-admin.okta.com", "https://acme.okta.com"],
            // An IPv6 literal is passed on as written too, so it must be written as the parser writes it.
            [parseExistingIssuer, "https://[0:0:0:0:0:0:0:1]", "https://[::1]"],
            [parseHost, "http://[0:0:0:0:0:0:0:1]:8080", "http://[::1]:8080"],
        ];
        for (const [parse, value, expected] of suggested) {
            const result = parse(value);
            assert.ok(
                "fix" in result && result.suggestion === expected,
                `${JSON.stringify(value)}: ${JSON.stringify(result)} ${"fix" in result ? result.suggestion : ""}`,
            );
        }
    });
});

describe("originParser(host): the W&B side's check of extra origins against its host", () => {
    const https = originParser("https://wandb.example.com");
    const loopback = originParser("http://localhost:8080");
    it("takes https origins for an https host, and refuses http ones, even on loopback", () => {
        assert.deepEqual(https("https://notebooks.example.com"), { value: "https://notebooks.example.com" });
        assert.deepEqual(https("http://localhost:8888"), {
            fix: "W&B at https://wandb.example.com takes https origins only; use https://localhost:8888",
        });
        assert.deepEqual(https("http://notebooks.example.com"), {
            fix: "http is allowed only for localhost origins; use https://notebooks.example.com",
        });
    });
    it("takes http loopback origins for a W&B on loopback over http", () => {
        assert.deepEqual(loopback("http://localhost:8888"), { value: "http://localhost:8888" });
        assert.deepEqual(loopback("http://[::1]:8888"), { value: "http://[::1]:8888" });
        assert.ok("fix" in loopback("http://notebooks.example.com"));
    });
    it("refuses a comma or a wildcard anywhere: GORILLA_CORS_ORIGINS is a comma-separated list", () => {
        for (const value of ["https://a.example.com,https://b.example.com", "*", "https://*.example.com", "https://a.example.com, *"]) {
            const result = https(value);
            assert.ok("fix" in result && result.fix.includes("no ',' or '*'"), `${value}: ${JSON.stringify(result)}`);
        }
    });
});

describe("helmReleaseNameParser: Helm 3's release name rule", () => {
    const parse = helmReleaseNameParser("wandb");
    it("takes what `helm install` takes: at most 53 characters of DNS-1123 subdomain", () => {
        for (const name of ["wandb", "w", "wandb-prod.v2", "a".repeat(53)]) assert.deepEqual(parse(name), { value: name });
        assert.deepEqual(parse(undefined), { value: "wandb" });
    });
    it("refuses the rest, suggesting a name Helm takes", () => {
        for (const [name, suggestion] of [
            ["a".repeat(54), "a".repeat(53)],
            ["W&B Prod", "w-b-prod"],
            ["-wandb-", "wandb"],
            ["wandb..prod", "wandb.prod"],
            ["", "wandb"],
        ]) {
            const result = parse(name);
            assert.ok(
                "fix" in result && result.suggestion === suggestion,
                `${name}: ${JSON.stringify(result)} ${"fix" in result ? result.suggestion : ""}`,
            );
        }
    });
});
