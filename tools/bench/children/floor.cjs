// The floor for the offline plan of the dev stack: a plain `node` process (no TypeScript loader)
// that loads only the SDK modules no plan of the dev stack can avoid, the way the program loads them:
// @pulumi/pulumi; the @pulumi/aws submodules providers/cognito/index.ts imports (cognito,
// getRegion, iam, lambda) with the classes the component constructs; the @pulumi/kubernetes
// submodules src/wandb imports with the classes the deployment target constructs. Nothing of
// wandb-sso, commander or yaml.
//
//   node tools/bench/children/floor.cjs
// (`npm run bench` compares the files it loads with the plan's: the SDK files must be the same.)
"use strict";
require("@pulumi/pulumi");
const cognito = require("@pulumi/aws/cognito");
const { getRegionOutput } = require("@pulumi/aws/getRegion");
require("@pulumi/aws/iam");
require("@pulumi/aws/lambda");
const corev1 = require("@pulumi/kubernetes/core/v1");
const appsv1 = require("@pulumi/kubernetes/apps/v1");
require("@pulumi/kubernetes/apiextensions");

// Property reads trigger the SDKs' lazy loading of each class's module, as `new` does.
const touched = [
    cognito.UserPool,
    cognito.UserPoolDomain,
    cognito.UserPoolClient,
    getRegionOutput,
    corev1.ConfigMap,
    appsv1.DeploymentPatch,
];
if (touched.some((t) => typeof t !== "function")) throw new Error("the floor did not load every class it names");
