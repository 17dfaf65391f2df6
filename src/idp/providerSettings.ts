// What the stack itself says about an IdP's default provider (`aws:region`, `azuread:tenantId`),
// known before anything is registered, so that a component can compare its own settings with it
// then rather than after the provider answers.
import * as pulumi from "@pulumi/pulumi";
import type { ProviderSettings } from "../parse/values";

// `isConfigSecret` is marked internal in the SDK's typings, but it is the only way to learn whether
// a key was set with `--secret` without turning every value into an Output.
const runtimeConfig = pulumi.runtime as unknown as { isConfigSecret(key: string): boolean };

/** Whether the stack's `key` (`namespace:name`) was set with `--secret`. */
export function isConfigSecret(key: string): boolean {
    return runtimeConfig.isConfigSecret(key);
}

/**
 * The stack's own `key` (e.g. `aws:region`) when a component uses the default provider. None when
 * it is given a provider (or a parent, which may hand one down): then only that provider knows the
 * value, and the check waits for its answer.
 */
export function defaultProviderSettings(opts: pulumi.ComponentResourceOptions | undefined, key: string): ProviderSettings | undefined {
    if (opts?.provider !== undefined || opts?.providers !== undefined || opts?.parent !== undefined) return undefined;
    const colon = key.indexOf(":");
    const value = new pulumi.Config(key.slice(0, colon)).get(key.slice(colon + 1));
    if (value === undefined) return { values: {}, secretKeys: new Set() };
    return { values: { [key]: value }, secretKeys: new Set(isConfigSecret(key) ? [key] : []) };
}
