// The offline plan of the Auth0, Keycloak and Google (existing) example stacks, run as users run it:
// `npm run plan -- --stack NAME [--json]` through the plan CLI's entry (planCli.ts).
import { strict as assert } from "node:assert";
import { runPlan, type CliResult } from "./planCli";
import { assertNoSecretLeak, byName, projectWithStacks, wandbOidcEnvNames, type PlanJson } from "./planStacks";

type Json = PlanJson;
const lines = (text: string) => text.split("\n");
const PLAIN_SECRET = "GOCSPX-plain-text-secret-value";
const WANDB_PATCH_ENV = wandbOidcEnvNames;

const BAD_STACKS: Record<string, string> = {
    // A Google client secret in plain text, and Google's issuer with a trailing slash.
    "google-plain":
        "config:\n  wandb-sso:host: https://wandb.example.com\n  wandb-sso:idp: existing\n  wandb-sso:existing:\n" +
        "    issuer: https://accounts.google.com/\n    clientId: 1234-abc.apps.googleusercontent.com\n" +
        `    clientSecret: ${PLAIN_SECRET}\n`,
    // SAML asked for twice.
    saml: "config:\n  wandb-sso:host: https://wandb.example.com\n  wandb-sso:idp: saml\n  wandb-sso:authMethod: saml\n",
};

