// The deployment target for real: `pulumi up` of this repository's program (IdP `existing`, the
// e2e OpenID provider) against a W&B-like Deployment whose env a Helm release owns, read back from
// the API server.
import type { Scenario } from "../lib/harness";
import { expect, expectEqual } from "../lib/harness";
import { repoProject, Stack, tail } from "../lib/pulumi";
import {
    CONTAINER,
    type Context,
    DEPLOYMENT,
    HELM_ENV,
    NS,
    existingStack,
    expectHelmEnvUntouched,
    expectedOidcEnv,
    oidcEnvOf,
    ownersOf,
    wandbDeployment,
    withManagedFields,
} from "./context";

const STACK = "e2e-deployment";
let stack: Stack | undefined;

function theStack(c: Context): Stack {
    stack ??= new Stack(c.env, STACK, repoProject(`${c.work}/project`));
    return stack;
}

/** The names of the ConfigMaps and Secrets the container's env reads. */
function referencedObjects(c: Context): { configMaps: Set<string>; secrets: Set<string> } {
    const container = c.kube.containers(NS, DEPLOYMENT).find((x) => x.name === CONTAINER)!;
    const configMaps = new Set<string>();
    const secrets = new Set<string>();
    for (const e of container.env ?? []) {
        if (e.valueFrom?.configMapKeyRef) configMaps.add(e.valueFrom.configMapKeyRef.name);
        if (e.valueFrom?.secretKeyRef) secrets.add(e.valueFrom.secretKeyRef.name);
    }
    return { configMaps, secrets };
}

async function up(c: Context, what: string): Promise<void> {
    const r = await theStack(c).up();
    if (r.code !== 0) throw new Error(`pulumi up (${what}) exited ${r.code}:\n${tail(r.stdout + r.stderr)}\n${c.kube.stallReport(NS)}`);
}

