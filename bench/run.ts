// `npm run bench [-- --runs N] [--only plan,environments,startup,verify] [--with-tsx]`: where users feel this
// package's speed, side by side, in one run. Every figure is the median of N (default 5) runs with
// min and max; each run is its own child process, so module loading and memory are measured cold
// and clean. The table is printed and written, with every sample, to bench/results/latest.json.
//
// 1. plan: `npm run plan -- --stack dev --json` as the README runs it (node --import tsx
//    src/cli/plan.ts), against a floor that loads only the SDK modules the dev stack needs, under
//    the same loader (bench/children/floor.ts). Target: plan ≤ 1.3 × floor. Also which modules the
//    plan loads (bench/children/usage.cjs lists them from inside the real CLI process).
// 2. environments: N = 1, 10, 100 complete Cognito + W&B environments in one program under the mock
//    runtime (bench/children/environments.ts). Target: per-environment cost flat from 10 to 100.
// 3. startup: loading src/program.ts the way Pulumi's Node.js runtime does (bench/children/
//    startup.cjs): type-checking, as Pulumi.yaml configures it now, prebuilt JS (and, with
//    --with-tsx, through tsx).
// 4. verify: `wandb-sso verify` against a real OpenID provider on 127.0.0.1 (test/verify/servers.ts).
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

const ROOT = path.resolve(__dirname, "..");
const RESULTS = path.join(ROOT, "bench", "results");
const CHILDREN = path.join(ROOT, "bench", "children");
const USAGE = path.join(CHILDREN, "usage.cjs");
/** Where the bench compiles the library with tsconfig.build.json (`npm run build`'s config), so it never races a dist/ in use. */
const BUILD_DIR = path.join(RESULTS, "dist");
const PLAN_TARGET = 1.3;
const PLAN_CLI = path.join(ROOT, "src", "cli", "plan.ts");
const ENVIRONMENT_COUNTS = [1, 10, 100] as const;
const SECTIONS = ["plan", "environments", "startup", "verify"] as const;
type SectionName = (typeof SECTIONS)[number];

// ---------------------------------------------------------------------------------------------
// Child processes

