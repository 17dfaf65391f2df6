// Microsoft Entra ID's issuers as the string alone tells them: which IdP it is, the mistakes it is known for, and
// why a configured issuer differs from the stated one. Shared: the IdP's own rules, the issuer
// parser every issuer reaching OIDC_ISSUER passes (./index.ts: WandbOidc and ExistingOidcApp) and
// verify use the same ones. Pure: no SDK import.
import type { IssuerRules } from "./types";
import { pathSegments } from "../url";
import { said, shown } from "../../problems";

/** Entra's multi-tenant endpoints: their tokens name each user's own tenant as issuer. */
export const MULTI_TENANT: ReadonlySet<string> = new Set(["common", "organizations", "consumers"]);

const ENTRA_HOSTS = new Set(["login.microsoftonline.com", "login.microsoft.com"]);

/** Entra's issuers, as verify, WandbOidc and ExistingOidcApp recognise them. */
export const ENTRA_ISSUERS: IssuerRules = {
    recognise(url) {
        const host = url.hostname.toLowerCase();
        if (ENTRA_HOSTS.has(host)) return "Microsoft Entra ID";
        if (host === "sts.windows.net") return "Microsoft Entra ID (v1.0 issuer)";
        return undefined;
    },
    mistakes(url, issuer) {
        const host = url.hostname.toLowerCase();
        const path = pathSegments(url);
        const tenant = path[0];
        if (host === "sts.windows.net" && tenant !== undefined) {
            return [
                {
                    severity: "warn",
                    message: "this is Entra's v1.0 issuer",
                    fix: `W&B works best with the v2.0 issuer: https://login.microsoftonline.com/${tenant}/v2.0`,
                },
            ];
        }
        if (!ENTRA_HOSTS.has(host) && host !== "sts.windows.net") return [];
        if (tenant === undefined) {
            return [
                {
                    severity: "fail",
                    message: "the Entra issuer lacks the tenant",
                    fix: "use https://login.microsoftonline.com/<tenantId>/v2.0",
                },
            ];
        }
        const v2 = `https://login.microsoftonline.com/${tenant}/v2.0`;
        if (MULTI_TENANT.has(tenant.toLowerCase())) {
            return [
                {
                    severity: "fail",
                    message: `${shown(tenant, "this")} is Entra's multi-tenant endpoint, whose ID tokens name each user's own tenant as issuer`,
                    fix: "use your tenant's issuer: https://login.microsoftonline.com/<tenantId>/v2.0",
                },
            ];
        }
        if (path.length === 1) {
            return [
                {
                    severity: "fail",
                    message:
                        "an Entra issuer without /v2.0 is the v1.0 endpoint, whose discovery document states https://sts.windows.net/…",
                    fix: `use ${shown(v2, "the tenant's v2.0 issuer")}`,
                },
            ];
        }
        if (!(path.length === 2 && path[1] === "v2.0")) {
            return [
                {
                    severity: "fail",
                    message: `an Entra issuer is <tenant>/v2.0, not an endpoint path${said(` (${url.pathname})`, "")}`,
                    fix: `use ${shown(v2, "the tenant's v2.0 issuer")}`,
                },
            ];
        }
        // W&B compares the issuer character for character with the one Entra states: no trailing slash.
        const exact = `https://${url.host}/${tenant}/v2.0`;
        if (issuer !== exact) {
            return [
                {
                    severity: "fail",
                    message: "this is not exactly Entra's v2.0 issuer",
                    fix: `use ${shown(exact, "Entra's exact v2.0 issuer for the tenant")}`,
                },
            ];
        }
        return [];
    },
    compare(configured, stated, statedText) {
        const cHost = configured.hostname.toLowerCase();
        const sHost = stated.hostname.toLowerCase();
        const cPath = pathSegments(configured);
        const sPath = pathSegments(stated);
        if (sHost === "sts.windows.net" && ENTRA_HOSTS.has(cHost)) {
            return {
                match: false,
                kind: "entra-v1",
                reason: "this is Entra's v1.0 endpoint (no /v2.0), whose documents state https://sts.windows.net/<tenant>/",
                use: `https://login.microsoftonline.com/${sPath[0] ?? cPath[0] ?? "<tenantId>"}/v2.0`,
            };
        }
        if (ENTRA_HOSTS.has(sHost) && statedText.includes("{tenantid}")) {
            return {
                match: false,
                kind: "entra-multi-tenant",
                reason: "this is Entra's multi-tenant endpoint; its issuer is a template, {tenantid}",
                use: "https://login.microsoftonline.com/<tenantId>/v2.0",
            };
        }
        if (ENTRA_HOSTS.has(sHost) && ENTRA_HOSTS.has(cHost) && cPath[0] !== sPath[0]) {
            return {
                match: false,
                kind: "entra-tenant-id",
                reason: "Entra states the tenant ID (a GUID), not the tenant's domain name",
                use: statedText,
            };
        }
        return undefined;
    },
};
