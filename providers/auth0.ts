// Auth0OidcApp: an Auth0 application that W&B Server can log in with.
import * as auth0 from "@pulumi/auth0";
import * as pulumi from "@pulumi/pulumi";
import { wandbUrls, type AuthMethod, type IdpAppArgs } from "../src/oidc";
import { Problems } from "../src/problems";
import { auth0GrantTypes, auth0Issuer, parseAuth0Domain, parseDisplayName } from "../src/idps/auth0";
import type { OidcApp } from "../src/idps/types";
import { checkIdpAppArgs } from "../src/idps/common";

export interface Auth0OidcAppArgs extends IdpAppArgs {
    /**
     * The domain users sign in on, which the issuer is built from: the tenant's
     * (`acme.us.auth0.com`) or a custom domain (`login.example.com`). `https://acme.us.auth0.com/`
     * is accepted and normalised. The Auth0 provider's own `auth0:domain` (the Management API) is
     * separate: with a custom domain the two differ.
     */
    domain: string;
    /** The application's name in the Auth0 dashboard; default `Weights & Biases`. */
    displayName?: string;
}

export class Auth0OidcApp extends pulumi.ComponentResource implements OidcApp {
    static readonly TYPE = "wandb-sso:providers:Auth0OidcApp";

    /** `https://<domain>/`: Auth0's issuer ends with a slash. */
    readonly issuer: pulumi.Output<string>;
    readonly clientId: pulumi.Output<string>;
    readonly authMethod: pulumi.Output<AuthMethod>;
    // No clientSecret: a single-page application is a public client (token endpoint auth `none`).
    readonly callbackUrl: pulumi.Output<string>;
    /** `<host>/logout`, the allowed logout URL. */
    readonly logoutUrl: pulumi.Output<string>;

    constructor(name: string, args: Auth0OidcAppArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate everything before registering anything (the component included).
        const problems = new Problems();
        const { authMethod, protect } = checkIdpAppArgs(problems, args);
        const domain = problems.check("domain", args.domain, parseAuth0Domain);
        const displayName = problems.check("displayName", args.displayName, parseDisplayName);
        problems.throwIfAny(`Auth0OidcApp "${name}"`);

        super(Auth0OidcApp.TYPE, name, {}, opts);
        const urls = wandbUrls(args.host);
        const appRegistration = { parent: this, protect };

        const client = new auth0.Client(
            `${name}-client`,
            {
                name: displayName!,
                description: `W&B Server at ${urls.host} (OIDC single sign-on, managed by wandb-sso)`,
                // A single-page application: a public client that W&B signs in with, no secret.
                appType: "spa",
                oidcConformant: true,
                isFirstParty: true,
                callbacks: [urls.callbackUrl],
                allowedLogoutUrls: [urls.logoutPageUrl],
                grantTypes: auth0GrantTypes(authMethod!),
                // ID tokens signed with the tenant's key pair, which W&B checks against the JWKS.
                jwtConfiguration: { alg: "RS256" },
            },
            appRegistration,
        );

        // Since auth0 provider v1 the token endpoint's auth method is its own resource; `none` makes
        // the application public: the code is exchanged with the PKCE verifier, not a secret.
        new auth0.ClientCredentials(`${name}-credentials`, { clientId: client.clientId, authenticationMethod: "none" }, appRegistration);

        this.issuer = pulumi.output(auth0Issuer(domain!));
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
        });
    }
}
