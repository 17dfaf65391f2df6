// Pure rules about OIDC_ISSUER: its shape, where its discovery document lives, the per-IdP mistakes
// that can be recognised from the string alone, and why a configured issuer differs from the one
// the IdP states.
import { bad, ok, type Parsed } from "../problems";
import { fail, pass, TITLES, warn, type CheckResult } from "./types";

const LOOPBACK_HOSTNAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

export function isLoopback(url: URL): boolean {
    return LOOPBACK_HOSTNAMES.has(url.hostname);
}

/**
 * May wandb-sso verify fetch this URL? https always; http only on localhost/127.0.0.1 (the same rule
 * as W&B's host). Returns the parsed URL or why not.
 */
export function allowedUrl(value: string): Parsed<URL> {
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        return bad(`${JSON.stringify(value)} is not an absolute URL`);
    }
    if (url.protocol === "https:") return ok(url);
    if (url.protocol === "http:" && isLoopback(url)) return ok(url);
    if (url.protocol === "http:") return bad(`${value} uses plain http; only https is allowed (http only for localhost)`);
    return bad(`${value} is not an http(s) URL`);
}

/**
 * Validates OIDC_ISSUER as a usage matter: an absolute http(s) URL without credentials, query or
 * fragment. It is not normalised: W&B compares it character for character. (An http issuer on a
 * real host is a check failure, not a usage error: see {@link issuerFormCheck}.)
 */
export function parseIssuer(value: unknown): Parsed<string> {
    const example = "https://login.example.com";
    if (typeof value !== "string" || value === "") return bad(`set the issuer URL, e.g. ${example}`);
    if (value.trim() !== value) return bad(`remove the surrounding whitespace: use ${JSON.stringify(value.trim())}`);
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        const guess = /^[a-z0-9.-]+(:\d+)?(\/\S*)?$/i.test(value) ? `https://${value}` : example;
        return bad(`not an absolute URL; the issuer starts with https://, e.g. ${guess}`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
        return bad(`the scheme must be https, e.g. https://${url.host || "login.example.com"}`);
    }
    if (url.username !== "" || url.password !== "") return bad("remove the credentials from the issuer URL");
    if (url.search !== "" || value.includes("?")) return bad("remove the query: an issuer has none");
    if (url.hash !== "" || value.includes("#")) return bad("remove the fragment: an issuer has none");
    return ok(value);
}

/** `<issuer>/.well-known/openid-configuration`, with one trailing slash of the issuer dropped first (as OIDC libraries do). */
export function discoveryUrl(issuer: string): string {
    const base = issuer.endsWith("/") ? issuer.slice(0, -1) : issuer;
    return `${base}/.well-known/openid-configuration`;
}

/** A recognisable mistake in the issuer string itself. */
export interface IssuerMistake {
    readonly severity: "fail" | "warn";
    readonly message: string;
    readonly fix: string;
}

const COGNITO_HOSTED_UI = /^([a-z0-9-]+)\.auth\.([a-z0-9-]+)\.amazoncognito\.com$/;
const COGNITO_IDP = /^cognito-idp\.([a-z0-9-]+)\.amazonaws\.com$/;
const OKTA_HOST = /^([a-z0-9-]+)\.(okta|oktapreview|okta-emea|okta-gov|okta-mil)\.com$/;
const ENTRA_HOSTS = new Set(["login.microsoftonline.com", "login.microsoft.com"]);
const ENTRA_MULTI_TENANT = new Set(["common", "organizations", "consumers"]);
const WELL_KNOWN = "/.well-known/openid-configuration";

function segments(url: URL): string[] {
    return url.pathname.split("/").filter((s) => s !== "");
}

