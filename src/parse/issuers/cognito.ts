// Amazon Cognito's issuers as the string alone tells them: which IdP it is, the mistakes it is known for, and
// why a configured issuer differs from the stated one. Shared: the IdP's own rules, the issuer
// parser every issuer reaching OIDC_ISSUER passes (./index.ts: WandbOidc and ExistingOidcApp) and
// verify use the same ones. Pure: no SDK import.
import type { IssuerRules } from "./types";
import { pathSegments } from "../url";
import { said, shown } from "../../problems";

/** The hosted-UI (managed login) domain, in commercial and FIPS regions (`<prefix>.auth-fips.<region>…`). */
const HOSTED_UI_HOST = /^([a-z0-9-]+)\.auth(?:-fips)?\.([a-z0-9-]+)\.amazoncognito\.com$/;
/** A user pool ID: `<region>_<id>`. */
const POOL_ID = /^([a-z0-9-]+)_[A-Za-z0-9]+$/;
const IDP_HOST = /^cognito-idp\.([a-z0-9-]+)\.amazonaws\.com$/;

/** Cognito's issuers, as verify, WandbOidc and ExistingOidcApp recognise them. */
export const COGNITO_ISSUERS: IssuerRules = {
    recognise(url) {
        const host = url.hostname.toLowerCase();
        if (IDP_HOST.test(host)) return "an Amazon Cognito user pool";
        if (HOSTED_UI_HOST.test(host)) return "the Amazon Cognito hosted-UI domain";
        return undefined;
    },
    mistakes(url, issuer) {
        const host = url.hostname.toLowerCase();
        const path = pathSegments(url);
        const hostedUi = HOSTED_UI_HOST.exec(host);
        if (hostedUi) {
            const region = hostedUi[2];
            return [
                {
                    severity: "fail",
                    message: "this is the Cognito hosted-UI (login) domain, not the issuer",
                    fix: `use https://cognito-idp.${region}.amazonaws.com/<poolId>, with the user pool ID (like ${region}_AbC123xyz)`,
                },
            ];
        }
        const idp = IDP_HOST.exec(host);
        if (!idp) return [];
        const region = idp[1];
        if (path.length === 0) {
            return [
                {
                    severity: "fail",
                    message: "the Cognito issuer lacks the user pool ID",
                    fix: `use https://cognito-idp.${region}.amazonaws.com/<poolId>, e.g. …/${region}_AbC123xyz`,
                },
            ];
        }
        const poolId = path[0]!;
        const poolRegion = POOL_ID.exec(poolId)?.[1];
        if (path.length !== 1 || poolRegion === undefined) {
            return [
                {
                    severity: "fail",
                    message: "a Cognito issuer is https://cognito-idp.<region>.amazonaws.com/<userPoolId> and nothing more",
                    fix: `use https://cognito-idp.${region}.amazonaws.com/<poolId>, with the user pool ID (like ${region}_AbC123xyz)`,
                },
            ];
        }
        const exact = `https://cognito-idp.${poolRegion}.amazonaws.com/${poolId}`;
        if (poolRegion !== region) {
            return [
                {
                    severity: "fail",
                    message: said(
                        `user pool ${poolId} is in ${poolRegion}, but the issuer names region ${region}`,
                        "the user pool is in another region than the issuer names",
                    ),
                    fix: `use ${exact}`,
                },
            ];
        }
        // W&B compares the issuer character for character with the one Cognito states: no trailing slash.
        if (issuer !== exact) {
            return [
                {
                    severity: "fail",
                    message: "this is not exactly the user pool's issuer",
                    fix: `use ${shown(exact, "the user pool's exact issuer")}`,
                },
            ];
        }
        return [];
    },
    compare(configured, stated, statedText) {
        if (HOSTED_UI_HOST.test(configured.hostname.toLowerCase()) && IDP_HOST.test(stated.hostname.toLowerCase())) {
            return { match: false, kind: "cognito-hosted-ui", reason: "the Cognito hosted-UI domain is not the issuer", use: statedText };
        }
        return undefined;
    },
};
