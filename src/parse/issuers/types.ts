// What an IdP's issuer rules say about an issuer string alone (recognition, known mistakes, why a
// configured issuer differs from the stated one). Pure.

/** A recognisable mistake in an issuer string itself (verify reports it; ExistingOidcApp refuses it). */
export interface IssuerMistake {
    readonly severity: "fail" | "warn";
    readonly message: string;
    readonly fix: string;
}

/** Why a configured issuer differs from the one the IdP states, when an IdP's rules can tell. */
export interface IssuerMismatch {
    readonly match: false;
    /** A name for the mistake, for tests and JSON (e.g. `trailing-slash`). */
    readonly kind: string;
    /** Why they differ, in words. */
    readonly reason: string;
    /** The value OIDC_ISSUER should have, when it can be told. */
    readonly use?: string;
}

/** What one IdP knows about its issuers, from the string alone (used by verify and by ExistingOidcApp). */
export interface IssuerRules {
    /** Which IdP an issuer URL looks like (`an Okta custom authorization server (default)`), if this one. */
    recognise(url: URL): string | undefined;
    /** The mistakes this IdP's issuers are known for. */
    mistakes(url: URL, issuer: string): IssuerMistake[];
    /** Why a configured issuer differs from the stated one, when it is this IdP's known mix-up. */
    compare?(configured: URL, stated: URL, statedText: string): IssuerMismatch | undefined;
}
