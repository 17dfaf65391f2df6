// Microsoft Entra ID in the registry (src/idps.ts): its stack settings, validator, teams wiring and
// what verify can tell of its issuers. Pure: the component (and @pulumi/azuread) loads only when a
// program uses it.
import { defineIdp } from "../../src/idp/descriptor";
import { ENTRA_ISSUERS, recognisedBy } from "../../src/parse/issuers";
import { checkEntraArgs, ENTRA_ADOPT, ENTRA_FIELDS, ENTRA_IDENTIFIER_CLAIMS, ENTRA_TEAM_NAMES, entraGroupsClaimSent } from "./rules";

export const entra = defineIdp({
    name: "entra",
    className: "EntraOidcApp",
    sdk: "@pulumi/azuread",
    appType: "azuread:index/application:Application",
    fields: ENTRA_FIELDS,
    check: checkEntraArgs,
    adopt: ENTRA_ADOPT,
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, with its SDK
    load: () => (require("./index") as typeof import("./index")).EntraOidcApp,
    groupsClaim: entraGroupsClaimSent,
    teamNames: ENTRA_TEAM_NAMES,
    identifierClaims: () => ENTRA_IDENTIFIER_CLAIMS,
    issuer: {
        owns: recognisedBy(ENTRA_ISSUERS),
        groupsClaim: {
            note: "Entra's discovery document lists no optional claims: groups names come from the app's groups optional claim (cloud_displayname or sam_account_name) with groupMembershipClaims ApplicationGroup",
        },
    },
});
