// Across all policies: what is not W&B SSO is not applicable, and values unknown during preview are
// never violations.
import { strict as assert } from "node:assert";
import { policies } from "../../policy/policies";
import { runPolicies, type EngineResource } from "./engine";
import { KNOWN_AFTER_APPLY as U } from "./engineValues";
import {
    CALLBACK,
    auth0Client,
    cognitoClient,
    configMap,
    entraApp,
    keycloakClient,
    oktaApp,
    plain,
    resource,
    wandbV1,
    wandbV2,
    workload,
} from "./fixtures";

const PASSWORD = "azuread:index/applicationPassword:ApplicationPassword";

describe("the pack on resources that are not W&B SSO", () => {
    it("reports nothing, and every policy says it does not apply", async () => {
        const others: EngineResource[] = [
            resource("aws:s3/bucket:Bucket", "logs", { acl: "public-read" }),
            oktaApp({ redirectUris: ["http://grafana.example.com/login/generic_oauth"], grantTypes: ["implicit"] }, "grafana"),
            auth0Client({ callbacks: ["http://app.example.com/callback"] }, "app"),
            resource("kubernetes:apps/v1:Deployment", "api", {
                spec: {
                    template: { spec: { containers: [{ name: "api", env: [plain("SECRET", "x"), plain("LOCAL_RESTORE", "true")] }] } },
                },
            }),
            resource("kubernetes:core/v1:ConfigMap", "settings", {
                data: { AUTH_METHOD: "implicit", ISSUER: "https://sts.windows.net/t/" },
            }),
            resource("kubernetes:core/v1:Secret", "creds", { stringData: { OIDC_SECRET: "x" } }),
            resource(PASSWORD, "grafana-secret", { applicationId: "/applications/x", endDate: "2000-01-01T00:00:00Z" }),
        ];
        const result = await runPolicies(policies, others);
        assert.deepEqual(result.violations, []);
        assert.deepEqual(result.cantRun, []);
        const resourcePolicies = policies.filter((p) => "validateResource" in p).length;
        const stackPolicies = policies.length - resourcePolicies;
        assert.equal(result.notApplicable.length, resourcePolicies * others.length + stackPolicies);
    });
});

describe("the pack on values unknown during preview", () => {
    // Each pair: a resource that violates policies, and the same with the offending values unknown.
    const entra = entraApp();
    const pairs: [EngineResource, EngineResource][] = [
        [
            oktaApp({ redirectUris: [CALLBACK, "http://wandb.example.com/oidc/callback"], grantTypes: ["implicit"] }),
            oktaApp({ redirectUris: [CALLBACK, U], grantTypes: U }),
        ],
        [
            keycloakClient({ rootUrl: "http://wandb.example.com", validRedirectUris: ["/oidc/callback"] }),
            keycloakClient({ rootUrl: U, validRedirectUris: ["/oidc/callback"] }),
        ],
        [cognitoClient({ logoutUrls: ["http://wandb.example.com"] }), cognitoClient({ logoutUrls: [U] })],
        [
            configMap({
                OIDC_SECRET: "s",
                LOCAL_RESTORE: "true",
                OIDC_AUTH_METHOD: "implicit",
                OIDC_ISSUER: "https://x.auth.us-east-1.amazoncognito.com",
            }),
            configMap({ OIDC_SECRET: U, LOCAL_RESTORE: U, OIDC_AUTH_METHOD: U, OIDC_ISSUER: U, OIDC_CLIENT_ID: U }),
        ],
        [
            workload([plain("OIDC_SECRET", "s"), plain("LOCAL_RESTORE", "1"), plain("OIDC_ISSUER", "https://sts.windows.net/t/")]),
            workload([plain("OIDC_SECRET", U), plain("LOCAL_RESTORE", U), plain("OIDC_ISSUER", U)]),
        ],
        [
            wandbV1({ secret: "s", authMethod: "implicit" }, { LOCAL_RESTORE: "true" }),
            wandbV1({ secret: U, authMethod: U, clientId: U, issuer: U }, { LOCAL_RESTORE: U }),
        ],
        [wandbV2({ clientSecret: "s" }), wandbV2({ clientSecret: U, issuerUrl: U })],
        [
            resource(PASSWORD, "secret", { applicationId: U, endDate: "2000-01-01T00:00:00Z" }, { dependencies: [entra.urn!] }),
            resource(PASSWORD, "secret", { applicationId: U, endDate: U }, { dependencies: [entra.urn!] }),
        ],
    ];

    it("flags the known values (so the unknown case below can fail)", async () => {
        for (const [known] of pairs) {
            const result = await runPolicies(policies, [entra, known]);
            assert.ok(result.violations.length > 0, `${known.type} ${known.name}: expected violations`);
        }
    });

    it("flags nothing, and never fails to run, when those values are unknown", async () => {
        for (const [, unknown] of pairs) {
            const result = await runPolicies(policies, [entra, unknown]);
            assert.deepEqual(result.violations, [], `${unknown.type} ${unknown.name}`);
            assert.deepEqual(result.cantRun, []);
        }
    });

    it("copes with whole objects unknown", async () => {
        const resources = [
            resource("okta:app/oAuth:OAuth", "a", { redirectUris: U }),
            resource("azuread:index/application:Application", "b", { web: U, password: U }),
            resource("kubernetes:apps/v1:Deployment", "c", { spec: U }),
            resource("kubernetes:apps/v1:Deployment", "d", { spec: { template: { spec: { containers: [{ name: "w", env: U }, U] } } } }),
            resource("kubernetes:core/v1:ConfigMap", "e", { data: U }),
            resource("kubernetes:apps.wandb.com/v1:WeightsAndBiases", "f", { spec: U }),
            resource("kubernetes:apps.wandb.com/v2:WeightsAndBiases", "g", { spec: { wandb: { oidc: U, legacyOverrides: U } } }),
        ];
        const result = await runPolicies(policies, resources);
        assert.deepEqual(result.violations, []);
        assert.deepEqual(result.cantRun, []);
    });
});
