import { strict as assert } from "node:assert";
import fc from "fast-check";
import {
    authorizationError,
    authorizationErrorFix,
    buildAuthorizationUrl,
    classifyAuthorizationAnswer,
    extractIdpError,
} from "../../src/verify/authorize";
import { quote } from "../../src/verify/text";
import type { VerifyConfig } from "../../src/verify/types";

const config = (authMethod: "pkce" | "implicit"): VerifyConfig => ({
    issuer: "https://acme.okta.com/oauth2/default",
    clientId: "0oa-client",
    authMethod,
    host: "https://wandb.example.com",
    redirectUri: "https://wandb.example.com/oidc/callback",
    hasClientSecret: false,
    notes: [],
});
const ENDPOINT = "https://acme.okta.com/oauth2/default/v1/authorize";

describe("buildAuthorizationUrl", () => {
    it("asks as W&B asks with pkce: response_type=code and an S256 challenge", () => {
        const url = new URL(buildAuthorizationUrl(ENDPOINT, config("pkce"), { state: "s", nonce: "n", codeChallenge: "c" }));
        assert.equal(url.origin + url.pathname, ENDPOINT);
        assert.deepEqual(Object.fromEntries(url.searchParams), {
            client_id: "0oa-client",
            redirect_uri: "https://wandb.example.com/oidc/callback",
            scope: "openid profile email",
            state: "s",
            nonce: "n",
            response_type: "code",
            code_challenge: "c",
            code_challenge_method: "S256",
        });
    });
    it("asks as W&B asks with implicit: id_token with form_post, keeping the endpoint's own query", () => {
        const url = new URL(buildAuthorizationUrl(`${ENDPOINT}?p=B2C_1_signin`, config("implicit"), { state: "s", nonce: "n" }));
        assert.equal(url.searchParams.get("p"), "B2C_1_signin");
        assert.equal(url.searchParams.get("response_type"), "id_token");
        assert.equal(url.searchParams.get("response_mode"), "form_post");
        assert.equal(url.searchParams.has("code_challenge"), false);
    });
});

describe("extractIdpError", () => {
    it("reads oidc-provider's error page", () => {
        const page =
            "<html><head><title>oops! something went wrong</title><style>h1{}</style></head><body><div><h1>oops! something went wrong</h1>" +
            "<pre><strong>error</strong>: invalid_redirect_uri</pre><pre><strong>error_description</strong>: redirect_uri did not match any of the client&#39;s registered redirect_uris</pre></div></body></html>";
        assert.deepEqual(extractIdpError(page), {
            error: "invalid_redirect_uri",
            description: "redirect_uri did not match any of the client's registered redirect_uris",
        });
    });
    it("reads JSON errors, Okta's errorCode/errorSummary included", () => {
        assert.deepEqual(extractIdpError('{"error":"invalid_client","error_description":"bad"}'), {
            error: "invalid_client",
            description: "bad",
        });
        assert.deepEqual(
            extractIdpError('{"errorCode":"E0000022","errorSummary":"The endpoint does not support the provided HTTP method"}'),
            {
                error: "E0000022",
                description: "The endpoint does not support the provided HTTP method",
            },
        );
    });
    it("reads form_post error pages even when they answer 200 (strong signs only)", () => {
        const page =
            '<form method="post" action="https://wandb.example.com/oidc/callback"><input type="hidden" name="error" value="unauthorized_client"/>' +
            '<input type="hidden" name="error_description" value="The client is not authorized &amp; so on"/></form>';
        assert.deepEqual(extractIdpError(page, true), {
            error: "unauthorized_client",
            description: "The client is not authorized & so on",
        });
    });
    it("reads Entra AADSTS messages and falls back to the page's title and words", () => {
        assert.deepEqual(extractIdpError("<div>AADSTS50011: The redirect URI 'x' does not match.</div>", true), {
            text: "AADSTS50011: The redirect URI 'x' does not match.",
        });
        assert.deepEqual(
            extractIdpError(
                "<html><head><title>400 Bad Request</title></head><body><p>Your request resulted in an error.</p></body></html>",
            ),
            {
                text: "400 Bad Request: Your request resulted in an error.",
            },
        );
        assert.equal(extractIdpError("<html><body><form><input name=username></form></body></html>", true), undefined);
    });
    it("round-trips any error code and description through a form_post page (property)", () => {
        const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
        fc.assert(
            fc.property(fc.stringMatching(/^[a-z_]{1,30}$/), fc.string({ minLength: 1, maxLength: 100 }), (error, description) => {
                fc.pre(quote(description) !== "");
                const page = `<input type="hidden" name="error" value="${esc(error)}"/><input type="hidden" name="error_description" value="${esc(description)}"/>`;
                assert.deepEqual(extractIdpError(page, true), { error, description: quote(description) });
            }),
        );
    });
});

