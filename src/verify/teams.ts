// The teams check (`wandb-sso verify --teams`): whether the IdP's discovery document shows what W&B's
// team mapping needs, a `groups` claim (of plain names) in the ID token. Discovery documents list
// claims in `claims_supported` at the IdP's discretion: most list only standard claims, and the
// claims wandb-sso configures (an Okta ServerClaim, an Entra optional claim, a Keycloak mapper, a
// Cognito trigger) are per app, so often the answer is a note that it cannot be seen from outside.
// What is known of each IdP's groups claim comes from the caller (the CLI asks the IdP registry):
// verify knows no IdP. Pure: the document is fetched by run.ts.
import type { GroupsClaimKnowledge } from "../parse/teams";
import { stringList } from "./discovery";
import { fail, pass, TITLES, warn, type CheckResult, type DiscoveryDocument } from "./types";

const TITLE = TITLES.teams;
const CHECK_A_TOKEN =
    "sign in a test user who is in a team's group and decode the ID token: groups must be a list of plain group names, each the name of a W&B team";
const NOT_SHOWN = "the discovery document does not say which claims the app's ID tokens carry";

/** `known`: what the IdP whose issuer this is says of its groups claim, if it is one wandb-sso knows. */
export function teamsCheck(doc: DiscoveryDocument, known: GroupsClaimKnowledge | undefined): CheckResult {
    if (known?.refusal !== undefined) return fail("teams", TITLE, known.refusal.message, known.refusal.fix);
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
        `${seen}, and whether the ID token carries groups as names cannot be seen from outside: ${known?.note ?? NOT_SHOWN}${scopeNote}`,
        CHECK_A_TOKEN,
    );
}
