// The program's start-up as `pulumi preview`/`up` does it, without an engine. The bench runs this
// file the way Pulumi's Node.js language host runs @pulumi/pulumi/cmd/run:
//   - in the program directory (Pulumi.yaml `main: src/program.ts` → src/; the language host runs
//     there and the node process inherits it), with the entry point relative to it (program.ts);
//   - with Pulumi.yaml's `nodeargs` (shell-split) before this script, as before the runner;
//   - with PULUMI_NODEJS_TYPESCRIPT=true unless `typescript: false`, and PULUMI_NODEJS_TSCONFIG_PATH
//     set to `tsconfig` as written (so a relative path resolves in the program directory).
// This file then does what cmd/run/index.js and run.js do before calling the program: load the SDK
// modules the runner loads, `chdir` to --pwd, for a TypeScript program register ts-node with exactly
// the options run.js computes (and fail as run.js does when the tsconfig is not found), then
// `require` the program, ending when its function is ready (it is not called).
//
//   (cd src && [PULUMI_NODEJS_TYPESCRIPT=true] [PULUMI_NODEJS_TSCONFIG_PATH=…] \
//     node [nodeargs] ../tools/bench/children/startup.cjs program.ts)
// test/consumer/pulumiPreview.cjs runs the real runner the same way against a stand-in engine.
// Plain JavaScript on purpose: no loader of the bench's own may be registered before the runtime's.
// Prints one line: BENCH {"typescript":…,"transpileOnly":…,"loaders":[…],"sdkMs":…,"registerMs":…,"requireMs":…}
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { createRequire } = require("node:module");

const started = performance.now();
// run.js: argv._[0], made absolute against the working directory; then `chdir(--pwd)` (the same directory).
const program = path.join(process.cwd(), process.argv[2] ?? "");
process.chdir(path.dirname(program));
// The language host resolves the runner from the program directory (locateModule); so do we.
const runJs = require.resolve("@pulumi/pulumi/cmd/run/run.js", { paths: [process.cwd()] });
const sdkRequire = createRequire(runJs);
const sdk = path.dirname(path.dirname(path.dirname(runJs)));

// cmd/run/index.js, before it calls run(): instrumentation, source maps, log, settings; then the
// modules run.js imports (requiring run.js itself would parse the real command line and exit).
sdkRequire("./instrumentation");
sdkRequire("source-map-support/register");
for (const m of ["log", "errors", "runtime/settings", "runtime/manifest", "runtime/stack", "tsutils", "cmd/run/tracing", "cmd/run/error"]) {
    require(path.join(sdk, m));
}
sdkRequire("minimist");
const sdkLoaded = performance.now();

// run.js: "If this is a typescript project, we'll want to load node-ts." (same decisions, same options)
const typeScript = process.env["PULUMI_NODEJS_TYPESCRIPT"] === "true";
const defaultTsConfigPath = "tsconfig.json";
const tsConfigPath = process.env["PULUMI_NODEJS_TSCONFIG_PATH"] ?? defaultTsConfigPath;
const skipProject = !fs.existsSync(tsConfigPath);
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
// run.js, after the program has started: a tsconfig path that is set but not found is an error.
if (skipProject && tsConfigPath !== defaultTsConfigPath) {
    process.stderr.write(`tsconfig path was set to ${tsConfigPath} but the file was not found (in ${process.cwd()})\n`);
    process.exit(32);
}

const exported = require(program);
const loaded = performance.now();
if (typeof exported !== "function") throw new Error(`${program} did not export the program function`);

process.stdout.write(
    `BENCH ${JSON.stringify({
        typescript: typeScript,
        transpileOnly: transpileOnly ?? false,
        loaders: process.execArgv.filter(
            (a, i, all) => ["--import", "--require", "-r", "--loader"].includes(all[i - 1] ?? "") && !a.endsWith("usage.cjs"),
        ),
        sdkMs: sdkLoaded - started,
        registerMs: registered - sdkLoaded,
        requireMs: loaded - registered,
        readyMs: loaded - started,
    })}\n`,
);
