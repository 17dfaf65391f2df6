// Every IdP's issuer rules, for this IdP (an app registered by hand can come from any IdP): they
// live with the shared parsers (src/parse/issuers), where WandbOidc's issuer check uses them too.
export { compareKnownIssuers, GOOGLE_ISSUER, knownIssuerMistakes, parseKnownIssuer, recogniseIssuer } from "../../src/parse/issuers";
