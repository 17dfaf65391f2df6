// Stack config as tests write it (bare keys to the strings Pulumi passes), and the ConfigError a
// bad one gives.
import { strict as assert } from "node:assert";
import { readStackConfig, type RawConfig, type StackConfig } from "../../src/config";
import { ConfigError } from "../../src/errors";

export const raw = (values: Record<string, string>, secretKeys: string[] = []): RawConfig => ({ values, secretKeys: new Set(secretKeys) });

/** The ConfigError a stack config gives (fails the test when it is valid). */
export function errorOf(values: Record<string, string>, secretKeys: string[] = []): ConfigError {
    try {
        readStackConfig(raw(values, secretKeys), "t");
    } catch (e) {
        assert.ok(e instanceof ConfigError, String(e));
        return e;
    }
    assert.fail("expected a ConfigError");
}

/** Every problem of a stack config, as `setting = value: fix`. */
export function problemsOf(values: Record<string, string>, secretKeys: string[] = []): string[] {
    return errorOf(values, secretKeys).problems.map((p) => `${p.setting} = ${JSON.stringify(p.value)}: ${p.fix}`);
}

/**
 * The checked config of a Cognito stack on an existing pool, W&B in namespace `wandb`, at `host`,
 * with any other stack keys in `extra` (bare keys, as Pulumi passes them).
 */
export function cognitoStackConfig(host: string, extra: Record<string, string> = {}): StackConfig {
    return readStackConfig(
        raw({
            host,
            idp: "cognito",
            cognito: JSON.stringify({ userPoolId: "us-west-2_Pool1" }),
            wandb: JSON.stringify({ namespace: "wandb" }),
            ...extra,
        }),
    );
}
