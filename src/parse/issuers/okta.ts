// Okta's issuers as the string alone tells them: which IdP it is, the mistakes it is known for, and
// why a configured issuer differs from the stated one. Shared: the IdP's own rules, the issuer
// parser every issuer reaching OIDC_ISSUER passes (./index.ts: WandbOidc and ExistingOidcApp) and
// verify use the same ones. Pure: no SDK import.
import type { IssuerRules } from "./types";
import { pathSegments } from "../url";
import { said } from "../../problems";

/** Okta's own domains: `<org>.okta.com`, preview, EMEA and government cells. */
export const OKTA_DOMAIN = /^([a-z0-9-]+)\.(okta|oktapreview|okta-emea|okta-gov|okta-mil)\.com$/;

/** Okta's issuers, as verify, WandbOidc and ExistingOidcApp recognise them. */
export const OKTA_ISSUERS: IssuerRules = {
    recognise(url) {
        if (!OKTA_DOMAIN.test(url.hostname.toLowerCase())) return undefined;
        const path = pathSegments(url);
        if (path[0] === "oauth2" && path.length === 2) return `an Okta custom authorization server (${path[1]})`;
        return path.length === 0 ? "the Okta org authorization server" : "Okta";
    },
    mistakes(url) {
        const okta = OKTA_DOMAIN.exec(url.hostname.toLowerCase());
        if (!okta) return [];
        const found = [];
        const org = okta[1]!;
        if (org.endsWith("-admin")) {
            found.push({
                severity: "fail" as const,
                message: "this is the Okta admin console domain, not the issuer",
                fix: `use https://${org.slice(0, -"-admin".length)}.${okta[2]}.com (org) or …/oauth2/default (custom authorization server)`,
            });
        }
        const path = pathSegments(url);
        const isOrg = path.length === 0;
        const isCustom = path.length === 2 && path[0] === "oauth2" && path[1] !== "v1";
        if (!isOrg && !isCustom) {
            const root = `${url.protocol}//${url.host}`;
            found.push({
                severity: "fail" as const,
                message: said(
                    `an Okta issuer is the org (${root}) or a custom authorization server (${root}/oauth2/<serverId>), not ${url.pathname}`,
                    "an Okta issuer is the org URL or a custom authorization server (<org>/oauth2/<serverId>), not another path",
                ),
                fix: said(
                    `use ${JSON.stringify(root)} or ${JSON.stringify(`${root}/oauth2/default`)}, whichever the app's tokens come from`,
                    "use the org URL or <org>/oauth2/<serverId>, whichever the app's tokens come from",
                ),
            });
        }
        return found;
    },
    // The org and custom authorization servers are told apart by path on the same origin, custom
    // domains included, so this applies to any issuer.
    compare(configured, stated, statedText) {
        if (configured.origin !== stated.origin) return undefined;
        const c = pathSegments(configured);
        const s = pathSegments(stated);
        if (s[0] === "oauth2" && s.length === 2 && c.length === 0) {
            return {
                match: false,
                kind: "okta-org-vs-custom",
                reason: `the configured issuer is the org authorization server, but the discovery document states the custom authorization server "${s[1]}"`,
                use: statedText,
            };
        }
        if (c[0] === "oauth2" && c.length === 2 && s.length === 0) {
            return {
                match: false,
                kind: "okta-org-vs-custom",
                reason: `the configured issuer is a custom authorization server ("${c[1]}"), but the discovery document states the org authorization server`,
                use: statedText,
            };
        }
        return undefined;
    },
};
