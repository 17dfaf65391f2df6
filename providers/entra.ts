// EntraOidcApp: a Microsoft Entra ID app registration that W&B Server can log in with, its service
// principal, and a client secret that rotates itself.
import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { wandbUrls, type AuthMethod, type IdpAppArgs } from "../src/oidc";
import { ConfigError, Problems } from "../src/problems";
import { parseOptionalBoolean } from "../src/config/values";
import {
    checkOwners,
    entraIssuer,
    graphOidcResourceAccess,
    parseEntraDisplayName,
    parseGroupMembershipClaims,
    parseSecretRotationDays,
    parseSignInAudience,
    parseTenantId,
    secretRotation,
} from "../src/idps/entra";
import type { OidcApp } from "../src/idps/types";
import { checkIdpAppArgs } from "../src/idps/common";

export interface EntraOidcAppArgs extends IdpAppArgs {
    /** The app registration's name; default `Weights & Biases`. */
    displayName?: string;
    /**
     * The Directory (tenant) ID the issuer names. Default: the tenant of the azuread provider in use,
     * which is where the app is registered; set it only to state that same tenant explicitly.
     */
    tenantId?: pulumi.Input<string>;
    /**
     * How long each client secret is valid, in days (1-730, default 180). A new secret replaces it
     * on the first `pulumi up` after half of that, so `pulumi up` must run at least every
     * `secretRotationDays / 2` days (e.g. from a scheduled CI job).
     */
    secretRotationDays?: number;
    /** `AzureADMyOrg` (single tenant, default) or `AzureADMultipleOrgs`. */
    signInAudience?: string;
    /** Emit a `groups` claim: `SecurityGroup`, `DirectoryRole`, `ApplicationGroup`, or `All` (or `None`). */
    groupMembershipClaims?: string[];
    /** Object IDs of the owners of the app registration and the service principal. */
    owners?: pulumi.Input<string>[];
    /** Only users and groups assigned to the enterprise application can sign in (default false). */
    assignmentRequired?: boolean;
    /** The time the secret's rotation schedule is computed from; default the current time (for tests). */
    now?: Date;
}

export class EntraOidcApp extends pulumi.ComponentResource implements OidcApp {
    static readonly TYPE = "wandb-sso:providers:EntraOidcApp";

    /** `https://login.microsoftonline.com/<tenantId>/v2.0`. */
    readonly issuer: pulumi.Output<string>;
    /** The Application (client) ID. */
    readonly clientId: pulumi.Output<string>;
    /** The current client secret; always a Pulumi secret. */
    readonly clientSecret: pulumi.Output<string>;
    readonly authMethod: pulumi.Output<AuthMethod>;
    readonly callbackUrl: pulumi.Output<string>;
    /** `<host>/logout`, the front-channel logout URL. */
    readonly logoutUrl: pulumi.Output<string>;
    readonly tenantId: pulumi.Output<string>;
    /** When the current client secret expires (RFC 3339). */
    readonly secretEndDate: pulumi.Output<string>;
    /** From when the next `pulumi up` replaces the client secret (RFC 3339). */
    readonly secretNextRotation: pulumi.Output<string>;

