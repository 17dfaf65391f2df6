// The pure part of `npm run bench` (tools/bench/stats.ts, modules.ts): summaries, ratios, the table. No timings are
// asserted anywhere in the test suite; the figures live only in the bench.
import { strict as assert } from "node:assert";
import { countByPackage, importChain, packageOf } from "../tools/bench/modules";
import {
    formatNumber,
    formatTable,
    isFlat,
    linearityRatio,
    marginalCost,
    median,
    ratioOfMedians,
    scale,
    summarize,
} from "../tools/bench/stats";

describe("bench statistics", () => {
    it("takes the median of odd and even counts, unsorted", () => {
        assert.equal(median([5, 1, 3]), 3);
        assert.equal(median([4, 1, 3, 2]), 2.5);
        assert.equal(median([7]), 7);
        assert.throws(() => median([]), /no samples/);
    });

    it("summarizes samples as median, min, max and count without reordering the input", () => {
        const samples = [120, 100, 180, 110, 105];
        assert.deepEqual(summarize(samples), { median: 110, min: 100, max: 180, runs: 5 });
        assert.deepEqual(samples, [120, 100, 180, 110, 105]);
        assert.throws(() => summarize([]), /no samples/);
        assert.throws(() => summarize([1, Number.NaN]), /not a measurement/);
    });

    it("scales a summary (total → per environment) and divides medians", () => {
        assert.deepEqual(scale({ median: 500, min: 400, max: 900, runs: 5 }, 10), { median: 50, min: 40, max: 90, runs: 5 });
        assert.equal(ratioOfMedians(summarize([26, 24, 25]), summarize([20, 19, 21])), 1.25);
    });

    it("states linearity as per-environment cost at the large N over the small N", () => {
        assert.equal(linearityRatio({ n: 10, total: 500 }, { n: 100, total: 5000 }), 1); // linear
        assert.equal(linearityRatio({ n: 10, total: 500 }, { n: 100, total: 50_000 }), 10); // quadratic
        assert.equal(linearityRatio({ n: 10, total: 800 }, { n: 100, total: 4000 }), 0.5); // fixed costs amortized
        assert.throws(() => linearityRatio({ n: 0, total: 1 }, { n: 10, total: 1 }), /positive/);
    });

    it("computes the marginal cost of each further environment", () => {
        assert.equal(marginalCost({ n: 10, total: 800 }, { n: 100, total: 4400 }), 40);
        assert.throws(() => marginalCost({ n: 10, total: 1 }, { n: 10, total: 2 }), /more environments/);
    });

    it("calls a ratio flat within ±25% by default", () => {
        assert.equal(isFlat(1), true);
        assert.equal(isFlat(1.25), true);
        assert.equal(isFlat(1.3), false);
        assert.equal(isFlat(0.7), false);
        assert.equal(isFlat(1.1, 0.05), false);
    });

    it("formats numbers by magnitude and aligns the table", () => {
        assert.equal(formatNumber(2345.6), "2346");
        assert.equal(formatNumber(54.56), "54.6");
        assert.equal(formatNumber(1.234), "1.23");
        const table = formatTable([
            {
                title: "plan",
                rows: [
                    { label: "plan", unit: "ms", value: { median: 2100, min: 2000, max: 2300, runs: 5 } },
                    { label: "plan / floor", unit: "×", value: 1.05, note: "met" },
                    { label: "verify", unit: "", value: "not available" },
                ],
            },
        ]);
        const lines = table.split("\n");
        assert.equal(lines.length, 6);
        assert.ok(
            lines.every((l) => l.length === lines[0]!.length),
            table,
        );
        assert.match(lines[3]!, /^\| plan +\| +2100 \| +2000 \| +2300 \| ms +\| +\|$/);
        assert.match(lines[4]!, /\| +1\.05 \| +\| +\| × +\| met +\|$/);
        assert.match(lines[5]!, /\| verify +\| not available \|/);
    });
});

describe("bench module audit", () => {
    const root = "/repo";
    it("names the package a loaded file belongs to", () => {
        assert.equal(packageOf("/repo/node_modules/@pulumi/aws/cognito/userPool.js", root), "@pulumi/aws");
        assert.equal(packageOf("/repo/node_modules/yaml/dist/index.js", root), "yaml");
        assert.equal(packageOf("/repo/node_modules/a/node_modules/b/x.js", root), "a");
        assert.equal(packageOf("/repo/src/oidc.ts", root), "(wandb-sso) src/");
        assert.equal(packageOf("/elsewhere/x.js", root), "/elsewhere/x.js");
        assert.deepEqual(countByPackage(["/repo/node_modules/yaml/a.js", "/repo/src/a.ts", "/repo/node_modules/yaml/b.js"], root), {
            yaml: 2,
            "(wandb-sso) src/": 1,
        });
    });

    it("counts a build in a tool's cache under node_modules (the plan's bundle) as the project's own, not a package", () => {
        assert.equal(
            packageOf("/repo/node_modules/.cache/wandb-sso-plan/0123abcd/cli.cjs", root),
            "(wandb-sso) node_modules/.cache/wandb-sso-plan/",
        );
    });

    it("traces the shortest chain of project files to a package", () => {
        const imports = {
            "/repo/src/cli/verify.ts": ["/repo/src/verify/options.ts", "/repo/node_modules/commander/index.js"],
            "/repo/src/verify/options.ts": ["/repo/src/oidc.ts", "/repo/src/problems.ts"],
            "/repo/src/oidc.ts": ["/repo/src/problems.ts"],
            "/repo/src/problems.ts": ["/repo/node_modules/@pulumi/pulumi/index.js"],
        };
        assert.equal(
            importChain("/repo/src/cli/verify.ts", "@pulumi/pulumi", imports, root),
            "src/cli/verify.ts → src/verify/options.ts → src/problems.ts → @pulumi/pulumi",
        );
        assert.equal(importChain("/repo/src/cli/verify.ts", "commander", imports, root), "src/cli/verify.ts → commander");
        assert.equal(importChain("/repo/src/cli/verify.ts", "@pulumi/okta", imports, root), undefined);
    });
});
