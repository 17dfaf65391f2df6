// The offline plan: the stack program under the mock runtime, in preview mode, with no Pulumi CLI,
// plugins, credentials or network.
import * as pulumi from "@pulumi/pulumi";
import { configWarnings, readStackConfig } from "../../src/config";
import { runtimeRawConfig } from "../../src/config/source";
import { buildStack } from "../../src/stack";
import { installPlanRuntime } from "./capture";
import { captureDiagnostics } from "../mockRuntime";
import type { StackFile } from "./stackFile";
import { plainInput, plainOutputs, type PlainValue } from "./values";

export interface PlannedResource {
    readonly type: string;
    readonly name: string;
    readonly parent: string | null;
    readonly inputs: Record<string, PlainValue>;
    /** The resource hooks bound to it, by kind (`beforeCreate: [names]`); only when it has any. */
    readonly hooks?: Record<string, string[]>;
    /** `true` when it is protected: `pulumi up` refuses to delete or replace it (only when it is). */
    readonly protected?: true;
    /** Adopted (Pulumi's `import` option): the ID it is imported by (only when it is). */
    readonly import?: string;
    /** A read of an existing object by this ID (nothing is created; offline, what it holds is unknown). */
    readonly read?: string;
}

export interface Plan {
    readonly stack: string;
    readonly resources: PlannedResource[];
    readonly outputs: Record<string, PlainValue>;
    /** The exact environment the W&B server gets. */
    readonly wandbEnv: Record<string, PlainValue>;
    /** What the program logged (`pulumi.log`), as `pulumi up` would show it: "warning: ...". */
    readonly diagnostics: string[];
}

/** Runs the program for one stack file. Throws the program's ConfigError for a bad stack. */
export async function planStack(project: string, file: StackFile): Promise<Plan> {
    const diagnostics = captureDiagnostics();
    try {
        return { ...(await runProgram(project, file)), diagnostics: diagnostics.lines };
    } finally {
        diagnostics.stop();
    }
}

async function runProgram(project: string, file: StackFile): Promise<Omit<Plan, "diagnostics">> {
    const capture = await installPlanRuntime(project, file.stack, file.config, file.secretKeys);
    // The same two steps as src/program.ts. Validation comes first and throws before anything,
    // the stack included, is registered.
    const raw = runtimeRawConfig();
    const config = readStackConfig(raw, file.stack);
    let built: ReturnType<typeof buildStack> | undefined;
    await pulumi.runtime.runInPulumiStack(() => {
        pulumi.runtime.registerStackTransformation(capture.recordParents);
        for (const warning of configWarnings(raw, config)) void pulumi.log.warn(warning);
        built = buildStack(config);
        return Promise.resolve(built.outputs);
    });
    // As Pulumi's own runner does before exiting: wait until every registration, the stack's
    // outputs included, has reached the monitor. (A plan after this one replaces the monitor.)
    await pulumi.runtime.disconnect();
    const missing = capture.resources.filter((r) => r.inputs === undefined).map((r) => `${r.type} ${r.name}`);
    if (missing.length > 0) throw new Error(`the offline plan saw ${missing.join(", ")} constructed but never registered`);
    const stack = built!;
    const [outputs, wandbEnv] = await Promise.all([plainOutputs(stack.outputs), plainOutputs(stack.wandb.envVars)]);
    return {
        stack: file.stack,
        resources: capture.resources.map((r) => ({
            type: r.type,
            name: r.name,
            parent: r.parent ?? null,
            inputs: plainInput(r.inputs ?? {}) as Record<string, PlainValue>,
            ...(r.hooks && { hooks: r.hooks }),
            ...(r.protect && { protected: true as const }),
            ...(r.import !== undefined && { import: r.import }),
            ...(r.read !== undefined && { read: r.read }),
        })),
        outputs,
        wandbEnv,
    };
}
