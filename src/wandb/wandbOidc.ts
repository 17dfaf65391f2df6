// WandbOidc: the W&B side on Kubernetes. Takes any OidcClient and feeds W&B Server its settings
// through an immutable ConfigMap and Secret, read by reference from the configured workload: a
// wandb/local Deployment, the W&B Operator's WeightsAndBiases resource, or a Helm release the user
// runs with the values this component outputs.
// Submodules rather than the package root, which loads every API group the provider has.
import * as corev1 from "@pulumi/kubernetes/core/v1";
import * as pulumi from "@pulumi/pulumi";
import { parseHost, type OidcClient } from "../oidc";
import { Problems } from "../problems";
import { parseOptionalBoolean } from "../config/values";
import { SECRET_KEY, wandbConfigMapData, wandbEnvReferences, wandbOidcEnvVars } from "./env";
import { envFromReferences, patchDeployment } from "./deployment";
import { patchWeightsAndBiases, valuePaths, wandbChartValues, type WandbChartValues } from "./chart";
import { breakGlassWarning } from "./breakGlass";
import { settingsObjectOptions } from "./lockout";
import { parseWandbSettings, type WandbSettings, type WandbTarget } from "./settings";

export interface WandbOidcArgs {
    /** The identity provider's app registration (any IdP component, or ExistingOidcApp). */
    client: OidcClient;
    /** The W&B base URL, e.g. https://wandb.example.com. */
    host: string;
    /** How the settings reach W&B; default `deployment`. */
    target?: WandbTarget;
    /** Namespace of the W&B workload (and of the ConfigMap and Secret); default `default`. */
    namespace?: string;
    /** The Deployment, the WeightsAndBiases resource, or (helm) the release; default `wandb`. */
    name?: string;
    /** deployment target only: the container to configure; default `wandb`. */
    container?: string;
    /** Origins allowed besides the host (listed before it in GORILLA_CORS_ORIGINS). */
    extraCorsOrigins?: string[];
    /** Break-glass: `LOCAL_RESTORE=true` turns SSO off and prints a temporary admin password. */
    localRestore?: boolean;
    /** W&B session length in hours (W&B's default: 720). */
    sessionLengthHours?: number;
    /** true: no automatic user creation on first SSO login. */
    disableSsoProvisioning?: boolean;
    /** true: W&B team memberships follow the ID token's `groups` claim (W&B team names). */
    groupClaims?: boolean;
    /** Scopes W&B asks for besides openid, profile and email (e.g. `groups`). */
    customScopes?: string[];
    /** operator and helm targets: the chart reads the OIDC settings from the ConfigMap (newer charts). */
    oidcConfigMap?: boolean;
}

const LABELS = {
    "app.kubernetes.io/managed-by": "pulumi",
    "app.kubernetes.io/part-of": "wandb",
    "app.kubernetes.io/component": "oidc",
};

export class WandbOidc extends pulumi.ComponentResource {
    static readonly TYPE = "wandb-sso:wandb:WandbOidc";

    /** The exact W&B environment; a Pulumi secret as a whole when the client has a secret. */
    readonly env: pulumi.Output<Record<string, string>>;
    /** The environment variable by variable; the secret ones are Pulumi secrets. */
    readonly envVars: Record<string, pulumi.Output<string>>;
    /** The ConfigMap holding issuer, client ID, auth method, CORS origins and the SSO options. */
    readonly configMapName: pulumi.Output<string>;
    /** The Secret holding the client secret, when there is one. */
    readonly secretName?: pulumi.Output<string>;
    readonly localRestore: boolean;
    readonly target: WandbTarget;
    /**
     * operator and helm targets: the operator-wandb chart values wandb-sso sets (operator: what it
     * applied under `spec.values`; helm: what to give the release). Never the secret, only the
     * Secret's name.
     */
    readonly chartValues?: pulumi.Output<WandbChartValues>;

