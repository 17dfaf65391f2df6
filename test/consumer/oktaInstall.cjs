// Check (a), run by .ci/run after the build: the package as npm would publish it, installed by an
// Okta-only platform team.
//   1. `npm pack` (which runs `prepare`, the build); the tarball holds what a consumer and
//      `pulumi package add` need (every `exports`/`main`/`bin` target, the plugin's TypeScript
//      sources and tsconfig.json, PulumiPlugin.yaml, LICENSE, README.md) and no tests or stacks.
//   2. A fresh project installs the tarball with @pulumi/pulumi, @pulumi/okta and @pulumi/kubernetes
//      only, offline (`npm install --offline`, tarballs from npm's cache; see lib.cjs). No other IdP
//      SDK may be installed: they are optional peers.
//   3. oktaProgram.cjs (wandb-sso/okta + wandb-sso/wandb under Pulumi's mocks, no other IdP SDK
//      loaded) and rootProgram.cjs (`require("wandb-sso")` by name loads no IdP SDK) run there.
//      The plugin's schema analyzer (what `pulumi package add` runs) finds the seven components in
//      the installed copy: it reads the package's TypeScript sources, so they ship.
//   4. A TypeScript program there type-checks against the package's declarations (the `types`
//      conditions; `typesVersions` for `moduleResolution: node`), every subpath, with
//      `@ts-expect-error` lines that fail if the types were `any`: under `nodenext` and under
//      Pulumi's stock tsconfig (`pulumi new typescript`: commonjs, node resolution, no skipLibCheck).
//   5. The installed size (du of node_modules) is printed, and a `BENCH {…}` line for `npm run bench`.
//   node test/consumer/oktaInstall.cjs
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const {
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
    writeConsumerProject,
    installedIdpSdks,
} = require("./lib.cjs");

const REQUIRED_FILES = [
    "package.json",
    "LICENSE",
    "README.md",
    "PulumiPlugin.yaml",
    "tsconfig.json",
    "src/index.ts",
    "src/plugin/index.ts",
    "src/wandb/index.ts",
    "providers/okta/index.ts",
];
const FORBIDDEN_DIRS = ["test/", "tools/", "stacks/", "policy/", "node_modules/", ".ci/", "dist/test/", "dist/tools/"];

const TS_CONSUMER = `import type * as pulumi from "@pulumi/pulumi";
import * as root from "wandb-sso";
import { OktaOidcApp, type OktaOidcAppArgs } from "wandb-sso/okta";
import { WandbOidc, wandbOidcEnv } from "wandb-sso/wandb";
import type { CognitoOidcApp, CognitoOidcAppArgs } from "wandb-sso/cognito";
import type { EntraOidcApp, EntraOidcAppArgs } from "wandb-sso/entra";
import type { Auth0OidcApp, Auth0OidcAppArgs } from "wandb-sso/auth0";
import type { KeycloakOidcApp, KeycloakOidcAppArgs } from "wandb-sso/keycloak";
import type { ExistingOidcApp, ExistingOidcAppArgs } from "wandb-sso/existing";

const host = "https://wandb.team-a.example.com";
const args: OktaOidcAppArgs = { host, orgUrl: "https://acme.okta.com", authorizationServerId: "default" };
const app = new OktaOidcApp("team-a", args);
const wandb: WandbOidc = WandbOidc.forClient("team-a", app, { host, namespace: "team-a" });
export const issuer: pulumi.Output<string> = app.issuer;
export const env: pulumi.Output<Record<string, string>> = wandb.env;
export const sameEnv: pulumi.Output<Record<string, string>> = wandbOidcEnv(app, { host });
export const sameClass: typeof OktaOidcApp = root.OktaOidcApp;
// @ts-expect-error orgUrl is required (fails if the declarations were missing or \`any\`)
export const noOrg = new OktaOidcApp("bad", { host });
// @ts-expect-error the W&B side takes the IdP's values (issuer, clientId, authMethod), not a component
export const noIssuer = new WandbOidc("bad", { host, namespace: "team-a" });
// Every other subpath resolves to its declarations (types only: their SDKs are not installed here).
export type Apps = [CognitoOidcApp, EntraOidcApp, Auth0OidcApp, KeycloakOidcApp, ExistingOidcApp];
// @ts-expect-error host is required (fails if wandb-sso/cognito resolved to nothing or \`any\`)
export const noCognitoHost: CognitoOidcAppArgs = {};
// @ts-expect-error tenantId is a string (fails if wandb-sso/entra resolved to nothing or \`any\`)
export const badTenant: EntraOidcAppArgs = { host, tenantId: 1 };
// @ts-expect-error domain is required (wandb-sso/auth0)
export const noDomain: Auth0OidcAppArgs = { host };
// @ts-expect-error url and realm are required (wandb-sso/keycloak)
export const noRealm: KeycloakOidcAppArgs = { host };
// @ts-expect-error issuer and clientId are required (wandb-sso/existing)
export const noIssuerArgs: ExistingOidcAppArgs = { host };
`;

