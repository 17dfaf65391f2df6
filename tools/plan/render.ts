// The plan as text: the resource tree with inputs, the stack outputs and the W&B environment.
import { stringify } from "yaml";
import type { Plan, PlannedResource } from "./run";
import { TARGETS, type WandbTargetRecord } from "../../src/wandb/targets";

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
    const imports = plan.resources.filter((r) => r.import !== undefined).length;
    const reads = plan.resources.filter((r) => r.read !== undefined).length;
    const counts = [
        `${plan.resources.length - imports - reads} to create`,
        ...(imports > 0 ? [`${imports} to import`] : []),
        ...(reads > 0 ? [`${reads} read (known only in the cluster)`] : []),
    ];
    lines.push("", `Resources: ${counts.join(", ")}`);
    const children = (parent: string | null) => plan.resources.filter((r) => r.parent === parent);
    const walk = (resource: PlannedResource, depth: number) => {
        const pad = "    ".repeat(depth);
        // As Pulumi's preview marks them (pkg/resource/deploy/step.go, StepOp.RawPrefix): + create,
        // = import, > read; the step's name and ID follow the resource's, as in Pulumi's columns.
        const [mark, step] =
            resource.import !== undefined
                ? ["=", `  import ${resource.import}`]
                : resource.read !== undefined
                  ? [">", `  read ${resource.read}`]
                  : ["+", ""];
        lines.push(`${pad}${mark} ${resource.type}  ${resource.name}${step}${resource.protected ? `  ${PROTECTED_MARK}` : ""}`);
        for (const [kinds, names] of groupHooks(resource.hooks))
            lines.push(`${pad}      hooks ${kinds}: ${names.join(", ")}${guardNote(names)}`);
        if (Object.keys(resource.inputs).length > 0) lines.push(indent(yamlWithNotes(resource.inputs), `${pad}      `));
        for (const child of children(resource.name)) walk(child, depth + 1);
    };
    for (const root of children(null)) walk(root, 0);

    if (plan.resources.some((r) => r.protected)) {
        lines.push(
            "",
            `${PROTECTED_MARK}: \`pulumi up\` refuses to delete or replace it (wandb-sso:protect; set it to false first, on purpose)`,
        );
    }

    lines.push("", "Outputs:");
    const width = Math.max(0, ...Object.keys(plan.outputs).map((k) => k.length));
    for (const [key, value] of Object.entries(plan.outputs)) {
        if (typeof value !== "object" || value === null) {
            lines.push(`    ${key.padEnd(width)}  ${show(value)}`);
            continue;
        }
        // An object (helmValues) as the YAML it is used as, not one long line of JSON.
        lines.push(`    ${key.padEnd(width)}  ${OUTPUT_USES[key] ?? "(YAML)"}`, indent(yamlWithNotes(value), "        "));
    }

    lines.push("", "W&B environment (what the W&B server reads):");
    // `NAME=value` lines stay as they are (to copy); a value's note goes on a line of its own.
    const envLines = Object.entries(plan.wandbEnv).map(([name, value]) => `    ${name}=${show(value)}`);
    lines.push(...envLines);
    for (const line of withNotes(envLines).filter((l, i) => l !== envLines[i])) {
        lines.push(`    # ${line.slice(4, line.indexOf("=")).trim()}: ${line.slice(line.lastIndexOf("  # ") + 4)}`);
    }

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

/** What the hooks wandb-sso binds do, in pulumi up (the switch-over guard, then the takeover of variables set by hand). */
function guardNote(names: readonly string[]): string {
    const notes = [
        ...(names.some((name) => name.endsWith("-verify-switch-over"))
            ? ["the verify checks against the live IdP with the new settings; a failure stops W&B from being re-pointed"]
            : []),
        ...(names.some((name) => name.endsWith("-take-over-hand-set"))
            ? ["variables found set by hand (kubectl) move to wandb-sso's field manager, so the patch replaces their values"]
            : []),
    ];
    return notes.length > 0 ? ` (in pulumi up: ${notes.join("; then ")})` : "";
}

/** How the text marks a protected resource (`--json`: `"protected": true`). */
export const PROTECTED_MARK = "[protected]";

/** What an object output is for, shown before its YAML: each W&B target says it of the outputs it adds. */
const OUTPUT_USES: Readonly<Record<string, string>> = Object.fromEntries(
    Object.values<WandbTargetRecord>(TARGETS).flatMap((record) =>
        Object.entries(record.stackOutputs).map(([output, { use }]) => [output, use]),
    ),
);

/**
 * Values that look wrong but are meant, each with the one line that says why, shown as a YAML
 * comment on the first line (of a block) that holds one: `test` sees the line and the one before.
 */
export const VALUE_NOTES: readonly { readonly test: (line: string, previous: string) => boolean; readonly note: string }[] = [
    {
        test: (line) => /GORILLA_CORS_ORIGINS/.test(line) && /,null"?$/.test(line),
        note: "null on purpose: a form_post sign-in (the implicit flow) arrives from the origin null",
    },
    {
        test: (line, previous) => /^\s*value: \S*,null"?$/.test(line) && /GORILLA_CORS_ORIGINS/.test(previous),
        note: "null on purpose: a form_post sign-in (the implicit flow) arrives from the origin null",
    },
    {
        test: (line, previous) => /^\s*name: ""$/.test(line) && /oidcSecret:$/.test(previous),
        note: "empty on purpose: the IdP issued no client secret, and a null would let helm --reuse-values keep an old Secret's name",
    },
];

/** A value as YAML, with the notes of `VALUE_NOTES` (each once) as comments. */
function yamlWithNotes(value: unknown): string {
    return withNotes(stringify(value, { lineWidth: 0 }).trimEnd().split("\n")).join("\n");
}

function withNotes(lines: readonly string[]): string[] {
    const used = new Set<string>();
    return lines.map((line, i) => {
        const rule = VALUE_NOTES.find((r) => !used.has(r.note) && r.test(line, lines[i - 1] ?? ""));
        if (rule === undefined) return line;
        used.add(rule.note);
        return `${line}  # ${rule.note}`;
    });
}

function show(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}