/** Which identity provider the issuer looks like, for the report ("" when unknown). */
export function recogniseIdp(issuer: string): string {
    let url: URL;
    try {
        url = new URL(issuer);
    } catch {
        return "";
    }
    const host = url.hostname.toLowerCase();
    const path = segments(url);
    if (COGNITO_IDP.test(host)) return "an Amazon Cognito user pool";
    if (COGNITO_HOSTED_UI.test(host)) return "the Amazon Cognito hosted-UI domain";
    if (OKTA_HOST.test(host)) {
        if (path[0] === "oauth2" && path.length === 2) return `an Okta custom authorization server (${path[1]})`;
        return path.length === 0 ? "the Okta org authorization server" : "Okta";
    }
    if (ENTRA_HOSTS.has(host)) return "Microsoft Entra ID";
    if (host === "sts.windows.net") return "Microsoft Entra ID (v1.0 issuer)";
    if (host.endsWith(".auth0.com")) return "Auth0";
    if (host === "accounts.google.com") return "Google";
    return "";
}

/** The mistakes that can be recognised from the issuer string alone, before anything is fetched. */
export function detectIssuerMistakes(issuer: string): IssuerMistake[] {
    let url: URL;
    try {
        url = new URL(issuer);
    } catch {
        return [{ severity: "fail", message: "the issuer is not an absolute URL", fix: "use the issuer URL the IdP states" }];
    }
    const found: IssuerMistake[] = [];
    const host = url.hostname.toLowerCase();
    const path = segments(url);
    if (url.protocol === "http:" && !isLoopback(url)) {
        found.push({
            severity: "fail",
            message: "the issuer uses plain http, which W&B and the IdPs refuse outside localhost",
            fix: `use https: ${JSON.stringify(`https://${issuer.slice("http://".length)}`)}`,
        });
    }
    if (url.pathname.endsWith(WELL_KNOWN) || url.pathname.endsWith(`${WELL_KNOWN}/`)) {
        const base = issuer.slice(0, issuer.indexOf(WELL_KNOWN));
        found.push({
            severity: "fail",
            message: "this is the discovery document's URL, not the issuer",
            fix: `use the part before ${WELL_KNOWN}: ${JSON.stringify(base)}`,
        });
        return found;
    }

    const hostedUi = COGNITO_HOSTED_UI.exec(host);
    if (hostedUi) {
        const region = hostedUi[2];
        found.push({
            severity: "fail",
            message: `this is the Cognito hosted-UI (login) domain, not the issuer`,
            fix: `use https://cognito-idp.${region}.amazonaws.com/<poolId>, with the user pool ID (like ${region}_AbC123xyz)`,
        });
    }
    const cognito = COGNITO_IDP.exec(host);
    if (cognito) {
        const region = cognito[1];
        if (path.length === 0) {
            found.push({
                severity: "fail",
                message: "the Cognito issuer lacks the user pool ID",
                fix: `use https://cognito-idp.${region}.amazonaws.com/<poolId>, e.g. …/${region}_AbC123xyz`,
            });
        } else if (path.length === 1 && /^[a-z0-9-]+_[A-Za-z0-9]+$/.test(path[0]!)) {
            const poolRegion = path[0]!.split("_")[0]!;
            if (poolRegion !== region) {
                found.push({
                    severity: "fail",
                    message: `user pool ${path[0]} is in ${poolRegion}, but the issuer names region ${region}`,
                    fix: `use https://cognito-idp.${poolRegion}.amazonaws.com/${path[0]}`,
                });
            }
        }
    }

    if (ENTRA_HOSTS.has(host)) {
        const tenant = path[0];
        const v2 = tenant === undefined ? "" : `https://login.microsoftonline.com/${tenant}/v2.0`;
        if (tenant === undefined) {
            found.push({
                severity: "fail",
                message: "the Entra issuer lacks the tenant",
                fix: "use https://login.microsoftonline.com/<tenantId>/v2.0",
            });
        } else if (ENTRA_MULTI_TENANT.has(tenant.toLowerCase())) {
            found.push({
                severity: "fail",
                message: `"${tenant}" is Entra's multi-tenant endpoint, whose ID tokens name each user's own tenant as issuer`,
                fix: "use your tenant's issuer: https://login.microsoftonline.com/<tenantId>/v2.0",
            });
        } else if (path.length === 1) {
            found.push({
                severity: "fail",
                message: "an Entra issuer without /v2.0 is the v1.0 endpoint, whose discovery document states https://sts.windows.net/…",
                fix: `use ${JSON.stringify(v2)}`,
            });
        } else if (!(path.length === 2 && path[1] === "v2.0")) {
            found.push({
                severity: "fail",
                message: `an Entra issuer is <tenant>/v2.0, not an endpoint path (${url.pathname})`,
                fix: `use ${JSON.stringify(v2)}`,
            });
        }
    }
    if (host === "sts.windows.net" && path[0] !== undefined) {
        found.push({
            severity: "warn",
            message: "this is Entra's v1.0 issuer",
            fix: `W&B works best with the v2.0 issuer: https://login.microsoftonline.com/${path[0]}/v2.0`,
        });
    }

    const okta = OKTA_HOST.exec(host);
    if (okta) {
        const org = okta[1]!;
        if (org.endsWith("-admin")) {
            found.push({
                severity: "fail",
                message: "this is the Okta admin console domain, not the issuer",
                fix: `use https://${org.slice(0, -"-admin".length)}.${okta[2]}.com (org) or …/oauth2/default (custom authorization server)`,
            });
        }
        const isOrg = path.length === 0;
        const isCustom = path.length === 2 && path[0] === "oauth2" && path[1] !== "v1";
        if (!isOrg && !isCustom) {
            const root = `${url.protocol}//${url.host}`;
            found.push({
                severity: "fail",
                message: `an Okta issuer is the org (${root}) or a custom authorization server (${root}/oauth2/<serverId>), not ${url.pathname}`,
                fix: `use ${JSON.stringify(root)} or ${JSON.stringify(`${root}/oauth2/default`)}, whichever the app's tokens come from`,
            });
        }
    }

    if (host.endsWith(".auth0.com") && path.length === 0 && !issuer.endsWith("/")) {
        found.push({
            severity: "fail",
            message: "Auth0's issuer ends with a slash",
            fix: `use ${JSON.stringify(`${issuer}/`)}`,
        });
    }
    if (host === "accounts.google.com" && issuer !== "https://accounts.google.com") {
        found.push({
            severity: "fail",
            message: "Google's issuer is exactly https://accounts.google.com",
            fix: 'use "https://accounts.google.com"',
        });
    }
    return found;
}

