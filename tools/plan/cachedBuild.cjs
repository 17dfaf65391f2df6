// The offline plan runs as JavaScript that esbuild bundles from the current sources, kept in
// node_modules/.cache/wandb-sso-plan/<key>/, where <key> is a hash of every TypeScript file under
// src/, providers/ and tools/ and of what decides how they are built (package.json, tsconfig.json,
// this file, esbuild's version, the inlined packages' versions). An edit anywhere there makes a new
// key and so a new build: a build is never stale. An unchanged tree reuses its build; hashing it is
// the only cost (a few ms).
//
// Plain JavaScript, so that `node` runs it with no TypeScript loader. The bundle holds the project's
// own code and the two small libraries only the CLI uses (INLINED); every other package, the Pulumi
// SDKs first, stays a `require` resolved from node_modules as before, so the plan loads exactly the
// SDK files the program loads (npm run bench checks it against its floor).
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

/** Where the builds are kept, under the project's root: ignored by git, gone with node_modules. */
const CACHE_DIR = path.join("node_modules", ".cache", "wandb-sso-plan");
/** What a build may be made of: a change to any TypeScript file here is a new build. */
const SOURCE_DIRS = ["src", "providers", "tools"];
/** What else decides what esbuild makes of them. */
const SETTINGS_FILES = ["package.json", "tsconfig.json"];
/**
 * Packages bundled with the code: Node loaded yaml's 72 files one by one in about 55 ms of CPU, and
 * the same code from the bundle in about 11 ms (tools/bench/README.md); commander's 7 likewise.
 */
const INLINED = ["yaml", "commander"];
/** The bundle's name in its build directory (`.cjs`: CommonJS whatever package.json says). */
const BUNDLE = "cli.cjs";
/** Builds kept besides the newest: a few, for switching between branches. */
const KEEP = 3;

/** Every TypeScript source (not declarations) under `dir`, relative to `root`, with `/` separators. */
function typeScriptFiles(root, dir) {
    const found = [];
    const walk = (relative) => {
        let entries;
        try {
            entries = fs.readdirSync(path.join(root, relative), { withFileTypes: true });
        } catch (e) {
            if (e.code === "ENOENT") return;
            throw e;
        }
        for (const entry of entries) {
            const child = `${relative}/${entry.name}`;
            if (entry.isDirectory()) walk(child);
            else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) found.push(child);
        }
    };
    walk(dir);
    return found;
}

/** The sources a build of `entry` may read, sorted. */
function sourceFiles(root) {
    return SOURCE_DIRS.flatMap((dir) => typeScriptFiles(root, dir)).sort();
}

/** The hash of everything a build of `entry` is made from (see the top of this file). */
function sourceKey(root, entry, files) {
    const hash = crypto.createHash("sha256");
    const add = (name, content) => hash.update(`${name}\0${content.length}\0`).update(content);
    // Their package.json as text (their versions), read rather than required: no module loads when nothing changed.
    for (const name of ["esbuild", ...INLINED]) add(name, fs.readFileSync(path.join(root, "node_modules", name, "package.json")));
    add("entry", entry);
    add("builder", fs.readFileSync(__filename));
    for (const file of [...SETTINGS_FILES, ...files]) add(file, fs.readFileSync(path.join(root, file)));
    return hash.digest("hex").slice(0, 20);
}

/**
 * Bundles `entry` into `outDir`. Throws when esbuild reports an error, or when the bundle read a
 * file of ours that the key does not cover (an edit to it would not make a new build).
 */
function bundle(root, entry, outDir, files) {
    const esbuild = require("esbuild");
    const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    const declared = ["dependencies", "peerDependencies", "optionalDependencies", "devDependencies"].flatMap((field) =>
        Object.keys(manifest[field] ?? {}),
    );
    const result = esbuild.buildSync({
        absWorkingDir: root,
        entryPoints: [entry],
        outfile: path.join(outDir, BUNDLE),
        bundle: true,
        // A package and its subpaths (@pulumi/aws/cognito) stay `require`s; only INLINED is bundled.
        external: declared.filter((name) => !INLINED.includes(name)),
        platform: "node",
        format: "cjs",
        // tsconfig.json's target, as `npm run build` compiles the package.
        target: "es2022",
        // Bundling renames clashing names; a class keeps its own `name` (error messages read it).
        keepNames: true,
        // Read only with WANDB_SSO_DEBUG (start.cjs), for stack traces in the TypeScript sources.
        sourcemap: "linked",
        metafile: true,
        logLevel: "silent",
    });
    const covered = new Set(files);
    // (Relative to the root, or beyond it where node_modules links elsewhere: esbuild follows links.)
    const inlined = (input) =>
        INLINED.some((name) => input.startsWith(`node_modules/${name}/`) || input.includes(`/node_modules/${name}/`));
    const uncovered = Object.keys(result.metafile.inputs).filter((input) => !covered.has(input) && !inlined(input));
    if (uncovered.length > 0) {
        throw new Error(
            `the plan's bundle would hold ${uncovered.slice(0, 5).join(", ")}, neither a TypeScript file under ${SOURCE_DIRS.join("/, ")}/ ` +
                `nor a package it inlines (${INLINED.join(", ")}): declare the package in package.json, or keep the file under those ` +
                "directories, so that a change to it makes a new build (tools/plan/cachedBuild.cjs)",
        );
    }
}

/** Removes all but the newest KEEP builds besides `current`, and builds left half-done (an hour old). */
function prune(cache, current) {
    const now = Date.now();
    const entries = fs
        .readdirSync(cache, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && entry.name !== current)
        .map((entry) => ({ name: entry.name, mtimeMs: fs.statSync(path.join(cache, entry.name)).mtimeMs }))
        .sort((a, b) => b.mtimeMs - a.mtimeMs);
    const builds = entries.filter((entry) => !entry.name.startsWith("."));
    const abandoned = entries.filter((entry) => entry.name.startsWith(".") && now - entry.mtimeMs > 3_600_000);
    for (const entry of [...builds.slice(KEEP), ...abandoned]) fs.rmSync(path.join(cache, entry.name), { recursive: true, force: true });
}

/**
 * The bundle of `entry` (a path relative to `root`) built from the sources as they are now: the
 * cached one when nothing changed, else a new one. `built` says which.
 */
function cachedBuild(root, entry) {
    const cache = path.join(root, CACHE_DIR);
    for (let attempt = 0; attempt < 3; attempt++) {
        const files = sourceFiles(root);
        const key = sourceKey(root, entry, files);
        const dir = path.join(cache, key);
        const file = path.join(dir, BUNDLE);
        if (fs.existsSync(file)) return { file, built: false };
        fs.mkdirSync(cache, { recursive: true });
        // Built aside and renamed into place, so that a plan running at the same time never sees half a build.
        const temp = fs.mkdtempSync(path.join(cache, `.${key}-`));
        try {
            bundle(root, entry, temp, files);
            // A source edited while esbuild read it: the build may hold either version; build again.
            if (sourceKey(root, entry, sourceFiles(root)) !== key) continue;
            try {
                fs.renameSync(temp, dir);
            } catch (e) {
                // Another plan published the same build first: use it.
                if (!fs.existsSync(file)) throw e;
            }
            prune(cache, key);
            return { file, built: true };
        } finally {
            fs.rmSync(temp, { recursive: true, force: true });
        }
    }
    throw new Error("the sources kept changing while the plan was being built; run it again");
}

module.exports = { cachedBuild };