export const deploymentScenarios: Scenario<Context>[] = [
    {
        name: "deployment-up",
        async run(c) {
            c.kube.run(["create", "namespace", NS]);
            c.kube.apply(wandbDeployment(), "helm");
            c.kube.rolloutStatus(NS, DEPLOYMENT);
            const s = theStack(c);
            await existingStack(c, s, { target: "deployment", namespace: NS, name: DEPLOYMENT, container: CONTAINER });
            await up(c, "first");

            // The rollout completed: every replica runs the re-pointed template and is available.
            c.kube.rolloutStatus(NS, DEPLOYMENT, 60);
            const d = c.kube.get(`deployment`, DEPLOYMENT, NS);
            const status = d.status as { observedGeneration: number; updatedReplicas: number; availableReplicas: number };
            expectEqual(status.observedGeneration, d.metadata.generation, "observedGeneration");
            expectEqual([status.updatedReplicas, status.availableReplicas], [1, 1], "updated and available replicas");

            expectEqual(oidcEnvOf(c.kube.podEnv(NS, DEPLOYMENT, CONTAINER)), expectedOidcEnv(c), "the OIDC environment W&B's pod sees");
            expectHelmEnvUntouched(c);
            // Helm owns the Deployment's own env and still does: wandb-sso refuses only OIDC
            // variables a tool owns (none here; scenario adopt-helm-owned), and takes none of Helm's.
            const owned = withManagedFields(c, NS);
            for (const e of HELM_ENV) expectEqual(ownersOf(owned, e.name), ["helm"], `the owners of the Deployment's own ${e.name}`);
            expectEqual(ownersOf(owned, "OIDC_ISSUER"), ["wandb-sso-wandb"], "the owners of OIDC_ISSUER");

            // The secret is in the Secret the env reads, and nowhere else: not in the Deployment, no
            // ConfigMap, not in the stack's outputs or its state.
            const { configMaps, secrets } = referencedObjects(c);
            expectEqual(secrets.size, 1, "Secrets the env reads");
            const [secretName] = [...secrets];
            const secret = c.kube.get("secret", secretName!, NS);
            expectEqual(Buffer.from(secret.data?.OIDC_SECRET ?? "", "base64").toString(), c.op.clientSecret, "the Secret's OIDC_SECRET");
            expect(configMaps.size === 1, `the env reads one ConfigMap, not ${[...configMaps].join(", ")}`);
            const places: [string, string][] = [
                ["the Deployment", c.kube.run(["get", "deployment", DEPLOYMENT, "-n", NS, "-o", "json"])],
                ["the namespace's ConfigMaps", c.kube.run(["get", "configmaps", "-n", NS, "-o", "json"])],
                ["the stack outputs", JSON.stringify(await s.outputs())],
                ["the stack's state", await s.exportState()],
                ["the stack config file", (await import("node:fs")).readFileSync(s.configFile, "utf8")],
            ];
            for (const [where, text] of places) expect(!text.includes(c.op.clientSecret), `the client secret is in ${where}`);
        },
    },
    {
        name: "deployment-update",
        needs: ["deployment-up"],
        async run(c) {
            const before = [...referencedObjects(c).configMaps][0]!;
            await theStack(c).set("wandb-sso:wandb.sessionLengthHours", "48");
            await up(c, "session length 48 h");
            c.kube.rolloutStatus(NS, DEPLOYMENT, 60);
            const after = [...referencedObjects(c).configMaps][0]!;
            expect(after !== before, `the Deployment still reads ConfigMap ${before}`);
            expectEqual(
                oidcEnvOf(c.kube.podEnv(NS, DEPLOYMENT, CONTAINER)),
                expectedOidcEnv(c, { SESSION_LENGTH: "48", GORILLA_SESSION_LENGTH: "48h" }),
                "the OIDC environment after the update",
            );
            // Create-before-delete: the old ConfigMap is gone only now that the new one is in use.
            expect(c.kube.tryGet("configmap", before, NS) === undefined, `the old ConfigMap ${before} still exists`);
            expectHelmEnvUntouched(c);
        },
    },
    {
        name: "switch-over-guard",
        needs: ["deployment-up"],
        async run(c) {
            const s = theStack(c);
            const before = referencedObjects(c);
            // A short deadline: the check retries an unknown client (it may be propagating) until then.
            await s.set("wandb-sso:wandb.verifyDeadlineSeconds", "5");
            await s.set("wandb-sso:existing.clientId", "a-client-the-provider-does-not-know");
            try {
                const r = await s.up();
                const output = r.stdout + r.stderr;
                expect(r.code !== 0, "pulumi up with a client the provider does not know succeeded");
                expect(
                    /before hook "wandb-verify-switch-over" failed/.test(output),
                    `the failure does not name the switch-over check:\n${tail(output)}`,
                );
                expect(
                    /W&B was not switched/.test(output) && /authorization request: .*invalid_client/.test(output),
                    `the failure does not name the failed check:\n${tail(output)}`,
                );
                expectEqual(referencedObjects(c), before, "the ConfigMap and Secret the Deployment reads after the refused switch");
                const env = c.kube.podEnv(NS, DEPLOYMENT, CONTAINER);
                expectEqual(env.OIDC_CLIENT_ID, c.op.clientId, "OIDC_CLIENT_ID after the refused switch");
                // Refused again: the objects W&B still reads must survive the next update (the engine
                // deletes a replaced original first, so a refused switch must leave none pending).
                const again = await s.up();
                expect(again.code !== 0, "the second pulumi up with the unknown client succeeded");
                expectEqual(referencedObjects(c), before, "the objects the Deployment reads after a second refused switch");
                expectEqual(
                    c.kube.podEnv(NS, DEPLOYMENT, CONTAINER).OIDC_CLIENT_ID,
                    c.op.clientId,
                    "OIDC_CLIENT_ID (read from the live ConfigMap) after a second refused switch",
                );

                // With the check off, the same change goes through, with the warning.
                await s.set("wandb-sso:verify", "false");
                const unchecked = await s.up();
                const out = unchecked.stdout + unchecked.stderr;
                expect(unchecked.code === 0, `pulumi up with verify off failed:\n${tail(out)}`);
                expect(
                    /without (a|the) check|switch-over check is off|verify.*false/i.test(out),
                    `no warning that the check is off:\n${tail(out)}`,
                );
                expectEqual(
                    c.kube.podEnv(NS, DEPLOYMENT, CONTAINER).OIDC_CLIENT_ID,
                    "a-client-the-provider-does-not-know",
                    "OIDC_CLIENT_ID with verify off",
                );
            } finally {
                // Back to the good client, with the check on again, whatever happened above.
                await s.set("wandb-sso:existing.clientId", c.op.clientId);
                await s.rm("wandb-sso:verify");
                await s.rm("wandb-sso:wandb.verifyDeadlineSeconds");
                await up(c, "back to the good client");
            }
        },
    },
    {
        name: "break-glass",
        needs: ["deployment-up"],
        async run(c) {
            const s = theStack(c);
            await s.set("wandb-sso:localRestore", "true");
            await up(c, "break-glass on");
            c.kube.rolloutStatus(NS, DEPLOYMENT, 60);
            expectEqual(c.kube.podEnv(NS, DEPLOYMENT, CONTAINER).LOCAL_RESTORE, "true", "LOCAL_RESTORE with break-glass on");
            expectEqual((await s.outputs()).breakGlass, true, "the breakGlass output");
            await s.set("wandb-sso:localRestore", "false");
            await up(c, "break-glass off");
            c.kube.rolloutStatus(NS, DEPLOYMENT, 60);
            const env = c.kube.podEnv(NS, DEPLOYMENT, CONTAINER);
            expect(!("LOCAL_RESTORE" in env), `LOCAL_RESTORE is still ${JSON.stringify(env.LOCAL_RESTORE)} with break-glass off`);
            expectEqual((await s.outputs()).breakGlass, undefined, "the breakGlass output with break-glass off");
        },
    },
    {
        name: "protect",
        needs: ["deployment-up"],
        async run(c) {
            const s = theStack(c);
            const refused = await s.pulumi(["destroy", "--yes", "--skip-preview"], { timeoutSeconds: 300 });
            const output = refused.stdout + refused.stderr;
            expect(refused.code !== 0, "pulumi destroy with protect on succeeded");
            expect(/protect/i.test(output), `the refusal does not say the resource is protected:\n${tail(output)}`);
            expect(/DeploymentPatch|wandb-deployment|wandb/.test(output), `the refusal names no resource:\n${tail(output)}`);
            expectEqual(c.kube.podEnv(NS, DEPLOYMENT, CONTAINER).OIDC_CLIENT_ID, c.op.clientId, "OIDC_CLIENT_ID after the refused destroy");

            await s.set("wandb-sso:protect", "false");
            await up(c, "protect off");
            const destroyed = await s.pulumi(["destroy", "--yes", "--skip-preview"], { timeoutSeconds: 300 });
            expect(destroyed.code === 0, `pulumi destroy with protect off failed:\n${tail(destroyed.stdout + destroyed.stderr)}`);
            // Everything wandb-sso made is gone; the Deployment keeps what was its own.
            const left = c.kube.list("configmaps", NS).filter((m) => m.metadata.name.startsWith("wandb"));
            expectEqual(
                left.map((m) => m.metadata.name),
                [],
                "ConfigMaps wandb-sso made, left after destroy",
            );
            const secrets = c.kube.list("secrets", NS).filter((m) => m.metadata.name.startsWith("wandb"));
            expectEqual(
                secrets.map((m) => m.metadata.name),
                [],
                "Secrets wandb-sso made, left after destroy",
            );
            const env = c.kube.podEnv(NS, DEPLOYMENT, CONTAINER);
            expectEqual(Object.keys(oidcEnvOf(env)).sort(), [], "OIDC variables left on the Deployment after destroy");
            expectHelmEnvUntouched(c);
            expect(c.kube.tryGet("deployment", DEPLOYMENT, NS) !== undefined, "the Deployment itself was deleted");
        },
    },
];
