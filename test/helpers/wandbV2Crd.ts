// The W&B Operator's WeightsAndBiases CRD as its tagged release v2.0.0-beta.3 defines it: v1 (a
// free-form chart and values, served, not stored) and v2 (stored, with the structural schema the
// API server prunes writes against). Written here, schema by schema, from the operator's Go types at
// that tag (api/v2/weightsandbiases_types.go, api/v1) and the corev1 types they embed, the way
// controller-gen renders them (a struct is an object of its json fields; `omitempty` optional, the
// rest required; `+kubebuilder:default` and `Enum` markers; corev1's selectors atomic maps with a
// defaulted name; lists without a list-type marker plain arrays, which server-side apply treats as
// atomic). The operator's repository has no licence: nothing here is copied from its files.
//
// `withProvisioningField` adds what wandb/operator main added after the tag
// (spec.wandb.security, SecuritySpec): the CRD of an operator that has the first-class field.

type Schema = Record<string, unknown>;

const str = (extra: Schema = {}): Schema => ({ type: "string", ...extra });
const bool = (extra: Schema = {}): Schema => ({ type: "boolean", ...extra });
const int32 = (): Schema => ({ type: "integer", format: "int32" });
const int64 = (): Schema => ({ type: "integer", format: "int64" });
const strings = (extra: Schema = {}): Schema => ({ type: "array", items: str(), ...extra });
const atomicStrings = (): Schema => strings({ "x-kubernetes-list-type": "atomic" });
const stringMap = (): Schema => ({ type: "object", additionalProperties: str() });
const mapOf = (values: Schema): Schema => ({ type: "object", additionalProperties: values });
const list = (items: Schema, extra: Schema = {}): Schema => ({ type: "array", items, ...extra });

/** A struct: its properties, and the required ones (json fields without omitempty). */
function obj(properties: Record<string, Schema>, required: readonly string[] = [], extra: Schema = {}): Schema {
    return { type: "object", properties, ...(required.length > 0 && { required: [...required] }), ...extra };
}

// --- corev1 and metav1 ---------------------------------------------------------------------------

const QUANTITY: Schema = {
    anyOf: [{ type: "integer" }, { type: "string" }],
    pattern: "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$",
    "x-kubernetes-int-or-string": true,
};
const INT_OR_STRING: Schema = { anyOf: [{ type: "integer" }, { type: "string" }], "x-kubernetes-int-or-string": true };

/** corev1.SecretKeySelector / ConfigMapKeySelector: LocalObjectReference's name (default ""), key, optional. */
const keySelector = (): Schema =>
    obj({ key: str(), name: str({ default: "" }), optional: bool() }, ["key"], { "x-kubernetes-map-type": "atomic" });

const RESOURCE_REQUIREMENTS: Schema = obj({
    claims: list(obj({ name: str(), request: str() }, ["name"]), {
        "x-kubernetes-list-map-keys": ["name"],
        "x-kubernetes-list-type": "map",
    }),
    limits: mapOf(QUANTITY),
    requests: mapOf(QUANTITY),
});

const ENV_VAR_SOURCE: Schema = obj({
    configMapKeyRef: keySelector(),
    fieldRef: obj({ apiVersion: str(), fieldPath: str() }, ["fieldPath"], { "x-kubernetes-map-type": "atomic" }),
    fileKeyRef: obj({ key: str(), optional: bool({ default: false }), path: str(), volumeName: str() }, ["key", "path", "volumeName"], {
        "x-kubernetes-map-type": "atomic",
    }),
    resourceFieldRef: obj({ containerName: str(), divisor: QUANTITY, resource: str() }, ["resource"], {
        "x-kubernetes-map-type": "atomic",
    }),
    secretKeyRef: keySelector(),
});

/** corev1.EnvVar. In LegacyOverrides.Env, a []EnvVar without a list-type marker: a plain array. */
const ENV_VAR: Schema = obj({ name: str(), value: str(), valueFrom: ENV_VAR_SOURCE }, ["name"]);

const TOLERATION: Schema = obj({ effect: str(), key: str(), operator: str(), tolerationSeconds: int64(), value: str() });

