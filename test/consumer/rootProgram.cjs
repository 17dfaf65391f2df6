// The root entry by name, as another program imports it: `require("wandb-sso")` from a consumer
// project that installed the packed wandb-sso with only Okta's SDK among the IdPs (copied there by
// test/consumer/oktaInstall.cjs). Fails unless every documented export is there, importing the root
// loads no IdP SDK, and an IdP component loads its SDK (and only it) when first used.
//   WANDB_SSO_IDP_COMPONENTS=<the registry's IdP class names, comma-separated> node rootProgram.cjs   (in the consumer project)
"use strict";
const assert = require("node:assert/strict");
const path = require("node:path");

const loadedSdks = () =>
    new Set(
        Object.keys(require.cache)
            .map((f) => /[\\/]node_modules[\\/](@pulumi[\\/][^\\/]+)[\\/]/.exec(f)?.[1].replace("\\", "/"))
            .filter(Boolean),
    );
const root = require("wandb-sso");
const resolved = require.resolve("wandb-sso");
// The IdP SDKs: the installed package's optional peer dependencies, one per IdP (test/idps.test.ts).
const IDP_SDKS = Object.keys(require(path.join(path.dirname(resolved), "..", "..", "package.json")).peerDependencies);
assert.equal(
    resolved,
    path.join(process.cwd(), "node_modules", "wandb-sso", "dist", "src", "index.js"),
    "`wandb-sso` resolves to the built root entry",
);
// Every IdP's component (the registry's, passed in by oktaInstall.cjs, which reads it) and the rest of the documented names.
const idpComponents = (process.env.WANDB_SSO_IDP_COMPONENTS ?? "").split(",").filter(Boolean);
assert.ok(idpComponents.length > 0, "WANDB_SSO_IDP_COMPONENTS (the registry's IdP components) is not set");
const names = [
    ...idpComponents,
    "WandbOidc",
    "wandbOidcEnv",
    "wandbOidcEnvVars",
    "wandbChartValues",
    "wandbUrls",
    "parseHost",
    "parseAuthMethod",
    "ConfigError",
];
const missing = names.filter((n) => !Object.keys(root).includes(n));
assert.deepEqual(missing, [], "the root exports every documented name");
const early = IDP_SDKS.filter((sdk) => loadedSdks().has(sdk));
assert.deepEqual(early, [], "require('wandb-sso') alone loads no IdP SDK");

// First use of an IdP component loads that IdP's module and SDK, and nothing else.
assert.equal(typeof root.OktaOidcApp, "function", "OktaOidcApp");
assert.deepEqual(
    IDP_SDKS.filter((sdk) => loadedSdks().has(sdk)),
    ["@pulumi/okta"],
    "reading OktaOidcApp loads @pulumi/okta only",
);
// An IdP whose SDK is not installed (an optional peer) fails when used, naming the SDK.
assert.throws(() => root.CognitoOidcApp, /@pulumi\/aws/, "CognitoOidcApp without @pulumi/aws installed");

console.log(
    `root-program: require("wandb-sso") → ${path.relative(process.cwd(), resolved)}: ${names.length} names, no IdP SDK until one is used`,
);
