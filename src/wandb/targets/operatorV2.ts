// The `operator-v2` target: a server-side-apply patch of the W&B Operator's `apps.wandb.com/v2`
// `WeightsAndBiases` resource's own OIDC fields (v2Spec.ts), every one a Secret key selector into
// one Secret that holds all the OIDC settings. Before anything is created, the installed CRD and
// the live resource are read (the Kubernetes provider's `get`; readLive): they decide whether the
// provisioning switch has a field and which env entries of others the patch must carry
// (v2Installed.ts); and whether something erased what an earlier update set (a write through
// apps.wandb.com/v1: v2Owned.ts).
// Submodules rather than the package root, which loads every API group the provider has.
import * as apiextensions from "@pulumi/kubernetes/apiextensions";
import * as apiextensionsV1 from "@pulumi/kubernetes/apiextensions/v1";
import * as pulumi from "@pulumi/pulumi";
import { kubernetesNameParser } from "../../parse/names";
import { wandbResourceCheck } from "../../verify/wandbResource";
import type { WandbV2Spec } from "../outputTypes";
import { installedV2, WEIGHTS_AND_BIASES_CRD, type InstalledV2 } from "../v2Installed";
import {
    othersCaConfigMap,
    othersCaConfigMapError,
    patchedSecret,
    v2Expectation,
    V2_CA_ANNOTATION,
    V2_PATCHED_ANNOTATION,
} from "../v2Owned";
import { V2_OWNED_ENV_NAMES, v2OwnEnv, v2PatchEnv, wandbV2Spec } from "../v2Spec";
import { readCustomResource } from "./readCustomResource";
import type { LiveCheck, LiveContext, TargetContext, TargetResult, WandbTargetRecord } from "./record";
import { PATCH_FORCE_ANNOTATION, repointing } from "./repointing";

export const WEIGHTS_AND_BIASES_V2 = { apiVersion: "apps.wandb.com/v2", kind: "WeightsAndBiases" } as const;

export interface OperatorV2TargetArgs {
    readonly namespace: string;
    /** The WeightsAndBiases resource. */
    readonly name: string;
    readonly spec: pulumi.Input<object>;
}

/**
 * Server-side apply of v2 fields on the existing WeightsAndBiases resource (with force: see
 * repointing.ts), and `annotations` besides the force annotation.
 */
export function patchWeightsAndBiasesV2(
    resourceName: string,
    args: OperatorV2TargetArgs & { readonly annotations?: Record<string, pulumi.Input<string>> },
    opts: pulumi.CustomResourceOptions,
) {
    return new apiextensions.CustomResourcePatch(
        resourceName,
        {
            ...WEIGHTS_AND_BIASES_V2,
            metadata: { name: args.name, namespace: args.namespace, annotations: { ...PATCH_FORCE_ANNOTATION, ...args.annotations } },
            spec: args.spec,
        },
        opts,
    );
}

/** The error when the installed CRD serves no apps.wandb.com/v2 (an operator 1.x). */
export const NO_V2_FIX =
    "the installed WeightsAndBiases CRD (weightsandbiases.apps.wandb.com) serves no apps.wandb.com/v2: this is an operator 1.x, whose resource the operator target patches (wandb-sso:wandb.target operator)";

/** The warning when, in preview, the live resource no longer carries what an earlier update set. */
export function lostSettingsWarning(message: string, fix: string): string {
    return `${message}. Unless this update changes W&B's OIDC settings, it does not put them back by itself (wandb-sso's patch is applied again only when its inputs change): ${fix}`;
}

/**
 * Reads the installed CRD and the live resource before anything is created, and refuses (the gate
 * everything waits on fails) an operator 1.x, whose CRD serves no v2, and, with caCerts, a
 * spec.global.caCertsConfigMap the user set (othersCaConfigMapError says why). The wiring then
 * shapes the patches from the same reads.
 */
