// The decrypted-secret path: under `pulumi up` the CLI hands the program every secret decrypted
// (PULUMI_CONFIG, with the secret keys listed in PULUMI_CONFIG_SECRET_KEYS). Secrets misplaced in
// every way we could think of: the clear text (in any letter case) must never be printed, and the
// stack must still be refused with a message naming the key.
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import * as path from "node:path";
import { otherIdpWarnings, type RawConfig } from "../../src/config";
import { ROOT } from "../helpers/root";

/** Every secret holds this, so that any leaked part of it is found, in any case. */
const MARK = "Qx7Zp";
const secret = (name: string) => `${name}-${MARK}-s3cr3t-0123456789`;

type Config = Record<string, string>;
const HOST = "https://wandb.example.com";
const cognito: Config = {
    "aws:region": "us-west-2",
    "wandb-sso:host": HOST,
    "wandb-sso:idp": "cognito",
    "wandb-sso:cognito": JSON.stringify({ domainPrefix: "wandb-example" }),
};
const existing = (fields: Record<string, unknown>): Config => ({
    "wandb-sso:host": HOST,
    "wandb-sso:idp": "existing",
    "wandb-sso:authMethod": "implicit",
    "wandb-sso:existing": JSON.stringify({ issuer: "https://idp.example.com", clientId: "wandb-client", ...fields }),
});

interface Case {
    readonly what: string;
    readonly config: Config;
    readonly secretKeys: readonly string[];
    /** The keys the refusal must name (several misplacements share one run of the program). */
    readonly names: readonly string[];
}

const CASES: readonly Case[] = [
    {
        what: "in an unknown field, as a client ID with spaces, as an issuer, as an http host, as an unknown key, under a namespace typo, and in the W&B object",
        config: {
            ...existing({
                issuer: `idp.${secret("issuer")}.example.com`,
                clientId: ` ${secret("clientid")} `,
                clientSecert: secret("field"),
            }),
            "wandb-sso:host": `http://${secret("host").toLowerCase()}.example.com/x`,
            "wandb-sso:clientSecret": secret("key"),
            "wandb_sso:clientSecret": secret("typo"),
            "wandb-sso:wandb": JSON.stringify({
                namespace: `${secret("Ns")}_X`,
                extraCorsOrigins: [`https://${secret("origin").toLowerCase()}.example.com/p`],
                token: secret("wandbfield"),
            }),
        },
        secretKeys: ["wandb-sso:host", "wandb-sso:existing", "wandb-sso:clientSecret", "wandb_sso:clientSecret", "wandb-sso:wandb"],
        names: [
            "wandb-sso:host",
            "wandb-sso:existing.issuer",
            "wandb-sso:existing.clientId",
            "wandb-sso:existing.clientSecert",
            "wandb-sso:clientSecret",
            "wandb_sso:clientSecret",
            "wandb-sso:wandb.namespace",
            "wandb-sso:wandb.extraCorsOrigins",
            "wandb-sso:wandb.token",
        ],
    },
    {
        what: "as a host that is not a URL, and as a Google client ID",
        config: {
            ...existing({ issuer: "https://accounts.google.com", clientId: secret("google") }),
            "wandb-sso:host": `${secret("bare")}.example.com`,
        },
        secretKeys: ["wandb-sso:host", "wandb-sso:existing"],
        names: ["wandb-sso:host", "wandb-sso:existing.clientId"],
    },
    {
        what: "in an http issuer's path, and as a client ID with a zero-width space",
        config: existing({ issuer: `http://idp.example.com/${secret("path")}`, clientId: `${secret("zw")}\u200b` }),
        secretKeys: ["wandb-sso:existing"],
        names: ["wandb-sso:existing.issuer", "wandb-sso:existing.clientId"],
    },
    {
        what: "as an Okta API token inside the Okta object, and as the W&B object (not an object)",
        config: {
            "wandb-sso:host": HOST,
            "wandb-sso:idp": "okta",
            "wandb-sso:okta": JSON.stringify({ orgUrl: "https://acme.okta.com", apiToken: secret("okta") }),
            "wandb-sso:wandb": secret("object"),
        },
        secretKeys: ["wandb-sso:okta", "wandb-sso:wandb"],
        names: ["wandb-sso:okta.apiToken", "wandb-sso:wandb"],
    },
    {
        what: "as a Keycloak realm and client ID",
        config: {
            "wandb-sso:host": HOST,
            "wandb-sso:idp": "keycloak",
            "wandb-sso:keycloak": JSON.stringify({
                url: "https://kc.example.com",
                realm: `${secret("realm")} x`,
                clientId: `${secret("kcid")}/`,
            }),
        },
        secretKeys: ["wandb-sso:keycloak"],
        names: ["wandb-sso:keycloak.realm", "wandb-sso:keycloak.clientId"],
    },
    {
        what: "as the Entra tenant",
        config: {
            "wandb-sso:host": HOST,
            "wandb-sso:idp": "entra",
            "wandb-sso:entra": JSON.stringify({ tenantId: ` ${secret("tenant")}` }),
        },
        secretKeys: ["wandb-sso:entra"],
        names: ["wandb-sso:entra.tenantId"],
    },
    {
        what: "as azuread:tenantId, with surrounding spaces",
        config: { "wandb-sso:host": HOST, "wandb-sso:idp": "entra", "azuread:tenantId": ` ${secret("aztenant")} ` },
        secretKeys: ["azuread:tenantId"],
        names: ["azuread:tenantId"],
    },
    {
        what: "as the IdP's name",
        config: { ...cognito, "wandb-sso:idp": secret("idp") },
        secretKeys: ["wandb-sso:idp"],
        names: ["wandb-sso:idp"],
    },
    {
        what: "as a Cognito domain prefix, and a pool ID in another region",
        config: {
            ...cognito,
            "wandb-sso:cognito": JSON.stringify({
                domainPrefix: secret("Prefix"),
                userPoolId: `us-east-1_${secret("pool").replace(/-/g, "")}`,
            }),
        },
        secretKeys: ["wandb-sso:cognito"],
        names: ["wandb-sso:cognito.domainPrefix", "wandb-sso:cognito.userPoolId"],
    },
];

