// `require` for the plan's bundle, with a V8 code cache beside it: what V8 compiled of the bundle
// in the first run after a build (its top level and every function the plan ran) is stored, and
// later runs take it instead of compiling again: the bundle (0.7 MB: the plan's code, yaml,
// commander) loads in about half the time and the functions the plan runs need no compiling,
// 25-40 ms of CPU less. The SDKs are loaded as ever, by `require`, uncached, as in the floor the
// bench compares the plan with (tools/bench/README.md).
//
// The module is made as Node's CommonJS loader makes one (lib/internal/modules/cjs/loader.js: the
// wrapper, `require` through Module.prototype.require, require.cache), compiled with vm.Script,
// which takes `cachedData`; Node's own loader takes none (Node 22's module.enableCompileCache
// would cache every module, the SDKs too).
"use strict";
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");
const vm = require("node:vm");

/** The bundle's exports, as `require(file)` would give them. */
function requireWithCodeCache(file) {
    // V8 refuses a cache made by another version or with other flags (`cachedDataRejected`); one
    // file per Node version keeps CI's several Node versions from overwriting each other's.
    const cacheFile = `${file}.${process.version}-${process.arch}.v8cache`;
    let cachedData;
    try {
        cachedData = fs.readFileSync(cacheFile);
    } catch {
        cachedData = undefined;
    }
    const script = new vm.Script(Module.wrap(fs.readFileSync(file, "utf8")), {
        filename: file,
        cachedData,
        // `import()` in the bundle (openid-client, which verify loads) resolves as in any module.
        importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
    if (cachedData === undefined || script.cachedDataRejected) {
        // At exit, so that the cache holds every function this run compiled, not only the top level.
        process.once("exit", () => writeAtomically(cacheFile, script.createCachedData()));
    }
    const mod = new Module(file, module);
    mod.filename = file;
    mod.paths = Module._nodeModulePaths(path.dirname(file));
    Module._cache[file] = mod;
    const localRequire = (id) => mod.require(id);
    localRequire.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
    localRequire.main = require.main;
    localRequire.cache = Module._cache;
    script.runInThisContext().call(mod.exports, mod.exports, localRequire, mod, file, path.dirname(file));
    mod.loaded = true;
    return mod.exports;
}

/** Written aside and renamed, so that a plan starting meanwhile reads the whole cache or none. */
function writeAtomically(file, data) {
    const temp = `${file}.${process.pid}.tmp`;
    try {
        fs.writeFileSync(temp, data);
        fs.renameSync(temp, file);
    } catch {
        // A cache is only a speed-up: a read-only cache directory costs speed, not the plan.
        fs.rmSync(temp, { force: true });
    }
}

module.exports = { requireWithCodeCache };
