// KeycloakOidcApp: a Keycloak OpenID client that W&B Server can log in with.
import * as keycloak from "@pulumi/keycloak";
import * as pulumi from "@pulumi/pulumi";
import { componentType, withPreviousType } from "../../src/componentType";
import { type AuthMethod, type OidcApp } from "../../src/oidc";
import { appChildOptions, checkIdpApp, oidcAppOutputs } from "../../src/idp/app";
import { appDescription } from "../../src/idp/limits";
import {
    checkKeycloakArgs,
    KEYCLOAK_DESCRIPTION_MAX_CHARS,
    keycloakGroupsClaim,
    keycloakImportId,
    keycloakIssuer,
    type KeycloakOidcAppArgs,
    KEYCLOAK_FIELDS,
    KEYCLOAK_TEAM_NAMES,
} from "./rules";

export type { KeycloakOidcAppArgs } from "./rules";

/**
 * A public OpenID client in a Keycloak realm W&B Server logs in with, and optionally a groups claim:
 * redirect <host>/oidc/callback; issuer <url>/realms/<realm>.
 */
export class KeycloakOidcApp extends pulumi.ComponentResource implements OidcApp {
    static readonly TYPE = componentType("KeycloakOidcApp");
    /** The token of versions before 0.2, an alias so that existing stacks keep their state. */
    static readonly PREVIOUS_TYPE = "wandb-sso:providers:KeycloakOidcApp";

    /** `<url>/realms/<realm>`. */
    declare readonly issuer: pulumi.Output<string>;
    /** The client ID W&B logs in with (OIDC_CLIENT_ID). */
    declare readonly clientId: pulumi.Output<string>;
    /** How W&B completes a login, as the app is registered (OIDC_AUTH_METHOD): pkce or implicit. */
    declare readonly authMethod: pulumi.Output<AuthMethod>;
    // No clientSecret: the client is public (PKCE or the implicit flow need none).
    /** `<host>/oidc/callback`, the registered sign-in redirect URI. */
    declare readonly callbackUrl: pulumi.Output<string>;
    /** `<host>/logout`, the valid post-logout redirect URI. */
    declare readonly logoutUrl: pulumi.Output<string>;
    /** Whether the app sends W&B's team names (a `groups` claim of plain group names): WandbOidc's `teams` takes it. */
    declare readonly teams: boolean;
    /** The group-membership claim in the ID token, when one was asked for. */
    readonly groupsClaim?: pulumi.Output<string>;

    constructor(name: string, args: KeycloakOidcAppArgs, opts?: pulumi.ComponentResourceOptions) {
        const { settings, authMethod, protect, teams, urls } = checkIdpApp(
            "KeycloakOidcApp",
            name,
            args,
            KEYCLOAK_FIELDS,
            checkKeycloakArgs,
            KEYCLOAK_TEAM_NAMES,
        );
        super(KeycloakOidcApp.TYPE, name, {}, withPreviousType(opts, KeycloakOidcApp.PREVIOUS_TYPE));
        const { identity, setting } = appChildOptions(this, protect);
        // Adopted: imported by `<realm>/<clientUuid>` (KEYCLOAK_ADOPT), keeping its name (unless
        // displayName is given) and description.
        const adopted = settings.adopt && keycloakImportId(settings.realm, settings.adopt);
        const ownName = [...(args.displayName === undefined ? ["name"] : []), "description"];

        const client = new keycloak.openid.Client(
            `${name}-client`,
            {
                realmId: settings.realm,
                clientId: settings.clientId,
                name: settings.displayName,
                description: appDescription(urls.host, KEYCLOAK_DESCRIPTION_MAX_CHARS),
                enabled: true,
                // Public: W&B proves the code exchange with PKCE (S256), or takes the ID token from
                // the implicit flow's form_post; neither needs a secret.
                accessType: "PUBLIC",
                standardFlowEnabled: authMethod === "pkce",
                implicitFlowEnabled: authMethod === "implicit",
                pkceCodeChallengeMethod: "S256",
                directAccessGrantsEnabled: false,
                validRedirectUris: [urls.callbackUrl],
                validPostLogoutRedirectUris: [urls.logoutPageUrl],
                webOrigins: [urls.host],
                baseUrl: urls.host,
            },
            adopted === undefined ? identity : { ...identity, import: adopted, ignoreChanges: ownName },
        );

        // With teams on, the mapper is there whatever groupsClaim says, as `groups`.
        const groupsClaim = keycloakGroupsClaim(settings, teams);
        if (groupsClaim !== undefined) {
            // Group names without their parents' path (`ml-team`, not `/org/ml-team`): W&B matches
            // them against team names. A setting of the client: turning teams off deletes it.
            new keycloak.openid.GroupMembershipProtocolMapper(
                `${name}-groups`,
                {
                    realmId: settings.realm,
                    clientId: client.id,
                    name: "groups",
                    claimName: groupsClaim,
                    fullPath: false,
                    addToIdToken: true,
                    addToAccessToken: false,
                    addToUserinfo: true,
                },
                setting,
            );
            this.groupsClaim = pulumi.output(groupsClaim);
        }

        const outputs = oidcAppOutputs({
            teams: teams.teams,
            issuer: keycloakIssuer(settings.url, settings.realm),
            clientId: client.clientId,
            authMethod,
            callbackUrl: urls.callbackUrl,
            logoutUrl: urls.logoutPageUrl,
        });
        Object.assign(this, outputs);
        this.registerOutputs({ ...outputs, groupsClaim: this.groupsClaim });
    }
}
