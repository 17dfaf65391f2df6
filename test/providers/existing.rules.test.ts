import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { readStackConfig } from "../../src/config";
import { GOOGLE_ISSUER, parseClientId, parseExistingIssuer } from "../../providers/existing/rules";
import { raw, errorOf, problemsOf } from "../helpers/stackConfig";
import { valueOf } from "../helpers/pulumiMocks";

const GOOGLE_CLIENT_ID = "1234-abc.apps.googleusercontent.com";
const SECRET_VALUE = "GOCSPX-very-secret-value";

const stack = (existing: unknown, extra: Record<string, string> = {}) => ({
    host: "https://wandb.example.com",
    idp: "existing",
    existing: JSON.stringify(existing),
    ...extra,
});

const GOOGLE_FIX =
    'Google\'s issuer is exactly https://accounts.google.com (https, no path, no trailing slash); use "https://accounts.google.com"';

describe("existing app rules", () => {
    describe("parseExistingIssuer", () => {
        const accepted = [
            GOOGLE_ISSUER,
            "https://acme.us.auth0.com/",
            "https://keycloak.example.com/realms/acme",
            "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0",
            "https://acme.okta.com/oauth2/default",
            "http://localhost:8080/realms/dev",
        ];
        for (const issuer of accepted) {
            it(`accepts ${issuer} unchanged`, () => assert.deepEqual(parseExistingIssuer(issuer), { value: issuer }));
        }

        const refused: [unknown, string][] = [
            [undefined, "set the issuer URL, e.g. https://accounts.google.com for Google"],
            ["https://accounts.google.com/", GOOGLE_FIX],
            ["http://accounts.google.com", GOOGLE_FIX],
            ["accounts.google.com", GOOGLE_FIX],
            ["https://www.google.com", GOOGLE_FIX],
            ["https://google.com", GOOGLE_FIX],
            ["https://accounts.google.com/.well-known/openid-configuration", GOOGLE_FIX],
            ["https://oauth2.googleapis.com/token", GOOGLE_FIX],
            ["https://ACCOUNTS.GOOGLE.COM", GOOGLE_FIX],
            [" https://login.example.com", 'remove the surrounding whitespace: use "https://login.example.com"'],
            ["login.example.com", "not an absolute URL; the issuer starts with https://, e.g. https://login.example.com"],
            ["http://login.example.com", 'http is allowed only for localhost; use "https://login.example.com"'],
            ["ldap://login.example.com", "the scheme must be https, e.g. https://login.example.com"],
            ["https://u:p@login.example.com", "remove the credentials: an issuer has none"],
            ["https://login.example.com?x=1", "remove the query: an issuer has none"],
            ["https://login.example.com#x", "remove the fragment: an issuer has none"],
            [
                "https://keycloak.example.com/realms/acme/.well-known/openid-configuration",
                'this is the discovery document\'s URL, not the issuer; use the part before /.well-known: "https://keycloak.example.com/realms/acme"',
            ],
            [
                "https://login.example.com/.well-known/openid-configuration/",
                'this is the discovery document\'s URL, not the issuer; use the part before /.well-known: "https://login.example.com"',
            ],
            [
                "https://login.example.com/.well-known",
                'this is the discovery document\'s URL, not the issuer; use the part before /.well-known: "https://login.example.com"',
            ],
        ];
        for (const [input, fix] of refused) {
            it(`refuses ${JSON.stringify(input)}`, () => assert.deepEqual(parseExistingIssuer(input), { fix }));
        }

        // The IdP-specific mistakes come from the same rules as `wandb-sso verify`.
        const recognised: [string, RegExp][] = [
            ["https://acme.us.auth0.com", /Auth0's issuer ends with a slash.*"https:\/\/acme\.us\.auth0\.com\/"/],
            ["https://wandb-dev.auth.us-west-2.amazoncognito.com", /hosted-UI/],
            ["https://login.microsoftonline.com/common/v2.0", /multi-tenant/],
            ["https://acme-admin.okta.com", /admin console/],
        ];
        for (const [input, pattern] of recognised) {
            it(`refuses ${input} with the verify rule's fix`, () => {
                const parsed = parseExistingIssuer(input);
                assert.ok("fix" in parsed && pattern.test(parsed.fix), JSON.stringify(parsed));
            });
        }
    });

    describe("parseClientId", () => {
        it("accepts a client ID", () => assert.deepEqual(parseClientId(GOOGLE_CLIENT_ID), { value: GOOGLE_CLIENT_ID }));
        it("refuses a missing one", () =>
            assert.deepEqual(parseClientId(undefined), {
                fix: "set the client ID the IdP issued, e.g. 1234-abc.apps.googleusercontent.com",
            }));
        it("refuses whitespace inside", () =>
            assert.deepEqual(parseClientId("1234 abc"), { fix: "a client ID has no whitespace; copy it again from the IdP's console" }));
    });

    describe("stack config (wandb-sso:existing)", () => {
        it("reads Google with a secret set as a Pulumi secret", async () => {
            const config = readStackConfig(
                raw(stack({ issuer: GOOGLE_ISSUER, clientId: GOOGLE_CLIENT_ID, clientSecret: SECRET_VALUE }), ["existing"]),
            );
            const { clientSecret, ...settings } = config.idp.settings as { clientSecret: pulumi.Output<string> };
            assert.deepEqual(
                { name: config.idp.name, settings },
                { name: "existing", settings: { issuer: GOOGLE_ISSUER, clientId: GOOGLE_CLIENT_ID } },
            );
            // Handed to the component as a Pulumi secret, so that it stays encrypted wherever it flows.
            assert.equal(await pulumi.isSecret(clientSecret), true);
            assert.equal(await valueOf(clientSecret), SECRET_VALUE);
        });

        it("reads a hand-made public app without a secret", () => {
            const config = readStackConfig(
                raw(stack({ issuer: "https://acme.us.auth0.com/", clientId: "abc123" }, { authMethod: "implicit" })),
            );
            assert.deepEqual(config.idp, { name: "existing", settings: { issuer: "https://acme.us.auth0.com/", clientId: "abc123" } });
            assert.equal(config.authMethod, "implicit");
        });

        it("refuses a secret in plain text, never showing it, with the command that fixes it", () => {
            const error = errorOf(stack({ issuer: GOOGLE_ISSUER, clientId: GOOGLE_CLIENT_ID, clientSecret: SECRET_VALUE }));
            assert.deepEqual(
                error.problems.map((p) => `${p.setting} = ${JSON.stringify(p.value)}: ${p.fix}`),
                [
                    "wandb-sso:existing.clientSecret = \"[secret]\": the client secret is in plain text in the stack file; set it as a Pulumi secret: pulumi config set --secret --path 'wandb-sso:existing.clientSecret' <value>",
                ],
            );
            assert.ok(!error.message.includes(SECRET_VALUE));
        });

        it("never shows any value of a secret key, even a misspelt field's", () => {
            const error = errorOf(stack({ issuer: GOOGLE_ISSUER, clientId: GOOGLE_CLIENT_ID, clientSecrets: SECRET_VALUE }), ["existing"]);
            assert.deepEqual(
                error.problems.map((p) => `${p.setting} = ${JSON.stringify(p.value)}: ${p.fix}`),
                [
                    'wandb-sso:existing.clientSecrets = "[secret]": unknown field; the fields are issuer, clientId, clientSecret',
                    "wandb-sso:existing.clientSecret = undefined: Google's Web application clients need their client secret to exchange the code (wandb-sso:authMethod pkce): set wandb-sso:existing.clientSecret, or use wandb-sso:authMethod implicit",
                ],
            );
            assert.ok(!error.message.includes(SECRET_VALUE));
        });

        it("refuses Google's issuer variants and a non-Google client ID, all at once", () => {
            assert.deepEqual(problemsOf(stack({ issuer: "https://accounts.google.com/", clientId: "abc" }, { authMethod: "implicit" })), [
                `wandb-sso:existing.issuer = "https://accounts.google.com/": ${GOOGLE_FIX}`,
            ]);
            assert.deepEqual(problemsOf(stack({ issuer: GOOGLE_ISSUER, clientId: "abc" }, { authMethod: "implicit" })), [
                'wandb-sso:existing.clientId = "abc": a Google OAuth client ID ends with .apps.googleusercontent.com; copy it from Google Cloud console > APIs & Services > Credentials',
            ]);
        });

        it("accepts Google without a secret for implicit", () => {
            const config = readStackConfig(raw(stack({ issuer: GOOGLE_ISSUER, clientId: GOOGLE_CLIENT_ID }, { authMethod: "implicit" })));
            assert.deepEqual(config.idp, { name: "existing", settings: { issuer: GOOGLE_ISSUER, clientId: GOOGLE_CLIENT_ID } });
        });

        it("refuses the discovery URL, naming the full key", () => {
            assert.deepEqual(
                problemsOf(stack({ issuer: "https://sso.example.com/realms/acme/.well-known/openid-configuration", clientId: "wandb" })),
                [
                    'wandb-sso:existing.issuer = "https://sso.example.com/realms/acme/.well-known/openid-configuration": this is the discovery document\'s URL, not the issuer; use the part before /.well-known: "https://sso.example.com/realms/acme"',
                ],
            );
        });

        it("refuses a missing object", () => {
            assert.deepEqual(problemsOf({ host: "https://wandb.example.com", idp: "existing" }), [
                "wandb-sso:existing.issuer = undefined: set the issuer URL, e.g. https://accounts.google.com for Google",
                "wandb-sso:existing.clientId = undefined: set the client ID the IdP issued, e.g. 1234-abc.apps.googleusercontent.com",
            ]);
        });

        it("refuses a secret key that is not an object without showing it", () => {
            const error = errorOf({ host: "https://wandb.example.com", idp: "existing", existing: SECRET_VALUE }, ["existing"]);
            assert.equal(error.problems.length, 1);
            assert.equal(error.problems[0]!.value, "[secret]");
            assert.ok(!error.message.includes(SECRET_VALUE));
        });
    });

    describe("SAML", () => {
        it("refuses wandb-sso:idp saml (any case), naming OIDC and the IdPs including auth0, keycloak and existing", () => {
            for (const idp of ["saml", "SAML"]) {
                const problems = problemsOf({ host: "https://wandb.example.com", idp });
                assert.equal(problems.length, 1);
                // The list of IdPs grows as IdPs are added; the words before it are fixed.
                assert.ok(
                    problems[0]!.startsWith(
                        `wandb-sso:idp = "${idp}": W&B Server does not support SAML; it logs in through OIDC: choose one of `,
                    ),
                    problems[0],
                );
                for (const name of ["auth0", "keycloak", "existing"]) assert.match(problems[0]!, new RegExp(`\\b${name}\\b`));
            }
        });

        it("refuses wandb-sso:authMethod saml with the existing IdP, naming OIDC", () => {
            assert.deepEqual(problemsOf(stack({ issuer: GOOGLE_ISSUER, clientId: GOOGLE_CLIENT_ID }, { authMethod: "saml" })), [
                'wandb-sso:authMethod = "saml": W&B Server does not support SAML; it logs in through OIDC: use pkce (recommended) or implicit',
            ]);
        });
    });
});
