// The policy pack for real: `pulumi preview --policy-pack ./policy` through the real engine, on a
// stack that writes a client secret in clear text (refused, naming the policy) and on this
// repository's own deployment stack (passes).
import fs from "node:fs";
import path from "node:path";
import type { Scenario } from "../lib/harness";
import { expect } from "../lib/harness";
import { REPO, repoProject, run, Stack, tail } from "../lib/pulumi";
import { type Context, existingStack } from "./context";

const POLICY = path.join(REPO, "policy");

/** The policy pack runs from its own directory, with its own dependencies installed (npm ci). */
async function installPolicyPack(c: Context): Promise<void> {
    if (fs.existsSync(path.join(POLICY, "node_modules", "@pulumi", "policy"))) return;
    const r = await run(c.env, "npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: POLICY, timeoutSeconds: 300 });
    if (r.code !== 0) throw new Error(`npm ci in policy/: ${tail(r.stderr)}`);
}

export const policyScenarios: Scenario<Context>[] = [
    {
        name: "policy-pack",
        async run(c) {
            await installPolicyPack(c);
            // The clear-text stack: its own project directory, the repository's node_modules.
            const dir = path.join(c.work, "cleartext");
            fs.mkdirSync(dir, { recursive: true });
            for (const f of ["Pulumi.yaml", "index.ts"])
                fs.copyFileSync(path.join(__dirname, "../fixtures/cleartext", f), path.join(dir, f));
            if (!fs.existsSync(path.join(dir, "node_modules")))
                fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"));
            const bad = new Stack(c.env, "e2e-cleartext", dir);
            await bad.init();
            const refused = await bad.pulumi(["preview", "--policy-pack", POLICY], { timeoutSeconds: 300 });
            const out = refused.stdout + refused.stderr;
            expect(refused.code !== 0, `the clear-text stack passed the policy pack:\n${tail(out)}`);
            expect(
                /no-clear-text-client-secret|clear[- ]text/i.test(out),
                `the failure does not name the clear-text policy:\n${tail(out)}`,
            );
            expect(!out.includes("s3cr3t-in-clear-text"), "the policy's message quotes the secret");

            // A clean stack: this repository's program with the deployment target passes.
            const good = new Stack(c.env, "e2e-policy-clean", repoProject(`${c.work}/project`));
            await existingStack(c, good, { namespace: "wandb" });
            const passed = await good.pulumi(["preview", "--policy-pack", POLICY], { timeoutSeconds: 300 });
            expect(passed.code === 0, `the clean stack failed the policy pack:\n${tail(passed.stdout + passed.stderr)}`);
        },
    },
];
