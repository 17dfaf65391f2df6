// An IdP behind a private CA, for real: the e2e OpenID provider over https with a certificate of the
// environment's own CA (env.ts idpTls), which no system trusts. `pulumi up` of an `existing` stack
// pointing at it is stopped by the switch-over check, naming the unknown authority, the CA that
// issued the certificate and the fix; with `wandb-sso:caCerts` it goes through, and the CA is read
// back from the cluster where W&B's pod reads it: the file the pod's mount puts under
// /usr/local/share/ca-certificates/, from the live Pod, volume and ConfigMap. `wandb-sso verify
// --ca-file` with that file passes, and without it fails the same way.
import { X509Certificate } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { IDP_CA_NAME } from "../env";
import type { Scenario } from "../lib/harness";
import { expect, expectEqual } from "../lib/harness";
import { filesUnder, LOCAL_CA_DIR, runningPod } from "../lib/podTrust";
import { REPO, repoProject, run, Stack, tail } from "../lib/pulumi";
import { type Context, CONTAINER, DEPLOYMENT, existingStack, expectedOidcEnv, oidcEnvOf, wandbDeployment } from "./context";

const NS = "wandb-private-ca";
const STACK = "e2e-private-ca";

/** `wandb-sso verify` (the CLI, in a process of its own) against the https provider's confidential client, with the given --ca-file. */
async function verifyCli(c: Context, caFiles: readonly string[]) {
    return run(
        c.env,
        "node",
        [
            "--import",
            "tsx",
            path.join(REPO, "src/cli/verify.ts"),
            "--issuer",
            c.tlsOp.issuer,
            "--client-id",
            c.tlsOp.clientId,
            "--host",
            c.host,
            "--auth-method",
            "pkce",
            ...caFiles.flatMap((f) => ["--ca-file", f]),
            // The client secret only from the environment, as verify reads it.
            "--from-env",
        ],
        { timeoutSeconds: 120, extraEnv: { OIDC_SECRET: c.tlsOp.clientSecret } },
    );
}

