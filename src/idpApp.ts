// What every IdP component shares: the validation prologue (common arguments, then the IdP's own
// validator, one ConfigError before anything is registered) and the OIDC outputs the W&B side reads.
// Components keep only their wiring.
import * as pulumi from "@pulumi/pulumi";
import { checkIdpAppArgs, wandbUrls, type AuthMethod, type IdpAppArgs, type IdpCheck, type WandbUrls } from "./oidc";
import { asArgument, Problems } from "./problems";
import { fieldsOf, refuseUnknownArgs } from "./parse/values";

/** The arguments every IdP component takes (checked against IdpAppArgs when compiled). */
export const IDP_APP_FIELDS = fieldsOf<IdpAppArgs>()(["host", "authMethod", "protect", "teams", "teamGroups"]);
import type { TeamsSettings } from "./parse/teams";

/** A component's checked arguments: the IdP's settings and the common ones. */
export interface CheckedIdpApp<Settings> {
    readonly settings: Settings;
    readonly authMethod: AuthMethod;
    readonly protect: boolean;
    /** Teams from the IdP: whether the app sends team names, and the filter. */
    readonly teams: TeamsSettings;
    /** The W&B URLs the app registers, from the normalised host. */
    readonly urls: WandbUrls;
}

/**
 * The prologue of every IdP component: refuses arguments it does not take (`fields`: the IdP's own,
 * besides the common ones), validates the common arguments and the IdP's own, and
 * throws one ConfigError naming `<Class> "<name>"` and every problem, before anything is registered.
 */
export function checkIdpApp<Args extends IdpAppArgs, Settings>(
    className: string,
    name: string,
    args: Args,
    fields: readonly string[],
    check: IdpCheck<Args, Settings>,
): CheckedIdpApp<Settings> {
    const problems = new Problems();
    refuseUnknownArgs(args, [...IDP_APP_FIELDS, ...fields], problems, asArgument);
    const common = checkIdpAppArgs(args, problems);
    const settings = check(args, problems, asArgument);
    problems.throwIfAny(`${className} "${name}"`);
    return {
        settings: settings!,
        authMethod: common.authMethod!,
        protect: common.protect!,
        teams: common.teams!,
        urls: wandbUrls(common.host!),
    };
}

/** The outputs every IdP component has (the W&B side's `OidcClient`, plus the URLs it registered). */
export interface OidcAppOutputs {
    readonly issuer: pulumi.Output<string>;
    readonly clientId: pulumi.Output<string>;
    readonly authMethod: pulumi.Output<AuthMethod>;
    readonly callbackUrl: pulumi.Output<string>;
    readonly logoutUrl: pulumi.Output<string>;
    /** Present exactly when the IdP issued a secret; always a Pulumi secret. */
    readonly clientSecret?: pulumi.Output<string>;
}

export interface OidcAppValues {
    readonly issuer: pulumi.Input<string>;
    readonly clientId: pulumi.Input<string>;
    readonly authMethod: AuthMethod;
    readonly callbackUrl: string;
    readonly logoutUrl: string;
    readonly clientSecret?: pulumi.Input<string>;
}

/**
 * The common outputs as Pulumi outputs. The secret is wrapped here, so that it stays secret
 * whatever the provider (or a mock) marks.
 */
export function oidcAppOutputs(values: OidcAppValues): OidcAppOutputs {
    return {
        issuer: pulumi.output(values.issuer),
        clientId: pulumi.output(values.clientId),
        authMethod: pulumi.output<AuthMethod>(values.authMethod),
        callbackUrl: pulumi.output(values.callbackUrl),
        logoutUrl: pulumi.output(values.logoutUrl),
        ...(values.clientSecret !== undefined && { clientSecret: pulumi.secret(values.clientSecret) }),
    };
}
