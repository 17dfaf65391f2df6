// Every policy of the wandb-sso pack, and the pack's list. index.ts only serves this list; tests and
// other tools import the policies from here and run them without the Pulumi CLI.
import type { Policies } from "@pulumi/policy";
import { agreement } from "./rules/agreement";
import { breakGlass } from "./rules/breakGlass";
import { clearTextSecret } from "./rules/clearTextSecret";
import { cognitoIssuer } from "./rules/cognitoIssuer";
import { entraIssuer } from "./rules/entraIssuer";
import { entraSecretExpired, entraSecretExpiring } from "./rules/entraSecretExpiry";
import { implicitFlow } from "./rules/implicitFlow";
import { redirectUris } from "./rules/redirectUris";
import { teamClaims } from "./rules/teamClaims";

export {
    agreement,
    breakGlass,
    clearTextSecret,
    cognitoIssuer,
    entraIssuer,
    entraSecretExpired,
    entraSecretExpiring,
    implicitFlow,
    redirectUris,
    teamClaims,
};

export const policies: Policies = [
    redirectUris,
    clearTextSecret,
    breakGlass,
    implicitFlow,
    cognitoIssuer,
    entraIssuer,
    entraSecretExpired,
    entraSecretExpiring,
    agreement,
    teamClaims,
];
