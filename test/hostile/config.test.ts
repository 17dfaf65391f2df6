// The stack config against hostile settings: typos of the namespace, another IdP's settings
// instead of the selected one's, values the provider settings contradict, and secrets at any depth.
import { strict as assert } from "node:assert";
import { configWarnings, readStackConfig, type RawConfig } from "../../src/config";
import { listStacks, readProject, readStackFile } from "../../tools/plan/stackFile";
import { ROOT } from "../helpers/root";
import { editDistance, nearMissNamespace } from "../../src/config/namespace";
import { isUnderSecret, scrub } from "../../src/config/secrets";
import { ConfigError } from "../../src/errors";

const HOST = "https://wandb.example.com";
const cognito = { host: HOST, idp: "cognito", cognito: JSON.stringify({ domainPrefix: "wandb-example" }) };

function problems(raw: RawConfig): string[] {
    try {
        readStackConfig(raw, "t");
    } catch (e) {
        assert.ok(e instanceof ConfigError, String(e));
        return e.message.split("\n").slice(1);
    }
    assert.fail("expected a ConfigError");
}

const raw = (
    values: Record<string, string>,
    others: Record<string, string> = {},
    secret: string[] = [],
    otherSecret: string[] = [],
): RawConfig => ({
    values,
    secretKeys: new Set(secret),
    otherKeys: others,
    otherSecretKeys: new Set(otherSecret),
});

describe("typos of the wandb-sso namespace", () => {
    for (const namespace of ["wandb_sso", "wandbsso", "wandb-SSO", "wand-sso", "WANDB-SSO", "wandb-ss", "wandb--sso"]) {
        it(`takes ${namespace}: as a typo, naming the key and the fix`, () => {
            assert.equal(nearMissNamespace(`${namespace}:host`, "wandb-sso"), namespace);
            assert.deepEqual(problems(raw(cognito, { [`${namespace}:verify`]: "false" })), [
                `  - ${namespace}:verify = "[not shown]": ${namespace} is not the wandb-sso namespace, so nothing reads this key: use wandb-sso:verify`,
            ]);
        });
    }
    for (const key of ["aws:region", "okta:orgName", "kubernetes:context", "azuread:tenantId", "wandb:host", "sso:x", "wandb-sso"]) {
        it(`leaves ${key} alone`, () => assert.equal(nearMissNamespace(key, "wandb-sso"), undefined));
    }
    it("measures edits cheaply, even for a long namespace", () => {
        assert.equal(editDistance("wandb_sso", "wandb-sso", 2), 1);
        assert.equal(editDistance("x".repeat(100_000), "wandb-sso", 2), 3);
    });
});

describe("the selected IdP's settings missing while another IdP's are set", () => {
    it("says so on wandb-sso:idp", () => {
        const found = problems(
            raw({ host: HOST, idp: "existing", authMethod: "implicit", okta: JSON.stringify({ orgUrl: "https://acme.okta.com" }) }),
        );
        assert.ok(
            found.includes(
                '  - wandb-sso:idp = "existing": wandb-sso:existing is not set, but wandb-sso:okta is: set wandb-sso:idp to okta to use those settings, or give the existing settings in wandb-sso:existing',
            ),
            found.join("\n"),
        );
    });
    it("is no error when the selected IdP needs no settings (the other's are kept while migrating)", () => {
        readStackConfig(raw({ host: HOST, idp: "entra", okta: JSON.stringify({ orgUrl: "https://acme.okta.com" }) }));
    });
});

describe("the provider settings the stack also holds", () => {
    it("refuses a Cognito pool in another region than aws:region, before registration", () => {
        assert.deepEqual(
            problems(raw({ ...cognito, cognito: JSON.stringify({ userPoolId: "eu-west-1_AbC123" }) }, { "aws:region": "us-west-2" })),
            [
                '  - wandb-sso:cognito.userPoolId = "eu-west-1_AbC123": the pool is in eu-west-1, but the AWS provider\'s region (aws:region) is us-west-2, where it cannot be found: set aws:region to eu-west-1, or use a pool in us-west-2',
            ],
        );
    });
    it("takes the pool in the provider's region, and any pool when aws:region is not set", () => {
        readStackConfig(raw({ ...cognito, cognito: JSON.stringify({ userPoolId: "eu-west-1_AbC123" }) }, { "aws:region": "eu-west-1" }));
        readStackConfig(raw({ ...cognito, cognito: JSON.stringify({ userPoolId: "eu-west-1_AbC123" }) }));
    });
    it("hides a secret aws:region", () => {
        const found = problems(
            raw(
                { ...cognito, cognito: JSON.stringify({ userPoolId: "eu-west-1_AbC123" }) },
                { "aws:region": "us-gov-west-1" },
                [],
                ["aws:region"],
            ),
        );
        assert.ok(!found.join("\n").includes("us-gov-west-1"), found.join("\n"));
    });
});

