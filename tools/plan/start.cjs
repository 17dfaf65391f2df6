// `npm run plan [-- --stack NAME] [--json]` (tools/plan/cli.ts): the plan CLI as plain `node` runs
// it, built to JavaScript from the current sources (cachedBuild.cjs), with no TypeScript loader
// in the process (tools/bench/README.md has the figures).
"use strict";
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..", "..");

// Before the bundle loads, so that Node reads its source map: with WANDB_SSO_DEBUG (cli.ts's
// DEBUG_ENV), an internal error's stack trace names the TypeScript files and lines.
if (process.env.WANDB_SSO_DEBUG) process.setSourceMapsEnabled(true);

let bundle;
try {
    bundle = require("./cachedBuild.cjs").cachedBuild(ROOT, "tools/plan/cli.ts").file;
} catch (e) {
    // esbuild's own report names the file, line and column of a source it cannot read.
    const errors = Array.isArray(e.errors) && e.errors.length > 0 ? require("esbuild").formatMessagesSync(e.errors, { kind: "error" }) : [];
    process.stderr.write(`wandb-sso plan: cannot build the plan from the sources: ${errors.join("") || `${e.message}\n`}`);
    process.exit(1);
}
require(bundle).run(process.argv.slice(2), ROOT);