/** The consumer's tsconfigs: `nodenext`, and Pulumi's stock one (templates/typescript/tsconfig.json). */
const TS_CONFIGS = {
    "tsconfig.nodenext.json": {
        compilerOptions: {
            target: "ES2022",
            module: "nodenext",
            moduleResolution: "nodenext",
            strict: true,
            noEmit: true,
            skipLibCheck: true,
            types: [],
        },
        files: ["index.ts"],
    },
    "tsconfig.json": {
        compilerOptions: {
            strict: true,
            outDir: "bin",
            target: "es2020",
            module: "commonjs",
            moduleResolution: "node",
            sourceMap: true,
            experimentalDecorators: true,
            pretty: true,
            noFallthroughCasesInSwitch: true,
            noImplicitReturns: true,
            forceConsistentCasingInFileNames: true,
        },
        files: ["index.ts"],
    },
};

/** `npm pack --json`'s report (after whatever `prepare` printed). */
function parsePackJson(stdout) {
    const start = stdout.search(/^\[/m);
    if (start < 0) fail(`npm pack printed no JSON report:\n${stdout}`);
    return JSON.parse(stdout.slice(start))[0];
}

// The plugin's components: every IdP's, from the registry, and WandbOidc.
const PLUGIN_COMPONENTS = [...registryComponents(), "WandbOidc"];
const ANALYZE = `const { Analyzer } = require("@pulumi/pulumi/provider/experimental/analyzer");
const dir = require("node:path").dirname(require.resolve("wandb-sso/package.json"));
const names = ${JSON.stringify(PLUGIN_COMPONENTS)};
const found = new Analyzer(dir, "wandb-sso", require("wandb-sso/package.json"), new Set(names)).analyze().components;
console.log(names.filter((n) => found[n]).join(","));
`;

main("okta-install", () => {
    const work = tempDir("okta");
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

    // 1. The tarball.
    const packed = parsePackJson(run("npm", ["pack", "--json", "--pack-destination", work], { cwd: ROOT }).stdout);
    const tarball = path.join(work, packed.filename);
    const files = new Set(packed.files.map((f) => f.path));
    const targets = [
        manifest.main,
        ...Object.values(manifest.bin ?? {}),
        ...Object.values(manifest.exports).flatMap((t) => (typeof t === "string" ? [t] : Object.values(t))),
    ].map((t) => t.replace(/^\.\//, ""));
    const missing = [...new Set([...REQUIRED_FILES, ...targets])].filter((f) => !files.has(f));
    if (missing.length > 0) fail(`the tarball lacks ${missing.join(", ")}`);
    const stray = [...files].filter((f) => FORBIDDEN_DIRS.some((d) => f.startsWith(d)));
    if (stray.length > 0) fail(`the tarball holds files a consumer does not need: ${stray.slice(0, 10).join(", ")}`);
    console.log(
        `packed ${packed.filename}: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(0)} KB (unpacked ${(packed.unpackedSize / MB).toFixed(1)} MB)`,
    );

    // 2. The Okta-only consumer, installed offline.
    const consumer = path.join(work, "consumer");
    fs.mkdirSync(consumer);
    fs.copyFileSync(tarball, path.join(consumer, packed.filename));
    const versions = writeConsumerProject(consumer, {
        name: "okta-consumer",
        dependencies: ["@pulumi/pulumi", "@pulumi/okta", "@pulumi/kubernetes"],
        wandbSso: {
            spec: `file:${packed.filename}`,
            manifest,
            lock: { resolved: `file:${packed.filename}`, integrity: integrityOf(tarball) },
        },
    });
    const installStarted = performance.now();
    run("npm", ["install", ...NPM_OFFLINE], { cwd: consumer });
    const installMs = performance.now() - installStarted;
    const nodeModules = path.join(consumer, "node_modules");
    const sdks = installedIdpSdks(nodeModules);
    if (sdks.join() !== "@pulumi/okta") fail(`an Okta-only consumer has these IdP SDKs installed: ${sdks.join(", ") || "none"}`);
    if (!fs.existsSync(path.join(nodeModules, "wandb-sso", "dist", "src", "index.js")))
        fail("node_modules/wandb-sso/dist/src/index.js is missing");

    // 3. The programs, by name, in the consumer project.
    const outputs = {};
    for (const program of ["oktaProgram.cjs", "rootProgram.cjs"]) {
        fs.copyFileSync(path.join(__dirname, program), path.join(consumer, program));
        const env = { ...process.env, WANDB_SSO_IDP_COMPONENTS: registryComponents().join(",") };
        outputs[program] = run(process.execPath, [program], { cwd: consumer, env }).stdout;
        process.stdout.write(outputs[program].replace(/^RESULT .*\n/m, ""));
    }
    const result = JSON.parse(/^RESULT (.*)$/m.exec(outputs["oktaProgram.cjs"])?.[1] ?? "null");
    if (!result) fail("oktaProgram.cjs printed no RESULT line");

    // 3b. The plugin's schema from the installed copy: Pulumi's component provider analyzes the
    // package's TypeScript sources (with its tsconfig.json), which is why they are in `files`.
    fs.writeFileSync(path.join(consumer, "analyze.cjs"), ANALYZE);
    const analyzed = run(process.execPath, ["analyze.cjs"], { cwd: consumer, quiet: true }).stdout.trim();
    if (analyzed.split(",").sort().join() !== [...PLUGIN_COMPONENTS].sort().join())
        fail(`the plugin's analyzer found ${analyzed || "nothing"} in the installed package, not ${PLUGIN_COMPONENTS.join(", ")}`);
    console.log(`okta-install: the plugin's schema analyzer finds the ${PLUGIN_COMPONENTS.length} components in the installed package`);

    // 4. TypeScript, against the package's declarations, under both module resolutions a consumer
    // meets: `nodenext` (reads `exports`) and Pulumi's stock tsconfig, as `pulumi new typescript`
    // writes it (`moduleResolution: node`, which ignores `exports`: `typesVersions` maps the
    // subpaths there). The stock one has no skipLibCheck, so the declarations themselves are checked.
    fs.writeFileSync(path.join(consumer, "index.ts"), TS_CONSUMER);
    const tsc = require.resolve("typescript/bin/tsc", { paths: [ROOT] });
    for (const [file, tsconfig] of Object.entries(TS_CONFIGS)) {
        fs.writeFileSync(path.join(consumer, file), `${JSON.stringify(tsconfig, null, 4)}\n`);
        run(process.execPath, [tsc, "-p", file, "--noEmit"], { cwd: consumer });
    }
    const exported = Object.keys(manifest.exports).filter((k) => k !== "." && k !== "./package.json");
    const mapped = Object.keys(manifest.typesVersions?.["*"] ?? {}).map((k) => `./${k}`);
    const unmapped = exported.filter((k) => !mapped.includes(k));
    if (unmapped.length > 0) fail(`package.json typesVersions lacks ${unmapped.join(", ")}: moduleResolution node cannot type them`);
    console.log(
        `okta-install: a TypeScript program type-checks against wandb-sso and every subpath (${exported.join(", ")}) ` +
            `under ${Object.keys(TS_CONFIGS).join(" and ")}`,
    );

    // 5. Size, as a whole and by package.
    const size = diskUsage(nodeModules);
    const packages = {};
    for (const entry of fs.readdirSync(nodeModules)) {
        if (entry.startsWith(".")) continue;
        const names = entry.startsWith("@") ? fs.readdirSync(path.join(nodeModules, entry)).map((n) => `${entry}/${n}`) : [entry];
        for (const name of names) packages[name] = diskUsage(path.join(nodeModules, name));
    }
    const own = diskUsage(path.join(nodeModules, "wandb-sso"));
    const bySdk = ["@pulumi/pulumi", "@pulumi/kubernetes", "@pulumi/okta"].map(
        (p) => `${p} ${(diskUsage(path.join(nodeModules, p)) / MB).toFixed(1)} MB`,
    );
    console.log(
        `okta-install: installed size (du of node_modules) ${(size / MB).toFixed(1)} MB: wandb-sso ${(own / MB).toFixed(1)} MB, ${bySdk.join(", ")}, ` +
            `the rest their dependencies (versions ${Object.entries(versions)
                .map(([n, v]) => `${n}@${v}`)
                .join(", ")})`,
    );
    console.log(
        `BENCH ${JSON.stringify({
            tarballKb: packed.size / 1024,
            installMs,
            nodeModulesBytes: size,
            packages,
            sdksInstalled: sdks,
            sdksLoaded: result.sdksLoaded.filter((p) => IDP_SDKS.includes(p)),
        })}`,
    );
    console.log("okta-install: passed");
});
