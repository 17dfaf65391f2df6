// What a W&B target is: every decision that differs from one target to another, as one typed record
// per target (targets/<target>.ts), all of them in one table (targets/index.ts). Every field is
// required and each record is checked with `satisfies WandbTargetRecord`, so a new field is a
// compile error in every record until each decides, and a new target a compile error in the table
// until it has a record. Nothing else asks which target it is.
import type * as pulumi from "@pulumi/pulumi";
import type { Parser } from "../../problems";
import type { SecretContents, WandbOidcInput } from "../env";
import type { WandbChartValues, WandbV2Spec } from "../outputTypes";

/** The W&B workload a target configures, as the settings name it (defaults applied). */
export interface TargetWorkload {
    readonly namespace: string;
    /** The Deployment, the WeightsAndBiases resource, or the Helm release. */
    readonly name: string;
    /** deployment target: the wandb/local container. */
    readonly container: string;
}

/** What a target's wiring gets from WandbOidc, once the ConfigMap and Secret are registered. */
export interface TargetContext {
    /** The WandbOidc component: the parent of what a target creates, and where it logs. */
    readonly component: pulumi.ComponentResource;
    /** The component's name, which the target's resources are named after. */
    readonly name: string;
    readonly workload: TargetWorkload;
    readonly input: WandbOidcInput<pulumi.Output<string>>;
    /** The settings objects: the ConfigMap always, the Secret when there is one. */
    readonly configMapName: pulumi.Output<string>;
    readonly secretName?: pulumi.Output<string>;
    /** Whether the IdP issued a client secret (the Secret then holds it). */
    readonly hasClientSecret: boolean;
    /** wandb-sso's CA ConfigMap (caCerts), when there are CA certificates: W&B is pointed at it as `caDelivery` says. */
    readonly caConfigMapName?: pulumi.Output<string>;
    /** The switch-over guard, for the resource that re-points W&B; undefined when it is off. */
    readonly guard?: pulumi.ResourceHookBinding;
    /** Protect the resource that re-points W&B (its deletion takes W&B's OIDC settings away). */
    readonly protect: boolean;
    /** What the target's `readLive` found, when it reads the live workload. */
    readonly live?: LiveCheck;
}

/**
 * What a target's `readLive` gets: WandbOidc's context before anything is created, and whether there
 * are CA certificates (caCerts), whose ConfigMap is not created yet.
 */
export type LiveContext = Pick<TargetContext, "component" | "name" | "workload" | "input" | "hasClientSecret"> & {
    readonly hasCaCerts: boolean;
};

/** The live workload as read before anything is created, and what the re-pointing resource needs of it. */
export interface LiveCheck {
    /**
     * What everything WandbOidc creates depends on: the read, once judged. It fails (the refusal,
     * naming setting, value and fix) when the live workload is refused, so nothing is created; it
     * is unknown, and waited on by nothing, where the read's outputs are (the offline plan).
     */
    readonly gate: pulumi.Output<pulumi.Resource[]>;
    /** Hooks for the resource that re-points W&B, after the switch-over guard's. */
    readonly hooks: pulumi.ResourceHookBinding | undefined;
    /** What was read, for the wiring to use rather than read again (operator-v2: its CRD and resource). */
    readonly read?: LiveRead;
}

/** A live Kubernetes object as read: the outputs the read fills in. */
export interface LiveObject {
    readonly apiVersion: pulumi.Output<string>;
    readonly kind: pulumi.Output<string>;
    readonly metadata: pulumi.Output<unknown>;
    readonly spec: pulumi.Output<unknown>;
}

/** What a target's readLive read: the workload's resource, and the spec of its CRD where it reads one. */
export interface LiveRead {
    readonly resource: LiveObject;
    readonly crdSpec?: pulumi.Output<unknown>;
}

