import { strict as assert } from "node:assert";
import { clearTextSecret } from "../../policy/policies";
import { messagesOf, runPolicies, type EngineResource } from "./engine";
import { KNOWN_AFTER_APPLY, secretInput } from "./engineValues";
import { configMap, fromSecret, plain, resource, wandbV1, wandbV2, workload } from "./fixtures";

const NAME = "wandb-sso-no-clear-text-secret";
const SECRET_VALUE = "s3cr3t-do-not-print";

async function messages(r: EngineResource): Promise<string[]> {
    const result = await runPolicies([clearTextSecret], [r]);
    assert.deepEqual(result.cantRun, []);
    const found = messagesOf(result, NAME);
    for (const m of found) assert.ok(!m.includes(SECRET_VALUE), `a message printed the secret: ${m}`);
    return found;
}

describe("policy wandb-sso-no-clear-text-secret", () => {
    it("passes the client secret by reference: secretKeyRef, oidcSecret, a v2 Secret key selector", async () => {
        assert.deepEqual(await messages(workload([fromSecret("OIDC_SECRET"), fromSecret("GORILLA_OIDC_SECRET")])), []);
        assert.deepEqual(await messages(wandbV1({ oidcSecret: { name: "wandb-oidc-secret", secretKey: "OIDC_SECRET" } })), []);
        assert.deepEqual(await messages(wandbV2()), []);
        assert.deepEqual(await messages(configMap()), []);
    });

    it("flags a plain OIDC_SECRET env value, mandatory, without printing it", async () => {
        const result = await runPolicies([clearTextSecret], [workload([plain("OIDC_SECRET", SECRET_VALUE)])]);
        assert.deepEqual(
            result.violations.map((v) => [v.level, v.message]),
            [
                [
                    "mandatory",
                    'kubernetes:apps/v1:Deployment "wandb": spec.template.spec.containers[0].env[1] (OIDC_SECRET) holds the OIDC client secret ' +
                        "in clear text (value not shown); put the secret in a Kubernetes Secret and read it with valueFrom.secretKeyRef instead of value.",
                ],
            ],
        );
    });

    it("flags GORILLA_OIDC_SECRET too, in StatefulSets, DeploymentPatches and init containers", async () => {
        for (const type of ["kubernetes:apps/v1:StatefulSet", "kubernetes:apps/v1:DeploymentPatch"]) {
            const found = await messages(workload([plain("GORILLA_OIDC_SECRET", SECRET_VALUE)], type));
            assert.equal(found.length, 1, type);
            assert.match(found[0]!, /env\[1\] \(GORILLA_OIDC_SECRET\) holds the OIDC client secret in clear text/);
        }
        const init = resource("kubernetes:apps/v1:Deployment", "wandb", {
            spec: {
                template: {
                    spec: {
                        containers: [{ name: "wandb" }],
                        initContainers: [{ name: "init", env: [plain("OIDC_SECRET", SECRET_VALUE)] }],
                    },
                },
            },
        });
        assert.match((await messages(init))[0]!, /spec\.template\.spec\.initContainers\[0\]\.env\[0\] \(OIDC_SECRET\)/);
    });

    it("flags a value written next to a secretKeyRef", async () => {
        const both = {
            name: "OIDC_SECRET",
            value: SECRET_VALUE,
            valueFrom: { secretKeyRef: { name: "wandb-oidc-secret", key: "OIDC_SECRET" } },
        };
        assert.equal((await messages(workload([both]))).length, 1);
    });

    it("flags the secret even when it is a Pulumi secret: the workload's spec still holds it in clear text", async () => {
        const r = workload([]);
        const env = (r.props as any).spec.template.spec.containers[0].env as unknown[];
        env.push({ name: "OIDC_SECRET", value: secretInput(SECRET_VALUE) });
        assert.equal((await messages(r)).length, 1);
    });

    it("flags an OIDC_SECRET key in a ConfigMap (data or binaryData)", async () => {
        assert.deepEqual(await messages(configMap({ OIDC_SECRET: SECRET_VALUE })), [
            'kubernetes:core/v1:ConfigMap "wandb-oidc": data.OIDC_SECRET holds the OIDC client secret in clear text (value not shown); ' +
                "move it to a Kubernetes Secret (ConfigMaps are not for secrets) and read it with valueFrom.secretKeyRef.",
        ]);
        assert.match(
            (await messages(configMap({}, "wandb-oidc", { binaryData: { GORILLA_OIDC_SECRET: "czNjcjN0" } })))[0]!,
            /binaryData\.GORILLA_OIDC_SECRET/,
        );
    });

    it("flags global.auth.oidc.secret and an extraEnv OIDC_SECRET in W&B Operator v1 values", async () => {
        assert.deepEqual(await messages(wandbV1({ secret: SECRET_VALUE })), [
            'kubernetes:apps.wandb.com/v1:WeightsAndBiases "wandb-operator": spec.values.global.auth.oidc.secret holds the OIDC client secret ' +
                "in clear text (value not shown); remove it and name a Kubernetes Secret instead, spec.values.global.auth.oidc.oidcSecret: {name, secretKey}.",
        ]);
        const patch = await messages(wandbV1({}, { OIDC_SECRET: SECRET_VALUE }, "kubernetes:apps.wandb.com/v1:WeightsAndBiasesPatch"));
        assert.match(patch[0]!, /WeightsAndBiasesPatch "wandb-operator": spec\.values\.global\.extraEnv\.OIDC_SECRET holds/);
    });

    it("flags a v2 clientSecret written as a string, and an OIDC_SECRET in v2 legacy env", async () => {
        assert.match(
            (await messages(wandbV2({ clientSecret: SECRET_VALUE })))[0]!,
            /spec\.wandb\.oidc\.clientSecret holds .* spec\.wandb\.oidc\.clientSecret: \{name, key\}\.$/,
        );
        assert.match(
            (await messages(wandbV2({}, [plain("OIDC_SECRET", SECRET_VALUE)])))[0]!,
            /spec\.wandb\.legacyOverrides\.global\.env\[0\] \(OIDC_SECRET\)/,
        );
    });

    it("never flags an unknown or empty value", async () => {
        assert.deepEqual(await messages(workload([plain("OIDC_SECRET", KNOWN_AFTER_APPLY), plain("GORILLA_OIDC_SECRET", "")])), []);
        assert.deepEqual(await messages(configMap({ OIDC_SECRET: KNOWN_AFTER_APPLY })), []);
        assert.deepEqual(await messages(wandbV1({ secret: KNOWN_AFTER_APPLY })), []);
    });

    it("does not apply to workloads without W&B's OIDC variables, nor to Secrets", async () => {
        const other = resource("kubernetes:apps/v1:Deployment", "api", {
            spec: { template: { spec: { containers: [{ name: "api", env: [plain("DATABASE_PASSWORD", "x"), plain("SECRET", "y")] }] } } },
        });
        const secret = resource("kubernetes:core/v1:Secret", "wandb-oidc-secret", { stringData: { OIDC_SECRET: SECRET_VALUE } });
        const result = await runPolicies([clearTextSecret], [other, secret]);
        assert.deepEqual(result.violations, []);
        assert.equal(result.notApplicable.filter((n) => n.startsWith(NAME)).length, 2);
    });
});
