// CognitoOidcApp: an AWS Cognito user pool app client that W&B Server can log in with.
// Submodules rather than the package root: the root loads ~300 modules the component never uses.
import * as cognito from "@pulumi/aws/cognito";
import { getRegionOutput } from "@pulumi/aws/getRegion";
import * as pulumi from "@pulumi/pulumi";
import { OIDC_SCOPES, type AuthMethod, type OidcApp } from "../../src/oidc";
import { checkIdpApp, oidcAppOutputs } from "../../src/idpApp";
import { checkCognitoArgs, cognitoHostedUiUrl, cognitoIssuer, userPoolRegion, type CognitoOidcAppArgs } from "./rules";

export type { CognitoOidcAppArgs } from "./rules";

export class CognitoOidcApp extends pulumi.ComponentResource implements OidcApp {
    static readonly TYPE = "wandb-sso:providers:CognitoOidcApp";

    /** `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`, in the AWS provider's region. */
    declare readonly issuer: pulumi.Output<string>;
    declare readonly clientId: pulumi.Output<string>;
    /** Present only with `generateSecret`; always a Pulumi secret. */
    declare readonly clientSecret?: pulumi.Output<string>;
    /** Always `pkce`: Cognito cannot serve the implicit flow W&B uses. */
    declare readonly authMethod: pulumi.Output<AuthMethod>;
    declare readonly callbackUrl: pulumi.Output<string>;
    /** The host itself, Cognito's logout URL. */
    declare readonly logoutUrl: pulumi.Output<string>;
    readonly userPoolId: pulumi.Output<string>;
    /** The hosted-UI base URL, when this component created the domain. */
    readonly hostedUiUrl?: pulumi.Output<string>;

    constructor(name: string, args: CognitoOidcAppArgs, opts?: pulumi.ComponentResourceOptions) {
        const { settings, protect, urls } = checkIdpApp("CognitoOidcApp", name, args, checkCognitoArgs);
        super(CognitoOidcApp.TYPE, name, {}, opts);
        const child = { parent: this };
        const appRegistration = { parent: this, protect };

        const pool =
            settings.userPoolId === undefined
                ? new cognito.UserPool(
                      `${name}-pool`,
                      {
                          // Users sign in with their e-mail address, verified, case-insensitive.
                          usernameAttributes: ["email"],
                          autoVerifiedAttributes: ["email"],
                          usernameConfiguration: { caseSensitive: false },
                          userAttributeUpdateSettings: { attributesRequireVerificationBeforeUpdates: ["email"] },
                          accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
                          // W&B users are invited by an administrator; nobody signs themselves up.
                          adminCreateUserConfig: { allowAdminCreateUserOnly: true },
                          passwordPolicy: {
                              minimumLength: 12,
                              requireLowercase: true,
                              requireUppercase: true,
                              requireNumbers: true,
                              requireSymbols: true,
                              temporaryPasswordValidityDays: 7,
                          },
                          mfaConfiguration: "OPTIONAL",
                          softwareTokenMfaConfiguration: { enabled: true },
                          deletionProtection: protect ? "ACTIVE" : "INACTIVE",
                      },
                      appRegistration,
                  )
                : undefined;
        this.userPoolId = pool ? pool.id : pulumi.output(settings.userPoolId!);

        const region = getRegionOutput({}, child).region;
        const issuer = pulumi.all([region, this.userPoolId]).apply(([providerRegion, poolId]) => {
            const poolRegion = userPoolRegion(poolId);
            if (poolRegion !== undefined && poolRegion !== providerRegion) {
                throw new Error(
                    `CognitoOidcApp "${name}": userPoolId ${poolId} is in ${poolRegion} but the AWS provider's region is ${providerRegion}; set aws:region to ${poolRegion}`,
                );
            }
            return cognitoIssuer(providerRegion, poolId);
        });

        if (settings.domainPrefix !== undefined) {
            const domainPrefix = settings.domainPrefix;
            new cognito.UserPoolDomain(`${name}-domain`, { domain: domainPrefix, userPoolId: this.userPoolId }, appRegistration);
            this.hostedUiUrl = region.apply((r) => cognitoHostedUiUrl(domainPrefix, r));
        }

        const client = new cognito.UserPoolClient(
            `${name}-client`,
            {
                userPoolId: this.userPoolId,
                allowedOauthFlowsUserPoolClient: true,
                allowedOauthFlows: ["code"],
                allowedOauthScopes: [...OIDC_SCOPES],
                callbackUrls: [urls.callbackUrl],
                logoutUrls: [urls.hostLogoutUrl],
                supportedIdentityProviders: ["COGNITO"],
                generateSecret: settings.generateSecret,
                preventUserExistenceErrors: "ENABLED",
                enableTokenRevocation: true,
            },
            appRegistration,
        );

        const outputs = oidcAppOutputs({
            issuer,
            clientId: client.id,
            authMethod: "pkce",
            callbackUrl: urls.callbackUrl,
            logoutUrl: urls.hostLogoutUrl,
            ...(settings.generateSecret && { clientSecret: client.clientSecret }),
        });
        Object.assign(this, outputs);
        this.registerOutputs({ ...outputs, userPoolId: this.userPoolId, hostedUiUrl: this.hostedUiUrl });
    }
}
