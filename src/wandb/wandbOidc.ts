// WandbOidc: the W&B side on Kubernetes. Takes the IdP's values (any IdP component's outputs, or
// plain values from another Pulumi language's program) and feeds W&B Server its settings
// through an immutable ConfigMap and Secret, read by reference from the configured workload: a
// wandb/local Deployment, the W&B Operator's WeightsAndBiases resource, or a Helm release the user
// runs with the values this component outputs.
// Submodules rather than the package root, which loads every API group the provider has.
import * as corev1 from "@pulumi/kubernetes/core/v1";
import * as pulumi from "@pulumi/pulumi";
import type { AuthMethod, OidcClient } from "../oidc";
import { throwIfAny } from "../errors";
import { parseHost } from "../parse/oidc";
import { checkCaCerts } from "../parse/caCerts";
import { asArgument, isDeferred, Problems } from "../problems";
import { parseOptionalBoolean, refuseUnknownArgs } from "../parse/values";
import { componentType, withPreviousType } from "../componentType";
import { checkWhenKnown, secretWhenKnown, type DeferredCheckOwner } from "../deferred";
import { definedEntries, wandbConfigMapData, wandbOidcEnvVars, wandbSecretData, withTeams, type WandbOidcInput } from "./env";
import type { WandbChartValues, WandbV2Spec } from "./outputTypes";
import { canBindResourceHooks, GUARD_BREAK_GLASS_NOTE, GUARD_OFF_WARNING, GUARD_UNBOUND_NOTE, switchOverGuard } from "./guard";
import { breakGlassWarning } from "./breakGlass";
import { settingsObjectOptions } from "./lockout";
import { caConfigMapData } from "./caCerts";
import {
    checkClientArgs,
    checkTeamsArg,
    checkWandbArgs,
    teamsParser,
    CLIENT_PARSERS,
    REFUSED_WANDB_FIELDS,
    WANDB_OIDC_ARGS,
    type WandbOidcArgs,
    type WandbOidcClientArgs,
    type WandbTarget,
} from "./settings";
import { TARGETS } from "./targets";

export type { WandbOidcArgs, WandbOidcClientArgs } from "./settings";

/** WandbOidc's arguments less the IdP's values, which `WandbOidc.forClient` takes from the component. */
export type WandbOidcForClientArgs = Omit<WandbOidcArgs, keyof WandbOidcClientArgs>;

const LABELS = {
    "app.kubernetes.io/managed-by": "pulumi",
    "app.kubernetes.io/part-of": "wandb",
    "app.kubernetes.io/component": "oidc",
};

/**
 * The W&B side of single sign-on on Kubernetes: the IdP's values in an immutable ConfigMap and
 * Secret, read by reference from the W&B workload (a wandb/local Deployment, the W&B Operator's
 * WeightsAndBiases resource) or, for a Helm release, given as chart values. Before W&B is
 * re-pointed, the new settings are checked against the live IdP.
 */
export class WandbOidc extends pulumi.ComponentResource {
    static readonly TYPE = componentType("WandbOidc");
    /** The token of versions before 0.2, kept as an alias so that existing stacks keep their state. */
    static readonly PREVIOUS_TYPE = "wandb-sso:wandb:WandbOidc";

    /** The exact W&B environment; a Pulumi secret as a whole when there is a client secret. */
    declare readonly env: pulumi.Output<Record<string, string>>;
    /** The ConfigMap holding issuer, client ID, auth method, CORS origins and the SSO options. */
    declare readonly configMapName: pulumi.Output<string>;
    /** The Secret holding the client secret, when there is one. */
    declare readonly secretName?: pulumi.Output<string>;
    /** Whether break-glass is on (LOCAL_RESTORE=true: SSO off, a temporary admin password in W&B's log). */
    declare readonly localRestore: pulumi.Output<boolean>;
    /** How the settings reach W&B: deployment, operator, operator-v2 or helm. */
    declare readonly target: pulumi.Output<WandbTarget>;
    /**
     * operator and helm targets: the operator-wandb chart values wandb-sso sets (operator: what it
     * applied under spec.values; helm: what to give the release). Never the secret, only the
     * Secret's name.
     */
    declare readonly chartValues?: pulumi.Output<WandbChartValues>;
    /** operator-v2 target: the v2 fields wandb-sso sets (Secret key selectors, never the secret). */
    declare readonly v2Spec?: pulumi.Output<WandbV2Spec>;
    /** The ConfigMap holding the CA certificates (caCerts), when there are any. */
    declare readonly caCertsConfigMapName?: pulumi.Output<string>;

