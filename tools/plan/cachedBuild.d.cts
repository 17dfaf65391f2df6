// Types of cachedBuild.cjs (plain JavaScript, run by `node` with no TypeScript loader) for the
// TypeScript that imports it: the tests.

/**
 * The bundle of `entry` (a path relative to `root`) built from the sources as they are now: the
 * cached one when nothing changed, else a new one. `built` says which.
 */
export declare function cachedBuild(root: string, entry: string): { file: string; built: boolean };
