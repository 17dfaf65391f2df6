// The pure part of the bench's module audit: which package a loaded file belongs to, counts by
// package, and the chain of project files through which an entry point came to load a package.
import * as path from "node:path";

/**
 * `…/node_modules/@pulumi/aws/cognito/userPool.js` → `@pulumi/aws`; a project file → `(wandb-sso) src/`;
 * a file a tool built into a cache of node_modules (no package: `node_modules/.cache/<tool>/…`, as
 * the plan's bundle) → `(wandb-sso) node_modules/.cache/<tool>/`.
 */
export function packageOf(file: string, root: string): string {
    const cached = /node_modules[\\/](\.[^\\/]+[\\/][^\\/]+)[\\/]/.exec(file);
    if (cached) return `(wandb-sso) node_modules/${cached[1]!.replace(/\\/g, "/")}/`;
    const match = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(file);
    if (match) return match[1]!.replace(/\\/g, "/");
    const relative = path.relative(root, file);
    return relative.startsWith("..") || path.isAbsolute(relative) ? file : `(wandb-sso) ${relative.split(path.sep)[0]}/`;
}

/** Files per package, most first. */
export function countByPackage(files: readonly string[], root: string): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const f of files) counts[packageOf(f, root)] = (counts[packageOf(f, root)] ?? 0) + 1;
    return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1]));
}

/**
 * The chain of project files through which `entry` came to load a file of package `target`, e.g.
 * `src/cli/verify.ts → src/verify/options.ts → src/problems.ts → @pulumi/pulumi`: breadth-first over
 * `imports` (what each project file required), so a shortest chain. Undefined when there is none.
 */
export function importChain(
    entry: string,
    target: string,
    imports: Readonly<Record<string, readonly string[]>>,
    root: string,
): string | undefined {
    const previous = new Map<string, string | undefined>([[entry, undefined]]);
    const queue = [entry];
    while (queue.length > 0) {
        const file = queue.shift()!;
        for (const child of imports[file] ?? []) {
            if (packageOf(child, root) === target) {
                const chain = [target];
                for (let at: string | undefined = file; at !== undefined; at = previous.get(at)) chain.unshift(path.relative(root, at));
                return chain.join(" → ");
            }
            if (!previous.has(child) && child in imports) {
                previous.set(child, file);
                queue.push(child);
            }
        }
    }
    return undefined;
}
