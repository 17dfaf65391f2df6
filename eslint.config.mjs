// ESLint: typescript-eslint's type-checked rules, Pulumi's own rules (no Output in a template
// literal), no import circles, and the layout's one-way imports (DESIGN.md: providers/<idp>/ never
// reaches config, registry, program or the W&B side; the W&B side knows no IdP).
import js from "@eslint/js";
import pulumi from "@pulumi/eslint-plugin";
import importX from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

const layer = (files, patterns) => ({
    files,
    rules: { "no-restricted-imports": ["error", { patterns }] },
});

export default tseslint.config(
    { ignores: ["node_modules/", "dist/", "bench/results/", "**/*.d.ts"] },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
        languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
        plugins: { "@pulumi": pulumi, "import-x": importX },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
            "import-x/no-cycle": ["error", { ignoreExternal: true }],
            "@typescript-eslint/no-unused-vars": [
                "error",
                { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
            ],
        },
        settings: { "import-x/resolver-next": [importX.createNodeResolver({ extensions: [".ts", ".js", ".json"] })] },
    },
    {
        // Plain JavaScript (the consumer check, bench children): no type information.
        files: ["**/*.js", "**/*.cjs", "**/*.mjs"],
        ...tseslint.configs.disableTypeChecked,
        languageOptions: {
            ...tseslint.configs.disableTypeChecked.languageOptions,
            sourceType: "commonjs",
            globals: { require: "readonly", module: "writable", process: "readonly", console: "readonly", __dirname: "readonly" },
        },
    },
    layer(
        ["providers/**/*.ts"],
        [
            {
                group: [
                    "**/src/config",
                    "**/src/config/*",
                    "**/src/idps",
                    "**/src/idps/*",
                    "**/src/program",
                    "**/src/stack",
                    "**/src/wandb",
                    "**/src/wandb/*",
                    "**/src/plan/*",
                    "**/src/cli/*",
                    "**/src/verify/*",
                ],
                message: "providers/ depends only on src/oidc, src/problems and the shared parsers (DESIGN.md).",
            },
        ],
    ),
    layer(
        ["src/wandb/**/*.ts"],
        [
            {
                group: ["**/providers/*", "**/providers/**", "**/idps", "**/idps/*", "**/config", "**/config/*"],
                message: "the W&B side knows no IdP and no stack config (DESIGN.md).",
            },
        ],
    ),
);
