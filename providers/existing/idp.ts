// Apps registered by hand (Google, or any IdP's app made in its console) in the registry
// (src/idps.ts): the stack settings, validator, teams wiring and what verify can tell of Google's
// issuer. Creates no cloud resource and loads no IdP SDK.
import { defineIdp } from "../../src/idp/descriptor";
import {
    checkExistingArgs,
    EXISTING_FIELDS,
    EXISTING_SECRET_FIELDS,
    existingGroupsClaimSent,
    existingIdentifierClaims,
    GOOGLE_TEAMS_REFUSAL_CHECK,
    isGoogleIssuer,
} from "./rules";

export const existing = defineIdp({
    name: "existing",
    className: "ExistingOidcApp",
    fields: EXISTING_FIELDS,
    secretFields: EXISTING_SECRET_FIELDS,
    check: checkExistingArgs,
    // Nothing to adopt: the app made by hand is used as it is, and nothing is registered with the IdP.
    adopt: undefined,
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand
    load: () => (require("./index") as typeof import("./index")).ExistingOidcApp,
    groupsClaim: existingGroupsClaimSent,
    // An app registered by hand takes no teams filter (its validator refuses one): no names to check.
    teamNames: undefined,
    identifierClaims: existingIdentifierClaims,
    // Only Google's issuer is known to be an app made by hand (any other is any IdP's).
    issuer: { owns: isGoogleIssuer, groupsClaim: { refusal: GOOGLE_TEAMS_REFUSAL_CHECK } },
});