export const privateCaScenarios: Scenario<Context>[] = [
    {
        name: "private-ca",
        async run(c) {
            const caPem = fs.readFileSync(c.env.idpTls.caFile, "utf8");
            c.kube.run(["create", "namespace", NS]);
            const deployment = wandbDeployment() as { metadata: { namespace: string } };
            c.kube.apply({ ...deployment, metadata: { ...deployment.metadata, namespace: NS } }, "helm");
            c.kube.rolloutStatus(NS, DEPLOYMENT);
            const s = new Stack(c.env, STACK, repoProject(`${c.work}/project`));
            await existingStack(c, s, { target: "deployment", namespace: NS, name: DEPLOYMENT, container: CONTAINER }, {}, c.tlsOp);

            // 1. Without caCerts: the switch-over check cannot trust the provider's certificate.
            const refused = await s.up();
            const output = refused.stdout + refused.stderr;
            expect(refused.code !== 0, "pulumi up against the https provider without caCerts succeeded");
            expect(
                /before hook "wandb-verify-switch-over" failed/.test(output),
                `the failure does not name the switch-over check:\n${tail(output)}`,
            );
            for (const [what, pattern] of [
                ["the unknown authority", /unknown authority/],
                ["the issuer of the certificate the server presented", new RegExp(`issued by CN=${IDP_CA_NAME}`)],
                ["the fix", /set wandb-sso:caCerts \(or --ca-file\) to the certificate of the CA that signed the IdP's certificate/],
            ] as const) {
                expect(pattern.test(output), `the failure does not name ${what}:\n${tail(output)}`);
            }
            expect(
                !/rejectUnauthorized|NODE_TLS_REJECT_UNAUTHORIZED|insecure/i.test(output),
                `the failure suggests turning checks off:\n${tail(output)}`,
            );
            expectEqual(Object.keys(oidcEnvOf(c.kube.podEnv(NS, DEPLOYMENT, CONTAINER))), [], "OIDC variables after the refused switch");
            expectEqual(
                c.kube
                    .list("configmaps", NS)
                    .filter((m) => m.metadata.name.startsWith("wandb"))
                    .map((m) => m.metadata.name),
                [],
                "wandb-sso's ConfigMaps after the refused switch (the check runs before they are created)",
            );

            // 2. With the CA, as docs/wandb.md says to set it: pulumi up goes through.
            await s.set("wandb-sso:caCerts[0]", caPem);
            const passed = await s.up();
            expect(passed.code === 0, `pulumi up with caCerts failed:\n${tail(passed.stdout + passed.stderr)}`);
            expect(/switch-over check passed/.test(passed.stdout + passed.stderr), "the switch-over check did not say it passed");
            c.kube.rolloutStatus(NS, DEPLOYMENT, 60);
            expectEqual(
                oidcEnvOf(c.kube.podEnv(NS, DEPLOYMENT, CONTAINER)),
                expectedOidcEnv(c, {}, c.tlsOp),
                "the OIDC environment W&B's pod sees",
            );

            // 3. Where the pod reads it: a running pod of the Deployment, its mounts under
            //    /usr/local/share/ca-certificates/ (update-ca-certificates' directory) followed to the
            //    live ConfigMap, and the chart's variables pointing at the system bundle.
            const pod = runningPod(c.kube, NS, "wandb", (spec) => spec.volumes?.some((v) => v.name === "wandb-ca-certs-user") === true);
            const files = filesUnder(c.kube, NS, pod, CONTAINER, LOCAL_CA_DIR);
            const expected = new X509Certificate(caPem).toString();
            expectEqual(files, { "/usr/local/share/ca-certificates/configmap/wandb-sso-ca-0.crt": expected }, "the CA files the pod sees");
            const root = pod.spec.containers
                .find((x) => x.name === CONTAINER)!
                .volumeMounts!.find((m) => m.mountPath === "/usr/local/share/ca-certificates/");
            expect(
                root && pod.spec.volumes?.find((v) => v.name === root.name)?.emptyDir,
                "no emptyDir at /usr/local/share/ca-certificates/, as the chart has",
            );
            const env = c.kube.podEnv(NS, DEPLOYMENT, CONTAINER);
            expectEqual(
                [env.SSL_CERT_FILE, env.SSL_CERT_DIR, env.REQUESTS_CA_BUNDLE],
                ["/etc/ssl/certs/ca-certificates.crt", "/etc/ssl/certs", "/etc/ssl/certs/ca-certificates.crt"],
                "SSL_CERT_FILE, SSL_CERT_DIR, REQUESTS_CA_BUNDLE",
            );
            // Only the W&B container: the Deployment's sidecar gets nothing of it.
            const sidecar = pod.spec.containers.find((x) => x.name === "sidecar");
            expectEqual(
                (sidecar?.volumeMounts ?? []).filter((m) => m.mountPath.startsWith("/usr/local/share/ca-certificates")),
                [],
                "the sidecar's CA mounts",
            );

            // 4. verify trusts exactly that file: it passes with it, and without it fails naming the issuer.
            const readBack = path.join(c.work, "private-ca-from-the-pod.crt");
            fs.writeFileSync(readBack, Object.values(files)[0]!);
            const withCa = await verifyCli(c, [readBack]);
            expect(withCa.code === 0, `wandb-sso verify --ca-file <the pod's file> failed:\n${tail(withCa.stdout + withCa.stderr)}`);
            const withoutCa = await verifyCli(c, []);
            expect(withoutCa.code === 1, `wandb-sso verify without --ca-file exited ${withoutCa.code}`);
            expect(
                /unknown authority/.test(withoutCa.stdout) && withoutCa.stdout.includes(`CN=${IDP_CA_NAME}`),
                `verify without --ca-file does not name the unknown authority and its issuer:\n${tail(withoutCa.stdout)}`,
            );
        },
    },
];
