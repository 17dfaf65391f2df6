// The stack program started exactly as `pulumi preview` starts it, against a stand-in engine: the
// check that Pulumi.yaml's runtime settings really work under the Pulumi CLI, run by .ci/run.
//
// What the CLI and its Node.js language host (pulumi-language-nodejs) do, reproduced here:
//   - `main: src/program.ts` → the program directory is src/ and the entry point program.ts
//     (pkg/engine getPwdMain); the language host runs in the program directory, and the node
//     process it starts inherits it as its working directory;
//   - runtime options → environment: PULUMI_NODEJS_TYPESCRIPT=true unless `typescript: false`,
//     PULUMI_NODEJS_TSCONFIG_PATH=<tsconfig> as written (relative paths resolve in src/), and the
//     stack's config in PULUMI_CONFIG (keys as <namespace>:config:<name>, objects as JSON);
//   - the command: node <nodeargs, shell-split> <@pulumi/pulumi/cmd/run, resolved from the program
//     directory> --monitor … --engine … --project … --root-directory … --stack … --pwd <program dir>
//     --dry-run --parallel … program.ts.
// The engine and resource monitor are a gRPC server in this process, speaking the SDK's own
// protocol: it records every registration, answers the one invoke the dev stack makes
// (aws:index/getRegion), echoes inputs as outputs (a preview), answers reads of live objects with
// nothing known (the stand-in has no cluster), and collects the program's log.
// Fails unless the program exits 0, logs no error, registers the stack's resources and its outputs.
//
//   node test/consumer/pulumiPreview.cjs [--stack dev|all|a,b] [--options '{"typescript":true,…}'] [--json]
// --options replaces Pulumi.yaml's runtime options (to compare settings); --json prints a report.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { spawn } = require("node:child_process");
const { ROOT, fail, main } = require("./lib.cjs");

const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [ROOT] }));
const sdkRequire = (m) => require(require.resolve(m, { paths: [sdkDir] }));
const grpc = sdkRequire("@grpc/grpc-js");
const resproto = require(path.join(sdkDir, "proto", "resource_pb.js"));
const resrpc = require(path.join(sdkDir, "proto", "resource_grpc_pb.js"));
const providerproto = require(path.join(sdkDir, "proto", "provider_pb.js"));
const engineproto = require(path.join(sdkDir, "proto", "engine_pb.js"));
const enginerpc = require(path.join(sdkDir, "proto", "engine_grpc_pb.js"));
const gstruct = sdkRequire("google-protobuf/google/protobuf/struct_pb.js");
const gempty = sdkRequire("google-protobuf/google/protobuf/empty_pb.js");
const YAML = require(require.resolve("yaml", { paths: [ROOT] }));

/** Splits like the language host's shlex.Split: whitespace, single and double quotes, backslashes. */
function shellSplit(text) {
    const words = [];
    let word = null;
    let quote = null;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (quote === "'") {
            if (c === "'") quote = null;
            else word += c;
        } else if (quote === '"') {
            if (c === '"') quote = null;
            else if (c === "\\" && i + 1 < text.length) word += text[++i];
            else word += c;
        } else if (/\s/.test(c)) {
            if (word !== null) words.push(word);
            word = null;
        } else {
            word ??= "";
            if (c === "'" || c === '"') quote = c;
            else if (c === "\\" && i + 1 < text.length) word += text[++i];
            else word += c;
        }
    }
    if (quote) fail(`nodeargs: unclosed ${quote}`);
    if (word !== null) words.push(word);
    return words;
}

/** Pulumi.yaml's project name, runtime options and where the program is (getPwdMain). */
function readProject(optionsOverride) {
    const project = YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8"));
    const options = optionsOverride ?? (typeof project.runtime === "object" ? (project.runtime.options ?? {}) : {});
    let pwd = ROOT;
    let entry = ".";
    if (project.main) {
        const main = path.resolve(ROOT, project.main);
        if (fs.statSync(main).isDirectory()) pwd = main;
        else [pwd, entry] = [path.dirname(main), path.basename(main)];
    }
    return { name: project.name, options, pwd, entry, stackConfigDir: path.join(ROOT, project.stackConfigDir ?? ".") };
}

/** What the language host puts in the node process's environment and before the runner. */
function languageHost(options) {
    const env = {};
    if (options.typescript !== false) env.PULUMI_NODEJS_TYPESCRIPT = "true";
    if (options.tsconfig) env.PULUMI_NODEJS_TSCONFIG_PATH = options.tsconfig;
    return { env, nodeArgs: shellSplit(options.nodeargs ?? "") };
}

