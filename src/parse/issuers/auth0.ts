// Auth0's issuers as the string alone tells them: which IdP it is, the mistakes it is known for, and
// why a configured issuer differs from the stated one. Shared: the IdP's own rules, the issuer
// parser every issuer reaching OIDC_ISSUER passes (./index.ts: WandbOidc and ExistingOidcApp) and
// verify use the same ones. Pure: no SDK import.
import type { IssuerRules } from "./types";
import { pathSegments } from "../url";
import { shown } from "../../problems";

/** Auth0's issuers, as verify, WandbOidc and ExistingOidcApp recognise them. */
export const AUTH0_ISSUERS: IssuerRules = {
    recognise(url) {
        return url.hostname.toLowerCase().endsWith(".auth0.com") ? "Auth0" : undefined;
    },
    mistakes(url, issuer) {
        if (!url.hostname.toLowerCase().endsWith(".auth0.com") || pathSegments(url).length > 0 || issuer.endsWith("/")) return [];
        return [
            {
                severity: "fail",
                message: "Auth0's issuer ends with a slash",
                fix: `use ${shown(`${issuer}/`, "the issuer with its trailing slash")}`,
            },
        ];
    },
};