/** Check 5, from the issuer string alone: the known mistakes, or which IdP it looks like. */
export function issuerFormCheck(issuer: string): CheckResult {
    const mistakes = detectIssuerMistakes(issuer);
    const title = TITLES["issuer-form"];
    const first = mistakes.find((m) => m.severity === "fail") ?? mistakes[0];
    if (first) {
        const more =
            mistakes.length > 1
                ? ` (and ${mistakes.length - 1} more: ${mistakes
                      .filter((m) => m !== first)
                      .map((m) => m.message)
                      .join("; ")})`
                : "";
        return first.severity === "fail"
            ? fail("issuer-form", title, `${first.message}${more}`, first.fix)
            : warn("issuer-form", title, `${first.message}${more}`, first.fix);
    }
    const idp = recogniseIdp(issuer);
    if (idp) return pass("issuer-form", title, `looks like ${idp}`);
    const local = issuer.startsWith("http:");
    return pass(
        "issuer-form",
        title,
        `${local ? "an http URL on localhost (for trials and tests)" : "an https URL"}; IdP not recognised, so the checks below are generic`,
    );
}

/** How the configured issuer compares with the one the discovery document states. */
export type IssuerComparison =
    | { readonly match: true }
    | {
          readonly match: false;
          /** A name for the mistake, for tests and JSON (e.g. `trailing-slash`). */
          readonly kind: string;
          /** Why they differ, in words. */
          readonly reason: string;
          /** The value OIDC_ISSUER should have, when it can be told. */
          readonly use?: string;
      };

