// The registry: the identity providers wandb-sso sets up, each one record from its own folder
// (providers/<idp>/idp.ts). The stack config (`wandb-sso:idp`, `wandb-sso:<idp>`), the public
// exports, the plugin's components and the verify CLI's IdP knowledge all come from this list.
// Importing it loads each IdP's pure rules, never its SDK: a component (and its SDK) loads only
// when a program uses it. The W&B side and verify never import it (ESLint checks that).
import type * as pulumi from "@pulumi/pulumi";
import type { IdpAppArgs, OidcApp } from "./oidc";
import type { GroupsClaimKnowledge } from "./parse/teams";
import type { IdpDescriptor } from "./idp/descriptor";
import { auth0 } from "../providers/auth0/idp";
import { cognito } from "../providers/cognito/idp";
import { entra } from "../providers/entra/idp";
import { existing } from "../providers/existing/idp";
import { keycloak } from "../providers/keycloak/idp";
import { okta } from "../providers/okta/idp";

/** Every IdP, in the order messages list them. */
export const IDP_LIST = [cognito, auth0, keycloak, existing, okta, entra] as const;

export type IdpName = (typeof IDP_LIST)[number]["name"];
export const IDP_NAMES: readonly IdpName[] = IDP_LIST.map((idp) => idp.name);
export const IDPS = Object.fromEntries(IDP_LIST.map((idp) => [idp.name, idp])) as Readonly<Record<IdpName, IdpDescriptor>>;

/** The IdP part of a validated stack config: which IdP, and its checked settings. */
export interface IdpSelection {
    readonly name: IdpName;
    readonly settings: object;
}

/** The common arguments the stack gives every IdP component. */
export type CommonIdpArgs = Required<Pick<IdpAppArgs, "host" | "authMethod" | "protect">> & Pick<IdpAppArgs, "teams" | "teamGroups">;

/** Creates the selected IdP's app registration component, with the common arguments. */
export function createIdpApp(
    name: string,
    selection: IdpSelection,
    common: CommonIdpArgs,
    opts?: pulumi.ComponentResourceOptions,
): pulumi.ComponentResource & OidcApp {
    const Component = IDPS[selection.name].load();
    return new Component(name, { ...common, ...selection.settings }, opts);
}

/** What `wandb-sso verify --teams` can say of the groups claim of the IdP whose issuer this is. */
export function groupsClaimKnowledge(issuer: string): GroupsClaimKnowledge | undefined {
    return IDP_LIST.find((idp) => idp.issuer?.owns(issuer) === true)?.issuer?.groupsClaim;
}
