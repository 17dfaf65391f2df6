// The `deployment` target: point an existing wandb/local Deployment's container at the ConfigMap
// and Secret, by reference, with a server-side-apply patch that owns only those env entries.
// Submodules rather than the package root, which loads every API group the provider has.
import * as appsv1 from "@pulumi/kubernetes/apps/v1";
import type * as k8sInputs from "@pulumi/kubernetes/types/input";
import * as pulumi from "@pulumi/pulumi";
import { kubernetesNameParser } from "../../parse/names";
import { CHART_CA_MOUNTS, CHART_SSL_CERT_ENV, chartCaVolumeMounts, chartCaVolumes } from "../caCerts";
import { wandbEnvReferences, type EnvReference } from "../env";
import type { TargetContext, TargetResult, WandbTargetRecord } from "./record";
import { PATCH_FORCE_ANNOTATION, repointing } from "./repointing";

/**
 * Kubernetes env entries that read each variable by reference, never as a plain value, so a
 * changed value (a new ConfigMap or Secret name) changes the pod template and rolls W&B once.
 */
export function envFromReferences(
    refs: readonly EnvReference[],
    names: { configMap: pulumi.Input<string>; secret?: pulumi.Input<string> },
): k8sInputs.core.v1.EnvVar[] {
    // No `value: ""` to take over a plain value another tool set: the Kubernetes provider converts
    // its inputs to the typed object and back before it applies (normalizeInputs in
    // provider/pkg/provider/provider.go, clients.Normalize; 4.25.0 and still at its July 2026 head),
    // and EnvVar's `value` is omitempty, so the empty string never reaches the API server. Such a
    // variable must be removed by the tool that set it (docs/wandb.md).
    return refs.map((ref) => {
        if (ref.source === "configMap") {
            const optional = ref.optional && { optional: true };
            return { name: ref.name, valueFrom: { configMapKeyRef: { name: names.configMap, key: ref.key, ...optional } } };
        }
        if (names.secret === undefined) throw new Error(`W&B variable ${ref.name} needs a Secret, and none was created`);
        return { name: ref.name, valueFrom: { secretKeyRef: { name: names.secret, key: ref.key } } };
    });
}

export interface DeploymentTargetArgs {
    readonly namespace: string;
    readonly name: string;
    readonly container: string;
    readonly env: k8sInputs.core.v1.EnvVar[];
    /** The CA certificates' volumes (the pod's) and mounts (the container's), when there are any. */
    readonly ca?: { readonly volumes: k8sInputs.core.v1.Volume[]; readonly volumeMounts: k8sInputs.core.v1.VolumeMount[] };
}

export function patchDeployment(resourceName: string, args: DeploymentTargetArgs, opts: pulumi.CustomResourceOptions) {
    const { ca } = args;
    return new appsv1.DeploymentPatch(
        resourceName,
        {
            metadata: { name: args.name, namespace: args.namespace, annotations: { ...PATCH_FORCE_ANNOTATION } },
            spec: {
                template: {
                    spec: {
                        containers: [{ name: args.container, env: args.env, ...(ca && { volumeMounts: ca.volumeMounts }) }],
                        ...(ca && { volumes: ca.volumes }),
                    },
                },
            },
        },
        opts,
    );
}

/**
 * The CA ConfigMap in the container as operator-wandb mounts `global.caCertsConfigMap` (src/wandb/caCerts.ts:
 * templates/_volumes.tpl and _env.tpl): the emptyDir at /usr/local/share/ca-certificates/, the
 * ConfigMap at .../configmap, and SSL_CERT_FILE, SSL_CERT_DIR and REQUESTS_CA_BUNDLE at the system
 * bundle the image folds them into. Volumes are a list-map keyed by name, mounts by mountPath and
 * env by name, so server-side apply adds these entries beside the Deployment's own.
 */
function caPieces(caConfigMapName: pulumi.Output<string> | undefined) {
    if (caConfigMapName === undefined) return { env: [], ca: undefined };
    return {
        env: CHART_SSL_CERT_ENV.map((e) => ({ ...e })),
        ca: { volumes: chartCaVolumes(caConfigMapName), volumeMounts: chartCaVolumeMounts() },
    };
}

/** A server-side-apply patch of the Deployment's container env, every entry a reference. */
function wire(context: TargetContext): TargetResult {
    const { component, name, workload, input, configMapName, secretName } = context;
    const refs = wandbEnvReferences({ ...input, hasSecret: context.hasClientSecret });
    const { namespace, container } = workload;
    const { env: caEnv, ca } = caPieces(context.caConfigMapName);
    patchDeployment(
        `${name}-deployment`,
        {
            namespace,
            name: workload.name,
            container,
            env: [...envFromReferences(refs, { configMap: configMapName, secret: secretName }), ...caEnv],
            ...(ca && { ca }),
        },
        repointing(context),
    );
    const owned = [...refs.map((r) => r.name), ...caEnv.map((e) => e.name)];
    void pulumi.log.info(
        `Deployment ${namespace}/${workload.name}, container ${container}: wandb-sso owns ${owned.join(", ")} ` +
            "(server-side apply with force). A variable another tool set as a plain value must be removed there first: " +
            "the API server refuses a value beside wandb-sso's reference (docs/wandb.md).",
        component,
    );
    return {};
}

export const deployment = {
    wire,
    guardsRepointing: true,
    retainReplaced: false,
    secret: "clientSecret",
    breakGlass: {
        arrives: ({ namespace, name, container }) =>
            `LOCAL_RESTORE=true is set on Deployment ${namespace}/${name} (container ${container}), which rolls its pods`,
        // W&B prints the temporary password in the wandb/local container's log.
        passwordLogs: ({ namespace, name, container }) =>
            `kubectl logs -n ${namespace} deployment/${name} -c ${container} | grep -i password`,
        afterSsoBackOn: undefined,
    },
    nameParser: (fallback) => kubernetesNameParser("subdomain", fallback),
    container: { applies: true },
    repointNote: "The Deployment is re-pointed in the same pulumi up and its pods roll once.",
    caDelivery: {
        where: `the container's volumes ${CHART_CA_MOUNTS.root.volume} (emptyDir at ${CHART_CA_MOUNTS.root.mountPath}) and ${CHART_CA_MOUNTS.configMap.volume} (the CA ConfigMap at ${CHART_CA_MOUNTS.configMap.mountPath}) and ${CHART_SSL_CERT_ENV.map((e) => e.name).join(", ")}, as operator-wandb mounts global.caCertsConfigMap`,
        usersOwn: `While caCerts is set it takes the place of a volume of the Deployment's with the same name, a mount at the same path, or a value of ${CHART_SSL_CERT_ENV.map((e) => e.name).join(", ")} set there; the Deployment's other volumes, mounts and variables stay as they are.`,
    },
    stackOutputs: {},
} satisfies WandbTargetRecord;
