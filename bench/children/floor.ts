// The floor for the offline plan of the dev stack: only what no plan can avoid, loaded the way the
// program loads it and under the same loader (`node --import tsx`). That is @pulumi/pulumi, the
// root of @pulumi/aws (providers/cognito.ts does `import * as aws from "@pulumi/aws"`) with the
// Cognito classes and getRegion the component constructs, and @pulumi/kubernetes with the classes
// the deployment target constructs (src/wandb). Nothing of wandb-sso, commander or yaml.
//
//   node --import tsx bench/children/floor.ts
// (`npm run bench` compares the files it loads with the plan's: the SDK files must be the same.)

require("@pulumi/pulumi");
const aws = require("@pulumi/aws") as typeof import("@pulumi/aws");
const k8s = require("@pulumi/kubernetes") as typeof import("@pulumi/kubernetes");

// Property reads trigger the SDKs' lazy loading of each class's module, as `new` does.
const touched = [
    aws.cognito.UserPool,
    aws.cognito.UserPoolDomain,
    aws.cognito.UserPoolClient,
    aws.getRegionOutput,
    k8s.core.v1.ConfigMap,
    k8s.apps.v1.DeploymentPatch,
];
if (touched.some((t) => typeof t !== "function")) throw new Error("the floor did not load every class it names");
