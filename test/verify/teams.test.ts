// `wandb-sso verify --teams`: what the discovery document shows of a groups claim, per IdP, and the
// option end to end against a real OpenID provider.
import { strict as assert } from "node:assert";
import { main } from "../../src/cli/verify";
import { groupsClaimKnowledge } from "../../src/idps";
import { teamsCheck as checkWith } from "../../src/verify/teams";
import type { DiscoveryDocument } from "../../src/verify/types";
import { CALLBACK, Collector, startProvider, WANDB_HOST, type RunningProvider } from "./servers";

/** The check as the CLI runs it: with what the IdP registry knows of the issuer's groups claim. */
const teamsCheck = (issuer: string, doc: DiscoveryDocument) => checkWith(doc, groupsClaimKnowledge(issuer));

describe("verify --teams: the groups claim check", () => {
    it("passes when claims_supported lists groups, noting a groups scope", () => {
        assert.deepEqual(teamsCheck("https://idp.example.com", { claims_supported: ["sub", "groups"] }), {
            id: "teams",
            title: "groups claim for W&B teams",
            status: "pass",
            message: "claims_supported lists groups",
        });
        const scoped = teamsCheck("https://idp.example.com", { claims_supported: ["groups"], scopes_supported: ["openid", "groups"] });
        assert.match(scoped.message, /the IdP offers a groups scope: .* set wandb-sso:wandb.customScopes to \[groups\]$/);
    });

    it("refuses Google and Auth0, which cannot send W&B a groups claim", () => {
        const google = teamsCheck("https://accounts.google.com", { claims_supported: ["sub", "email"] });
        assert.deepEqual([google.status, google.message], ["fail", "Google's ID tokens carry no groups claim"]);
        const auth0 = teamsCheck("https://acme.us.auth0.com/", {});
        assert.deepEqual(
            [auth0.status, auth0.message],
            ["fail", "groups is one of Auth0's restricted claims: an Action cannot add it to the ID token"],
        );
    });

    it("says clearly when it cannot be seen from outside, per IdP, with how to check a token", () => {
        const cases: [string, RegExp][] = [
            [
                "https://login.microsoftonline.com/3f2b6a1c-8d4e-4b7a-9c5d-2e1f0a9b8c7d/v2.0",
                /Entra's discovery document lists no optional claims/,
            ],
            ["https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Ab1", /pre token generation Lambda/],
            ["https://acme.okta.com/oauth2/default", /a ServerClaim of valueType GROUPS/],
            ["https://keycloak.example.com/realms/acme", /group membership mapper with full path off/],
            ["https://idp.example.com", /the discovery document does not say which claims/],
        ];
        for (const [issuer, why] of cases) {
            const check = teamsCheck(issuer, { claims_supported: ["sub", "email"] });
            assert.equal(check.status, "warn", issuer);
            assert.match(
                check.message,
                /^claims_supported does not list groups, and whether the ID token carries groups as names cannot be seen from outside: /,
            );
            assert.match(check.message, why, issuer);
            assert.match(check.fix!, /decode the ID token: groups must be a list of plain group names/);
        }
        assert.match(teamsCheck("https://idp.example.com", {}).message, /^claims_supported is not advertised/);
    });
});

describe("verify --teams against a real OpenID provider", () => {
    let idp: RunningProvider;
    let plain: RunningProvider;
    const client = {
        client_id: "wandb",
        redirect_uris: [CALLBACK],
        response_types: ["code"],
        grant_types: ["authorization_code"],
        token_endpoint_auth_method: "none",
    };
    before(async () => {
        idp = await startProvider({
            clients: [client],
            configuration: { claims: { openid: ["sub"], email: ["email"], profile: ["name"], groups: ["groups"] } },
        });
        plain = await startProvider({ clients: [client] });
    });
    after(async () => {
        await idp.close();
        await plain.close();
    });

    async function run(issuer: string, extra: string[] = ["--teams"]) {
        const out = new Collector();
        const err = new Collector();
        const code = await main(["--issuer", issuer, "--client-id", "wandb", "--host", WANDB_HOST, "--json", ...extra], {}, out, err);
        return { code, report: JSON.parse(out.text) as { checks: { id: string; status: string; message: string }[] } };
    }

    it("reports the teams check only when asked", async () => {
        const asked = await run(idp.issuer);
        assert.equal(asked.code, 0);
        const teams = asked.report.checks.find((c) => c.id === "teams");
        assert.equal(teams?.status, "pass");
        assert.match(teams.message, /claims_supported lists groups; the IdP offers a groups scope/);
        assert.equal(
            (await run(idp.issuer, [])).report.checks.some((c) => c.id === "teams"),
            false,
        );
    });

    it("warns (exit 0) when the provider does not advertise groups", async () => {
        const { code, report } = await run(plain.issuer);
        assert.equal(code, 0);
        assert.equal(report.checks.find((c) => c.id === "teams")?.status, "warn");
    });
});
