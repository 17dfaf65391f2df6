// verify's check of a live W&B resource: does it still carry what wandb-sso set? The expectation is
// the operator-v2 target's (src/wandb/v2Owned.ts), as the CLI's --wandb-resource and the component's
// preview check build it.
import { strict as assert } from "node:assert";
import { wandbResourceCheck } from "../../src/verify/wandbResource";
import { v2Expectation } from "../../src/wandb/v2Owned";

const SECRET = "wandb-oidc-secret-5f2c";
const CM = "wandb-oidc-9a1b";
const selector = (key: string, name = SECRET) => ({ name, key });
const PATCHED = {
    apiVersion: "apps.wandb.com/v2",
    kind: "WeightsAndBiases",
    metadata: { name: "wandb", namespace: "wandb", annotations: { "wandb-sso/oidc-secret": SECRET } },
    spec: {
        wandb: {
            oidc: { issuerUrl: selector("OIDC_ISSUER"), clientId: selector("OIDC_CLIENT_ID"), authMethod: selector("OIDC_AUTH_METHOD") },
            legacyOverrides: {
                global: {
                    env: [
                        { name: "USER_VAR", value: "x" },
                        { name: "GORILLA_CORS_ORIGINS", valueFrom: { configMapKeyRef: { name: CM, key: "GORILLA_CORS_ORIGINS" } } },
                    ],
                },
            },
        },
    },
};
const FIX = v2Expectation().fix;

describe("verify: the live W&B resource carries wandb-sso's settings", () => {
    it("passes a resource wandb-sso patched, naming its Secret and ConfigMap", () => {
        assert.deepEqual(wandbResourceCheck(PATCHED, v2Expectation(SECRET)), {
            id: "wandb-resource",
            title: "W&B resource carries the settings",
            status: "pass",
            message: `WeightsAndBiases wandb/wandb (apps.wandb.com/v2) names Secret ${SECRET} for its OIDC settings; its env reads ConfigMap ${CM}`,
        });
    });

    it("fails a resource a v1 write rebuilt: what is missing, that wandb-sso had set it, who wrote it, and the fix naming the writers", () => {
        const rebuilt = {
            ...PATCHED,
            metadata: {
                ...PATCHED.metadata,
                annotations: { ...PATCHED.metadata.annotations, "legacy.operator.wandb.com/v1-values": "{}" },
            },
            spec: {
                wandb: { hostname: "https://wandb.example.com", legacyOverrides: { global: { env: [{ name: "USER_VAR", value: "x" }] } } },
            },
        };
        const check = wandbResourceCheck(rebuilt, v2Expectation(SECRET));
        assert.equal(check.status, "fail");
        assert.equal(
            check.message,
            "WeightsAndBiases wandb/wandb (apps.wandb.com/v2) does not carry wandb-sso's settings: spec.wandb.oidc.issuerUrl is not set; spec.wandb.oidc.clientId is not set; spec.wandb.oidc.authMethod is not set; spec.wandb.legacyOverrides.global.env has no GORILLA_CORS_ORIGINS read from a ConfigMap (wandb-sso's patch set them: wandb-sso/oidc-secret is there; legacy.operator.wandb.com/v1-values is there: it was written through apps.wandb.com/v1)",
        );
        assert.equal(check.fix, FIX);
        assert.match(FIX, /W&B's Terraform modules .* the System Console/);
        assert.match(FIX, /pulumi up --refresh/);
    });

    it("fails selectors into another Secret, or into several, or reading another key", () => {
        const other = structuredClone(PATCHED) as any;
        other.spec.wandb.oidc.clientId = selector("OIDC_CLIENT_ID", "someone-elses");
        assert.match(
            wandbResourceCheck(other, v2Expectation(SECRET)).message,
            /: the selectors name several Secrets \(wandb-oidc-secret-5f2c, someone-elses\), not one \(/,
        );
        const moved = structuredClone(PATCHED) as any;
        for (const field of ["issuerUrl", "clientId", "authMethod"]) moved.spec.wandb.oidc[field].name = "elsewhere";
        assert.match(
            wandbResourceCheck(moved, v2Expectation(SECRET)).message,
            /: the selectors name Secret elsewhere, not wandb-oidc-secret-5f2c \(/,
        );
        const key = structuredClone(PATCHED) as any;
        key.spec.wandb.oidc.issuerUrl.key = "ISSUER";
        assert.match(
            wandbResourceCheck(key, v2Expectation(SECRET)).message,
            /: spec\.wandb\.oidc\.issuerUrl reads key ISSUER, not OIDC_ISSUER \(/,
        );
    });

    it("takes any one Secret when the caller does not know it, and refuses what is not a Kubernetes object", () => {
        assert.equal(wandbResourceCheck(PATCHED, v2Expectation()).status, "pass");
        assert.deepEqual(wandbResourceCheck([], v2Expectation()), {
            id: "wandb-resource",
            title: "W&B resource carries the settings",
            status: "fail",
            message: "not a Kubernetes object (no metadata)",
            fix: "give the resource as `kubectl get … -o json` prints it",
        });
    });
});