    /**
     * The environment variable by variable (the secret ones are Pulumi secrets). A getter, not an
     * output: Pulumi's schema has no type for a map of outputs.
     */
    get envVars(): Readonly<Record<string, pulumi.Output<string>>> {
        return ENV_VARS.get(this) ?? {};
    }

    /**
     * For TypeScript programs: the W&B side for an IdP component (or any OidcClient), its issuer,
     * client ID, auth method and secret passed on as they are.
     */
    static forClient(name: string, client: OidcClient, args: WandbOidcForClientArgs, opts?: pulumi.ComponentResourceOptions): WandbOidc {
        return new WandbOidc(
            name,
            {
                ...args,
                issuer: client.issuer,
                clientId: client.clientId,
                authMethod: client.authMethod,
                ...(client.clientSecret !== undefined && { clientSecret: client.clientSecret }),
                // An IdP component set up for teams turns W&B's group claims on too (one setting, both sides).
                ...(client.teams !== undefined && { teams: client.teams }),
            },
            opts,
        );
    }

    constructor(name: string, args: WandbOidcArgs, opts?: pulumi.ComponentResourceOptions) {
        const subject = `WandbOidc "${name}"`;
        const problems = new Problems();
        // Another language's program sends what it is given: an argument this component does not take is refused, not ignored.
        refuseUnknownArgs(args, WANDB_OIDC_ARGS, problems, asArgument, Object.keys(REFUSED_WANDB_FIELDS));
        const host = problems.check("host", args.host, parseHost);
        const localRestore = problems.check("localRestore", args.localRestore, parseOptionalBoolean(false));
        const verify = problems.check("verify", args.verify, parseOptionalBoolean(true));
        const protect = problems.check("protect", args.protect, parseOptionalBoolean(true));
        checkClientArgs(args, problems);
        const teams = checkTeamsArg(args, problems);
        const caCerts = checkCaCerts(args.caCerts, problems, "caCerts");
        const checked = checkWandbArgs(args, problems, asArgument);
        throwIfAny(problems, subject);
        const settings = teams === true ? { ...checked!, groupClaims: true } : checked!;
        // Teams known only later (another language's IdP component) decide the group claims then.
        const laterTeams = pulumi.Output.isInstance(teams) && settings.groupClaims !== true ? teams : undefined;

        super(WandbOidc.TYPE, name, {}, withPreviousType(opts, WandbOidc.PREVIOUS_TYPE));
        const owner: DeferredCheckOwner = { resource: this, subject };
        const client = checkedClient(args, owner);
        const { target } = settings;
        const input: WandbOidcInput<pulumi.Output<string>> = {
            issuer: client.issuer,
            clientId: client.clientId,
            authMethod: client.authMethod,
            host: host!,
            localRestore: localRestore!,
            extraCorsOrigins: settings.extraCorsOrigins,
            sessionLengthHours: settings.sessionLengthHours,
            disableSsoProvisioning: settings.disableSsoProvisioning,
            groupClaims: settings.groupClaims,
            customScopes: settings.customScopes,
            identifierClaims: settings.identifierClaims,
            ...(laterTeams && { teams: checkWhenKnown(laterTeams, "teams", teamsParser(args.groupClaims), owner) }),
        };
        const record = TARGETS[target];
        // Where wandb-sso does not run what re-points W&B (helm), replaced objects are kept (see lockout.ts).
        const retain = record.retainReplaced;
        const hasClientSecret = client.clientSecret !== undefined;

        // The switch-over guard, bound to what re-points W&B: the patch, or for helm (whose upgrade
        // wandb-sso does not run: its record's guardsRepointing is false) the ConfigMap and Secret
        // the values name. Off while break-glass is on (SSO is off) or when asked, with a word in
        // the output either way.
        const bindable = canBindResourceHooks();
        const guard =
            verify && !localRestore && bindable
                ? switchOverGuard(this, name, client, host!, settings.verifyDeadlineSeconds, caCerts)
                : undefined;
        if (!verify) void pulumi.log.warn(GUARD_OFF_WARNING, this);
        else if (localRestore) void pulumi.log.info(GUARD_BREAK_GLASS_NOTE, this);
        else if (!bindable) void pulumi.log.info(GUARD_UNBOUND_NOTE, this);
        // Also on the new ConfigMap and Secret, for every target: a check that fails before they
        // are created leaves no replacement pending. Bound only to the patch, a refused switch left
        // the new objects created and the old ones (which W&B still reads) marked for deletion, and
        // the next pulumi up or destroy deleted them first (found by the real engine, test/e2e).
        const settingsObjectHooks = guard ? { hooks: guard } : {};
        // The live workload, read and judged before anything is created: a refusal fails the gate,
        // which every object of this component waits on (the deployment target reads its Deployment).
        const hasCaCerts = caCerts !== undefined && caCerts.length > 0;
        const live = record.readLive?.({ component: this, name, workload: settings, input, hasClientSecret, hasCaCerts });
        const gated = live ? { dependsOn: live.gate } : {};

        // Immutable and auto-named: a changed value makes a new object, the workload is re-pointed,
        // and only then is the old one deleted (create-before-delete), so every rollout reads a
        // complete set of settings and a rollback is a re-point.
        const configMap = new corev1.ConfigMap(
            `${name}-oidc`,
            {
                metadata: { namespace: settings.namespace, labels: LABELS },
                immutable: true,
                data: withTeams(wandbConfigMapData(input), input.teams),
            },
            { ...settingsObjectOptions(this, ["data"], retain), ...settingsObjectHooks, ...gated },
        );
        const configMapName = configMap.metadata.name;

        const secretData = wandbSecretData(record.secret, input, client.clientSecret);
        let secretName: pulumi.Output<string> | undefined;
        if (secretData !== undefined) {
            const secret = new corev1.Secret(
                `${name}-oidc-secret`,
                { metadata: { namespace: settings.namespace, labels: LABELS }, immutable: true, type: "Opaque", stringData: secretData },
                { ...settingsObjectOptions(this, ["data", "stringData"], retain), ...settingsObjectHooks, ...gated },
            );
            secretName = secret.metadata.name;
        }

        // The CA certificates in a ConfigMap of their own, immutable and auto-named like the
        // settings: every target mounts it the way W&B's chart mounts global.caCertsConfigMap
        // (its keys are the `.crt` files update-ca-certificates reads; caCerts.ts).
        let caConfigMapName: pulumi.Output<string> | undefined;
        if (hasCaCerts) {
            const caConfigMap = new corev1.ConfigMap(
                `${name}-ca-certs`,
                { metadata: { namespace: settings.namespace, labels: LABELS }, immutable: true, data: caConfigMapData(caCerts) },
                { ...settingsObjectOptions(this, ["data"], retain), ...settingsObjectHooks, ...gated },
            );
            caConfigMapName = caConfigMap.metadata.name;
            const { where, usersOwn } = record.caDelivery;
            void pulumi.log.info(
                `CA certificates: ${caCerts.length} in wandb-sso's ConfigMap, which reaches W&B through ${where}. ${usersOwn}`,
                this,
            );
        }

        const wired = record.wire({
            component: this,
            name,
            workload: settings,
            input,
            configMapName,
            ...(secretName && { secretName }),
            hasClientSecret,
            ...(caConfigMapName && { caConfigMapName }),
            ...(guard && record.guardsRepointing && { guard }),
            protect: protect!,
            ...(live && { live }),
        });

        if (localRestore) {
            void pulumi.log.warn(breakGlassWarning(settings), this);
        }

        const envVars = wandbOidcEnvVars(client, input);
        ENV_VARS.set(this, envVars);
        const outputs = {
            env: definedEntries(envVars),
            configMapName,
            localRestore: pulumi.output(localRestore!),
            target: pulumi.output<WandbTarget>(target),
            ...(secretName && { secretName }),
            ...(wired.chartValues && { chartValues: wired.chartValues }),
            ...(wired.v2Spec && { v2Spec: wired.v2Spec }),
            ...(caConfigMapName && { caCertsConfigMapName: caConfigMapName }),
        };
        Object.assign(this, outputs);
        this.registerOutputs(outputs);
    }
}

const ENV_VARS = new WeakMap<WandbOidc, Record<string, pulumi.Output<string>>>();

/**
 * The IdP's values as outputs, each checked: plain values were checked before registration;
 * outputs are checked when known, and the secret must be a Pulumi secret with a value.
 */
function checkedClient(args: WandbOidcArgs, owner: DeferredCheckOwner): OidcClient {
    const known = (field: keyof typeof CLIENT_PARSERS) =>
        isDeferred(args[field]) ? checkWhenKnown(args[field], field, CLIENT_PARSERS[field], owner) : pulumi.output(args[field] as string);
    return {
        issuer: known("issuer"),
        clientId: known("clientId"),
        authMethod: known("authMethod") as pulumi.Output<AuthMethod>,
        ...(args.clientSecret !== undefined && { clientSecret: secretWhenKnown(args.clientSecret, "clientSecret", owner) }),
    };
}
