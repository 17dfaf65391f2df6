// Check (b), run by .ci/run: `npm install git+…` of this repository, as the README tells users to
// install it before it is on a registry. The committed HEAD is cloned bare into a temp dir and
// installed from `git+file://` into a fresh project; npm clones it, installs its dev dependencies
// and runs `prepare` (the build), then packs it. The bin must then work where it is local:
// `npx --no-install wandb-sso verify --help` exits 0 and prints the usage.
// The consumer project sets no `allowScripts`: npm runs a git dependency's `prepare` in its own clone
// before packing it (npm 11 then lists it among the scripts "not yet covered by allowScripts", but
// it has run), and this checks that the README's plain command is enough.
// Offline: tarballs from npm's cache, the dependencies' lock cut from this repository's (lib.cjs).
//   node test/consumer/gitInstall.cjs
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { ROOT, NPM_OFFLINE, fail, main, run, tempDir, writeConsumerProject, installedIdpSdks } = require("./lib.cjs");

main("git-install", () => {
    const work = tempDir("git");
    const bare = path.join(work, "wandb-sso.git");
    run("git", ["clone", "--quiet", "--bare", ROOT, bare]);
    const commit = run("git", ["rev-parse", "HEAD"], { cwd: bare, quiet: true }).stdout.trim();
    const url = `git+${pathToFileURL(bare).href}`;
    // What npm installs is the committed package.json, not the work tree's.
    const manifest = JSON.parse(run("git", ["show", "HEAD:package.json"], { cwd: bare, quiet: true }).stdout);
    if (!manifest.scripts?.prepare) fail("the committed package.json has no `prepare` script: a git install would have no dist/");

    const consumer = path.join(work, "consumer");
    fs.mkdirSync(consumer);
    writeConsumerProject(consumer, {
        name: "git-consumer",
        dependencies: [],
        wandbSso: { spec: url, manifest, lock: { resolved: `${url}#${commit}` } },
    });
    run("npm", ["install", ...NPM_OFFLINE], { cwd: consumer });

    const installed = path.join(consumer, "node_modules", "wandb-sso");
    const built = path.join(installed, "dist", "src", "cli", "verify.js");
    if (!fs.existsSync(built))
        fail(`npm installed ${commit.slice(0, 12)} without dist/: \`prepare\` did not run (or did not build); ${built} is missing`);
    const sdks = installedIdpSdks(path.join(consumer, "node_modules"));
    if (sdks.length > 0) fail(`a git install with no IdP asked for has IdP SDKs installed: ${sdks.join(", ")}`);

    const help = run("npx", ["--no-install", "wandb-sso", "verify", "--help"], { cwd: consumer });
    if (!/^Usage: wandb-sso verify \[options\]/m.test(help.stdout))
        fail(`wandb-sso verify --help printed no usage:\n${help.stdout}${help.stderr}`);
    const usage = help.stdout.split("\n")[0];
    console.log(
        `git-install: ${url}#${commit.slice(0, 12)} built by \`prepare\` on install; npx --no-install wandb-sso verify --help → ${usage}`,
    );
    console.log("git-install: passed");
});
