// The import graph of the product and its tools, by concept: a folder under src/, providers/ or
// tools/ (its subfolders with it: src/wandb/targets is the W&B side), or a file directly in src/.
// ESLint holds the direction of each import and that no file imports itself round; this holds the
// shape of the whole: concepts import one another without circles, in at most ten layers (a
// concept's layer is one above the highest it imports), as CONTRIBUTING.md's layout promises.
// Imports are read by TypeScript's own pre-processor, type-only ones included.
import { strict as assert } from "node:assert";
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

const ROOT = path.resolve(__dirname, "..");
const TOP = ["src", "providers", "tools"];
const MAX_LAYERS = 10;

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return sourceFiles(full);
        return /\.(ts|cjs)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
    });
}

/** The concept a repository file belongs to: `src/wandb`, `providers/okta`, `tools/plan`, `src/index.ts`. */
export function conceptOf(relative: string): string {
    const parts = relative.split(path.sep);
    return parts.length === 2 ? relative : parts.slice(0, 2).join("/");
}

function resolveImport(from: string, specifier: string, files: Set<string>): string | undefined {
    if (!specifier.startsWith(".")) return undefined;
    const base = path.resolve(path.dirname(from), specifier);
    return [base, `${base}.ts`, `${base}.cjs`, path.join(base, "index.ts")].find((candidate) => files.has(candidate));
}

function conceptGraph(): Map<string, Set<string>> {
    const files = TOP.flatMap((top) => sourceFiles(path.join(ROOT, top)));
    const known = new Set(files);
    const graph = new Map<string, Set<string>>();
    for (const file of files) {
        const from = conceptOf(path.relative(ROOT, file));
        const edges = graph.get(from) ?? new Set<string>();
        graph.set(from, edges);
        for (const { fileName } of ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true).importedFiles) {
            const target = resolveImport(file, fileName, known);
            const to = target === undefined ? undefined : conceptOf(path.relative(ROOT, target));
            if (to !== undefined && to !== from) edges.add(to);
        }
    }
    return graph;
}

/** Each concept's layer (1 for one that imports none), or the circle found on the way. */
export function layers(graph: ReadonlyMap<string, ReadonlySet<string>>): { layer: Map<string, number> } | { circle: string[] } {
    const layer = new Map<string, number>();
    const visit = (concept: string, trail: string[]): number | string[] => {
        const known = layer.get(concept);
        if (known !== undefined) return known;
        if (trail.includes(concept)) return [...trail.slice(trail.indexOf(concept)), concept];
        let highest = 0;
        for (const next of graph.get(concept) ?? []) {
            const result = visit(next, [...trail, concept]);
            if (Array.isArray(result)) return result;
            highest = Math.max(highest, result);
        }
        layer.set(concept, highest + 1);
        return highest + 1;
    };
    for (const concept of graph.keys()) {
        const result = visit(concept, []);
        if (Array.isArray(result)) return { circle: result };
    }
    return { layer };
}

describe("the import graph of the product and its tools", () => {
    it("layers: a circle is found, and each concept stands one above the highest it imports", () => {
        const graph = new Map([
            ["a", new Set(["b", "c"])],
            ["b", new Set(["c"])],
            ["c", new Set<string>()],
        ]);
        assert.deepEqual(layers(graph), {
            layer: new Map([
                ["c", 1],
                ["b", 2],
                ["a", 3],
            ]),
        });
        graph.get("c")!.add("a");
        assert.deepEqual(layers(graph), { circle: ["a", "b", "c", "a"] });
    });

    it("a concept is a folder under src/, providers/ or tools/ with its subfolders, or a file directly in src/", () => {
        const concepts = ["src/wandb/targets/operatorV2.ts", "providers/okta/idp.ts", "tools/plan/cli.ts", "src/idps.ts"].map((f) =>
            conceptOf(f.split("/").join(path.sep)),
        );
        assert.deepEqual(concepts, ["src/wandb", "providers/okta", "tools/plan", "src/idps.ts"]);
    });

    it(`has no circle between concepts and at most ${MAX_LAYERS} layers`, () => {
        const graph = conceptGraph();
        assert.ok(graph.has("src/wandb") && graph.has("providers/keycloak") && graph.has("tools/plan"), "the graph reads the tree");
        const result = layers(graph);
        assert.ok("layer" in result, `a circle of imports: ${"circle" in result ? result.circle.join(" -> ") : ""}`);
        const deepest = Math.max(...result.layer.values());
        const top = [...result.layer].filter(([, n]) => n === deepest).map(([c]) => c);
        assert.ok(deepest <= MAX_LAYERS, `${deepest} layers (the top: ${top.join(", ")})`);
    });
});