interface ChildResult {
    /** Spawn to exit, as the parent's clock sees it. */
    readonly wallMs: number;
    /** user + system CPU of the child, from inside it (bench/children/usage.cjs). */
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
): Promise<ChildResult> {
    const usageFile = path.join(os.tmpdir(), `wandb-sso-bench-${process.pid}-${usageCounter++}.json`);
    const argv = ["--require", USAGE, ...nodeArgs, script, ...args];
    const started = performance.now();
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, argv, {
            cwd: ROOT,
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

// ---------------------------------------------------------------------------------------------
// 1. The offline plan against its floor

async function benchPlan(runs: number): Promise<SectionResult> {
    log("plan: npm run plan -- --stack dev --json vs the SDK floor");
    const plan = (env: NodeJS.ProcessEnv = {}) => runNode(["--import", "tsx"], PLAN_CLI, ["--stack", "dev", "--json"], env);
    const floor = (env: NodeJS.ProcessEnv = {}) => runNode(["--import", "tsx"], path.join(CHILDREN, "floor.ts"), [], env);
    // One unmeasured run of each first, listing the modules it loads: tsx's transform cache is then
    // warm for both, as on any second run.
    log("plan: which modules it loads");
    const audited = await plan({ BENCH_MODULES: "1" });
    const audit = auditModules(audited.modules!, (await floor({ BENCH_MODULES: "1" })).modules!, audited.imports!);
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
            label: "floor: SDK modules only (wall)",
            unit: "ms",
            value: wall.floor,
            note: "@pulumi/pulumi, @pulumi/aws/cognito + getRegion, @pulumi/kubernetes core/v1, apps/v1, apiextensions",
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

/** IdP SDKs and verify-only libraries that the dev (Cognito) stack must not load. */
const NOT_FOR_DEV = ["@pulumi/okta", "@pulumi/azuread", "@pulumi/auth0", "@pulumi/keycloak", "openid-client", "oidc-provider", "jose"];

const packageOf = (file: string) => packageOfFile(file, ROOT);
const countBy = (files: readonly string[]) => countByPackage(files, ROOT);
const importChain = (entry: string, target: string, imports: Readonly<Record<string, readonly string[]>>) =>
    importChainOf(entry, target, imports, ROOT);

function auditModules(
    loadedByPlan: readonly string[],
    loadedByFloor: readonly string[],
    imports: Record<string, string[]>,
): { planFiles: number; note: string; json: Record<string, unknown> } {
    const isBench = (f: string) => f.startsWith(path.join(ROOT, "bench"));
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
    const note =
        `${planFiles.filter(sdk).length} from @pulumi/* (floor ${floorSdk}); beyond the floor: ${Object.entries(countBy(beyondFloor))
            .map(([p, n]) => `${p} ${n}`)
            .join(", ")}` +
        `; needless IdP/verify modules: ${needless.length === 0 ? "none" : needless.map((p) => importChain(PLAN_CLI, p, imports) ?? p).join("; ")}` +
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
            needless: needless.map((p) => importChain(PLAN_CLI, p, imports) ?? p),
            wandbSsoFiles: planFiles.filter((f) => packageOf(f).startsWith("(wandb-sso)")).map((f) => path.relative(ROOT, f)),
        },
    };
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

function pulumiRuntimeOptions(): RuntimeOptions {
    const project = parseYaml(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as {
        runtime?: string | { options?: RuntimeOptions };
    };
    return typeof project.runtime === "object" ? (project.runtime.options ?? {}) : {};
}

/** What the language host does with the runtime options: environment variables and node arguments. */
function languageHost(options: RuntimeOptions): { env: NodeJS.ProcessEnv; nodeArgs: string[] } {
    // pulumi-language-nodejs: typescript defaults to true; `tsconfig` → PULUMI_NODEJS_TSCONFIG_PATH.
    const env: NodeJS.ProcessEnv = {};
    if (options.typescript !== false) env.PULUMI_NODEJS_TYPESCRIPT = "true";
    if (options.tsconfig) env.PULUMI_NODEJS_TSCONFIG_PATH = options.tsconfig;
    return { env, nodeArgs: options.nodeargs ? options.nodeargs.split(/\s+/).filter(Boolean) : [] };
}

/** Compiles the library as `npm run build` does (tsconfig.build.json), into bench/results/dist, when stale. */
async function buildProgram(): Promise<{ program: string; built: boolean; note?: string }> {
    const program = path.join(BUILD_DIR, "src", "program.js");
    const newest = newestSource();
    if (fs.existsSync(program) && fs.statSync(program).mtimeMs >= newest) return { program, built: false };
    log("startup: compiling the program (tsc -p tsconfig.build.json, into bench/results/dist)");
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

async function benchStartup(runs: number, withTsx: boolean): Promise<SectionResult> {
    const build = await buildProgram();
    const configured = pulumiRuntimeOptions();
    const host = languageHost(configured);
    const script = path.join(CHILDREN, "startup.cjs");
    const source = path.join(ROOT, "src", "program.ts");
    const configuredLabel = `Pulumi.yaml now: ${
        Object.entries(configured)
            .map(([k, v]) => `${k}: ${String(v)}`)
            .join(", ") || "defaults"
    }`;
    log(
        `startup: src/program.ts under Pulumi's Node.js runtime (${configuredLabel}) vs type-checking and prebuilt JS${withTsx ? " and tsx" : ""}`,
    );
    const cases = {
        // Pulumi.yaml before issue 7: `typescript: true` and the project's tsconfig.json → ts-node type-checks.
        "ts-node, type-check (before)": () => runNode([], script, [source], { PULUMI_NODEJS_TYPESCRIPT: "true" }),
        configured: () => runNode(host.nodeArgs, script, [source], host.env),
        "prebuilt JS (typescript: false)": () => runNode([], script, [build.program]),
        // The alternative fast path (not Pulumi's documented TypeScript switch), on request.
        ...(withTsx && { "tsx (nodeargs --import tsx, typescript: false)": () => runNode(["--import", "tsx"], script, [source]) }),
    } as Record<string, () => Promise<ChildResult>>;
    const results = await interleaved(runs, cases, "startup");
    const describe = (key: string): string => {
        if (key !== "configured") return key;
        const r = results.configured![0]!.report!;
        return `${r.typescript ? `ts-node, ${r.transpileOnly ? "transpile-only" : "type-check"}` : "no ts-node"} (default now)`;
    };
    const rows: Row[] = [];
    const json: Record<string, unknown> = { pulumiYaml: configured, languageHost: host, build };
    for (const key of Object.keys(cases)) {
        const rs = results[key]!;
        const wall = summarizeBy(rs, (r) => r.wallMs);
        const ready = summarizeBy(rs, (r) => reportNumber(r, "readyMs"));
        const requireMs = summarizeBy(rs, (r) => reportNumber(r, "requireMs"));
        const rss = summarizeBy(rs, (r) => mb(r.maxRssKb));
        const label = describe(key);
        rows.push({
            label: `${label}: process`,
            unit: "ms",
            value: wall,
            note: `program ready ${formatNumber(ready.median)} ms after start (require ${formatNumber(requireMs.median)}); peak RSS ${formatNumber(rss.median)} MB`,
        });
        json[label] = { wall, ready, require: requireMs, rss, cpu: summarizeBy(rs, (r) => r.cpuMs), samples: rs.map(sample) };
    }
    const before = summarizeBy(results["ts-node, type-check (before)"]!, (r) => r.wallMs);
    const now = summarizeBy(results.configured!, (r) => r.wallMs);
    rows.push({ label: "type-check / default now", unit: "×", value: ratioOfMedians(before, now), note: configuredLabel });
    if (build.note) rows.push({ label: "prebuilt JS build", unit: "", value: "note", note: build.note });
    return { section: { title: "3. program start-up (Pulumi's Node.js runtime, no engine)", rows }, json };
}

// ---------------------------------------------------------------------------------------------
// 4. wandb-sso verify against a local OpenID provider

async function benchVerify(runs: number): Promise<SectionResult> {
    const title = "4. wandb-sso verify (local OpenID provider on 127.0.0.1)";
    const cli = path.join(ROOT, "src", "cli", "verify.ts");
    log("verify: wandb-sso verify against oidc-provider on 127.0.0.1");
    // Loaded here, not at the top: only this section needs the test servers and oidc-provider.
    const servers = await import("../test/verify/servers.js");
    const verifyCli = await import("../src/cli/verify.js");
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
    const files = loaded.filter((f) => !f.startsWith(path.join(ROOT, "bench")));
    const counts = countBy(files);
    const sdk = Object.entries(counts).filter(([p]) => p.startsWith("@pulumi/") || p === "typescript" || p === "@grpc/grpc-js");
    const chain = importChain(cli, "@pulumi/pulumi", imports);
    const note =
        sdk.length === 0 ? "no Pulumi SDK" : `needless: ${sdk.map(([p, n]) => `${p} ${n}`).join(", ")}${chain ? ` (${chain})` : ""}`;
    return { files: files.length, note, json: { packages: counts, pulumiChain: chain ?? null } };
}

// ---------------------------------------------------------------------------------------------

const sample = (r: ChildResult) => ({ wallMs: r.wallMs, cpuMs: r.cpuMs, maxRssKb: r.maxRssKb, ...(r.report && { report: r.report }) });
function samplesOf(results: Record<string, readonly ChildResult[]>): Record<string, unknown[]> {
    return Object.fromEntries(Object.entries(results).map(([k, rs]) => [k, rs.map(sample)]));
}

function parseArgs(argv: readonly string[]): { runs: number; only: SectionName[]; out: string; withTsx: boolean } {
    let runs = 5;
    let withTsx = false;
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
        } else if (arg === "--with-tsx") {
            withTsx = true;
        } else if (arg === "--out") {
            out = path.resolve(value());
        } else {
            throw new Error(
                `unknown option ${arg}; usage: npm run bench [-- --runs N] [--only ${SECTIONS.join(",")}] [--out FILE] [--with-tsx]`,
            );
        }
    }
    return { runs, only, out, withTsx };
}

async function main(): Promise<void> {
    const { runs, only, out, withTsx } = parseArgs(process.argv.slice(2));
    const started = performance.now();
    const loadBefore = os.loadavg();
    const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? "cpu"}, node ${process.version}, ${os.platform()}`;
    log(`wandb-sso bench: ${runs} runs each; ${machine}; load average ${loadBefore.map((l) => l.toFixed(1)).join(" ")}`);
    const sections: Section[] = [];
    const json: Record<string, unknown> = {};
    const benches: Record<SectionName, (runs: number) => Promise<SectionResult>> = {
        plan: benchPlan,
        environments: benchEnvironments,
        startup: (n) => benchStartup(n, withTsx),
        verify: benchVerify,
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
