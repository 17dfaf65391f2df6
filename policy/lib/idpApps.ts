// Recognises an IdP app registration made for W&B, by what it is: an Okta, Entra ID, Cognito, Auth0
// or Keycloak OIDC client with a redirect URI ending in /oidc/callback. Field names are the SDKs'
// inputs (okta 7.0.0 app/oauth.d.ts, azuread 6.9.1 application.d.ts and types/input.d.ts
// ApplicationWeb/ApplicationSinglePageApplication/ApplicationPublicClient, aws 7.48.0
// cognito/userPoolClient.d.ts, auth0 3.49.0 client.d.ts, keycloak 6.13.0 openid/client.d.ts).
import { cognitoIssuer, isEntraIssuerHost, parseUrl } from "./issuer";
import * as types from "./types";
import { looksLikeWandbCallback } from "./uri";
import { UNKNOWN, asList, at, knownStrings, type Value } from "./values";

export interface UriEntry {
    /** The property path, e.g. `web.redirectUris[0]`. */
    readonly field: string;
    /** As written in the resource. */
    readonly written: string;
    /** The absolute URI it stands for (a Keycloak URI relative to `rootUrl` is resolved). */
    readonly uri: string;
}

/** What the stack-level agreement check can tell about the issuer W&B must use with this app. */
export interface IssuerExpectation {
    /** e.g. `"https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Ab1" (user pool us-west-2_Ab1)`. */
    readonly describe: string;
    matches(issuer: string): boolean;
}

export interface IdpApp {
    readonly redirectUris: readonly UriEntry[];
    readonly logoutUris: readonly UriEntry[];
    /** Set when the app allows the implicit flow and not the authorization code flow: which field, what to change. */
    readonly implicitOnly?: { readonly field: string; readonly fix: string };
    /**
     * The client ID: a string, UNKNOWN, or undefined when the properties never hold it (a Cognito
     * client's ID is its resource ID, which policies are not given).
     */
    readonly clientId: Value | undefined;
    /** undefined: this app does not tell which issuer W&B must use (e.g. Okta and Auth0 custom domains). */
    readonly issuer?: IssuerExpectation;
}

function entries(props: Value, field: string, resolve: (uri: string) => string | undefined = (uri) => uri): UriEntry[] {
    return knownStrings(at(props, ...field.split("."))).flatMap(({ index, value }) => {
        const uri = resolve(value);
        return uri === undefined ? [] : [{ field: `${field}[${index}]`, written: value, uri }];
    });
}

function single(props: Value, field: string): UriEntry[] {
    const value = at(props, ...field.split("."));
    return typeof value === "string" ? [{ field, written: value, uri: value }] : [];
}

/** A list of grants that has `implicit` and lacks `code`, every entry known. */
function onlyImplicit(grants: Value | undefined, implicit: string, code: string): boolean {
    const list = asList(grants);
    if (list === undefined || list.some((g) => typeof g !== "string")) return false;
    return list.includes(implicit) && !list.includes(code);
}

function okta(props: Value): IdpApp {
    return {
        redirectUris: entries(props, "redirectUris"),
        logoutUris: entries(props, "postLogoutRedirectUris"),
        ...(onlyImplicit(at(props, "grantTypes"), "implicit", "authorization_code") && {
            implicitOnly: {
                field: `grantTypes ${JSON.stringify(at(props, "grantTypes"))}`,
                fix: 'add "authorization_code" (with response type "code"; Okta supports PKCE)',
            },
        }),
        clientId: at(props, "clientId"),
    };
}

function entra(props: Value, provider: Value): IdpApp {
    const tenant = at(provider, "tenantId");
    return {
        redirectUris: [
            ...entries(props, "web.redirectUris"),
            ...entries(props, "singlePageApplication.redirectUris"),
            ...entries(props, "publicClient.redirectUris"),
        ],
        logoutUris: single(props, "web.logoutUrl"),
        // A web app registration always allows the authorization code flow; the implicit grant can
        // only be added to it (web.implicitGrant), so an Entra app never allows the implicit flow alone.
        clientId: at(props, "clientId"),
        issuer: {
            describe:
                typeof tenant === "string"
                    ? `"https://login.microsoftonline.com/${tenant}/v2.0" (the provider's tenant)`
                    : "an Entra ID issuer, https://login.microsoftonline.com/<tenantId>/v2.0",
            matches: (issuer) => {
                const url = parseUrl(issuer);
                if (url === undefined || !isEntraIssuerHost(url.hostname)) return false;
                const issuerTenant = url.pathname.split("/").filter((s) => s !== "")[0];
                return typeof tenant !== "string" || issuerTenant?.toLowerCase() === tenant.toLowerCase();
            },
        },
    };
}

