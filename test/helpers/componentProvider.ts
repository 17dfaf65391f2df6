// The plugin's component provider run in-process, as `pulumi package add` runs it for a Python, Go,
// C# or YAML program: Pulumi's own ComponentProvider (@pulumi/pulumi provider/experimental) over
// the seven components. Its schema is analysed once for the whole suite (about 3 s: the analyzer
// builds a TypeScript program of the package).
import * as pulumi from "@pulumi/pulumi";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { packageRoot, PLUGIN_COMPONENTS, PLUGIN_NAME } from "../../src/plugin/components";

/** The parts of Pulumi's package schema the tests read. */
export interface SchemaProperty {
    readonly type?: string;
    readonly $ref?: string;
    readonly items?: SchemaProperty;
    readonly additionalProperties?: SchemaProperty;
    readonly plain?: boolean;
    readonly optional?: boolean;
    readonly description?: string;
}
export interface SchemaResource {
    readonly isComponent: boolean;
    readonly description?: string;
    readonly inputProperties: Record<string, SchemaProperty>;
    readonly requiredInputs?: string[];
    readonly properties: Record<string, SchemaProperty>;
    readonly required?: string[];
}
export interface PackageSchema {
    readonly name: string;
    readonly resources: Record<string, SchemaResource>;
    readonly types: Record<
        string,
        {
            type: string;
            enum?: { name: string; value: string; description?: string }[];
            properties?: Record<string, SchemaProperty>;
            required?: string[];
        }
    >;
}

let provider: ComponentProvider | undefined;
let schema: Promise<PackageSchema> | undefined;

/** The plugin's provider, exactly as src/plugin/index.ts makes it. */
export function pluginProvider(): ComponentProvider {
    provider ??= new ComponentProvider({ name: PLUGIN_NAME, components: PLUGIN_COMPONENTS, dirname: packageRoot() });
    return provider;
}

export function pluginSchema(): Promise<PackageSchema> {
    schema ??= pluginProvider()
        .getSchema()
        .then((text) => JSON.parse(text) as PackageSchema);
    return schema;
}

type DeserializeInputs = (
    inputs: { toJavaScript(): Record<string, unknown> },
    dependencies: Map<string, { getUrnsList(): string[] }>,
) => Promise<pulumi.Inputs>;

/**
 * Inputs as the plugin's construct() receives them from another language's program: `wire` is what
 * the program sends (a secret marked as Pulumi's RPC layer marks it, see `wireSecret`), `dependsOn`
 * the URNs each input came from; both are turned into values and Outputs by the SDK's own provider
 * server (provider/server.js deserializeInputs, @pulumi/pulumi 3.276.0), as in a real deployment.
 */
export function wireInputs(wire: Record<string, unknown>, dependsOn: Record<string, string[]> = {}): Promise<pulumi.Inputs> {
    // Not in the SDK's typings: the server's own deserializer, which the plugin's requests go through.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { deserializeInputs } = require("@pulumi/pulumi/provider/server") as { deserializeInputs: DeserializeInputs };
    const dependencies = new Map(Object.entries(dependsOn).map(([key, urns]) => [key, { getUrnsList: () => urns }]));
    return deserializeInputs({ toJavaScript: () => wire }, dependencies);
}

/** A secret value as it travels over Pulumi's RPC layer. */
export function wireSecret(value: unknown): Record<string, unknown> {
    return { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value };
}

/**
 * Another resource's output as a program sends it to a component provider (an output value: its
 * value, or none while unknown in preview, whether it is secret, and the URNs it came from).
 */
export function wireOutput(value: unknown, options: { secret?: boolean; dependencies?: string[] } = {}): Record<string, unknown> {
    return {
        [pulumi.runtime.specialSigKey]: pulumi.runtime.specialOutputValueSig,
        ...(value !== undefined && { value }),
        secret: options.secret ?? false,
        dependencies: options.dependencies ?? [],
    };
}