const PROBE: Schema = obj({
    exec: obj({ command: atomicStrings() }),
    failureThreshold: int32(),
    grpc: obj({ port: int32(), service: str({ default: "" }) }, ["port"]),
    httpGet: obj(
        {
            host: str(),
            httpHeaders: list(obj({ name: str(), value: str() }, ["name", "value"]), { "x-kubernetes-list-type": "atomic" }),
            path: str(),
            port: INT_OR_STRING,
            scheme: str(),
        },
        ["port"],
    ),
    initialDelaySeconds: int32(),
    periodSeconds: int32(),
    successThreshold: int32(),
    tcpSocket: obj({ host: str(), port: INT_OR_STRING }, ["port"]),
    terminationGracePeriodSeconds: int64(),
    timeoutSeconds: int32(),
});

const NODE_SELECTOR_REQUIREMENT: Schema = obj({ key: str(), operator: str(), values: atomicStrings() }, ["key", "operator"]);
const NODE_SELECTOR_TERM: Schema = obj(
    {
        matchExpressions: list(NODE_SELECTOR_REQUIREMENT, { "x-kubernetes-list-type": "atomic" }),
        matchFields: list(NODE_SELECTOR_REQUIREMENT, { "x-kubernetes-list-type": "atomic" }),
    },
    [],
    { "x-kubernetes-map-type": "atomic" },
);
const LABEL_SELECTOR: Schema = obj(
    {
        matchExpressions: list(obj({ key: str(), operator: str(), values: atomicStrings() }, ["key", "operator"]), {
            "x-kubernetes-list-type": "atomic",
        }),
        matchLabels: stringMap(),
    },
    [],
    { "x-kubernetes-map-type": "atomic" },
);
const POD_AFFINITY_TERM: Schema = obj(
    {
        labelSelector: LABEL_SELECTOR,
        matchLabelKeys: atomicStrings(),
        mismatchLabelKeys: atomicStrings(),
        namespaceSelector: LABEL_SELECTOR,
        namespaces: atomicStrings(),
        topologyKey: str(),
    },
    ["topologyKey"],
);
const POD_AFFINITY: Schema = obj({
    preferredDuringSchedulingIgnoredDuringExecution: list(
        obj({ podAffinityTerm: POD_AFFINITY_TERM, weight: int32() }, ["podAffinityTerm", "weight"]),
        {
            "x-kubernetes-list-type": "atomic",
        },
    ),
    requiredDuringSchedulingIgnoredDuringExecution: list(POD_AFFINITY_TERM, { "x-kubernetes-list-type": "atomic" }),
});
const AFFINITY: Schema = obj({
    nodeAffinity: obj({
        preferredDuringSchedulingIgnoredDuringExecution: list(
            obj({ preference: NODE_SELECTOR_TERM, weight: int32() }, ["preference", "weight"]),
            {
                "x-kubernetes-list-type": "atomic",
            },
        ),
        requiredDuringSchedulingIgnoredDuringExecution: obj(
            { nodeSelectorTerms: list(NODE_SELECTOR_TERM, { "x-kubernetes-list-type": "atomic" }) },
            ["nodeSelectorTerms"],
            { "x-kubernetes-map-type": "atomic" },
        ),
    }),
    podAffinity: POD_AFFINITY,
    podAntiAffinity: POD_AFFINITY,
});

/** metav1.Condition, as its own kubebuilder markers render it. */
const CONDITION: Schema = obj(
    {
        lastTransitionTime: str({ format: "date-time" }),
        message: str({ maxLength: 32768 }),
        observedGeneration: int64(),
        reason: str({ maxLength: 1024, minLength: 1, pattern: "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$" }),
        status: str({ enum: ["True", "False", "Unknown"] }),
        type: str({
            maxLength: 316,
            pattern: "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$",
        }),
    },
    ["lastTransitionTime", "message", "reason", "status", "type"],
);
const CONDITIONS: Schema = list(CONDITION);

// --- api/v2 ---------------------------------------------------------------------------------------