function cognito(props: Value): IdpApp {
    const pool = at(props, "userPoolId");
    const expected = typeof pool === "string" ? cognitoIssuer(pool) : undefined;
    return {
        redirectUris: [...entries(props, "callbackUrls"), ...single(props, "defaultRedirectUri")],
        logoutUris: entries(props, "logoutUrls"),
        ...(onlyImplicit(at(props, "allowedOauthFlows"), "implicit", "code") && {
            implicitOnly: {
                field: `allowedOauthFlows ${JSON.stringify(at(props, "allowedOauthFlows"))}`,
                fix: 'add "code" (Cognito supports PKCE)',
            },
        }),
        clientId: undefined,
        ...(expected !== undefined && {
            issuer: { describe: `${JSON.stringify(expected)} (user pool ${pool as string})`, matches: (issuer) => issuer === expected },
        }),
    };
}

function auth0(props: Value): IdpApp {
    return {
        redirectUris: entries(props, "callbacks"),
        logoutUris: entries(props, "allowedLogoutUrls"),
        ...(onlyImplicit(at(props, "grantTypes"), "implicit", "authorization_code") && {
            implicitOnly: {
                field: `grantTypes ${JSON.stringify(at(props, "grantTypes"))}`,
                fix: 'add "authorization_code" (Auth0 supports PKCE)',
            },
        }),
        clientId: at(props, "clientId"),
    };
}

function keycloak(props: Value): IdpApp {
    // Keycloak resolves a relative URI against the client's rootUrl (keycloak 6.13.0 openid/client.d.ts).
    const root = at(props, "rootUrl");
    const resolve = (uri: string): string | undefined => {
        if (!uri.startsWith("/")) return uri;
        if (root === UNKNOWN) return undefined;
        return typeof root === "string" ? `${root.replace(/\/+$/, "")}${uri}` : uri;
    };
    const realm = at(props, "realmId");
    // Keycloak's standardFlowEnabled and implicitFlowEnabled both default to false.
    const standard = at(props, "standardFlowEnabled");
    const implicitOnly = at(props, "implicitFlowEnabled") === true && (standard === false || standard === undefined);
    return {
        redirectUris: entries(props, "validRedirectUris", resolve),
        logoutUris: entries(props, "validPostLogoutRedirectUris", resolve),
        ...(implicitOnly && {
            implicitOnly: {
                field: "implicitFlowEnabled true with standardFlowEnabled off",
                fix: 'set standardFlowEnabled to true and pkceCodeChallengeMethod to "S256"',
            },
        }),
        clientId: at(props, "clientId"),
        ...(typeof realm === "string" && {
            issuer: {
                describe: `an issuer ending in /realms/${realm}`,
                matches: (issuer: string) => issuer.replace(/\/+$/, "").endsWith(`/realms/${realm}`),
            },
        }),
    };
}

/**
 * The app registration, if this resource is one made for W&B; undefined for anything else (another
 * type, or no known redirect URI ending in /oidc/callback). `provider` is the resource's provider
 * properties, where the policy has them (Entra's tenant).
 */
export function wandbIdpApp(type: string, props: Value, provider: Value = null): IdpApp | undefined {
    let app: IdpApp;
    switch (type) {
        case types.OKTA_APP:
            app = okta(props);
            break;
        case types.ENTRA_APP:
            app = entra(props, provider);
            break;
        case types.COGNITO_CLIENT:
            app = cognito(props);
            break;
        case types.AUTH0_CLIENT:
            app = auth0(props);
            break;
        case types.KEYCLOAK_CLIENT:
            app = keycloak(props);
            break;
        default:
            return undefined;
    }
    return app.redirectUris.some((entry) => looksLikeWandbCallback(entry.uri)) ? app : undefined;
}
