// The Pulumi program (Pulumi.yaml `main`). Pulumi calls the exported function and exports what it
// returns as the stack's outputs.
import * as pulumi from "@pulumi/pulumi";
import { readStackConfig } from "./config";
import { runtimeRawConfig } from "./config/source";
import { buildStack, type StackOutputs } from "./stack";

export = function program(): StackOutputs {
    // Validates every key first: a bad stack fails here with one message, having registered nothing.
    const config = readStackConfig(runtimeRawConfig(), pulumi.getStack());
    return buildStack(config).outputs;
};