/**
 * Compares the configured issuer with the document's `issuer` exactly (W&B does), and when they
 * differ names the known mistake and the value to use.
 */
export function compareIssuer(configured: string, stated: unknown): IssuerComparison {
    if (typeof stated !== "string" || stated === "") {
        return { match: false, kind: "missing", reason: "the discovery document states no issuer" };
    }
    if (configured === stated) return { match: true };
    const use = stated;
    if (`${configured}/` === stated) {
        return { match: false, kind: "trailing-slash", reason: "the IdP's issuer ends with a slash and the configured one does not", use };
    }
    if (configured === `${stated}/`) {
        return {
            match: false,
            kind: "trailing-slash",
            reason: "the configured issuer has a trailing slash the IdP's issuer does not",
            use,
        };
    }
    let c: URL | undefined;
    let s: URL | undefined;
    try {
        c = new URL(configured);
        s = new URL(stated);
    } catch {
        // Not URLs: only the generic explanation applies.
    }
    if (c && s) {
        const cHost = c.hostname.toLowerCase();
        const sHost = s.hostname.toLowerCase();
        const cPath = segments(c);
        const sPath = segments(s);
        if (sHost === "sts.windows.net" && ENTRA_HOSTS.has(cHost)) {
            const tenant = sPath[0] ?? cPath[0] ?? "<tenantId>";
            return {
                match: false,
                kind: "entra-v1",
                reason: "this is Entra's v1.0 endpoint (no /v2.0), whose documents state https://sts.windows.net/<tenant>/",
                use: `https://login.microsoftonline.com/${tenant}/v2.0`,
            };
        }
        if (ENTRA_HOSTS.has(sHost) && stated.includes("{tenantid}")) {
            return {
                match: false,
                kind: "entra-multi-tenant",
                reason: "this is Entra's multi-tenant endpoint; its issuer is a template, {tenantid}",
                use: "https://login.microsoftonline.com/<tenantId>/v2.0",
            };
        }
        if (ENTRA_HOSTS.has(sHost) && ENTRA_HOSTS.has(cHost) && cPath[0] !== sPath[0]) {
            return {
                match: false,
                kind: "entra-tenant-id",
                reason: "Entra states the tenant ID (a GUID), not the tenant's domain name",
                use,
            };
        }
        if (COGNITO_HOSTED_UI.test(cHost) && COGNITO_IDP.test(sHost)) {
            return { match: false, kind: "cognito-hosted-ui", reason: "the Cognito hosted-UI domain is not the issuer", use };
        }
        if (c.protocol !== s.protocol && `${s.protocol}//${configured.slice(c.protocol.length + 2)}` === stated) {
            return { match: false, kind: "scheme", reason: `the IdP's issuer uses ${s.protocol.slice(0, -1)}`, use };
        }
        if (c.origin === s.origin) {
            const cOauth2 = cPath[0] === "oauth2" && cPath.length === 2;
            const sOauth2 = sPath[0] === "oauth2" && sPath.length === 2;
            if (sOauth2 && cPath.length === 0) {
                return {
                    match: false,
                    kind: "okta-org-vs-custom",
                    reason: `the configured issuer is the org authorization server, but the discovery document states the custom authorization server "${sPath[1]}"`,
                    use,
                };
            }
            if (cOauth2 && sPath.length === 0) {
                return {
                    match: false,
                    kind: "okta-org-vs-custom",
                    reason: `the configured issuer is a custom authorization server ("${cPath[1]}"), but the discovery document states the org authorization server`,
                    use,
                };
            }
        }
        if (configured.toLowerCase() === stated.toLowerCase()) {
            return { match: false, kind: "letter-case", reason: "they differ in letter case, and W&B compares exactly", use };
        }
    }
    return { match: false, kind: "different", reason: "the IdP states a different issuer", use };
}
