// OktaOidcApp: an Okta OIDC single-page app integration that W&B Server can log in with.
import * as okta from "@pulumi/okta";
import * as pulumi from "@pulumi/pulumi";
import { componentType, withPreviousType } from "../../src/componentType";
import { type AuthMethod, type OidcApp } from "../../src/oidc";
import { appChildOptions, checkIdpApp, oidcAppOutputs } from "../../src/idp/app";
import {
    checkOktaArgs,
    isOktaDomain,
    OKTA_GRANT_TYPES,
    OKTA_RESPONSE_TYPES,
    oktaGroupsClaim,
    oktaIssuer,
    oktaTeamsWarning,
    type OktaOidcAppArgs,
    OKTA_FIELDS,
    OKTA_TEAM_NAMES,
} from "./rules";

export type { OktaGroupsClaim, OktaOidcAppArgs } from "./rules";

/**
 * An Okta OIDC single-page app W&B Server logs in with (authorization code with PKCE, and implicit):
 * sign-in redirect <host>/oidc/callback, sign-out redirect <host>/logout; issuer the org URL or a
 * custom authorization server's.
 */
export class OktaOidcApp extends pulumi.ComponentResource implements OidcApp {
    static readonly TYPE = componentType("OktaOidcApp");
    /** The token of versions before 0.2, an alias so that existing stacks keep their state. */
    static readonly PREVIOUS_TYPE = "wandb-sso:providers:OktaOidcApp";

    /** The org URL, or `<orgUrl>/oauth2/<authorizationServerId>`. */
    declare readonly issuer: pulumi.Output<string>;
    /** The client ID W&B logs in with (OIDC_CLIENT_ID). */
    declare readonly clientId: pulumi.Output<string>;
    /** How W&B completes a login, as the app is registered (OIDC_AUTH_METHOD): pkce or implicit. */
    declare readonly authMethod: pulumi.Output<AuthMethod>;
    // No clientSecret: a single-page app is a public client (token endpoint auth `none`, PKCE).
    /** `<host>/oidc/callback`, the registered sign-in redirect URI. */
    declare readonly callbackUrl: pulumi.Output<string>;
    /** `<host>/logout`, the sign-out redirect URI. */
    declare readonly logoutUrl: pulumi.Output<string>;
    /** Whether the app sends W&B's team names (a `groups` claim of plain group names): WandbOidc's `teams` takes it. */
    declare readonly teams: boolean;
    /** The app's ID in Okta (`0oa…`). */
    readonly appId: pulumi.Output<string>;

    constructor(name: string, args: OktaOidcAppArgs, opts?: pulumi.ComponentResourceOptions) {
        const { settings, authMethod, protect, teams, urls } = checkIdpApp(
            "OktaOidcApp",
            name,
            args,
            OKTA_FIELDS,
            checkOktaArgs,
            OKTA_TEAM_NAMES,
        );
        super(OktaOidcApp.TYPE, name, {}, withPreviousType(opts, OktaOidcApp.PREVIOUS_TYPE));
        const serverId = settings.authorizationServerId;

        // The app integration is protected; group assignments and the claim are settings, which
        // follow the config (src/idp/app.ts appChildOptions).
        const { identity, setting } = appChildOptions(this, protect);
        const app = new okta.app.OAuth(
            `${name}-app`,
            {
                label: settings.label,
                // "OIDC - OpenID Connect" + "Single-Page Application" in the console.
                type: "browser",
                grantTypes: [...OKTA_GRANT_TYPES],
                responseTypes: [...OKTA_RESPONSE_TYPES],
                redirectUris: [urls.callbackUrl],
                postLogoutRedirectUris: [urls.logoutPageUrl],
                // A public client: the code is exchanged with the PKCE verifier, never a secret.
                tokenEndpointAuthMethod: "none",
                pkceRequired: true,
                // With a custom domain, the org authorization server states the custom domain as the
                // issuer only in CUSTOM_URL mode (the provider's default is the okta.com URL).
                ...(serverId === undefined && !isOktaDomain(settings.orgUrl) && { issuerMode: "CUSTOM_URL" }),
            },
            // Adopted: imported by its app ID (OKTA_ADOPT); it keeps its name unless a label is given.
            settings.adopt === undefined
                ? identity
                : { ...identity, import: settings.adopt.appId, ...(args.label === undefined && { ignoreChanges: ["label"] }) },
        );

        (settings.groupIds ?? []).forEach((groupId, index) => {
            // Named by the ID when it is known, so reordering the list changes nothing.
            const suffix = typeof groupId === "string" ? groupId : String(index);
            new okta.app.GroupAssignment(`${name}-group-${suffix}`, { appId: app.id, groupId }, setting);
        });

        // The groups claim (with teams on: `groups`, group names, the teams filter).
        const claim = oktaGroupsClaim(settings, teams);
        if (claim !== undefined && serverId !== undefined) {
            new okta.auth.ServerClaim(
                `${name}-groups-claim`,
                {
                    authServerId: serverId,
                    name: claim.name,
                    claimType: "IDENTITY",
                    valueType: "GROUPS",
                    groupFilterType: "REGEX",
                    value: claim.filterRegex,
                    alwaysIncludeInToken: true,
                },
                setting,
            );
        }
        const warning = teams.teams ? oktaTeamsWarning(authMethod, claim, teams.teamGroups) : undefined;
        if (warning !== undefined) void pulumi.log.warn(warning, this);

        const outputs = oidcAppOutputs({
            teams: teams.teams,
            issuer: oktaIssuer(settings.orgUrl, serverId),
            clientId: app.clientId,
            authMethod,
            callbackUrl: urls.callbackUrl,
            logoutUrl: urls.logoutPageUrl,
        });
        Object.assign(this, outputs);
        this.appId = app.id;
        this.registerOutputs({ ...outputs, appId: this.appId });
    }
}
