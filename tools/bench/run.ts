// `npm run bench [-- --runs N] [--only plan,environments,startup,verify,install]`: where users feel
// this package's speed and size, side by side, in one run. Every figure is the median of N (default
// 5) runs with min and max; each run is its own child process, so module loading and memory are
// measured cold and clean. The table is printed and written, with every sample, to
// tools/bench/results/latest.json.
//
// 1. plan: `npm run plan -- --stack dev --json` as the README runs it (package.json's `plan` script,
//    plain node), against a plain node process that loads only the SDK modules the dev stack needs
//    (tools/bench/children/floor.cjs). Target: plan ≤ 1.3 × floor. Also which modules the plan
//    loads (tools/bench/children/usage.cjs lists them from inside the real CLI process).
// 2. environments: N = 1, 10, 100 complete Cognito + W&B environments in one program under the mock
//    runtime (tools/bench/children/environments.ts). Target: per-environment cost flat from 10 to 100.
// 3. startup: loading src/program.ts the way Pulumi's Node.js runtime does with Pulumi.yaml's
//    settings (tools/bench/children/startup.cjs, in src/ as the language host runs it), against the
//    settings before, prebuilt JS and the same floor under Pulumi.yaml's nodeargs (the same loader).
//    Target: start-up ≤ 1.3 × that floor.
// 4. verify: `wandb-sso verify` against a real OpenID provider on 127.0.0.1 (test/verify/servers.ts).
// 5. install: an Okta-only consumer of the packed package (test/consumer/oktaInstall.cjs): its
//    node_modules size and which IdP SDKs it installs and loads. Target: ≤ 130 MB, Okta's SDK only.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { countByPackage, importChain as importChainOf, packageOf as packageOfFile } from "./modules";
import {
    formatNumber,
    formatTable,
    isFlat,
    linearityRatio,
    marginalCost,
    ratioOfMedians,
    scale,
    summarize,
    type Row,
    type Section,
    type Summary,
} from "./stats";

const ROOT = path.resolve(__dirname, "..", "..");
const RESULTS = path.join(__dirname, "results");
const CHILDREN = path.join(__dirname, "children");
const USAGE = path.join(CHILDREN, "usage.cjs");
/** Where the bench compiles the library with tsconfig.build.json (`npm run build`'s config), so it never races a dist/ in use. */
const BUILD_DIR = path.join(RESULTS, "dist");
const FLOOR = path.join(CHILDREN, "floor.cjs");
const PLAN_TARGET = 1.3;
const ENVIRONMENT_COUNTS = [1, 10, 100] as const;
const SECTIONS = ["plan", "environments", "startup", "verify", "install"] as const;
type SectionName = (typeof SECTIONS)[number];

// ---------------------------------------------------------------------------------------------
// Child processes

interface ChildResult {
    /** Spawn to exit, as the parent's clock sees it. */
    readonly wallMs: number;
    /** user + system CPU of the child, from inside it (tools/bench/children/usage.cjs). */
    readonly cpuMs: number;
    readonly maxRssKb: number;
    readonly stdout: string;
    readonly stderr: string;
    /** The child's `BENCH {json}` line, when it prints one. */
    readonly report?: Record<string, unknown>;
    /** The files it loaded through `require` (with `BENCH_MODULES` set). */
    readonly modules?: string[];
    /** What each loaded file outside node_modules required (with `BENCH_MODULES` set). */
    readonly imports?: Record<string, string[]>;
}

let usageCounter = 0;

/** Runs `node [nodeArgs] script args` with the usage preload; fails unless it exits 0. */
async function runNode(
    nodeArgs: readonly string[],
    script: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv = {},
    cwd: string = ROOT,
): Promise<ChildResult> {
    const usageFile = path.join(os.tmpdir(), `wandb-sso-bench-${process.pid}-${usageCounter++}.json`);
    const argv = ["--require", USAGE, ...nodeArgs, script, ...args];
    const started = performance.now();
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, argv, {
            cwd,
            env: { ...cleanEnv(), ...env, BENCH_USAGE_FILE: usageFile },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        let err = "";
        child.stdout.on("data", (c: Buffer) => (out += c.toString()));
        child.stderr.on("data", (c: Buffer) => (err += c.toString()));
        child.on("error", reject);
        child.on("close", (exitCode) => resolve({ code: exitCode, stdout: out, stderr: err }));
    });
    const wallMs = performance.now() - started;
    if (code !== 0) throw new Error(`node ${argv.join(" ")} exited ${code}:\n${stderr || stdout}`);
    const usage = JSON.parse(fs.readFileSync(usageFile, "utf8")) as {
        cpuMs: number;
        maxRssKb: number;
        modules?: string[];
        imports?: Record<string, string[]>;
    };
    fs.rmSync(usageFile, { force: true });
    const line = stdout.split("\n").find((l) => l.startsWith("BENCH "));
    return {
        wallMs,
        cpuMs: usage.cpuMs,
        maxRssKb: usage.maxRssKb,
        stdout,
        stderr,
        ...(line && { report: JSON.parse(line.slice(6)) as Record<string, unknown> }),
        ...(usage.modules && { modules: usage.modules.filter((f) => f !== USAGE) }),
        ...(usage.imports && { imports: usage.imports }),
    };
}

