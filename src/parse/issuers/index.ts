// Every IdP's issuer rules in one place, and the one parser for an issuer that reaches OIDC_ISSUER
// from any side: an IdP's component derives its issuer, but WandbOidc (given any IdP's values, from
// any Pulumi language) and ExistingOidcApp (an app made by hand) take one as written, and refuse the
// same known mistakes (Entra's multi-tenant and v1.0 endpoints, Cognito's hosted-UI domain, Okta's
// admin domain, Auth0 without its slash, Google's exact form) that `wandb-sso verify` reports, in
// the same words. Here, among the shared parsers, so that the W&B side (which knows no IdP
// component) and providers/ both use them. Pure: no SDK import.
import { parseIssuer } from "../oidc";
import type { IssuerMismatch, IssuerMistake, IssuerRules } from "./types";
import { bad, ok, said, shown, suggest, type Parsed, type Parser } from "../../problems";
import { hostnameOf, isLoopback } from "../url";
import { AUTH0_ISSUERS } from "./auth0";
import { COGNITO_ISSUERS } from "./cognito";
import { ENTRA_ISSUERS } from "./entra";
import { OKTA_ISSUERS } from "./okta";

export { AUTH0_ISSUERS, COGNITO_ISSUERS, ENTRA_ISSUERS, OKTA_ISSUERS };
export type { IssuerMismatch, IssuerMistake, IssuerRules } from "./types";

/** Google's issuer, exactly as https://accounts.google.com/.well-known/openid-configuration states it. */
export const GOOGLE_ISSUER = "https://accounts.google.com";

const GOOGLE_ISSUERS: IssuerRules = {
    recognise(url) {
        return url.hostname.toLowerCase() === "accounts.google.com" ? "Google" : undefined;
    },
    mistakes(url, issuer) {
        if (url.hostname.toLowerCase() !== "accounts.google.com" || issuer === GOOGLE_ISSUER) return [];
        return [{ severity: "fail", message: `Google's issuer is exactly ${GOOGLE_ISSUER}`, fix: `use ${JSON.stringify(GOOGLE_ISSUER)}` }];
    },
};

/** The IdPs whose issuers can be recognised from the string alone (Keycloak's are any URL). */
const KNOWN: readonly IssuerRules[] = [COGNITO_ISSUERS, ENTRA_ISSUERS, OKTA_ISSUERS, AUTH0_ISSUERS, GOOGLE_ISSUERS];

const WELL_KNOWN = "/.well-known/openid-configuration";

/** The mistakes that can be recognised from the issuer string alone, before anything is fetched. */
export function knownIssuerMistakes(issuer: string): IssuerMistake[] {
    let url: URL;
    try {
        url = new URL(issuer);
    } catch {
        return [{ severity: "fail", message: "the issuer is not an absolute URL", fix: "use the issuer URL the IdP states" }];
    }
    const found: IssuerMistake[] = [];
    if (url.protocol === "http:" && !isLoopback(url)) {
        found.push({
            severity: "fail",
            message: "the issuer uses plain http, which W&B and the IdPs refuse outside localhost",
            fix: `use https: ${shown(`https://${issuer.slice("http://".length)}`, "the issuer with https")}`,
        });
    }
    if (url.pathname.endsWith(WELL_KNOWN) || url.pathname.endsWith(`${WELL_KNOWN}/`)) {
        found.push({
            severity: "fail",
            message: "this is the discovery document's URL, not the issuer",
            fix: `use the part before ${WELL_KNOWN}${said(`: ${JSON.stringify(issuer.slice(0, issuer.indexOf(WELL_KNOWN)))}`, "")}`,
        });
        return found;
    }
    return [...found, ...KNOWN.flatMap((idp) => idp.mistakes(url, issuer))];
}

/** Which IdP the issuer looks like, for the report (`""` when unknown). */
export function recogniseIssuer(issuer: string): string {
    if (!URL.canParse(issuer)) return "";
    const url = new URL(issuer);
    for (const idp of KNOWN) {
        const name = idp.recognise(url);
        if (name !== undefined) return name;
    }
    return "";
}

/** The IdP-specific reason a configured issuer differs from the stated one, when one IdP knows it. */
export function compareKnownIssuers(configured: URL, stated: URL, statedText: string): IssuerMismatch | undefined {
    for (const idp of KNOWN) {
        const mismatch = idp.compare?.(configured, stated, statedText);
        if (mismatch !== undefined) return mismatch;
    }
    return undefined;
}

function isGoogleHostname(hostname: string): boolean {
    const host = hostname.toLowerCase();
    return ["google.com", "googleapis.com"].some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/**
 * An issuer exactly as the IdP's discovery document states it (W&B compares it character for
 * character, so it is not normalised): the shared issuer rules (https, http only for localhost; no
 * credentials, port 0, dot segment, query or fragment), not the discovery document's own URL, and
 * none of the mistakes an IdP's issuers are known for. Google's is exactly https://accounts.google.com;
 * anything else on a Google domain gets that suggested. `self`: the caller's parser (suggestions pass it).
 */
export function parseKnownIssuer(value: unknown, self: Parser<unknown> = parseKnownIssuer): Parsed<string> {
    if (typeof value === "string" && value.trim() === value && isGoogleHostname(hostnameOf(value)) && value !== GOOGLE_ISSUER) {
        return bad(
            `Google's issuer is exactly ${GOOGLE_ISSUER} (https, no path, no trailing slash); use ${JSON.stringify(GOOGLE_ISSUER)}`,
            GOOGLE_ISSUER,
        );
    }
    const parsed = parseIssuer(value, "loopback", self);
    if ("fix" in parsed) return parsed;
    const issuer = parsed.value;
    const wellKnown = issuer.indexOf("/.well-known/");
    if (wellKnown >= 0 || issuer.endsWith("/.well-known")) {
        const base = issuer.slice(0, wellKnown >= 0 ? wellKnown : issuer.length - "/.well-known".length);
        return suggest(
            self,
            base,
            (s) =>
                `this is the discovery document's URL, not the issuer; use the part before /.well-known${s === undefined ? "" : `: ${JSON.stringify(s)}`}`,
        );
    }
    const mistake = knownIssuerMistakes(issuer).find((m) => m.severity === "fail");
    if (mistake) return bad(`${mistake.message}; ${mistake.fix}`);
    return ok(issuer);
}

/** Whether an issuer (as written) is one that these rules recognise. */
export function recognisedBy(rules: IssuerRules): (issuer: string) => boolean {
    return (issuer) => URL.canParse(issuer) && rules.recognise(new URL(issuer)) !== undefined;
}
