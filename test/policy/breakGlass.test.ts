import { strict as assert } from "node:assert";
import { breakGlass } from "../../policy/policies";
import { messagesOf, runPolicies, type EngineResource } from "./engine";
import { KNOWN_AFTER_APPLY } from "./engineValues";
import { configMap, fromConfigMap, plain, resource, wandbV1, wandbV2, workload } from "./fixtures";

const NAME = "wandb-sso-break-glass";

async function messages(r: EngineResource): Promise<string[]> {
    const result = await runPolicies([breakGlass], [r]);
    assert.deepEqual(result.cantRun, []);
    return messagesOf(result, NAME);
}

describe("policy wandb-sso-break-glass", () => {
    it("flags LOCAL_RESTORE=true in a ConfigMap, mandatory by default", async () => {
        const result = await runPolicies([breakGlass], [configMap({ LOCAL_RESTORE: "true" })]);
        assert.deepEqual(
            result.violations.map((v) => [v.level, v.message]),
            [
                [
                    "mandatory",
                    'kubernetes:core/v1:ConfigMap "wandb-oidc": data.LOCAL_RESTORE is "true": break-glass is on, so SSO is OFF on W&B. ' +
                        "Once SSO works again, remove LOCAL_RESTORE (a wandb-sso stack: `pulumi config rm wandb-sso:localRestore`) and run `pulumi up`; " +
                        'while the break-glass is intended, set this policy to "advisory" in the policy pack config.',
                ],
            ],
        );
    });

    it("can be set to advisory or disabled through the policy pack config", async () => {
        const advisory = await runPolicies([breakGlass], [configMap({ LOCAL_RESTORE: "true" })], { [NAME]: "advisory" });
        assert.deepEqual(
            advisory.violations.map((v) => v.level),
            ["advisory"],
        );
        const disabled = await runPolicies([breakGlass], [configMap({ LOCAL_RESTORE: "true" })], {
            [NAME]: { enforcementLevel: "disabled" },
        });
        assert.deepEqual(disabled.violations, []);
    });

    it("reads true as Go does (true, TRUE, 1, t) and passes false or no LOCAL_RESTORE", async () => {
        for (const value of ["true", "TRUE", "True", "1", "t"])
            assert.equal((await messages(configMap({ LOCAL_RESTORE: value }))).length, 1, value);
        for (const value of ["false", "0", ""]) assert.deepEqual(await messages(configMap({ LOCAL_RESTORE: value })), [], value);
        assert.deepEqual(await messages(configMap()), []);
    });

    it("flags it in a workload's env, v1 extraEnv and v2 legacy env", async () => {
        assert.match(
            (await messages(workload([plain("LOCAL_RESTORE", "true")])))[0]!,
            /env\[1\] \(LOCAL_RESTORE\) is "true": break-glass is on/,
        );
        assert.match(
            (await messages(wandbV1({}, { LOCAL_RESTORE: "true" })))[0]!,
            /spec\.values\.global\.extraEnv\.LOCAL_RESTORE is "true"/,
        );
        assert.match((await messages(wandbV1({}, { LOCAL_RESTORE: true })))[0]!, /extraEnv\.LOCAL_RESTORE is true:/);
        assert.match(
            (await messages(wandbV2({}, [plain("LOCAL_RESTORE", "true")])))[0]!,
            /legacyOverrides\.global\.env\[0\] \(LOCAL_RESTORE\)/,
        );
    });

    it("leaves a LOCAL_RESTORE read from a ConfigMap to the ConfigMap's check, and never flags an unknown value", async () => {
        assert.deepEqual(await messages(workload([fromConfigMap("LOCAL_RESTORE")])), []);
        assert.deepEqual(await messages(configMap({ LOCAL_RESTORE: KNOWN_AFTER_APPLY })), []);
    });

    it("does not apply to an app without W&B's OIDC settings", async () => {
        const other = resource("kubernetes:apps/v1:Deployment", "other", {
            spec: { template: { spec: { containers: [{ name: "other", env: [plain("LOCAL_RESTORE", "true")] }] } } },
        });
        const result = await runPolicies([breakGlass], [other]);
        assert.deepEqual(result.violations, []);
        assert.equal(result.notApplicable.length, 1);
    });
});
