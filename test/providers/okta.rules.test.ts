import { strict as assert } from "node:assert";
import fc from "fast-check";
import { readStackConfig } from "../../src/config";
import {
    isOktaDomain,
    oktaIssuer,
    parseAuthorizationServerId,
    parseClaimName,
    parseGroupsFilterRegex,
    parseOktaGroupId,
    parseOktaLabel,
    parseOktaOrgUrl,
    readOktaGroupsClaim,
} from "../../providers/okta/rules";
import { Problems } from "../../src/problems";
import { raw, problemsOf } from "../helpers/stackConfig";

const stack = (okta: unknown, extra: Record<string, string> = {}) => ({
    host: "https://wandb.example.com",
    idp: "okta",
    okta: JSON.stringify(okta),
    ...extra,
});

const GROUP_A = "00g1a2b3c4d5e6f7g8h9";
const GROUP_B = "00g9h8g7f6e5d4c3b2a1";

/** Names the groups claim `g`, as a caller's `at` would. */
const G = (field: string) => field.replace(/^groupsClaim/, "g");

describe("Okta rules", () => {
    describe("issuer", () => {
        it("is the org URL for the org authorization server", () => {
            assert.equal(oktaIssuer("https://acme.okta.com"), "https://acme.okta.com");
        });
        it("is <orgUrl>/oauth2/<id> for a custom authorization server", () => {
            assert.equal(oktaIssuer("https://acme.okta.com", "default"), "https://acme.okta.com/oauth2/default");
            assert.equal(
                oktaIssuer("https://login.example.com", "aus1a2b3c4d5e6f7g8h9"),
                "https://login.example.com/oauth2/aus1a2b3c4d5e6f7g8h9",
            );
        });
        it("has no trailing slash for every accepted org URL form", () => {
            const org = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/).filter((o) => !o.endsWith("-admin"));
            fc.assert(
                fc.property(
                    org,
                    fc.constantFrom("okta", "oktapreview", "okta-emea"),
                    fc.constantFrom("", "/"),
                    fc.option(fc.constant("default")),
                    (o, cell, slash, server) => {
                        const url = parseOktaOrgUrl(`https://${o}.${cell}.com${slash}`);
                        assert.deepEqual(url, { value: `https://${o}.${cell}.com` });
                        const issuer = oktaIssuer(url.value, server ?? undefined);
                        assert.ok(!issuer.endsWith("/"));
                        assert.equal(issuer, server ? `https://${o}.${cell}.com/oauth2/${server}` : `https://${o}.${cell}.com`);
                    },
                ),
            );
        });
        it("tells Okta's domains from custom domains", () => {
            assert.equal(isOktaDomain("https://acme.okta.com"), true);
            assert.equal(isOktaDomain("https://acme.oktapreview.com"), true);
            assert.equal(isOktaDomain("https://login.example.com"), false);
        });
    });

    describe("parseOktaOrgUrl", () => {
        const accepted: [string, string][] = [
            ["https://acme.okta.com", "https://acme.okta.com"],
            ["https://acme.okta.com/", "https://acme.okta.com"],
            ["https://ACME.Okta.com", "https://acme.okta.com"],
            ["https://acme.oktapreview.com", "https://acme.oktapreview.com"],
            ["https://login.example.com", "https://login.example.com"],
        ];
        for (const [input, url] of accepted) {
            it(`accepts ${input} as ${url}`, () => assert.deepEqual(parseOktaOrgUrl(input), { value: url }));
        }
        const refused: [unknown, string][] = [
            [undefined, "set the Okta org URL, e.g. https://acme.okta.com (the Admin Console's address without -admin)"],
            ["https://acme-admin.okta.com", "this is the Okta Admin Console's URL, not the org's; use https://acme.okta.com"],
            [
                "https://acme-admin.okta.com/admin/dashboard",
                "this is the Okta Admin Console's URL, not the org's; use https://acme.okta.com",
            ],
            [
                "https://acme-admin.oktapreview.com/",
                "this is the Okta Admin Console's URL, not the org's; use https://acme.oktapreview.com",
            ],
            ["acme.okta.com", "not an absolute URL; use the org URL, e.g. https://acme.okta.com"],
            ["http://acme.okta.com", "Okta is served over https only; use https://acme.okta.com"],
            [" https://acme.okta.com", 'remove the surrounding whitespace: use "https://acme.okta.com"'],
            ["https://acme.okta.com:8443", "remove the port; use https://acme.okta.com"],
            ["https://admin:pw@acme.okta.com", "remove the credentials; use https://acme.okta.com"],
            ["https://acme.okta.com/?a=1", "remove the query; use https://acme.okta.com"],
            ["https://acme.okta.com/#x", "remove the fragment; use https://acme.okta.com"],
            [
                "https://acme.okta.com/oauth2/default",
                'this is a custom authorization server\'s issuer; set the org URL to https://acme.okta.com and authorizationServerId to "default"',
            ],
            ["https://acme.okta.com/oauth2/v1/authorize", "use the org URL without a path (/oauth2/v1/authorize): https://acme.okta.com"],
            ["https://acme.okta.com/app/UserHome", "use the org URL without a path (/app/UserHome): https://acme.okta.com"],
        ];
        for (const [input, fix] of refused) {
            it(`refuses ${JSON.stringify(input)}`, () => assert.deepEqual(parseOktaOrgUrl(input), { fix }));
        }
    });

    describe("field parsers", () => {
        it("authorization server IDs: default or aus + 17", () => {
            assert.deepEqual(parseAuthorizationServerId("default"), { value: "default" });
            assert.deepEqual(parseAuthorizationServerId("aus1a2b3c4d5e6f7g8h9"), { value: "aus1a2b3c4d5e6f7g8h9" });
            assert.deepEqual(parseAuthorizationServerId("https://acme.okta.com/oauth2/default"), {
                fix: "use the server's ID alone, not its issuer URL: default",
            });
            assert.deepEqual(parseAuthorizationServerId("My API"), {
                fix: "an authorization server ID is default or aus followed by 17 letters and digits (Security > API > Authorization Servers: the last part of its Issuer URI), e.g. default",
            });
        });
        it("group IDs: 00g + 17, not names", () => {
            assert.deepEqual(parseOktaGroupId(GROUP_A), { value: GROUP_A });
            assert.ok("fix" in parseOktaGroupId("Engineering"));
            assert.ok("fix" in parseOktaGroupId("00g1abcd"));
        });
        it("claim names and filters", () => {
            assert.deepEqual(parseClaimName(undefined), { value: "groups" });
            assert.deepEqual(parseClaimName("wandb_groups"), { value: "wandb_groups" });
            assert.deepEqual(parseClaimName("sub"), { fix: '"sub" is a standard claim; use another name, e.g. groups' });
            assert.ok("fix" in parseClaimName("my groups"));
            assert.deepEqual(parseGroupsFilterRegex(undefined), { value: ".*" });
            assert.deepEqual(parseGroupsFilterRegex("wandb-.*"), { value: "wandb-.*" });
            assert.deepEqual(parseGroupsFilterRegex("("), {
                fix: "not a valid regular expression as Okta reads it (Java's: Unclosed group near index 1); e.g. wandb-.* for the groups whose names start with wandb-",
            });
        });
        it("groups claim: true for the defaults, false or unset for none, fields checked one by one", () => {
            const problems = new Problems();
            assert.deepEqual(readOktaGroupsClaim(undefined, problems, G), {});
            assert.deepEqual(readOktaGroupsClaim(false, problems, G), {});
            assert.deepEqual(readOktaGroupsClaim(true, problems, G), { claim: { name: "groups", filterRegex: ".*" } });
            assert.deepEqual(readOktaGroupsClaim({ filterRegex: "wandb-.*" }, problems, G), {
                claim: { name: "groups", filterRegex: "wandb-.*" },
            });
            assert.equal(problems.list.length, 0);
            assert.equal(readOktaGroupsClaim({ name: "sub", regex: ".*" }, problems, G), undefined);
            assert.deepEqual(
                problems.list.map((p) => p.setting),
                ["g.regex", "g.name"],
            );
        });
        it("labels", () => {
            assert.deepEqual(parseOktaLabel(undefined), { value: "Weights & Biases" });
            assert.deepEqual(parseOktaLabel(""), { fix: "set a non-empty name, e.g. Weights & Biases" });
            assert.deepEqual(parseOktaLabel("x".repeat(101)), { fix: "use at most 100 characters" });
        });
    });

    describe("stack config (wandb-sso:okta)", () => {
        it("reads the org server with defaults", () => {
            const config = readStackConfig(raw(stack({ orgUrl: "https://acme.okta.com/" })));
            assert.deepEqual(config.idp, { name: "okta", settings: { orgUrl: "https://acme.okta.com", label: "Weights & Biases" } });
        });

        it("reads a custom authorization server, groups and a groups claim, and implicit", () => {
            const config = readStackConfig(
                raw(
                    stack(
                        {
                            orgUrl: "https://acme.okta.com",
                            label: "W&B",
                            authorizationServerId: "default",
                            groupIds: [GROUP_A, GROUP_B],
                            groupsClaim: true,
                        },
                        { authMethod: "implicit" },
                    ),
                ),
            );
            assert.equal(config.authMethod, "implicit");
            assert.deepEqual(config.idp.settings, {
                orgUrl: "https://acme.okta.com",
                label: "W&B",
                authorizationServerId: "default",
                groupIds: [GROUP_A, GROUP_B],
                groupsClaim: { name: "groups", filterRegex: ".*" },
            });
        });

        it("names every problem with its full stack key, all at once", () => {
            assert.deepEqual(
                problemsOf(
                    stack({
                        orgUrl: "https://acme-admin.okta.com",
                        label: " W&B",
                        authorizationServerId: "My API",
                        groupIds: [GROUP_A, "Engineering", GROUP_A],
                        groupsClaim: { name: "sub", filterRegex: "(" },
                        clientSecret: "x",
                    }),
                ),
                [
                    'wandb-sso:okta.clientSecret = "[secret]": unknown field; the fields are orgUrl, label, authorizationServerId, groupIds, groupsClaim, adopt',
                    "wandb-sso:okta.orgUrl = \"https://acme-admin.okta.com\": this is the Okta Admin Console's URL, not the org's; use https://acme.okta.com",
                    'wandb-sso:okta.label = " W&B": remove the surrounding whitespace: use "W&B"',
                    'wandb-sso:okta.authorizationServerId = "My API": an authorization server ID is default or aus followed by 17 letters and digits (Security > API > Authorization Servers: the last part of its Issuer URI), e.g. default',
                    'wandb-sso:okta.groupIds[1] = "Engineering": an Okta group ID is 00g followed by 17 letters and digits, e.g. 00g1a2b3c4d5e6f7g8h9 (Directory > Groups > the group: the end of its URL), not the group\'s name',
                    `wandb-sso:okta.groupIds[2] = "${GROUP_A}": this group is listed twice; remove this entry`,
                    'wandb-sso:okta.groupsClaim.name = "sub": "sub" is a standard claim; use another name, e.g. groups',
                    'wandb-sso:okta.groupsClaim.filterRegex = "(": not a valid regular expression as Okta reads it (Java\'s: Unclosed group near index 1); e.g. wandb-.* for the groups whose names start with wandb-',
                ],
            );
        });

        it("refuses a missing org URL and a groups claim without a custom authorization server", () => {
            assert.deepEqual(problemsOf(stack({ groupsClaim: { name: "groups" } })), [
                "wandb-sso:okta.orgUrl = undefined: set the Okta org URL, e.g. https://acme.okta.com (the Admin Console's address without -admin)",
                'wandb-sso:okta.groupsClaim = {"name":"groups"}: a groups claim needs a custom authorization server (the org server\'s app-level groups claim is deprecated and skipped unless the Okta provider uses an SSWS token): set wandb-sso:okta.authorizationServerId (e.g. default), or remove the groups claim',
            ]);
        });

        it("refuses a missing wandb-sso:okta object (its orgUrl is required) and groupIds that are not a list", () => {
            assert.deepEqual(problemsOf({ host: "https://wandb.example.com", idp: "okta" }), [
                "wandb-sso:okta.orgUrl = undefined: set the Okta org URL, e.g. https://acme.okta.com (the Admin Console's address without -admin)",
            ]);
            assert.deepEqual(problemsOf(stack({ orgUrl: "https://acme.okta.com", groupIds: GROUP_A })), [
                `wandb-sso:okta.groupIds = "${GROUP_A}": use a list of Okta group IDs, e.g. ["00g1a2b3c4d5e6f7g8h9"]`,
            ]);
        });
    });
});
