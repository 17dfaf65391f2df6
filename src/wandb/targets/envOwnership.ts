// Who set each W&B variable in a live Deployment's container, read from `metadata.managedFields`
// (server-side apply's record of which field manager owns which field), and what the deployment
// target does about it: a variable set by hand (kubectl) is taken over; one owned by a tool that
// writes it again (Helm, W&B's operator, anything else) is refused, naming the tool and the target
// that fits, because wandb-sso would fight it on every run. Also the ownership transfer itself, as
// a JSON patch of managedFields. Pure: no SDK import.
//
// The format (FieldsV1) is the API server's: a tree of `f:<field>` and, for the items of a list
// keyed by name (containers, env), `k:{"name":"<name>"}`; `.` marks the item itself
// (sigs.k8s.io/structured-merge-diff v6 fieldpath/serialize.go, as kube-apiserver 1.35 writes it).

/** One entry of `metadata.managedFields`. */
export interface ManagedFieldsEntry {
    readonly manager?: string;
    readonly operation?: string;
    readonly apiVersion?: string;
    readonly time?: string;
    readonly fieldsType?: string;
    readonly fieldsV1?: FieldsV1;
    readonly subresource?: string;
}

export type FieldsV1 = { readonly [key: string]: FieldsV1 };

/** The parts of a live Deployment (apps/v1) that decide: its identity, its field managers, its containers' env. */
export interface LiveDeployment {
    readonly metadata?: {
        readonly uid?: string;
        readonly resourceVersion?: string;
        readonly managedFields?: readonly ManagedFieldsEntry[];
    };
    readonly spec?: {
        readonly template?: {
            readonly spec?: {
                readonly containers?: readonly {
                    readonly name: string;
                    readonly env?: readonly { readonly name: string; readonly value?: string; readonly valueFrom?: unknown }[];
                }[];
            };
        };
    };
}

/**
 * The field managers that are a person at a terminal: kubectl's subcommands, each of which names
 * its own manager (k8s.io/kubectl v0.35.4 pkg/cmd: `kubectl-set` for set env, `kubectl-edit`,
 * `kubectl-patch`, `kubectl-replace`, `kubectl-create`, `kubectl-client-side-apply` for a
 * client-side `kubectl apply`, `kubectl` for `kubectl apply --server-side`), and
 * `before-first-apply`, the API server's name for fields that were there before any manager was
 * recorded (k8s.io/apimachinery v0.35.4 pkg/util/managedfields/internal/skipnonapplied.go).
 */
export const BY_HAND_MANAGERS: readonly string[] = [
    "kubectl-set",
    "kubectl-edit",
    "kubectl-patch",
    "kubectl-replace",
    "kubectl-create",
    "kubectl-client-side-apply",
    "kubectl",
    "before-first-apply",
];

/**
 * Tools that write a Deployment's env again on their next run, and the target that configures W&B
 * through them instead. Helm names its field manager after its binary (helm.sh/helm v3 pkg/kube
 * client.go, getManagedFieldsManager: `filepath.Base(os.Args[0])`, so `helm`); W&B's operator runs
 * as `/manager` (wandb/operator Dockerfile, ENTRYPOINT ["/manager"]): v1 installs its chart with
 * Helm's library (the same rule), v2 writes through controller-runtime, whose field manager the API
 * server takes from the user agent, the binary's name too.
 */
export const TOOL_MANAGERS: Readonly<Record<string, { readonly tool: string; readonly use: string }>> = {
    helm: {
        tool: "Helm",
        use: "use target helm (wandb-sso:wandb.target), which gives the release wandb-sso's settings as chart values (the helmValues output) for your next helm upgrade, instead of deployment",
    },
    manager: {
        tool: "W&B's operator",
        use: "use target operator (wandb-sso:wandb.target; the operator's apps.wandb.com/v1 WeightsAndBiases resource) or operator-v2 (operator v2), which set them through the resource the operator renders this Deployment from, instead of deployment",
    },
};

