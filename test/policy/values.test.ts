import { strict as assert } from "node:assert";
import * as policySdk from "@pulumi/policy";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { UNKNOWN, at, readProps } from "../../policy/lib/values";
import { runPolicies } from "./engine";
import { KNOWN_AFTER_APPLY, UNKNOWN_INPUT } from "./engineValues";
import { configMap } from "./fixtures";

// @pulumi/policy 1.21.0 index.js exports the proxy the server wraps properties in (typed `any`).
const { unknownCheckingProxy } = policySdk as unknown as { unknownCheckingProxy: (props: object) => object };

describe("policy/lib/values: reading properties with unknowns", () => {
    it("turns each unknown @pulumi/policy's proxy guards into UNKNOWN, keeping everything else", () => {
        const props = unknownCheckingProxy({ a: UNKNOWN_INPUT, b: [1, UNKNOWN_INPUT, "x"], c: { d: "x", e: null, f: true } });
        assert.deepEqual(readProps(props), { a: UNKNOWN, b: [1, UNKNOWN, "x"], c: { d: "x", e: null, f: true } });
    });

    it("at(): absent is undefined, and anything under an unknown is unknown", () => {
        const value = readProps(unknownCheckingProxy({ spec: UNKNOWN_INPUT, list: [{ name: "a" }] }));
        assert.equal(at(value, "spec", "template", "spec"), UNKNOWN);
        assert.equal(at(value, "list", 0, "name"), "a");
        assert.equal(at(value, "list", 3, "name"), undefined);
        assert.equal(at(value, "missing", "x"), undefined);
    });

    it("the harness sees the server's preview error when a policy reads an unknown directly (what readProps prevents)", async () => {
        const naive: ResourceValidationPolicy = {
            name: "naive",
            description: "reads props without readProps",
            validateResource: (args, report) => {
                if ((args.props as { data: { OIDC_ISSUER: string } }).data.OIDC_ISSUER === "x") report("never");
            },
        };
        const result = await runPolicies([naive], [configMap({ OIDC_ISSUER: KNOWN_AFTER_APPLY })]);
        assert.equal(result.cantRun.length, 1);
        assert.match(
            result.cantRun[0]!,
            /can't run policy 'naive' from policy pack 'wandb-sso@v0.1.0' during preview: string value at \.data\.OIDC_ISSUER/,
        );
    });
});
