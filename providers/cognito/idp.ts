// Amazon Cognito in the registry (src/idps.ts): its stack settings, validator, what replaces its app
// client, teams wiring and what verify can tell of its issuers. Pure: the component (and @pulumi/aws)
// loads only when a program uses it.
import { defineIdp } from "../../src/idp/descriptor";
import { COGNITO_ISSUERS, recognisedBy } from "../../src/parse/issuers";
import {
    checkCognitoArgs,
    COGNITO_ADOPT,
    COGNITO_CLIENT_REPLACEMENT,
    COGNITO_FIELDS,
    COGNITO_IDENTIFIER_CLAIMS,
    COGNITO_TEAM_NAMES,
    cognitoGroupsClaimSent,
} from "./rules";

export const cognito = defineIdp({
    name: "cognito",
    className: "CognitoOidcApp",
    sdk: "@pulumi/aws",
    appType: "aws:cognito/userPoolClient:UserPoolClient",
    fields: COGNITO_FIELDS,
    check: checkCognitoArgs,
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, with its SDK
    load: () => (require("./index") as typeof import("./index")).CognitoOidcApp,
    adopt: COGNITO_ADOPT,
    replacement: COGNITO_CLIENT_REPLACEMENT,
    groupsClaim: cognitoGroupsClaimSent,
    teamNames: COGNITO_TEAM_NAMES,
    identifierClaims: () => COGNITO_IDENTIFIER_CLAIMS,
    issuer: {
        owns: recognisedBy(COGNITO_ISSUERS),
        groupsClaim: {
            note: "Cognito's discovery document does not show triggers: groups comes from the pool's pre token generation Lambda (the ID token itself carries cognito:groups)",
        },
    },
});
