import { strict as assert } from "node:assert";
import fc from "fast-check";
import { corsOrigins, resolveWandbEnv, wandbConfigMapData, wandbEnvReferences } from "../../src/wandb/env";

const values = { issuer: "https://idp.example.com", clientId: "cid", authMethod: "pkce", host: "https://wandb.example.com" };

describe("the W&B environment", () => {
    it("without a secret: issuer, client ID and auth method under both names, CORS with null", () => {
        const refs = wandbEnvReferences({ hasSecret: false });
        assert.deepEqual(resolveWandbEnv(refs, wandbConfigMapData(values), undefined), {
            OIDC_ISSUER: "https://idp.example.com",
            GORILLA_OIDC_ISSUER: "https://idp.example.com",
            OIDC_CLIENT_ID: "cid",
            GORILLA_OIDC_CLIENT_ID: "cid",
            OIDC_AUTH_METHOD: "pkce",
            GORILLA_AUTH_METHOD: "pkce",
            GORILLA_CORS_ORIGINS: "https://wandb.example.com,null",
        });
    });

    it("with a secret: both secret names read the Secret's one key", () => {
        const refs = wandbEnvReferences({ hasSecret: true });
        assert.deepEqual(
            refs.filter((r) => r.source === "secret"),
            [
                { name: "OIDC_SECRET", source: "secret", key: "OIDC_SECRET" },
                { name: "GORILLA_OIDC_SECRET", source: "secret", key: "OIDC_SECRET" },
            ],
        );
        const env = resolveWandbEnv(refs, wandbConfigMapData(values), "s3cr3t");
        assert.equal(env.OIDC_SECRET, "s3cr3t");
        assert.equal(env.GORILLA_OIDC_SECRET, "s3cr3t");
    });

    it("never puts the secret in the ConfigMap", () => {
        assert.deepEqual(wandbConfigMapData(values), {
            OIDC_CLIENT_ID: "cid",
            OIDC_ISSUER: "https://idp.example.com",
            OIDC_AUTH_METHOD: "pkce",
            GORILLA_CORS_ORIGINS: "https://wandb.example.com,null",
        });
    });

    it("break-glass adds LOCAL_RESTORE=true, and only while on", () => {
        const on = resolveWandbEnv(
            wandbEnvReferences({ hasSecret: false, localRestore: true }),
            wandbConfigMapData({ ...values, localRestore: true }),
            undefined,
        );
        assert.equal(on.LOCAL_RESTORE, "true");
        const off = resolveWandbEnv(wandbEnvReferences({ hasSecret: false }), wandbConfigMapData(values), undefined);
        assert.equal("LOCAL_RESTORE" in off, false);
    });

    it("refuses a reference to a key nobody set", () => {
        assert.throws(() => resolveWandbEnv(wandbEnvReferences({ hasSecret: true }), wandbConfigMapData(values), undefined), {
            message: "W&B variable OIDC_SECRET refers to secret key OIDC_SECRET, which is not set",
        });
    });

    it("lists CORS origins as the extras, then the host, then null", () => {
        fc.assert(
            fc.property(
                fc.array(
                    fc.webUrl().map((u) => new URL(u).origin),
                    { maxLength: 5 },
                ),
                (extra) => {
                    const list = corsOrigins("https://wandb.example.com", extra).split(",");
                    assert.deepEqual(list, [...extra, "https://wandb.example.com", "null"]);
                },
            ),
        );
    });
});
