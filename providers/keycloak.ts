// KeycloakOidcApp: a Keycloak OpenID client that W&B Server can log in with.
import * as keycloak from "@pulumi/keycloak";
import * as pulumi from "@pulumi/pulumi";
import { wandbUrls, type AuthMethod, type IdpAppArgs } from "../src/oidc";
import { Problems } from "../src/problems";
import { parseDisplayName } from "../src/idps/auth0";
import { keycloakIssuer, parseGroupsClaim, parseKeycloakClientId, parseKeycloakUrl, parseRealm } from "../src/idps/keycloak";
import type { OidcApp } from "../src/idps/types";
import { checkIdpAppArgs } from "../src/idps/common";

export interface KeycloakOidcAppArgs extends IdpAppArgs {
    /**
     * Keycloak's public base URL, as browsers and W&B reach it (`https://keycloak.example.com`, or
     * `…/auth` for Keycloak before 17); the issuer is built from it. The Keycloak provider's own
     * `keycloak:url` (the admin API) may differ.
     */
    url: string;
    /** The realm the users sign in to (it must exist). */
    realm: string;
    /** The OpenID client's `client_id`; default `wandb`. */
    clientId?: string;
    /** The client's name in the admin console; default `Weights & Biases`. */
    displayName?: string;
    /**
     * Put the user's groups into the ID token: `true` as the `groups` claim (the one W&B reads for
     * group-to-team mapping), a string as that claim; default none.
     */
    groupsClaim?: boolean | string;
}

export class KeycloakOidcApp extends pulumi.ComponentResource implements OidcApp {
    static readonly TYPE = "wandb-sso:providers:KeycloakOidcApp";

    /** `<url>/realms/<realm>`. */
    readonly issuer: pulumi.Output<string>;
    readonly clientId: pulumi.Output<string>;
    readonly authMethod: pulumi.Output<AuthMethod>;
    // No clientSecret: the client is public (PKCE or the implicit flow need none).
    readonly callbackUrl: pulumi.Output<string>;
    /** `<host>/logout`, the valid post-logout redirect URI. */
    readonly logoutUrl: pulumi.Output<string>;
    /** The group-membership claim in the ID token, when one was asked for. */
    readonly groupsClaim?: pulumi.Output<string>;

    constructor(name: string, args: KeycloakOidcAppArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate everything before registering anything (the component included).
        const problems = new Problems();
        const { authMethod, protect } = checkIdpAppArgs(problems, args);
        const url = problems.check("url", args.url, parseKeycloakUrl);
        const realm = problems.check("realm", args.realm, parseRealm);
        const clientId = problems.check("clientId", args.clientId, parseKeycloakClientId);
        const displayName = problems.check("displayName", args.displayName, parseDisplayName);
        const groups = parseGroupsClaim(args.groupsClaim);
        if ("fix" in groups) problems.add("groupsClaim", args.groupsClaim, groups.fix);
        problems.throwIfAny(`KeycloakOidcApp "${name}"`);
        const groupsClaim = "value" in groups ? groups.value : undefined;

        super(KeycloakOidcApp.TYPE, name, {}, opts);
        const urls = wandbUrls(args.host);
        const appRegistration = { parent: this, protect };

        const client = new keycloak.openid.Client(
            `${name}-client`,
            {
                realmId: realm!,
                clientId: clientId!,
                name: displayName!,
                description: `W&B Server at ${urls.host} (OIDC single sign-on, managed by wandb-sso)`,
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
            appRegistration,
        );

        if (groupsClaim !== undefined) {
            // Group names without their parents' path (`ml-team`, not `/org/ml-team`): W&B matches
            // them against team names.
            new keycloak.openid.GroupMembershipProtocolMapper(
                `${name}-groups`,
                {
                    realmId: realm!,
                    clientId: client.id,
                    name: "groups",
                    claimName: groupsClaim,
                    fullPath: false,
                    addToIdToken: true,
                    addToAccessToken: false,
                    addToUserinfo: true,
                },
                appRegistration,
            );
            this.groupsClaim = pulumi.output(groupsClaim);
        }

        this.issuer = pulumi.output(keycloakIssuer(url!, realm!));
        this.clientId = client.clientId;
        this.authMethod = pulumi.output<AuthMethod>(authMethod!);
        this.callbackUrl = pulumi.output(urls.callbackUrl);
        this.logoutUrl = pulumi.output(urls.logoutPageUrl);

        this.registerOutputs({
            issuer: this.issuer,
            clientId: this.clientId,
            authMethod: this.authMethod,
            callbackUrl: this.callbackUrl,
            logoutUrl: this.logoutUrl,
            groupsClaim: this.groupsClaim,
        });
    }
}
