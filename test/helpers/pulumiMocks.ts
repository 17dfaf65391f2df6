// Test harness over the Pulumi SDK's mock runtime: records every registered resource and invoke,
// fills computed outputs the way a provider would, and resolves outputs for assertions.
import * as pulumi from "@pulumi/pulumi";
import { acceptResourceHooksUnderMocks } from "../../tools/mockRuntime";
import { wandbV2Crd } from "./wandbV2Crd";

export interface RegisteredResource {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, unknown>;
    readonly custom: boolean;
    /** A read of an existing object (`get`) by this ID. */
    readonly read?: string;
}

/** A managedFields entry of a live object, as the API server writes one. */
export interface LiveManagedFields {
    readonly manager: string;
    readonly operation: "Apply" | "Update";
    readonly fieldsV1: Record<string, unknown>;
}

/** The fields of env variables of one container an entry owns: each `{".", f:name, f:value}`. */
export function envFields(container: string, names: readonly string[], field: "f:value" | "f:valueFrom" = "f:value") {
    const env = Object.fromEntries(names.map((name) => [`k:${JSON.stringify({ name })}`, { ".": {}, "f:name": {}, [field]: {} }]));
    return {
        "f:spec": { "f:template": { "f:spec": { "f:containers": { [`k:${JSON.stringify({ name: container })}`]: { "f:env": env } } } } },
    };
}

/**
 * A live Deployment as the API server returns it: the containers (with their env), and the field
 * managers that own its fields.
 */
export function liveDeployment(
    containers: readonly { name: string; env?: readonly { name: string; value?: string; valueFrom?: unknown }[] }[] = [{ name: "wandb" }],
    managedFields: readonly LiveManagedFields[] = [],
): Record<string, unknown> {
    return {
        metadata: {
            uid: "3f1c5a6e-0000-4000-8000-00000000d3e1",
            resourceVersion: "4711",
            managedFields: managedFields.map((m) => ({ ...m, apiVersion: "apps/v1", fieldsType: "FieldsV1" })),
        },
        spec: { template: { spec: { containers: containers.map((c) => ({ image: "wandb/local:0.70.0", env: [], ...c })) } } },
    };
}

export interface MockOptions {
    /** Preview mode: outputs a provider computes stay unknown. */
    readonly preview?: boolean;
    /** Stack config, full keys (`wandb-sso:host`, `aws:region`). */
    readonly config?: Record<string, string>;
    readonly secretKeys?: readonly string[];
    /** Extra computed outputs by resource type (added to the inputs echoed back). */
    readonly outputs?: Record<string, (inputs: Record<string, unknown>, name: string) => Record<string, unknown>>;
    /** Invoke results by token. */
    readonly invokes?: Record<string, (args: Record<string, unknown>) => Record<string, unknown>>;
}

export interface MockRuntime {
    readonly resources: RegisteredResource[];
    readonly invokes: { token: string; inputs: Record<string, unknown> }[];
    /** Resources of one type, in registration order. */
    ofType(type: string): RegisteredResource[];
    /** The one resource of a type (fails when there are none or several). */
    one(type: string): RegisteredResource;
    reset(): void;
}

/** Provider-computed outputs that the components read, as a provider would fill them. */
const DEFAULT_OUTPUTS: NonNullable<MockOptions["outputs"]> = {
    "aws:cognito/userPool:UserPool": () => ({
        id: "us-west-2_NewPool123",
        endpoint: "cognito-idp.us-west-2.amazonaws.com/us-west-2_NewPool123",
    }),
    "aws:cognito/userPoolClient:UserPoolClient": (inputs) => ({
        id: "client-id-123",
        ...(inputs.generateSecret ? { clientSecret: "cognito-client-secret-value" } : {}),
    }),
    "kubernetes:core/v1:ConfigMap": (_inputs, name) => ({ metadata: { ...(_inputs.metadata as object), name: `${name}-abc123` } }),
    // The operator-v2 target's reads: the CRD of the tagged release v2.0.0-beta.3, and a resource
    // as a user made it (no env entries of others).
    "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition": () => ({ spec: (wandbV2Crd() as { spec: unknown }).spec }),
    "kubernetes:apps.wandb.com/v2:WeightsAndBiases": () => ({
        apiVersion: "apps.wandb.com/v2",
        kind: "WeightsAndBiases",
        metadata: { name: "wandb", namespace: "wandb" },
        spec: { wandb: { hostname: "https://wandb.example.com", version: "0.70.0", features: {}, bucketProxy: false } },
    }),
    "kubernetes:core/v1:Secret": (_inputs, name) => ({ metadata: { ...(_inputs.metadata as object), name: `${name}-def456` } }),
    // The deployment target's read: a W&B Deployment whose container `wandb` has no env.
    "kubernetes:apps/v1:Deployment": () => liveDeployment(),
};