describe("npm run plan (auth0-dev, keycloak-dev, google)", function () {
    this.timeout(120_000);
    const runs: Record<string, CliResult> = {};

    before(async () => {
        const dir = projectWithStacks("wandb-sso-plan-idps-", BAD_STACKS);
        const jobs: [string, string[]][] = [
            ...["auth0-dev", "keycloak-dev", "google"].flatMap((stack): [string, string[]][] => [
                [`${stack} text`, ["--stack", stack]],
                [`${stack} json`, ["--stack", stack, "--json"]],
            ]),
            ...Object.keys(BAD_STACKS).map((stack): [string, string[]] => [stack, ["--project", dir, "--stack", stack]]),
        ];
        const results = await Promise.all(jobs.map(([, args]) => runPlan(args)));
        jobs.forEach(([key], i) => (runs[key] = results[i]!));
    });

    const json = (stack: string): Json => {
        const run = runs[`${stack} json`]!;
        assert.equal(run.status, 0, run.stderr);
        return JSON.parse(run.stdout);
    };

    describe("auth0-dev", () => {
        it("exits 0 in text and JSON, leaking no secret", () => {
            for (const kind of ["text", "json"]) {
                const run = runs[`auth0-dev ${kind}`]!;
                assert.equal(run.status, 0, run.stderr);
                assertNoSecretLeak(run, [PLAIN_SECRET]);
            }
        });

        it("creates the application and its public credentials under Auth0OidcApp, then the W&B side", () => {
            assert.deepEqual(
                json("auth0-dev").resources.map((r: Json) => [r.type, r.name, r.parent]),
                [
                    ["wandb-sso:index:Auth0OidcApp", "wandb-sso", null],
                    ["auth0:index/client:Client", "wandb-sso-client", "wandb-sso"],
                    ["auth0:index/clientCredentials:ClientCredentials", "wandb-sso-credentials", "wandb-sso"],
                    ["wandb-sso:index:WandbOidc", "wandb", null],
                    // The live Deployment, read before anything is created.
                    ["kubernetes:apps/v1:Deployment", "wandb-live", "wandb"],
                    ["kubernetes:core/v1:ConfigMap", "wandb-oidc", "wandb"],
                    ["kubernetes:apps/v1:DeploymentPatch", "wandb-deployment", "wandb"],
                ],
            );
        });

        it("shows the exact inputs", () => {
            const plan = json("auth0-dev");
            assert.deepEqual(byName(plan, "wandb-sso-client").inputs, {
                allowedLogoutUrls: ["https://wandb.dev.example.com/logout"],
                appType: "spa",
                callbacks: ["https://wandb.dev.example.com/oidc/callback"],
                description: "W&B Server at https://wandb.dev.example.com (OIDC single sign-on, managed by wandb-sso)",
                grantTypes: ["authorization_code"],
                isFirstParty: true,
                jwtConfiguration: { alg: "RS256" },
                name: "Weights & Biases (dev)",
                oidcConformant: true,
            });
            assert.deepEqual(byName(plan, "wandb-sso-credentials").inputs, {
                authenticationMethod: "none",
                clientId: "(known after apply)",
            });
        });

        it("states the issuer with Auth0's trailing slash, and the W&B environment without a secret", () => {
            const plan = json("auth0-dev");
            assert.deepEqual(plan.outputs, {
                issuer: "https://acme-dev.us.auth0.com/",
                clientId: "(known after apply)",
                authMethod: "pkce",
                callbackUrl: "https://wandb.dev.example.com/oidc/callback",
                logoutUrl: "https://wandb.dev.example.com/logout",
            });
            assert.deepEqual(plan.wandbEnv, {
                OIDC_ISSUER: "https://acme-dev.us.auth0.com/",
                GORILLA_OIDC_ISSUER: "https://acme-dev.us.auth0.com/",
                OIDC_CLIENT_ID: "(known after apply)",
                GORILLA_OIDC_CLIENT_ID: "(known after apply)",
                OIDC_AUTH_METHOD: "pkce",
                GORILLA_AUTH_METHOD: "pkce",
                GORILLA_CORS_ORIGINS: "https://wandb.dev.example.com,null",
            });
        });

        it("prints the same in text", () => {
            const text = lines(runs["auth0-dev text"]!.stdout);
            for (const line of [
                "+ wandb-sso:index:Auth0OidcApp  wandb-sso",
                "    + auth0:index/client:Client  wandb-sso-client  [protected]",
                "          appType: spa",
                // A setting of the client, never protected (src/idp/app.ts appChildOptions).
                "    + auth0:index/clientCredentials:ClientCredentials  wandb-sso-credentials",
                "          authenticationMethod: none",
                "    OIDC_ISSUER=https://acme-dev.us.auth0.com/",
            ]) {
                assert.ok(text.includes(line), `missing line: ${line}`);
            }
            // Output names are padded to the longest one.
            assert.match(runs["auth0-dev text"]!.stdout, /^ {4}issuer +https:\/\/acme-dev\.us\.auth0\.com\/$/m);
        });
    });

    describe("keycloak-dev", () => {
        it("exits 0 in text and JSON, leaking no secret", () => {
            for (const kind of ["text", "json"]) {
                const run = runs[`keycloak-dev ${kind}`]!;
                assert.equal(run.status, 0, run.stderr);
                assertNoSecretLeak(run, [PLAIN_SECRET]);
            }
        });

        it("creates the client and the groups mapper under KeycloakOidcApp, then the W&B side", () => {
            assert.deepEqual(
                json("keycloak-dev").resources.map((r: Json) => [r.type, r.name, r.parent]),
                [
                    ["wandb-sso:index:KeycloakOidcApp", "wandb-sso", null],
                    ["keycloak:openid/client:Client", "wandb-sso-client", "wandb-sso"],
                    ["keycloak:openid/groupMembershipProtocolMapper:GroupMembershipProtocolMapper", "wandb-sso-groups", "wandb-sso"],
                    ["wandb-sso:index:WandbOidc", "wandb", null],
                    // The live Deployment, read before anything is created.
                    ["kubernetes:apps/v1:Deployment", "wandb-live", "wandb"],
                    ["kubernetes:core/v1:ConfigMap", "wandb-oidc", "wandb"],
                    ["kubernetes:apps/v1:DeploymentPatch", "wandb-deployment", "wandb"],
                ],
            );
        });

        it("shows the exact inputs", () => {
            const plan = json("keycloak-dev");
            assert.deepEqual(byName(plan, "wandb-sso-client").inputs, {
                accessType: "PUBLIC",
                baseUrl: "https://wandb.dev.example.com",
                clientId: "wandb",
                description: "W&B Server at https://wandb.dev.example.com (OIDC single sign-on, managed by wandb-sso)",
                directAccessGrantsEnabled: false,
                enabled: true,
                implicitFlowEnabled: false,
                name: "Weights & Biases",
                pkceCodeChallengeMethod: "S256",
                realmId: "acme",
                standardFlowEnabled: true,
                validPostLogoutRedirectUris: ["https://wandb.dev.example.com/logout"],
                validRedirectUris: ["https://wandb.dev.example.com/oidc/callback"],
                webOrigins: ["https://wandb.dev.example.com"],
            });
            assert.deepEqual(byName(plan, "wandb-sso-groups").inputs, {
                addToAccessToken: false,
                addToIdToken: true,
                addToUserinfo: true,
                claimName: "groups",
                clientId: "(known after apply)",
                fullPath: false,
                name: "groups",
                realmId: "acme",
            });
        });

        it("states the realm's issuer and the W&B environment", () => {
            const plan = json("keycloak-dev");
            assert.deepEqual(plan.outputs, {
                issuer: "https://keycloak.dev.example.com/realms/acme",
                clientId: "wandb",
                authMethod: "pkce",
                callbackUrl: "https://wandb.dev.example.com/oidc/callback",
                logoutUrl: "https://wandb.dev.example.com/logout",
            });
            assert.equal(plan.wandbEnv.OIDC_ISSUER, "https://keycloak.dev.example.com/realms/acme");
            assert.equal(plan.wandbEnv.OIDC_CLIENT_ID, "wandb");
            assert.deepEqual(Object.keys(plan.wandbEnv), WANDB_PATCH_ENV(false));
        });

        it("prints the same in text", () => {
            const text = lines(runs["keycloak-dev text"]!.stdout);
            for (const line of [
                "+ wandb-sso:index:KeycloakOidcApp  wandb-sso",
                "    + keycloak:openid/client:Client  wandb-sso-client  [protected]",
                "          pkceCodeChallengeMethod: S256",
                // What teams add, never protected: turning them off deletes it.
                "    + keycloak:openid/groupMembershipProtocolMapper:GroupMembershipProtocolMapper  wandb-sso-groups",
            ]) {
                assert.ok(text.includes(line), `missing line: ${line}`);
            }
            assert.match(runs["keycloak-dev text"]!.stdout, /^ {4}issuer +https:\/\/keycloak\.dev\.example\.com\/realms\/acme$/m);
        });
    });

    describe("google (existing)", () => {
        it("exits 0 in text and JSON; the nested secure value appears only as [secret]", () => {
            for (const kind of ["text", "json"]) {
                const run = runs[`google ${kind}`]!;
                assert.equal(run.status, 0, run.stderr);
                assertNoSecretLeak(run, [PLAIN_SECRET]);
                assert.ok(run.stdout.includes("[secret]"));
            }
        });

        it("creates no cloud resource: the component, then the W&B side with a Secret", () => {
            assert.deepEqual(
                json("google").resources.map((r: Json) => [r.type, r.name, r.parent]),
                [
                    ["wandb-sso:index:ExistingOidcApp", "wandb-sso", null],
                    ["wandb-sso:index:WandbOidc", "wandb", null],
                    // The live Deployment, read before anything is created.
                    ["kubernetes:apps/v1:Deployment", "wandb-live", "wandb"],
                    ["kubernetes:core/v1:ConfigMap", "wandb-oidc", "wandb"],
                    ["kubernetes:core/v1:Secret", "wandb-oidc-secret", "wandb"],
                    ["kubernetes:apps/v1:DeploymentPatch", "wandb-deployment", "wandb"],
                ],
            );
        });

        it("keeps the secret in the Secret (as [secret]), never in the ConfigMap", () => {
            const plan = json("google");
            assert.equal(byName(plan, "wandb-oidc-secret").inputs.stringData, "[secret]");
            assert.deepEqual(byName(plan, "wandb-oidc").inputs.data, {
                GORILLA_CORS_ORIGINS: "https://wandb.example.com,null",
                OIDC_AUTH_METHOD: "pkce",
                OIDC_CLIENT_ID: "123456789012-abcdefghijklmnopqrstuvwxyz012345.apps.googleusercontent.com",
                OIDC_ISSUER: "https://accounts.google.com",
            });
            const env = byName(plan, "wandb-deployment").inputs.spec.template.spec.containers[0].env;
            assert.deepEqual(
                env.filter((e: Json) => e.name.endsWith("SECRET")),
                ["OIDC_SECRET", "GORILLA_OIDC_SECRET"].map((name) => ({
                    name,
                    valueFrom: { secretKeyRef: { key: "OIDC_SECRET", name: "(known after apply)" } },
                })),
            );
        });

        it("states Google's issuer and the secret only as [secret]", () => {
            const plan = json("google");
            assert.deepEqual(plan.outputs, {
                issuer: "https://accounts.google.com",
                clientId: "123456789012-abcdefghijklmnopqrstuvwxyz012345.apps.googleusercontent.com",
                authMethod: "pkce",
                callbackUrl: "https://wandb.example.com/oidc/callback",
                logoutUrl: "https://wandb.example.com/logout",
                clientSecret: "[secret]",
            });
            assert.deepEqual(Object.keys(plan.wandbEnv), WANDB_PATCH_ENV(true));
            assert.equal(plan.wandbEnv.OIDC_SECRET, "[secret]");
            assert.equal(plan.wandbEnv.GORILLA_OIDC_SECRET, "[secret]");
        });

        it("prints the same in text", () => {
            const text = lines(runs["google text"]!.stdout);
            for (const line of [
                "+ wandb-sso:index:ExistingOidcApp  wandb-sso",
                "    + kubernetes:core/v1:Secret  wandb-oidc-secret",
                '          stringData: "[secret]"',
                "    OIDC_SECRET=[secret]",
                "    GORILLA_OIDC_SECRET=[secret]",
            ]) {
                assert.ok(text.includes(line), `missing line: ${line}`);
            }
            assert.match(runs["google text"]!.stdout, /^ {4}issuer +https:\/\/accounts\.google\.com$/m);
            assert.match(runs["google text"]!.stdout, /^ {4}clientSecret +\[secret\]$/m);
        });
    });

    describe("bad stacks", () => {
        it("refuses a plain-text client secret without showing it, and Google's issuer with a slash", () => {
            const run = runs["google-plain"]!;
            assert.equal(run.status, 1);
            assert.equal(run.stdout, "");
            assert.equal(
                run.stderr,
                'wandb-sso stack "google-plain": 2 problems; nothing was registered. Please fix:\n' +
                    '  - wandb-sso:existing.issuer = "https://accounts.google.com/": Google\'s issuer is exactly https://accounts.google.com (https, no path, no trailing slash); use "https://accounts.google.com"\n' +
                    "  - wandb-sso:existing.clientSecret = \"[secret]\": the client secret is in plain text in the stack file; set it as a Pulumi secret: pulumi config set --secret --path 'wandb-sso:existing.clientSecret' <value>\n",
            );
            assertNoSecretLeak(run, [PLAIN_SECRET]);
        });

        it("refuses SAML as the IdP and as the auth method, naming OIDC", () => {
            const run = runs["saml"]!;
            assert.equal(run.status, 1);
            assert.equal(run.stdout, "");
            const [head, idp, authMethod, ...rest] = run.stderr.split("\n");
            assert.equal(head, 'wandb-sso stack "saml": 2 problems; nothing was registered. Please fix:');
            assert.ok(
                idp!.startsWith('  - wandb-sso:idp = "saml": W&B Server does not support SAML; it logs in through OIDC: choose one of '),
                idp,
            );
            assert.match(idp!, /\bauth0\b.*\bkeycloak\b.*\bexisting\b/);
            assert.equal(
                authMethod,
                '  - wandb-sso:authMethod = "saml": W&B Server does not support SAML; it logs in through OIDC: use pkce (recommended) or implicit',
            );
            assert.deepEqual(rest, [""]);
        });
    });
});
