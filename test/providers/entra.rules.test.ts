import { strict as assert } from "node:assert";
import fc from "fast-check";
import { readStackConfig } from "../../src/config";
import {
    entraIssuer,
    graphOidcResourceAccess,
    parseEntraDisplayName,
    parseGroupMembershipClaims,
    parseObjectId,
    parseSecretRotationDays,
    parseSignInAudience,
    parseTenantId,
    secretRotation,
} from "../../providers/entra/rules";
import { raw, problemsOf } from "../helpers/stackConfig";

const stack = (entra: unknown, extra: Record<string, string> = {}) => ({
    host: "https://wandb.example.com",
    idp: "entra",
    entra: JSON.stringify(entra),
    ...extra,
});

const TENANT = "3f2b6a1c-8d4e-4b7a-9c5d-2e1f0a9b8c7d";
const OWNER = "0c5b3a2d-1e4f-4a6b-8c7d-9e0f1a2b3c4d";
const DAY = 24 * 60 * 60 * 1000;
const WHERE = "copy the Directory (tenant) ID from Microsoft Entra ID > Overview";

describe("Entra rules", () => {
    describe("issuer and tenant", () => {
        it("is https://login.microsoftonline.com/<tenantId>/v2.0, in lower case", () => {
            assert.equal(entraIssuer(TENANT), `https://login.microsoftonline.com/${TENANT}/v2.0`);
            assert.equal(entraIssuer(TENANT.toUpperCase()), `https://login.microsoftonline.com/${TENANT}/v2.0`);
        });
        it("takes any GUID as the tenant, in lower case", () => {
            fc.assert(fc.property(fc.uuid(), (id) => assert.deepEqual(parseTenantId(id.toUpperCase()), { value: id.toLowerCase() })));
        });
        const refused: [unknown, string][] = [
            [undefined, `set the tenant ID, a GUID: ${WHERE}`],
            ["contoso.onmicrosoft.com", `Entra's issuer names the tenant by its ID, not its domain name; use the GUID: ${WHERE}`],
            [
                "common",
                `"common" is Entra's multi-tenant endpoint, whose tokens name each user's own tenant as issuer; use your tenant's ID: ${WHERE}`,
            ],
            [
                "organizations",
                `"organizations" is Entra's multi-tenant endpoint, whose tokens name each user's own tenant as issuer; use your tenant's ID: ${WHERE}`,
            ],
            ["3f2b6a1c8d4e4b7a9c5d2e1f0a9b8c7d", `a tenant ID is a GUID like 00000000-0000-0000-0000-000000000000: ${WHERE}`],
            [` ${TENANT}`, `remove the surrounding whitespace: use "${TENANT}"`],
        ];
        for (const [input, fix] of refused) {
            it(`refuses ${JSON.stringify(input)}`, () => assert.deepEqual(parseTenantId(input), { fix }));
        }
    });

    it("asks Microsoft Graph for exactly W&B's scopes, delegated", () => {
        assert.deepEqual(graphOidcResourceAccess(), {
            resourceAppId: "00000003-0000-0000-c000-000000000000",
            resourceAccesses: [
                { id: "37f7f235-527c-4136-accd-4a02d197296e", type: "Scope" }, // openid
                { id: "14dad69e-099b-42c9-810b-d002981feec1", type: "Scope" }, // profile
                { id: "64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0", type: "Scope" }, // email
            ],
        });
    });

    describe("field parsers", () => {
        it("sign-in audience: single tenant by default; personal accounts refused", () => {
            assert.deepEqual(parseSignInAudience(undefined), { value: "AzureADMyOrg" });
            assert.deepEqual(parseSignInAudience("AzureADMultipleOrgs"), { value: "AzureADMultipleOrgs" });
            assert.deepEqual(parseSignInAudience("PersonalMicrosoftAccount"), {
                fix: "personal Microsoft accounts sign in through the consumers tenant, whose tokens W&B refuses (its issuer is your tenant's): use AzureADMyOrg (the default)",
            });
            assert.deepEqual(parseSignInAudience("SingleTenant"), {
                fix: "use AzureADMyOrg (single tenant, the default) or AzureADMultipleOrgs",
            });
        });
        it("group membership claims", () => {
            assert.deepEqual(parseGroupMembershipClaims(["SecurityGroup", "DirectoryRole"]), { value: ["SecurityGroup", "DirectoryRole"] });
            assert.deepEqual(parseGroupMembershipClaims('["All"]'), { value: ["All"] });
            const allowed = "None, SecurityGroup, DirectoryRole, ApplicationGroup, All";
            assert.deepEqual(parseGroupMembershipClaims(["securitygroup"]), {
                fix: `"securitygroup" is not one of ${allowed}; mind the letter case: SecurityGroup`,
            });
            assert.deepEqual(parseGroupMembershipClaims(["Groups", "Roles"]), { fix: `"Groups", "Roles" are not one of ${allowed}` });
            assert.deepEqual(parseGroupMembershipClaims(["All", "SecurityGroup"]), {
                fix: 'All stands alone: use ["All"] or list the others without it',
            });
            assert.deepEqual(parseGroupMembershipClaims(["None", "SecurityGroup"]), {
                fix: 'None stands alone: use ["None"] or list the others without it',
            });
            assert.deepEqual(parseGroupMembershipClaims(["SecurityGroup", "SecurityGroup"]), { fix: "remove the duplicates" });
            assert.deepEqual(parseGroupMembershipClaims([]), {
                fix: 'list at least one value, e.g. ["SecurityGroup"], or remove the setting for no groups claim',
            });
            assert.deepEqual(parseGroupMembershipClaims("SecurityGroup"), { fix: `use a list of ${allowed}, e.g. ["SecurityGroup"]` });
        });
        it("secret rotation days: 1 to 730, whole, default 180", () => {
            assert.deepEqual(parseSecretRotationDays(undefined), { value: 180 });
            assert.deepEqual(parseSecretRotationDays(90), { value: 90 });
            assert.deepEqual(parseSecretRotationDays("365"), { value: 365 });
            const range = { fix: "use 1 to 730 days (Entra's longest client secret lifetime is 730 days); e.g. 180" };
            assert.deepEqual(parseSecretRotationDays(0), range);
            assert.deepEqual(parseSecretRotationDays(731), range);
            const whole = { fix: "use a whole number of days from 1 to 730, e.g. 180" };
            assert.deepEqual(parseSecretRotationDays(1.5), whole);
            assert.deepEqual(parseSecretRotationDays("6 months"), whole);
        });
        it("display names and owners", () => {
            assert.deepEqual(parseEntraDisplayName(undefined), { value: "Weights & Biases" });
            assert.deepEqual(parseEntraDisplayName(""), { fix: "set a non-empty name, e.g. Weights & Biases" });
            assert.deepEqual(parseObjectId(OWNER.toUpperCase()), { value: OWNER });
            assert.ok("fix" in parseObjectId("admin@contoso.com"));
        });
    });

    describe("secret rotation schedule", () => {
        const days = fc.integer({ min: 1, max: 730 });
        // 2000-01-01 to 2100-01-01.
        const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) });

        it("is the example: 180 days, rotated every 90 from the epoch", () => {
            assert.deepEqual(secretRotation(new Date("2026-11-29T02:32:29.123Z"), 180), {
                periodStart: "2026-09-04T00:00:00Z",
                nextRotation: "2026-12-03T00:00:00Z",
                endDate: "2027-03-03T00:00:00Z",
                rotateWhenChanged: { rotationPeriodStart: "2026-09-04T00:00:00Z" },
            });
        });

        it("has the current time in its period, and the secret valid for more than rotationDays/2 from now (property)", () => {
            fc.assert(
                fc.property(instant, days, (t, d) => {
                    const r = secretRotation(new Date(t), d);
                    const start = Date.parse(r.periodStart);
                    assert.ok(start <= t && t < Date.parse(r.nextRotation));
                    assert.equal(Date.parse(r.nextRotation) - start, (d * DAY) / 2);
                    assert.equal(Date.parse(r.endDate) - start, d * DAY, "never longer than rotationDays");
                    assert.ok(Date.parse(r.endDate) - t > (d * DAY) / 2, "valid for more than half the rotation");
                }),
            );
        });

        it("is stable within a period: the same inputs at any time of it (property)", () => {
            fc.assert(
                fc.property(instant, days, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (t, d, fraction) => {
                    const r = secretRotation(new Date(t), d);
                    const start = Date.parse(r.periodStart);
                    const other = start + Math.floor(fraction * ((d * DAY) / 2));
                    assert.deepEqual(secretRotation(new Date(other), d), r);
                }),
            );
        });

        it("changes exactly at the next rotation, and the old secret outlives it by rotationDays/2 (property)", () => {
            fc.assert(
                fc.property(instant, days, (t, d) => {
                    const r = secretRotation(new Date(t), d);
                    const next = secretRotation(new Date(Date.parse(r.nextRotation)), d);
                    assert.equal(next.periodStart, r.nextRotation);
                    assert.notDeepEqual(next.rotateWhenChanged, r.rotateWhenChanged);
                    assert.equal(Date.parse(r.endDate) - Date.parse(next.periodStart), (d * DAY) / 2);
                    // A millisecond before, still the old period.
                    assert.deepEqual(secretRotation(new Date(Date.parse(r.nextRotation) - 1), d), r);
                }),
            );
        });

        it("never goes back in time (property)", () => {
            fc.assert(
                fc.property(instant, instant, days, (a, b, d) => {
                    const [early, late] = a <= b ? [a, b] : [b, a];
                    assert.ok(
                        Date.parse(secretRotation(new Date(early), d).periodStart) <=
                            Date.parse(secretRotation(new Date(late), d).periodStart),
                    );
                }),
            );
        });

        it("states RFC 3339 UTC times without fractions", () => {
            fc.assert(
                fc.property(instant, days, (t, d) => {
                    const r = secretRotation(new Date(t), d);
                    for (const value of [r.periodStart, r.nextRotation, r.endDate])
                        assert.match(value, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
                }),
            );
        });
    });

    describe("stack config (wandb-sso:entra)", () => {
        it("reads an empty object with every default (the tenant comes from the azuread provider)", () => {
            const config = readStackConfig(raw(stack({})));
            assert.deepEqual(config.idp, {
                name: "entra",
                settings: {
                    displayName: "Weights & Biases",
                    secretRotationDays: 180,
                    signInAudience: "AzureADMyOrg",
                    assignmentRequired: false,
                },
            });
        });

        it("reads every field, and implicit", () => {
            const config = readStackConfig(
                raw(
                    stack(
                        {
                            displayName: "W&B",
                            tenantId: TENANT.toUpperCase(),
                            secretRotationDays: "90",
                            signInAudience: "AzureADMultipleOrgs",
                            groupMembershipClaims: ["ApplicationGroup"],
                            owners: [OWNER],
                            assignmentRequired: true,
                        },
                        { authMethod: "implicit" },
                    ),
                ),
            );
            assert.equal(config.authMethod, "implicit");
            assert.deepEqual(config.idp.settings, {
                displayName: "W&B",
                tenantId: TENANT,
                secretRotationDays: 90,
                signInAudience: "AzureADMultipleOrgs",
                groupMembershipClaims: ["ApplicationGroup"],
                owners: [OWNER],
                assignmentRequired: true,
            });
        });

        it("names every problem with its full stack key, all at once", () => {
            assert.deepEqual(
                problemsOf(
                    stack({
                        displayName: "",
                        tenantId: "contoso.onmicrosoft.com",
                        secretRotationDays: 1000,
                        signInAudience: "PersonalMicrosoftAccount",
                        groupMembershipClaims: ["All", "SecurityGroup"],
                        owners: ["admin@contoso.com"],
                        assignmentRequired: "yes",
                        secretDays: 90,
                    }),
                ),
                [
                    'wandb-sso:entra.secretDays = "[not shown]": unknown field; the fields are displayName, tenantId, secretRotationDays, signInAudience, groupMembershipClaims, owners, assignmentRequired, teamGroupIds, groupNameSource, adopt',
                    'wandb-sso:entra.displayName = "": set a non-empty name, e.g. Weights & Biases',
                    `wandb-sso:entra.tenantId = "contoso.onmicrosoft.com": Entra's issuer names the tenant by its ID, not its domain name; use the GUID: ${WHERE}`,
                    "wandb-sso:entra.secretRotationDays = 1000: use 1 to 730 days (Entra's longest client secret lifetime is 730 days); e.g. 180",
                    'wandb-sso:entra.signInAudience = "PersonalMicrosoftAccount": personal Microsoft accounts sign in through the consumers tenant, whose tokens W&B refuses (its issuer is your tenant\'s): use AzureADMyOrg (the default)',
                    'wandb-sso:entra.groupMembershipClaims = ["All","SecurityGroup"]: All stands alone: use ["All"] or list the others without it',
                    "wandb-sso:entra.owners[0] = \"admin@contoso.com\": an owner is a user's or service principal's Object ID, a GUID like 00000000-0000-0000-0000-000000000000 (not a name or e-mail address)",
                    'wandb-sso:entra.assignmentRequired = "yes": use true or false',
                ],
            );
        });

        it("reports Entra problems together with the rest of the stack's", () => {
            assert.deepEqual(problemsOf(stack({ secretRotationDays: 0 }, { host: "http://wandb.example.com", authMethod: "saml" })), [
                'wandb-sso:host = "http://wandb.example.com": http is allowed only for localhost; use https://wandb.example.com',
                'wandb-sso:authMethod = "saml": W&B Server does not support SAML; it logs in through OIDC: use pkce (recommended) or implicit',
            ]);
            assert.deepEqual(problemsOf(stack({ secretRotationDays: 0 }, { host: "http://wandb.example.com" })), [
                'wandb-sso:host = "http://wandb.example.com": http is allowed only for localhost; use https://wandb.example.com',
                "wandb-sso:entra.secretRotationDays = 0: use 1 to 730 days (Entra's longest client secret lifetime is 730 days); e.g. 180",
            ]);
        });
    });
});
