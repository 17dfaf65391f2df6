// Reads this project's config from the Pulumi runtime, as the program sees it under `pulumi up`
// (and under the offline plan, which fills the same store).
import * as pulumi from "@pulumi/pulumi";
import { NAMESPACE, type RawConfig } from "./index";

// `isConfigSecret` is marked internal in the SDK's typings, but it is the only way to learn whether
// a key was set with `--secret` without turning every value into an Output.
const runtimeConfig = pulumi.runtime as unknown as { isConfigSecret(key: string): boolean };

export function runtimeRawConfig(): RawConfig {
    const prefix = `${NAMESPACE}:`;
    const values: Record<string, string> = {};
    const secretKeys = new Set<string>();
    for (const [fullKey, value] of Object.entries(pulumi.runtime.allConfig())) {
        if (!fullKey.startsWith(prefix)) continue;
        const name = fullKey.slice(prefix.length);
        values[name] = value;
        if (runtimeConfig.isConfigSecret(fullKey)) secretKeys.add(name);
    }
    return { values, secretKeys };
}
