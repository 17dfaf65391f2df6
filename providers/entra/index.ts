// EntraOidcApp: a Microsoft Entra ID app registration that W&B Server can log in with, its service
// principal, and a client secret that rotates itself.
import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { componentType, withPreviousType } from "../../src/componentType";
import { type AuthMethod, type OidcApp } from "../../src/oidc";
import { checkWhenKnown } from "../../src/deferred";
import { defaultProviderSettings } from "../../src/idp/providerSettings";
import { appChildOptions, checkIdpApp, oidcAppOutputs } from "../../src/idp/app";
import { appDescription } from "../../src/idp/limits";
import {
    AZUREAD_TENANT_KEY,
    checkEntraArgs,
    DEFAULT_ACCESS_APP_ROLE_ID,
    entraGroupSettings,
    entraImportIds,
    entraIssuer,
    ENTRA_DESCRIPTION_MAX_CHARS,
    entraAdminConsent,
    entraTeamsWarning,
    graphOidcResourceAccess,
    implicitGroupsWarning,
    parseTenantId,
    secretRotation,
    type EntraOidcAppArgs,
    ENTRA_FIELDS,
    ENTRA_TEAM_NAMES,
} from "./rules";

export type { EntraOidcAppArgs } from "./rules";
export { EntraGroupNameSource } from "./rules";

/**
 * The clock the secret's rotation schedule reads: the current time. Not an argument (a Date has no
 * type in Pulumi's schema, and no program has a reason to pass one); tests set it to a fixed time.
 */
export const secretRotationClock = { now: (): Date => new Date() };

/**
 * A Microsoft Entra ID app registration W&B Server logs in with, its service principal, and a client
 * secret that rotates itself: Web redirect <host>/oidc/callback, front-channel logout <host>/logout;
 * issuer https://login.microsoftonline.com/<tenantId>/v2.0.
 */
export class EntraOidcApp extends pulumi.ComponentResource implements OidcApp {
    static readonly TYPE = componentType("EntraOidcApp");
    /** The token of versions before 0.2, an alias so that existing stacks keep their state. */
    static readonly PREVIOUS_TYPE = "wandb-sso:providers:EntraOidcApp";

    /** `https://login.microsoftonline.com/<tenantId>/v2.0`. */
    declare readonly issuer: pulumi.Output<string>;
    /** The Application (client) ID. */
    declare readonly clientId: pulumi.Output<string>;
    /** The current client secret; always a Pulumi secret. */
    declare readonly clientSecret: pulumi.Output<string>;
    /** How W&B completes a login, as the app is registered (OIDC_AUTH_METHOD): pkce or implicit. */
    declare readonly authMethod: pulumi.Output<AuthMethod>;
    /** `<host>/oidc/callback`, the registered sign-in redirect URI. */
    declare readonly callbackUrl: pulumi.Output<string>;
    /** `<host>/logout`, the front-channel logout URL. */
    declare readonly logoutUrl: pulumi.Output<string>;
    /** Whether the app sends W&B's team names (a `groups` claim of plain group names): WandbOidc's `teams` takes it. */
    declare readonly teams: boolean;
    /** The Directory (tenant) ID the issuer names. */
    readonly tenantId: pulumi.Output<string>;
    /** When the current client secret expires (RFC 3339). */
    readonly secretEndDate: pulumi.Output<string>;
    /** From when the next `pulumi up` replaces the client secret (RFC 3339). */
    readonly secretNextRotation: pulumi.Output<string>;

