// Every IdP's issuer rules in one place. An app registered by hand can come from any IdP, so this
// IdP knows them all: ExistingOidcApp refuses a known mistake, and `wandb-sso verify` (through the
// registry) reports the same ones, in the same words. Pure: no SDK import.
import type { IssuerMismatch, IssuerMistake, IssuerRules } from "../../src/oidc";
import { isLoopback } from "../../src/parse/url";
import { AUTH0_ISSUERS } from "../auth0/rules";
import { COGNITO_ISSUERS } from "../cognito/rules";
import { ENTRA_ISSUERS } from "../entra/rules";
import { OKTA_ISSUERS } from "../okta/rules";

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
            fix: `use https: ${JSON.stringify(`https://${issuer.slice("http://".length)}`)}`,
        });
    }
    if (url.pathname.endsWith(WELL_KNOWN) || url.pathname.endsWith(`${WELL_KNOWN}/`)) {
        found.push({
            severity: "fail",
            message: "this is the discovery document's URL, not the issuer",
            fix: `use the part before ${WELL_KNOWN}: ${JSON.stringify(issuer.slice(0, issuer.indexOf(WELL_KNOWN)))}`,
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