/** WandbOidc's structured outputs a target's wiring gives. */
export interface TargetResult {
    /** operator and helm: the operator-wandb chart values wandb-sso sets. */
    readonly chartValues?: pulumi.Output<WandbChartValues>;
    /** operator-v2: the v2 fields wandb-sso sets. */
    readonly v2Spec?: pulumi.Output<WandbV2Spec>;
}

/**
 * What the break-glass warning says for a target (breakGlass.ts): `LOCAL_RESTORE=true` turns SSO
 * off on W&B, which prints a temporary admin password in its log.
 */
export interface BreakGlassText {
    /** How LOCAL_RESTORE reaches W&B, one clause. */
    readonly arrives: (workload: TargetWorkload) => string;
    /** The command that shows the temporary password in W&B's log. */
    readonly passwordLogs: (workload: TargetWorkload) => string;
    /** What to do after the `pulumi up` that turns SSO back on, when that update does not reach W&B by itself. */
    readonly afterSsoBackOn: string | undefined;
}

/**
 * The `container` setting (the wandb/local container): taken, or refused, saying what names the
 * W&B containers instead (`the <target> target's <namedBy> names its own containers`).
 */
export type ContainerSetting = { readonly applies: true } | { readonly applies: false; readonly namedBy: string };

/**
 * How wandb-sso's CA ConfigMap (caCerts, src/wandb/caCerts.ts) reaches W&B on a target, as W&B's
 * chart or operator would deliver it; `wire` puts it there while there are CA certificates, and
 * sets nothing of it otherwise (a user's own CA settings stay as they are).
 */
export interface CaDelivery {
    /** What wandb-sso sets to point W&B at its CA ConfigMap, as the log and the docs name it. */
    readonly where: string;
    /**
     * What becomes of the user's own CA settings while caCerts is set, as the log and the docs say
     * it (one sentence): which of them wandb-sso's takes the place of, or refuses to, and that the
     * others are kept.
     */
    readonly usersOwn: string;
}

/** A stack output a target adds: which of WandbOidc's structured outputs it is, and what it is for. */
export interface TargetStackOutput {
    readonly from: keyof TargetResult;
    /** What the user does with it, shown before its YAML in the offline plan. */
    readonly use: string;
}

/** One W&B target: everything about it that is not the same for every target. */
export interface WandbTargetRecord {
    /**
     * What re-points W&B at the ConfigMap and Secret: creates it (if anything), binds the
     * switch-over guard to it, and says, once, what it owns.
     */
    readonly wire: (context: TargetContext) => TargetResult;
    /**
     * Whether the switch-over guard is bound to what `wire` creates, besides the new ConfigMap and
     * Secret (guarded for every target). false where wandb-sso does not run the switch itself.
     */
    readonly guardsRepointing: boolean;
    /**
     * Whether replaced ConfigMaps and Secrets stay in the cluster (`retainOnDelete`, lockout.ts):
     * true where wandb-sso does not run what re-points W&B, so W&B may still read the old ones.
     */
    readonly retainReplaced: boolean;
    /** What the Secret holds (env.ts `wandbSecretData`). */
    readonly secret: SecretContents;
    /** What the break-glass warning says. */
    readonly breakGlass: BreakGlassText;
    /** How `name` (the workload) is checked, with the default for an unset name. */
    readonly nameParser: (fallback: string) => Parser<string>;
    /** Whether the `container` setting applies. */
    readonly container: ContainerSetting;
    /** How W&B follows a new client ID (the plan's note on an app-client replacement, lockout.ts). */
    readonly repointNote: string;
    /** How the CA certificates (caCerts) reach W&B. */
    readonly caDelivery: CaDelivery;
    /** The stack outputs this target adds, by output name. */
    readonly stackOutputs: { readonly [output: string]: TargetStackOutput };
    /**
     * Reads the live workload before anything is created (a read in preview and the plan) and
     * judges it: refuses what wandb-sso must not touch, prepares what it takes over. undefined
     * where nothing is read (for a target, or for this context: it may return undefined).
     */
    readonly readLive: ((context: LiveContext) => LiveCheck | undefined) | undefined;
}