/** The server-side-apply patches of wandb-sso before it named its field manager: the provider's random one. */
const EARLIER_PATCH_MANAGER = /^pulumi-kubernetes-[0-9a-f]+$/;

/** How one field manager stands to one variable. */
export type OwnerKind = "wandb-sso" | "by-hand" | "tool";

/** A variable's owner: the manager, and whether it owns the plain value. */
export interface VariableOwner {
    readonly manager: string;
    readonly operation: string;
    readonly kind: OwnerKind;
}

/** What the deployment target does with the live Deployment. */
export interface LiveVerdict {
    /** Problems that refuse the switch before anything is created (each a `setting`, `value`, `fix`). */
    readonly problems: readonly { readonly setting: string; readonly value: string; readonly fix: string }[];
    /** The variables set by hand, which wandb-sso takes over (in the order given). */
    readonly takeOver: readonly string[];
}

const CONTAINERS = ["f:spec", "f:template", "f:spec", "f:containers"] as const;

/** The name a `k:{"name":…}` key of a keyed list names; undefined for any other key. */
function keyedName(key: string): string | undefined {
    if (!key.startsWith("k:")) return undefined;
    try {
        const parsed = JSON.parse(key.slice(2)) as { name?: unknown };
        return typeof parsed.name === "string" ? parsed.name : undefined;
    } catch {
        return undefined;
    }
}

function child(node: FieldsV1 | undefined, key: string): FieldsV1 | undefined {
    return node !== undefined && Object.hasOwn(node, key) ? node[key] : undefined;
}

/** The key of the named item of a keyed list node, as the node spells it. */
function itemKey(node: FieldsV1 | undefined, name: string): string | undefined {
    return Object.keys(node ?? {}).find((key) => keyedName(key) === name);
}

/** An entry's `f:env` node of one container, or undefined when it owns nothing there. */
function envNode(entry: ManagedFieldsEntry, container: string): FieldsV1 | undefined {
    let node: FieldsV1 | undefined = entry.fieldsV1;
    for (const key of CONTAINERS) node = child(node, key);
    const item = itemKey(node, container);
    return item === undefined ? undefined : child(child(node, item), "f:env");
}

/** Whether a field set owns the plain `value` of an env item (not only its reference). */
function ownsValue(item: FieldsV1): boolean {
    return Object.hasOwn(item, "f:value");
}

/** How `entry` stands to a variable whose fields it owns (`item`). */
export function ownerKind(entry: ManagedFieldsEntry, item: FieldsV1, ownManager: string): OwnerKind {
    const manager = entry.manager ?? "";
    if (manager === ownManager && entry.operation === "Apply") return "wandb-sso";
    // An earlier wandb-sso's patch set references only; a plain value under such a manager is another Pulumi program's.
    if (EARLIER_PATCH_MANAGER.test(manager) && entry.operation === "Apply" && !ownsValue(item)) return "wandb-sso";
    if (BY_HAND_MANAGERS.includes(manager)) return "by-hand";
    return "tool";
}

/** Each of `names` present in the container's env, with every field manager owning part of it. */
export function variableOwners(
    live: LiveDeployment,
    container: string,
    names: readonly string[],
    ownManager: string,
): Map<string, VariableOwner[]> {
    const owners = new Map<string, VariableOwner[]>();
    const env = live.spec?.template?.spec?.containers?.find((c) => c.name === container)?.env ?? [];
    for (const name of names) if (env.some((e) => e.name === name)) owners.set(name, []);
    for (const entry of live.metadata?.managedFields ?? []) {
        if (entry.subresource) continue;
        const node = envNode(entry, container);
        for (const [key, item] of Object.entries(node ?? {})) {
            const name = keyedName(key);
            if (name === undefined || !owners.has(name)) continue;
            owners.get(name)!.push({
                manager: entry.manager ?? "",
                operation: entry.operation ?? "",
                kind: ownerKind(entry, item, ownManager),
            });
        }
    }
    return owners;
}

/**
 * What the deployment target does with the live Deployment before anything is created: refuses a
 * container the Deployment does not have (naming those it has), refuses the variables a tool that
 * writes them again owns (naming them, the tool's field manager and the target that fits), and
 * takes over those set by hand (or by nobody the API server recorded: set before it recorded field
 * managers, with them cleared since).
 */