    constructor(name: string, args: EntraOidcAppArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate everything before registering anything (the component included).
        const problems = new Problems();
        const { authMethod, protect } = checkIdpAppArgs(problems, args);
        const displayName = problems.check("displayName", args.displayName, parseEntraDisplayName);
        // A literal tenant is checked now; one known only later is checked when it resolves (below).
        if (args.tenantId !== undefined && !pulumi.Output.isInstance(args.tenantId) && !isPromise(args.tenantId)) {
            problems.check("tenantId", args.tenantId, parseTenantId);
        }
        const rotationDays = problems.check("secretRotationDays", args.secretRotationDays, parseSecretRotationDays);
        const signInAudience = problems.check("signInAudience", args.signInAudience, parseSignInAudience);
        const groupMembershipClaims =
            args.groupMembershipClaims === undefined
                ? undefined
                : problems.check("groupMembershipClaims", args.groupMembershipClaims, parseGroupMembershipClaims);
        if (args.owners !== undefined) {
            if (Array.isArray(args.owners)) checkOwners(args.owners, "owners", problems);
            else problems.add("owners", args.owners, 'use a list of object IDs, e.g. ["00000000-0000-0000-0000-000000000000"]');
        }
        const assignmentRequired = problems.check("assignmentRequired", args.assignmentRequired, parseOptionalBoolean(false));
        const now = args.now ?? new Date();
        if (!(now instanceof Date) || Number.isNaN(now.getTime()))
            problems.add("now", String(args.now), "use a valid Date, or leave it unset for the current time");
        problems.throwIfAny(`EntraOidcApp "${name}"`);

        super(EntraOidcApp.TYPE, name, {}, opts);
        const urls = wandbUrls(args.host);
        // The app registration and its service principal are protected: deleting or replacing them
        // locks everyone out of W&B.
        const appRegistration = { parent: this, protect };

        const app = new azuread.Application(
            `${name}-app`,
            {
                displayName: displayName!,
                description: `W&B Server at ${urls.host} (OIDC single sign-on, managed by wandb-sso)`,
                signInAudience: signInAudience!,
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
                optionalClaims: { idTokens: [{ name: "email" }] },
                ...(groupMembershipClaims !== undefined && { groupMembershipClaims }),
                ...(args.owners !== undefined && { owners: args.owners }),
            },
            appRegistration,
        );

        new azuread.ServicePrincipal(
            `${name}-sp`,
            {
                clientId: app.clientId,
                appRoleAssignmentRequired: assignmentRequired!,
                // Listed under Enterprise applications, where users and groups are assigned.
                featureTags: [{ enterprise: true }],
                ...(args.owners !== undefined && { owners: args.owners }),
            },
            appRegistration,
        );

        // The client secret rotates: its inputs depend only on the current rotation period, so they
        // are stable between rotations and change once per period. Any change replaces it, and Pulumi
        // replaces create-before-delete: the new secret is created, W&B's Secret and workload are
        // re-pointed to it, and only then is the old one deleted, so login never breaks. Never
        // protected (a protected secret cannot be replaced; children inherit the component's
        // `protect`, hence the explicit false) and never delete-before-replace.
        const rotation = secretRotation(now, rotationDays!);
        const password = new azuread.ApplicationPassword(
            `${name}-secret`,
            {
                applicationId: app.id,
                displayName: `wandb-sso ${rotation.periodStart}`,
                endDate: rotation.endDate,
                rotateWhenChanged: { ...rotation.rotateWhenChanged },
            },
            { parent: this, protect: false, deleteBeforeReplace: false },
        );

        const tenantId = args.tenantId ?? azuread.getClientConfigOutput({ parent: this }).tenantId;
        this.tenantId = pulumi.output(tenantId).apply((tenant) => {
            const parsed = parseTenantId(tenant);
            if ("fix" in parsed) {
                const setting = args.tenantId === undefined ? "tenantId (from the azuread provider)" : "tenantId";
                throw new ConfigError([{ setting, value: tenant, fix: parsed.fix }], `EntraOidcApp "${name}"`);
            }
            return parsed.value;
        });
        this.issuer = this.tenantId.apply(entraIssuer);
        this.clientId = app.clientId;
        // Wrapped here so the secret stays secret whatever the provider (or a mock) marks.
        this.clientSecret = pulumi.secret(password.value);
        this.authMethod = pulumi.output<AuthMethod>(authMethod!);
        this.callbackUrl = pulumi.output(urls.callbackUrl);
        this.logoutUrl = pulumi.output(urls.logoutPageUrl);
        this.secretEndDate = pulumi.output(rotation.endDate);
        this.secretNextRotation = pulumi.output(rotation.nextRotation);

        if (authMethod === "implicit" && groupMembershipClaims !== undefined && !groupMembershipClaims.includes("None")) {
            pulumi.log.warn(
                "Entra ID replaces the groups claim with `hasgroups` in implicit-flow ID tokens of users in more than 6 groups; " +
                    "use authMethod pkce for W&B to receive their groups",
                this,
            );
        }

        this.registerOutputs({
            issuer: this.issuer,
            clientId: this.clientId,
            clientSecret: this.clientSecret,
            authMethod: this.authMethod,
            callbackUrl: this.callbackUrl,
            logoutUrl: this.logoutUrl,
            tenantId: this.tenantId,
            secretEndDate: this.secretEndDate,
            secretNextRotation: this.secretNextRotation,
        });
    }
}

function isPromise(value: unknown): boolean {
    return typeof (value as { then?: unknown } | null)?.then === "function";
}
