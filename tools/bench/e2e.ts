// `npm run bench:e2e [-- --runs N]`: the end-to-end figures, with the real Pulumi CLI against the
// e2e environment (test/e2e, docs/e2e.md). Figures only, never assertions.
// 1. preview: `pulumi preview` of wandb-sso's deployment stack (IdP existing) against a hand-written
//    program that registers the same Kubernetes resources with @pulumi/kubernetes alone
//    (test/e2e/fixtures/handwritten), runs interleaved, medians and their ratio.
// 2. guard: what the switch-over check adds to `pulumi up` against a healthy OpenID provider: an
//    update that re-points W&B (a changed session length) with the check on and with it off,
//    interleaved.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { down, up } from "../../test/e2e/env";
import { Kube } from "../../test/e2e/lib/kube";
import { startE2eProvider } from "../../test/e2e/lib/op";
import { REPO, repoProject, Stack, tail } from "../../test/e2e/lib/pulumi";
import { NS, wandbDeployment } from "../../test/e2e/scenarios/context";
import { formatNumber, summarize } from "./stats";

async function timed(what: string, run: () => Promise<{ code: number; stdout: string; stderr: string }>): Promise<number> {
    const start = performance.now();
    const r = await run();
    if (r.code !== 0) throw new Error(`${what} exited ${r.code}:\n${tail(r.stdout + r.stderr)}`);
    return performance.now() - start;
}

function line(label: string, samples: number[]): string {
    const s = summarize(samples);
    return `${label.padEnd(44)} median ${formatNumber(s.median)} ms  (min ${formatNumber(s.min)}, max ${formatNumber(s.max)}, n=${samples.length})`;
}

async function main(): Promise<void> {
    const runsArg = process.argv.indexOf("--runs");
    const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "wandb-sso-bench-e2e-"));
    process.env.WANDB_SSO_E2E_STATE ??= path.join(work, "env");
    const env = await up();
    const host = "http://127.0.0.1:18080";
    const op = await startE2eProvider(host);
    try {
        const kube = new Kube(env);
        kube.run(["create", "namespace", NS]);
        kube.apply(wandbDeployment(), "helm");

        const ours = new Stack(env, "bench-wandb-sso", repoProject(path.join(work, "project")));
        await ours.init();
        for (const [k, v] of [
            ["wandb-sso:host", host],
            ["wandb-sso:idp", "existing"],
            ["wandb-sso:existing.issuer", op.issuer],
            ["wandb-sso:existing.clientId", op.clientId],
            ["wandb-sso:wandb.namespace", NS],
        ] as const)
            await ours.set(k, v);
        await ours.set("wandb-sso:existing.clientSecret", op.clientSecret, true);

        const dir = path.join(work, "handwritten");
        fs.mkdirSync(dir);
        for (const f of ["Pulumi.yaml", "index.ts"])
            fs.copyFileSync(path.join(REPO, "test/e2e/fixtures/handwritten", f), path.join(dir, f));
        fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"));
        const baseline = new Stack(env, "bench-handwritten", dir);
        await baseline.init();
        for (const [k, v] of [
            ["issuer", op.issuer],
            ["clientId", op.clientId],
            ["host", host],
        ] as const)
            await baseline.set(`handwritten-wandb-oidc:${k}`, v);
        await baseline.set("handwritten-wandb-oidc:clientSecret", op.clientSecret, true);

        // 1. preview, interleaved (one warm-up each: plugin and module caches).
        await timed("warm-up", () => ours.pulumi(["preview"]));
        await timed("warm-up", () => baseline.pulumi(["preview"]));
        const oursPreview: number[] = [];
        const basePreview: number[] = [];
        for (let i = 0; i < runs; i++) {
            oursPreview.push(await timed("wandb-sso preview", () => ours.pulumi(["preview"])));
            basePreview.push(await timed("hand-written preview", () => baseline.pulumi(["preview"])));
        }

        // 2. the switch-over check: updates that re-point W&B, check on and off, interleaved.
        await timed("first up", () => ours.up());
        const on: number[] = [];
        const off: number[] = [];
        for (let i = 0; i < runs; i++) {
            await ours.rm("wandb-sso:verify").catch(() => undefined);
            await ours.set("wandb-sso:wandb.sessionLengthHours", String(100 + 2 * i));
            on.push(await timed("up, check on", () => ours.up()));
            await ours.set("wandb-sso:verify", "false");
            await ours.set("wandb-sso:wandb.sessionLengthHours", String(101 + 2 * i));
            off.push(await timed("up, check off", () => ours.up()));
        }

        const ratio = summarize(oursPreview).median / summarize(basePreview).median;
        const added = summarize(on).median - summarize(off).median;
        const report = [
            line("pulumi preview, wandb-sso deployment stack", oursPreview),
            line("pulumi preview, hand-written equivalent", basePreview),
            `preview ratio (wandb-sso / hand-written, medians): ${ratio.toFixed(2)}`,
            line("pulumi up re-pointing W&B, check on", on),
            line("pulumi up re-pointing W&B, check off", off),
            `the switch-over check adds (median on - median off): ${formatNumber(added)} ms`,
        ].join("\n");
        process.stdout.write(`${report}\n`);
        fs.mkdirSync(path.join(__dirname, "results"), { recursive: true });
        fs.writeFileSync(
            path.join(__dirname, "results", "e2e.json"),
            JSON.stringify(
                { runs, preview: { wandbSso: oursPreview, handwritten: basePreview, ratio }, guard: { on, off, addedMs: added } },
                null,
                2,
            ),
        );
    } finally {
        await op.close();
        await down();
        fs.rmSync(work, { recursive: true, force: true });
    }
}

main().catch((err: unknown) => {
    process.stderr.write(`bench:e2e: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
});
