// Preloaded (`node --require tools/bench/children/usage.cjs …`) into every process the bench runs, so
// that the figures come from the process itself whatever runs in it (the plan and verify CLIs
// included). On exit it writes, to the file named by BENCH_USAGE_FILE, its CPU time and peak RSS
// and, when BENCH_MODULES is set, every module file it loaded through `require` (the TypeScript
// sources too: tsx loads this CommonJS package's .ts files as CommonJS; ESM-only packages that are
// `import()`ed are not in the list), with what each file outside node_modules required.
"use strict";
const fs = require("node:fs");
const file = process.env.BENCH_USAGE_FILE;
if (file) {
    process.on("exit", (code) => {
        const usage = process.resourceUsage();
        const record = {
            code,
            cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
            maxRssKb: usage.maxRSS,
            ...(process.env.BENCH_MODULES && { modules: Object.keys(require.cache), imports: projectImports() }),
        };
        fs.writeFileSync(file, JSON.stringify(record));
    });
}

/**
 * For each loaded file of the project's own (outside node_modules' packages; a build in a tool's
 * cache there, such as the plan's bundle, is the project's own): the files it required (to trace
 * an import chain).
 */
function projectImports() {
    const inPackage = /[\\/]node_modules[\\/][^.]/;
    const imports = {};
    for (const [id, mod] of Object.entries(require.cache)) {
        if (!mod || inPackage.test(id)) continue;
        imports[id] = (mod.children ?? []).map((child) => child.id);
    }
    return imports;
}
