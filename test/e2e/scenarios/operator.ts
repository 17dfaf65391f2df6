// The operator target for real: W&B's own WeightsAndBiases CRD (apps.wandb.com/v1, from the
// operator chart in ../shared/fixtures/wandb-charts) in the API server, a resource made as a user
// makes one, and `pulumi up` patching its spec.values; read back with kubectl. With the
// environment's private CA in wandb-sso:caCerts: spec.values.global.caCertsConfigMap (and the
// annotation) name wandb-sso's CA ConfigMap; a caCertsConfigMap the user set is refused.
import fs from "node:fs";
import { X509Certificate } from "node:crypto";
import path from "node:path";
import type { Scenario } from "../lib/harness";
import { expect, expectEqual } from "../lib/harness";
import { repoProject, Stack, tail } from "../lib/pulumi";
import { type Context, existingStack, expectOwnCaRefused } from "./context";

export const FIXTURES = path.resolve(__dirname, "../../../../shared/fixtures/wandb-charts/charts");
const NS = "wandb-operator";
const NAME = "wandb";

/** The user's own spec: values that wandb-sso must leave exactly as they are. */
const USER_SPEC = {
    chart: { url: "https://charts.wandb.ai", name: "operator-wandb", version: "0.43.8" },
    values: {
        global: {
            host: "https://wandb.example.com",
            license: "e2e-license",
            extraEnv: { GLOBAL_USER_VAR: "kept" },
            auth: { sessionLengthHours: 720 },
        },
        app: { resources: { requests: { cpu: "500m" } } },
        mysql: { install: true },
    },
};

interface WandbResource {
    metadata: { annotations?: Record<string, string> };
    spec: { chart: unknown; values: Record<string, any> };
}

const CA_ANNOTATION = "wandb-sso/ca-certs-configmap";

