// What every IdP component shares: the validation prologue (common arguments, then the IdP's own
// validator, one ConfigError before anything is registered), the W&B URLs the app registers, and
// the OIDC outputs the W&B side reads. Components keep only their wiring.
import * as pulumi from "@pulumi/pulumi";
import { WANDB_URL_PATHS, type AuthMethod, type IdpAppArgs, type WandbUrls } from "../oidc";
import { asArgument, Problems, type At, type Unchecked } from "../problems";
import { requireValid, throwIfAny } from "../errors";
import { parseAuthMethod, parseHost } from "../parse/oidc";
import { checkTeamNamesAt, readTeams, type TeamNameRules, type TeamsSettings } from "../parse/teams";
import { fieldsOf, parseOptionalBoolean, refuseUnknownArgs } from "../parse/values";
import type { IdpCheck } from "./descriptor";

/** The arguments every IdP component takes (checked against IdpAppArgs when compiled). */
export const IDP_APP_FIELDS = fieldsOf<IdpAppArgs>()(["host", "authMethod", "protect", "teams", "teamGroups"]);

/**
 * Checks the arguments every IdP component takes (host, authMethod, protect: default true, the
 * teams), recording problems under the names `at` gives them.
 */
export function checkIdpAppArgs(
    args: Unchecked<IdpAppArgs>,
    problems: Problems,
    at: At = asArgument,
): { host?: string; authMethod?: AuthMethod; protect?: boolean; teams?: TeamsSettings } {
    return {
        host: problems.check(at("host"), args.host, parseHost),
        authMethod: problems.check(at("authMethod"), args.authMethod, parseAuthMethod),
        protect: problems.check(at("protect"), args.protect, parseOptionalBoolean(true)),
        teams: readTeams(args, problems, at),
    };
}

/** Derives the W&B URLs from a host; throws if the host is invalid (see `parseHost`). */
export function wandbUrls(host: string): WandbUrls {
    const base = requireValid("wandbUrls", "host", host, parseHost);
    const url = (key: keyof WandbUrls) => `${base}${WANDB_URL_PATHS[key]}`;
    return { host: url("host"), callbackUrl: url("callbackUrl"), hostLogoutUrl: url("hostLogoutUrl"), logoutPageUrl: url("logoutPageUrl") };
}

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
    /** The IdP's rules for the names of a teams filter (its descriptor's `teamNames`). */
    teamNames: TeamNameRules | undefined,
): CheckedIdpApp<Settings> {
    const problems = new Problems();
    refuseUnknownArgs(args, [...IDP_APP_FIELDS, ...fields], problems, asArgument);
    const common = checkIdpAppArgs(args, problems);
    checkTeamNamesAt(common.teams?.teamGroups, teamNames, problems, "teamGroups");
    const settings = check(args, problems, asArgument);
    throwIfAny(problems, `${className} "${name}"`);
    return {
        settings: settings!,
        authMethod: common.authMethod!,
        protect: common.protect!,
        teams: common.teams!,
        urls: wandbUrls(common.host!),
    };
}

/**
 * The options of an IdP component's children, the same rule for every IdP:
 * - `identity`: what identifies the app and where its users sign in, which W&B's settings name or
 *   reach (the app registration and its service principal, the client, the user pool that holds the
 *   users and the domain that serves its login pages). Deleting or replacing one locks everyone out
 *   of W&B and cannot be undone by creating it again (a new client ID, a new pool without its
 *   users), so it carries the component's `protect`.
 * - `setting`: what the app's settings add to it (claims and mappers, group assignments, permission
 *   grants, the token endpoint's auth method, the teams trigger and its groups). Never protected:
 *   they follow the config, and turning a setting off must be able to delete them (a protected one
 *   makes that `pulumi up` fail on a protected delete). The explicit false matters, because children
 *   inherit the component's own `protect`.
 */
export function appChildOptions(
    component: pulumi.ComponentResource,
    protect: boolean,
): { readonly identity: pulumi.CustomResourceOptions; readonly setting: pulumi.CustomResourceOptions } {
    return { identity: { parent: component, protect }, setting: { parent: component, protect: false } };
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
    /** Whether the app sends W&B's team names: a plain value, known when the program runs. */
    readonly teams: boolean;
}

export interface OidcAppValues {
    readonly teams: boolean;
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
        teams: values.teams,
        issuer: pulumi.output(values.issuer),
        clientId: pulumi.output(values.clientId),
        authMethod: pulumi.output<AuthMethod>(values.authMethod),
        callbackUrl: pulumi.output(values.callbackUrl),
        logoutUrl: pulumi.output(values.logoutUrl),
        ...(values.clientSecret !== undefined && { clientSecret: pulumi.secret(values.clientSecret) }),
    };
}
