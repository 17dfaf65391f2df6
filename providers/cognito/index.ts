// CognitoOidcApp: an AWS Cognito user pool app client that W&B Server can log in with.
// Submodules rather than the package root: the root loads ~300 modules the component never uses.
import * as cognito from "@pulumi/aws/cognito";
import { getRegionOutput } from "@pulumi/aws/getRegion";
// Lazily loading indexes: a resource's module loads only when a teams stack creates one.
import * as iam from "@pulumi/aws/iam";
import * as lambda from "@pulumi/aws/lambda";
import * as pulumi from "@pulumi/pulumi";
import { componentType, withPreviousType } from "../../src/componentType";
import { OIDC_SCOPES, type AuthMethod, type OidcApp } from "../../src/oidc";
import { defaultProviderSettings } from "../../src/idp/providerSettings";
import { appChildOptions, checkIdpApp, oidcAppOutputs } from "../../src/idp/app";
import { formatProblem } from "../../src/problems";
import {
    AWS_REGION_KEY,
    checkCognitoArgs,
    COGNITO_TEAMS_POOL_TIER,
    COGNITO_TEAMS_RUNTIME,
    COGNITO_TEAMS_TRIGGER_VERSION,
    cognitoTeamsLambdaCode,
    LAMBDA_ASSUME_ROLE_POLICY,
    LAMBDA_BASIC_EXECUTION_POLICY,
    cognitoHostedUiUrl,
    cognitoImportIds,
    cognitoIssuer,
    poolRegionFix,
    userPoolRegion,
    type CognitoOidcAppArgs,
    COGNITO_FIELDS,
    COGNITO_MANAGED_LOGIN_VERSION,
    COGNITO_TEAM_NAMES,
} from "./rules";

export type { CognitoOidcAppArgs } from "./rules";

/**
 * An AWS Cognito user pool app client W&B Server logs in with (authorization code with PKCE), in a
 * new user pool or an existing one: scopes openid, profile and email, callback <host>/oidc/callback,
 * logout URL <host>; issuer https://cognito-idp.<region>.amazonaws.com/<poolId>.
 */
export class CognitoOidcApp extends pulumi.ComponentResource implements OidcApp {
    static readonly TYPE = componentType("CognitoOidcApp");
    /** The token of versions before 0.2, an alias so that existing stacks keep their state. */
    static readonly PREVIOUS_TYPE = "wandb-sso:providers:CognitoOidcApp";

    /** `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`, in the AWS provider's region. */
    declare readonly issuer: pulumi.Output<string>;
    /** The client ID W&B logs in with (OIDC_CLIENT_ID). */
    declare readonly clientId: pulumi.Output<string>;
    /** Present only with `generateSecret`; always a Pulumi secret. */
    declare readonly clientSecret?: pulumi.Output<string>;
    /** Always `pkce`: Cognito cannot serve the implicit flow W&B uses. */
    declare readonly authMethod: pulumi.Output<AuthMethod>;
    /** `<host>/oidc/callback`, the registered sign-in redirect URI. */
    declare readonly callbackUrl: pulumi.Output<string>;
    /** The host itself, Cognito's logout URL. */
    declare readonly logoutUrl: pulumi.Output<string>;
    /** Whether the app sends W&B's team names (a `groups` claim of plain group names): WandbOidc's `teams` takes it. */
    declare readonly teams: boolean;
    /** The user pool's ID (`<region>_<id>`), the one created or the one reused. */
    readonly userPoolId: pulumi.Output<string>;
    /** The hosted-UI base URL, when this component created the domain. */
    readonly hostedUiUrl?: pulumi.Output<string>;
    /** With teams: the pre token generation Lambda that copies cognito:groups into groups. */
    readonly teamsFunctionArn?: pulumi.Output<string>;

