import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, formatProblems, Problems } from "../src/problems";

describe("problems", () => {
    it("lists every problem with setting, value and fix", () => {
        assert.equal(
            formatProblems(
                [
                    { setting: "a", value: undefined, fix: "set it" },
                    { setting: "b", value: [1], fix: "use 2" },
                ],
                "x",
            ),
            "x: 2 problems; nothing was registered. Please fix:\n  - a = (not set): set it\n  - b = [1]: use 2",
        );
    });

    it("throws nothing when there is nothing to fix", () => {
        new Problems().throwIfAny();
    });

    it("is a RunError to Pulumi, so `pulumi up` prints the message without a stack trace", () => {
        assert.equal(pulumi.RunError.isInstance(new ConfigError([{ setting: "a", value: 1, fix: "f" }])), true);
    });

    it("does not load the Pulumi SDK (the verify CLI depends on that)", () => {
        const script =
            `require(${JSON.stringify(path.resolve(__dirname, "../src/cli/verify.ts"))}); ` +
            `process.stdout.write(String(Object.keys(require.cache).some((f) => f.includes("@pulumi"))))`;
        const result = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { encoding: "utf8" });
        assert.equal(result.stdout, "false", result.stderr);
    });
});