describe("secrets at any depth", () => {
    const keys = { namespace: "wandb-sso", bare: new Set(["existing"]), full: new Set(["wandb_sso:host"]) };
    it("knows which settings lie under a secret key", () => {
        for (const setting of ["wandb-sso:existing", "wandb-sso:existing.clientId", "wandb-sso:existing.groups[2]", "wandb_sso:host"]) {
            assert.equal(isUnderSecret(setting, keys), true, setting);
        }
        for (const setting of ["wandb-sso:host", "wandb-sso:existingx", "wandb_sso:idp", "azuread:tenantId"])
            assert.equal(isUnderSecret(setting, keys), false, setting);
    });
    it("scrubs a value, in any case and JSON-escaped, and long runs of it, from a fix", () => {
        assert.equal(scrub('use "Tok\\"en-123"', ['Tok"en-123']), 'use "[secret]"');
        assert.equal(scrub("use https://abcdefghijklmnop.example.com", ["xx/ABCDEFGHIJKLMNOP/yy"]), "use https://[secret].example.com");
        assert.equal(scrub("use true or false", ["ab"]), "use true or false");
    });
    it("shows every value under a secret key as [secret], with the fix scrubbed, in the error", () => {
        const found = problems(
            raw(
                {
                    host: HOST,
                    idp: "existing",
                    authMethod: "implicit",
                    existing: JSON.stringify({
                        issuer: "https://idp.example.com",
                        clientId: " Client-Id-Value-42 ",
                        extra: { deep: ["Deep-Secret-Value"] },
                    }),
                },
                {},
                ["existing"],
            ),
        );
        assert.deepEqual(found, [
            '  - wandb-sso:existing.extra = "[secret]": unknown field; the fields are issuer, clientId, clientSecret',
            '  - wandb-sso:existing.clientId = "[secret]": remove the surrounding whitespace',
        ]);
    });
    it("keeps a non-secret value's message as it was", () => {
        assert.deepEqual(problems(raw({ ...cognito, host: " https://wandb.example.com" })), [
            '  - wandb-sso:host = " https://wandb.example.com": remove the surrounding whitespace: use "https://wandb.example.com"',
        ]);
    });
});

describe("the example stacks", () => {
    it("have no warning to log, so their plans stay as they are once the warnings are logged", () => {
        const project = readProject(ROOT);
        for (const name of listStacks(project)) {
            const file = readStackFile(project, name);
            const values: Record<string, string> = {};
            const others: Record<string, string> = {};
            for (const [key, value] of Object.entries(file.config)) {
                if (key.startsWith("wandb-sso:")) values[key.slice("wandb-sso:".length)] = value;
                else others[key] = value;
            }
            const secrets = new Set(file.secretKeys.filter((k) => k.startsWith("wandb-sso:")).map((k) => k.slice("wandb-sso:".length)));
            const raw = { values, secretKeys: secrets, otherKeys: others };
            assert.deepEqual(configWarnings(raw, readStackConfig(raw)), [], name);
        }
    });
});

describe("public keys set as secret (issue 21, B2): refused, saying why, rather than half-kept", () => {
    it("the host: it flows into plain outputs and the ConfigMap, so it is refused whatever its value, never shown", () => {
        for (const host of [HOST, "https://secret-host.example.com", "not a url"]) {
            const lines = problems(raw({ ...cognito, host }, {}, ["host"]));
            assert.equal(lines.length, 1, lines.join("\n"));
            assert.match(
                lines[0]!,
                /^ {2}- wandb-sso:host = "\[secret\]": the W&B host is public by nature .*\(callbackUrl, logoutUrl\).*pulumi config set wandb-sso:host <value>$/,
            );
            assert.ok(!lines[0]!.includes("secret-host"));
        }
    });

    it("every other key whose value is public", () => {
        for (const name of ["idp", "authMethod", "localRestore", "protect", "verify", "wandb"]) {
            const lines = problems(raw(cognito, {}, [name]));
            assert.ok(
                lines.some((l) => l.startsWith(`  - wandb-sso:${name} = "[secret]": its value is public`)),
                `${name}: ${lines.join("\n")}`,
            );
        }
    });

    it("an IdP's object may be secret (its client secret is one), and stays accepted", () => {
        const existing = {
            host: HOST,
            idp: "existing",
            authMethod: "implicit",
            existing: JSON.stringify({ issuer: "https://idp.example.com", clientId: "c" }),
        };
        assert.doesNotThrow(() => readStackConfig(raw(existing, {}, ["existing"]), "t"));
    });
});
