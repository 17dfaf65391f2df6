// `npm run e2e`: the end-to-end tier. Builds the toolchain (cached), starts an environment of its
// own (etcd, API server, controller manager, scheduler, kwok, a local Pulumi backend, Keycloak) and
// a real OpenID provider on 127.0.0.1, runs every scenario in order with the real Pulumi CLI (the
// Keycloak ones with a real browser and the W&B login stand-in too), prints
// `PASS <name>` or `FAIL <name>: <reason>` for each, stops everything and exits non-zero if any
// failed. `npm run e2e -- <name>...` runs only those scenarios (and says which it left out).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { down, up } from "./env";
import { closeBrowser } from "./lib/browser";
import { runScenarios, type Scenario } from "./lib/harness";
import { Kube } from "./lib/kube";
import { startE2eProvider } from "./lib/op";
import { adoptScenarios } from "./scenarios/adopt";
import type { Context } from "./scenarios/context";
import { deploymentScenarios } from "./scenarios/deployment";
import { helmScenarios } from "./scenarios/helm";
import { keycloakScenarios } from "./scenarios/keycloak";
import { keycloakComponentScenarios } from "./scenarios/keycloakComponent";
import { keycloakPrivateCaScenarios } from "./scenarios/keycloakPrivateCa";
import { operatorScenarios } from "./scenarios/operator";
import { operatorV2Scenarios } from "./scenarios/operatorV2";
import { policyScenarios } from "./scenarios/policy";
import { privateCaScenarios } from "./scenarios/privateCa";
import { programScenarios } from "./scenarios/programs";

const SCENARIOS: Scenario<Context>[] = [
    ...deploymentScenarios,
    ...adoptScenarios,
    ...operatorScenarios,
    ...operatorV2Scenarios,
    ...helmScenarios,
    ...privateCaScenarios,
    ...policyScenarios,
    ...programScenarios,
    ...keycloakScenarios,
    ...keycloakComponentScenarios,
    ...keycloakPrivateCaScenarios,
];

async function main(): Promise<number> {
    const only = process.argv.slice(2);
    const unknown = only.filter((n) => !SCENARIOS.some((s) => s.name === n));
    if (unknown.length > 0) {
        process.stderr.write(`unknown scenario ${unknown.join(", ")}; known: ${SCENARIOS.map((s) => s.name).join(", ")}\n`);
        return 2;
    }
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "wandb-sso-e2e-run-"));
    process.env.WANDB_SSO_E2E_STATE ??= path.join(work, "env");
    const started = Date.now();
    // An environment that failed to come up is stopped too (Keycloak and the cluster run detached).
    const env = await up().catch(async (err: unknown) => {
        if (process.env.WANDB_SSO_E2E_KEEP !== "true") await down();
        throw err;
    });
    process.stdout.write(
        `environment up in ${((Date.now() - started) / 1000).toFixed(1)} s (API server ${env.apiServer}, Keycloak ${env.keycloak.url})\n`,
    );
    // The W&B host the stacks name: a loopback address nothing needs to answer on for these scenarios.
    const host = "http://127.0.0.1:18080";
    const op = await startE2eProvider(host);
    // The same provider over https, with a certificate of the environment's private CA (private-ca).
    const tls = env.idpTls;
    const tlsOp = await startE2eProvider(host, { cert: fs.readFileSync(tls.certFile, "utf8"), key: fs.readFileSync(tls.keyFile, "utf8") });
    try {
        const context: Context = { env, kube: new Kube(env), op, tlsOp, host, work };
        const outcomes = await runScenarios(SCENARIOS, context, only.length > 0 ? new Set(only) : undefined);
        const failed = outcomes.filter((o) => !o.passed);
        process.stdout.write(
            `\ne2e: ${outcomes.length - failed.length} passed, ${failed.length} failed in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
        );
        return failed.length === 0 && outcomes.length > 0 ? 0 : 1;
    } finally {
        await closeBrowser();
        await op.close();
        await tlsOp.close();
        if (process.env.WANDB_SSO_E2E_KEEP !== "true") {
            await down();
            fs.rmSync(work, { recursive: true, force: true });
        } else {
            process.stdout.write(`kept the environment and ${work} (WANDB_SSO_E2E_KEEP=true)\n`);
        }
    }
}

main().then(
    (code) => process.exit(code),
    (err: unknown) => {
        process.stderr.write(`e2e: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exit(1);
    },
);