function readLive(context: LiveContext): LiveCheck {
    const { component, name, workload, hasCaCerts } = context;
    const crd = apiextensionsV1.CustomResourceDefinition.get(`${name}-crd`, WEIGHTS_AND_BIASES_CRD, { parent: component });
    const live = readCustomResource(`${name}-live`, WEIGHTS_AND_BIASES_V2, workload, component);
    const resource = `WeightsAndBiases ${workload.namespace}/${workload.name} (apps.wandb.com/v2)`;
    const gate = pulumi.all([crd.spec, live.metadata, live.spec]).apply(([crdSpec, metadata, liveSpec]) => {
        if (!installedV2(crdSpec, liveSpec, V2_OWNED_ENV_NAMES).servesV2) {
            throw new pulumi.ResourceError(`WandbOidc "${name}": ${NO_V2_FIX}`, component, true);
        }
        const theirs = hasCaCerts ? othersCaConfigMap({ metadata, spec: liveSpec }) : undefined;
        if (theirs !== undefined) {
            throw new pulumi.ResourceError(`WandbOidc "${name}": ${othersCaConfigMapError(resource, theirs)}`, component, true);
        }
        return [crd, live];
    });
    return { gate, hooks: undefined, read: { resource: live, crdSpec: crd.spec } };
}

/** A server-side-apply patch of the v2 WeightsAndBiases resource's first-class OIDC fields. */
function wire(context: TargetContext): TargetResult {
    const { component, name, workload, input, configMapName, secretName, caConfigMapName } = context;
    // There always is a Secret: this record's `secret` is oidcSettings.
    const objects = {
        configMapName,
        secretName: secretName!,
        hasClientSecret: context.hasClientSecret,
        ...(caConfigMapName && { caConfigMapName }),
    };
    // The CRD and the resource, as readLive read (and judged) them before anything was created.
    const { resource: live, crdSpec } = context.live!.read!;
    const gated = { dependsOn: context.live!.gate };
    const installed: pulumi.Output<InstalledV2> = pulumi
        .all([crdSpec!, live.spec])
        .apply(([crd, liveSpec]) => installedV2(crd, liveSpec, V2_OWNED_ENV_NAMES));

    const resource = `WeightsAndBiases ${workload.namespace}/${workload.name} (apps.wandb.com/v2)`;
    // Two patches, two field managers. The first: the selectors (which depend on nothing read), the
    // provisioning field (on what the CRD has), the CA ConfigMap with caCerts, and the annotations
    // naming the Secret and the CA ConfigMap. Removing it (pulumi destroy, another target) takes them
    // away. The CA ConfigMap belongs here, not in the env list's patch that stays: the operator reads
    // spec.global.caCertsConfigMap itself (internal/controller/reconciler/custom_ca.go, v2.0.0-beta.1
    // and later: it mounts that ConfigMap, optional, and sets SSL_CERT_FILE, SSL_CERT_DIR and
    // REQUESTS_CA_BUNDLE whenever the field is set), and wandb-sso's CA ConfigMap goes with
    // wandb-sso, so the field must go too rather than name a ConfigMap that is gone. It is a field of
    // its own in spec.global, so the user's spec.global.customCACerts stays theirs; a user's own
    // caCertsConfigMap is refused (othersCaConfigMapError), read from the live resource.
    const own = wandbV2Spec<pulumi.Output<string>>(input, objects, { provisioningField: false });
    const target = { namespace: workload.namespace, name: workload.name };
    patchWeightsAndBiasesV2(
        `${name}-operator-v2`,
        {
            ...target,
            spec: {
                wandb: { oidc: own.wandb.oidc, security: installed.apply((i) => wandbV2Spec(input, objects, i).wandb.security) },
                ...(caConfigMapName && { global: { caCertsConfigMap: caConfigMapName } }),
            },
            annotations: { [V2_PATCHED_ANNOTATION]: objects.secretName, ...(caConfigMapName && { [V2_CA_ANNOTATION]: caConfigMapName }) },
        },
        { ...repointing(context), ...gated },
    );
    // The second: the whole legacyOverrides.global.env list (an atomic value: v2Installed.ts), the
    // entries of others it carries and its own, every one of which is optional. It stays when removed
    // (retainOnDelete): relinquishing a list taken over from another manager leaves `global: null`,
    // which the CRD refuses, so the removal would fail (found by test/e2e, operator-v2, against
    // kube-apiserver 1.35). What stays is the user's entries and wandb-sso's optional references to
    // a ConfigMap that is gone, which set nothing.
    patchWeightsAndBiasesV2(
        `${name}-operator-v2-env`,
        {
            ...target,
            spec: {
                wandb: {
                    legacyOverrides: {
                        global: {
                            env: pulumi
                                .all([installed, configMapName])
                                .apply(([i, cm]) => v2PatchEnv(i, v2OwnEnv(cm, i.provisioningField))),
                        },
                    },
                },
            },
        },
        { ...repointing(context), ...gated, retainOnDelete: true },
    );

    const envNames = v2OwnEnv(configMapName, false).map((e) => e.name);
    void pulumi.log.info(
        `${resource}: wandb-sso owns spec.wandb.oidc (${Object.keys(own.wandb.oidc).join(", ")})${own.global ? ", spec.global.caCertsConfigMap" : ""} and spec.wandb.legacyOverrides.global.env entries ${envNames.join(", ")} ` +
            "(server-side apply with force), and spec.wandb.security.disableSSOProvisioning instead of GORILLA_DISABLE_SSO_PROVISIONING where the installed CRD has that field; nothing else in the resource changes.",
        component,
    );
    installed.apply((i) => {
        const found = [
            i.provisioningField
                ? "its CRD has spec.wandb.security.disableSSOProvisioning, which carries the provisioning switch"
                : "its CRD has no spec.wandb.security (as every tagged v2 release), so GORILLA_DISABLE_SSO_PROVISIONING carries the provisioning switch",
            ...(i.keptEnv.length > 0
                ? [
                      `the patch carries the entries others put in spec.wandb.legacyOverrides.global.env (${i.keptEnv.map((e) => e.name).join(", ")}), since the CRD makes that list one atomic value (docs/wandb.md)`,
                  ]
                : []),
        ];
        void pulumi.log.info(`${resource} as installed: ${found.join("; ")}.`, component);
    });

    // After the fact: a resource wandb-sso patched before (its annotation names the Secret) must
    // still carry the selectors into that Secret. If not, something rebuilt it (a write through
    // apps.wandb.com/v1), and the patch's inputs are the same, so nothing would say so. Said in
    // preview and in the update alike: `pulumi up --skip-preview` (a scheduled job's) has no preview.
    pulumi.all([live.apiVersion, live.kind, live.metadata, live.spec]).apply(([apiVersion, kind, metadata, liveSpec]) => {
        const liveResource = { apiVersion, kind, metadata, spec: liveSpec };
        const patched = patchedSecret(liveResource);
        if (patched === undefined) return;
        const check = wandbResourceCheck(liveResource, v2Expectation(patched));
        if (check.status === "fail") void pulumi.log.warn(lostSettingsWarning(check.message, check.fix ?? ""), component);
    });

    const v2Spec: pulumi.Output<WandbV2Spec> = pulumi
        // With the gate: a refused resource fails the output too, with the refusal.
        .all([installed, configMapName, objects.secretName, caConfigMapName, context.live!.gate])
        .apply(([i, cm, secret, ca]) =>
            wandbV2Spec<string>(
                input,
                {
                    configMapName: cm,
                    secretName: secret,
                    hasClientSecret: objects.hasClientSecret,
                    ...(ca !== undefined && { caConfigMapName: ca }),
                },
                i,
            ),
        );
    return { v2Spec };
}

