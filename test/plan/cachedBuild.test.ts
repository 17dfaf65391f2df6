// `npm run plan` runs JavaScript built from the sources and cached (tools/plan/cachedBuild.cjs). In a
// copy of the project, an edit to src/, providers/ or tools/ is in the very next plan, run as users
// run it (package.json's plan script); an unchanged tree reuses its build, and a tree as it was
// before finds the build it had.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cachedBuild } from "../../tools/plan/cachedBuild.cjs";
import { ROOT } from "../helpers/root";
import { runPlanProcess } from "./planCli";

const ENTRY = "tools/plan/cli.ts";

/** A copy of the project's sources and stacks, with node_modules' packages linked (its own build cache). */
function projectCopy(): string {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "wandb-sso-plan-build-"));
    for (const entry of ["src", "providers", "tools", "stacks", "package.json", "tsconfig.json", "Pulumi.yaml"]) {
        fs.cpSync(path.join(ROOT, entry), path.join(copy, entry), {
            recursive: true,
            filter: (source) => path.relative(ROOT, source) !== path.join("tools", "bench", "results"),
        });
    }
    fs.mkdirSync(path.join(copy, "node_modules"));
    for (const name of fs.readdirSync(path.join(ROOT, "node_modules"))) {
        if (!name.startsWith(".")) fs.symlinkSync(path.join(ROOT, "node_modules", name), path.join(copy, "node_modules", name));
    }
    return copy;
}

/** Appends a line that writes `marker` to stderr when the module loads. */
function appendMarker(copy: string, file: string, marker: string): void {
    fs.appendFileSync(path.join(copy, file), `\nprocess.stderr.write(${JSON.stringify(`${marker}\n`)});\n`);
}

describe("npm run plan builds from the current sources", () => {
    let copy: string;
    before(() => {
        copy = projectCopy();
    });
    after(() => fs.rmSync(copy, { recursive: true, force: true }));

    it("builds once, then reuses the build while nothing changes", function () {
        this.timeout(60_000);
        const first = cachedBuild(copy, ENTRY);
        const second = cachedBuild(copy, ENTRY);
        assert.equal(first.built, true);
        assert.deepEqual(second, { file: first.file, built: false });
        const plan = runPlanProcess(["--json"], copy, copy);
        assert.equal(plan.status, 0, plan.stderr);
        assert.equal(JSON.parse(plan.stdout).stack, "dev");
        assert.equal(plan.stderr, "");
    });

    it("plans an edit to src/, providers/ and tools/ in the next run, and finds the earlier build when an edit is undone", function () {
        this.timeout(120_000);
        const edits = [
            { file: "src/stack.ts", marker: "edited src/stack.ts" },
            { file: "providers/cognito/index.ts", marker: "edited providers/cognito/index.ts" },
            { file: "tools/plan/render.ts", marker: "edited tools/plan/render.ts" },
        ];
        const original = fs.readFileSync(path.join(copy, edits[2]!.file), "utf8");
        const markers: string[] = [];
        let beforeLastEdit = "";
        for (const { file, marker } of edits) {
            if (file === edits[2]!.file) beforeLastEdit = cachedBuild(copy, ENTRY).file;
            appendMarker(copy, file, marker);
            markers.push(`${marker}\n`);
            const plan = runPlanProcess([], copy, copy);
            assert.equal(plan.status, 0, plan.stderr);
            assert.ok(plan.stdout.startsWith('wandb-sso plan for stack "dev"'), plan.stdout.slice(0, 200));
            assert.deepEqual(plan.stderr.match(/^edited .*\n/gm)?.sort(), [...markers].sort(), `after editing ${file}`);
        }
        fs.writeFileSync(path.join(copy, edits[2]!.file), original);
        assert.deepEqual(cachedBuild(copy, ENTRY), { file: beforeLastEdit, built: false });
        const undone = runPlanProcess([], copy, copy);
        assert.deepEqual(undone.stderr.match(/^edited .*\n/gm)?.sort(), markers.slice(0, 2).sort());
    });

    it("refuses to bundle a file of ours that an edit would not rebuild", function () {
        this.timeout(60_000);
        fs.mkdirSync(path.join(copy, "test"), { recursive: true });
        fs.writeFileSync(path.join(copy, "test", "outside.ts"), "export const outside = 1;\n");
        fs.appendFileSync(path.join(copy, "tools/plan/render.ts"), '\nimport "../../test/outside";\n');
        assert.throws(
            () => cachedBuild(copy, ENTRY),
            /the plan's bundle would hold test\/outside\.ts, neither a TypeScript file under src\/, providers\/, tools\//,
        );
    });
});
