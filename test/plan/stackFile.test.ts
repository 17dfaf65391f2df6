// Stack files read as the Pulumi CLI reads them (gopkg.in/yaml.v3, sdk/go/common/workspace
// loaders.go LoadProjectStackBytes): merge keys (`<<: *anchor`) expanded, with the CLI's precedence;
// what the CLI would read differently is refused with a clear message; input nested deeper than any
// setting is refused as "nested too deep at <key>" before the YAML parser can exhaust its stack.
import { strict as assert } from "node:assert";
import { readProject, readStackFile, StackFileError } from "../../tools/plan/stackFile";
import { runPlan } from "./planCli";
import { projectWithStacks } from "./planStacks";

const OKTA =
    "config:\n  wandb-sso:host: https://wandb.example.com\n  wandb-sso:idp: okta\n  wandb-sso:okta: { orgUrl: https://acme.okta.com }\n";

/** The stack file's config as the program gets it (objects parsed back from Pulumi's JSON). */
function configOf(yaml: string): Record<string, unknown> {
    const dir = projectWithStacks("wandb-sso-stackfile-", { t: yaml });
    const { config } = readStackFile(readProject(dir), "t");
    return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, v.startsWith("{") ? JSON.parse(v) : v]));
}

function refusal(yaml: string): string {
    try {
        configOf(yaml);
    } catch (e) {
        assert.ok(e instanceof StackFileError, String(e));
        return e.message;
    }
    assert.fail("expected a StackFileError");
}

describe("stack files: merge keys as the Pulumi CLI reads them", () => {
    it("expands <<: *anchor; keys written out win over merged ones", () => {
        const config = configOf(
            `${OKTA}  wandb-sso:wandb:\n    <<: &w { target: deployment, namespace: team-a, name: wandb }\n    namespace: wandb\n`,
        );
        assert.deepEqual(config["wandb-sso:wandb"], { target: "deployment", namespace: "wandb", name: "wandb" });
    });

    it("merges a list of mappings, the earlier one winning (yaml.v3 decode.go merge)", () => {
        const yaml = `${OKTA}  wandb-sso:okta:\n    <<: [{ orgUrl: https://a.okta.com }, { orgUrl: https://b.okta.com, label: W&B }]\n`;
        const text = yaml.replace("  wandb-sso:okta: { orgUrl: https://acme.okta.com }\n", "");
        assert.deepEqual(configOf(text)["wandb-sso:okta"], { orgUrl: "https://a.okta.com", label: "W&B" });
    });

    it("a quoted '<<' is a key like any other, as in yaml.v3", () => {
        assert.deepEqual(configOf(`${OKTA}  wandb-sso:wandb: { "<<": { namespace: wandb } }\n`)["wandb-sso:wandb"], {
            "<<": { namespace: "wandb" },
        });
    });

    it("refuses two merge keys in one mapping (the CLI merges only the last), naming the line", () => {
        const message = refusal(`${OKTA}  wandb-sso:wandb:\n    <<: { namespace: a }\n    <<: { namespace: b }\n`);
        assert.match(message, /:7:5: a second merge key \(<<\) in one mapping.*<<: \[\*first, \*second\]/);
    });

    it("refuses a merge of a scalar or of an alias of a list (the CLI refuses both)", () => {
        for (const value of ["3", "*l"]) {
            const message = refusal(`x: &l [{ namespace: a }]\n${OKTA}  wandb-sso:wandb:\n    <<: ${value}\n`);
            assert.match(message, /:7:9: a merge key \(<<\) takes a mapping, an alias of one/);
        }
    });

    it("plans a stack that uses merge keys", async () => {
        const dir = projectWithStacks("wandb-sso-merge-", {
            merged: `${OKTA}  wandb-sso:wandb:\n    <<: { target: deployment, namespace: wandb }\n    name: wandb\n`,
        });
        const result = await runPlan(["--project", dir, "--stack", "merged", "--json"]);
        assert.equal(result.status, 0, result.stderr);
        const plan = JSON.parse(result.stdout);
        const patch = plan.resources.find((r: { type: string }) => r.type === "kubernetes:apps/v1:DeploymentPatch");
        assert.equal(patch.inputs.metadata.namespace, "wandb");
    });
});

describe("stack files nested too deep", () => {
    const deep = (levels: number) => `${"[".repeat(levels)}x${"]".repeat(levels)}`;

    it("refuses a value 10,000 levels deep with the key and position, not a stack overflow", () => {
        const message = refusal(`${OKTA}  wandb-sso:extra:\n    label: ${deep(10_000)}\n`);
        assert.match(
            message,
            /Pulumi\.t\.yaml:6:\d+: nested too deep at wandb-sso:extra\.label\[0\]\[0\].*no setting is nested more than 32 levels/,
        );
        assert.doesNotMatch(message, /call stack/);
    });

    it("names the path through mappings, and reads 32 levels as any other value", () => {
        const nested = (levels: number) => Array.from({ length: levels }, (_, i) => `${"  ".repeat(i + 2)}k${i}:`).join("\n");
        assert.match(refusal(`${OKTA}  wandb-sso:extra:\n${nested(40)}\n${"  ".repeat(42)}v: 1\n`), /at wandb-sso:extra\.k0\.k1\.k2/);
        assert.equal(typeof configOf(`${OKTA}  wandb-sso:extra: ${deep(32)}\n`)["wandb-sso:extra"], "string");
        assert.match(refusal(`${OKTA}  wandb-sso:extra: ${deep(33)}\n`), /nested too deep at wandb-sso:extra\[0\]/);
    });
});
