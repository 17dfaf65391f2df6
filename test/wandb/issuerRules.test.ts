// Every issuer that reaches OIDC_ISSUER passes the same known-mistake rules (issue 21, B4): WandbOidc
// takes an issuer as written (another component's output, or a Python or YAML program's value), and
// refuses what the IdP components and ExistingOidcApp refuse and what verify fails, from the one
// shared home (src/parse/issuers), plain at once and an output when it is known.
import { strict as assert } from "node:assert";
import fc from "fast-check";
import * as pulumi from "@pulumi/pulumi";
import { knownIssuerMistakes, parseKnownIssuer } from "../../src/parse/issuers";
import { parseExistingIssuer } from "../../providers/existing/rules";
import { CLIENT_PARSERS } from "../../src/wandb/settings";
import { ConfigError } from "../../src/errors";
import { WandbOidc } from "../../src/wandb/wandbOidc";
import { valueOf } from "../helpers/pulumiMocks";
import { CLIENT_ID, mockedRuntime } from "../helpers/wandb";

const HOST = "https://wandb.example.com";
const TENANT = "3f2b6a1c-8d4e-4b7a-9c5d-2e1f0a9b8c7d";

/** Issuers the IdP components would never make, each a mistake the rules know. */
const MISTAKES = [
    "https://login.microsoftonline.com/common/v2.0",
    "https://login.microsoftonline.com/organizations/v2.0",
    "https://login.microsoftonline.com/consumers/v2.0",
    `https://login.microsoftonline.com/${TENANT}`,
    `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize`,
    "https://login.microsoftonline.com",
    "https://wandb-example.auth.us-west-2.amazoncognito.com",
    "https://cognito-idp.us-west-2.amazonaws.com",
    "https://cognito-idp.us-east-1.amazonaws.com/us-west-2_AbC123xyz",
    "https://acme-admin.okta.com",
    "https://acme.okta.com/oauth2/v1",
    "https://acme.us.auth0.com",
    "https://accounts.google.com/",
    "https://idp.example.com/.well-known/openid-configuration",
];

const CORRECT = [
    `https://login.microsoftonline.com/${TENANT}/v2.0`,
    "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_AbC123xyz",
    "https://acme.okta.com",
    "https://acme.okta.com/oauth2/default",
    "https://acme.us.auth0.com/",
    "https://accounts.google.com",
    "https://keycloak.example.com/realms/acme",
];

describe("WandbOidc's issuer: the known-mistake rules every issuer passes", () => {
    const runtime = mockedRuntime();

    it("refuses each known mistake before anything is registered, with the IdP's fix", () => {
        for (const issuer of MISTAKES) {
            assert.throws(
                () => new WandbOidc("w", { host: HOST, issuer, clientId: CLIENT_ID, authMethod: "pkce" }),
                (e: unknown) => e instanceof ConfigError && e.message.includes(`issuer = ${JSON.stringify(issuer)}`),
                issuer,
            );
        }
        assert.deepEqual(runtime.mocks.resources, []);
    });

    it("takes the issuers the IdPs state", () => {
        for (const issuer of CORRECT) assert.ok("value" in CLIENT_PARSERS.issuer(issuer), issuer);
    });

    it("refuses each known mistake in another resource's output, once it is known", async () => {
        for (const issuer of MISTAKES.slice(0, 7)) {
            const wandb = new WandbOidc("w", { host: HOST, issuer: pulumi.output(issuer), clientId: CLIENT_ID, authMethod: "pkce" });
            await assert.rejects(valueOf(wandb.env), /WandbOidc "w": issuer \(from another resource\)/, issuer);
        }
    });

    it("one rule on every side: WandbOidc, ExistingOidcApp and verify's known mistakes agree, for any issuer", () => {
        const hosts = fc.constantFrom(
            "login.microsoftonline.com",
            "login.microsoft.com",
            "sts.windows.net",
            "acme.okta.com",
            "acme-admin.okta.com",
            "acme.us.auth0.com",
            "x.auth.us-west-2.amazoncognito.com",
            "cognito-idp.us-west-2.amazonaws.com",
            "accounts.google.com",
            "idp.example.com",
        );
        const segment = fc.constantFrom(
            "common",
            "organizations",
            TENANT,
            "v2.0",
            "oauth2",
            "default",
            "v1",
            "us-west-2_AbC123xyz",
            "realms",
            "acme",
            "",
        );
        fc.assert(
            fc.property(hosts, fc.array(segment, { maxLength: 4 }), (host, path) => {
                const issuer = `https://${host}${path.length === 0 ? "" : `/${path.join("/")}`}`;
                const wandb = "value" in CLIENT_PARSERS.issuer(issuer);
                assert.equal(wandb, "value" in parseExistingIssuer(issuer), issuer);
                assert.equal(wandb, "value" in parseKnownIssuer(issuer), issuer);
                if (knownIssuerMistakes(issuer).some((m) => m.severity === "fail")) assert.equal(wandb, false, issuer);
            }),
            { numRuns: 500 },
        );
    });
});
