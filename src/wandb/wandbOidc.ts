// WandbOidc: the W&B side on Kubernetes. Takes any OidcClient and feeds W&B Server its settings
// through an immutable ConfigMap and Secret, read by reference from the configured workload: a
// wandb/local Deployment, the W&B Operator's WeightsAndBiases resource, or a Helm release the user
// runs with the values this component outputs.
// Submodules rather than the package root, which loads every API group the provider has.
import * as corev1 from "@pulumi/kubernetes/core/v1";
import * as pulumi from "@pulumi/pulumi";
import { parseHost } from "../oidc";
import { asArgument, Problems } from "../problems";
import { parseOptionalBoolean } from "../parse/values";
import { wandbConfigMapData, wandbOidcEnvVars, wandbSecretData, type WandbOidcInput } from "./env";
import type { WandbChartValues } from "./chart";
import type { WandbV2Spec } from "./operatorV2";
import { canBindResourceHooks, GUARD_BREAK_GLASS_NOTE, GUARD_OFF_WARNING, GUARD_UNBOUND_NOTE, switchOverGuard } from "./guard";
import { breakGlassWarning } from "./breakGlass";
import { settingsObjectOptions } from "./lockout";
import { checkWandbArgs, type WandbOidcArgs, type WandbTarget } from "./settings";
import { TARGETS } from "./targets";

export type { WandbOidcArgs } from "./settings";

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
    /** operator-v2 target: the v2 fields wandb-sso sets (Secret key selectors, never the secret). */
    readonly v2Spec?: pulumi.Output<WandbV2Spec>;

    constructor(name: string, args: WandbOidcArgs, opts?: pulumi.ComponentResourceOptions) {
        const problems = new Problems();
        const host = problems.check("host", args.host, parseHost);
        const localRestore = problems.check("localRestore", args.localRestore, parseOptionalBoolean(false));
        const verify = problems.check("verify", args.verify, parseOptionalBoolean(true));
        const checked = checkWandbArgs(args, problems, asArgument);
        problems.throwIfAny(`WandbOidc "${name}"`);
        const settings = checked!;

        super(WandbOidc.TYPE, name, {}, opts);
        this.localRestore = localRestore!;
        this.target = settings.target;
        const { client } = args;
        const input: WandbOidcInput<pulumi.Output<string>> = {
            issuer: client.issuer,
            clientId: client.clientId,
            authMethod: client.authMethod,
            host: host!,
            localRestore: this.localRestore,
            extraCorsOrigins: settings.extraCorsOrigins,
            sessionLengthHours: settings.sessionLengthHours,
            disableSsoProvisioning: settings.disableSsoProvisioning,
            groupClaims: settings.groupClaims,
            customScopes: settings.customScopes,
        };
        const { target } = settings;
        // wandb-sso does not run the helm upgrade that re-points W&B: keep replaced objects (see lockout.ts).
        const retain = target === "helm";
        const hasClientSecret = client.clientSecret !== undefined;

        // The switch-over guard, bound to what re-points W&B: the patch, or for helm (whose upgrade
        // wandb-sso does not run) the ConfigMap and Secret the values name. Off while break-glass is
        // on (SSO is off) or when asked, with a word in the output either way.
        const bindable = canBindResourceHooks();
        const guard =
            verify && !this.localRestore && bindable
                ? switchOverGuard(this, name, client, host!, settings.verifyDeadlineSeconds)
                : undefined;
        if (!verify) void pulumi.log.warn(GUARD_OFF_WARNING, this);
        else if (this.localRestore) void pulumi.log.info(GUARD_BREAK_GLASS_NOTE, this);
        else if (!bindable) void pulumi.log.info(GUARD_UNBOUND_NOTE, this);
        const settingsObjectHooks = target === "helm" && guard ? { hooks: guard } : {};

        // Immutable and auto-named: a changed value makes a new object, the workload is re-pointed,
        // and only then is the old one deleted (create-before-delete), so every rollout reads a
        // complete set of settings and a rollback is a re-point.
        const configMap = new corev1.ConfigMap(
            `${name}-oidc`,
            { metadata: { namespace: settings.namespace, labels: LABELS }, immutable: true, data: wandbConfigMapData(input) },
            { ...settingsObjectOptions(this, ["data"], retain), ...settingsObjectHooks },
        );
        this.configMapName = configMap.metadata.name;

        const secretData = wandbSecretData(target, input, client.clientSecret && pulumi.secret(client.clientSecret));
        if (secretData !== undefined) {
            const secret = new corev1.Secret(
                `${name}-oidc-secret`,
                { metadata: { namespace: settings.namespace, labels: LABELS }, immutable: true, type: "Opaque", stringData: secretData },
                { ...settingsObjectOptions(this, ["data", "stringData"], retain), ...settingsObjectHooks },
            );
            this.secretName = secret.metadata.name;
        }

        const wired = TARGETS[target]({
            component: this,
            name,
            settings,
            input,
            configMapName: this.configMapName,
            ...(this.secretName && { secretName: this.secretName }),
            hasClientSecret,
            ...(guard && target !== "helm" && { guard }),
        });
        this.chartValues = wired.chartValues;
        this.v2Spec = wired.v2Spec;

        if (this.localRestore) {
            void pulumi.log.warn(breakGlassWarning(settings), this);
        }

        this.envVars = wandbOidcEnvVars(client, input);
        this.env = pulumi.all(this.envVars);
        this.registerOutputs({
            env: this.env,
            configMapName: this.configMapName,
            secretName: this.secretName,
            chartValues: this.chartValues,
            v2Spec: this.v2Spec,
        });
    }
}
