// Pure rules about OIDC_ISSUER: its shape, where its discovery document lives, the per-IdP mistakes
// that can be recognised from the string alone, and why a configured issuer differs from the one
// the IdP states.
import { compareKnownIssuers, knownIssuerMistakes, recogniseIssuer, type IssuerMismatch } from "../parse/issuers";
import { fail, pass, TITLES, warn, type CheckResult } from "./types";

export { allowedUrl, isLoopback } from "../parse/url";
export { parseIssuer } from "./settings";

/** `<issuer>/.well-known/openid-configuration`, with one trailing slash of the issuer dropped first (as OIDC libraries do). */
export function discoveryUrl(issuer: string): string {
    const base = issuer.endsWith("/") ? issuer.slice(0, -1) : issuer;
    return `${base}/.well-known/openid-configuration`;
}

/** The mistakes that can be recognised from the issuer string alone (every IdP's rules). */
export const detectIssuerMistakes = knownIssuerMistakes;

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
    const idp = recogniseIssuer(issuer);
    if (idp) return pass("issuer-form", title, `looks like ${idp}`);
    const local = issuer.startsWith("http:");
    return pass(
        "issuer-form",
        title,
        `${local ? "an http URL on localhost (for trials and tests)" : "an https URL"}; IdP not recognised, so the checks below are generic`,
    );
}

/** How the configured issuer compares with the one the discovery document states. */
export type IssuerComparison = { readonly match: true } | IssuerMismatch;

/**
 * Compares the configured issuer with the document's `issuer` exactly (W&B does), and when they
 * differ names the known mistake (a trailing slash, an IdP's own mix-ups, the scheme, letter case)
 * and the value to use.
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
    if (URL.canParse(configured) && URL.canParse(stated)) {
        const c = new URL(configured);
        const s = new URL(stated);
        const known = compareKnownIssuers(c, s, stated);
        if (known !== undefined) return known;
        if (c.protocol !== s.protocol && `${s.protocol}//${configured.slice(c.protocol.length + 2)}` === stated) {
            return { match: false, kind: "scheme", reason: `the IdP's issuer uses ${s.protocol.slice(0, -1)}`, use };
        }
        if (configured.toLowerCase() === stated.toLowerCase()) {
            return { match: false, kind: "letter-case", reason: "they differ in letter case, and W&B compares exactly", use };
        }
    }
    return { match: false, kind: "different", reason: "the IdP states a different issuer", use };
}