/** The parent's environment without what would change how a child runs (loaders, TS settings). */
function cleanEnv(): NodeJS.ProcessEnv {
    const env = { ...process.env };
    for (const key of Object.keys(env)) {
        if (key === "NODE_OPTIONS" || key.startsWith("TS_NODE_") || key.startsWith("PULUMI_NODEJS_") || key.startsWith("npm_"))
            delete env[key];
    }
    return env;
}

/** Runs each case once per round, round after round, so that load drift hits every case alike. */
async function interleaved<K extends string>(
    runs: number,
    cases: Record<K, () => Promise<ChildResult>>,
    progress: string,
): Promise<Record<K, ChildResult[]>> {
    const keys = Object.keys(cases) as K[];
    const results = Object.fromEntries(keys.map((k) => [k, [] as ChildResult[]])) as unknown as Record<K, ChildResult[]>;
    for (let round = 0; round < runs; round++) {
        for (const key of keys) {
            log(`  ${progress} ${round + 1}/${runs}: ${key}`);
            results[key].push(await cases[key]());
        }
    }
    return results;
}

/** A section of the table, and its figures and samples for the JSON. */
interface SectionResult {
    readonly section: Section;
    readonly json: Record<string, unknown>;
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const mb = (kb: number) => kb / 1024;
const summarizeBy = (results: readonly ChildResult[], pick: (r: ChildResult) => number): Summary => summarize(results.map(pick));
const reportNumber = (r: ChildResult, key: string): number => {
    const value = r.report?.[key];
    if (typeof value !== "number") throw new Error(`a child did not report ${key}: ${r.stdout}`);
    return value;
};

/** What `npm run <name>` runs (package.json: `node [node arguments] <script>`), minus npm itself. */
function npmScript(name: string): { command: string; nodeArgs: string[]; script: string } {
    const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    const words = shellWords(scripts[name] ?? "");
    if (words[0] !== "node" || words.length < 2)
        throw new Error(`package.json's ${name} script is not \`node … <script>\`: ${scripts[name]}`);
    return { command: words.join(" "), nodeArgs: words.slice(1, -1), script: path.join(ROOT, words.at(-1)!) };
}

// ---------------------------------------------------------------------------------------------
// 1. The offline plan against its floor

async function benchPlan(runs: number): Promise<SectionResult> {
    const npmPlan = npmScript("plan");
    log(`plan: npm run plan -- --stack dev --json (${npmPlan.command}) vs the SDK floor (node ${path.relative(ROOT, FLOOR)})`);
    const plan = (env: NodeJS.ProcessEnv = {}) => runNode(npmPlan.nodeArgs, npmPlan.script, ["--stack", "dev", "--json"], env);
    const floor = (env: NodeJS.ProcessEnv = {}) => runNode([], FLOOR, [], env);
    // One unmeasured run first: the plan's build (made when a source changed) is then in its cache,
    // as on any second run. Then one of each listing the modules it loads.
    log("plan: which modules it loads");
    await plan();
    const audited = await plan({ BENCH_MODULES: "1" });
    const audit = auditModules(npmPlan.script, audited.modules!, (await floor({ BENCH_MODULES: "1" })).modules!, audited.imports!);
    // Cheap, and the noisiest ratio of the bench (two processes of ~2 s each): two more rounds.
    const results = await interleaved(runs + 2, { plan: () => plan(), floor: () => floor() }, "plan/floor");
    const planned = JSON.parse(results.plan[0]!.stdout) as { resources?: unknown[] };
    if (!Array.isArray(planned.resources) || planned.resources.length === 0) throw new Error("the plan printed no resources");
    const wall = { plan: summarizeBy(results.plan, (r) => r.wallMs), floor: summarizeBy(results.floor, (r) => r.wallMs) };
    const cpu = { plan: summarizeBy(results.plan, (r) => r.cpuMs), floor: summarizeBy(results.floor, (r) => r.cpuMs) };
    const rss = { plan: summarizeBy(results.plan, (r) => mb(r.maxRssKb)), floor: summarizeBy(results.floor, (r) => mb(r.maxRssKb)) };
    // Each plan run against the floor run right after it, under the same load from outside: the
    // median of these pairs is what the target is judged on (the ratio of medians is shown too).
    const pairRatios = summarize(results.plan.map((r, i) => r.wallMs / results.floor[i]!.wallMs));
    const ratio = pairRatios.median;
    const ratioOfMedianWalls = ratioOfMedians(wall.plan, wall.floor);
    const cpuRatio = ratioOfMedians(cpu.plan, cpu.floor);

    const rows: Row[] = [
        { label: "plan, dev stack, --json (wall)", unit: "ms", value: wall.plan, note: `${planned.resources.length} resources` },
        {
            label: "floor: SDK modules only, plain node (wall)",
            unit: "ms",
            value: wall.floor,
            note: "@pulumi/pulumi, @pulumi/aws/cognito + getRegion + iam + lambda, @pulumi/kubernetes core/v1, apps/v1, apiextensions",
        },
        {
            label: "plan / floor (wall, run by run)",
            unit: "×",
            value: pairRatios,
            note: `target ≤ ${PLAN_TARGET}: ${ratio <= PLAN_TARGET ? "met" : `MISSED by ${formatNumber((ratio / PLAN_TARGET - 1) * 100)}%`}; ratio of the medians ${formatNumber(ratioOfMedianWalls)}`,
        },
        {
            label: "plan / floor (CPU)",
            unit: "×",
            value: cpuRatio,
            note: `CPU ${formatNumber(cpu.plan.median)} vs ${formatNumber(cpu.floor.median)} ms`,
        },
        { label: "plan peak RSS", unit: "MB", value: rss.plan, note: `floor ${formatNumber(rss.floor.median)} MB` },
        { label: "modules the plan loads", unit: "files", value: audit.planFiles, note: audit.note },
    ];
    return {
        section: { title: "1. offline plan vs floor", rows },
        json: {
            wall,
            cpu,
            rss,
            ratio,
            ratioOfMedianWalls,
            cpuRatio,
            pairRatios,
            target: PLAN_TARGET,
            met: ratio <= PLAN_TARGET,
            modules: audit.json,
            samples: samplesOf(results),
        },
    };
}

/**
 * What the dev (Cognito) stack must not load: every other IdP's SDK (the package's optional peer
 * dependencies, one per IdP) and the verify-only libraries.
 */
const NOT_FOR_DEV = [
    ...Object.keys(
        (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { peerDependencies: object }).peerDependencies,
    ).filter((sdk) => sdk !== "@pulumi/aws"),
    "openid-client",
    "oidc-provider",
    "jose",
];

const packageOf = (file: string) => packageOfFile(file, ROOT);
const countBy = (files: readonly string[]) => countByPackage(files, ROOT);
const importChain = (entry: string, target: string, imports: Readonly<Record<string, readonly string[]>>) =>
    importChainOf(entry, target, imports, ROOT);

function auditModules(
    entry: string,
    loadedByPlan: readonly string[],
    loadedByFloor: readonly string[],
    imports: Record<string, string[]>,
): { planFiles: number; note: string; json: Record<string, unknown> } {
    const isBench = (f: string) => f.startsWith(__dirname + path.sep);
    const planFiles = loadedByPlan.filter((f) => !isBench(f));
    const floorFiles = loadedByFloor.filter((f) => !isBench(f));
    const floorSet = new Set(floorFiles);
    const planSet = new Set(planFiles);
    const beyondFloor = planFiles.filter((f) => !floorSet.has(f));
    const floorOnly = floorFiles.filter((f) => !planSet.has(f));
    const sdk = (f: string) => packageOf(f).startsWith("@pulumi/");
    const needless = [...new Set(planFiles.map(packageOf))].filter((p) => NOT_FOR_DEV.includes(p));
    const floorSdk = floorFiles.filter(sdk).length;
    const extraSdk = beyondFloor.filter(sdk);
    const bundled = bundledSources(planFiles);
    const note =
        `${planFiles.filter(sdk).length} from @pulumi/* (floor ${floorSdk}); beyond the floor: ${Object.entries(countBy(beyondFloor))
            .map(([p, n]) => `${p} ${n}`)
            .join(", ")}` +
        (bundled.length > 0
            ? ` (its bundle: ${Object.entries(countBy(bundled.map((f) => path.join(ROOT, f))))
                  .map(([p, n]) => `${p} ${n}`)
                  .join(", ")})`
            : "") +
        `; needless IdP/verify modules: ${needless.length === 0 ? "none" : needless.map((p) => importChain(entry, p, imports) ?? p).join("; ")}` +
        (extraSdk.length + floorOnly.filter(sdk).length === 0
            ? "; SDK files: the same as the floor's"
            : `; SDK files differ from the floor's: +${extraSdk.length} −${floorOnly.filter(sdk).length} (see the JSON)`);
    return {
        planFiles: planFiles.length,
        note,
        json: {
            plan: countBy(planFiles),
            floor: countBy(floorFiles),
            beyondFloor: countBy(beyondFloor),
            sdkFilesBeyondFloor: extraSdk.map((f) => path.relative(ROOT, f)),
            floorFilesNotInPlan: floorOnly.map((f) => path.relative(ROOT, f)),
            needless: needless.map((p) => importChain(entry, p, imports) ?? p),
            wandbSsoFiles: planFiles.filter((f) => packageOf(f).startsWith("(wandb-sso)")).map((f) => path.relative(ROOT, f)),
            bundledSources: bundled,
        },
    };
}

/** The sources in the plan's bundle (as its source map lists them), relative to the root. */
function bundledSources(loaded: readonly string[]): string[] {
    return loaded
        .filter((f) => packageOf(f).startsWith("(wandb-sso) node_modules/") && fs.existsSync(`${f}.map`))
        .flatMap((f) =>
            (JSON.parse(fs.readFileSync(`${f}.map`, "utf8")) as { sources: string[] }).sources.map((source) =>
                path.relative(ROOT, path.resolve(path.dirname(f), source)),
            ),
        );
}

// ---------------------------------------------------------------------------------------------
// 2. Many environments from one program

async function benchEnvironments(runs: number): Promise<SectionResult> {
    log(`environments: N = ${ENVIRONMENT_COUNTS.join(", ")} in one program under the mock runtime`);
    const script = path.join(CHILDREN, "environments.ts");
    const cases = Object.fromEntries(
        ENVIRONMENT_COUNTS.map((n) => [`N=${n}`, () => runNode(["--import", "tsx", "--expose-gc"], script, [String(n)])]),
    ) as Record<string, () => Promise<ChildResult>>;
    const results = await interleaved(runs, cases, "environments");
    const byN = ENVIRONMENT_COUNTS.map((n) => {
        const rs = results[`N=${n}`]!;
        const ms = summarizeBy(rs, (r) => reportNumber(r, "ms"));
        const heap = summarizeBy(rs, (r) => reportNumber(r, "heapRetainedBytes") / 1024);
        const rssGrowth = summarizeBy(rs, (r) => mb(reportNumber(r, "maxRssKb") - reportNumber(r, "baseRssKb")));
        return {
            n,
            ms,
            perEnvMs: scale(ms, n),
            heapKb: heap,
            perEnvHeapKb: scale(heap, n),
            peakRssMb: summarizeBy(rs, (r) => mb(r.maxRssKb)),
            rssGrowthMb: rssGrowth,
            resources: reportNumber(rs[0]!, "resources"),
        };
    });
    const at = (n: number) => byN.find((b) => b.n === n)!;
    const timeRatio = linearityRatio({ n: 10, total: at(10).ms.median }, { n: 100, total: at(100).ms.median });
    const heapRatio = linearityRatio({ n: 10, total: at(10).heapKb.median }, { n: 100, total: at(100).heapKb.median });
    const rows: Row[] = [];
    for (const b of byN) {
        rows.push({ label: `N=${b.n}: build + register all (${b.resources} resources)`, unit: "ms", value: b.ms });
        rows.push({ label: `N=${b.n}: per environment`, unit: "ms", value: b.perEnvMs });
        rows.push({
            label: `N=${b.n}: heap retained per environment`,
            unit: "KB",
            value: b.perEnvHeapKb,
            note: `peak RSS ${formatNumber(b.peakRssMb.median)} MB (+${formatNumber(b.rssGrowthMb.median)} MB over loading)`,
        });
    }
    const marginalMs = marginalCost({ n: 10, total: at(10).ms.median }, { n: 100, total: at(100).ms.median });
    const marginalHeapKb = marginalCost({ n: 10, total: at(10).heapKb.median }, { n: 100, total: at(100).heapKb.median });
    rows.push({
        label: "each environment beyond 10 (N=10 → 100)",
        unit: "ms",
        value: marginalMs,
        note: `heap ${formatNumber(marginalHeapKb)} KB each`,
    });
    rows.push({
        label: "per-env time, N=100 / N=10",
        unit: "×",
        value: timeRatio,
        note: `1 = linear; target flat (±25%): ${isFlat(timeRatio) ? "met" : timeRatio < 1 ? "met (falls: fixed costs amortize)" : "MISSED"}`,
    });
    rows.push({
        label: "per-env heap, N=100 / N=10",
        unit: "×",
        value: heapRatio,
        note: isFlat(heapRatio) || heapRatio < 1 ? "flat" : "grows",
    });
    return {
        section: { title: "2. environments in one program (mock runtime)", rows },
        json: {
            byN,
            timeRatio,
            heapRatio,
            marginalMs,
            marginalHeapKb,
            flat: isFlat(timeRatio) || timeRatio < 1,
            samples: samplesOf(results),
        },
    };
}

// ---------------------------------------------------------------------------------------------
// 3. The program's start-up under Pulumi's Node.js runtime

interface RuntimeOptions {
    typescript?: boolean;
    tsconfig?: string;
    nodeargs?: string;
}

/** Pulumi.yaml's runtime options, and where the CLI runs the program (pkg/engine getPwdMain). */
interface PulumiProject {
    readonly options: RuntimeOptions;
    /** `main`'s directory (src/): the language host runs there, and the node process inherits it. */
    readonly pwd: string;
    /** The entry point, relative to `pwd` (program.ts). */
    readonly entry: string;
}

function pulumiProject(): PulumiProject {
    const project = parseYaml(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as {
        runtime?: string | { options?: RuntimeOptions };
        main?: string;
    };
    const options = typeof project.runtime === "object" ? (project.runtime.options ?? {}) : {};
    const main = path.resolve(ROOT, project.main ?? ".");
    const isDirectory = fs.statSync(main).isDirectory();
    return { options, pwd: isDirectory ? main : path.dirname(main), entry: isDirectory ? "." : path.basename(main) };
}

/** Words as a shell splits them (quotes group; the language host uses shlex). */
function shellWords(text: string): string[] {
    return [...text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** What the language host does with the runtime options: environment variables, and node arguments before the runner. */
function languageHost(options: RuntimeOptions): { env: NodeJS.ProcessEnv; nodeArgs: string[] } {
    // pulumi-language-nodejs: typescript defaults to true; `tsconfig` → PULUMI_NODEJS_TSCONFIG_PATH as written.
    const env: NodeJS.ProcessEnv = {};
    if (options.typescript !== false) env.PULUMI_NODEJS_TYPESCRIPT = "true";
    if (options.tsconfig) env.PULUMI_NODEJS_TSCONFIG_PATH = options.tsconfig;
    return { env, nodeArgs: shellWords(options.nodeargs ?? "") };
}

/** Compiles the library as `npm run build` does (tsconfig.build.json), into tools/bench/results/dist, when stale. */
async function buildProgram(): Promise<{ program: string; built: boolean; note?: string }> {
    const program = path.join(BUILD_DIR, "src", "program.js");
    const newest = newestSource();
    if (fs.existsSync(program) && fs.statSync(program).mtimeMs >= newest) return { program, built: false };
    log("startup: compiling the program (tsc -p tsconfig.build.json, into tools/bench/results/dist)");
    const tsc = require.resolve("typescript/bin/tsc");
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
        const child = spawn(
            process.execPath,
            [tsc, "-p", "tsconfig.build.json", "--outDir", BUILD_DIR, "--declaration", "false", "--sourceMap", "true"],
            { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
        );
        let out = "";
        child.stdout.on("data", (c: Buffer) => (out += c.toString()));
        child.stderr.on("data", (c: Buffer) => (out += c.toString()));
        child.on("error", reject);
        child.on("close", (c) => resolve({ code: c, output: out }));
    });
    if (!fs.existsSync(program)) throw new Error(`tsc did not emit ${program}:\n${output}`);
    // tsc emits despite type errors (another engineer's work in progress); say so, the JS still runs.
    return { program, built: true, ...(code !== 0 && { note: `tsc reported errors (emitted anyway): ${output.split("\n")[0]}` }) };
}

function newestSource(): number {
    let newest = 0;
    const walk = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) walk(full);
            else if (entry.name.endsWith(".ts")) newest = Math.max(newest, fs.statSync(full).mtimeMs);
        }
    };
    for (const dir of ["src", "providers"]) walk(path.join(ROOT, dir));
    for (const file of ["tsconfig.json", "tsconfig.build.json"]) newest = Math.max(newest, fs.statSync(path.join(ROOT, file)).mtimeMs);
    return newest;
}

