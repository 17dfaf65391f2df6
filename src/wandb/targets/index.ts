// The W&B targets: their names and the one table of their records (record.ts says what a record
// decides). Adding a target is its file and its line here, in WandbTarget and in TARGETS; the
// compiler refuses a name without a record, and a record that leaves a field undecided.
import { deployment } from "./deployment";
import { helm } from "./helm";
import { operator } from "./operator";
import { operatorV2 } from "./operatorV2";
import type { TargetResult, WandbTargetRecord } from "./record";

export type * from "./record";

// A literal `as const` object, which Pulumi's schema analyzer turns into the enum other languages see.
/**
 * How the settings reach W&B:
 * - `deployment`: a server-side-apply patch of an existing wandb/local Deployment's container;
 * - `operator`: a server-side-apply patch of the W&B Kubernetes Operator's `apps.wandb.com/v1`
 *   `WeightsAndBiases` resource (`spec.values`, the operator-wandb chart's values);
 * - `operator-v2`: a server-side-apply patch of the `apps.wandb.com/v2` resource's first-class
 *   OIDC fields (operator v2, beta);
 * - `helm`: no workload change; the chart values are an output, for a Helm release the user runs.
 */
export const WandbTarget = {
    Deployment: "deployment",
    Operator: "operator",
    OperatorV2: "operator-v2",
    Helm: "helm",
} as const;
export type WandbTarget = (typeof WandbTarget)[keyof typeof WandbTarget];
export const WANDB_TARGETS: readonly WandbTarget[] = Object.values(WandbTarget);

/** Every target's record, by name: what each consumer reads instead of asking which target it is. */
export const TARGETS = {
    deployment,
    operator,
    "operator-v2": operatorV2,
    helm,
} as const satisfies Readonly<Record<WandbTarget, WandbTargetRecord>>;

/** A union's members as one intersection: `A | B` → `A & B`. */
type AllOf<U> = (U extends unknown ? (member: U) => void : never) extends (all: infer I) => void ? I : never;

/** The stack outputs a record adds, each typed as the WandbOidc output it is. */
type StackOutputsOf<R extends WandbTargetRecord> = {
    readonly [K in keyof R["stackOutputs"]]?: NonNullable<TargetResult[R["stackOutputs"][K]["from"]]>;
};

/** Every stack output some target adds (helm: helmValues), typed from the records. */
export type TargetStackOutputs = AllOf<{ [T in WandbTarget]: StackOutputsOf<(typeof TARGETS)[T]> }[WandbTarget]>;

/** The stack outputs `target` adds, from WandbOidc's structured outputs; one that is absent is left out. */
export function targetStackOutputs(target: WandbTarget, outputs: TargetResult): TargetStackOutputs {
    const record: WandbTargetRecord = TARGETS[target];
    const added: Record<string, TargetResult[keyof TargetResult]> = {};
    for (const [output, { from }] of Object.entries(record.stackOutputs)) {
        if (outputs[from] !== undefined) added[output] = outputs[from];
    }
    // Each entry is the output its record names, as TargetStackOutputs types it.
    return added;
}
