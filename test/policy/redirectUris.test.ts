import { strict as assert } from "node:assert";
import { redirectUris } from "../../policy/policies";
import { messagesOf, runPolicies, type EngineResource } from "./engine";
import { KNOWN_AFTER_APPLY } from "./engineValues";
import { CALLBACK, HOST, auth0Client, cognitoClient, entraApp, keycloakClient, oktaApp } from "./fixtures";

const NAME = "wandb-sso-redirect-uris";

async function messages(resource: EngineResource): Promise<string[]> {
    const result = await runPolicies([redirectUris], [resource]);
    assert.deepEqual(result.cantRun, []);
    return messagesOf(result, NAME);
}

describe("policy wandb-sso-redirect-uris", () => {
    it("passes W&B app registrations of every IdP with https://<host>/oidc/callback and https logout URIs", async () => {
        for (const app of [oktaApp(), entraApp(), cognitoClient(), auth0Client(), keycloakClient()]) {
            assert.deepEqual(await messages(app), [], app.type);
        }
    });

    it("flags a plain-http redirect URI, mandatory, naming the resource, field, value and fix", async () => {
        const result = await runPolicies([redirectUris], [oktaApp({ redirectUris: ["http://wandb.example.com/oidc/callback"] })]);
        assert.deepEqual(
            result.violations.map((v) => [v.level, v.message]),
            [
                [
                    "mandatory",
                    'okta:app/oAuth:OAuth "wandb-okta": redirectUris[0] "http://wandb.example.com/oidc/callback" is not https ' +
                        '(http is allowed only for localhost, 127.0.0.1 and [::1]); use "https://wandb.example.com/oidc/callback".',
                ],
            ],
        );
    });

    it("allows http on loopback only", async () => {
        const loopback = ["http://localhost:8080/oidc/callback", "http://127.0.0.1/oidc/callback", "http://[::1]:8080/oidc/callback"];
        assert.deepEqual(await messages(auth0Client({ callbacks: loopback })), []);
        const notLoopback = await messages(auth0Client({ callbacks: ["http://localhost.example.com/oidc/callback"] }));
        assert.equal(notLoopback.length, 1);
        assert.match(notLoopback[0]!, /callbacks\[0\] "http:\/\/localhost\.example\.com\/oidc\/callback" is not https/);
    });

    it("requires exactly <host>/oidc/callback: no trailing slash, query, fragment, other path or wildcard", async () => {
        const near = [`${CALLBACK}/`, `${CALLBACK}?x=1`, `${CALLBACK}#top`, `${HOST}/wandb/oidc/callback`, `${CALLBACK}?`];
        const found = await messages(keycloakClient({ validRedirectUris: near }));
        assert.equal(found.length, near.length);
        for (const [i, message] of found.entries()) {
            assert.ok(message.includes(`validRedirectUris[${i}] ${JSON.stringify(near[i])} is not exactly <host>/oidc/callback`), message);
            assert.ok(message.endsWith(`use "${CALLBACK}".`), message);
        }
        const wildcard = await messages(keycloakClient({ validRedirectUris: [CALLBACK, "https://wandb.example.com/*"] }));
        assert.deepEqual(wildcard, [
            'keycloak:openid/client:Client "wandb-keycloak": validRedirectUris[1] "https://wandb.example.com/*" has a wildcard; ' +
                'list each W&B host\'s exact callback, "https://<W&B host>/oidc/callback".',
        ]);
    });

    it("flags a redirect URI that is not W&B's on a W&B app registration, suggesting removal", async () => {
        const found = await messages(cognitoClient({ callbackUrls: [CALLBACK, "https://grafana.example.com/login/generic_oauth"] }));
        assert.deepEqual(found, [
            'aws:cognito/userPoolClient:UserPoolClient "wandb-cognito": callbackUrls[1] "https://grafana.example.com/login/generic_oauth" ' +
                'is not exactly <host>/oidc/callback; use "https://grafana.example.com/oidc/callback" if grafana.example.com is W&B, ' +
                "or remove it: a W&B app registration redirects only to W&B.",
        ]);
    });

    it("checks every redirect field: Entra's SPA and public-client URIs, Cognito's defaultRedirectUri", async () => {
        const entra = await messages(
            entraApp({
                web: { redirectUris: [CALLBACK] },
                singlePageApplication: { redirectUris: ["http://wandb.example.com/oidc/callback"] },
            }),
        );
        assert.equal(entra.length, 1);
        assert.match(entra[0]!, /singlePageApplication\.redirectUris\[0\]/);
        const publicClient = await messages(
            entraApp({ web: {}, publicClient: { redirectUris: ["http://wandb.example.com/oidc/callback"] } }),
        );
        assert.match(publicClient[0]!, /publicClient\.redirectUris\[0\] .* is not https/);
        const cognito = await messages(cognitoClient({ defaultRedirectUri: `${CALLBACK}/` }));
        assert.match(cognito[0]!, /defaultRedirectUri "https:\/\/wandb\.example\.com\/oidc\/callback\/" is not exactly/);
    });

    it("flags plain-http logout URIs of each IdP, and allows Keycloak's + marker", async () => {
        const httpLogout = "http://wandb.example.com/logout";
        const cases: [EngineResource, string][] = [
            [oktaApp({ postLogoutRedirectUris: [httpLogout] }), "postLogoutRedirectUris[0]"],
            [entraApp({ web: { redirectUris: [CALLBACK], logoutUrl: httpLogout } }), "web.logoutUrl"],
            [cognitoClient({ logoutUrls: ["http://wandb.example.com"] }), "logoutUrls[0]"],
            [auth0Client({ allowedLogoutUrls: [httpLogout] }), "allowedLogoutUrls[0]"],
            [keycloakClient({ validPostLogoutRedirectUris: ["+", httpLogout] }), "validPostLogoutRedirectUris[1]"],
        ];
        for (const [app, field] of cases) {
            const found = await messages(app);
            assert.equal(found.length, 1, `${app.type}: ${found.join("\n")}`);
            assert.ok(found[0]!.includes(`${field} `) && found[0]!.includes("is not https"), found[0]);
        }
        assert.deepEqual(await messages(auth0Client({ allowedLogoutUrls: [httpLogout] })), [
            'auth0:index/client:Client "wandb-auth0": allowedLogoutUrls[0] "http://wandb.example.com/logout" is not https ' +
                '(http is allowed only for localhost, 127.0.0.1 and [::1]); use "https://wandb.example.com/logout".',
        ]);
    });

    it("resolves Keycloak's relative redirect URIs against rootUrl", async () => {
        assert.deepEqual(await messages(keycloakClient({ rootUrl: HOST, validRedirectUris: ["/oidc/callback"] })), []);
        assert.deepEqual(await messages(keycloakClient({ rootUrl: "http://wandb.example.com/", validRedirectUris: ["/oidc/callback"] })), [
            'keycloak:openid/client:Client "wandb-keycloak": validRedirectUris[0] "/oidc/callback" (with rootUrl: "http://wandb.example.com/oidc/callback") ' +
                'is not https (http is allowed only for localhost, 127.0.0.1 and [::1]); use "https://wandb.example.com/oidc/callback".',
        ]);
        const noRoot = await messages(keycloakClient({ validRedirectUris: ["/oidc/callback"] }));
        assert.match(noRoot[0]!, /"\/oidc\/callback" is not an absolute URL/);
    });

    it("never flags an unknown value, and still checks the known ones next to it", async () => {
        assert.deepEqual(await messages(oktaApp({ redirectUris: KNOWN_AFTER_APPLY, postLogoutRedirectUris: KNOWN_AFTER_APPLY })), []);
        const mixed = await messages(oktaApp({ redirectUris: [KNOWN_AFTER_APPLY, "http://wandb.example.com/oidc/callback"] }));
        assert.equal(mixed.length, 1);
        assert.match(mixed[0]!, /redirectUris\[1\]/);
        assert.deepEqual(
            await messages(keycloakClient({ rootUrl: KNOWN_AFTER_APPLY, validRedirectUris: [CALLBACK, "/oidc/callback"] })),
            [],
        );
    });

    it("does not apply to apps whose redirect URIs are not W&B's", async () => {
        const grafana = oktaApp({ redirectUris: ["http://grafana.example.com/login/generic_oauth"] }, "grafana");
        const result = await runPolicies([redirectUris], [grafana]);
        assert.deepEqual(result.violations, []);
        assert.deepEqual(result.notApplicable, [`${NAME}: not an IdP app registration for W&B (no redirect URI ending in /oidc/callback)`]);
    });
});