/** The start-up target: the default start-up within this factor of the SDK floor under the same loader (floor.cjs with nodeargs). */
const STARTUP_TARGET = 1.3;

async function benchStartup(runs: number): Promise<SectionResult> {
    const build = await buildProgram();
    const project = pulumiProject();
    const host = languageHost(project.options);
    const script = path.join(CHILDREN, "startup.cjs");
    const configuredLabel = `Pulumi.yaml now: ${
        Object.entries(project.options)
            .map(([k, v]) => `${k}: ${String(v)}`)
            .join(", ") || "defaults"
    }`;
    log(
        `startup: ${path.relative(ROOT, path.join(project.pwd, project.entry))} under Pulumi's Node.js runtime (${configuredLabel}) vs the settings before, prebuilt JS and the SDK floor`,
    );
    // Every case runs where Pulumi runs the program (the program directory), with the entry point relative to it.
    const inProgramDir = (nodeArgs: string[], env: NodeJS.ProcessEnv) => runNode(nodeArgs, script, [project.entry], env, project.pwd);
    const rootTsconfig = path.relative(project.pwd, path.join(ROOT, "tsconfig.json"));
    const cases = {
        // Before issue 7: `typescript: true` alone. From src/ ts-node finds no tsconfig.json, so it
        // type-checks with the runtime's default compiler options.
        "ts-node, type-check (typescript: true; before issue 7)": () => inProgramDir([], { PULUMI_NODEJS_TYPESCRIPT: "true" }),
        // Before this change: `tsconfig: tsconfig.pulumi.json` (noCheck → transpileOnly). As written
        // the path resolves in src/, where the file is not, and the runner stops ("tsconfig path was
        // set to tsconfig.pulumi.json but the file was not found"); measured with a path that works.
        "ts-node, transpile-only (tsconfig + noCheck; before)": () =>
            inProgramDir([], {
                PULUMI_NODEJS_TYPESCRIPT: "true",
                PULUMI_NODEJS_TSCONFIG_PATH: rootTsconfig,
                PULUMI_NODEJS_TRANSPILE_ONLY: "true",
            }),
        configured: () => inProgramDir(host.nodeArgs, host.env),
        // `main: dist/src/program.js`, `typescript: false`: what a build step before every `pulumi up` would give.
        "prebuilt JS (typescript: false, main: dist/src/program.js)": () =>
            runNode([], script, [path.basename(build.program)], {}, path.dirname(build.program)),
        // The plan's floor under the runtime's own nodeargs: the start-up is judged against the same loader.
        floor: () => runNode(host.nodeArgs, FLOOR, []),
    } as Record<string, () => Promise<ChildResult>>;
    const results = await interleaved(runs, cases, "startup");
    const describe = (key: string): string => {
        if (key === "floor") return `floor: SDK modules only (node ${[...host.nodeArgs, "floor.cjs"].join(" ")})`;
        if (key !== "configured") return key;
        const r = results.configured![0]!.report!;
        const loaders = (r.loaders as string[] | undefined) ?? [];
        const how = r.typescript
            ? `ts-node, ${r.transpileOnly ? "transpile-only" : "type-check"}`
            : loaders.length > 0
              ? loaders.join(", ")
              : "plain node";
        return `${how} (${project.options.nodeargs ? `nodeargs ${project.options.nodeargs}, ` : ""}typescript: ${String(project.options.typescript ?? true)}; default now)`;
    };
    const rows: Row[] = [];
    const json: Record<string, unknown> = {
        pulumiYaml: project.options,
        programDir: path.relative(ROOT, project.pwd),
        languageHost: host,
        build,
    };
    for (const key of Object.keys(cases)) {
        const rs = results[key]!;
        const wall = summarizeBy(rs, (r) => r.wallMs);
        const rss = summarizeBy(rs, (r) => mb(r.maxRssKb));
        const label = describe(key);
        const ready = key === "floor" ? undefined : summarizeBy(rs, (r) => reportNumber(r, "readyMs"));
        const requireMs = key === "floor" ? undefined : summarizeBy(rs, (r) => reportNumber(r, "requireMs"));
        rows.push({
            label: `${label}: process`,
            unit: "ms",
            value: wall,
            note: `${ready && requireMs ? `program ready ${formatNumber(ready.median)} ms after start (require ${formatNumber(requireMs.median)}); ` : ""}peak RSS ${formatNumber(rss.median)} MB`,
        });
        json[label] = {
            wall,
            ...(ready && { ready }),
            ...(requireMs && { require: requireMs }),
            rss,
            cpu: summarizeBy(rs, (r) => r.cpuMs),
            samples: rs.map(sample),
        };
    }
    const wallOf = (key: string) => summarizeBy(results[key]!, (r) => r.wallMs);
    // Each start-up run against the floor run of the same round, as the plan is judged.
    const pairs = (key: string) => summarize(results[key]!.map((r, i) => r.wallMs / results.floor![i]!.wallMs));
    const ratio = pairs("configured");
    const met = ratio.median <= STARTUP_TARGET;
    rows.push({
        label: "default now / floor (run by run)",
        unit: "×",
        value: ratio,
        note: `target ≤ ${STARTUP_TARGET}: ${met ? "met" : `MISSED by ${formatNumber((ratio.median / STARTUP_TARGET - 1) * 100)}%`}; ratio of the medians ${formatNumber(ratioOfMedians(wallOf("configured"), wallOf("floor")))}`,
    });
    const prebuiltKey = "prebuilt JS (typescript: false, main: dist/src/program.js)";
    const beforeKey = "ts-node, transpile-only (tsconfig + noCheck; before)";
    rows.push({ label: "prebuilt JS / floor (run by run)", unit: "×", value: pairs(prebuiltKey) });
    rows.push({
        label: "before (ts-node transpile-only) / default now",
        unit: "×",
        value: ratioOfMedians(wallOf(beforeKey), wallOf("configured")),
    });
    rows.push({
        label: "type-check / default now",
        unit: "×",
        value: ratioOfMedians(wallOf("ts-node, type-check (typescript: true; before issue 7)"), wallOf("configured")),
        note: configuredLabel,
    });
    if (build.note) rows.push({ label: "prebuilt JS build", unit: "", value: "note", note: build.note });
    return {
        section: { title: "3. program start-up (Pulumi's Node.js runtime, in src/, no engine)", rows },
        json: { ...json, ratio, target: STARTUP_TARGET, met },
    };
}

