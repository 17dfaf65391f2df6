// Auth0 in the registry (src/idps.ts): its stack settings, validator, teams wiring (refused) and
// what verify can tell of its issuers. Pure: the component (and @pulumi/auth0) loads only when a
// program uses it.
import { defineIdp } from "../../src/idp/descriptor";
import { AUTH0_ISSUERS, recognisedBy } from "../../src/parse/issuers";
import { AUTH0_ADOPT, AUTH0_FIELDS, AUTH0_IDENTIFIER_CLAIMS, auth0GroupsClaimSent, checkAuth0Args } from "./rules";

export const auth0 = defineIdp({
    name: "auth0",
    className: "Auth0OidcApp",
    sdk: "@pulumi/auth0",
    appType: "auth0:index/client:Client",
    fields: AUTH0_FIELDS,
    check: checkAuth0Args,
    adopt: AUTH0_ADOPT,
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, with its SDK
    load: () => (require("./index") as typeof import("./index")).Auth0OidcApp,
    groupsClaim: auth0GroupsClaimSent,
    // Auth0 takes no teams (groups is a restricted claim): no names to check.
    teamNames: undefined,
    identifierClaims: () => AUTH0_IDENTIFIER_CLAIMS,
    issuer: {
        owns: recognisedBy(AUTH0_ISSUERS),
        groupsClaim: {
            refusal: {
                message: "groups is one of Auth0's restricted claims: an Action cannot add it to the ID token",
                fix: "W&B's team mapping cannot work with Auth0: turn group claims (wandb-sso:teams) off and manage teams in W&B",
            },
        },
    },
});
