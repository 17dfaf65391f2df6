// WandbOidc: the W&B side on Kubernetes. Takes any OidcClient and feeds W&B Server its settings
// through an immutable ConfigMap and Secret, read by reference from the configured workload.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { parseHost, type OidcClient } from "../oidc";
import { Problems } from "../problems";
import { parseOptionalBoolean } from "../config/values";
import { SECRET_KEY, wandbConfigMapData, wandbEnvReferences, wandbOidcEnvVars } from "./env";
import { envFromReferences, patchDeployment } from "./deployment";
import { parseWandbSettings, type WandbTarget } from "./settings";

export interface WandbOidcArgs {
    /** The identity provider's app registration (any IdP component, or ExistingOidcApp). */
    client: OidcClient;
    /** The W&B base URL, e.g. https://wandb.example.com. */
    host: string;
    /** How the settings reach W&B; default `deployment`. */
    target?: WandbTarget;
    /** Namespace of the W&B workload; default `default`. */
    namespace?: string;
    /** Name of the W&B Deployment; default `wandb`. */
    name?: string;
    /** deployment target: the container to configure; default `wandb`. */
    container?: string;
    /** Origins allowed besides the host (listed before it in GORILLA_CORS_ORIGINS). */
    extraCorsOrigins?: string[];
    /** Break-glass: `LOCAL_RESTORE=true` turns SSO off and prints a temporary admin password. */
    localRestore?: boolean;
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
    /** The ConfigMap holding issuer, client ID, auth method and CORS origins. */
    readonly configMapName: pulumi.Output<string>;
    /** The Secret holding the client secret, when there is one. */
    readonly secretName?: pulumi.Output<string>;
    readonly localRestore: boolean;

    constructor(name: string, args: WandbOidcArgs, opts?: pulumi.ComponentResourceOptions) {
        const problems = new Problems();
        const host = problems.check("host", args.host, parseHost);
        const localRestore = problems.check("localRestore", args.localRestore, parseOptionalBoolean(false));
        const { client, host: _host, localRestore: _localRestore, ...workload } = args;
        const settings = parseWandbSettings(workload, problems, "wandb");
        problems.throwIfAny(`WandbOidc "${name}"`);
        const { namespace, container, extraCorsOrigins } = settings!;

        super(WandbOidc.TYPE, name, {}, opts);
        this.localRestore = localRestore!;
        const hasSecret = client.clientSecret !== undefined;
        const envOptions = { host: host!, localRestore, extraCorsOrigins };

        // Immutable and auto-named: a changed value makes a new object, the workload is re-pointed,
        // and only then is the old one deleted (Pulumi replaces create-before-delete), so every
        // rollout reads a complete set of settings.
        const configMap = new k8s.core.v1.ConfigMap(
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
            { parent: this },
        );
        this.configMapName = configMap.metadata.name;

        if (hasSecret) {
            const secret = new k8s.core.v1.Secret(
                `${name}-oidc-secret`,
                {
                    metadata: { namespace, labels: LABELS },
                    immutable: true,
                    type: "Opaque",
                    stringData: { [SECRET_KEY]: pulumi.secret(client.clientSecret!) },
                },
                { parent: this },
            );
            this.secretName = secret.metadata.name;
        }

        const refs = wandbEnvReferences({ hasSecret, localRestore });
        patchDeployment(
            `${name}-deployment`,
            {
                namespace,
                name: settings!.name,
                container,
                env: envFromReferences(refs, { configMap: this.configMapName, secret: this.secretName }),
            },
            { parent: this },
        );
        pulumi.log.info(
            `Deployment ${namespace}/${settings!.name}, container ${container}: wandb-sso owns ${refs.map((r) => r.name).join(", ")} ` +
                "(server-side apply with force); values another tool set for them are replaced by references to the ConfigMap/Secret.",
            this,
        );

        this.envVars = wandbOidcEnvVars(client, envOptions);
        this.env = pulumi.all(this.envVars);
        this.registerOutputs({ env: this.env, configMapName: this.configMapName, secretName: this.secretName });
    }
}