/**
 * The stack's config as the CLI hands it over: `<ns>:config:<name>` → string (objects as JSON), and
 * the keys holding a secret (`<ns>:<name>`). The CLI decrypts `secure:` values; here each becomes a
 * placeholder (the stack files' secure values are placeholders too), its key marked secret.
 */
function stackConfig(stackConfigDir, stack) {
    const file = path.join(stackConfigDir, `Pulumi.${stack}.yaml`);
    const config = YAML.parse(fs.readFileSync(file, "utf8"))?.config ?? {};
    const values = {};
    const secretKeys = [];
    for (const [key, value] of Object.entries(config)) {
        let secret = false;
        const decrypt = (v) => {
            if (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).join() === "secure") {
                secret = true;
                return "decrypted-secret-0123456789abcdef";
            }
            if (Array.isArray(v)) return v.map(decrypt);
            if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decrypt(x)]));
            return v;
        };
        const plain = decrypt(value);
        const [namespace, ...rest] = key.split(":");
        values[`${namespace}:config:${rest.join(":")}`] = typeof plain === "string" ? plain : JSON.stringify(plain);
        if (secret) secretKeys.push(key);
    }
    return { values, secretKeys };
}

/** What a provider would answer to the invokes the stacks make (by token), from the stack's config. */
const INVOKES = {
    "aws:index/getRegion:getRegion": (config) => {
        const region = config["aws:config:region"] ?? "us-west-2";
        return { id: region, name: region, region, description: region, endpoint: `ec2.${region}.amazonaws.com` };
    },
    "azuread:index/getClientConfig:getClientConfig": (config) => ({
        id: "client-config",
        tenantId: config["azuread:config:tenantId"] ?? "00000000-0000-4000-8000-000000000001",
        clientId: "00000000-0000-4000-8000-000000000002",
        objectId: "00000000-0000-4000-8000-000000000003",
    }),
};

