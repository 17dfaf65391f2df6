// CognitoOidcApp: an AWS Cognito user pool app client that W&B Server can log in with.
// Submodules rather than the package root: the root loads ~300 modules the component never uses.
import * as cognito from "@pulumi/aws/cognito";
import { getRegionOutput } from "@pulumi/aws/getRegion";
import * as pulumi from "@pulumi/pulumi";
import { OIDC_SCOPES, wandbUrls, type AuthMethod, type IdpAppArgs } from "../src/oidc";
import { Problems } from "../src/problems";
import { parseOptionalBoolean } from "../src/config/values";
import {
    cognitoCombinationProblems,
    cognitoHostedUiUrl,
    cognitoIssuer,
    parseDomainPrefix,
    parseUserPoolId,
    userPoolRegion,
} from "../src/idps/cognito";
import type { OidcApp } from "../src/idps/types";
import { checkIdpAppArgs } from "../src/idps/common";

export interface CognitoOidcAppArgs extends IdpAppArgs {
    /** Reuse this user pool (`<region>_<id>`); when unset, a pool with secure defaults is created. */
    userPoolId?: pulumi.Input<string>;
    /** Create the hosted-UI domain `<prefix>.auth.<region>.amazoncognito.com` (OAuth endpoints need one). */
    domainPrefix?: string;
    /** Issue a client secret (default false: PKCE needs none). */
    generateSecret?: boolean;
}

export class CognitoOidcApp extends pulumi.ComponentResource implements OidcApp {
    static readonly TYPE = "wandb-sso:providers:CognitoOidcApp";

    /** `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`, in the AWS provider's region. */
    readonly issuer: pulumi.Output<string>;
    readonly clientId: pulumi.Output<string>;
    /** Present only with `generateSecret`; always a Pulumi secret. */
    readonly clientSecret?: pulumi.Output<string>;
    /** Always `pkce`: Cognito cannot serve the implicit flow W&B uses. */
    readonly authMethod: pulumi.Output<AuthMethod>;
    readonly userPoolId: pulumi.Output<string>;
    readonly callbackUrl: pulumi.Output<string>;
    /** The host itself, Cognito's logout URL. */
    readonly logoutUrl: pulumi.Output<string>;
    /** The hosted-UI base URL, when this component created the domain. */
    readonly hostedUiUrl?: pulumi.Output<string>;

    constructor(name: string, args: CognitoOidcAppArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate everything before registering anything (the component included).
        const problems = new Problems();
        const { authMethod, protect } = checkIdpAppArgs(problems, args);
        if (typeof args.userPoolId === "string") problems.check("userPoolId", args.userPoolId, parseUserPoolId);
        if (args.domainPrefix !== undefined) problems.check("domainPrefix", args.domainPrefix, parseDomainPrefix);
        problems.check("generateSecret", args.generateSecret, parseOptionalBoolean(false));
        if (authMethod !== undefined) {
            cognitoCombinationProblems(
                { ...args, authMethod },
                { userPoolId: "userPoolId", domainPrefix: "domainPrefix", authMethod: "authMethod" },
                problems,
            );
        }
        problems.throwIfAny(`CognitoOidcApp "${name}"`);

        super(CognitoOidcApp.TYPE, name, {}, opts);
        const urls = wandbUrls(args.host);
        const child = { parent: this };
        const appRegistration = { parent: this, protect };

        const pool =
            args.userPoolId === undefined
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
        this.userPoolId = pool ? pool.id : pulumi.output(args.userPoolId!);

        const region = getRegionOutput({}, child).region;
        this.issuer = pulumi.all([region, this.userPoolId]).apply(([providerRegion, poolId]) => {
            const poolRegion = userPoolRegion(poolId);
            if (poolRegion !== undefined && poolRegion !== providerRegion) {
                throw new Error(
                    `CognitoOidcApp "${name}": userPoolId ${poolId} is in ${poolRegion} but the AWS provider's region is ${providerRegion}; set aws:region to ${poolRegion}`,
                );
            }
            return cognitoIssuer(providerRegion, poolId);
        });

        if (args.domainPrefix !== undefined) {
            new cognito.UserPoolDomain(`${name}-domain`, { domain: args.domainPrefix, userPoolId: this.userPoolId }, appRegistration);
            this.hostedUiUrl = region.apply((r) => cognitoHostedUiUrl(args.domainPrefix!, r));
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
                generateSecret: args.generateSecret ?? false,
                preventUserExistenceErrors: "ENABLED",
                enableTokenRevocation: true,
            },
            appRegistration,
        );

        this.clientId = client.id;
        // Wrapped here so the secret stays secret whatever the provider (or a mock) marks.
        if (args.generateSecret) this.clientSecret = pulumi.secret(client.clientSecret);
        this.authMethod = pulumi.output<AuthMethod>("pkce");
        this.callbackUrl = pulumi.output(urls.callbackUrl);
        this.logoutUrl = pulumi.output(urls.hostLogoutUrl);

        this.registerOutputs({
            issuer: this.issuer,
            clientId: this.clientId,
            clientSecret: this.clientSecret,
            authMethod: this.authMethod,
            userPoolId: this.userPoolId,
            callbackUrl: this.callbackUrl,
            logoutUrl: this.logoutUrl,
            hostedUiUrl: this.hostedUiUrl,
        });
    }
}
