import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, throwIfAny } from "../src/errors";
import { formatProblems, nestedTooDeepAt, Problems } from "../src/problems";
import { errorOf, problemsOf } from "./helpers/stackConfig";

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
        throwIfAny(new Problems());
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

describe("input nested too deep", () => {
    const deepList = (levels: number): unknown => {
        let value: unknown = "x";
        for (let i = 0; i < levels; i++) value = [value];
        return value;
    };

    /** JSON text of a list `levels` deep (JSON.stringify itself would exhaust the stack). */
    const deepJson = (levels: number) => `${"[".repeat(levels)}"x"${"]".repeat(levels)}`;

    it("finds where a value goes past 32 levels, without recursion, in data and in JSON text", () => {
        assert.equal(nestedTooDeepAt(deepList(32)), undefined);
        assert.equal(nestedTooDeepAt(deepList(33)), "[0][0][0][0][0][0][0][0]…");
        assert.equal(nestedTooDeepAt(`{"a": ${deepJson(200_000)}}`), ".a[0][0][0][0][0][0][0]…");
        assert.equal(nestedTooDeepAt("[not json"), undefined);
        assert.equal(nestedTooDeepAt(pulumi.output(deepList(40))), undefined, "an Output is not walked");
    });

    it("the stack path: a key 10,000 levels deep is 'nested too deep at <key>' (an unknown key's value is neither walked nor shown)", () => {
        const deep = deepJson(10_000);
        const problems = problemsOf({
            host: "https://wandb.example.com",
            idp: "okta",
            okta: `{"orgUrl": "https://acme.okta.com", "label": ${deep}}`,
            extra: deep,
        });
        assert.deepEqual(
            problems
                .filter((p) => p.includes("nested"))
                .map((p) => p.replace(/ = .*?: nested too deep at /, " → ").replace(/: no setting.*/, "")),
            ["wandb-sso:okta.label → wandb-sso:okta.label[0][0][0][0][0][0][0][0]…"],
        );
        assert.ok(problems.some((p) => p.startsWith('wandb-sso:extra = "[not shown]": unknown key')));
        // Under a secret key, the path (made of the value's own keys) is not shown: only the setting.
        const secret = problemsOf(
            { host: "https://wandb.example.com", idp: "okta", okta: `{"orgUrl": "https://acme.okta.com", "label": {"pin-1234": ${deep}}}` },
            ["okta"],
        ).filter((p) => p.includes("nested"));
        assert.deepEqual(secret, [
            'wandb-sso:okta.label = "[secret]": nested too deep at wandb-sso:okta.label: no setting is nested more than 32 levels; give the plain value the setting takes',
        ]);
        const message = formatProblems(errorOf({ host: deep }).problems, "t");
        assert.match(message, /wandb-sso:host = \(nested more than 32 levels\): nested too deep at wandb-sso:host\[0\]/);
    });
});