    constructor(name: string, args: CognitoOidcAppArgs, opts?: pulumi.ComponentResourceOptions) {
        // A literal pool ID is checked against the stack's aws:region here, before registration.
        const provider = defaultProviderSettings(opts, AWS_REGION_KEY);
        const { settings, protect, teams, urls } = checkIdpApp(
            "CognitoOidcApp",
            name,
            args,
            COGNITO_FIELDS,
            (a, problems, at) => checkCognitoArgs(a, problems, at, provider),
            COGNITO_TEAM_NAMES,
        );
        super(CognitoOidcApp.TYPE, name, {}, withPreviousType(opts, CognitoOidcApp.PREVIOUS_TYPE));
        const child = { parent: this };
        // The pool (it holds the users), its domain (it serves the login pages) and the client are
        // protected; the teams trigger, its role and groups are settings (src/idp/app.ts).
        const { identity, setting } = appChildOptions(this, protect);
        // An adopted client (and domain) is imported by the provider's import IDs (COGNITO_ADOPT).
        const adopted = settings.adopt && cognitoImportIds(settings.adopt);

        // Teams (on a pool created here; an existing pool is refused by the rules): a pre token
        // generation trigger copies cognito:groups into groups. Its children follow the config.
        const trigger = teams.teams && settings.userPoolId === undefined ? teamsTrigger(name, teams.teamGroups, setting) : undefined;

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
                          ...(trigger !== undefined && {
                              // The V2_0 event (arrays in claims) needs the Essentials feature plan.
                              userPoolTier: COGNITO_TEAMS_POOL_TIER,
                              lambdaConfig: {
                                  preTokenGenerationConfig: { lambdaArn: trigger.arn, lambdaVersion: COGNITO_TEAMS_TRIGGER_VERSION },
                              },
                          }),
                      },
                      identity,
                  )
                : undefined;
        this.userPoolId = pool ? pool.id : pulumi.output(settings.userPoolId!);
        if (trigger !== undefined && pool !== undefined) {
            new lambda.Permission(
                `${name}-teams-invoke`,
                { action: "lambda:InvokeFunction", function: trigger.name, principal: "cognito-idp.amazonaws.com", sourceArn: pool.arn },
                setting,
            );
            // The groups named after W&B teams (users are added to them by an administrator).
            for (const group of teams.teamGroups ?? []) {
                new cognito.UserGroup(
                    `${name}-team-${group}`,
                    { userPoolId: pool.id, name: group, description: "A W&B team (wandb-sso: members get this team in W&B)" },
                    setting,
                );
            }
            this.teamsFunctionArn = trigger.arn;
        }

        // Known only once the provider answers (its region) or the pool exists (another resource's
        // ID): a clean error on this component, without a stack trace, and without the claim that
        // nothing was registered (by then something may have been).
        const region = getRegionOutput({}, child).region;
        const literalPool = typeof settings.userPoolId === "string";
        const issuer = pulumi.all([region, this.userPoolId]).apply(([providerRegion, poolId]) => {
            const poolRegion = userPoolRegion(poolId);
            if (poolRegion !== undefined && poolRegion !== providerRegion) {
                // A literal pool ID is shown; another resource's output may be a secret, so not its value.
                const fix = poolRegionFix(poolRegion, providerRegion);
                const problem = literalPool
                    ? formatProblem({ setting: "userPoolId", value: poolId, fix })
                    : `userPoolId (from another resource): ${fix}`;
                throw new pulumi.ResourceError(`CognitoOidcApp "${name}": ${problem}`, this, true);
            }
            return cognitoIssuer(providerRegion, poolId);
        });

        if (settings.domainPrefix !== undefined) {
            const domainPrefix = settings.domainPrefix;
            new cognito.UserPoolDomain(
                `${name}-domain`,
                { domain: domainPrefix, userPoolId: this.userPoolId, managedLoginVersion: COGNITO_MANAGED_LOGIN_VERSION },
                // An adopted domain keeps the login pages it serves (its managedLoginVersion): managed
                // login (2) renders from the styles made for it by hand, and W&B's users sign in
                // through it today; only a domain this component creates is held to version 1.
                adopted?.domain === undefined ? identity : { ...identity, import: adopted.domain, ignoreChanges: ["managedLoginVersion"] },
            );
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
            // The client's name is not this component's: a client it creates gets Pulumi's
            // auto-name, an adopted one keeps its own (without ignoreChanges, the update after the
            // import would rename it to the auto-name).
            adopted === undefined ? identity : { ...identity, import: adopted.client, ignoreChanges: ["name"] },
        );

        const outputs = oidcAppOutputs({
            teams: teams.teams,
            issuer,
            clientId: client.id,
            authMethod: "pkce",
            callbackUrl: urls.callbackUrl,
            logoutUrl: urls.hostLogoutUrl,
            ...(settings.generateSecret && { clientSecret: client.clientSecret }),
        });
        Object.assign(this, outputs);
        this.registerOutputs({
            ...outputs,
            userPoolId: this.userPoolId,
            hostedUiUrl: this.hostedUiUrl,
            teamsFunctionArn: this.teamsFunctionArn,
        });
    }
}

/** The teams trigger's function and its role (which may write the function's logs, nothing else). */
function teamsTrigger(name: string, teamGroups: readonly string[] | undefined, opts: pulumi.CustomResourceOptions) {
    const role = new iam.Role(`${name}-teams-role`, { assumeRolePolicy: LAMBDA_ASSUME_ROLE_POLICY }, opts);
    new iam.RolePolicyAttachment(`${name}-teams-logs`, { role: role.name, policyArn: LAMBDA_BASIC_EXECUTION_POLICY }, opts);
    return new lambda.Function(
        `${name}-teams`,
        {
            description: "wandb-sso: copies cognito:groups into the groups claim W&B maps to teams",
            runtime: COGNITO_TEAMS_RUNTIME,
            handler: "index.handler",
            role: role.arn,
            timeout: 5,
            code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(cognitoTeamsLambdaCode(teamGroups)) }),
        },
        opts,
    );
}