    constructor(name: string, args: EntraOidcAppArgs, opts?: pulumi.ComponentResourceOptions) {
        // The tenant is checked against the stack's azuread:tenantId here, before registration.
        const provider = defaultProviderSettings(opts, AZUREAD_TENANT_KEY);
        const { settings, authMethod, protect, teams, urls } = checkIdpApp(
            "EntraOidcApp",
            name,
            args,
            ENTRA_FIELDS,
            (a, problems, at) => checkEntraArgs(a, problems, at, provider),
            ENTRA_TEAM_NAMES,
        );
        super(EntraOidcApp.TYPE, name, {}, withPreviousType(opts, EntraOidcApp.PREVIOUS_TYPE));
        // The app registration and its service principal are protected: deleting or replacing them
        // locks everyone out of W&B. Assignments, the consent grant and the secret are settings.
        const { identity, setting } = appChildOptions(this, protect);
        const groups = entraGroupSettings(settings, teams);
        // Adopted: both imported by their object IDs (ENTRA_ADOPT), and a consent granted by hand
        // by its grant ID; the app keeps its name (unless displayName is given) and its description.
        const adopted = settings.adopt && entraImportIds(settings.adopt);
        const ownName = [...(args.displayName === undefined ? ["displayName"] : []), "description"];

        const app = new azuread.Application(
            `${name}-app`,
            {
                displayName: settings.displayName,
                description: appDescription(urls.host, ENTRA_DESCRIPTION_MAX_CHARS),
                signInAudience: settings.signInAudience,
                // A confidential Web-platform client (W&B redeems the code with the client secret);
                // no SPA platform.
                web: {
                    redirectUris: [urls.callbackUrl],
                    logoutUrl: urls.logoutPageUrl,
                    // The implicit flow's ID token (form_post), only when W&B uses it; never access tokens.
                    implicitGrant: { idTokenIssuanceEnabled: authMethod === "implicit", accessTokenIssuanceEnabled: false },
                },
                // Delegated Microsoft Graph permissions for the scopes W&B asks for.
                requiredResourceAccesses: [graphOidcResourceAccess()],
                // With teams: the groups claim carries the names of the groups assigned to the app.
                optionalClaims: { idTokens: [{ name: "email" }, ...(groups.groupsOptionalClaim ? [groups.groupsOptionalClaim] : [])] },
                ...(groups.groupMembershipClaims !== undefined && { groupMembershipClaims: groups.groupMembershipClaims }),
                ...(settings.owners !== undefined && { owners: settings.owners }),
            },
            adopted === undefined ? identity : { ...identity, import: adopted.application, ignoreChanges: ownName },
        );

        const sp = new azuread.ServicePrincipal(
            `${name}-sp`,
            {
                clientId: app.clientId,
                appRoleAssignmentRequired: settings.assignmentRequired,
                // Listed under Enterprise applications, where users and groups are assigned.
                featureTags: [{ enterprise: true }],
                ...(settings.owners !== undefined && { owners: settings.owners }),
            },
            adopted === undefined ? identity : { ...identity, import: adopted.servicePrincipal },
        );

        // An app that requires assignment gets no user consent, whatever the tenant's consent
        // policy: an administrator's consent to W&B's scopes, registered here (rules.ts
        // entraAdminConsent), or users meet "needs admin approval" once W&B is switched.
        const consent = entraAdminConsent(settings);
        if (consent !== undefined) {
            const graph = azuread.getServicePrincipalOutput({ clientId: consent.resourceAppId }, { parent: this });
            new azuread.ServicePrincipalDelegatedPermissionGrant(
                `${name}-admin-consent`,
                {
                    servicePrincipalObjectId: sp.objectId,
                    resourceServicePrincipalObjectId: graph.objectId,
                    claimValues: [...consent.scopes],
                },
                adopted?.adminConsent === undefined ? setting : { ...setting, import: adopted.adminConsent },
            );
        }

        // Teams: the groups whose names are W&B teams, assigned to the enterprise application (the
        // default access role), so that ApplicationGroup puts them in the claim. Group-based
        // assignment needs Microsoft Entra ID P1 or P2 (docs/entra.md).
        (settings.teamGroupIds ?? []).forEach((groupId, index) => {
            const suffix = typeof groupId === "string" ? groupId : String(index);
            new azuread.AppRoleAssignment(
                `${name}-team-${suffix}`,
                { appRoleId: DEFAULT_ACCESS_APP_ROLE_ID, principalObjectId: groupId, resourceObjectId: sp.objectId },
                setting,
            );
        });

        // The client secret rotates: its inputs depend only on the current rotation period, so they
        // are stable between rotations and change once per period. Any change replaces it, and Pulumi
        // replaces create-before-delete: the new secret is created, W&B's Secret and workload are
        // re-pointed to it, and only then is the old one deleted, so login never breaks. Never
        // protected (a protected secret cannot be replaced; children inherit the component's
        // `protect`, hence the explicit false) and never delete-before-replace.
        const rotation = secretRotation(secretRotationClock.now(), settings.secretRotationDays);
        const password = new azuread.ApplicationPassword(
            `${name}-secret`,
            {
                applicationId: app.id,
                displayName: `wandb-sso ${rotation.periodStart}`,
                endDate: rotation.endDate,
                rotateWhenChanged: { ...rotation.rotateWhenChanged },
            },
            { ...setting, deleteBeforeReplace: false },
        );

        // A tenant known only later (the provider's, or another resource's) is checked when it
        // resolves: a clean error on this component, without a stack trace, and without the claim
        // that nothing was registered (by then something may have been).
        const tenantId = settings.tenantId ?? azuread.getClientConfigOutput({ parent: this }).tenantId;
        const from = settings.tenantId === undefined ? "the azuread provider" : "another resource";
        this.tenantId = checkWhenKnown(tenantId, "tenantId", parseTenantId, { resource: this, subject: `EntraOidcApp "${name}"` }, from);
        this.secretEndDate = pulumi.output(rotation.endDate);
        this.secretNextRotation = pulumi.output(rotation.nextRotation);

        for (const warning of [implicitGroupsWarning(authMethod, groups.groupMembershipClaims), entraTeamsWarning(settings, teams)]) {
            if (warning !== undefined) void pulumi.log.warn(warning, this);
        }

        const outputs = oidcAppOutputs({
            teams: teams.teams,
            issuer: this.tenantId.apply(entraIssuer),
            clientId: app.clientId,
            authMethod,
            callbackUrl: urls.callbackUrl,
            logoutUrl: urls.logoutPageUrl,
            clientSecret: password.value,
        });
        Object.assign(this, outputs);
        this.registerOutputs({
            ...outputs,
            tenantId: this.tenantId,
            secretEndDate: this.secretEndDate,
            secretNextRotation: this.secretNextRotation,
        });
    }
}
