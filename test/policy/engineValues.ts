// The one adapter between this repository's offline plan and what a policy pack receives from the
// Pulumi engine. The plan (tools/plan/values.ts) writes an unknown as "(known after apply)" and a
// secret as "[secret]"; the engine sends an unknown as the sentinel string that @pulumi/pulumi
// exports as runtime.unknownValue (the same string @pulumi/policy 1.21.0's proxy.js calls
// unknownStringValue), and a secret as `{[specialSigKey]: specialSecretSig, value}`, which
// @pulumi/policy's deserialize.js unwraps to the plain value before a policy sees it.
import * as pulumi from "@pulumi/pulumi";
import { KNOWN_AFTER_APPLY, SECRET, type PlainValue } from "../../tools/plan/values";

/** An unknown value, as the engine sends it during preview. */
export const UNKNOWN_INPUT: string = pulumi.runtime.unknownValue;

/** A secret, as the engine sends it. */
export function secretInput(value: unknown): Record<string, unknown> {
    return { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value };
}

/** A plan value (or a hand-written one using the plan's placeholders) as the engine would send it. */
export function engineValue(value: PlainValue): unknown {
    if (value === KNOWN_AFTER_APPLY) return UNKNOWN_INPUT;
    // The plan cannot know a secret's value; the policy sees the placeholder itself, unwrapped.
    if (value === SECRET) return secretInput(SECRET);
    if (Array.isArray(value)) return value.map(engineValue);
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, engineValue(v)]));
    return value;
}

export { KNOWN_AFTER_APPLY, SECRET };