export const operatorV2 = {
    wire,
    guardsRepointing: true,
    retainReplaced: false,
    // v2's OIDC fields are all Secret key selectors: the issuer, client ID and auth method too.
    secret: "oidcSettings",
    breakGlass: {
        arrives: ({ namespace, name }) =>
            `LOCAL_RESTORE=true is set in the ConfigMap that spec.wandb.legacyOverrides.global.env of WeightsAndBiases ${namespace}/${name} (apps.wandb.com/v2) reads; the operator rolls the W&B pods`,
        // Operator v2 names its Deployments after its server manifest's applications, so the command lists them.
        passwordLogs: ({ namespace }) =>
            `kubectl get deployments -n ${namespace}, then kubectl logs -n ${namespace} deployment/<the W&B app's Deployment> | grep -i password`,
        afterSsoBackOn: undefined,
    },
    nameParser: (fallback) => kubernetesNameParser("subdomain", fallback),
    container: { applies: false, namedBy: "operator" },
    repointNote:
        "The WeightsAndBiases resource (apps.wandb.com/v2) is re-pointed in the same pulumi up; the operator then rolls the W&B pods, and a login that reaches a pod not yet rolled fails until the rollout ends.",
    caDelivery: {
        where: "spec.global.caCertsConfigMap (the operator mounts it into every W&B workload)",
        usersOwn:
            "A ConfigMap the user named in spec.global.caCertsConfigMap is refused rather than taken over (put those certificates into caCerts too, or into spec.global.customCACerts, which wandb-sso never sets, and remove that field); the user's spec.global.customCACerts entries stay as they are.",
    },
    stackOutputs: {},
    // The CRD and the resource, read and judged before anything is created.
    readLive,
} satisfies WandbTargetRecord;
