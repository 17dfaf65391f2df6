// The program's start-up as Pulumi's Node.js runtime does it, without an engine: the SDK modules
// its runner loads first (@pulumi/pulumi/cmd/run/index.js and run.js), then, for a TypeScript
// program, ts-node registered with exactly the options run.js computes, then `require(program)`,
// ending when the program's function is ready to be called (it is not called).
//
//   [PULUMI_NODEJS_TYPESCRIPT=true] [PULUMI_NODEJS_TSCONFIG_PATH=…] [PULUMI_NODEJS_TRANSPILE_ONLY=…] \
//     node bench/children/startup.cjs <program>
// The language host sets the first two from Pulumi.yaml's runtime options `typescript` and
// `tsconfig`, and puts `nodeargs` on the node command line. Plain JavaScript on purpose: no loader
// of the bench's own may be registered before the runtime's.
// Prints one line: BENCH {"typescript":…,"transpileOnly":…,"sdkMs":…,"registerMs":…,"requireMs":…}
"use strict";
const path = require("node:path");
const { createRequire } = require("node:module");

const started = performance.now();
const program = path.resolve(process.argv[2] ?? "");
// Resolve everything from the SDK's runner, as it does.
const runJs = require.resolve("@pulumi/pulumi/cmd/run/run.js");
const sdkRequire = createRequire(runJs);
const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json"));

// cmd/run/index.js, before it calls run(): instrumentation, source maps, log, settings; then the
// modules run.js imports (requiring run.js itself would parse the real command line and exit).
sdkRequire("./instrumentation");
sdkRequire("source-map-support/register");
for (const m of ["log", "errors", "runtime/settings", "runtime/manifest", "runtime/stack", "tsutils", "cmd/run/tracing", "cmd/run/error"]) {
    require(path.join(sdk, m));
}
const sdkLoaded = performance.now();

// run.js: "If this is a typescript project, we'll want to load node-ts." (same decisions, same options)
const typeScript = process.env["PULUMI_NODEJS_TYPESCRIPT"] === "true";
const tsConfigPath = process.env["PULUMI_NODEJS_TSCONFIG_PATH"] ?? "tsconfig.json";
const skipProject = !require("node:fs").existsSync(tsConfigPath);
let transpileOnly;
if (typeScript) {
    const tsutils = require(path.join(sdk, "tsutils"));
    const compilerOptions = tsutils.loadTypeScriptCompilerOptions(tsConfigPath);
    const transpileOnlyEnv = process.env["PULUMI_NODEJS_TRANSPILE_ONLY"];
    transpileOnly = transpileOnlyEnv ? transpileOnlyEnv === "true" : compilerOptions.noCheck;
    const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
    const ts = sdkRequire(typescriptRequire);
    const [major, minor] = ts.version.split(".").map(Number);
    const useNodeNext = major > 4 || (major === 4 && minor >= 7);
    // (package.json is "type": "commonjs", so run.js takes its non-ESM branch.)
    sdkRequire(tsnodeRequire).register({
        compiler: typescriptRequire,
        transpileOnly,
        project: tsConfigPath,
        skipProject,
        compilerOptions: {
            target: "ES2020",
            module: useNodeNext ? "nodenext" : "commonjs",
            moduleResolution: useNodeNext ? "nodenext" : "node",
            sourceMap: "true",
            ...compilerOptions,
        },
    });
}
const registered = performance.now();

const exported = require(program);
const loaded = performance.now();
if (typeof exported !== "function") throw new Error(`${program} did not export the program function`);

process.stdout.write(
    `BENCH ${JSON.stringify({
        typescript: typeScript,
        transpileOnly: transpileOnly ?? false,
        sdkMs: sdkLoaded - started,
        registerMs: registered - sdkLoaded,
        requireMs: loaded - registered,
        readyMs: loaded - started,
    })}\n`,
);