// ---------------------------------------------------------------------------------------------
// 4. wandb-sso verify against a local OpenID provider

async function benchVerify(runs: number): Promise<SectionResult> {
    const title = "4. wandb-sso verify (local OpenID provider on 127.0.0.1)";
    const cli = path.join(ROOT, "src", "cli", "verify.ts");
    log("verify: wandb-sso verify against oidc-provider on 127.0.0.1");
    // Loaded here, not at the top: only this section needs the test servers and oidc-provider.
    const servers = await import("../../test/verify/servers.js");
    const verifyCli = await import("../../src/cli/verify.js");
    const secret = "bench-secret-not-real";
    const idp = await servers.startProvider({
        clients: [
            {
                client_id: "wandb",
                client_secret: secret,
                redirect_uris: [servers.CALLBACK],
                response_types: ["code"],
                grant_types: ["authorization_code"],
                token_endpoint_auth_method: "client_secret_basic",
            },
        ],
    });
    try {
        const env = {
            OIDC_ISSUER: idp.issuer,
            OIDC_CLIENT_ID: "wandb",
            OIDC_AUTH_METHOD: "pkce",
            OIDC_SECRET: secret,
            HOST: servers.WANDB_HOST,
        };
        const args = ["--from-env", "--json", "--timeout", "5000"];
        const processRun = async (extra: NodeJS.ProcessEnv = {}) => {
            const r = await runNode(["--import", "tsx"], cli, args, { ...env, ...extra });
            if (!(JSON.parse(r.stdout) as { ok?: boolean }).ok) throw new Error(`verify did not pass:\n${r.stdout}`);
            return r;
        };
        // One unmeasured run of each, listing the modules the command loads, warms tsx's cache and the provider.
        const audited = await processRun({ BENCH_MODULES: "1" });
        const loads = verifyModules(cli, audited.modules!, audited.imports!);
        const inProcess = async (): Promise<ChildResult> => {
            const out = new servers.Collector();
            const started = performance.now();
            const code = await verifyCli.main(args, env, out, new servers.Collector());
            const wallMs = performance.now() - started;
            if (code !== 0) throw new Error(`verify exited ${code}:\n${out.text}`);
            return { wallMs, cpuMs: NaN, maxRssKb: NaN, stdout: out.text, stderr: "" };
        };
        await inProcess();
        const results = await interleaved(runs, { process: () => processRun(), "in-process": inProcess }, "verify");
        const wall = summarizeBy(results.process, (r) => r.wallMs);
        const checks = summarizeBy(results["in-process"], (r) => r.wallMs);
        const rows: Row[] = [
            {
                label: "verify --from-env --json: process",
                unit: "ms",
                value: wall,
                note: `peak RSS ${formatNumber(summarizeBy(results.process, (r) => mb(r.maxRssKb)).median)} MB; node --import tsx`,
            },
            {
                label: "verify: the checks alone (in-process, warm)",
                unit: "ms",
                value: checks,
                note: "discovery, issuer, JWKS, authorization request, token endpoint",
            },
            { label: "modules the command loads", unit: "files", value: loads.files, note: loads.note },
        ];
        return {
            section: { title, rows },
            json: {
                available: true,
                process: wall,
                checks,
                modules: loads.json,
                samples: { process: results.process.map(sample), inProcess: results["in-process"].map((r) => r.wallMs) },
            },
        };
    } finally {
        await idp.close();
    }
}

