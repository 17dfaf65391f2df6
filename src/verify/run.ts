// Runs the checks: the thin I/O around the pure rules. Discovery first; then, side by side, the
// JWKS, the authorization request and (pkce) the token endpoint. Never throws for an IdP's sake.
import { buildAuthorizationUrl, classifyAuthorizationAnswer } from "./authorize";
import { documentChecks, issuerCheck, jwksCheck, stringField } from "./discovery";
import type { Resolve } from "./hostPolicy";
import { checkPlace, getJson, issuerPolicy, makeBudget, MAX_LOGIN_REDIRECTS, request, type HttpOptions, type HttpProblem } from "./http";
import { allowedUrl, compareIssuer, discoveryUrl, issuerFormCheck } from "./issuer";
import { resolvingOnce, systemResolve, type Transport } from "./transport";
import { teamsCheck } from "./teams";
import { wandbResourceCheck } from "./wandbResource";
import { quote } from "./text";
import { basicAuthorization, classifyTokenAnswer, clientAuthOrder, isInvalidClient, tokenCheckNoMethod, tokenCheckSkipped } from "./token";
import {
    fail,
    markTransient,
    pass,
    skip,
    TITLES,
    warn,
    type CheckId,
    type CheckResult,
    type DiscoveryDocument,
    type VerifyConfig,
    type VerifyReport,
} from "./types";

export interface VerifyOptions {
    /** Per-request timeout in milliseconds. */
    readonly timeoutMs: number;
    /** The whole run's bound in milliseconds; default 6 × timeoutMs. */
    readonly totalMs?: number;
    /** Response size limit in bytes; default 1 MiB. */
    readonly maxBytes?: number;
    /** OIDC_SECRET, sent only to the token endpoint of a matching issuer; never reported. */
    readonly secret?: string;
    /** The resolver (default: the system's, every address of a name); tests pass their own. */
    readonly resolve?: Resolve;
    /** The wire (default: node's http(s), pinned to the checked addresses); tests pass their own. */
    readonly transport?: Transport;
}

/**
 * The fix for a request the host policy refused: the problem is where the IdP's document (or its
 * redirect) points, not the network.
 */
const REFUSED_FIX =
    "verify goes only where the issuer is (a public issuer's endpoints are public; a private or loopback issuer's may be on that same network; link-local and metadata addresses never): check OIDC_ISSUER, and that the IdP's discovery document names its own endpoints";

/** The fix for a failed request: the policy's when it was refused, the problem's own (a certificate's), else the caller's. */
const fixFor = (result: HttpProblem, fix: string): string => (result.refused ? REFUSED_FIX : (result.fix ?? fix));

/** How many times the whole run may take the per-request timeout. */
export const TOTAL_TIMEOUTS = 6;

const skipAll = (ids: readonly CheckId[], reason: string): CheckResult[] => ids.map((id) => skip(id, TITLES[id], reason));

export async function verify(config: VerifyConfig, options: VerifyOptions): Promise<VerifyReport> {
    const report = await verifyIdp(config, options);
    // The live W&B resource, when given: read from the caller's JSON, no request.
    const { wandbResource } = config;
    if (wandbResource === undefined) return report;
    return { ...report, checks: [...report.checks, wandbResourceCheck(wandbResource.resource, wandbResource.expected)] };
}

