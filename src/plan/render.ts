// The plan as text: the resource tree with inputs, the stack outputs and the W&B environment.
import { stringify } from "yaml";
import type { Plan, PlannedResource } from "./run";

const indent = (text: string, by: string) =>
    text
        .trimEnd()
        .split("\n")
        .map((line) => by + line)
        .join("\n");

export function renderPlan(plan: Plan): string {
    const lines: string[] = [
        `wandb-sso plan for stack "${plan.stack}" (offline: the program under Pulumi's mock runtime, in preview mode; nothing was created)`,
    ];
    // Warnings (break-glass) come first too, so that nobody applies the plan without reading them.
    const warnings = plan.diagnostics.filter((d) => d.startsWith("warning: "));
    if (warnings.length > 0) {
        lines.push("", "!! Warnings (read before `pulumi up`):");
        for (const warning of warnings) lines.push(`!! ${warning}`);
    }
    lines.push("", `Resources: ${plan.resources.length} to create`);
    const children = (parent: string | null) => plan.resources.filter((r) => r.parent === parent);
    const walk = (resource: PlannedResource, depth: number) => {
        const pad = "    ".repeat(depth);
        lines.push(`${pad}+ ${resource.type}  ${resource.name}`);
        for (const [kinds, names] of groupHooks(resource.hooks))
            lines.push(`${pad}      hooks ${kinds}: ${names.join(", ")}${guardNote(names)}`);
        if (Object.keys(resource.inputs).length > 0) lines.push(indent(stringify(resource.inputs, { lineWidth: 0 }), `${pad}      `));
        for (const child of children(resource.name)) walk(child, depth + 1);
    };
    for (const root of children(null)) walk(root, 0);

    lines.push("", "Outputs:");
    const width = Math.max(0, ...Object.keys(plan.outputs).map((k) => k.length));
    for (const [key, value] of Object.entries(plan.outputs)) lines.push(`    ${key.padEnd(width)}  ${show(value)}`);

    lines.push("", "W&B environment (what the W&B server reads):");
    for (const [name, value] of Object.entries(plan.wandbEnv)) lines.push(`    ${name}=${show(value)}`);

    if (plan.diagnostics.length > 0) {
        lines.push("", "Diagnostics (as `pulumi up` prints them):");
        for (const diagnostic of plan.diagnostics) lines.push(`    ${diagnostic}`);
    }
    return lines.join("\n") + "\n";
}

/** Hook kinds that run the same hooks, on one line: `beforeCreate, beforeUpdate` → [names]. */
function groupHooks(hooks: Readonly<Record<string, string[]>> | undefined): [string, string[]][] {
    const groups = new Map<string, { kinds: string[]; names: string[] }>();
    for (const [kind, names] of Object.entries(hooks ?? {})) {
        const key = names.join("\n");
        const group = groups.get(key) ?? { kinds: [], names };
        group.kinds.push(kind);
        groups.set(key, group);
    }
    return [...groups.values()].map((g) => [g.kinds.join(", "), g.names]);
}

/** What a hook does, for the switch-over guard (the only hook wandb-sso binds). */
function guardNote(names: readonly string[]): string {
    return names.every((name) => name.endsWith("-verify-switch-over"))
        ? " (in pulumi up: the verify checks against the live IdP with the new settings; a failure stops W&B from being re-pointed)"
        : "";
}

function show(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}