const DEFAULT_INVOKES: NonNullable<MockOptions["invokes"]> = {
    "aws:index/getRegion:getRegion": () => ({ region: "us-west-2", name: "us-west-2", id: "us-west-2" }),
};

/** Installs the mock runtime; call in `before`, then `await import()` the modules under test. */
export async function installMocks(options: MockOptions = {}): Promise<MockRuntime> {
    const resources: RegisteredResource[] = [];
    const invokes: MockRuntime["invokes"] = [];
    const outputs = { ...DEFAULT_OUTPUTS, ...options.outputs };
    const invokeResults = { ...DEFAULT_INVOKES, ...options.invokes };
    acceptResourceHooksUnderMocks();
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                resources.push({
                    type: args.type,
                    name: args.name,
                    inputs: args.inputs,
                    custom: args.custom ?? true,
                    ...(args.id !== undefined && args.id !== "" && { read: args.id }),
                });
                // A read happens in preview too (the engine reads the object); anything else is only planned.
                if (options.preview && !args.id) return { id: undefined, state: args.inputs };
                const extra = outputs[args.type]?.(args.inputs, args.name) ?? {};
                return { id: (extra.id as string | undefined) ?? `${args.name}-id`, state: { ...args.inputs, ...extra } };
            },
            call(args) {
                invokes.push({ token: args.token, inputs: args.inputs });
                const result = invokeResults[args.token];
                if (!result) throw new Error(`no mock for invoke ${args.token}`);
                return result(args.inputs);
            },
        },
        "wandb-sso",
        "test",
        options.preview ?? false,
    );
    pulumi.runtime.setAllConfig(options.config ?? {}, [...(options.secretKeys ?? [])]);
    return {
        resources,
        invokes,
        ofType: (type) => resources.filter((r) => r.type === type),
        one(type) {
            const found = resources.filter((r) => r.type === type);
            if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
            return found[0]!;
        },
        reset() {
            resources.length = 0;
            invokes.length = 0;
        },
    };
}

/** An output's value (undefined when unknown). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return (output as unknown as { promise(): Promise<T> }).promise();
}

export function isKnown(output: pulumi.Output<unknown>): Promise<boolean> {
    return (output as unknown as { isKnown: Promise<boolean> }).isKnown;
}

/** Waits for every registration the SDK has started (resources register asynchronously). */
export async function settle(...outputs: pulumi.Output<unknown>[]): Promise<void> {
    await Promise.all(outputs.map(valueOf));
    await new Promise((resolve) => setImmediate(resolve));
}

/** The secret wrapper the mock runtime puts around secret inputs. */
export function isSecretInput(value: unknown): boolean {
    return (
        typeof value === "object" &&
        value !== null &&
        (value as Record<string, unknown>)[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig
    );
}

/** Waits (bounded) until `count` resources have reached the mock monitor. */
export async function registered(mocks: MockRuntime, count: number, limitMs = 5_000): Promise<void> {
    const deadline = Date.now() + limitMs;
    while (mocks.resources.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
}

/** Records the `protect` option each custom resource ends up with (components excluded). */
export function protectRecorder(): { seen: Record<string, boolean | undefined>; opts: pulumi.ComponentResourceOptions } {
    const seen: Record<string, boolean | undefined> = {};
    return {
        seen,
        opts: {
            transformations: [
                (args) => {
                    if (!args.type.startsWith("wandb-sso:")) seen[args.name] = args.opts.protect;
                    return undefined;
                },
            ],
        },
    };
}

/** Fails when any registered resource but those of `exceptType` holds `value` in its inputs. */
export function assertNotHeldOutside(
    resources: readonly RegisteredResource[],
    value: string,
    exceptType = "kubernetes:core/v1:Secret",
): void {
    for (const resource of resources.filter((r) => r.type !== exceptType)) {
        if (JSON.stringify(resource.inputs).includes(value)) throw new Error(`${resource.type} ${resource.name} holds the secret`);
    }
}
