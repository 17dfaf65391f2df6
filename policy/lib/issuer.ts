// The issuer forms W&B needs from Cognito and Entra ID. W&B compares the issuer it is given with the
// `issuer` of the IdP's discovery document and of every ID token, so the form must be exact.

export function parseUrl(text: string): URL | undefined {
    try {
        return new URL(text);
    } catch {
        return undefined;
    }
}

/** A user pool ID is `<region>_<id>`; its issuer is on cognito-idp in that region. */
export function cognitoIssuer(userPoolId: string): string | undefined {
    const region = /^([a-z0-9-]+)_[A-Za-z0-9]+$/.exec(userPoolId)?.[1];
    return region === undefined ? undefined : `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

const COGNITO_HOSTED_UI = /^[a-z0-9-]+\.auth(-fips)?\.([a-z0-9-]+)\.amazoncognito\.com$/;
const COGNITO_IDP = /^cognito-idp\.([a-z0-9-]+)\.amazonaws\.com$/;

export interface IssuerProblem {
    readonly reason: string;
    readonly fix: string;
}

/** For an issuer on a Cognito host: what is wrong with it. undefined: fine, or not Cognito. */
export function cognitoIssuerProblem(issuer: string): IssuerProblem | undefined {
    const url = parseUrl(issuer);
    if (url === undefined) return undefined;
    const host = url.hostname.toLowerCase();
    const hostedUi = COGNITO_HOSTED_UI.exec(host);
    if (hostedUi) {
        return {
            reason: "is the Cognito hosted-UI (sign-in) domain, not the issuer",
            fix: `use "https://cognito-idp.${hostedUi[2]}.amazonaws.com/<userPoolId>"`,
        };
    }
    const idp = COGNITO_IDP.exec(host);
    if (!idp) return undefined;
    const region = idp[1];
    const path = url.pathname.split("/").filter((s) => s !== "");
    const pool = path.length === 1 ? path[0] : undefined;
    const poolRegion = pool === undefined ? undefined : /^([a-z0-9-]+)_[A-Za-z0-9]+$/.exec(pool)?.[1];
    if (pool === undefined || poolRegion === undefined) {
        return {
            reason: "is not https://cognito-idp.<region>.amazonaws.com/<userPoolId>",
            fix: `use "https://cognito-idp.${region}.amazonaws.com/<userPoolId>" (a user pool ID looks like ${region}_AbC123xyz)`,
        };
    }
    const expected = cognitoIssuer(pool)!;
    if (poolRegion !== region) {
        return { reason: `names region ${region}, but user pool ${pool} is in ${poolRegion}`, fix: `use ${JSON.stringify(expected)}` };
    }
    if (issuer !== expected) {
        return { reason: "is not exactly the user pool's issuer (no trailing slash, no query)", fix: `use ${JSON.stringify(expected)}` };
    }
    return undefined;
}

/** Entra ID's sign-in hosts, and the v1.0 token issuer's. */
const ENTRA_HOSTS: ReadonlySet<string> = new Set(["login.microsoftonline.com", "login.microsoft.com"]);
const ENTRA_V1_HOST = "sts.windows.net";
/** Entra's multi-tenant endpoints: their ID tokens name each user's own tenant as issuer. */
const ENTRA_MULTI_TENANT: ReadonlySet<string> = new Set(["common", "organizations", "consumers"]);

export function isEntraIssuerHost(host: string): boolean {
    const lower = host.toLowerCase();
    return ENTRA_HOSTS.has(lower) || lower === ENTRA_V1_HOST;
}

/** For an issuer on an Entra ID host: what is wrong with it. undefined: fine, or not Entra. */
export function entraIssuerProblem(issuer: string): IssuerProblem | undefined {
    const url = parseUrl(issuer);
    if (url === undefined || !isEntraIssuerHost(url.hostname)) return undefined;
    const path = url.pathname.split("/").filter((s) => s !== "");
    const tenant = path[0];
    const v2 = `https://login.microsoftonline.com/${tenant ?? "<tenantId>"}/v2.0`;
    if (url.hostname.toLowerCase() === ENTRA_V1_HOST) {
        return { reason: "is Entra ID's v1.0 issuer and does not end in /v2.0", fix: `use ${JSON.stringify(v2)}` };
    }
    if (tenant === undefined) {
        return { reason: "lacks the tenant and does not end in /v2.0", fix: `use ${JSON.stringify(v2)}` };
    }
    if (ENTRA_MULTI_TENANT.has(tenant.toLowerCase())) {
        return {
            reason: `is Entra ID's multi-tenant endpoint ("${tenant}"), whose ID tokens name each user's own tenant as issuer`,
            fix: 'use your tenant\'s issuer, "https://login.microsoftonline.com/<tenantId>/v2.0"',
        };
    }
    if (path.length === 1) {
        return {
            reason: "does not end in /v2.0: without it, it is the v1.0 endpoint, whose tokens name https://sts.windows.net/<tenant>/ as issuer",
            fix: `use ${JSON.stringify(v2)}`,
        };
    }
    if (issuer !== `https://${url.host}/${tenant}/v2.0`) {
        return { reason: "is not exactly https://login.microsoftonline.com/<tenant>/v2.0", fix: `use ${JSON.stringify(v2)}` };
    }
    return undefined;
}
