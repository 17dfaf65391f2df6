// Shared by the install checks in this folder (run by .ci/run after the build, never by mocha): run
// a command and fail loudly, temporary directories, disk usage, and an offline install.
//
// Offline installs: `npm ci` fills npm's cache with tarballs (by integrity) but not with the
// registry's package documents, so `npm install --offline <name>@<version>` fails on a fresh machine
// (ENOTCACHED). A consumer project here therefore gets a package-lock.json cut from this
// repository's lock: exactly the entries its dependencies reach, at the same paths. `npm install
// --offline` then needs only tarballs, and npm still checks the tree: a dependency or a required
// (non-optional) peer that the cut lock lacks makes npm reach for the registry, and fail.
"use strict";
const { spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..", "..");

class CheckError extends Error {}

/** Throws a CheckError (the message is the whole report; no stack trace is printed for it). */
function fail(message) {
    throw new CheckError(message);
}

/** Runs a check's main function: prints its failure and exits 1, or exits 0. */
function main(name, fn) {
    Promise.resolve()
        .then(fn)
        .then(
            () => process.exit(0),
            (error) => {
                const text = error instanceof CheckError ? error.message : (error && error.stack) || String(error);
                process.stderr.write(`\n${name}: FAILED\n${text}\n`);
                process.exit(1);
            },
        );
}

/** Runs a command to completion; fails, with its output, unless it exits 0 (or `expectStatus`). */
function run(command, args, options = {}) {
    const { expectStatus = 0, quiet = false, ...spawnOptions } = options;
    const shown = `${command} ${args.join(" ")}`;
    if (!quiet) process.stdout.write(`$ ${shown}${spawnOptions.cwd ? `   (in ${spawnOptions.cwd})` : ""}\n`);
    const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...spawnOptions });
    if (result.error) fail(`${shown}: ${result.error.message}`);
    if (result.status !== expectStatus) {
        fail(
            `${shown} exited ${result.status ?? result.signal} (expected ${expectStatus})\n` +
                `--- stdout\n${result.stdout.trimEnd()}\n--- stderr\n${result.stderr.trimEnd()}`,
        );
    }
    return result;
}

/**
 * The IdP components' class names, read from the registry (src/idps.ts) through the repository's
 * own TypeScript loader, so that the consumer checks expect exactly the IdPs the product has.
 */
function registryComponents() {
    const script = 'process.stdout.write(require("./src/idps.ts").IDP_LIST.map((idp) => idp.className).join(","))';
    const { stdout } = run(process.execPath, ["--import", "tsx", "-e", script], { cwd: ROOT, quiet: true });
    const names = stdout.trim().split(",").filter(Boolean);
    if (names.length === 0) fail("the registry (src/idps.ts) lists no IdP");
    return names;
}

/** A fresh directory under the system's temp dir (kept when KEEP_CONSUMER_DIRS is set). */
function tempDir(prefix) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `wandb-sso-${prefix}-`));
    if (!process.env.KEEP_CONSUMER_DIRS) process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    return dir;
}

/** Disk usage of a directory, as `du -sk` counts it, in bytes. */
function diskUsage(dir) {
    const { stdout } = run("du", ["-sk", dir], { quiet: true });
    return Number(stdout.split(/\s/)[0]) * 1024;
}

const MB = 1024 * 1024;

/** `npm` with the flags every install here uses: offline, quiet about audits and funding. */
const NPM_OFFLINE = ["--offline", "--no-audit", "--no-fund"];

/** sha512 integrity string of a file, as npm writes it in a lock. */
function integrityOf(file) {
    return `sha512-${crypto.createHash("sha512").update(fs.readFileSync(file)).digest("base64")}`;
}

/** The entry path a package at `from` reaches for `name`, by Node's lookup over the lock's layout. */
function resolveInLock(packages, from, name) {
    let base = from;
    for (;;) {
        const candidate = `${base ? `${base}/` : ""}node_modules/${name}`;
        if (packages[candidate]) return candidate;
        if (!base) return undefined;
        base = base.slice(0, base.lastIndexOf("node_modules/")).replace(/\/$/, "");
    }
}