const RETENTION_POLICY: Schema = obj({ onDelete: str({ default: "detach" }) }, ["onDelete"]);
/** ManagedInfraSpec, inlined into each managed infrastructure spec. */
const MANAGED_INFRA = { retentionPolicy: RETENTION_POLICY, affinity: AFFINITY, tolerations: list(TOLERATION) };
const TELEMETRY: Schema = obj({ enabled: bool({ default: true }) }, ["enabled"]);
const MANAGED_SERVICE_ACCOUNT: Schema = obj({ annotations: stringMap(), create: bool(), serviceAccountName: str() });
const resourcesConfig = (): Schema => obj({ resources: RESOURCE_REQUIREMENTS });
const connection = (fields: readonly string[]): Schema => obj(Object.fromEntries(fields.map((f) => [f, keySelector()])));

const MYSQL_CONNECTION = connection(["host", "port", "database", "username", "password", "tls", "sslCa", "sslCert", "sslKey", "url"]);
const REDIS_CONNECTION = connection(["host", "port", "password", "tls", "sslCa", "url"]);
const KAFKA_CONNECTION = connection(["host", "port", "brokerEndpoint", "clusterID", "url"]);
const OBJECT_STORE_CONNECTION = connection([
    "provider",
    "endpoint",
    "port",
    "accessKey",
    "secretKey",
    "bucket",
    "path",
    "region",
    "tlsEnabled",
    "forcePathStyle",
    "url",
]);
const CLICKHOUSE_CONNECTION = connection(["host", "tcpPort", "httpPort", "database", "username", "password", "url"]);

const MYSQL: Schema = obj({
    externalMysql: MYSQL_CONNECTION,
    managedMysql: obj({
        ...MANAGED_INFRA,
        config: resourcesConfig(),
        name: str(),
        namespace: str(),
        replicas: int32(),
        storageSize: str(),
        telemetry: TELEMETRY,
    }),
});
const REDIS: Schema = obj({
    externalRedis: REDIS_CONNECTION,
    managedRedis: obj({
        ...MANAGED_INFRA,
        config: resourcesConfig(),
        name: str(),
        namespace: str(),
        sentinel: obj({ config: obj({ masterName: str(), resources: RESOURCE_REQUIREMENTS }), enabled: bool() }, ["enabled"]),
        storageSize: str(),
        telemetry: TELEMETRY,
    }),
});
const KAFKA: Schema = obj({
    managedKafka: obj({
        ...MANAGED_INFRA,
        config: obj({
            replicationConfig: obj({
                defaultReplicationFactor: int32(),
                minInSyncReplicas: int32(),
                offsetsTopicRF: int32(),
                // The Go struct's tags are crossed (TransactionStateRF is `transactionStateISR`); the schema follows the tags.
                transactionStateISR: int32(),
                transactionStateRF: int32(),
            }),
            resources: RESOURCE_REQUIREMENTS,
        }),
        name: str(),
        namespace: str(),
        replicas: int32(),
        serviceAccount: MANAGED_SERVICE_ACCOUNT,
        skipDataRecovery: bool(),
        storageSize: str(),
        telemetry: TELEMETRY,
    }),
});
const OBJECT_STORE: Schema = obj({
    externalObjectStore: OBJECT_STORE_CONNECTION,
    managedObjectStore: obj({
        ...MANAGED_INFRA,
        SeaweedObjectStoreSpec: obj({ filerStorageSize: str(), tlsEnabled: bool() }),
        config: obj({ accessKey: str(), minioBrowserSetting: str(), resources: RESOURCE_REQUIREMENTS, rootUser: str() }),
        copies: int32(),
        name: str(),
        namespace: str(),
        replicas: int32(),
        storageSize: str(),
        telemetry: TELEMETRY,
    }),
});
const CLICKHOUSE: Schema = obj({
    externalClickhouse: CLICKHOUSE_CONNECTION,
    managedClickhouse: obj({
        ...MANAGED_INFRA,
        config: resourcesConfig(),
        keeper: obj({ config: resourcesConfig(), replicas: int32(), storageSize: str() }),
        name: str(),
        namespace: str(),
        objectStorage: obj({ insecure: bool(), prefix: str() }),
        replicas: int32(),
        serviceAccount: MANAGED_SERVICE_ACCOUNT,
        storageSize: str(),
        telemetry: TELEMETRY,
        version: str(),
    }),
});

const PROXY_VALUE: Schema = obj({ value: str(), valueFrom: obj({ secretKeyRef: keySelector() }) });
const GLOBAL: Schema = obj({
    caCertsConfigMap: str(),
    customCACerts: strings(),
    imageRegistry: str(),
    proxy: obj({ httpProxy: PROXY_VALUE, httpsProxy: PROXY_VALUE, noProxy: strings() }),
});

