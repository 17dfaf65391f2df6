// Turns what the mock runtime saw (resource inputs, outputs) into plain JSON for the plan:
// unknowns become "(known after apply)", secrets "[secret]", so no secret reaches the plan's text.
import * as pulumi from "@pulumi/pulumi";

export const KNOWN_AFTER_APPLY = "(known after apply)";
export const SECRET = "[secret]";

export type PlainValue = null | boolean | number | string | PlainValue[] | { [key: string]: PlainValue };

function isSecretWrapper(value: object): value is { value: unknown } {
    return (value as Record<string, unknown>)[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig;
}

/** A resource input as the mock monitor received it (deserialized, secrets wrapped). */
export function plainInput(value: unknown): PlainValue {
    if (pulumi.isUnknown(value)) return KNOWN_AFTER_APPLY;
    if (value === undefined || value === null) return null;
    if (Array.isArray(value)) return value.map(plainInput);
    if (typeof value === "object") {
        if (isSecretWrapper(value)) return SECRET;
        return Object.fromEntries(
            Object.entries(value)
                .filter(([, v]) => v !== undefined)
                .map(([k, v]) => [k, plainInput(v)]),
        );
    }
    if (typeof value === "boolean" || typeof value === "number" || typeof value === "string") return value;
    // What JSON has no form for (a bigint, a symbol) is shown by its text.
    return typeof value === "bigint" || typeof value === "symbol" ? value.toString() : "(unrepresentable)";
}

// The SDK's Output carries `isKnown`, `isSecret` and `promise(withUnknowns)`; they are internal in
// its typings, but they are how the engine itself tells a preview's unknowns and secrets apart.
interface OutputInternals {
    isKnown: Promise<boolean>;
    isSecret: Promise<boolean>;
    promise(withUnknowns?: boolean): Promise<unknown>;
}

/** A program output: `[secret]` if secret (whatever its value), `(known after apply)` if unknown. */
export async function plainOutput(output: pulumi.Output<unknown> | undefined): Promise<PlainValue> {
    if (output === undefined) return null;
    const internals = output as unknown as OutputInternals;
    if (await internals.isSecret) return SECRET;
    const [known, value] = await Promise.all([internals.isKnown, internals.promise(true)]);
    // An apply skipped in preview leaves no value at all, only "not known".
    if (!known && value === undefined) return KNOWN_AFTER_APPLY;
    return plainInput(value);
}

export async function plainOutputs(outputs: object): Promise<Record<string, PlainValue>> {
    const fields = Object.entries(outputs as Record<string, pulumi.Output<unknown> | undefined>);
    const entries = await Promise.all(fields.map(async ([k, v]) => [k, await plainOutput(v)] as const));
    return Object.fromEntries(entries);
}