export function judgeLiveDeployment(live: LiveDeployment, container: string, names: readonly string[], ownManager: string): LiveVerdict {
    const containers = live.spec?.template?.spec?.containers ?? [];
    if (!containers.some((c) => c.name === container)) {
        const has = containers.map((c) => c.name);
        return {
            problems: [
                {
                    setting: "container",
                    value: container,
                    fix: `the Deployment has no container ${JSON.stringify(container)}; its containers are ${has.join(", ") || "none"}: set container (wandb-sso:wandb.container) to the one that runs wandb/local`,
                },
            ],
            takeOver: [],
        };
    }
    const owners = variableOwners(live, container, names, ownManager);
    const byTool = new Map<string, string[]>();
    const takeOver: string[] = [];
    for (const [name, list] of owners) {
        const tools = list.filter((o) => o.kind === "tool");
        for (const tool of tools) byTool.set(tool.manager, [...(byTool.get(tool.manager) ?? []), name]);
        if (tools.length === 0 && (list.length === 0 || list.some((o) => o.kind === "by-hand"))) takeOver.push(name);
    }
    const problems = [...byTool].map(([manager, variables]) => {
        const known = TOOL_MANAGERS[manager];
        const who = known === undefined ? `field manager ${manager}` : `${known.tool} (field manager ${manager})`;
        const [are, them] = variables.length === 1 ? ["is", "it"] : ["are", "them"];
        const fix =
            known === undefined
                ? `${variables.join(", ")} in container ${container} ${are} set by ${who}, which will set ${them} again: wandb-sso does not take variables from a tool that writes them (it would fight it on every run); stop ${manager} from setting ${them}, then pulumi up`
                : `${variables.join(", ")} in container ${container} ${are} set by ${who}, which will set ${them} again on its next run, so wandb-sso will not take ${them} over: ${known.use}`;
        return { setting: "target", value: "deployment", fix };
    });
    return { problems, takeOver: problems.length > 0 ? [] : takeOver };
}

/** A JSON patch operation (RFC 6902), as the API server takes them. */
export type JsonPatchOperation =
    | { readonly op: "replace"; readonly path: string; readonly value: unknown }
    | { readonly op: "test"; readonly path: string; readonly value: unknown };

/** `node` without `key`; parents left empty by the removal are removed too (an empty node would read as "owns this field"). */
function without(node: FieldsV1, path: readonly string[]): FieldsV1 | undefined {
    const [head, ...rest] = path;
    if (head === undefined || !Object.hasOwn(node, head)) return node;
    const copy: Record<string, FieldsV1> = { ...node };
    if (rest.length === 0) delete copy[head];
    else {
        const next = without(node[head]!, rest);
        if (next === undefined) delete copy[head];
        else copy[head] = next;
    }
    return Object.keys(copy).length === 0 ? undefined : copy;
}

/** `node` with `subtree` merged in at `path` (the union of two field sets). */
function withMerged(node: FieldsV1 | undefined, path: readonly string[], subtree: FieldsV1): FieldsV1 {
    const [head, ...rest] = path;
    if (head === undefined) return union(node ?? {}, subtree);
    return { ...node, [head]: withMerged(node?.[head], rest, subtree) };
}

function union(a: FieldsV1, b: FieldsV1): FieldsV1 {
    const result: Record<string, FieldsV1> = { ...a };
    for (const [key, value] of Object.entries(b)) result[key] = Object.hasOwn(a, key) ? union(a[key]!, value) : value;
    return result;
}

