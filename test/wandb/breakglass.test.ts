import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { cognitoStackConfig } from "../helpers/stackConfig";
import { buildStack } from "../../src/stack";
import { breakGlassWarning, passwordLogsCommand } from "../../src/wandb/breakGlass";
import { WandbOidc } from "../../src/wandb/wandbOidc";
import type { WandbTarget } from "../../src/wandb/settings";
import { registered, valueOf } from "../helpers/pulumiMocks";
import { T, client, mockedRuntime, resolveEnvRefs, v2Patch } from "../helpers/wandb";

const HOST = "https://wandb.example.com";

describe("break-glass: where the temporary password appears", () => {
    it("gives the exact kubectl logs command for each target", () => {
        assert.equal(
            passwordLogsCommand({ target: "deployment", namespace: "wandb", name: "wandb", container: "wandb" }),
            "kubectl logs -n wandb deployment/wandb -c wandb | grep -i password",
        );
        assert.equal(
            passwordLogsCommand({ target: "deployment", namespace: "ml", name: "wandb-local", container: "app" }),
            "kubectl logs -n ml deployment/wandb-local -c app | grep -i password",
        );
        // operator-wandb's app Deployment is <release>-app with container app; the operator names the
        // release after the WeightsAndBiases resource.
        for (const target of ["operator", "helm"] as const) {
            assert.equal(
                passwordLogsCommand({ target, namespace: "wandb", name: "wandb", container: "wandb" }),
                "kubectl logs -n wandb deployment/wandb-app -c app | grep -i password",
            );
        }
    });

    it("warns that SSO is off, where the password is, and that the flag must go to turn SSO back on", () => {
        assert.equal(
            breakGlassWarning({ target: "deployment", namespace: "wandb", name: "wandb", container: "wandb" }),
            "BREAK-GLASS IS ON (localRestore: true): SSO is OFF on W&B. LOCAL_RESTORE=true is set on Deployment wandb/wandb (container wandb), which rolls its pods. " +
                "Nobody signs in through the identity provider while it is on. Once the new W&B pod has started, it prints a temporary admin password in its log: " +
                "`kubectl logs -n wandb deployment/wandb -c wandb | grep -i password`. " +
                "Sign in with it and fix SSO, then turn SSO back on: remove the flag (`pulumi config rm wandb-sso:localRestore`) and run `pulumi up`.",
        );
        const helm = breakGlassWarning({ target: "helm", namespace: "wandb", name: "wandb", container: "wandb" });
        assert.match(
            helm,
            /set in the ConfigMap that the helmValues output names: it reaches W&B only when you apply them to release wandb \(helm upgrade\)/,
        );
        assert.match(helm, /then apply the new helmValues to the release\.$/);
        assert.match(
            breakGlassWarning({ target: "operator", namespace: "wandb", name: "wandb", container: "wandb" }),
            /set in the ConfigMap that app\.extraEnv and api\.extraEnv of WeightsAndBiases wandb\/wandb reads; the operator rolls the W&B pods/,
        );
        assert.match(
            breakGlassWarning({ target: "operator-v2", namespace: "wandb", name: "wandb", container: "wandb" }),
            /set in the ConfigMap that spec\.wandb\.legacyOverrides\.global\.env of WeightsAndBiases wandb\/wandb \(apps\.wandb\.com\/v2\) reads; the operator rolls the W&B pods/,
        );
    });
});

describe("break-glass on and off, in every target", () => {
    const runtime = mockedRuntime();

    /**
     * What LOCAL_RESTORE is in W&B's pods for a target: the Deployment's env, or the entry of the
     * patched values, v2 fields or helm values, each resolved against the ConfigMap as Kubernetes does.
     */
    async function localRestoreOf(target: WandbTarget, localRestore: boolean) {
        const wandb = WandbOidc.forClient("w", client(), { host: HOST, target, namespace: "wandb", localRestore });
        // deployment: the live read too.
        await registered(runtime.mocks, { helm: 2, deployment: 4, operator: 3, "operator-v2": 4 }[target]);
        const values = wandb.chartValues && (await valueOf(wandb.chartValues));
        const configMaps = { "w-oidc-abc123": runtime.mocks.one(T.configMap).inputs.data as Record<string, string> };
        switch (target) {
            case "deployment": {
                const env = (runtime.mocks.one(T.deploymentPatch).inputs.spec as any).template.spec.containers[0].env as any[];
                const entry = env.find((e) => e.name === "LOCAL_RESTORE");
                return { wandb, set: entry && configMaps["w-oidc-abc123"][entry.valueFrom.configMapKeyRef.key], last: env.at(-1)?.name };
            }
            case "operator":
                return {
                    wandb,
                    set: resolveEnvRefs((runtime.mocks.one(T.operatorPatch).inputs.spec as any).values.app.extraEnv, configMaps)
                        .LOCAL_RESTORE,
                };
            case "operator-v2": {
                const env = (v2Patch(runtime.mocks, "env").inputs.spec as any).wandb.legacyOverrides.global.env as any[];
                return { wandb, set: resolveEnvRefs(Object.fromEntries(env.map((e) => [e.name, e])), configMaps).LOCAL_RESTORE };
            }
            case "helm":
                return { wandb, set: resolveEnvRefs(values!.app.extraEnv, configMaps).LOCAL_RESTORE };
        }
    }

    for (const target of ["deployment", "operator", "operator-v2", "helm"] as const) {
        it(`${target}: on sets LOCAL_RESTORE=true and warns; off removes it and says nothing`, async () => {
            const on = await localRestoreOf(target, true);
            assert.equal(on.set, "true");
            assert.equal(await valueOf(on.wandb.localRestore), true);
            assert.equal((await valueOf(on.wandb.env)).LOCAL_RESTORE, "true");
            const warnings = runtime.logs.warnings();
            assert.equal(warnings.length, 1);
            assert.match(warnings[0]!, /^warning: BREAK-GLASS IS ON \(localRestore: true\): SSO is OFF on W&B\./);
            assert.ok(
                warnings[0]!.includes(`\`${passwordLogsCommand({ target, namespace: "wandb", name: "wandb", container: "wandb" })}\``),
            );
            assert.ok(warnings[0]!.includes("`pulumi config rm wandb-sso:localRestore`"));
            if (target === "deployment") assert.equal(on.last, "LOCAL_RESTORE");

            runtime.mocks.reset();
            runtime.logs.lines.length = 0;
            const off = await localRestoreOf(target, false);
            assert.equal(off.set, undefined);
            assert.equal("LOCAL_RESTORE" in (await valueOf(off.wandb.env)), false);
            assert.equal("LOCAL_RESTORE" in (runtime.mocks.one(T.configMap).inputs.data as object), false);
            if (target === "deployment") {
                assert.equal(JSON.stringify(runtime.mocks.resources.map((r) => r.inputs)).includes("LOCAL_RESTORE"), false);
            }
            assert.deepEqual(runtime.logs.warnings(), []);
        });
    }
});

describe("the stack's breakGlass output", () => {
    mockedRuntime({}, { reset: false });

    const stack = (localRestore?: string) => buildStack(cognitoStackConfig(HOST, localRestore !== undefined ? { localRestore } : {}));

    it("is true while break-glass is on", async () => {
        const { outputs } = stack("true");
        assert.equal(await valueOf(outputs.breakGlass!), true);
        assert.equal(await pulumi.isSecret(outputs.breakGlass!), false);
    });

    it("is absent when break-glass is off or unset", () => {
        for (const value of ["false", undefined]) assert.equal("breakGlass" in stack(value).outputs, false, String(value));
    });
});