/** What the verify command loads (it needs no Pulumi SDK: every such file is a cost). */
function verifyModules(
    cli: string,
    loaded: readonly string[],
    imports: Record<string, string[]>,
): { files: number; note: string; json: Record<string, unknown> } {
    const files = loaded.filter((f) => !f.startsWith(__dirname));
    const counts = countBy(files);
    const sdk = Object.entries(counts).filter(([p]) => p.startsWith("@pulumi/") || p === "typescript" || p === "@grpc/grpc-js");
    const chain = importChain(cli, "@pulumi/pulumi", imports);
    const note =
        sdk.length === 0 ? "no Pulumi SDK" : `needless: ${sdk.map(([p, n]) => `${p} ${n}`).join(", ")}${chain ? ` (${chain})` : ""}`;
    return { files: files.length, note, json: { packages: counts, pulumiChain: chain ?? null } };
}

// ---------------------------------------------------------------------------------------------
// 5. An Okta-only consumer's install

const INSTALL_TARGET_MB = 130;

interface InstallReport {
    tarballKb: number;
    installMs: number;
    nodeModulesBytes: number;
    packages: Record<string, number>;
    sdksInstalled: string[];
    sdksLoaded: string[];
}

async function benchInstall(): Promise<SectionResult> {
    log("install: an Okta-only project installs the packed package offline (test/consumer/oktaInstall.cjs; about a minute)");
    const r = await runNode([], path.join(ROOT, "test", "consumer", "oktaInstall.cjs"), []);
    const report = r.report as unknown as InstallReport | undefined;
    if (!report) throw new Error(`oktaInstall.cjs printed no BENCH line:\n${r.stdout}`);
    const sizeMb = report.nodeModulesBytes / 1024 / 1024;
    const top = Object.entries(report.packages)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([p, bytes]) => `${p} ${formatNumber(bytes / 1024 / 1024)}`)
        .join(", ");
    const okta = report.sdksInstalled.join() === "@pulumi/okta" && report.sdksLoaded.filter((s) => s !== "@pulumi/okta").length === 0;
    const rows: Row[] = [
        {
            label: "node_modules (du), Okta-only consumer",
            unit: "MB",
            value: sizeMb,
            note: `target ≤ ${INSTALL_TARGET_MB}: ${sizeMb <= INSTALL_TARGET_MB ? "met" : "MISSED"}; largest (MB): ${top}`,
        },
        { label: "wandb-sso tarball (npm pack)", unit: "KB", value: report.tarballKb },
        { label: "npm install --offline (from npm's cache)", unit: "ms", value: report.installMs },
        {
            label: "IdP SDKs installed / loaded",
            unit: "",
            value: okta ? "Okta only" : "MORE",
            note: `installed: ${report.sdksInstalled.join(", ") || "none"}; loaded by wandb-sso/okta + wandb-sso/wandb: ${report.sdksLoaded.join(", ")}`,
        },
    ];
    return {
        section: { title: "5. an Okta-only consumer's install (packed package, offline)", rows },
        json: { ...report, sizeMb, target: INSTALL_TARGET_MB, met: sizeMb <= INSTALL_TARGET_MB && okta },
    };
}

