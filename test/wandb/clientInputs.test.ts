// WandbOidc's IdP values as inputs (issuer, clientId, authMethod, clientSecret), as a program in any
// language passes them: plain values are checked before anything is registered; another
// resource's outputs when they are known, failing with an error that names the argument. And the
// settings that decide what is created must be plain: an output there is refused up front.
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../../src/errors";
import { MUST_BE_KNOWN_FIX } from "../../src/problems";
import { WandbOidc, type WandbOidcArgs } from "../../src/wandb/wandbOidc";
import { valueOf } from "../helpers/pulumiMocks";
import { CLIENT_ID, ISSUER, SECRET_VALUE, T, baseEnv, client, mockedRuntime, recorder } from "../helpers/wandb";

const HOST = "https://wandb.example.com";
const PLAIN: WandbOidcArgs = { host: HOST, issuer: ISSUER, clientId: CLIENT_ID, authMethod: "pkce" };

/** The problems a ConfigError lists, as lines. */
function refusal(args: Partial<Record<keyof WandbOidcArgs, unknown>>): string[] {
    try {
        new WandbOidc("w", { ...PLAIN, ...args } as WandbOidcArgs);
    } catch (e) {
        assert.ok(e instanceof ConfigError, String(e));
        return e.message.split("\n").slice(1);
    }
    assert.fail("expected a ConfigError");
}

describe("WandbOidc: the IdP's values as inputs", () => {
    const runtime = mockedRuntime();

    it("takes plain values as another language sends them, into the exact W&B environment", async () => {
        const wandb = new WandbOidc("w", PLAIN);
        assert.deepEqual(await valueOf(wandb.env), baseEnv(HOST));
        assert.equal(wandb.secretName, undefined);
    });

    it("forClient passes an IdP component's outputs on as they are, the secret still secret", async () => {
        const wandb = WandbOidc.forClient("w", client({ secret: SECRET_VALUE }), { host: HOST });
        const env = await valueOf(wandb.env);
        assert.equal(env.OIDC_SECRET, SECRET_VALUE);
        assert.equal(await pulumi.isSecret(wandb.env), true);
        assert.equal(await pulumi.isSecret(wandb.envVars.OIDC_SECRET!), true);
        assert.equal(await pulumi.isSecret(wandb.envVars.OIDC_CLIENT_ID!), false);
    });

    it("refuses bad plain values before registering anything, each named with its fix", () => {
        assert.deepEqual(refusal({ issuer: "login.example.com", clientId: " abc", authMethod: undefined }), [
            '  - issuer = "login.example.com": not an absolute URL; the issuer starts with https://, e.g. https://login.example.com',
            '  - clientId = " abc": remove the surrounding whitespace: use "abc"',
            "  - authMethod = (not set): set it to the app's auth method (an IdP component's authMethod output): pkce or implicit",
        ]);
        assert.deepEqual(runtime.mocks.resources, []);
    });

    it("refuses a client secret in plain text: it would be stored unencrypted", () => {
        assert.deepEqual(refusal({ clientSecret: SECRET_VALUE }), [
            '  - clientSecret = "[secret]": a plain value is not a Pulumi secret and would be stored unencrypted; pass pulumi.secret(value), or read it with config.requireSecret(...)',
        ]);
        assert.deepEqual(runtime.mocks.resources, []);
    });

    it("refuses an output where a value must be known when the program runs (the host, the target)", () => {
        assert.deepEqual(refusal({ host: pulumi.output(HOST), namespace: pulumi.output("wandb") }), [
            `  - host = (an Output): ${MUST_BE_KNOWN_FIX}`,
            `  - namespace = (an Output): ${MUST_BE_KNOWN_FIX}`,
        ]);
        assert.deepEqual(runtime.mocks.resources, []);
    });

    it("checks another resource's outputs when they are known, and fails naming the argument", async () => {
        const issuer = new WandbOidc("w", { ...PLAIN, issuer: pulumi.output("https://login.example.com/?x=1") });
        await assert.rejects(valueOf(issuer.env), (e: unknown) => {
            assert.ok(pulumi.ResourceError.isInstance(e) && e.resource === issuer);
            assert.match(
                e.message,
                /WandbOidc "w": issuer \(from another resource\) = "https:\/\/login\.example\.com\/\?x=1": remove the query: an issuer has none$/,
            );
            return true;
        });
        const authMethod = new WandbOidc("v", { ...PLAIN, authMethod: pulumi.output("saml") as never });
        await assert.rejects(
            valueOf(authMethod.env),
            /WandbOidc "v": authMethod \(from another resource\) = "saml": W&B Server does not support SAML; it logs in through OIDC: use pkce \(recommended\) or implicit$/,
        );
    });

    it("never shows the value of a secret output it refuses", async () => {
        const hidden = "https://login.example.com/?token=hidden-value";
        const wandb = new WandbOidc("w", { ...PLAIN, issuer: pulumi.secret(hidden) });
        await assert.rejects(valueOf(wandb.env), (e: unknown) => {
            assert.match(
                (e as Error).message,
                /WandbOidc "w": issuer \(from another resource\) = "\[secret\]": remove the query: an issuer has none$/,
            );
            assert.ok(!(e as Error).message.includes("hidden-value"));
            return true;
        });
    });

    it("refuses a secret client secret that is not text, with advice that fits what it is (issue 29)", async () => {
        const numeric = new WandbOidc("n", { ...PLAIN, clientSecret: pulumi.secret(9_876_543_210 as unknown as string) });
        await assert.rejects(valueOf(numeric.env), (e: Error) => {
            assert.match(
                e.message,
                /WandbOidc "n": clientSecret = "\[secret\]": this Output is a number, not the text of a client secret: pass the secret the IdP issued as a string/,
            );
            assert.equal(e.message.includes("9876543210"), false);
            return true;
        });
    });

    it("refuses a client secret output that is not a secret, or that has no value", async () => {
        const plainOutput = new WandbOidc("w", { ...PLAIN, clientSecret: pulumi.output(SECRET_VALUE) });
        await assert.rejects(valueOf(plainOutput.env), /WandbOidc "w": clientSecret = "\[secret\]": this Output is not a Pulumi secret/);
        const empty = new WandbOidc("v", { ...PLAIN, clientSecret: pulumi.secret(undefined as unknown as string) });
        await assert.rejects(
            valueOf(empty.env),
            /WandbOidc "v": clientSecret = "\[secret\]": this Output has no value \(the IdP issued no client secret\); leave the setting out/,
        );
        for (const rejected of [plainOutput, empty]) {
            const message = await valueOf(rejected.env).then(
                () => "",
                (e: Error) => e.message,
            );
            assert.ok(!message.includes(SECRET_VALUE), message);
        }
    });

    it("registers under wandb-sso:index:WandbOidc, aliased from the token of earlier versions", async () => {
        // A resource's own transformations see its options too (the SDK runs them before registering it).
        const rec = recorder();
        await valueOf(new WandbOidc("w", PLAIN, { transformations: [rec.transformation] }).env);
        assert.deepEqual(rec.of(T.component).opts.aliases, [{ type: "wandb-sso:wandb:WandbOidc" }]);
    });
});