    constructor(name: string, args: WandbOidcArgs, opts?: pulumi.ComponentResourceOptions) {
        const problems = new Problems();
        const host = problems.check("host", args.host, parseHost);
        const localRestore = problems.check("localRestore", args.localRestore, parseOptionalBoolean(false));
        const { client, host: _host, localRestore: _localRestore, ...workload } = args;
        const parsed = parseWandbSettings(workload, problems, "wandb");
        problems.throwIfAny(`WandbOidc "${name}"`);
        const settings: WandbSettings = parsed!;
        const { target, namespace, extraCorsOrigins } = settings;

        super(WandbOidc.TYPE, name, {}, opts);
        this.localRestore = localRestore!;
        this.target = target;
        const hasSecret = client.clientSecret !== undefined;
        const options = {
            sessionLengthHours: settings.sessionLengthHours,
            disableSsoProvisioning: settings.disableSsoProvisioning,
            groupClaims: settings.groupClaims,
            customScopes: settings.customScopes,
        };
        const envOptions = { host: host!, localRestore: this.localRestore, extraCorsOrigins, ...options };
        // wandb-sso does not run the helm upgrade that re-points W&B: keep replaced objects (see lockout.ts).
        const retain = target === "helm";

        // Immutable and auto-named: a changed value makes a new object, the workload is re-pointed,
        // and only then is the old one deleted (create-before-delete), so every rollout reads a
        // complete set of settings and a rollback is a re-point.
        const configMap = new corev1.ConfigMap(
            `${name}-oidc`,
            {
                metadata: { namespace, labels: LABELS },
                immutable: true,
                data: wandbConfigMapData({
                    issuer: client.issuer,
                    clientId: client.clientId,
                    authMethod: client.authMethod as pulumi.Output<string>,
                    ...envOptions,
                }),
            },
            settingsObjectOptions(this, ["data"], retain),
        );
        this.configMapName = configMap.metadata.name;

        if (hasSecret) {
            const secret = new corev1.Secret(
                `${name}-oidc-secret`,
                {
                    metadata: { namespace, labels: LABELS },
                    immutable: true,
                    type: "Opaque",
                    stringData: { [SECRET_KEY]: pulumi.secret(client.clientSecret!) },
                },
                settingsObjectOptions(this, ["data", "stringData"], retain),
            );
            this.secretName = secret.metadata.name;
        }

        if (target === "deployment") {
            const refs = wandbEnvReferences({ hasSecret, localRestore: this.localRestore, options });
            patchDeployment(
                `${name}-deployment`,
                {
                    namespace,
                    name: settings.name,
                    container: settings.container,
                    env: envFromReferences(refs, { configMap: this.configMapName, secret: this.secretName }),
                },
                { parent: this },
            );
            pulumi.log.info(
                `Deployment ${namespace}/${settings.name}, container ${settings.container}: wandb-sso owns ${refs.map((r) => r.name).join(", ")} ` +
                    "(server-side apply with force); values another tool set for them are replaced by references to the ConfigMap/Secret.",
                this,
            );
        } else {
            const values = wandbChartValues<pulumi.Output<string>>({
                issuer: client.issuer,
                clientId: client.clientId,
                authMethod: client.authMethod as pulumi.Output<string>,
                ...envOptions,
                ...(settings.oidcConfigMap && { configMapName: this.configMapName }),
                ...(this.secretName && { secretName: this.secretName }),
            });
            this.chartValues = pulumi.output(values) as pulumi.Output<WandbChartValues>;
            const owned = valuePaths(values).join(", ");
            if (target === "operator") {
                patchWeightsAndBiases(`${name}-operator`, { namespace, name: settings.name, values }, { parent: this });
                pulumi.log.info(
                    `WeightsAndBiases ${namespace}/${settings.name}: wandb-sso owns spec.values ${owned} (server-side apply with force); nothing else in the resource changes. ` +
                        (settings.oidcConfigMap
                            ? "ConfigMap mode (global.auth.oidc.oidcConfigMap) needs a chart that has it (newer than operator-wandb 0.41.3)."
                            : "Needs operator-wandb 0.38.0 or later for oidcSecret; pkce reaches every W&B service from 0.41.2."),
                    this,
                );
            } else {
                pulumi.log.info(
                    `helm target: no workload was changed. Give release ${namespace}/${settings.name} the helmValues output (${owned}), e.g. ` +
                        `pulumi stack output helmValues --json > wandb-sso-values.json && helm upgrade ${settings.name} wandb/operator-wandb -n ${namespace} --reuse-values -f wandb-sso-values.json. ` +
                        "Replaced ConfigMaps/Secrets are kept (retainOnDelete) until you delete them after the upgrade.",
                    this,
                );
            }
        }

        if (this.localRestore) {
            pulumi.log.warn(breakGlassWarning({ target, namespace, name: settings.name, container: settings.container }), this);
        }

        this.envVars = wandbOidcEnvVars(client, envOptions);
        this.env = pulumi.all(this.envVars);
        this.registerOutputs({
            env: this.env,
            configMapName: this.configMapName,
            secretName: this.secretName,
            chartValues: this.chartValues,
        });
    }
}
