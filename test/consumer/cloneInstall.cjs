// Check (c), run by .ci/run: a project installs wandb-sso from a clone the way the README says,
// with `install-links=true` in its `.npmrc`, and the install lasts. `npm install --install-links
// <clone>` alone holds for that one command: the next plain `npm install` replaces the copy with a
// symlink to the clone (which drags in the clone's dev dependencies), and a teammate's `npm ci`
// fails. With the setting in `.npmrc`, every install of the project copies the package. Checked:
//   1. `npm install` (the first one), 2. a second `npm install`, 3. `npm ci` from the lock alone:
//      after each, node_modules/wandb-sso is a directory (not a link) holding dist/, with none of
//      the clone's dev dependencies, and `require("wandb-sso/okta")` works there.
//   4. the lock records the clone as a copy (no `link: true`), so `npm ci` elsewhere does the same.
// The clone is this repository (after `npm ci` in it, as the README says: `prepare` builds dist/
// in it when npm packs the directory). Offline: tarballs from npm's cache, the lock cut from this
// repository's (lib.cjs).
//   node test/consumer/cloneInstall.cjs
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { ROOT, NPM_OFFLINE, fail, main, run, tempDir, writeConsumerProject, installedIdpSdks } = require("./lib.cjs");

/** What the README's `.npmrc` line is; the check fails if the README stops saying it. */
const NPMRC = "install-links=true";

/** Fails unless node_modules/wandb-sso is an installed copy that works. */
function checkCopy(consumer, after) {
    const installed = path.join(consumer, "node_modules", "wandb-sso");
    let stat;
    try {
        stat = fs.lstatSync(installed);
    } catch {
        fail(`after ${after}: node_modules/wandb-sso is missing`);
    }
    if (stat.isSymbolicLink())
        fail(
            `after ${after}: node_modules/wandb-sso is a symlink to ${fs.readlinkSync(installed)}, not a copy (install-links did not hold)`,
        );
    if (!fs.existsSync(path.join(installed, "dist", "src", "index.js"))) fail(`after ${after}: node_modules/wandb-sso has no dist/`);
    const devOnly = ["typescript", "mocha", "eslint", "tsx"].filter((p) => fs.existsSync(path.join(consumer, "node_modules", p)));
    if (devOnly.length > 0) fail(`after ${after}: the clone's dev dependencies are installed: ${devOnly.join(", ")}`);
    const sdks = installedIdpSdks(path.join(consumer, "node_modules"));
    if (sdks.join() !== "@pulumi/okta") fail(`after ${after}: IdP SDKs installed: ${sdks.join(", ") || "none"} (expected @pulumi/okta)`);
    const loaded = run(process.execPath, ["-e", 'console.log(typeof require("wandb-sso/okta").OktaOidcApp)'], {
        cwd: consumer,
        quiet: true,
    }).stdout.trim();
    if (loaded !== "function") fail(`after ${after}: require("wandb-sso/okta").OktaOidcApp is ${loaded}`);
    console.log(`clone-install: after ${after}: node_modules/wandb-sso is a copy with dist/; wandb-sso/okta loads`);
}

main("clone-install", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    if (!readme.includes(NPMRC)) fail(`README.md no longer tells a project installing from a clone to put ${NPMRC} in its .npmrc`);
    if (!fs.existsSync(path.join(ROOT, "node_modules", "typescript")))
        fail(`${ROOT} has no node_modules: run npm ci in the clone first, as the README says`);

    const consumer = path.join(tempDir("clone"), "consumer");
    fs.mkdirSync(consumer);
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const spec = `file:${path.relative(consumer, ROOT)}`;
    writeConsumerProject(consumer, {
        name: "clone-consumer",
        dependencies: ["@pulumi/okta"],
        wandbSso: { spec, manifest, lock: { resolved: spec } },
    });
    fs.writeFileSync(path.join(consumer, ".npmrc"), `${NPMRC}\n`);

    run("npm", ["install", ...NPM_OFFLINE], { cwd: consumer });
    checkCopy(consumer, "npm install");
    run("npm", ["install", ...NPM_OFFLINE], { cwd: consumer });
    checkCopy(consumer, "a second npm install");

    const lock = JSON.parse(fs.readFileSync(path.join(consumer, "package-lock.json"), "utf8"));
    const entry = lock.packages["node_modules/wandb-sso"];
    if (!entry || entry.link) fail(`the lock records wandb-sso as ${JSON.stringify(entry)}: a link, so npm ci elsewhere links it too`);
    const linked = Object.keys(lock.packages).filter((k) => k !== "" && !k.includes("node_modules/"));
    if (linked.length > 0) fail(`the lock holds the clone's own tree (${linked.slice(0, 3).join(", ")}): it was linked`);

    fs.rmSync(path.join(consumer, "node_modules"), { recursive: true, force: true });
    run("npm", ["ci", ...NPM_OFFLINE], { cwd: consumer });
    checkCopy(consumer, "npm ci");
    console.log(`clone-install: ${spec} with ${NPMRC} in .npmrc: a copy after npm install, a second npm install and npm ci: passed`);
});