export const operatorScenarios: Scenario<Context>[] = [
    {
        name: "operator-v1",
        async run(c) {
            c.kube.run(["apply", "--server-side", "-f", path.join(FIXTURES, "operator/crds/wandb.yaml")]);
            c.kube.run(["wait", "--for=condition=Established", "crd/weightsandbiases.apps.wandb.com", "--timeout=60s"]);
            c.kube.run(["create", "namespace", NS]);
            // As a user does: kubectl apply of their own manifest.
            c.kube.run(
                ["apply", "-f", "-"],
                JSON.stringify({
                    apiVersion: "apps.wandb.com/v1",
                    kind: "WeightsAndBiases",
                    metadata: { name: NAME, namespace: NS },
                    spec: USER_SPEC,
                }),
            );

            const s = new Stack(c.env, "e2e-operator", repoProject(`${c.work}/project`));
            const caPem = fs.readFileSync(c.env.idpTls.caFile, "utf8");
            await existingStack(
                c,
                s,
                { target: "operator", namespace: NS, name: NAME, sessionLengthHours: "168" },
                { "wandb-sso:protect": "false", "wandb-sso:caCerts[0]": caPem },
            );
            const r = await s.up();
            if (r.code !== 0) throw new Error(`pulumi up exited ${r.code}:\n${tail(r.stdout + r.stderr)}`);

            const live = c.kube.get<WandbResource>("weightsandbiases", NAME, NS);
            const auth = live.spec.values.global.auth;
            const secretName: string = auth.oidc.oidcSecret.name;
            expect(typeof secretName === "string" && secretName.length > 0, "global.auth.oidc.oidcSecret.name is empty");
            expectEqual(
                auth,
                {
                    sessionLengthHours: 168,
                    oidc: {
                        clientId: c.op.clientId,
                        issuer: c.op.issuer,
                        authMethod: "pkce",
                        oidcSecret: { name: secretName, secretKey: "OIDC_SECRET" },
                    },
                },
                "spec.values.global.auth",
            );
            const secret = c.kube.get("secret", secretName, NS);
            expectEqual(Buffer.from(secret.data?.OIDC_SECRET ?? "", "base64").toString(), c.op.clientSecret, "the Secret the chart reads");
            expect(!JSON.stringify(live).includes(c.op.clientSecret), "the client secret is in the WeightsAndBiases resource");
            // The CA: wandb-sso's ConfigMap, named by the annotation too, which the chart mounts.
            const caConfigMap: string = live.spec.values.global.caCertsConfigMap;
            expect(typeof caConfigMap === "string" && caConfigMap.length > 0, "spec.values.global.caCertsConfigMap is empty");
            expectEqual(live.metadata.annotations?.[CA_ANNOTATION], caConfigMap, `the ${CA_ANNOTATION} annotation`);
            expectEqual(
                c.kube.get("configmap", caConfigMap, NS).data,
                { "wandb-sso-ca-0.crt": new X509Certificate(caPem).toString() },
                "the CA ConfigMap spec.values.global.caCertsConfigMap names",
            );

            // Nothing else of the user's spec changed: remove what wandb-sso owns and compare.
            const rest = structuredClone<WandbResource["spec"]>(live.spec);
            delete rest.values.global.auth;
            delete rest.values.global.caCertsConfigMap;
            const ownedEnv = ownedEnvNames(rest.values);
            for (const where of envMaps(rest.values)) for (const name of ownedEnv) delete where[name];
            pruneEmpty(rest.values);
            const expected = structuredClone(USER_SPEC) as WandbResource["spec"];
            delete expected.values.global.auth;
            expectEqual(rest, expected, "the user's own spec after pulumi up");

            const destroyed = await s.pulumi(["destroy", "--yes", "--skip-preview"], { timeoutSeconds: 300 });
            expect(destroyed.code === 0, `pulumi destroy failed:\n${tail(destroyed.stdout + destroyed.stderr)}`);
            const after = c.kube.get<WandbResource>("weightsandbiases", NAME, NS);
            expect(after.spec.values.global.caCertsConfigMap === undefined, "spec.values.global.caCertsConfigMap outlived pulumi destroy");

            // A resource whose spec.values.global.caCertsConfigMap the user set (kubectl apply): refused in preview, naming it.
            await expectOwnCaRefused(
                c,
                s,
                {
                    apiVersion: "apps.wandb.com/v1",
                    kind: "WeightsAndBiases",
                    metadata: { name: "wandb-own-ca", namespace: NS },
                    spec: {
                        ...USER_SPEC,
                        values: { ...USER_SPEC.values, global: { ...USER_SPEC.values.global, caCertsConfigMap: "corp-cas" } },
                    },
                },
                `WeightsAndBiases ${NS}/wandb-own-ca (apps.wandb.com/v1): spec.values.global.caCertsConfigMap names ConfigMap "corp-cas", which wandb-sso did not set`,
            );
        },
    },
];

/** The env maps of the values (global.extraEnv and each service's extraEnv). */
function envMaps(values: Record<string, any>): Record<string, unknown>[] {
    const maps: Record<string, unknown>[] = [];
    for (const [, v] of Object.entries(values)) {
        if (v && typeof v === "object" && v.extraEnv && typeof v.extraEnv === "object") maps.push(v.extraEnv);
    }
    return maps;
}

/** The variables wandb-sso sets by reference (each reads a ConfigMap key). */
function ownedEnvNames(values: Record<string, any>): Set<string> {
    const names = new Set<string>();
    for (const m of envMaps(values)) {
        for (const [k, v] of Object.entries(m)) if (v && typeof v === "object" && "valueFrom" in v) names.add(k);
    }
    return names;
}

function pruneEmpty(o: Record<string, any>): void {
    for (const [k, v] of Object.entries(o)) {
        if (v && typeof v === "object" && !Array.isArray(v)) {
            pruneEmpty(v);
            if (Object.keys(v).length === 0) delete o[k];
        }
    }
}
