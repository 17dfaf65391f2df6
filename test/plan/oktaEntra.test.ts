// The offline plan of the Okta and Entra example stacks, run as users run it:
// `npm run plan -- --stack NAME [--json]` through the plan CLI's entry (planCli.ts).
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { secretRotation } from "../../providers/entra/rules";
import { runPlan, type CliResult } from "./planCli";
import { assertNoSecretLeak, byName, projectWithStacks, SECURE_PLACEHOLDER, wandbOidcEnvNames, type PlanJson } from "./planStacks";

type Json = PlanJson;
const lines = (text: string) => text.split("\n");
const WANDB_ENV = wandbOidcEnvNames;

const TENANT = "3f2b6a1c-8d4e-4b7a-9c5d-2e1f0a9b8c7d";
const ENTRA_ISSUER = `https://login.microsoftonline.com/${TENANT}/v2.0`;

const BAD_STACKS: Record<string, string> = {
    // The admin console's URL, a group name for an ID, and a groups claim on the org server.
    "okta-bad":
        "config:\n  okta:apiToken:\n    secure: " +
        SECURE_PLACEHOLDER +
        "\n" +
        "  wandb-sso:host: https://wandb.example.com\n  wandb-sso:idp: okta\n  wandb-sso:okta:\n" +
        "    orgUrl: https://acme-admin.okta.com\n    groupIds: [Engineering]\n    groupsClaim: true\n",
    // A tenant domain for its ID, rotation out of range, a personal-account audience.
    "entra-bad":
        "config:\n  wandb-sso:host: https://wandb.example.com\n  wandb-sso:idp: entra\n  wandb-sso:entra:\n" +
        "    tenantId: contoso.onmicrosoft.com\n    secretRotationDays: 1000\n    signInAudience: PersonalMicrosoftAccount\n",
    // No tenant anywhere: the issuer waits for the provider.
    "entra-no-tenant": "config:\n  wandb-sso:host: https://wandb.example.com\n  wandb-sso:idp: entra\n  wandb-sso:authMethod: implicit\n",
};

