// Pulumi.yaml's typed keys as the real Pulumi CLI reads them: a declared key without a `default` is
// required (`pulumi up` stops with "Stack ... is missing configuration values ..."; found by running
// the real CLI in the end-to-end tier), and a default is passed to the program as if the stack set it.
// So only the keys the program requires may lack a default, and each default must be the program's.
import { strict as assert } from "node:assert";
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { readStackConfig } from "../../src/config";
import { raw } from "../helpers/stackConfig";

interface Declared {
    type: string;
    default?: unknown;
}

const project = parse(fs.readFileSync(path.join(__dirname, "../../Pulumi.yaml"), "utf8")) as { config: Record<string, Declared> };
const REQUIRED = ["wandb-sso:host", "wandb-sso:idp"];
const minimal = {
    host: "https://wandb.example.com",
    idp: "existing",
    existing: JSON.stringify({ issuer: "https://idp.example.com", clientId: "wandb" }),
    wandb: JSON.stringify({ namespace: "wandb" }),
};

describe("Pulumi.yaml's declared keys, as the Pulumi CLI reads them", () => {
    it("has a default for every key but the required ones (the CLI refuses a stack that lacks one without)", () => {
        const withoutDefault = Object.entries(project.config)
            .filter(([, d]) => d.default === undefined)
            .map(([k]) => k);
        assert.deepEqual(withoutDefault.sort(), REQUIRED);
    });

    it("each default is the program's own: the stack reads the same with the key unset or set to its default", () => {
        const unset = readStackConfig(raw(minimal), "t");
        for (const [key, declared] of Object.entries(project.config)) {
            if (declared.default === undefined) continue;
            const bare = key.slice("wandb-sso:".length);
            // As Pulumi hands config to the program: strings as they are, anything else as JSON.
            const value: unknown = declared.default;
            const set = readStackConfig(raw({ ...minimal, [bare]: typeof value === "string" ? value : JSON.stringify(value) }), "t");
            assert.deepEqual(set, unset, `${key}: default ${JSON.stringify(declared.default)}`);
        }
    });
});
