// The policy pack keeps its own issuer rules (policy/lib/issuer.ts: the pack needs only its own folder,
// so that `pulumi policy publish` can pack it) and its own words for them. Its verdicts must not
// drift from the one issuer parser of wandb-sso (src/parse/issuers): for every issuer on a Cognito
// or Entra host, the pack flags it exactly when the shared rules find a mistake (a failure, or a
// warning such as Entra's v1.0 issuer) or the shared issuer parser refuses it.
import { strict as assert } from "node:assert";
import { cognitoIssuerProblem, entraIssuerProblem } from "../../policy/lib/issuer";
import { knownIssuerMistakes, parseKnownIssuer } from "../../src/parse/issuers";

const REGIONS = ["us-west-2", "us-east-1", "us-gov-west-1"];
const POOLS = ["us-west-2_Ab1", "us-east-1_Xy9", "us-gov-west-1_Q", "Ab1", "us-west-2_"];
const TENANTS = ["3f2b6a1c-8d4e-4b7a-9c5d-2e1f0a9b8c7d", "contoso.onmicrosoft.com", "common", "organizations", "consumers"];

/** Every combination of the parts, joined. */
function combinations(...parts: readonly (readonly string[])[]): string[] {
    return parts.reduce<string[]>((joined, options) => joined.flatMap((head) => options.map((part) => head + part)), [""]);
}

/** Issuers as people write them on Cognito's hosts, right, nearly right and wrong: every combination. */
const COGNITO_ISSUERS = combinations(
    ["https://", "http://"],
    [
        ...REGIONS.flatMap((r) => [`cognito-idp.${r}.amazonaws.com`, `COGNITO-IDP.${r}.amazonaws.com`]),
        ...combinations(
            ["wandb", "login-1"],
            [".auth.", ".auth-fips."],
            REGIONS.map((r) => `${r}.amazoncognito.com`),
        ),
    ],
    ["", ":443"],
    ["", "/", ...POOLS.flatMap((p) => [`/${p}`, `/${p}/`, `/${p}/.well-known/jwks.json`, `/${p}/extra`])],
);

/** The same for Entra ID's hosts. */
const ENTRA_ISSUERS = combinations(
    ["https://", "http://"],
    ["login.microsoftonline.com", "login.microsoft.com", "sts.windows.net", "LOGIN.microsoftonline.com"],
    ["", ...TENANTS.map((t) => `/${t}`)],
    ["", "/", "/v2.0", "/v2.0/", "/oauth2/v2.0/token", "/v1.0"],
);

/** Whether wandb-sso's one issuer parser and rules find anything wrong with the issuer. */
function sharedFlags(issuer: string): boolean {
    return "fix" in parseKnownIssuer(issuer) || knownIssuerMistakes(issuer).length > 0;
}

describe("the policy pack's issuer rules agree with src/parse/issuers", () => {
    it("Cognito: the pack flags exactly what the shared rules flag", () => {
        assert.equal(COGNITO_ISSUERS.length, 1584);
        for (const issuer of COGNITO_ISSUERS) assert.equal(cognitoIssuerProblem(issuer) !== undefined, sharedFlags(issuer), issuer);
    });

    it("Entra ID: the pack flags exactly what the shared rules flag", () => {
        assert.equal(ENTRA_ISSUERS.length, 288);
        for (const issuer of ENTRA_ISSUERS) assert.equal(entraIssuerProblem(issuer) !== undefined, sharedFlags(issuer), issuer);
    });

    it("both pass the exact issuers W&B needs", () => {
        for (const issuer of [
            "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Ab1",
            "https://cognito-idp.us-gov-west-1.amazonaws.com/us-gov-west-1_Q",
            "https://login.microsoftonline.com/3f2b6a1c-8d4e-4b7a-9c5d-2e1f0a9b8c7d/v2.0",
        ]) {
            assert.equal(sharedFlags(issuer), false, issuer);
            assert.equal(cognitoIssuerProblem(issuer) ?? entraIssuerProblem(issuer), undefined, issuer);
        }
    });
});
