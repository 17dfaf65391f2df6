// Keycloak behind the private CA: a realm whose frontend URL is Keycloak's https listener (the
// certificate of the environment's own CA, env.ts idpTls), so its issuer and endpoints are https.
// `pulumi up` of an `existing` stack pointing W&B at it is stopped by the switch-over check without
// `wandb-sso:caCerts`, naming the unknown authority and its issuer, and goes through with it. Then
// a person signs in through the https issuer, to the W&B login stand-in, which trusts only the CA
// files mounted into the pod: read back from the live pod and folded by update-ca-certificates as
// the W&B image does (lib/podTrust.ts). Without those files its discovery fails as W&B's does
// ("x509: certificate signed by unknown authority"). The browser trusts the CA as a company's
// machines do, through its NSS database (lib/nss.ts).
import { randomBytes } from "node:crypto";
import path from "node:path";
import { freePort, IDP_CA_NAME } from "../env";
import { useBrowserHome } from "../lib/browser";
import type { Scenario } from "../lib/harness";
import { expect, expectEqual } from "../lib/harness";
import { Keycloak } from "../lib/keycloak";
import { nssHomeTrusting } from "../lib/nss";
import { filesUnder, LOCAL_CA_DIR, podTrust, runningPod } from "../lib/podTrust";
import { repoProject, Stack, tail } from "../lib/pulumi";
import { CONTAINER, type Context, DEPLOYMENT, wandbDeployment } from "./context";
import { expectSignedIn, handMadeClient, signInWith } from "./keycloakWorld";

const REALM = "wandb-e2e-tls";
const NS = "wandb-keycloak-ca";
const CLIENT = "wandb-tls";

export const keycloakPrivateCaScenarios: Scenario<Context>[] = [
    {
        name: "keycloak-private-ca",
        async run(c) {
            const httpsUrl = c.env.keycloak.httpsUrl;
            expect(httpsUrl, "Keycloak has no https listener");
            const kc = new Keycloak({ url: c.env.keycloak.url, username: c.env.keycloak.admin, password: c.env.keycloak.adminPassword });
            await kc.createRealm(REALM, { frontendUrl: httpsUrl });
            const issuer = `${httpsUrl}/realms/${REALM}`;
            const person = {
                username: "grace",
                email: "grace@example.com",
                name: "Grace Hopper",
                password: `Pw-${randomBytes(12).toString("hex")}`,
            };
            await kc.createUser(REALM, { ...person, firstName: "Grace", lastName: "Hopper" });
            const host = `http://127.0.0.1:${await freePort()}`;
            await kc.createClient(REALM, handMadeClient(host, CLIENT, "pkce"));

            c.kube.run(["create", "namespace", NS]);
            const d = wandbDeployment() as {
                metadata: { namespace: string };
                spec: { template: { spec: { containers: { env: { name: string }[] }[] } } };
            };
            d.metadata.namespace = NS;
            const wandb = d.spec.template.spec.containers[0]!;
            wandb.env = wandb.env.map((e) => (e.name === "HOST" ? { name: "HOST", value: host } : e));
            c.kube.apply(d, "helm");
            c.kube.rolloutStatus(NS, DEPLOYMENT, 180);

            const s = new Stack(c.env, "e2e-keycloak-ca", repoProject(`${c.work}/project`));
            await s.init();
            for (const [key, value] of Object.entries({
                "wandb-sso:host": host,
                "wandb-sso:idp": "existing",
                "wandb-sso:authMethod": "pkce",
                "wandb-sso:existing.issuer": issuer,
                "wandb-sso:existing.clientId": CLIENT,
                "wandb-sso:wandb.target": "deployment",
                "wandb-sso:wandb.namespace": NS,
                "wandb-sso:wandb.name": DEPLOYMENT,
                "wandb-sso:wandb.container": CONTAINER,
            }))
                await s.set(key, value);

            // 1. Without caCerts: the switch-over check cannot trust Keycloak's certificate.
            const refused = await s.up();
            const output = refused.stdout + refused.stderr;
            expect(refused.code !== 0, "pulumi up against Keycloak's https issuer without caCerts succeeded");
            expect(
                output.includes(`issued by CN=${IDP_CA_NAME}) is signed by an unknown authority`) &&
                    output.includes(
                        `fix: set wandb-sso:caCerts (or --ca-file) to the certificate of the CA that signed the IdP's certificate: CN=${IDP_CA_NAME}`,
                    ),
                `the refusal does not name the unknown authority, its issuer and the fix:\n${tail(output)}`,
            );

            // 2. With the CA: pulumi up goes through.
            const caPem = (await import("node:fs")).readFileSync(c.env.idpTls.caFile, "utf8");
            await s.set("wandb-sso:caCerts[0]", caPem);
            const passed = await s.up();
            expect(passed.code === 0, `pulumi up with caCerts failed:\n${tail(passed.stdout + passed.stderr)}`);
            c.kube.rolloutStatus(NS, DEPLOYMENT, 180);
            const env = c.kube.podEnv(NS, DEPLOYMENT, CONTAINER);
            expectEqual(
                [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.HOST],
                [issuer, CLIENT, host],
                "OIDC_ISSUER, OIDC_CLIENT_ID and HOST in what the pod sees",
            );

            // 3. The stand-in trusts only what the pod has: without the pod's CA files its discovery
            //    fails as W&B's does; with them a person signs in through the https issuer.
            const pod = runningPod(c.kube, NS, "wandb", (spec) => spec.volumes?.some((v) => v.name === "wandb-ca-certs-user") === true);
            const files = filesUnder(c.kube, NS, pod, CONTAINER, LOCAL_CA_DIR);
            expectEqual(Object.keys(files), [`${LOCAL_CA_DIR}configmap/wandb-sso-ca-0.crt`], "the CA files the pod sees");
            await useBrowserHome(nssHomeTrusting(path.join(c.work, "browser-home"), c.env.idpTls.caFile));
            try {
                const without = await signInWith(podTrust(path.join(c.work, "pod-root-without-ca"), {}, env), person);
                expect(
                    without.status === 502 && /x509: certificate signed by unknown authority/.test(String(without.body.error)),
                    `the stand-in without the pod's CA files: HTTP ${without.status} ${JSON.stringify(without.body)}`,
                );
                const r = await signInWith(podTrust(path.join(c.work, "pod-root"), files, env), person);
                expectSignedIn(r, person, CLIENT, "pkce");
                expect(!r.output.includes("x509"), `the stand-in printed a certificate error:\n${r.output}`);
            } finally {
                await useBrowserHome(undefined);
            }
        },
    },
];
