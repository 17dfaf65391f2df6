// OktaOidcApp: an Okta OIDC single-page app integration that W&B Server can log in with.
import * as okta from "@pulumi/okta";
import * as pulumi from "@pulumi/pulumi";
import { wandbUrls, type AuthMethod, type IdpAppArgs } from "../src/oidc";
import { Problems } from "../src/problems";
import {
    checkOktaGroupIds,
    isOktaDomain,
    OKTA_GRANT_TYPES,
    OKTA_RESPONSE_TYPES,
    oktaCombinationProblems,
    oktaIssuer,
    parseAuthorizationServerId,
    parseOktaLabel,
    parseOktaOrgUrl,
    readOktaGroupsClaim,
    wantsGroupsClaim,
} from "../src/idps/okta";
import type { OidcApp } from "../src/idps/types";
import { checkIdpAppArgs } from "../src/idps/common";

export interface OktaOidcAppArgs extends IdpAppArgs {
    /**
     * The org URL the issuer is built from: `https://acme.okta.com` (not the `-admin` console), or
     * the org's custom domain (`https://login.example.com`). The Okta provider's own credentials
     * (`okta:orgName`, `okta:baseUrl`, `okta:apiToken`) are separate.
     */
    orgUrl: string;
    /** The app integration's name in the Admin Console; default `Weights & Biases`. */
    label?: string;
    /**
     * Use this custom authorization server (`default`, or `aus…`; needs API Access Management);
     * when unset, the org authorization server. It decides the issuer: `<orgUrl>/oauth2/<id>`.
     */
    authorizationServerId?: string;
    /** Groups assigned to the app (`00g…`): only assigned users can sign in to W&B. */
    groupIds?: pulumi.Input<string>[];
    /**
     * Put the user's groups in the ID token (W&B maps them to teams): a claim on the custom
     * authorization server, so `authorizationServerId` is required. Defaults: name `groups`,
     * filterRegex `.*` (every group).
     */
    groupsClaim?: { name?: string; filterRegex?: string };
}

export class OktaOidcApp extends pulumi.ComponentResource implements OidcApp {
    static readonly TYPE = "wandb-sso:providers:OktaOidcApp";

    /** The org URL, or `<orgUrl>/oauth2/<authorizationServerId>`. */
    readonly issuer: pulumi.Output<string>;
    readonly clientId: pulumi.Output<string>;
    readonly authMethod: pulumi.Output<AuthMethod>;
    // No clientSecret: a single-page app is a public client (token endpoint auth `none`, PKCE).
    readonly callbackUrl: pulumi.Output<string>;
    /** `<host>/logout`, the sign-out redirect URI. */
    readonly logoutUrl: pulumi.Output<string>;
    /** The app's ID in Okta (`0oa…`). */
    readonly appId: pulumi.Output<string>;

    constructor(name: string, args: OktaOidcAppArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate everything before registering anything (the component included).
        const problems = new Problems();
        const { authMethod, protect } = checkIdpAppArgs(problems, args);
        const orgUrl = problems.check("orgUrl", args.orgUrl, parseOktaOrgUrl);
        const label = problems.check("label", args.label, parseOktaLabel);
        if (args.authorizationServerId !== undefined) {
            problems.check("authorizationServerId", args.authorizationServerId, parseAuthorizationServerId);
        }
        if (args.groupIds !== undefined) {
            if (Array.isArray(args.groupIds)) checkOktaGroupIds(args.groupIds, "groupIds", problems);
            else problems.add("groupIds", args.groupIds, 'use a list of Okta group IDs, e.g. ["00g1a2b3c4d5e6f7g8h9"]');
        }
        const groups = readOktaGroupsClaim(args.groupsClaim, "groupsClaim", problems);
        oktaCombinationProblems(
            {
                authorizationServerId: args.authorizationServerId,
                groupsClaim: args.groupsClaim,
                wantsGroupsClaim: wantsGroupsClaim(args.groupsClaim),
            },
            { authorizationServerId: "authorizationServerId", groupsClaim: "groupsClaim" },
            problems,
        );
        problems.throwIfAny(`OktaOidcApp "${name}"`);

        super(OktaOidcApp.TYPE, name, {}, opts);
        const urls = wandbUrls(args.host);
        const serverId = args.authorizationServerId;

        // Protected: deleting or replacing the app integration locks everyone out of W&B. Group
        // assignments and the claim are not: they follow the config, and removing one from it must
        // remove it from Okta (explicit false, since children inherit the component's `protect`).
        const app = new okta.app.OAuth(
            `${name}-app`,
            {
                label: label!,
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
                ...(serverId === undefined && !isOktaDomain(orgUrl!) && { issuerMode: "CUSTOM_URL" }),
            },
            { parent: this, protect },
        );

        const unprotected = { parent: this, protect: false };
        (args.groupIds ?? []).forEach((groupId, index) => {
            // Named by the ID when it is known, so reordering the list changes nothing.
            const suffix = typeof groupId === "string" ? groupId : String(index);
            new okta.app.GroupAssignment(`${name}-group-${suffix}`, { appId: app.id, groupId }, unprotected);
        });

        if (groups!.claim !== undefined) {
            new okta.auth.ServerClaim(
                `${name}-groups-claim`,
                {
                    authServerId: serverId!,
                    name: groups!.claim.name,
                    claimType: "IDENTITY",
                    valueType: "GROUPS",
                    groupFilterType: "REGEX",
                    value: groups!.claim.filterRegex,
                    alwaysIncludeInToken: true,
                },
                unprotected,
            );
        }

        this.issuer = pulumi.output(oktaIssuer(orgUrl!, serverId));
        this.clientId = app.clientId;
        this.appId = app.id;
        this.authMethod = pulumi.output<AuthMethod>(authMethod!);
        this.callbackUrl = pulumi.output(urls.callbackUrl);
        this.logoutUrl = pulumi.output(urls.logoutPageUrl);

        this.registerOutputs({
            issuer: this.issuer,
            clientId: this.clientId,
            authMethod: this.authMethod,
            callbackUrl: this.callbackUrl,
            logoutUrl: this.logoutUrl,
            appId: this.appId,
        });
    }
}
