// The repository's root: where package.json, Pulumi.yaml and stacks/ are.
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..");