/** What an entry needs installed: dependencies, optional ones (flagged), and non-optional peers. */
function needsOf(entry) {
    const needs = [];
    for (const name of Object.keys(entry.dependencies ?? {})) needs.push({ name, optional: false });
    for (const name of Object.keys(entry.optionalDependencies ?? {})) needs.push({ name, optional: true });
    for (const name of Object.keys(entry.peerDependencies ?? {})) {
        needs.push({ name, optional: Boolean(entry.peerDependenciesMeta?.[name]?.optional) });
    }
    return needs;
}

/**
 * A consumer project in `dir`: package.json with `dependencies` (wandb-sso from `wandbSso.spec`,
 * the rest at this repository's locked versions) and a lock cut from this repository's lock.
 * `wandbSso.manifest` is the package.json wandb-sso is installed with (its dependencies and peers
 * are followed as npm would), `wandbSso.lock` its lock entry's source fields (resolved, integrity).
 */
function writeConsumerProject(dir, { name, dependencies, wandbSso, extra = {} }) {
    const repoLock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8"));
    const repoPackages = repoLock.packages;
    const rootDeps = {};
    for (const dep of dependencies) {
        const at = repoPackages[`node_modules/${dep}`];
        if (!at) fail(`${dep} is not in this repository's package-lock.json`);
        rootDeps[dep] = `^${at.version}`;
    }
    const manifest = wandbSso.manifest;
    const wandbEntry = {
        version: manifest.version,
        ...wandbSso.lock,
        license: manifest.license,
        ...(manifest.dependencies && { dependencies: manifest.dependencies }),
        ...(manifest.bin && { bin: manifest.bin }),
        ...(manifest.engines && { engines: manifest.engines }),
        ...(manifest.peerDependencies && { peerDependencies: manifest.peerDependencies }),
        ...(manifest.peerDependenciesMeta && { peerDependenciesMeta: manifest.peerDependenciesMeta }),
    };
    const packages = {
        "": { name, version: "1.0.0", dependencies: { "wandb-sso": wandbSso.spec, ...rootDeps } },
        "node_modules/wandb-sso": wandbEntry,
    };
    // Everything the root's dependencies and wandb-sso's reach, at the paths the repository's lock has.
    const queue = [
        ...dependencies.map((dep) => ({ from: "", need: { name: dep, optional: false }, by: "the consumer" })),
        ...needsOf(wandbEntry).map((need) => ({ from: "", need, by: "wandb-sso" })),
    ];
    while (queue.length > 0) {
        const { from, need, by } = queue.shift();
        const at = resolveInLock(repoPackages, from, need.name);
        if (!at) {
            if (need.optional) continue;
            fail(`${by} needs ${need.name}, which this repository's package-lock.json lacks`);
        }
        if (packages[at]) continue;
        // Flags (dev, peer, optional) are relative to this repository's root: npm recomputes them.
        const entry = { ...repoPackages[at] };
        for (const flag of ["dev", "devOptional", "peer"]) delete entry[flag];
        packages[at] = entry;
        for (const next of needsOf(entry)) queue.push({ from: at, need: next, by: at.replace(/^.*node_modules\//, "") });
    }
    fs.writeFileSync(
        path.join(dir, "package.json"),
        `${JSON.stringify({ name, version: "1.0.0", private: true, dependencies: packages[""].dependencies, ...extra }, null, 2)}\n`,
    );
    fs.writeFileSync(
        path.join(dir, "package-lock.json"),
        `${JSON.stringify({ name, version: "1.0.0", lockfileVersion: 3, requires: true, packages }, null, 2)}\n`,
    );
    return rootDeps;
}

/** Which of the IdP SDKs (the package's optional peer dependencies, one per IdP: test/idps.test.ts) are installed under `nodeModules`. */
const IDP_SDKS = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).peerDependencies);
function installedIdpSdks(nodeModules) {
    return IDP_SDKS.filter((sdk) => fs.existsSync(path.join(nodeModules, sdk, "package.json")));
}

module.exports = {
    ROOT,
    registryComponents,
    MB,
    NPM_OFFLINE,
    IDP_SDKS,
    fail,
    main,
    run,
    tempDir,
    diskUsage,
    integrityOf,
    resolveInLock,
    writeConsumerProject,
    installedIdpSdks,
};
