// The Pulumi program (Pulumi.yaml `main`). Pulumi calls the exported function and exports what it
// returns as the stack's outputs.
import * as pulumi from "@pulumi/pulumi";
import { configWarnings, readStackConfig } from "./config";
import { runtimeRawConfig } from "./config/source";
import { buildStack, type StackOutputs } from "./stack";

export = function program(): StackOutputs {
    // Validates every key first: a bad stack fails here with one message, having registered nothing.
    const raw = runtimeRawConfig();
    const config = readStackConfig(raw, pulumi.getStack());
    // Settings that do nothing (another IdP's, kept while migrating) are said once, not refused.
    for (const warning of configWarnings(raw, config)) void pulumi.log.warn(warning);
    return buildStack(config).outputs;
};
