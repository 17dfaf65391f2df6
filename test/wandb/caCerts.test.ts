// CA certificates (caCerts) on every W&B target: wandb-sso's own immutable ConfigMap of `.crt` keys,
// which W&B is pointed at as its chart and operator deliver CA certificates (written out by hand
// here from their sources: operator-wandb 0.43.8 values.yaml global.caCertsConfigMap,
// templates/_volumes.tpl wandb.caCertsVolumes/VolumeMounts and templates/_env.tpl
// wandb.sslCertEnvs; wandb/operator v2.0.0-beta.3 api/v2 GlobalSpec.caCertsConfigMap).
import { strict as assert } from "node:assert";
import { X509Certificate } from "node:crypto";
import { readStackConfig } from "../../src/config";
import { ConfigError } from "../../src/errors";
import { buildStack } from "../../src/stack";
import { takenOverReplacement } from "../../src/wandb/targets/takeover";
import { WandbOidc } from "../../src/wandb/wandbOidc";
import { envFields, liveDeployment, registered, valueOf, type MockRuntime } from "../helpers/pulumiMocks";
import { raw, problemsOf } from "../helpers/stackConfig";
import { issueServerCert, makeCa, type TestCa } from "../helpers/testCa";
import {
    CLIENT_ID,
    LABELS,
    PATCH_FORCE,
    T,
    chartValuesFor,
    client,
    dependenciesOf,
    helmReuseValues,
    mockedRuntime,
    quiesce,
    recorder,
    v2Patch,
} from "../helpers/wandb";
import { wandbV2Crd } from "../helpers/wandbV2Crd";

const HOST = "https://wandb.example.com";
const CM = "w-oidc-abc123"; // the mock's ConfigMap names
const CA_CM = "w-ca-certs-abc123";
const SECRET = "w-oidc-secret-def456";

/** The one resource of a type and name. */
function named(mocks: MockRuntime, type: string, name: string) {
    const found = mocks.ofType(type).filter((r) => r.name === name);
    assert.equal(found.length, 1, `${type} ${name}`);
    return found[0]!;
}

/** The user's own CA settings on the live v2 resource: their customCACerts, kept whatever wandb-sso does. */
const USERS_GLOBAL = { customCACerts: ["-----BEGIN CERTIFICATE-----\nthe user's own\n-----END CERTIFICATE-----"] };
const liveV2 = (global: object, annotations: Record<string, string> = {}) => ({
    apiVersion: "apps.wandb.com/v2",
    kind: "WeightsAndBiases",
    metadata: { name: "wandb", namespace: "wandb", annotations },
    spec: { global, wandb: {} },
});
/** The live v1 resource, its chart values' global as given. */
const liveV1 = (global: object, annotations: Record<string, string> = {}) => ({
    apiVersion: "apps.wandb.com/v1",
    kind: "WeightsAndBiases",
    metadata: { name: "wandb", namespace: "wandb", annotations },
    spec: { values: { global } },
});
/** What the targets read, per test: operator-v2 the tagged release's CRD and the live resource; operator (with caCerts) the live v1 resource; deployment the live Deployment. */
const cluster = { live: liveV2(USERS_GLOBAL), liveV1: liveV1(USERS_GLOBAL), deployment: liveDeployment() };
const V2_READS = {
    outputs: {
        "kubernetes:apps/v1:Deployment": () => cluster.deployment,
        "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition": () => ({ spec: (wandbV2Crd() as { spec: object }).spec }),
        "kubernetes:apps.wandb.com/v2:WeightsAndBiases": () => cluster.live,
        "kubernetes:apps.wandb.com/v1:WeightsAndBiases": () => cluster.liveV1,
    },
};

/** WandbOidc on the operator-v2 target's resource wandb/wandb, with `caCerts`. */
const onOperatorV2 = (caCerts: string[]) =>
    WandbOidc.forClient("w", client(), { host: HOST, target: "operator-v2", namespace: "wandb", name: "wandb", caCerts });

