// The registry: the identity providers the stack can set up, by the name `wandb-sso:idp` takes. For
// each, the fields of its `wandb-sso:<idp>` object, its one validator (the component's own), what
// replaces its app client, and how to load its component: on demand, so that a stack loads only the
// SDK of the IdP it uses. The only file under src/ (besides the public index) that reaches providers/.
import type * as pulumi from "@pulumi/pulumi";
import type { ClientReplacement, IdpAppArgs, IdpCheck, OidcApp } from "../oidc";
import type { GroupsClaimSent, IdentifierClaimsAdvice, TeamsSettings } from "../parse/teams";
import { AUTH0_FIELDS, AUTH0_IDENTIFIER_CLAIMS, auth0GroupsClaimSent, checkAuth0Args } from "../../providers/auth0/rules";
import {
    checkCognitoArgs,
    COGNITO_CLIENT_REPLACEMENT,
    COGNITO_FIELDS,
    COGNITO_IDENTIFIER_CLAIMS,
    cognitoGroupsClaimSent,
} from "../../providers/cognito/rules";
import { checkEntraArgs, ENTRA_FIELDS, ENTRA_IDENTIFIER_CLAIMS, entraGroupsClaimSent } from "../../providers/entra/rules";
import {
    checkExistingArgs,
    EXISTING_FIELDS,
    EXISTING_SECRET_FIELDS,
    existingGroupsClaimSent,
    existingIdentifierClaims,
} from "../../providers/existing/rules";
import {
    checkKeycloakArgs,
    KEYCLOAK_CLIENT_REPLACEMENT,
    KEYCLOAK_FIELDS,
    KEYCLOAK_IDENTIFIER_CLAIMS,
    keycloakGroupsClaimSent,
} from "../../providers/keycloak/rules";
import { checkOktaArgs, OKTA_FIELDS, OKTA_IDENTIFIER_CLAIMS, oktaGroupsClaimSent } from "../../providers/okta/rules";

/** An IdP component's class: what the registry constructs. */
export type IdpComponent<Args> = new (
    name: string,
    args: Args,
    opts?: pulumi.ComponentResourceOptions,
) => pulumi.ComponentResource & OidcApp;

export interface IdpEntry<Args extends IdpAppArgs, Settings> {
    /** The fields of the stack's `wandb-sso:<idp>` object. */
    readonly fields: readonly string[];
    /** Fields that hold a secret: handed to the component as Pulumi secrets when the key is secret. */
    readonly secretFields?: readonly string[];
    readonly check: IdpCheck<Args, Settings>;
    /** Loads the component's module (and with it the IdP's SDK). */
    readonly load: () => IdpComponent<Args>;
    /** What replaces the app client (a new client ID), where the provider's schema was checked. */
    readonly replacement?: ClientReplacement;
    /** What the app's ID tokens carry as a groups claim, with these settings and teams. */
    readonly groupsClaim: (settings: Settings, teams: TeamsSettings) => GroupsClaimSent | undefined;
    /** What the IdP says about W&B's identifier claims (usernames from `preferred_username`). */
    readonly identifierClaims: (settings: Settings) => IdentifierClaimsAdvice;
}

/** The common arguments the stack gives every IdP component. */
export type CommonIdpArgs = Required<Pick<IdpAppArgs, "host" | "authMethod" | "protect">> & Pick<IdpAppArgs, "teams" | "teamGroups">;

const entry = <Args extends IdpAppArgs, Settings>(definition: IdpEntry<Args, Settings>) => definition;

// `require` rather than `import`: the component (and its SDK) is loaded only when a stack uses it.
export const IDPS = {
    cognito: entry({
        fields: COGNITO_FIELDS,
        check: checkCognitoArgs,
        load: () => (require("../../providers/cognito") as typeof import("../../providers/cognito")).CognitoOidcApp,
        replacement: COGNITO_CLIENT_REPLACEMENT,
        groupsClaim: cognitoGroupsClaimSent,
        identifierClaims: () => COGNITO_IDENTIFIER_CLAIMS,
    }),
    auth0: entry({
        fields: AUTH0_FIELDS,
        check: checkAuth0Args,
        load: () => (require("../../providers/auth0") as typeof import("../../providers/auth0")).Auth0OidcApp,
        groupsClaim: auth0GroupsClaimSent,
        identifierClaims: () => AUTH0_IDENTIFIER_CLAIMS,
    }),
    keycloak: entry({
        fields: KEYCLOAK_FIELDS,
        check: checkKeycloakArgs,
        load: () => (require("../../providers/keycloak") as typeof import("../../providers/keycloak")).KeycloakOidcApp,
        replacement: KEYCLOAK_CLIENT_REPLACEMENT,
        groupsClaim: keycloakGroupsClaimSent,
        identifierClaims: () => KEYCLOAK_IDENTIFIER_CLAIMS,
    }),
    existing: entry({
        fields: EXISTING_FIELDS,
        secretFields: EXISTING_SECRET_FIELDS,
        check: checkExistingArgs,
        load: () => (require("../../providers/existing") as typeof import("../../providers/existing")).ExistingOidcApp,
        groupsClaim: existingGroupsClaimSent,
        identifierClaims: existingIdentifierClaims,
    }),
    okta: entry({
        fields: OKTA_FIELDS,
        check: checkOktaArgs,
        load: () => (require("../../providers/okta") as typeof import("../../providers/okta")).OktaOidcApp,
        groupsClaim: oktaGroupsClaimSent,
        identifierClaims: () => OKTA_IDENTIFIER_CLAIMS,
    }),
    entra: entry({
        fields: ENTRA_FIELDS,
        check: checkEntraArgs,
        load: () => (require("../../providers/entra") as typeof import("../../providers/entra")).EntraOidcApp,
        groupsClaim: entraGroupsClaimSent,
        identifierClaims: () => ENTRA_IDENTIFIER_CLAIMS,
    }),
};

export type IdpName = keyof typeof IDPS;
export const IDP_NAMES = Object.keys(IDPS) as IdpName[];

/** The IdP part of a validated stack config: which IdP, and its checked settings. */
export interface IdpSelection {
    readonly name: IdpName;
    readonly settings: object;
}

/** Creates the selected IdP's app registration component, with the common arguments. */
export function createIdpApp(
    name: string,
    selection: IdpSelection,
    common: CommonIdpArgs,
    opts?: pulumi.ComponentResourceOptions,
): pulumi.ComponentResource & OidcApp {
    const Component = IDPS[selection.name].load() as IdpComponent<IdpAppArgs>;
    return new Component(name, { ...common, ...selection.settings }, opts);
}

// Every IdP's issuer rules, for `wandb-sso verify` (pure: loading them loads no SDK).
export { compareKnownIssuers, GOOGLE_ISSUER, knownIssuerMistakes, recogniseIssuer } from "../../providers/existing/issuers";