const NETWORKING: Schema = obj({
    annotations: stringMap(),
    gatewayAPI: obj(
        {
            gateway: obj({
                gatewayClassName: str(),
                gatewayRef: obj({ name: str(), namespace: str() }, ["name"]),
                infrastructureAnnotations: stringMap(),
                listeners: list(
                    obj(
                        {
                            hostname: str(),
                            name: str(),
                            port: int32(),
                            protocol: str(),
                            tls: obj({ certificateRef: obj({ name: str(), namespace: str() }, ["name"]), mode: str() }),
                        },
                        ["name", "port", "protocol"],
                    ),
                ),
                managed: bool({ default: false }),
            }),
            listenerName: str(),
        },
        ["gateway"],
    ),
    ingress: obj({ ingressClassName: str(), name: str() }),
    mode: str({ enum: ["", "ingress", "gateway"] }),
    tls: obj({ certManager: obj({ clusterIssuer: str(), issuer: str() }), secretName: str() }),
});

const WANDB: Schema = obj(
    {
        additionalHostnames: strings(),
        bucketProxy: bool(),
        features: mapOf(bool()),
        hostname: str(),
        internalServiceAuth: obj({ enabled: bool(), oidcIssuer: str() }),
        legacyOverrides: mapOf(obj({ env: list(ENV_VAR), resources: RESOURCE_REQUIREMENTS })),
        license: str(),
        manifestRepository: str(),
        oidc: obj({
            authMethod: keySelector(),
            clientId: keySelector(),
            clientSecret: keySelector(),
            issuerUrl: keySelector(),
            sessionLength: str(),
        }),
        probes: obj({ livenessProbe: PROBE, readinessProbe: PROBE, startupProbe: PROBE }),
        serviceAccount: obj({ annotations: stringMap(), create: bool({ default: true }), serviceAccountName: str({ default: "wandb" }) }, [
            "create",
        ]),
        version: str(),
    },
    ["bucketProxy", "features", "hostname", "version"],
);

const SPEC: Schema = obj(
    {
        affinity: AFFINITY,
        clickhouse: mapOf(CLICKHOUSE),
        global: GLOBAL,
        kafka: KAFKA,
        mysql: mapOf(MYSQL),
        networking: NETWORKING,
        objectStore: mapOf(OBJECT_STORE),
        redis: mapOf(REDIS),
        requireLimits: bool(),
        retentionPolicy: RETENTION_POLICY,
        size: str({ enum: ["dev", "micro", "small", "medium", "large", "xlarge", "xxlarge"] }),
        tolerations: list(TOLERATION),
        wandb: WANDB,
    },
    ["retentionPolicy"],
);

const infraStatus = (conn: Schema, extra: Record<string, Schema> = {}): Schema =>
    obj({ conditions: CONDITIONS, connection: conn, ready: bool(), state: str(), ...extra }, ["ready"]);