describe("WandbOidc with CA certificates (caCerts), on every target", () => {
    const runtime = mockedRuntime(V2_READS);
    beforeEach(() => {
        cluster.live = liveV2(USERS_GLOBAL);
        cluster.liveV1 = liveV1(USERS_GLOBAL);
        cluster.deployment = liveDeployment();
    });
    let root: TestCa;
    let intermediate: TestCa;
    /** The PEMs as OpenSSL writes them, which the ConfigMap holds. */
    let pems: string[];
    before(() => {
        root = makeCa("Corp Root CA");
        intermediate = makeCa("Corp Issuing CA", root.dir);
        pems = [root.cert, intermediate.cert].map((pem) => new X509Certificate(pem).toString());
    });

    const caConfigMap = () => ({
        apiVersion: "v1",
        kind: "ConfigMap",
        immutable: true,
        metadata: { namespace: "wandb", labels: LABELS },
        data: { "wandb-sso-ca-0.crt": pems[0], "wandb-sso-ca-1.crt": pems[1] },
    });

    it("deployment: the CA ConfigMap mounted as operator-wandb mounts global.caCertsConfigMap, with the chart's SSL variables", async () => {
        // Pasted with CRLF and the text openssl prints before a certificate: stored as OpenSSL writes it.
        const pasted = [`subject=CN = Corp Root CA\r\n${root.cert.replace(/\n/g, "\r\n")}`, intermediate.cert];
        const wandb = WandbOidc.forClient("w", client(), { host: HOST, namespace: "wandb", caCerts: pasted });
        await registered(runtime.mocks, 5);
        assert.deepEqual(runtime.mocks.resources.map((r) => `${r.type} ${r.name}`).sort(), [
            "kubernetes:apps/v1:Deployment w-live",
            `${T.deploymentPatch} w-deployment`,
            `${T.configMap} w-ca-certs`,
            `${T.configMap} w-oidc`,
            `${T.component} w`,
        ]);
        assert.deepEqual(named(runtime.mocks, T.configMap, "w-ca-certs").inputs, caConfigMap());
        const ref = (name: string, key: string) => ({ name, valueFrom: { configMapKeyRef: { name: CM, key } } });
        assert.deepEqual(runtime.mocks.one(T.deploymentPatch).inputs, {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: "wandb", namespace: "wandb", annotations: { ...PATCH_FORCE, "pulumi.com/patchFieldManager": "wandb-sso-w" } },
            spec: {
                template: {
                    spec: {
                        containers: [
                            {
                                name: "wandb",
                                env: [
                                    ref("OIDC_ISSUER", "OIDC_ISSUER"),
                                    ref("GORILLA_OIDC_ISSUER", "OIDC_ISSUER"),
                                    ref("OIDC_CLIENT_ID", "OIDC_CLIENT_ID"),
                                    ref("GORILLA_OIDC_CLIENT_ID", "OIDC_CLIENT_ID"),
                                    ref("OIDC_AUTH_METHOD", "OIDC_AUTH_METHOD"),
                                    ref("GORILLA_AUTH_METHOD", "OIDC_AUTH_METHOD"),
                                    ref("GORILLA_CORS_ORIGINS", "GORILLA_CORS_ORIGINS"),
                                    { name: "SSL_CERT_FILE", value: "/etc/ssl/certs/ca-certificates.crt" },
                                    { name: "SSL_CERT_DIR", value: "/etc/ssl/certs" },
                                    { name: "REQUESTS_CA_BUNDLE", value: "/etc/ssl/certs/ca-certificates.crt" },
                                ],
                                volumeMounts: [
                                    { name: "wandb-ca-certs-root", mountPath: "/usr/local/share/ca-certificates/" },
                                    { name: "wandb-ca-certs-user", mountPath: "/usr/local/share/ca-certificates/configmap" },
                                ],
                            },
                        ],
                        volumes: [
                            { name: "wandb-ca-certs-root", emptyDir: {} },
                            { name: "wandb-ca-certs-user", configMap: { name: CA_CM, optional: true } },
                        ],
                    },
                },
            },
        });
        assert.equal(await valueOf(wandb.caCertsConfigMapName!), CA_CM);
        assert.match(
            runtime.logs.lines.join("\n"),
            /^info: CA certificates: 2 in wandb-sso's ConfigMap, which reaches W&B through the container's volumes wandb-ca-certs-root \(emptyDir at \/usr\/local\/share\/ca-certificates\/\) and wandb-ca-certs-user \(the CA ConfigMap at \/usr\/local\/share\/ca-certificates\/configmap\) and SSL_CERT_FILE, SSL_CERT_DIR, REQUESTS_CA_BUNDLE, as operator-wandb mounts global\.caCertsConfigMap\. While caCerts is set it takes the place of a volume of the Deployment's with the same name/m,
        );
    });

    it("operator: spec.values.global.caCertsConfigMap names the CA ConfigMap, beside the OIDC values, with an annotation naming it; nothing of customCACerts", async () => {
        const wandb = WandbOidc.forClient("w", client(), {
            host: HOST,
            target: "operator",
            namespace: "wandb",
            caCerts: [root.cert, intermediate.cert],
        });
        // The component, the OIDC and CA ConfigMaps, the live resource read, the patch.
        await registered(runtime.mocks, 5);
        assert.deepEqual(named(runtime.mocks, T.configMap, "w-ca-certs").inputs, caConfigMap());
        const expected = chartValuesFor(CM) as any;
        expected.global.caCertsConfigMap = CA_CM;
        assert.deepEqual(runtime.mocks.one(T.operatorPatch).inputs, {
            apiVersion: "apps.wandb.com/v1",
            kind: "WeightsAndBiases",
            metadata: { name: "wandb", namespace: "wandb", annotations: { ...PATCH_FORCE, "wandb-sso/ca-certs-configmap": CA_CM } },
            spec: { values: expected },
        });
        assert.deepEqual(await valueOf(wandb.chartValues!), expected);
        assert.match(
            runtime.logs.lines.join("\n"),
            /wandb-sso owns spec\.values global\.auth\.sessionLengthHours, .*global\.auth\.oidc\.oidcSecret, global\.caCertsConfigMap, app\.extraEnv/,
        );
        assert.match(
            runtime.logs.lines.join("\n"),
            /through spec\.values\.global\.caCertsConfigMap \(operator-wandb mounts it into every W&B container\)\. A ConfigMap the user named in spec\.values\.global\.caCertsConfigMap is refused rather than taken over .*the user's global\.customCACerts entries stay as they are/,
        );
    });

    it("operator: a CA ConfigMap the user named in spec.values.global.caCertsConfigMap is refused before anything is created, naming it and the fix", async () => {
        cluster.liveV1 = liveV1({ caCertsConfigMap: "corp-cas" });
        const wandb = WandbOidc.forClient("w", client(), { host: HOST, target: "operator", namespace: "wandb", caCerts: [root.cert] });
        await assert.rejects(valueOf(wandb.chartValues!), (e: Error) =>
            e.message.endsWith(
                'WandbOidc "w": WeightsAndBiases wandb/wandb (apps.wandb.com/v1): spec.values.global.caCertsConfigMap names ConfigMap "corp-cas", which wandb-sso did not set; caCerts would take its place, and W&B would stop trusting the certificates in it: ' +
                    'put the certificates of "corp-cas" into caCerts too (wandb-sso\'s ConfigMap then holds them all) or into spec.values.global.customCACerts, which wandb-sso never sets, ' +
                    "and remove spec.values.global.caCertsConfigMap from the resource; wandb-sso does not take over a CA setting of yours, since removing wandb-sso could not give it back",
            ),
        );
        await quiesce(runtime.mocks);
        // Read before anything is created: only the component and the read are registered.
        assert.deepEqual(runtime.mocks.resources.map((r) => `${r.type} ${r.name}`).sort(), [
            "kubernetes:apps.wandb.com/v1:WeightsAndBiases w-live",
            `${T.component} w`,
        ]);
    });

    it("operator: the CA ConfigMap wandb-sso set before (its annotation names it) gives way to the new one", async () => {
        cluster.liveV1 = liveV1(
            { ...USERS_GLOBAL, caCertsConfigMap: "w-ca-certs-0ld" },
            { "wandb-sso/ca-certs-configmap": "w-ca-certs-0ld" },
        );
        const wandb = WandbOidc.forClient("w", client(), { host: HOST, target: "operator", namespace: "wandb", caCerts: [root.cert] });
        assert.equal(((await valueOf(wandb.chartValues!)) as any).global.caCertsConfigMap, CA_CM);
    });

    it("helm: helmValues name the CA ConfigMap; a release's own customCACerts survive helm upgrade --reuse-values -f", async () => {
        const rec = recorder();
        const wandb = WandbOidc.forClient(
            "w",
            client({ secret: "s3cr3t-value" }),
            { host: HOST, target: "helm", namespace: "wandb", caCerts: [root.cert, intermediate.cert] },
            { transformations: [rec.transformation] },
        );
        const values = await valueOf(wandb.chartValues!);
        await registered(runtime.mocks, 4);
        const expected = chartValuesFor(CM, { secret: SECRET }) as any;
        expected.global.caCertsConfigMap = CA_CM;
        assert.deepEqual(values, expected);
        assert.equal(
            runtime.mocks.resources.some((r) => r.type.includes("Patch")),
            false,
        );
        // Kept when replaced, as the helm target's other objects: the release reads it until its upgrade.
        const ca = rec.records.find((r) => r.name === "w-ca-certs")!;
        assert.equal(ca.opts.retainOnDelete, true);
        const release = {
            global: {
                customCACerts: ["-----BEGIN CERTIFICATE-----\nthe user's own\n-----END CERTIFICATE-----"],
                host: "https://wandb.example.com",
            },
        };
        const upgraded = helmReuseValues(release, values) as any;
        assert.deepEqual(upgraded.global.customCACerts, release.global.customCACerts);
        assert.equal(upgraded.global.caCertsConfigMap, CA_CM);
        assert.equal(upgraded.global.host, "https://wandb.example.com");
    });

    it("operator-v2: spec.global.caCertsConfigMap names the CA ConfigMap, in the patch of wandb-sso's own fields, with an annotation naming it; the user's customCACerts untouched", async () => {
        const wandb = onOperatorV2([root.cert, intermediate.cert]);
        await registered(runtime.mocks, 8);
        assert.deepEqual(named(runtime.mocks, T.configMap, "w-ca-certs").inputs, caConfigMap());
        const selector = (key: string) => ({ name: SECRET, key });
        assert.deepEqual(v2Patch(runtime.mocks, "selectors").inputs, {
            apiVersion: "apps.wandb.com/v2",
            kind: "WeightsAndBiases",
            metadata: {
                name: "wandb",
                namespace: "wandb",
                annotations: { ...PATCH_FORCE, "wandb-sso/oidc-secret": SECRET, "wandb-sso/ca-certs-configmap": CA_CM },
            },
            spec: {
                wandb: {
                    oidc: {
                        issuerUrl: selector("OIDC_ISSUER"),
                        clientId: selector("OIDC_CLIENT_ID"),
                        authMethod: selector("OIDC_AUTH_METHOD"),
                    },
                },
                global: { caCertsConfigMap: CA_CM },
            },
        });
        // The env list's patch (which stays when wandb-sso is removed) holds nothing of the CA.
        assert.ok(!JSON.stringify(v2Patch(runtime.mocks, "env").inputs).includes("caCerts"));
        assert.deepEqual((await valueOf(wandb.v2Spec!)).global, { caCertsConfigMap: CA_CM });
        assert.match(
            runtime.logs.lines.join("\n"),
            /wandb-sso owns spec\.wandb\.oidc \(issuerUrl, clientId, authMethod\), spec\.global\.caCertsConfigMap and spec\.wandb\.legacyOverrides/,
        );
    });

    it("operator-v2: a CA ConfigMap the user named in spec.global.caCertsConfigMap is refused before anything is created, naming it and the fix", async () => {
        cluster.live = liveV2({ caCertsConfigMap: "corp-cas" });
        const wandb = onOperatorV2([root.cert]);
        // The error fails the update (in preview already: the live resource is read there), on the component.
        await assert.rejects(valueOf(wandb.v2Spec!), (e: Error) =>
            e.message.endsWith(
                'WandbOidc "w": WeightsAndBiases wandb/wandb (apps.wandb.com/v2): spec.global.caCertsConfigMap names ConfigMap "corp-cas", which wandb-sso did not set; caCerts would take its place, and W&B would stop trusting the certificates in it: ' +
                    'put the certificates of "corp-cas" into caCerts too (wandb-sso\'s ConfigMap then holds them all) or into spec.global.customCACerts, which wandb-sso never sets, ' +
                    "and remove spec.global.caCertsConfigMap from the resource; wandb-sso does not take over a CA setting of yours, since removing wandb-sso could not give it back",
            ),
        );
        await quiesce(runtime.mocks);
        // Read before anything is created: only the component and the two reads are registered.
        assert.deepEqual(runtime.mocks.resources.map((r) => `${r.type} ${r.name}`).sort(), [
            "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition w-crd",
            "kubernetes:apps.wandb.com/v2:WeightsAndBiases w-live",
            `${T.component} w`,
        ]);
        assert.match(
            runtime.logs.lines.join("\n"),
            /A ConfigMap the user named in spec\.global\.caCertsConfigMap is refused rather than taken over/,
        );
    });

    it("operator-v2: the CA ConfigMap wandb-sso set before (its annotation names it) gives way to the new one", async () => {
        cluster.live = liveV2(
            { ...USERS_GLOBAL, caCertsConfigMap: "w-ca-certs-0ld" },
            { "wandb-sso/ca-certs-configmap": "w-ca-certs-0ld" },
        );
        const wandb = onOperatorV2([root.cert]);
        assert.deepEqual((await valueOf(wandb.v2Spec!)).global, { caCertsConfigMap: CA_CM });
        await registered(runtime.mocks, 8);
        assert.deepEqual((v2Patch(runtime.mocks, "selectors").inputs.spec as any).global, { caCertsConfigMap: CA_CM });
    });

    it("deployment: the SSL variables are judged in the live Deployment like wandb-sso's others: one a tool sets is refused before anything is created", async () => {
        cluster.deployment = liveDeployment(
            [{ name: "wandb", env: [{ name: "SSL_CERT_FILE", value: "/etc/ssl/corp.pem" }] }],
            [{ manager: "helm", operation: "Apply", fieldsV1: envFields("wandb", ["SSL_CERT_FILE"]) }],
        );
        const wandb = WandbOidc.forClient("w", client(), { host: HOST, namespace: "wandb", caCerts: [root.cert] });
        await assert.rejects(valueOf(wandb.configMapName), (e: Error) =>
            e.message.startsWith(
                'WandbOidc "w": Deployment wandb/wandb: target = "deployment": SSL_CERT_FILE in container wandb is set by Helm (field manager helm), which will set it again on its next run, so wandb-sso will not take it over',
            ),
        );
        await quiesce(runtime.mocks);
        // The CA ConfigMap waits on the verdict too.
        assert.deepEqual(
            runtime.mocks.resources.map((r) => r.type),
            [T.component, "kubernetes:apps/v1:Deployment"],
        );
    });

    it("deployment: without caCerts, SSL variables a tool sets are not wandb-sso's business", async () => {
        cluster.deployment = liveDeployment(
            [{ name: "wandb", env: [{ name: "SSL_CERT_FILE", value: "/etc/ssl/corp.pem" }] }],
            [{ manager: "helm", operation: "Apply", fieldsV1: envFields("wandb", ["SSL_CERT_FILE"]) }],
        );
        const wandb = WandbOidc.forClient("w", client(), { host: HOST, namespace: "wandb" });
        assert.equal(await valueOf(wandb.configMapName), CM);
    });

    it("deployment: SSL variables set by hand are taken over, as the OIDC ones are", async () => {
        cluster.deployment = liveDeployment(
            [{ name: "wandb", env: [{ name: "SSL_CERT_DIR", value: "/etc/ssl/certs" }] }],
            [{ manager: "kubectl-set", operation: "Update", fieldsV1: envFields("wandb", ["SSL_CERT_DIR"]) }],
        );
        const wandb = WandbOidc.forClient("w", client(), { host: HOST, namespace: "wandb", caCerts: [root.cert] });
        await valueOf(wandb.configMapName);
        assert.ok(
            runtime.logs.lines.includes(
                "info: Deployment wandb/wandb, container wandb: SSL_CERT_DIR was set by hand (kubectl): in pulumi up, wandb-sso takes it over (field ownership moves to wandb-sso-w), then the patch replaces each plain value with the chart's value, in one rollout",
            ),
            runtime.logs.lines.join("\n"),
        );
    });

    it("deployment: what the takeover says the patch puts in place of each plain value, references and SSL variables alike", () => {
        assert.equal(takenOverReplacement(["OIDC_ISSUER"]), "each plain value with its reference");
        assert.equal(takenOverReplacement(["SSL_CERT_DIR"]), "each plain value with the chart's value");
        assert.equal(
            takenOverReplacement(["OIDC_ISSUER", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE"]),
            "each plain value with its reference (SSL_CERT_FILE, REQUESTS_CA_BUNDLE: with the chart's value)",
        );
    });

    for (const target of ["deployment", "operator", "operator-v2", "helm"] as const) {
        it(`${target}: without caCerts, no CA ConfigMap and nothing of W&B's CA settings is set (a user's own stay as they are)`, async () => {
            const wandb = WandbOidc.forClient("w", client(), { host: HOST, target, namespace: "wandb", caCerts: [] });
            await valueOf(wandb.env);
            // operator-v2: the component, ConfigMap and Secret, the CRD and live resource read, two patches.
            await registered(runtime.mocks, target === "operator-v2" ? 7 : target === "helm" ? 2 : 3);
            assert.equal(runtime.mocks.resources.filter((r) => r.name === "w-ca-certs").length, 0);
            const everything = JSON.stringify(runtime.mocks.resources.map((r) => r.inputs));
            for (const word of ["caCertsConfigMap", "customCACerts", "ca-certificates", "SSL_CERT", "REQUESTS_CA_BUNDLE", "volume"]) {
                assert.ok(!everything.includes(word), `${target}: ${word}`);
            }
            if (wandb.chartValues) assert.ok(!JSON.stringify(await valueOf(wandb.chartValues)).includes("caCerts"));
            assert.equal(wandb.caCertsConfigMapName, undefined);
        });
    }

    it("the CA ConfigMap is a settings object: immutable, auto-named, replaced on change, guarded, and what points W&B at it depends on it", async () => {
        for (const target of ["deployment", "operator", "operator-v2"] as const) {
            runtime.mocks.reset();
            const rec = recorder();
            const wandb = WandbOidc.forClient(
                "w",
                client(),
                { host: HOST, target, namespace: "wandb", caCerts: [root.cert] },
                { transformations: [rec.transformation] },
            );
            await valueOf(wandb.env);
            const ca = rec.records.find((r) => r.name === "w-ca-certs")!;
            const oidc = rec.records.find((r) => r.name === "w-oidc")!;
            assert.equal(ca.props.immutable, true);
            assert.equal(ca.props.metadata.name, undefined);
            assert.deepEqual(ca.opts.replaceOnChanges, ["data"]);
            assert.equal(ca.opts.deleteBeforeReplace, false);
            assert.equal(ca.opts.protect, false);
            assert.equal(ca.opts.retainOnDelete, undefined, target);
            // The switch-over check's hooks, as on the OIDC ConfigMap: a refused check leaves no replacement pending.
            assert.ok(ca.opts.hooks?.beforeCreate?.length, `${target}: no hooks`);
            assert.deepEqual(ca.opts.hooks, oidc.opts.hooks);
            const patch = rec.records.find((r) => r.type.endsWith("Patch"))!;
            const reference =
                target === "deployment"
                    ? patch.props.spec.template.spec.volumes[1].configMap.name
                    : target === "operator"
                      ? patch.props.spec.values.global.caCertsConfigMap
                      : patch.props.spec.global.caCertsConfigMap;
            assert.ok(dependenciesOf(reference).has(ca.resource), `${target}: the reference does not depend on the CA ConfigMap`);
        }
    });

    it("refuses bad certificates before anything is registered, naming each entry, never showing a private key", () => {
        const server = issueServerCert(root, { cn: "idp.corp.example" });
        let error: unknown;
        try {
            WandbOidc.forClient("w", client(), {
                host: HOST,
                target: "operator",
                caCerts: [root.cert, server.cert, `${root.key}${root.cert}`],
            });
        } catch (e) {
            error = e;
        }
        assert.ok(error instanceof ConfigError, String(error));
        assert.deepEqual(
            error.problems.map((p) => `${p.setting} = ${JSON.stringify(p.value)}`),
            ['caCerts[1] = "certificate CN=idp.corp.example"', 'caCerts[2] = "(holds a private key: not shown)"'],
        );
        assert.match(
            error.message,
            /caCerts\[1\] = "certificate CN=idp\.corp\.example": is not a CA certificate .*give the certificate of the CA that signed it, CN=Corp Root CA/,
        );
        for (const line of root.key.split("\n").filter((l) => l.length > 20)) assert.ok(!error.message.includes(line));
        assert.deepEqual(runtime.mocks.resources, []);
    });
});

describe("wandb-sso:caCerts, the stack key", () => {
    const runtime = mockedRuntime();
    let root: TestCa;
    before(() => {
        root = makeCa("Corp Root CA");
    });
    const stack = (extra: Record<string, string>) => ({
        host: HOST,
        idp: "existing",
        existing: JSON.stringify({ issuer: "https://idp.corp.example/realms/wandb", clientId: CLIENT_ID }),
        wandb: JSON.stringify({ namespace: "wandb", target: "helm" }),
        ...extra,
    });

    it("reaches WandbOidc: the stack's CA ConfigMap is mounted by the chart's values", async () => {
        const config = readStackConfig(raw(stack({ caCerts: JSON.stringify([root.cert]) })));
        assert.deepEqual(config.caCerts, [new X509Certificate(root.cert).toString()]);
        const { wandb } = buildStack(config);
        assert.equal((await valueOf(wandb.chartValues!)).global.caCertsConfigMap, "wandb-ca-certs-abc123");
        assert.deepEqual(named(runtime.mocks, T.configMap, "wandb-ca-certs").inputs.data, { "wandb-sso-ca-0.crt": config.caCerts[0] });
    });

    it("names a bad entry by its index, and refuses the key set as a secret (a CA's certificate is public)", () => {
        assert.deepEqual(problemsOf(stack({ caCerts: JSON.stringify([root.cert, root.key]) })), [
            'wandb-sso:caCerts[1] = "(holds a private key: not shown)": holds a private key, which must never be given to wandb-sso or W&B: remove it and give only the CA\'s certificate (-----BEGIN CERTIFICATE-----); if this text was committed or shared, treat that key as exposed',
        ]);
        assert.deepEqual(problemsOf(stack({ caCerts: JSON.stringify([root.cert]) }), ["caCerts"]), [
            "wandb-sso:caCerts = \"[secret]\": a CA's certificate is public by nature (every TLS client of the IdP receives the chain, and W&B's pods get it in a ConfigMap), so its secrecy could not be kept: set it in plain text, without --secret: pulumi config set wandb-sso:caCerts <value>",
        ]);
    });
});