// ---------------------------------------------------------------------------------------------

const sample = (r: ChildResult) => ({ wallMs: r.wallMs, cpuMs: r.cpuMs, maxRssKb: r.maxRssKb, ...(r.report && { report: r.report }) });
function samplesOf(results: Record<string, readonly ChildResult[]>): Record<string, unknown[]> {
    return Object.fromEntries(Object.entries(results).map(([k, rs]) => [k, rs.map(sample)]));
}

function parseArgs(argv: readonly string[]): { runs: number; only: SectionName[]; out: string } {
    let runs = 5;
    let only: SectionName[] = [...SECTIONS];
    let out = path.join(RESULTS, "latest.json");
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i]!;
        const value = () => {
            const v = argv[++i];
            if (v === undefined) throw new Error(`${arg} needs a value`);
            return v;
        };
        if (arg === "--runs") {
            runs = Number(value());
            if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs takes a whole number ≥ 1 (the table's medians want ≥ 5)");
        } else if (arg === "--only") {
            only = value().split(",") as SectionName[];
            const unknown = only.filter((s) => !SECTIONS.includes(s));
            if (unknown.length > 0)
                throw new Error(`--only: unknown section ${unknown.join(", ")}; the sections are ${SECTIONS.join(", ")}`);
        } else if (arg === "--out") {
            out = path.resolve(value());
        } else {
            throw new Error(`unknown option ${arg}; usage: npm run bench [-- --runs N] [--only ${SECTIONS.join(",")}] [--out FILE]`);
        }
    }
    return { runs, only, out };
}