const MIGRATION_JOB: Schema = obj({ failed: bool(), message: str(), name: str(), phase: str(), reason: str(), succeeded: bool() });
/** api/v2/application_types.go ApplicationStatus, as the status map's values: kept open here (never written in these tests). */
const APPLICATION_STATUS: Schema = { type: "object", "x-kubernetes-preserve-unknown-fields": true };
const STATUS: Schema = obj(
    {
        clickhouseStatus: mapOf(infraStatus(CLICKHOUSE_CONNECTION)),
        conditions: list(CONDITION, { "x-kubernetes-list-map-keys": ["type"], "x-kubernetes-list-type": "map" }),
        gatewayStatus: obj({
            addresses: strings(),
            gatewayRef: obj({ name: str(), namespace: str() }, ["name"]),
            name: str(),
            ready: bool(),
        }),
        generatedSecrets: mapOf(keySelector()),
        ingressStatus: obj({
            loadBalancerIngress: list(
                obj({
                    hostname: str(),
                    ip: str(),
                    ipMode: str(),
                    ports: list(obj({ error: str(), port: int32(), protocol: str() }, ["error", "port", "protocol"]), {
                        "x-kubernetes-list-type": "atomic",
                    }),
                }),
            ),
            name: str(),
        }),
        kafkaStatus: infraStatus(KAFKA_CONNECTION),
        mysqlStatus: mapOf(infraStatus(MYSQL_CONNECTION)),
        objectStoreStatus: mapOf(infraStatus(OBJECT_STORE_CONNECTION)),
        observedGeneration: int64(),
        ready: bool(),
        redisStatus: mapOf(infraStatus(REDIS_CONNECTION)),
        telemetryStatus: infraStatus(
            obj(
                Object.fromEntries(
                    [
                        "connectionSecret",
                        "datadogTraceAgentHost",
                        "datadogTraceAgentPort",
                        "datadogTraceAgentURL",
                        "gorillaTracer",
                        "logsEndpoint",
                        "logsExporter",
                        "managedNamespace",
                        "metricsEndpoint",
                        "metricsExporter",
                        "protocol",
                        "resourceAttributes",
                        "serviceName",
                        "statsdAddress",
                        "tracesEndpoint",
                        "tracesExporter",
                    ].map((f) => [f, str()]),
                ),
            ),
            { mode: str() },
        ),
        wandb: obj(
            {
                applications: { ...mapOf(APPLICATION_STATUS), default: {} },
                hostname: str(),
                migration: obj({
                    jobs: mapOf(MIGRATION_JOB),
                    lastSuccessVersion: str(),
                    phase: str(),
                    reason: str(),
                    ready: bool(),
                    version: str(),
                }),
                mysqlInit: { ...mapOf(MIGRATION_JOB), default: {} },
            },
            ["hostname"],
        ),
    },
    ["observedGeneration", "ready"],
);

const PRINTER_COLUMNS = [
    ["Ready", "boolean", ".status.ready"],
    ["MySQL", "string", ".status.mysqlStatus.default.state"],
    ["Redis", "string", ".status.redisStatus.default.state"],
    ["Kafka", "string", ".status.kafkaStatus.state"],
    ["ObjectStore", "string", ".status.objectStoreStatus.default.state"],
    ["ClickHouse", "string", ".status.clickhouseStatus.default.state"],
    ["Migration", "string", ".status.wandb.migration.phase"],
].map(([name, type, jsonPath]) => ({ name, type, jsonPath }));

/** What wandb/operator main added after v2.0.0-beta.3: SecuritySpec (each flag a bool defaulting to false). */
const SECURITY: Schema = obj(
    Object.fromEntries(
        [
            "allowAnonymousPublicProjects",
            "allowUserTeamCreation",
            "disableCodeSaving",
            "disableSSOProvisioning",
            "hideUpgradeBanner",
            "insecureAllowAPIKeyAdminAccess",
        ].map((f) => [f, bool({ default: false })]),
    ),
);

/**
 * The CRD, as `kubectl apply` takes it. Without a conversion webhook (none runs here) both versions
 * share the stored object and only the v2 schema shapes it.
 */
export function wandbV2Crd(options: { readonly withProvisioningField?: boolean } = {}): Schema {
    const spec = structuredClone(SPEC);
    if (options.withProvisioningField) ((spec.properties as Schema).wandb as { properties: Schema }).properties.security = SECURITY;
    const root = (specSchema: Schema, status: Schema): Schema =>
        obj({ apiVersion: str(), kind: str(), metadata: { type: "object" }, spec: specSchema, status });
    return {
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        metadata: { name: "weightsandbiases.apps.wandb.com" },
        spec: {
            group: "apps.wandb.com",
            names: {
                kind: "WeightsAndBiases",
                listKind: "WeightsAndBiasesList",
                plural: "weightsandbiases",
                shortNames: ["wandb"],
                singular: "weightsandbiases",
            },
            scope: "Namespaced",
            versions: [
                {
                    name: "v1",
                    served: true,
                    storage: false,
                    schema: {
                        openAPIV3Schema: root(
                            obj({
                                chart: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
                                values: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
                            }),
                            obj({ phase: str(), version: str() }),
                        ),
                    },
                    subresources: { status: {} },
                },
                {
                    name: "v2",
                    served: true,
                    storage: true,
                    additionalPrinterColumns: PRINTER_COLUMNS,
                    schema: { openAPIV3Schema: root(spec, STATUS) },
                    subresources: { status: {} },
                },
            ],
        },
    };
}