/** The stand-in engine and resource monitor. */
async function startEngine(project, stack) {
    const registrations = [];
    const reads = [];
    const outputs = {};
    const logs = [];
    const invokes = [];
    const qualifiedTypes = {};
    let rootUrn = "";
    const struct = (value) => gstruct.Struct.fromJavaScript(value ?? {});
    const engineErrors = [];
    /** A handler that answers INTERNAL, and records why, instead of throwing inside grpc-js. */
    const guarded = (handlers) =>
        Object.fromEntries(
            Object.entries(handlers).map(([method, handle]) => [
                method,
                (call, callback) => {
                    try {
                        handle(call, callback);
                    } catch (error) {
                        engineErrors.push(`${method}: ${error instanceof Error ? error.message : String(error)}`);
                        callback({ code: grpc.status.INTERNAL, details: `stand-in engine: ${method} failed` });
                    }
                },
            ]),
        );
    /** The URN the engine gives `type` `name` under `parent` (a child's type is qualified by its parent's, as the engine does), remembered for its children. */
    const urnOf = (type, name, parent) => {
        const qualified = parent && qualifiedTypes[parent] !== "pulumi:pulumi:Stack" ? `${qualifiedTypes[parent]}$${type}` : type;
        const urn = `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
        qualifiedTypes[urn] = type === "pulumi:pulumi:Stack" ? type : qualified;
        return urn;
    };
    const server = new grpc.Server();
    const features = ["SECRETS", "RESOURCE_REFERENCES", "OUTPUT_VALUES", "ALIAS_SPECS", "DELETED_WITH", "TRANSFORMS", "RESOURCE_HOOKS"].map(
        (f) => resproto.ResourceMonitorFeature[`RESOURCE_MONITOR_FEATURE_${f}`],
    );
    server.addService(
        resrpc.ResourceMonitorService,
        guarded({
            getDeploymentInfo: (_call, callback) => {
                const info = new resproto.DeploymentInfo();
                info.setSupportedfeaturesList(features);
                callback(null, info);
            },
            supportsFeature: (call, callback) => {
                const response = new resproto.SupportsFeatureResponse();
                response.setHassupport(
                    ["secrets", "resourceReferences", "outputValues", "aliasSpecs", "deletedWith", "transforms", "resourceHooks"].includes(
                        call.request.getId(),
                    ),
                );
                callback(null, response);
            },
            registerResource: (call, callback) => {
                const req = call.request;
                const type = req.getType();
                const name = req.getName();
                const parent = req.getParent();
                const urn = urnOf(type, name, parent);
                registrations.push({ type, name, custom: req.getCustom(), parent, ms: performance.now() });
                const response = new resproto.RegisterResourceResponse();
                response.setUrn(urn);
                response.setId(""); // a preview: no IDs yet
                response.setObject(req.getObject() ?? struct({}));
                callback(null, response);
            },
            registerResourceOutputs: (call, callback) => {
                outputs[call.request.getUrn()] = call.request.getOutputs()?.toJavaScript() ?? {};
                callback(null, new gempty.Empty());
            },
            // A read (`Deployment.get`, `CustomResourceDefinition.get`): the stand-in knows no
            // cluster, so it answers with no properties, which the SDK resolves as unknown in a
            // preview (runtime/rpc.js resolveProperties), as the offline plan's mock does: what the
            // program decides from the live object waits for `pulumi up`.
            readResource: (call, callback) => {
                const req = call.request;
                reads.push({ type: req.getType(), name: req.getName(), id: req.getId(), parent: req.getParent() });
                const response = new resproto.ReadResourceResponse();
                response.setUrn(urnOf(req.getType(), req.getName(), req.getParent()));
                response.setProperties(struct({}));
                callback(null, response);
            },
            invoke: (call, callback) => {
                const token = call.request.getTok();
                invokes.push(token);
                const response = new resproto.ResourceInvokeResponse();
                const answer = INVOKES[token];
                if (answer) {
                    response.setReturn(struct(answer(JSON.parse(process.env.PULUMI_CONFIG ?? "{}"))));
                } else {
                    const failure = new providerproto.CheckFailure();
                    failure.setReason(`the stand-in engine has no answer for ${token}`);
                    response.setFailuresList([failure]);
                }
                callback(null, response);
            },
            registerResourceHook: (_call, callback) => callback(null, new gempty.Empty()),
            registerStackTransform: (_call, callback) => callback(null, new gempty.Empty()),
            signalAndWaitForShutdown: (_call, callback) => callback(null, new gempty.Empty()),
        }),
    );
    server.addService(
        enginerpc.EngineService,
        guarded({
            log: (call, callback) => {
                const severity = Object.entries(engineproto.LogSeverity).find(([, v]) => v === call.request.getSeverity())?.[0] ?? "?";
                logs.push({ severity, message: call.request.getMessage(), urn: call.request.getUrn() });
                callback(null, new gempty.Empty());
            },
            getRootResource: (_call, callback) => {
                const response = new engineproto.GetRootResourceResponse();
                response.setUrn(rootUrn);
                callback(null, response);
            },
            setRootResource: (call, callback) => {
                rootUrn = call.request.getUrn();
                callback(null, new engineproto.SetRootResourceResponse());
            },
        }),
    );
    const port = await new Promise((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    return {
        address: `127.0.0.1:${port}`,
        registrations,
        reads,
        outputs,
        logs,
        invokes,
        engineErrors,
        root: () => rootUrn,
        stop: () => server.forceShutdown(),
    };
}

function parseArgs(argv) {
    const args = { stack: "dev", options: undefined, json: false };
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--stack") args.stack = argv[++i];
        else if (argv[i] === "--options") args.options = JSON.parse(argv[++i]);
        else if (argv[i] === "--json") args.json = true;
        else fail(`unknown argument ${argv[i]}; usage: pulumiPreview.cjs [--stack dev|all|a,b] [--options JSON] [--json]`);
    }
    return args;
}

/** Runs the program once as `pulumi preview` would; resolves with what the stand-in engine saw. */
async function preview({ stack = "dev", options } = {}) {
    const project = readProject(options);
    const host = languageHost(project.options);
    const config = stackConfig(project.stackConfigDir, stack);
    // The language host resolves the runner from the program directory (locateModule).
    const runPath = require.resolve("@pulumi/pulumi/cmd/run", { paths: [project.pwd] });
    const env = {
        ...process.env,
        ...host.env,
        PULUMI_CONFIG: JSON.stringify(config.values),
        PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(config.secretKeys),
    };
    for (const key of Object.keys(env)) if (key === "NODE_OPTIONS" || key.startsWith("npm_") || key.startsWith("TS_NODE_")) delete env[key];
    const previousConfig = process.env.PULUMI_CONFIG;
    process.env.PULUMI_CONFIG = env.PULUMI_CONFIG; // for the invoke answer
    const engine = await startEngine(project.name, stack);
    const args = [
        ...host.nodeArgs,
        runPath,
        ...["--monitor", engine.address, "--engine", engine.address, "--organization", "organization", "--project", project.name],
        ...["--root-directory", ROOT, "--stack", stack, "--pwd", project.pwd, "--dry-run", "--parallel", "16", project.entry],
    ];
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: project.pwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    const code = await new Promise((resolve) => child.on("close", resolve));
    const ms = performance.now() - started;
    engine.stop();
    if (previousConfig === undefined) delete process.env.PULUMI_CONFIG;
    else process.env.PULUMI_CONFIG = previousConfig;
    return {
        command: `node ${args.map((a) => (a === engine.address ? "<engine>" : path.isAbsolute(a) ? path.relative(project.pwd, a) || "." : a)).join(" ")}`,
        cwd: project.pwd,
        env: host.env,
        code,
        ms,
        stdout,
        stderr,
        registrations: engine.registrations,
        reads: engine.reads,
        stackOutputs: engine.outputs[engine.root()],
        logs: engine.logs,
        invokes: engine.invokes,
        engineErrors: engine.engineErrors,
    };
}

/** What must hold for a preview of `stack` to count as working; returns the problems. */
function problemsOf(result) {
    const problems = [];
    if (result.code !== 0) problems.push(`the program exited ${result.code}`);
    for (const e of result.engineErrors) problems.push(`the stand-in engine failed: ${e}`);
    const errors = result.logs.filter((l) => l.severity === "ERROR");
    for (const e of errors) problems.push(`logged error: ${e.message.trim()}`);
    const types = result.registrations.map((r) => r.type);
    if (!types.includes("pulumi:pulumi:Stack")) problems.push("no stack resource was registered");
    if (!types.includes("wandb-sso:index:WandbOidc")) problems.push("WandbOidc was not registered");
    if (!types.some((t) => /^wandb-sso:index:\w+OidcApp$/.test(t))) problems.push("no IdP component was registered");
    const keys = Object.keys(result.stackOutputs ?? {});
    for (const key of ["issuer", "clientId", "authMethod", "callbackUrl", "logoutUrl"]) {
        if (!keys.includes(key)) problems.push(`stack output ${key} missing (outputs: ${keys.join(", ") || "none"})`);
    }
    return problems;
}

/** `--stack all` → every stacks/Pulumi.<name>.yaml; otherwise a comma-separated list. */
function stacksOf(spec) {
    if (spec !== "all") return spec.split(",");
    const { stackConfigDir } = readProject();
    return fs
        .readdirSync(stackConfigDir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter(Boolean)
        .sort();
}

if (require.main === module) {
    main("pulumi-preview", async () => {
        const args = parseArgs(process.argv.slice(2));
        const failures = [];
        const reports = [];
        let shown = false;
        for (const stack of stacksOf(args.stack)) {
            const result = await preview({ stack, options: args.options });
            const problems = problemsOf(result);
            const report = { stack, ...result, problems };
            delete report.stdout;
            delete report.stderr;
            reports.push(report);
            const where = `${result.command}\n  (in ${path.relative(ROOT, result.cwd) || "."}/, env ${JSON.stringify(result.env)})`;
            if (!shown && !args.json) console.log(`pulumi-preview: ${where.replace(/--stack \S+/, "--stack <stack>")}`);
            shown = true;
            if (problems.length > 0) {
                const output = `${result.stdout}${result.stderr}`.trim();
                failures.push(
                    `stack ${stack}: ${where}\n${problems.map((p) => `  - ${p}`).join("\n")}\n--- program output\n${output.slice(-4000)}`,
                );
                continue;
            }
            if (args.json) continue;
            const custom = result.registrations.filter((r) => r.custom).length;
            console.log(
                `pulumi-preview: stack ${stack}: exit 0 in ${result.ms.toFixed(0)} ms, ${result.registrations.length} resources (${custom} custom)` +
                    `${result.reads.length > 0 ? `, ${result.reads.length} read (${result.reads.map((r) => r.id).join(", ")})` : ""}, ` +
                    `outputs ${Object.keys(result.stackOutputs).join(", ")}`,
            );
        }
        if (args.json) process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
        if (failures.length > 0) fail(failures.join("\n\n"));
        console.log(
            `pulumi-preview: ${reports.length} stack(s) started as \`pulumi preview\` starts them (node ${process.version}): passed`,
        );
    });
}

module.exports = { preview, problemsOf, readProject, languageHost, shellSplit };