describe("npm run plan (okta-dev, entra-dev)", function () {
    this.timeout(120_000);
    const runs: Record<string, CliResult> = {};
    let startedAt: Date;
    let endedAt: Date;

    before(async () => {
        const dir = projectWithStacks("wandb-sso-plan-okta-entra-", BAD_STACKS);
        const jobs: [string, string[]][] = [
            ...["okta-dev", "entra-dev"].flatMap((stack): [string, string[]][] => [
                [`${stack} text`, ["--stack", stack]],
                [`${stack} json`, ["--stack", stack, "--json"]],
            ]),
            ...Object.keys(BAD_STACKS).map((stack): [string, string[]] => [stack, ["--project", dir, "--stack", stack, "--json"]]),
        ];
        startedAt = new Date();
        const results = await Promise.all(jobs.map(([, args]) => runPlan(args)));
        endedAt = new Date();
        jobs.forEach(([key], i) => (runs[key] = results[i]!));
        fs.rmSync(dir, { recursive: true, force: true });
    });

    const json = (key: string): Json => {
        const run = runs[key]!;
        assert.equal(run.status, 0, run.stderr);
        return JSON.parse(run.stdout);
    };

    describe("okta-dev", () => {
        it("exits 0 in text and JSON, leaking no secret (okta:apiToken is secure)", () => {
            for (const kind of ["text", "json"]) {
                const run = runs[`okta-dev ${kind}`]!;
                assert.equal(run.status, 0, run.stderr);
                assertNoSecretLeak(run);
            }
        });

        it("creates the app, the group assignments and the groups claim under OktaOidcApp, then the W&B side (no Secret)", () => {
            assert.deepEqual(
                json("okta-dev json").resources.map((r: Json) => [r.type, r.name, r.parent]),
                [
                    ["wandb-sso:index:OktaOidcApp", "wandb-sso", null],
                    ["okta:app/oAuth:OAuth", "wandb-sso-app", "wandb-sso"],
                    ["okta:app/groupAssignment:GroupAssignment", "wandb-sso-group-00g1a2b3c4d5e6f7g8h9", "wandb-sso"],
                    ["okta:app/groupAssignment:GroupAssignment", "wandb-sso-group-00g9h8g7f6e5d4c3b2a1", "wandb-sso"],
                    ["okta:auth/serverClaim:ServerClaim", "wandb-sso-groups-claim", "wandb-sso"],
                    ["wandb-sso:index:WandbOidc", "wandb", null],
                    // The live Deployment, read before anything is created.
                    ["kubernetes:apps/v1:Deployment", "wandb-live", "wandb"],
                    ["kubernetes:core/v1:ConfigMap", "wandb-oidc", "wandb"],
                    ["kubernetes:apps/v1:DeploymentPatch", "wandb-deployment", "wandb"],
                ],
            );
        });

        it("shows the exact inputs", () => {
            const plan = json("okta-dev json");
            assert.deepEqual(byName(plan, "wandb-sso-app").inputs, {
                grantTypes: ["authorization_code", "implicit"],
                label: "Weights & Biases (dev)",
                pkceRequired: true,
                postLogoutRedirectUris: ["https://wandb.dev.example.com/logout"],
                redirectUris: ["https://wandb.dev.example.com/oidc/callback"],
                responseTypes: ["code", "id_token", "token"],
                tokenEndpointAuthMethod: "none",
                type: "browser",
            });
            assert.deepEqual(byName(plan, "wandb-sso-group-00g1a2b3c4d5e6f7g8h9").inputs, {
                appId: "(known after apply)",
                groupId: "00g1a2b3c4d5e6f7g8h9",
            });
            assert.deepEqual(byName(plan, "wandb-sso-groups-claim").inputs, {
                alwaysIncludeInToken: true,
                authServerId: "default",
                claimType: "IDENTITY",
                groupFilterType: "REGEX",
                name: "groups",
                value: "wandb-.*",
                valueType: "GROUPS",
            });
        });

        it("states the custom authorization server's issuer and the W&B environment without a secret", () => {
            const plan = json("okta-dev json");
            assert.deepEqual(plan.outputs, {
                issuer: "https://acme-dev.okta.com/oauth2/default",
                clientId: "(known after apply)",
                authMethod: "pkce",
                callbackUrl: "https://wandb.dev.example.com/oidc/callback",
                logoutUrl: "https://wandb.dev.example.com/logout",
            });
            assert.deepEqual(Object.keys(plan.wandbEnv), WANDB_ENV(false));
            assert.equal(plan.wandbEnv.OIDC_ISSUER, "https://acme-dev.okta.com/oauth2/default");
            assert.equal(plan.wandbEnv.OIDC_AUTH_METHOD, "pkce");
        });

        it("prints the same in text", () => {
            const text = lines(runs["okta-dev text"]!.stdout);
            for (const line of [
                "+ wandb-sso:index:OktaOidcApp  wandb-sso",
                "    + okta:app/oAuth:OAuth  wandb-sso-app  [protected]",
                "          type: browser",
                "          tokenEndpointAuthMethod: none",
                "    + okta:auth/serverClaim:ServerClaim  wandb-sso-groups-claim",
                "    OIDC_ISSUER=https://acme-dev.okta.com/oauth2/default",
            ]) {
                assert.ok(text.includes(line), `missing line: ${line}`);
            }
            assert.match(runs["okta-dev text"]!.stdout, /^ {4}issuer +https:\/\/acme-dev\.okta\.com\/oauth2\/default$/m);
        });
    });

    describe("entra-dev", () => {
        it("exits 0 in text and JSON; the client secret appears only as [secret]", () => {
            for (const kind of ["text", "json"]) {
                const run = runs[`entra-dev ${kind}`]!;
                assert.equal(run.status, 0, run.stderr);
                assertNoSecretLeak(run);
                assert.ok(run.stdout.includes("[secret]"));
            }
        });

        it("creates the app, its service principal and its secret under EntraOidcApp, then the W&B side with a Secret", () => {
            assert.deepEqual(
                json("entra-dev json").resources.map((r: Json) => [r.type, r.name, r.parent]),
                [
                    ["wandb-sso:index:EntraOidcApp", "wandb-sso", null],
                    ["azuread:index/application:Application", "wandb-sso-app", "wandb-sso"],
                    ["azuread:index/servicePrincipal:ServicePrincipal", "wandb-sso-sp", "wandb-sso"],
                    ["azuread:index/applicationPassword:ApplicationPassword", "wandb-sso-secret", "wandb-sso"],
                    ["wandb-sso:index:WandbOidc", "wandb", null],
                    // The live Deployment, read before anything is created.
                    ["kubernetes:apps/v1:Deployment", "wandb-live", "wandb"],
                    ["kubernetes:core/v1:ConfigMap", "wandb-oidc", "wandb"],
                    ["kubernetes:core/v1:Secret", "wandb-oidc-secret", "wandb"],
                    ["kubernetes:apps/v1:DeploymentPatch", "wandb-deployment", "wandb"],
                ],
            );
        });

        it("shows the exact inputs, the secret's from today's rotation period", () => {
            const plan = json("entra-dev json");
            assert.deepEqual(byName(plan, "wandb-sso-app").inputs, {
                description: "W&B Server at https://wandb.dev.example.com (OIDC single sign-on, managed by wandb-sso)",
                displayName: "Weights & Biases (dev)",
                groupMembershipClaims: ["SecurityGroup"],
                optionalClaims: { idTokens: [{ name: "email" }] },
                requiredResourceAccesses: [
                    {
                        resourceAccesses: [
                            { id: "37f7f235-527c-4136-accd-4a02d197296e", type: "Scope" },
                            { id: "14dad69e-099b-42c9-810b-d002981feec1", type: "Scope" },
                            { id: "64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0", type: "Scope" },
                        ],
                        resourceAppId: "00000003-0000-0000-c000-000000000000",
                    },
                ],
                signInAudience: "AzureADMyOrg",
                web: {
                    implicitGrant: { accessTokenIssuanceEnabled: false, idTokenIssuanceEnabled: false },
                    logoutUrl: "https://wandb.dev.example.com/logout",
                    redirectUris: ["https://wandb.dev.example.com/oidc/callback"],
                },
            });
            assert.deepEqual(byName(plan, "wandb-sso-sp").inputs, {
                appRoleAssignmentRequired: false,
                clientId: "(known after apply)",
                featureTags: [{ enterprise: true }],
            });
            // The plan ran between `startedAt` and `endedAt`: its period is one of theirs.
            const expected = [secretRotation(startedAt, 180), secretRotation(endedAt, 180)].map((r) => ({
                applicationId: "(known after apply)",
                displayName: `wandb-sso ${r.periodStart}`,
                endDate: r.endDate,
                rotateWhenChanged: { rotationPeriodStart: r.periodStart },
            }));
            const password = byName(plan, "wandb-sso-secret").inputs;
            assert.ok(
                expected.some((e) => JSON.stringify(e) === JSON.stringify(password)),
                JSON.stringify(password),
            );
        });

        it("keeps the secret in the Secret (as [secret]), never in the ConfigMap", () => {
            const plan = json("entra-dev json");
            assert.equal(byName(plan, "wandb-oidc-secret").inputs.stringData, "[secret]");
            assert.deepEqual(byName(plan, "wandb-oidc").inputs.data, {
                GORILLA_CORS_ORIGINS: "https://wandb.dev.example.com,null",
                OIDC_AUTH_METHOD: "pkce",
                OIDC_CLIENT_ID: "(known after apply)",
                OIDC_ISSUER: ENTRA_ISSUER,
            });
        });

        it("states the tenant's v2.0 issuer (from azuread:tenantId) and the secret only as [secret]", () => {
            const plan = json("entra-dev json");
            assert.deepEqual(plan.outputs, {
                issuer: ENTRA_ISSUER,
                clientId: "(known after apply)",
                authMethod: "pkce",
                callbackUrl: "https://wandb.dev.example.com/oidc/callback",
                logoutUrl: "https://wandb.dev.example.com/logout",
                clientSecret: "[secret]",
            });
            assert.deepEqual(Object.keys(plan.wandbEnv), WANDB_ENV(true));
            assert.equal(plan.wandbEnv.OIDC_ISSUER, ENTRA_ISSUER);
            assert.equal(plan.wandbEnv.OIDC_SECRET, "[secret]");
            assert.equal(plan.wandbEnv.GORILLA_OIDC_SECRET, "[secret]");
        });

        it("prints the same in text", () => {
            const text = lines(runs["entra-dev text"]!.stdout);
            for (const line of [
                "+ wandb-sso:index:EntraOidcApp  wandb-sso",
                "    + azuread:index/application:Application  wandb-sso-app  [protected]",
                "    + azuread:index/applicationPassword:ApplicationPassword  wandb-sso-secret",
                '          stringData: "[secret]"',
                `    OIDC_ISSUER=${ENTRA_ISSUER}`,
                "    OIDC_SECRET=[secret]",
            ]) {
                assert.ok(text.includes(line), `missing line: ${line}`);
            }
            assert.match(runs["entra-dev text"]!.stdout, /^ {4}clientSecret +\[secret\]$/m);
        });
    });

    describe("bad stacks", () => {
        it("refuses the Okta admin URL, a group name and a groups claim on the org server, at once", () => {
            const run = runs["okta-bad"]!;
            assert.equal(run.status, 1);
            assert.equal(run.stdout, "");
            assert.equal(
                run.stderr,
                'wandb-sso stack "okta-bad": 3 problems; nothing was registered. Please fix:\n' +
                    "  - wandb-sso:okta.orgUrl = \"https://acme-admin.okta.com\": this is the Okta Admin Console's URL, not the org's; use https://acme.okta.com\n" +
                    '  - wandb-sso:okta.groupIds[0] = "Engineering": an Okta group ID is 00g followed by 17 letters and digits, e.g. 00g1a2b3c4d5e6f7g8h9 (Directory > Groups > the group: the end of its URL), not the group\'s name\n' +
                    "  - wandb-sso:okta.groupsClaim = true: a groups claim needs a custom authorization server (the org server's app-level groups claim is deprecated and skipped unless the Okta provider uses an SSWS token): set wandb-sso:okta.authorizationServerId (e.g. default), or remove the groups claim\n",
            );
            assertNoSecretLeak(run);
        });

        it("refuses a tenant domain, rotation out of range and personal accounts, at once", () => {
            const run = runs["entra-bad"]!;
            assert.equal(run.status, 1);
            assert.equal(run.stdout, "");
            assert.equal(
                run.stderr,
                'wandb-sso stack "entra-bad": 3 problems; nothing was registered. Please fix:\n' +
                    '  - wandb-sso:entra.tenantId = "contoso.onmicrosoft.com": Entra\'s issuer names the tenant by its ID, not its domain name; use the GUID: copy the Directory (tenant) ID from Microsoft Entra ID > Overview\n' +
                    "  - wandb-sso:entra.secretRotationDays = 1000: use 1 to 730 days (Entra's longest client secret lifetime is 730 days); e.g. 180\n" +
                    '  - wandb-sso:entra.signInAudience = "PersonalMicrosoftAccount": personal Microsoft accounts sign in through the consumers tenant, whose tokens W&B refuses (its issuer is your tenant\'s): use AzureADMyOrg (the default)\n',
            );
        });

        it("plans Entra without any tenant: the issuer is known after apply; implicit turns on ID-token issuance", () => {
            const plan = json("entra-no-tenant");
            assert.equal(plan.outputs.issuer, "(known after apply)");
            assert.equal(plan.outputs.authMethod, "implicit");
            assert.deepEqual(byName(plan, "wandb-sso-app").inputs.web.implicitGrant, {
                accessTokenIssuanceEnabled: false,
                idTokenIssuanceEnabled: true,
            });
            assert.equal(byName(plan, "wandb-sso-app").inputs.displayName, "Weights & Biases");
        });
    });
});
