// The teams check (`wandb-sso verify --teams`): whether the IdP's discovery document shows what W&B's
// team mapping needs, a `groups` claim (of plain names) in the ID token. Discovery documents list
// claims in `claims_supported` at the IdP's discretion: most list only standard claims, and the
// claims wandb-sso configures (an Okta ServerClaim, an Entra optional claim, a Keycloak mapper, a
// Cognito trigger) are per app, so often the answer is a note that it cannot be seen from outside.
// Pure: the document is fetched by run.ts.
import { GOOGLE_ISSUER, recogniseIssuer } from "../idps";
import { stringList } from "./discovery";
import { fail, pass, TITLES, warn, type CheckResult, type DiscoveryDocument } from "./types";

const TITLE = TITLES.teams;
const CHECK_A_TOKEN =
    "sign in a test user who is in a team's group and decode the ID token: groups must be a list of plain group names, each the name of a W&B team";

/** Why the claim cannot be seen from outside, per IdP (the configured claim is the app's, not the server's). */
function notVisible(issuer: string): string {
    const idp = recogniseIssuer(issuer);
    if (idp.includes("Entra"))
        return "Entra's discovery document lists no optional claims: groups names come from the app's groups optional claim (cloud_displayname or sam_account_name) with groupMembershipClaims ApplicationGroup";
    if (idp.includes("Cognito"))
        return "Cognito's discovery document does not show triggers: groups comes from the pool's pre token generation Lambda (the ID token itself carries cognito:groups)";
    if (idp.includes("Okta"))
        return "Okta's discovery document does not show an authorization server's custom claims: groups comes from a ServerClaim of valueType GROUPS";
    if (/\/realms\/[^/]+\/?$/.test(issuer))
        return "Keycloak's discovery document does not show a client's mappers: groups comes from a group membership mapper with full path off";
    return "the discovery document does not say which claims the app's ID tokens carry";
}

export function teamsCheck(issuer: string, doc: DiscoveryDocument): CheckResult {
    if (issuer === GOOGLE_ISSUER) {
        return fail(
            "teams",
            TITLE,
            "Google's ID tokens carry no groups claim",
            "W&B's team mapping cannot work with Google: turn group claims (wandb-sso:teams) off and manage teams in W&B",
        );
    }
    if (recogniseIssuer(issuer) === "Auth0") {
        return fail(
            "teams",
            TITLE,
            "groups is one of Auth0's restricted claims: an Action cannot add it to the ID token",
            "W&B's team mapping cannot work with Auth0: turn group claims (wandb-sso:teams) off and manage teams in W&B",
        );
    }
    const scopes = stringList(doc, "scopes_supported");
    const scopeNote = scopes?.includes("groups")
        ? "; the IdP offers a groups scope: if the app's claim is released only with it, set wandb-sso:wandb.customScopes to [groups]"
        : "";
    const claims = stringList(doc, "claims_supported");
    if (claims?.includes("groups")) return pass("teams", TITLE, `claims_supported lists groups${scopeNote}`);
    const seen = claims === undefined ? "claims_supported is not advertised" : "claims_supported does not list groups";
    return warn(
        "teams",
        TITLE,
        `${seen}, and whether the ID token carries groups as names cannot be seen from outside: ${notVisible(issuer)}${scopeNote}`,
        CHECK_A_TOKEN,
    );
}
