// Keycloak in the registry (src/idps.ts): its stack settings, validator, what replaces its client,
// teams wiring and what verify can tell of its issuers. Pure: the component (and @pulumi/keycloak)
// loads only when a program uses it.
import { defineIdp } from "../../src/idp/descriptor";
import {
    checkKeycloakArgs,
    isKeycloakIssuer,
    KEYCLOAK_ADOPT,
    KEYCLOAK_CLIENT_REPLACEMENT,
    KEYCLOAK_FIELDS,
    KEYCLOAK_IDENTIFIER_CLAIMS,
    KEYCLOAK_TEAM_NAMES,
    keycloakGroupsClaimSent,
} from "./rules";

export const keycloak = defineIdp({
    name: "keycloak",
    className: "KeycloakOidcApp",
    sdk: "@pulumi/keycloak",
    appType: "keycloak:openid/client:Client",
    fields: KEYCLOAK_FIELDS,
    check: checkKeycloakArgs,
    adopt: KEYCLOAK_ADOPT,
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, with its SDK
    load: () => (require("./index") as typeof import("./index")).KeycloakOidcApp,
    replacement: KEYCLOAK_CLIENT_REPLACEMENT,
    groupsClaim: keycloakGroupsClaimSent,
    teamNames: KEYCLOAK_TEAM_NAMES,
    identifierClaims: () => KEYCLOAK_IDENTIFIER_CLAIMS,
    issuer: {
        owns: isKeycloakIssuer,
        groupsClaim: {
            note: "Keycloak's discovery document does not show a client's mappers: groups comes from a group membership mapper with full path off",
        },
    },
});