async function main(): Promise<void> {
    const { runs, only, out } = parseArgs(process.argv.slice(2));
    const started = performance.now();
    const loadBefore = os.loadavg();
    const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? "cpu"}, node ${process.version}, ${os.platform()}`;
    log(`wandb-sso bench: ${runs} runs each; ${machine}; load average ${loadBefore.map((l) => l.toFixed(1)).join(" ")}`);
    const sections: Section[] = [];
    const json: Record<string, unknown> = {};
    const benches: Record<SectionName, (runs: number) => Promise<SectionResult>> = {
        plan: benchPlan,
        environments: benchEnvironments,
        startup: benchStartup,
        verify: benchVerify,
        install: benchInstall,
    };
    for (const name of SECTIONS) {
        if (!only.includes(name)) continue;
        const result = await benches[name](runs);
        sections.push(result.section);
        json[name] = result.json;
    }
    const totalS = (performance.now() - started) / 1000;
    const loadAfter = os.loadavg();
    const table = formatTable(sections);
    const footer =
        `${runs} runs each${only.includes("plan") ? ` (plan/floor ${runs + 2})` : ""}, median, min, max; ${machine}; load average ${loadBefore.map((l) => l.toFixed(1)).join(" ")} → ${loadAfter.map((l) => l.toFixed(1)).join(" ")}; ` +
        `whole bench ${totalS.toFixed(0)} s`;
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(
        out,
        JSON.stringify(
            {
                date: new Date().toISOString(),
                machine,
                runs,
                loadAverage: { before: loadBefore, after: loadAfter },
                totalSeconds: totalS,
                table,
                sections,
                results: json,
            },
            null,
            2,
        ) + "\n",
    );
    process.stdout.write(`${table}\n\n${footer}\nwritten to ${path.relative(process.cwd(), out) || out}\n`);
}

main().catch((e: unknown) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
});
