// ESLint: typescript-eslint's type-checked rules, Pulumi's own rules (no Output in a template
// literal), no import circles, and the layout's one-way imports (CONTRIBUTING.md: providers/<idp>/ never
// reaches config, registry, program or the W&B side; the W&B side knows no IdP; the product never
// reaches the repo-only tools/, and test helpers reach only tools/mockRuntime of them).
import js from "@eslint/js";
import pulumi from "@pulumi/eslint-plugin";
import importX from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

/** What sits above the IdPs, the W&B side and verify: the registry, config, program, plugin, CLIs and tools. */
const ABOVE_PARSERS = [
    "**/idps",
    "**/config",
    "**/config/*",
    "**/program",
    "**/stack",
    "**/plugin",
    "**/plugin/*",
    "**/cli/*",
    "**/src/index",
    "**/tools/**",
];

/** Files under `files` may not import what `patterns` match. */
const layer = (files, patterns, message) => ({
    files,
    rules: { "no-restricted-imports": ["error", { patterns: [{ group: patterns, message }] }] },
});

export default tseslint.config(
    { ignores: ["node_modules/", "dist/", "tools/bench/results/", "**/*.d.ts", "**/*.d.cts", "test/e2e/fixtures/typescript/"] },
    js.configs.recommended,
    {
        files: ["**/*.ts"],
        extends: [...tseslint.configs.recommendedTypeChecked],
        languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
        plugins: { "@pulumi": pulumi, "import-x": importX },
        settings: { "import-x/resolver-next": [importX.createNodeResolver({ extensions: [".ts", ".js", ".json"] })] },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
            "import-x/no-cycle": ["error", { ignoreExternal: true }],
            "@typescript-eslint/no-unused-vars": [
                "error",
                { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
            ],
        },
    },
    {
        // Plain JavaScript (the consumer check, the plan's launcher, bench children, this file): no type information.
        files: ["**/*.js", "**/*.cjs", "**/*.mjs"],
        languageOptions: {
            sourceType: "commonjs",
            globals: {
                require: "readonly",
                module: "writable",
                process: "readonly",
                console: "readonly",
                __dirname: "readonly",
                __filename: "readonly",
                performance: "readonly",
            },
        },
    },
    { files: ["eslint.config.mjs"], languageOptions: { sourceType: "module" } },
    {
        // Tests read untyped JSON by path (the mock monitor's resource inputs, the plan's --json);
        // typing every shape would restate the providers' schemas, so `any` is allowed there.
        files: ["test/**/*.ts"],
        rules: {
            "@typescript-eslint/no-explicit-any": "off",
            "@typescript-eslint/no-unsafe-member-access": "off",
            "@typescript-eslint/no-unsafe-assignment": "off",
            "@typescript-eslint/no-unsafe-call": "off",
            "@typescript-eslint/no-unsafe-return": "off",
            "@typescript-eslint/no-unsafe-argument": "off",
        },
    },
    // The layers (CONTRIBUTING.md): the contract and parsers at the bottom; the IdPs and verify
    // above them, neither reaching the other; the W&B side, which knows no IdP and calls verify for
    // the switch-over check; the registry, config, program, plugin and CLIs on top. `npm test`
    // checks the same from the other end: requiring the W&B side or verify loads no IdP module
    // (test/layers.test.ts), and folders stand in at most ten layers (test/importGraph.test.ts).
    layer(
        ["src/oidc.ts", "src/problems/**/*.ts", "src/parse/**/*.ts"],
        [...ABOVE_PARSERS, "**/src/idp/*", "**/src/errors", "**/src/deferred", "**/src/componentType"],
        "the contract and the shared parsers depend on nothing of wandb-sso's above them (CONTRIBUTING.md).",
    ),
    layer(
        ["providers/**/*.ts", "src/idp/**/*.ts"],
        [...ABOVE_PARSERS, "**/src/wandb", "**/src/wandb/**", "**/src/verify/**"],
        "providers/ depends only on the contract, the shared parsers and src/idp/ (CONTRIBUTING.md): never on config, registry, program, the W&B side or verify.",
    ),
    layer(
        ["src/wandb/**/*.ts"],
        [...ABOVE_PARSERS, "**/providers/**", "**/src/idp/*"],
        "the W&B side knows no IdP and no stack config (CONTRIBUTING.md).",
    ),
    layer(
        ["src/verify/**/*.ts"],
        [...ABOVE_PARSERS, "**/providers/**", "**/src/idp/*", "**/wandb", "**/wandb/*", "**/wandb/**", "**/src/errors", "**/src/deferred"],
        "verify knows no IdP and no W&B side, and loads no Pulumi SDK: it takes a typed configuration (CONTRIBUTING.md).",
    ),
    {
        // The product apart from its tools (a rule of its own, so that it adds to the layers above
        // instead of replacing them; it sees `require` too).
        files: ["**/*.ts"],
        rules: {
            "import-x/no-restricted-paths": [
                "error",
                {
                    basePath: import.meta.dirname,
                    zones: [
                        {
                            target: ["src", "providers"],
                            from: "tools",
                            message: "the product never imports the repo-only tools/ (tools/ may import the product).",
                        },
                        {
                            target: "test/helpers",
                            from: ["tools/plan", "tools/bench"],
                            message: "test helpers import only tools/mockRuntime of the tools; the plan's own helpers are in test/plan/.",
                        },
                    ],
                },
            ],
        },
    },
);
