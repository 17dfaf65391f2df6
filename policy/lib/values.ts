// Resource properties as plain data, with the values a preview cannot know yet marked UNKNOWN.
//
// How @pulumi/policy 1.21.0 hands properties to a policy (node_modules/@pulumi/policy/server.js,
// makeAnalyzeRpcFun and makeAnalyzeStackRpcFun): the engine sends them with unknowns and secrets kept
// (pulumi/pulumi sdk/go/common/resource/plugin/analyzer_plugin.go: MarshalOptions{KeepUnknowns: true,
// KeepSecrets: true}); `deserializeProperties(..., false)` (deserialize.js) unwraps every secret to
// its plain value, and `unknownCheckingProxy` (proxy.js) wraps the result so that reading a property
// whose value is unknown throws an UnknownValueError. The server turns that error into an advisory
// "can't run policy ... during preview" and skips the rest of the policy. So every read goes through
// `readProps`, which catches the error per property: an unknown value becomes UNKNOWN, and the rest of
// the resource is still checked.
import * as policySdk from "@pulumi/policy";

/** A value only `pulumi up` will know. A rule never reports it as a violation. */
export const UNKNOWN: unique symbol = Symbol("unknown during preview");
export type Unknown = typeof UNKNOWN;

export type Value = null | boolean | number | string | Unknown | readonly Value[] | { readonly [key: string]: Value };
export type ValueRecord = { readonly [key: string]: Value };

// @pulumi/policy's index.js exports UnknownValueError, but its typings re-export it from proxy.d.ts,
// which declares nothing (so it would be typed `any`): hence the cast. The shape check is the
// fallback should a later version stop exporting the class.
const UnknownValueError = (policySdk as { UnknownValueError?: new (...args: never[]) => Error }).UnknownValueError;

function isUnknownValueError(e: unknown): boolean {
    if (UnknownValueError !== undefined && e instanceof UnknownValueError) return true;
    return e instanceof Error && "unknownTypeSentinel" in e && Array.isArray((e as { props?: unknown }).props);
}

function read(container: object, key: string): Value {
    try {
        return readProps((container as Record<string, unknown>)[key]);
    } catch (e) {
        if (isUnknownValueError(e)) return UNKNOWN;
        throw e;
    }
}

/**
 * A deep, plain copy of `args.props` (or any value under it). `Object.keys` passes through the proxy
 * (it has no `ownKeys` trap); each property read is the one that may throw.
 */
export function readProps(value: unknown): Value {
    if (value === null || value === undefined) return null;
    if (typeof value === "string" || typeof value === "boolean" || typeof value === "number") return value;
    if (typeof value !== "object") return null;
    if (Array.isArray(value)) return Object.keys(value).map((key) => read(value, key));
    return Object.fromEntries(Object.keys(value).map((key) => [key, read(value, key)]));
}

export function isUnknown(value: Value | undefined): value is Unknown {
    return value === UNKNOWN;
}

export function asRecord(value: Value | undefined): ValueRecord | undefined {
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as ValueRecord) : undefined;
}

export function asList(value: Value | undefined): readonly Value[] | undefined {
    return Array.isArray(value) ? (value as readonly Value[]) : undefined;
}

/**
 * The value at `path`: undefined when absent, UNKNOWN when it or anything on the way is unknown
 * (an unknown object may hold anything).
 */
export function at(value: Value | undefined, ...path: readonly (string | number)[]): Value | undefined {
    let current: Value | undefined = value;
    for (const step of path) {
        if (current === UNKNOWN) return UNKNOWN;
        if (typeof step === "number") current = asList(current)?.[step];
        else current = asRecord(current)?.[step];
        if (current === undefined || current === null) return undefined;
    }
    return current;
}

/** Entries of a list of strings, with their index; unknown or non-string entries are skipped. */
export function knownStrings(value: Value | undefined): { readonly index: number; readonly value: string }[] {
    return (asList(value) ?? []).flatMap((item, index) => (typeof item === "string" ? [{ index, value: item }] : []));
}