/** The checks against the IdP. */
async function verifyIdp(config: VerifyConfig, options: VerifyOptions): Promise<VerifyReport> {
    const budget = makeBudget(options.timeoutMs, options.totalMs ?? TOTAL_TIMEOUTS * options.timeoutMs, options.maxBytes);
    const checks: CheckResult[] = [issuerFormCheck(config.issuer)];
    const later: CheckId[] = ["issuer", "auth-method", "scopes", "signing-alg", "jwks", "authorization"];
    if (config.authMethod === "pkce") later.push("token-endpoint");
    if (config.teams === true) later.push("teams");

    const url = discoveryUrl(config.issuer);
    const allowed = allowedUrl(url);
    if ("fix" in allowed) {
        checks.push(skip("discovery", TITLES.discovery, `not fetched: ${allowed.fix}`), ...skipAll(later, "needs the discovery document"));
        return { config, checks };
    }
    const discoveryFix = "OIDC_ISSUER must be the IdP's issuer, whose discovery document is at <issuer>/.well-known/openid-configuration";
    // One answer per name for the whole run: the policy and every connection rest on it (transport.ts).
    const resolve = resolvingOnce(options.resolve ?? systemResolve);
    const placed = await issuerPolicy(config.issuer, resolve);
    // The CA certificates given (--ca-file, wandb-sso:caCerts), trusted besides the system's roots.
    const trust = config.caCerts && { caCerts: config.caCerts };
    const fetched =
        "policy" in placed
            ? await getJson(url, "issuer", {
                  budget,
                  policy: placed.policy,
                  resolve,
                  ...(options.transport !== undefined && { transport: options.transport }),
                  ...(trust && { trust }),
              })
            : placed;
    if (!fetched.ok) {
        checks.push(
            markTransient(
                fail("discovery", TITLES.discovery, `${url}: ${fetched.problem}`, fixFor(fetched, discoveryFix)),
                fetched.transient,
            ),
            ...skipAll(later, "needs the discovery document"),
        );
        return { config, checks };
    }
    const http: HttpOptions = {
        budget,
        policy: (placed as { policy: HttpOptions["policy"] }).policy,
        resolve,
        ...(options.transport !== undefined && { transport: options.transport }),
        ...(trust && { trust }),
    };
    if (typeof fetched.value !== "object" || fetched.value === null || Array.isArray(fetched.value)) {
        checks.push(
            fail("discovery", TITLES.discovery, `${url}: the JSON is not an object`, discoveryFix),
            ...skipAll(later, "needs the discovery document"),
        );
        return { config, checks };
    }
    const doc = fetched.value as DiscoveryDocument;
    checks.push(
        fetched.redirects > 0
            ? warn(
                  "discovery",
                  TITLES.discovery,
                  `${url} redirects (${fetched.redirects}×) to ${fetched.finalUrl}`,
                  "the issuer's discovery document should answer directly: check OIDC_ISSUER against the issuer check below",
              )
            : pass("discovery", TITLES.discovery, `${url}: HTTP 200, JSON`),
    );
    checks.push(issuerCheck(config.issuer, doc), ...documentChecks(doc, config.authMethod));
    if (config.teams === true) checks.push(teamsCheck(doc, config.groupsClaim));
    const issuerMatches = compareIssuer(config.issuer, doc.issuer).match;

    const pending: Promise<CheckResult>[] = [checkJwks(doc, http), checkAuthorization(doc, config, http)];
    // The secret goes only to a token endpoint named by the issuer's own document, reached without
    // a redirect: whoever answers a redirect can state any issuer.
    const secretTrust = !issuerMatches
        ? "OIDC_SECRET is not sent while the issuer does not match; fix the issuer first"
        : fetched.redirects > 0
          ? "OIDC_SECRET is not sent to a token endpoint named by a discovery document reached through a redirect; make the issuer's discovery document answer directly"
          : undefined;
    if (config.authMethod === "pkce") pending.push(checkToken(doc, config, http, options.secret, secretTrust));
    checks.push(...(await Promise.all(pending)));
    return { config, checks };
}

async function checkJwks(doc: DiscoveryDocument, http: HttpOptions): Promise<CheckResult> {
    const title = TITLES.jwks;
    const uri = stringField(doc, "jwks_uri");
    if (uri === undefined)
        return fail("jwks", title, "the discovery document has no jwks_uri", "the IdP must publish its signing keys (jwks_uri)");
    const fetched = await getJson(uri, "jwks_uri", http);
    if (!fetched.ok)
        return markTransient(
            fail(
                "jwks",
                title,
                `${quote(uri, 160)}: ${fetched.problem}`,
                fixFor(fetched, "the IdP's jwks_uri must answer with its signing keys; W&B needs them to verify ID tokens"),
            ),
            fetched.transient,
        );
    return jwksCheck(fetched.value, doc);
}

