// The hostile stack files (./stacks.ts) through the real plan CLI (`main`, as `npm run plan` runs
// it): each exits non-zero with a message that names the offending key, holds no stack frame, no
// secret and no plan, and stays small whatever the input. The hostile-looking but valid ones plan
// (exit 0). The counts are in docs/reliability.md.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { UNDECRYPTED_SECRET } from "../../tools/plan/stackFile";
import { runPlan, type CliResult } from "../plan/planCli";
import { projectWithStacks } from "../plan/planStacks";
import { ACCEPTED_STACKS, HOSTILE_STACKS, SECURE_VALUE } from "./stacks";

/** The most a refusal may print, whatever the input (the largest hostile value is 100 KB). */
const MAX_OUTPUT_BYTES = 8 * 1024;
const STACK_FRAME = /\n\s+at /;

const stackName = (prefix: string, index: number) => `${prefix}${String(index).padStart(3, "0")}`;

describe("hostile stack files through the plan CLI", function () {
    this.timeout(120_000);
    const refused: CliResult[] = [];
    const accepted: CliResult[] = [];
    let dir: string;

    before(async () => {
        dir = projectWithStacks("wandb-sso-hostile-", {
            ...Object.fromEntries(HOSTILE_STACKS.map((s, i) => [stackName("h", i), s.yaml])),
            ...Object.fromEntries(ACCEPTED_STACKS.map((s, i) => [stackName("ok", i), s.yaml])),
        });
        const run = (name: string) => runPlan(["--project", dir, "--stack", name]);
        refused.push(...(await Promise.all(HOSTILE_STACKS.map((_, i) => run(stackName("h", i))))));
        accepted.push(...(await Promise.all(ACCEPTED_STACKS.map((_, i) => run(stackName("ok", i))))));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("has at least 60 hostile stack files, in every class", () => {
        assert.ok(HOSTILE_STACKS.length >= 60, String(HOSTILE_STACKS.length));
        const kinds = new Set(HOSTILE_STACKS.map((s) => s.kind));
        for (const kind of [
            "URLs and hosts",
            "CORS origins",
            "Issuers and IDs",
            "Names",
            "Secrets",
            "YAML syntax and shape",
            "Namespaces",
            "Unselected IdPs",
            "Sizes",
            "Types",
        ]) {
            assert.ok(kinds.has(kind), kind);
        }
    });

    HOSTILE_STACKS.forEach((hostile, i) => {
        it(`${hostile.kind}: refuses ${hostile.what}, cleanly`, () => {
            const { status, stdout, stderr } = refused[i]!;
            const output = stdout + stderr;
            assert.equal(status, 1, output.slice(0, 2000));
            assert.equal(stdout, "", "a refused stack prints no plan");
            assert.ok(stderr.includes(hostile.names), `stderr does not name ${hostile.names}:\n${stderr.slice(0, 2000)}`);
            assert.ok(!STACK_FRAME.test(output), `a stack frame:\n${output.slice(0, 2000)}`);
            assert.ok(!output.includes("internal error"), output.slice(0, 2000));
            assert.ok(Buffer.byteLength(output) < MAX_OUTPUT_BYTES, `${Buffer.byteLength(output)} bytes`);
            assert.ok(!output.includes(SECURE_VALUE) && !output.includes(UNDECRYPTED_SECRET), "a secure value leaked");
            assert.ok(!output.includes("hunter2"), "a password in plain text leaked");
            if (hostile.error === "config")
                assert.match(stderr, /^wandb-sso stack "h\d+": \d+ problems?; nothing was registered\. Please fix:\n/);
            else assert.match(stderr, new RegExp(`Pulumi\\.${stackName("h", i)}\\.yaml`));
        });
    });

    it("shows a secret's value as [secret], never its text (in the plan, the stand-in for it)", () => {
        const secrets = HOSTILE_STACKS.flatMap((s, i) => (s.kind === "Secrets" ? [refused[i]!.stderr] : []));
        for (const stderr of secrets) assert.match(stderr, /= "\[secret\]"/);
    });

    it("lists only so many of 500 problems, saying how many more there are", () => {
        const i = HOSTILE_STACKS.findIndex((s) => s.what === "500 unknown keys");
        assert.match(refused[i]!.stderr, /… and \d+ more problems \(fix these first\)/);
    });

    it("refuses a malformed Pulumi.yaml, a missing project, a stack name with a path, a stack file that is a directory, cleanly", async () => {
        const broken = fs.mkdtempSync(path.join(os.tmpdir(), "wandb-sso-hostile-project-"));
        try {
            fs.writeFileSync(path.join(broken, "Pulumi.yaml"), "name: [wandb-sso\n");
            fs.mkdirSync(path.join(dir, "stacks", "Pulumi.adir.yaml"));
            const runs = await Promise.all([
                runPlan(["--project", broken, "--stack", "dev"]),
                runPlan(["--project", path.join(broken, "missing"), "--stack", "dev"]),
                runPlan(["--project", dir, "--stack", "../../etc/passwd"]),
                runPlan(["--project", dir, "--stack", "adir"]),
            ]);
            const expected = [
                /Pulumi\.yaml:2:1: .*\(YAML BAD_INDENT\)/,
                /Pulumi\.yaml does not exist: --project names the directory/,
                /a stack name is up to 100 letters/,
                /Pulumi\.adir\.yaml cannot be read \(EISDIR\)/,
            ];
            runs.forEach((run, i) => {
                assert.equal(run.status, 1, run.stderr);
                assert.match(run.stderr, expected[i]!);
                assert.ok(!STACK_FRAME.test(run.stderr), run.stderr);
            });
        } finally {
            fs.rmSync(broken, { recursive: true, force: true });
        }
    });

    ACCEPTED_STACKS.forEach((valid, i) => {
        it(`accepts ${valid.what}: ${valid.why}`, () => {
            const { status, stderr } = accepted[i]!;
            assert.equal(status, 0, stderr.slice(0, 2000));
        });
    });
});
