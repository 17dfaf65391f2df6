// `npm run plan [-- --stack NAME] [--json]` (tools/plan/cli.ts): the plan CLI as plain `node` runs
// it, built to JavaScript from the current sources (cachedBuild.cjs), with no TypeScript loader
// in the process (tools/bench/README.md has the figures).
"use strict";
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..", "..");

// With WANDB_SSO_DEBUG (cli.ts's DEBUG_ENV), an internal error's stack trace names the TypeScript
// files and lines: source maps on before the bundle loads, and the bundle loaded by Node's own
// `require` (which reads its map), not from the code cache.
const debug = Boolean(process.env.WANDB_SSO_DEBUG);
if (debug) process.setSourceMapsEnabled(true);

let bundle;
try {
    bundle = require("./cachedBuild.cjs").cachedBuild(ROOT, "tools/plan/cli.ts").file;
} catch (e) {
    // esbuild's own report names the file, line and column of a source it cannot read.
    const errors = Array.isArray(e.errors) && e.errors.length > 0 ? require("esbuild").formatMessagesSync(e.errors, { kind: "error" }) : [];
    process.stderr.write(`wandb-sso plan: cannot build the plan from the sources: ${errors.join("") || `${e.message}\n`}`);
    process.exit(1);
}
const cli = debug ? require(bundle) : require("./codeCache.cjs").requireWithCodeCache(bundle);
cli.run(process.argv.slice(2), ROOT);
