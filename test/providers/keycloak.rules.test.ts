import { strict as assert } from "node:assert";
import fc from "fast-check";
import { readStackConfig } from "../../src/config";
import { keycloakIssuer, parseGroupsClaim, parseKeycloakClientId, parseKeycloakUrl, parseRealm } from "../../providers/keycloak/rules";
import { raw, problemsOf } from "../helpers/stackConfig";

const stack = (keycloak: unknown, extra: Record<string, string> = {}) => ({
    host: "https://wandb.example.com",
    idp: "keycloak",
    keycloak: JSON.stringify(keycloak),
    ...extra,
});

describe("Keycloak rules", () => {
    describe("issuer", () => {
        it("is <url>/realms/<realm>", () => {
            assert.equal(keycloakIssuer("https://keycloak.example.com", "acme"), "https://keycloak.example.com/realms/acme");
        });
        it("keeps /auth for Keycloak before 17", () => {
            assert.equal(keycloakIssuer("https://sso.example.com/auth", "acme"), "https://sso.example.com/auth/realms/acme");
        });
        it("has no trailing slash and one /realms/ for every accepted URL form", () => {
            const host = fc.stringMatching(/^[a-z](?:[a-z0-9-]{0,9}[a-z0-9])?\.[a-z]{2,5}$/);
            fc.assert(
                fc.property(
                    host,
                    fc.constantFrom("", "/auth"),
                    fc.constantFrom("", "/"),
                    fc.stringMatching(/^[A-Za-z0-9._-]{1,12}$/),
                    (h, path, slash, realm) => {
                        const url = parseKeycloakUrl(`https://${h}${path}${slash}`);
                        assert.deepEqual(url, { value: `https://${h}${path}` });
                        const issuer = keycloakIssuer(url.value, realm);
                        assert.equal(issuer, `https://${h}${path}/realms/${realm}`);
                        assert.ok(!issuer.endsWith("/"));
                    },
                ),
            );
        });
    });

    describe("parseKeycloakUrl", () => {
        const accepted: [string, string][] = [
            ["https://keycloak.example.com", "https://keycloak.example.com"],
            ["https://keycloak.example.com/", "https://keycloak.example.com"],
            ["https://Keycloak.Example.com:8443", "https://keycloak.example.com:8443"],
            ["https://sso.example.com/auth", "https://sso.example.com/auth"],
            ["https://sso.example.com/auth/", "https://sso.example.com/auth"],
            ["http://localhost:8080", "http://localhost:8080"],
        ];
        for (const [input, url] of accepted) {
            it(`accepts ${input} as ${url}`, () => assert.deepEqual(parseKeycloakUrl(input), { value: url }));
        }
        const refused: [unknown, string][] = [
            [undefined, "set Keycloak's base URL, e.g. https://keycloak.example.com"],
            ["keycloak.example.com", "not an absolute URL; use Keycloak's base URL, e.g. https://keycloak.example.com"],
            ["http://keycloak.example.com", "http is allowed only for localhost; use https://keycloak.example.com"],
            ["ftp://keycloak.example.com", "the scheme must be https; use https://keycloak.example.com"],
            ["https://admin:pw@keycloak.example.com", "remove the credentials; use https://keycloak.example.com"],
            ["https://keycloak.example.com/?a=1", "remove the query; use https://keycloak.example.com"],
            ["https://keycloak.example.com/#x", "remove the fragment; use https://keycloak.example.com"],
            [
                "https://keycloak.example.com/realms/acme",
                'this is the realm\'s URL; set the URL to https://keycloak.example.com and the realm to "acme"',
            ],
            [
                "https://keycloak.example.com/realms/acme/.well-known/openid-configuration",
                'this is the realm\'s URL; set the URL to https://keycloak.example.com and the realm to "acme"',
            ],
            [
                "https://sso.example.com/auth/realms/acme/",
                'this is the realm\'s URL; set the URL to https://sso.example.com/auth and the realm to "acme"',
            ],
            ["https://keycloak.example.com/admin/master/console/", "this is the admin console's URL; use https://keycloak.example.com"],
            [
                "https://example.com/keycloak",
                "use Keycloak's base URL without a path (/keycloak): https://example.com (only /auth is accepted, for Keycloak before 17 or --http-relative-path=/auth)",
            ],
            [
                "https://example.com/auth/extra",
                "use Keycloak's base URL without a path (/auth/extra): https://example.com (only /auth is accepted, for Keycloak before 17 or --http-relative-path=/auth)",
            ],
        ];
        for (const [input, fix] of refused) {
            it(`refuses ${JSON.stringify(input)}`, () => assert.deepEqual(parseKeycloakUrl(input), { fix }));
        }
    });

    describe("parseRealm", () => {
        it("accepts a realm name", () => assert.deepEqual(parseRealm("acme-prod_1.x"), { value: "acme-prod_1.x" }));
        it("refuses a display name with spaces, suggesting one", () =>
            assert.deepEqual(parseRealm("Acme Corp"), {
                fix: "a realm name is letters, digits, '.', '_' and '-' (the name in the admin console's realm list, not its display name); e.g. Acme-Corp",
            }));
        it("refuses a missing realm", () =>
            assert.deepEqual(parseRealm(undefined), {
                fix: "a realm name is letters, digits, '.', '_' and '-' (the name in the admin console's realm list, not its display name); e.g. acme",
            }));
    });

    describe("parseKeycloakClientId", () => {
        it("defaults to wandb", () => assert.deepEqual(parseKeycloakClientId(undefined), { value: "wandb" }));
        it("accepts a client ID", () => assert.deepEqual(parseKeycloakClientId("wandb-prod"), { value: "wandb-prod" }));
        it("refuses spaces", () =>
            assert.deepEqual(parseKeycloakClientId("w and b"), {
                fix: "a client ID is letters, digits, '.', '_', ':' and '-'; e.g. w-and-b",
            }));
    });

    describe("parseGroupsClaim", () => {
        const cases: [unknown, string | undefined][] = [
            [undefined, undefined],
            [false, undefined],
            ["false", undefined],
            [true, "groups"],
            ["true", "groups"],
            ["roles_and_groups", "roles_and_groups"],
        ];
        for (const [input, claim] of cases) {
            it(`${JSON.stringify(input)} → ${claim ?? "no mapper"}`, () => assert.deepEqual(parseGroupsClaim(input), { value: claim }));
        }
        it("refuses a claim name with spaces", () =>
            assert.deepEqual(parseGroupsClaim("my groups"), {
                fix: "use a claim name of letters, digits, '_', '.', ':' and '-', e.g. groups (the name W&B reads); true also means groups, false none",
            }));
    });

    describe("stack config (wandb-sso:keycloak)", () => {
        it("reads url, realm and defaults", () => {
            const config = readStackConfig(raw(stack({ url: "https://keycloak.example.com/", realm: "acme" })));
            assert.deepEqual(config.idp, {
                name: "keycloak",
                settings: { url: "https://keycloak.example.com", realm: "acme", clientId: "wandb", displayName: "Weights & Biases" },
            });
        });

        it("reads every field", () => {
            const config = readStackConfig(
                raw(
                    stack(
                        {
                            url: "https://sso.example.com/auth",
                            realm: "acme",
                            clientId: "wandb-prod",
                            displayName: "W&B",
                            groupsClaim: true,
                        },
                        { authMethod: "implicit" },
                    ),
                ),
            );
            assert.deepEqual(config.idp, {
                name: "keycloak",
                settings: {
                    url: "https://sso.example.com/auth",
                    realm: "acme",
                    clientId: "wandb-prod",
                    displayName: "W&B",
                    groupsClaim: "groups",
                },
            });
            assert.equal(config.authMethod, "implicit");
        });

        it("names the full stack key of every problem, all at once", () => {
            assert.deepEqual(
                problemsOf(stack({ url: "http://keycloak.example.com", realm: "Acme Corp", clientId: "w b", groupsClaim: "a b" })),
                [
                    'wandb-sso:keycloak.url = "http://keycloak.example.com": http is allowed only for localhost; use https://keycloak.example.com',
                    "wandb-sso:keycloak.realm = \"Acme Corp\": a realm name is letters, digits, '.', '_' and '-' (the name in the admin console's realm list, not its display name); e.g. Acme-Corp",
                    "wandb-sso:keycloak.clientId = \"w b\": a client ID is letters, digits, '.', '_', ':' and '-'; e.g. w-b",
                    "wandb-sso:keycloak.groupsClaim = \"a b\": use a claim name of letters, digits, '_', '.', ':' and '-', e.g. groups (the name W&B reads); true also means groups, false none",
                ],
            );
        });

        it("refuses a missing realm and URL", () => {
            assert.deepEqual(problemsOf(stack({})), [
                "wandb-sso:keycloak.url = undefined: set Keycloak's base URL, e.g. https://keycloak.example.com",
                "wandb-sso:keycloak.realm = undefined: a realm name is letters, digits, '.', '_' and '-' (the name in the admin console's realm list, not its display name); e.g. acme",
            ]);
        });

        it("refuses a realm URL pasted as the URL, naming both fields", () => {
            assert.deepEqual(problemsOf(stack({ url: "https://keycloak.example.com/realms/acme", realm: "acme" })), [
                'wandb-sso:keycloak.url = "https://keycloak.example.com/realms/acme": this is the realm\'s URL; set the URL to https://keycloak.example.com and the realm to "acme"',
            ]);
        });
    });
});
