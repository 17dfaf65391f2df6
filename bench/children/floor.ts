// The floor for the offline plan of the dev stack: only what no plan can avoid, loaded the way the
// program loads it and under the same loader (`node --import tsx`). That is @pulumi/pulumi, the
// @pulumi/aws submodules providers/cognito/index.ts imports (cognito, getRegion) with the classes the
// component constructs, and the @pulumi/kubernetes submodules src/wandb imports with the classes
// the deployment target constructs. Nothing of wandb-sso, commander or yaml.
//
//   node --import tsx bench/children/floor.ts
// (`npm run bench` compares the files it loads with the plan's: the SDK files must be the same.)

import "@pulumi/pulumi";
import * as cognito from "@pulumi/aws/cognito";
import { getRegionOutput } from "@pulumi/aws/getRegion";
import * as corev1 from "@pulumi/kubernetes/core/v1";
import * as appsv1 from "@pulumi/kubernetes/apps/v1";
import "@pulumi/kubernetes/apiextensions";

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
