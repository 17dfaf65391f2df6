// Reads this project's config from the Pulumi runtime, as the program sees it under `pulumi up`
// (and under the offline plan, which fills the same store): the project's keys by their bare
// names, and every other namespace's keys in full (for the provider settings the IdP's rules
// compare with, and for typos of the project's namespace).
import * as pulumi from "@pulumi/pulumi";
import { isConfigSecret } from "../idp/providerSettings";
import { NAMESPACE, type RawConfig } from "./index";

export function runtimeRawConfig(): RawConfig {
    const prefix = `${NAMESPACE}:`;
    // No prototype: a key named `__proto__` is a key like any other (and an unknown one).
    const values: Record<string, string> = Object.create(null) as Record<string, string>;
    const otherKeys: Record<string, string> = Object.create(null) as Record<string, string>;
    const secretKeys = new Set<string>();
    const otherSecretKeys = new Set<string>();
    for (const [fullKey, value] of Object.entries(pulumi.runtime.allConfig())) {
        const secret = isConfigSecret(fullKey);
        if (!fullKey.startsWith(prefix)) {
            otherKeys[fullKey] = value;
            if (secret) otherSecretKeys.add(fullKey);
            continue;
        }
        const name = fullKey.slice(prefix.length);
        values[name] = value;
        if (secret) secretKeys.add(name);
    }
    return { values, secretKeys, otherKeys, otherSecretKeys };
}
