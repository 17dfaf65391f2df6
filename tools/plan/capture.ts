// Runs the stack under the SDK's mock runtime in preview mode and records what `pulumi preview`
// would register: each resource's type, name, parent and inputs, the invokes it answered, and the
// program's outputs.
import * as pulumi from "@pulumi/pulumi";
import { acceptResourceHooksUnderMocks } from "../mockRuntime";
import { PLAN_INVOKES, type ProviderConfig } from "./invokes";

export interface CapturedResource {
    readonly type: string;
    readonly name: string;
    /** The parent's name; undefined for resources directly under the stack. */
    parent?: string;
    inputs?: Record<string, unknown>;
    /** The resource hooks bound to it, by kind (`beforeCreate: [names]`); absent when none. */
    hooks?: Record<string, string[]>;
    /** Protected from deletion and replacement (`protect`, its own or its parent's). */
    protect?: true;
    /** Adopted: the ID Pulumi's `import` option imports it by. */
    import?: string;
    /** A read of an existing object (the Kubernetes provider's `get`) by this ID: nothing is created. */
    read?: string;
}

export interface Capture {
    /** Every resource but the stack, in registration order. */
    readonly resources: CapturedResource[];
    /** To register (`registerStackTransformation`) from inside the stack: records parents. */
    readonly recordParents: pulumi.ResourceTransformation;
}

const STACK_TYPE = "pulumi:pulumi:Stack";

/** The names of the hooks bound to a resource, by kind; undefined when there are none. */
export function hookNames(hooks: pulumi.ResourceHookBinding | undefined): Record<string, string[]> | undefined {
    const entries = Object.entries(hooks ?? {})
        .map(
            ([kind, list]) =>
                [kind, (list as unknown[]).map((hook) => (pulumi.ResourceHook.isInstance(hook) ? hook.name : "(anonymous)"))] as const,
        )
        .filter(([, names]) => names.length > 0);
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/**
 * A preview's state is the inputs, plus what the provider fills in before anything exists: the
 * Kubernetes provider auto-names an object without `metadata.name`, and the name is only known
 * once applied.
 */
function previewState(type: string, inputs: Record<string, unknown>): Record<string, unknown> {
    const metadata = inputs.metadata as Record<string, unknown> | undefined;
    if (type.startsWith("kubernetes:") && metadata !== undefined && metadata.name === undefined) {
        return { ...inputs, metadata: { ...metadata, name: pulumi.unknown } };
    }
    return inputs;
}

/**
 * Inputs with each asset archive of string assets shown by its files' text (`{ archive: { "index.js":
 * "…" } }`), as the SDK holds them as promises that JSON cannot show: e.g. the Cognito teams trigger's
 * code. Other assets and archives are left as they are.
 */
async function withArchiveTexts(value: unknown): Promise<unknown> {
    if (value instanceof pulumi.asset.AssetArchive) {
        const assets = await (value as unknown as { assets: Promise<Record<string, unknown>> }).assets;
        const files: Record<string, string> = {};
        for (const [file, asset] of Object.entries(assets)) {
            if (!(asset instanceof pulumi.asset.StringAsset)) return value;
            files[file] = await (asset as unknown as { text: Promise<string> }).text;
        }
        return { archive: files };
    }
    if (Array.isArray(value)) return Promise.all(value.map(withArchiveTexts));
    if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
        const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await withArchiveTexts(v)] as const));
        return Object.fromEntries(entries);
    }
    return value;
}

/**
 * Installs the mock runtime (preview mode: what providers compute stays unknown) and the stack's
 * config. The mock echoes inputs back as state, as a preview does.
 */
export async function installPlanRuntime(
    project: string,
    stack: string,
    config: ProviderConfig,
    secretKeys: readonly string[],
): Promise<Capture> {
    const resources: CapturedResource[] = [];
    const byKey = new Map<string, CapturedResource[]>();
    const keyOf = (type: string, name: string) => `${type}::${name}`;

    acceptResourceHooksUnderMocks();
    await pulumi.runtime.setMocks(
        {
            async newResource(args) {
                const inputs = (await withArchiveTexts(args.inputs)) as Record<string, unknown>;
                if (args.type !== STACK_TYPE) {
                    const pending = byKey.get(keyOf(args.type, args.name))?.find((r) => r.inputs === undefined);
                    if (pending) pending.inputs = inputs;
                    else resources.push({ type: args.type, name: args.name, inputs });
                }
                return { id: undefined, state: previewState(args.type, inputs) };
            },
            call(args) {
                const answer = PLAN_INVOKES[args.token];
                if (!answer) throw new Error(`the offline plan has no answer for the provider function ${args.token}`);
                return answer(config, args.inputs as Record<string, unknown>);
            },
        },
        project,
        stack,
        true,
    );
    pulumi.runtime.setAllConfig({ ...config }, [...secretKeys]);

    // Transformations run in the SDK as each resource is constructed, before the mock monitor
    // sees it; that is where the parent is known, so the entry is created here.
    const recordParents: pulumi.ResourceTransformation = ({ type, name, opts }) => {
        if (type !== STACK_TYPE) {
            // The SDK's own (internal) record of each resource's name and type token.
            const parent: (pulumi.Resource & { __name?: string; __pulumiType?: string; __protect?: boolean }) | undefined = opts.parent;
            const hooks = hookNames(opts.hooks);
            // Transformations run before the SDK lets a child inherit its parent's `protect`
            // (resource.js, Resource's constructor), so the inherited one is read here as it will.
            const protect = opts.protect ?? parent?.__protect;
            // Adopted: Pulumi's `import` option, a plain ID.
            const imported = (opts as pulumi.CustomResourceOptions).import;
            const entry: CapturedResource = {
                type,
                name,
                ...(parent && parent.__pulumiType !== STACK_TYPE ? { parent: parent.__name } : {}),
                ...(hooks && { hooks }),
                ...(protect === true && { protect: true as const }),
                ...(typeof imported === "string" && { import: imported }),
                ...(typeof opts.id === "string" && { read: opts.id }),
            };
            resources.push(entry);
            const key = keyOf(type, name);
            byKey.set(key, [...(byKey.get(key) ?? []), entry]);
        }
        return undefined;
    };
    return { resources, recordParents };
}