function runProgram(config: Config, secretKeys: readonly string[]): Promise<{ status: number | null; output: string }> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "decryptedProgram.ts")], {
            cwd: ROOT,
            env: {
                ...process.env,
                NODE_NO_WARNINGS: "1",
                PULUMI_CONFIG: JSON.stringify(config),
                PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(secretKeys),
            },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let output = "";
        child.stdout.on("data", (chunk) => (output += String(chunk)));
        child.stderr.on("data", (chunk) => (output += String(chunk)));
        child.on("close", (status) => resolve({ status, output }));
    });
}

describe("secrets decrypted by `pulumi up`, misplaced", function () {
    this.timeout(120_000);
    const results: { status: number | null; output: string }[] = [];
    before(async () => {
        results.push(...(await Promise.all(CASES.map((c) => runProgram(c.config, c.secretKeys)))));
    });

    it("runs the program for real: a valid stack's secret is not printed either, and the stack runs", async () => {
        const valid = await runProgram(existing({ clientSecret: secret("valid") }), ["wandb-sso:existing"]);
        assert.equal(valid.status, 0, valid.output);
        assert.match(valid.output, /the program ran/);
        assert.ok(!valid.output.toLowerCase().includes(MARK.toLowerCase()), valid.output);
    });

    CASES.forEach((c, i) => {
        it(`never prints a secret ${c.what}`, () => {
            const { status, output } = results[i]!;
            assert.notEqual(status, 0, output);
            for (const name of c.names) assert.ok(output.includes(`${name} = `), `the refusal does not name ${name}:\n${output}`);
            assert.ok(output.includes("[secret]"), output);
            assert.ok(!output.toLowerCase().includes(MARK.toLowerCase()), `a secret leaked:\n${output}`);
            assert.ok(!/\n\s+at /.test(output), `a stack frame:\n${output}`);
        });
    });
});

describe("otherIdpWarnings: another IdP's settings", () => {
    const raw = (values: Record<string, string>, secretKeys: string[] = []): RawConfig => ({ values, secretKeys: new Set(secretKeys) });
    const base = { host: HOST, idp: "entra" };

    it("warns, naming the key, when another IdP's settings are kept", () => {
        assert.deepEqual(otherIdpWarnings(raw({ ...base, okta: JSON.stringify({ orgUrl: "https://acme.okta.com" }) })), [
            "wandb-sso:okta is set but not used while wandb-sso:idp is entra; remove it once it is no longer needed",
        ]);
    });

    it("reports their problems as warnings, not errors", () => {
        assert.deepEqual(otherIdpWarnings(raw({ ...base, okta: JSON.stringify({ orgUrl: "http://acme.okta.com", lable: "x" }) })), [
            "wandb-sso:okta is set but not used while wandb-sso:idp is entra; remove it once it is no longer needed",
            'wandb-sso:okta.lable = "[not shown]": unknown field; the fields are orgUrl, label, authorizationServerId, groupIds, groupsClaim, adopt (not used while wandb-sso:idp is entra)',
            'wandb-sso:okta.orgUrl = "http://acme.okta.com": Okta is served over https only; use https://acme.okta.com (not used while wandb-sso:idp is entra)',
        ]);
    });

    it("never shows the values of a secret key", () => {
        const warnings = otherIdpWarnings(
            raw({ ...base, okta: JSON.stringify({ orgUrl: ` ${secret("w")}`, apiToken: secret("t") }) }, ["okta"]),
        );
        assert.equal(warnings.length, 3, warnings.join("\n"));
        for (const w of warnings) assert.ok(!w.toLowerCase().includes(MARK.toLowerCase()), w);
    });

    it("has nothing to say for the selected IdP alone, or when the IdP is not valid (the error says it)", () => {
        assert.deepEqual(otherIdpWarnings(raw({ ...base, entra: "{}" })), []);
        assert.deepEqual(otherIdpWarnings(raw({ host: HOST, idp: "saml", okta: "{}" })), []);
    });
});