/** The cookies of one origin, as a browser would keep them across the login redirects. */
function updateJar(jar: Map<string, string>, setCookies: readonly string[]): void {
    for (const line of setCookies) {
        const pair = line.split(";", 1)[0] ?? "";
        const eq = pair.indexOf("=");
        if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
}

async function checkAuthorization(doc: DiscoveryDocument, config: VerifyConfig, http: HttpOptions): Promise<CheckResult> {
    const title = TITLES.authorization;
    const endpoint = stringField(doc, "authorization_endpoint");
    if (endpoint === undefined)
        return fail("authorization", title, "the discovery document has no authorization_endpoint", "fix the IdP's metadata");
    if (!URL.canParse(endpoint))
        return fail(
            "authorization",
            title,
            `authorization_endpoint ${quote(JSON.stringify(endpoint), 160)} is not an absolute URL`,
            "fix the IdP's metadata",
        );

    const oc = await import("openid-client");
    const verifier = oc.randomPKCECodeVerifier();
    const params = {
        state: oc.randomState(),
        nonce: oc.randomNonce(),
        ...(config.authMethod === "pkce" ? { codeChallenge: await oc.calculatePKCECodeChallenge(verifier) } : {}),
    };
    let url = buildAuthorizationUrl(endpoint, config, params);
    const origin = new URL(endpoint).origin;
    const jar = new Map<string, string>();
    const seen = new Set<string>();
    const trail: string[] = [];
    const via = () => (trail.length > 0 ? ` (via ${trail.join(" → ")})` : "");
    for (let hop = 0; ; hop++) {
        const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
        const key = `${url}\n${cookie}`;
        if (seen.has(key))
            return fail(
                "authorization",
                title,
                `redirect loop${via()}`,
                "the IdP keeps redirecting; check the app's sign-in settings in a browser",
            );
        seen.add(key);
        const result = await request(
            url,
            {
                headers: { accept: "text/html,application/json", ...(cookie ? { cookie } : {}) },
                truncate: true,
                origin: hop === 0 ? { field: "authorization_endpoint" } : { field: "authorization_endpoint", redirect: hop },
            },
            http,
        );
        const where = hop === 0 ? "the authorization endpoint" : `the page at ${quote(new URL(url).pathname, 80)}`;
        if (!result.ok)
            return markTransient(
                fail(
                    "authorization",
                    title,
                    `${where}: ${result.problem}${via()}`,
                    fixFor(result, "the IdP must answer the authorization request; check the issuer and network access"),
                ),
                result.transient,
            );
        updateJar(jar, result.answer.setCookies);
        const step = classifyAuthorizationAnswer(
            {
                url,
                status: result.answer.status,
                body: result.answer.body,
                ...(result.answer.location !== undefined ? { location: result.answer.location } : {}),
            },
            config,
        );
        if (step.kind === "pass") return pass("authorization", title, `${step.message}${via()}`);
        if (step.kind === "fail") return markTransient(fail("authorization", title, `${step.message}${via()}`, step.fix), step.transient);
        if (step.kind === "warn") return warn("authorization", title, `${step.message}${via()}`, step.fix);
        const next = new URL(step.url);
        trail.push(`${result.answer.status} ${quote(next.origin === origin ? next.pathname : `${next.origin}${next.pathname}`, 100)}`);
        if (next.origin !== origin) {
            // Not requested (another origin's page is the sign-in), but still only where the issuer is.
            const placed = await checkPlace(next, { origin: { field: "authorization_endpoint", redirect: hop + 1 } }, http);
            if ("problem" in placed)
                return markTransient(fail("authorization", title, `${placed.problem}${via()}`, fixFor(placed, "")), placed.transient);
            return pass("authorization", title, `the IdP leads on to sign-in at ${quote(next.origin, 100)}${via()}`);
        }
        // A chain that never reaches a page is a login that never reaches one: a browser gives up
        // too (with "too many redirects"), so this fails rather than warns.
        if (hop >= MAX_LOGIN_REDIRECTS) {
            return fail(
                "authorization",
                title,
                `still redirecting after ${MAX_LOGIN_REDIRECTS + 1} answers, without reaching a sign-in page${via()}`,
                "the IdP must show a sign-in page within a few redirects: open the authorization URL in a browser, and check the app's sign-in settings and the IdP's sign-in policies",
            );
        }
        url = step.url;
    }
}

async function checkToken(
    doc: DiscoveryDocument,
    config: VerifyConfig,
    http: HttpOptions,
    secret: string | undefined,
    untrusted: string | undefined,
): Promise<CheckResult> {
    const title = TITLES["token-endpoint"];
    const endpoint = stringField(doc, "token_endpoint");
    if (endpoint === undefined) return tokenCheckSkipped("the discovery document has no token_endpoint (see auth method support)");
    if (secret !== undefined && untrusted !== undefined) return tokenCheckSkipped(untrusted);
    const order = clientAuthOrder(doc, secret !== undefined);
    if (order.length === 0) return tokenCheckNoMethod(doc);

    const oc = await import("openid-client");
    let last: CheckResult | undefined;
    for (const auth of order) {
        const body = new URLSearchParams({
            grant_type: "authorization_code",
            code: `wandb-sso-verify-${oc.randomState()}`,
            redirect_uri: config.redirectUri,
            code_verifier: oc.randomPKCECodeVerifier(),
        });
        const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };
        if (auth === "client_secret_basic" && secret !== undefined) headers.authorization = basicAuthorization(config.clientId, secret);
        if (auth !== "client_secret_basic") body.set("client_id", config.clientId);
        if (auth === "client_secret_post" && secret !== undefined) body.set("client_secret", secret);
        const result = await request(
            endpoint,
            {
                method: "POST",
                headers,
                body: body.toString(),
                origin: { field: "token_endpoint" },
                ...(secret !== undefined && { carriesSecret: true as const }),
            },
            http,
        );
        if (!result.ok)
            return markTransient(
                fail(
                    "token-endpoint",
                    title,
                    `${quote(endpoint, 160)}: ${result.problem}`,
                    fixFor(result, "W&B redeems the login code there: the token endpoint must answer"),
                ),
                result.transient,
            );
        last = classifyTokenAnswer(result.answer.status, result.answer.body, secret !== undefined, auth);
        if (!isInvalidClient(result.answer.status, result.answer.body)) return last;
    }
    return last ?? skip("token-endpoint", title, "not tried");
}
