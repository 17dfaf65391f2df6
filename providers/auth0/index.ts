// Auth0OidcApp: an Auth0 application that W&B Server can log in with.
import * as auth0 from "@pulumi/auth0";
import * as pulumi from "@pulumi/pulumi";
import { componentType, withPreviousType } from "../../src/componentType";
import { type AuthMethod, type OidcApp } from "../../src/oidc";
import { appChildOptions, checkIdpApp, oidcAppOutputs } from "../../src/idp/app";
import { appDescription } from "../../src/idp/limits";
import { AUTH0_DESCRIPTION_MAX_CHARS, auth0GrantTypes, auth0Issuer, checkAuth0Args, type Auth0OidcAppArgs, AUTH0_FIELDS } from "./rules";

export type { Auth0OidcAppArgs } from "./rules";

/**
 * An Auth0 single-page application W&B Server logs in with (authorization code with PKCE, or implicit):
 * callback <host>/oidc/callback, logout URL <host>/logout, issuer https://<domain>/.
 */
export class Auth0OidcApp extends pulumi.ComponentResource implements OidcApp {
    static readonly TYPE = componentType("Auth0OidcApp");
    /** The token of versions before 0.2, an alias so that existing stacks keep their state. */
    static readonly PREVIOUS_TYPE = "wandb-sso:providers:Auth0OidcApp";

    /** `https://<domain>/`: Auth0's issuer ends with a slash. */
    declare readonly issuer: pulumi.Output<string>;
    /** The client ID W&B logs in with (OIDC_CLIENT_ID). */
    declare readonly clientId: pulumi.Output<string>;
    /** How W&B completes a login, as the app is registered (OIDC_AUTH_METHOD): pkce or implicit. */
    declare readonly authMethod: pulumi.Output<AuthMethod>;
    // No clientSecret: a single-page application is a public client (token endpoint auth `none`).
    /** `<host>/oidc/callback`, the registered sign-in redirect URI. */
    declare readonly callbackUrl: pulumi.Output<string>;
    /** `<host>/logout`, the allowed logout URL. */
    declare readonly logoutUrl: pulumi.Output<string>;
    /** Whether the app sends W&B's team names (a `groups` claim of plain group names): WandbOidc's `teams` takes it. */
    declare readonly teams: boolean;

    constructor(name: string, args: Auth0OidcAppArgs, opts?: pulumi.ComponentResourceOptions) {
        const { settings, authMethod, protect, urls, teams } = checkIdpApp(
            "Auth0OidcApp",
            name,
            args,
            AUTH0_FIELDS,
            checkAuth0Args,
            undefined,
        );
        super(Auth0OidcApp.TYPE, name, {}, withPreviousType(opts, Auth0OidcApp.PREVIOUS_TYPE));
        const { identity, setting } = appChildOptions(this, protect);
        // Adopted: imported by its client ID (AUTH0_ADOPT), keeping its name (unless displayName is
        // given) and description.
        const adopted = settings.adopt?.clientId;
        const ownName = [...(args.displayName === undefined ? ["name"] : []), "description"];

        const client = new auth0.Client(
            `${name}-client`,
            {
                name: settings.displayName,
                description: appDescription(urls.host, AUTH0_DESCRIPTION_MAX_CHARS),
                // A single-page application: a public client that W&B signs in with, no secret.
                appType: "spa",
                oidcConformant: true,
                isFirstParty: true,
                callbacks: [urls.callbackUrl],
                allowedLogoutUrls: [urls.logoutPageUrl],
                grantTypes: auth0GrantTypes(authMethod),
                // ID tokens signed with the tenant's key pair, which W&B checks against the JWKS.
                jwtConfiguration: { alg: "RS256" },
            },
            adopted === undefined ? identity : { ...identity, import: adopted, ignoreChanges: ownName },
        );

        // Since auth0 provider v1 the token endpoint's auth method is its own resource; `none` makes
        // the application public: the code is exchanged with the PKCE verifier, not a secret. A
        // setting of the client: deleting it puts back the default of a single-page application,
        // `none` (internal/auth0/client/resource_credentials.go deleteClientCredentials). An
        // adopted client's is imported by the same client ID.
        new auth0.ClientCredentials(
            `${name}-credentials`,
            { clientId: client.clientId, authenticationMethod: "none" },
            adopted === undefined ? setting : { ...setting, import: adopted },
        );

        const outputs = oidcAppOutputs({
            teams: teams.teams,
            issuer: auth0Issuer(settings.domain),
            clientId: client.clientId,
            authMethod,
            callbackUrl: urls.callbackUrl,
            logoutUrl: urls.logoutPageUrl,
        });
        Object.assign(this, outputs);
        this.registerOutputs(outputs);
    }
}
