import { strict as assert } from "node:assert";
import { cognitoIssuer, entraIssuer } from "../../policy/policies";
import { messagesOf, runPolicies, type EngineResource } from "./engine";
import { KNOWN_AFTER_APPLY } from "./engineValues";
import { configMap, plain, wandbV1, wandbV2, workload } from "./fixtures";

const TENANT = "3f2b6a1c-8d4e-4b7a-9c5d-2e1f0a9b8c7d";

async function messages(policy: typeof cognitoIssuer, r: EngineResource): Promise<{ level: string; message: string }[]> {
    const result = await runPolicies([policy], [r]);
    assert.deepEqual(result.cantRun, []);
    return result.violations.map((v) => ({ level: v.level, message: v.message }));
}

describe("policy wandb-sso-cognito-issuer", () => {
    it("flags the hosted-UI domain as the issuer, mandatory, with the cognito-idp form", async () => {
        assert.deepEqual(await messages(cognitoIssuer, configMap({ OIDC_ISSUER: "https://wandb-dev.auth.us-west-2.amazoncognito.com" })), [
            {
                level: "mandatory",
                message:
                    'kubernetes:core/v1:ConfigMap "wandb-oidc": data.OIDC_ISSUER "https://wandb-dev.auth.us-west-2.amazoncognito.com" ' +
                    'is the Cognito hosted-UI (sign-in) domain, not the issuer; use "https://cognito-idp.us-west-2.amazonaws.com/<userPoolId>".',
            },
        ]);
    });

    it("passes https://cognito-idp.<region>.amazonaws.com/<poolId> and issuers of other IdPs", async () => {
        for (const issuer of [
            "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Ab1",
            "https://acme.okta.com/oauth2/default",
            "https://accounts.google.com",
        ]) {
            assert.deepEqual(await messages(cognitoIssuer, configMap({ OIDC_ISSUER: issuer })), [], issuer);
        }
    });

    it("flags a region that is not the pool's, a missing pool ID and a trailing slash", async () => {
        const [region] = await messages(
            cognitoIssuer,
            configMap({ OIDC_ISSUER: "https://cognito-idp.us-east-1.amazonaws.com/us-west-2_Ab1" }),
        );
        assert.match(
            region!.message,
            /names region us-east-1, but user pool us-west-2_Ab1 is in us-west-2; use "https:\/\/cognito-idp\.us-west-2\.amazonaws\.com\/us-west-2_Ab1"\.$/,
        );
        const [noPool] = await messages(cognitoIssuer, configMap({ OIDC_ISSUER: "https://cognito-idp.us-west-2.amazonaws.com" }));
        assert.match(noPool!.message, /is not https:\/\/cognito-idp\.<region>\.amazonaws\.com\/<userPoolId>/);
        const [slash] = await messages(
            cognitoIssuer,
            configMap({ OIDC_ISSUER: "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Ab1/" }),
        );
        assert.match(slash!.message, /is not exactly the user pool's issuer/);
    });

    it("checks every place W&B reads the issuer from, and never an unknown one", async () => {
        const hostedUi = "https://login.auth.eu-west-1.amazoncognito.com";
        assert.match(
            (await messages(cognitoIssuer, workload([plain("GORILLA_OIDC_ISSUER", hostedUi)])))[0]!.message,
            /env\[1\] \(GORILLA_OIDC_ISSUER\)/,
        );
        assert.match(
            (await messages(cognitoIssuer, wandbV1({ issuer: hostedUi })))[0]!.message,
            /spec\.values\.global\.auth\.oidc\.issuer/,
        );
        assert.match(
            (await messages(cognitoIssuer, wandbV2({}, [plain("OIDC_ISSUER", hostedUi)])))[0]!.message,
            /legacyOverrides\.global\.env\[0\]/,
        );
        assert.deepEqual(await messages(cognitoIssuer, configMap({ OIDC_ISSUER: KNOWN_AFTER_APPLY })), []);
    });
});

describe("policy wandb-sso-entra-issuer", () => {
    it("passes the tenant's v2.0 issuer", async () => {
        assert.deepEqual(await messages(entraIssuer, configMap({ OIDC_ISSUER: `https://login.microsoftonline.com/${TENANT}/v2.0` })), []);
    });

    it("flags an issuer without /v2.0, mandatory, with the v2.0 form", async () => {
        assert.deepEqual(await messages(entraIssuer, configMap({ OIDC_ISSUER: `https://login.microsoftonline.com/${TENANT}` })), [
            {
                level: "mandatory",
                message:
                    `kubernetes:core/v1:ConfigMap "wandb-oidc": data.OIDC_ISSUER "https://login.microsoftonline.com/${TENANT}" does not end in /v2.0: ` +
                    "without it, it is the v1.0 endpoint, whose tokens name https://sts.windows.net/<tenant>/ as issuer; " +
                    `use "https://login.microsoftonline.com/${TENANT}/v2.0".`,
            },
        ]);
    });

    it("flags the v1.0 issuer, the multi-tenant endpoints and a trailing slash", async () => {
        const [v1] = await messages(entraIssuer, wandbV1({ issuer: `https://sts.windows.net/${TENANT}/` }));
        assert.match(
            v1!.message,
            new RegExp(`is Entra ID's v1.0 issuer and does not end in /v2.0; use "https://login.microsoftonline.com/${TENANT}/v2.0"`),
        );
        const [common] = await messages(entraIssuer, configMap({ OIDC_ISSUER: "https://login.microsoftonline.com/common/v2.0" }));
        assert.match(common!.message, /multi-tenant endpoint \("common"\)/);
        const [slash] = await messages(entraIssuer, configMap({ OIDC_ISSUER: `https://login.microsoftonline.com/${TENANT}/v2.0/` }));
        assert.match(slash!.message, /is not exactly https:\/\/login\.microsoftonline\.com\/<tenant>\/v2\.0/);
    });

    it("ignores issuers of other IdPs and unknown ones", async () => {
        assert.deepEqual(
            await messages(entraIssuer, configMap({ OIDC_ISSUER: "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Ab1" })),
            [],
        );
        assert.deepEqual(await messages(entraIssuer, configMap({ OIDC_ISSUER: KNOWN_AFTER_APPLY })), []);
    });

    it("does not apply to resources that are not W&B's side", async () => {
        const result = await runPolicies(
            [entraIssuer, cognitoIssuer],
            [configMap({}, "other", { data: { ISSUER: "https://sts.windows.net/x/" } })],
        );
        assert.deepEqual(result.violations, []);
        assert.deepEqual(messagesOf(result, "wandb-sso-entra-issuer"), []);
        assert.equal(result.notApplicable.length, 2);
    });
});
