// One typed record per identity provider: everything the rest of wandb-sso needs to know about it,
// from its own folder (providers/<idp>/idp.ts). The registry (src/idps.ts) is the list of these
// records; the stack config, the public exports, the plugin's component list and the verify CLI's
// IdP knowledge are derived from it, so that adding an IdP is its folder and one registry line.
import type * as pulumi from "@pulumi/pulumi";
import type { ClientReplacement, IdpAppArgs, OidcApp } from "../oidc";
import type { At, Problems, Unchecked } from "../problems";
import type { GroupsClaimKnowledge, GroupsClaimSent, IdentifierClaimsAdvice, TeamNameRules, TeamsSettings } from "../parse/teams";
import type { ProviderSettings } from "../parse/values";
import type { AdoptDescriptor } from "./adopt";

/**
 * An IdP's one validator: checks its own fields (and their combination with the common ones) in
 * `args`, records each problem under the name `at` gives the field, and returns the normalised
 * settings, or undefined when one of its fields has a problem. The component and the stack config
 * both call it.
 */
export type IdpCheck<Args, Settings> = (
    args: Unchecked<Args>,
    problems: Problems,
    at: At,
    provider?: ProviderSettings,
) => Settings | undefined;

/** An IdP component's class. */
export type IdpComponent<Args> = new (
    name: string,
    args: Args,
    opts?: pulumi.ComponentResourceOptions,
) => pulumi.ComponentResource & OidcApp;

/** Everything wandb-sso knows about one identity provider. */
export interface IdpDescriptor<Args extends IdpAppArgs = IdpAppArgs, Settings extends object = object> {
    /** `wandb-sso:idp`'s value, and the key of its settings object (`wandb-sso:<name>`). */
    readonly name: string;
    /** The component's class: its export name and Pulumi type token (`wandb-sso:index:<className>`). */
    readonly className: string;
    /** The IdP's Pulumi SDK, which loading the component loads (none for an app made by hand). */
    readonly sdk?: string;
    /** The fields of the stack's `wandb-sso:<name>` object: the component's own arguments. */
    readonly fields: readonly string[];
    /** Fields that hold a secret: handed to the component as Pulumi secrets when the key is secret. */
    readonly secretFields?: readonly string[];
    /** The one validator, which the component runs too. */
    readonly check: IdpCheck<Args, Settings>;
    /** Loads the component's module (and with it the IdP's SDK): only a stack that uses it does. */
    readonly load: () => IdpComponent<Args>;
    /**
     * Adopting an app made by hand: the IDs its `adopt` field takes (as the IdP's console shows
     * them), the children they are imported into, and what the import cannot bring over.
     * undefined where the component creates nothing to adopt (an app made by hand is used as it is).
     */
    readonly adopt: AdoptDescriptor | undefined;
    /**
     * The Pulumi type token of the app registration the component creates (none for an app made by
     * hand): what the policy pack must recognise in any stack (test/policy/exampleStacks.test.ts).
     */
    readonly appType?: string;
    /** What replaces the app client (a new client ID), where the provider's schema was checked. */
    readonly replacement?: ClientReplacement;
    /** What the app's ID tokens carry as a groups claim, with these settings and teams. */
    readonly groupsClaim: (settings: Settings, teams: TeamsSettings) => GroupsClaimSent | undefined;
    /**
     * What the IdP allows of the group names a teams filter lists (providers/<idp>/rules.ts, with
     * its source); undefined where the IdP takes no teams at all. The stack config and the
     * component both check a filter against it.
     */
    readonly teamNames: TeamNameRules | undefined;
    /** What the IdP says about W&B's identifier claims (usernames from `preferred_username`). */
    readonly identifierClaims: (settings: Settings) => IdentifierClaimsAdvice;
    /** What `wandb-sso verify --teams` says of an issuer this IdP owns. */
    readonly issuer?: {
        /** Whether an issuer (as written) is this IdP's. */
        readonly owns: (issuer: string) => boolean;
        readonly groupsClaim: GroupsClaimKnowledge;
    };
}

/**
 * An IdP's record, as the registry holds it: its settings are whatever its own validator returned,
 * which only its own functions read. The one place the settings' type is forgotten.
 */
export function defineIdp<const Name extends string, Args extends IdpAppArgs, Settings extends object>(
    descriptor: IdpDescriptor<Args, Settings> & { readonly name: Name },
): IdpDescriptor & { readonly name: Name } {
    return descriptor as unknown as IdpDescriptor & { readonly name: Name };
}