describe("classifyAuthorizationAnswer", () => {
    const answer = (status: number, location?: string, body = "") => ({
        url: `${ENDPOINT}?x=1`,
        status,
        body,
        ...(location !== undefined ? { location } : {}),
    });

    it("follows a redirect to a login or interaction page and passes a 200 login page", () => {
        assert.deepEqual(classifyAuthorizationAnswer(answer(302, "/login/login.htm?fromURI=x"), config("pkce")), {
            kind: "follow",
            url: "https://acme.okta.com/login/login.htm?fromURI=x",
        });
        const ok = classifyAuthorizationAnswer(answer(200, undefined, "<title>Sign In</title>"), config("pkce"));
        assert.deepEqual(ok, { kind: "pass", message: 'HTTP 200, a sign-in page ("Sign In")' });
    });
    it("fails an error redirect to the redirect URI (query or fragment), quoting the IdP", () => {
        const q = classifyAuthorizationAnswer(
            answer(302, "https://wandb.example.com/oidc/callback?error=unauthorized_client&error_description=no+grant"),
            config("pkce"),
        );
        assert.equal(q.kind, "fail");
        assert.ok(
            q.kind === "fail" &&
                /redirect URI.*error=unauthorized_client: no grant/.test(q.message) &&
                /authorization code grant/.test(q.fix),
        );
        const f = classifyAuthorizationAnswer(
            answer(302, "https://wandb.example.com/oidc/callback#error=invalid_scope"),
            config("implicit"),
        );
        assert.ok(f.kind === "fail" && /invalid_scope/.test(f.message) && /scopes openid profile email/.test(f.fix));
    });
    it("fails any redirect that carries error=, wherever it goes (property)", () => {
        fc.assert(
            fc.property(
                fc.webUrl({ withQueryParameters: false, withFragments: false }),
                fc.stringMatching(/^[a-z_]{1,20}$/),
                (target, error) => {
                    const sep = target.includes("?") ? "&" : "?";
                    const step = classifyAuthorizationAnswer(answer(303, `${target}${sep}error=${error}`), config("pkce"));
                    assert.equal(step.kind, "fail");
                },
            ),
        );
    });
    it("passes a redirect to the callback with a code (an existing session) and warns on an empty one", () => {
        assert.equal(
            classifyAuthorizationAnswer(answer(302, "https://wandb.example.com/oidc/callback?code=abc&state=s"), config("pkce")).kind,
            "pass",
        );
        assert.equal(classifyAuthorizationAnswer(answer(302, "https://wandb.example.com/oidc/callback"), config("pkce")).kind, "warn");
    });
    it("fails a redirect straight to the callback that does not answer as W&B asked, naming the response mode (property, issue 29)", () => {
        const params = fc.subarray(["code", "id_token", "access_token"], { minLength: 1 });
        const value = fc.stringMatching(/^[A-Za-z0-9._-]{1,40}$/);
        fc.assert(
            fc.property(
                params,
                value,
                fc.constantFrom("query", "fragment"),
                fc.constantFrom<"pkce" | "implicit">("pkce", "implicit"),
                (names, v, mode, method) => {
                    const carried = names.map((n) => `${n}=${v}`).join("&");
                    const location = `https://wandb.example.com/oidc/callback${mode === "query" ? `?${carried}&state=s` : `?state=s#${carried}`}`;
                    const step = classifyAuthorizationAnswer(answer(302, location), config(method));
                    const expected = method === "pkce" && mode === "query" && names.includes("code") ? "pass" : "fail";
                    assert.equal(step.kind, expected, `${method} ${location}`);
                    if (step.kind === "fail") {
                        assert.match(step.message, new RegExp(`in the URL ${mode} \\(response mode ${mode}\\)`));
                        assert.match(step.message, method === "implicit" ? /response_mode=form_post/ : /response mode query/);
                        assert.equal(step.message.includes(v) && v.length > 8, false, "the token is not quoted");
                    }
                },
            ),
        );
        const implicit = classifyAuthorizationAnswer(
            answer(302, "https://wandb.example.com/oidc/callback#id_token=eyJ.a.b&state=s"),
            config("implicit"),
        );
        assert.deepEqual(implicit, {
            kind: "fail",
            message:
                "the IdP redirected straight to the redirect URI with id_token in the URL fragment (response mode fragment), not as W&B asked: W&B asks for response_mode=form_post (implicit) and reads the ID token only from a form POSTed to its callback, so this login would fail",
            fix: "allow response_mode=form_post for the app at the IdP (or use OIDC_AUTH_METHOD=pkce, which takes the code from the query)",
        });
    });
    it("fails error pages (4xx/5xx), redirects without a Location, and non-web redirects", () => {
        const page = classifyAuthorizationAnswer(
            answer(
                400,
                undefined,
                '{"error":"invalid_request","error_description":"The \'redirect_uri\' parameter must be a Login redirect URI"}',
            ),
            config("pkce"),
        );
        assert.ok(
            page.kind === "fail" &&
                /HTTP 400, error=invalid_request/.test(page.message) &&
                /register https:\/\/wandb\.example\.com\/oidc\/callback/.test(page.fix),
        );
        assert.equal(classifyAuthorizationAnswer(answer(302), config("pkce")).kind, "fail");
        assert.equal(classifyAuthorizationAnswer(answer(302, "javascript:alert(1)"), config("pkce")).kind, "fail");
        assert.equal(classifyAuthorizationAnswer(answer(500, undefined, "boom"), config("pkce")).kind, "fail");
    });
    it("fails a 200 page carrying an AADSTS error", () => {
        const step = classifyAuthorizationAnswer(
            answer(200, undefined, "<p>AADSTS700054: response_type 'id_token' is not enabled for the application.</p>"),
            config("implicit"),
        );
        assert.ok(step.kind === "fail" && /AADSTS700054/.test(step.message) && /enable ID tokens/.test(step.fix));
    });
});

