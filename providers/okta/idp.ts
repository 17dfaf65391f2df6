// Okta in the registry (src/idps.ts): its stack settings, validator, teams wiring and what verify
// can tell of its issuers. Pure: the component (and @pulumi/okta) loads only when a program uses it.
import { defineIdp } from "../../src/idp/descriptor";
import { OKTA_ISSUERS, recognisedBy } from "../../src/parse/issuers";
import { checkOktaArgs, OKTA_ADOPT, OKTA_FIELDS, OKTA_IDENTIFIER_CLAIMS, OKTA_TEAM_NAMES, oktaGroupsClaimSent } from "./rules";

export const okta = defineIdp({
    name: "okta",
    className: "OktaOidcApp",
    sdk: "@pulumi/okta",
    appType: "okta:app/oAuth:OAuth",
    fields: OKTA_FIELDS,
    check: checkOktaArgs,
    adopt: OKTA_ADOPT,
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, with its SDK
    load: () => (require("./index") as typeof import("./index")).OktaOidcApp,
    groupsClaim: oktaGroupsClaimSent,
    teamNames: OKTA_TEAM_NAMES,
    identifierClaims: () => OKTA_IDENTIFIER_CLAIMS,
    issuer: {
        owns: recognisedBy(OKTA_ISSUERS),
        groupsClaim: {
            note: "Okta's discovery document does not show an authorization server's custom claims: groups comes from a ServerClaim of valueType GROUPS",
        },
    },
});