/**
 * The transfer of `names` (variables set by hand) to wandb-sso's field manager, as the API server
 * takes it: a JSON patch that replaces `metadata.managedFields`, each variable's fields moved out of
 * every by-hand manager's entry into an `Apply` entry of `ownManager` (the value is unchanged, so the
 * pod template, and the pods, are too). It is kubectl's own way of moving fields from a client-side
 * manager to a server-side-apply one (k8s.io/client-go v0.35.4 util/csaupgrade, which `kubectl
 * apply --server-side` uses), narrowed to these variables; the API server keeps managedFields
 * written by a non-apply patch as given (k8s.io/apimachinery v0.35.4
 * pkg/util/managedfields/internal/fieldmanager.go, decodeLiveOrNew). Then wandb-sso's own
 * server-side apply, which no longer lists the plain value, removes it (the prune of
 * sigs.k8s.io/structured-merge-diff v6 merge/update.go removes what the applier applied last time
 * and no other manager owns) in the same write that adds the reference: one change of the pod
 * template, one rollout, never a moment without a value. `resourceVersion` is replaced too, so
 * that a change since the read fails with a conflict instead of being overwritten (as csaupgrade
 * does). Undefined when there is nothing to move.
 */
export function takeOverPatch(
    live: LiveDeployment,
    container: string,
    names: readonly string[],
    ownManager: string,
    now: Date,
): JsonPatchOperation[] | undefined {
    const entries = live.metadata?.managedFields ?? [];
    const env = live.spec?.template?.spec?.containers?.find((c) => c.name === container)?.env ?? [];
    const taken = new Map<string, FieldsV1>();
    const kept: ManagedFieldsEntry[] = [];
    for (const entry of entries) {
        const node = envNode(entry, container);
        const byHand = BY_HAND_MANAGERS.includes(entry.manager ?? "") && !entry.subresource;
        if (node === undefined || !byHand) {
            kept.push(entry);
            continue;
        }
        let fields: FieldsV1 | undefined = entry.fieldsV1;
        const containerKey = itemKey(fieldsAt(entry.fieldsV1, CONTAINERS), container)!;
        for (const name of names) {
            const key = itemKey(node, name);
            if (key === undefined) continue;
            taken.set(name, union(taken.get(name) ?? {}, node[key]!));
            fields = fields && without(fields, [...CONTAINERS, containerKey, "f:env", key]);
        }
        if (fields !== undefined) kept.push({ ...entry, fieldsV1: fields });
    }
    // A variable nobody recorded (managedFields cleared since it was set) is owned as it stands.
    for (const name of names) {
        const variable = env.find((e) => e.name === name);
        if (!taken.has(name) && variable !== undefined) {
            taken.set(name, { ".": {}, "f:name": {}, ...(variable.value !== undefined && { "f:value": {} }) });
        }
    }
    if (taken.size === 0) return undefined;

    const containerKey = `k:${JSON.stringify({ name: container })}`;
    const ownIndex = kept.findIndex((e) => e.manager === ownManager && e.operation === "Apply" && !e.subresource);
    const own: ManagedFieldsEntry =
        ownIndex >= 0
            ? kept[ownIndex]!
            : { manager: ownManager, operation: "Apply", apiVersion: "apps/v1", fieldsType: "FieldsV1", fieldsV1: {} };
    let fields = own.fieldsV1;
    const ownContainerKey = itemKey(fieldsAt(fields, CONTAINERS), container) ?? containerKey;
    for (const [name, item] of taken) {
        const envKey = itemKey(fieldsAt(fields, [...CONTAINERS, ownContainerKey, "f:env"]), name) ?? `k:${JSON.stringify({ name })}`;
        fields = withMerged(fields, [...CONTAINERS, ownContainerKey, "f:env", envKey], item);
    }
    const updated: ManagedFieldsEntry = { ...own, fieldsV1: fields, time: now.toISOString().replace(/\.\d{3}Z$/, "Z") };
    const managedFields = ownIndex >= 0 ? kept.map((e, i) => (i === ownIndex ? updated : e)) : [...kept, updated];
    return [
        { op: "replace", path: "/metadata/managedFields", value: managedFields },
        { op: "replace", path: "/metadata/resourceVersion", value: live.metadata?.resourceVersion },
    ];
}

function fieldsAt(node: FieldsV1 | undefined, path: readonly string[]): FieldsV1 | undefined {
    let at = node;
    for (const key of path) at = child(at, key);
    return at;
}