describe("authorizationErrorFix", () => {
    it("maps the IdPs' errors to the fix", () => {
        const c = config("pkce");
        assert.match(authorizationErrorFix({ error: "redirect_mismatch" }, c), /register/);
        assert.match(
            authorizationErrorFix({ text: "AADSTS50011: The redirect URI specified in the request does not match" }, c),
            /register/,
        );
        assert.match(authorizationErrorFix({ error: "invalid_client" }, c), /OIDC_CLIENT_ID/);
        assert.match(authorizationErrorFix({ text: "AADSTS700016: Application with identifier 'x' was not found" }, c), /OIDC_CLIENT_ID/);
        assert.match(authorizationErrorFix({ error: "unsupported_response_type" }, config("implicit")), /implicit grant/);
        assert.match(authorizationErrorFix({ error: "access_denied" }, c), /access policy/);
        assert.match(authorizationErrorFix(undefined, c), /fix the app registration/);
    });
});

describe("which authorization failures can pass by themselves (transient)", () => {
    const c = config("pkce");
    const at = (status: number, location?: string, body = "") =>
        classifyAuthorizationAnswer({ url: ENDPOINT, status, body, ...(location !== undefined ? { location } : {}) }, c);
    const transient = (step: ReturnType<typeof at>) => step.kind === "fail" && step.transient === true;

    it("marks an unknown client transient, as each IdP words it: a new app takes a while to appear", () => {
        for (const e of [
            { error: "invalid_client" },
            { text: "AADSTS700016: Application with identifier 'x' was not found in the directory 'y'" },
            { text: "Client not found." },
            { error: "unauthorized", description: "Unknown client: x" },
            { text: "Bad request. Error Code: invalid_client Description: Invalid value for 'client_id' parameter." },
        ]) {
            assert.equal(authorizationError(e, c).unknownClient, true, JSON.stringify(e));
        }
        assert.equal(transient(at(400, undefined, '{"error":"invalid_client","error_description":"client is invalid"}')), true);
        assert.equal(transient(at(302, "https://wandb.example.com/oidc/callback?error=invalid_client")), true);
        assert.equal(transient(at(200, undefined, "<p>AADSTS700016: Application with identifier 'x' was not found</p>")), true);
    });
    it("marks a server error transient", () => {
        assert.equal(transient(at(503, undefined, "busy")), true);
        assert.equal(transient(at(429, undefined, "slow down")), true);
    });
    it("does not mark what waiting cannot fix: redirect URI, grant, scope, denied", () => {
        assert.equal(transient(at(400, undefined, '{"error":"invalid_redirect_uri"}')), false);
        assert.equal(transient(at(302, "https://wandb.example.com/oidc/callback?error=unauthorized_client")), false);
        assert.equal(transient(at(302, "https://wandb.example.com/oidc/callback?error=invalid_scope")), false);
        assert.equal(transient(at(403, undefined, '{"error":"access_denied"}')), false);
        assert.equal(transient(at(302)), false);
        // Other words about the client ID point at OIDC_CLIENT_ID, but waiting will not fix them.
        const mentioned = authorizationError({ error: "unauthorized_client", description: "client_id may not use this grant" }, c);
        assert.deepEqual(mentioned, { fix: 'check OIDC_CLIENT_ID: the IdP does not know client "0oa-client"', unknownClient: false });
        // A redirect URI error that mentions the client is about the redirect URI.
        assert.equal(
            authorizationError({ error: "invalid_request", description: "redirect_uri not registered for client_id x" }, c).unknownClient,
            false,
        );
    });
});
