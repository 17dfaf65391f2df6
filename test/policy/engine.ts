// Runs policies through @pulumi/policy's own analyzer functions, as `pulumi preview --policy-pack`
// does, minus the gRPC transport: makeAnalyzeRpcFun and makeAnalyzeStackRpcFun of
// node_modules/@pulumi/policy/server.js (1.21.0) receive the same protobuf requests the engine sends,
// deserialize the properties (secrets unwrapped), wrap them in the unknown-checking proxy, call the
// policies and answer with diagnostics. Those functions are internal (server.d.ts declares nothing),
// hence the typed casts below.
import * as server from "@pulumi/policy/server";
import type { EnforcementLevel, Policies, Policy, PolicyPackConfig } from "@pulumi/policy";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

export interface EngineResource {
    readonly type: string;
    readonly name: string;
    /** Properties as the engine sends them (see engineValues.ts for unknowns and secrets). */
    readonly props: Record<string, unknown>;
    readonly urn?: string;
    readonly parent?: string;
    /** URNs of the resources this one depends on, overall and per property. */
    readonly dependencies?: readonly string[];
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
    readonly provider?: { readonly type: string; readonly name: string; readonly props: Record<string, unknown> };
}

export interface Violation {
    readonly policy: string;
    readonly level: EnforcementLevel;
    /** The policy's own message (the server puts the policy's description on the line before it). */
    readonly message: string;
    readonly urn: string;
}

export interface Outcome {
    readonly violations: Violation[];
    /** Policies that read an unknown value: the server reports "can't run policy ... during preview". */
    readonly cantRun: string[];
    /** `policy: reason` for each policy that declared itself not applicable. */
    readonly notApplicable: string[];
}

type Callback<T> = (err: unknown, response?: T) => void;
type RpcFun<Req, Res> = (call: { request: Req }, callback: Callback<Res>) => Promise<void>;
interface Server {
    makeAnalyzeRpcFun(
        pack: string,
        version: string,
        level: EnforcementLevel,
        policies: Policies,
    ): RpcFun<analyzer.AnalyzeRequest, analyzer.AnalyzeResponse>;
    makeAnalyzeStackRpcFun(
        pack: string,
        version: string,
        level: EnforcementLevel,
        policies: Policies,
    ): RpcFun<analyzer.AnalyzeStackRequest, analyzer.AnalyzeResponse>;
}
const rpc = server as unknown as Server;

const LEVELS: Record<number, EnforcementLevel> = {
    [analyzer.EnforcementLevel.ADVISORY]: "advisory",
    [analyzer.EnforcementLevel.MANDATORY]: "mandatory",
    [analyzer.EnforcementLevel.DISABLED]: "disabled",
    [analyzer.EnforcementLevel.REMEDIATE]: "remediate",
};

export function urnOf(type: string, name: string): string {
    return `urn:pulumi:test::test::${type}::${name}`;
}

/**
 * What the engine's `configure` call would do with a policy pack config: the server picks each
 * policy's enforcement level from it and hands its other keys to getConfig (server.js configure,
 * makeGetConfigFun). The server keeps that config in a module variable only gRPC can set, so the
 * same is done here by wrapping each policy.
 */
function configured(policies: Policies, config: PolicyPackConfig): Policies {
    return policies.map((policy) => {
        // A policy's own entry wins over "all" (Pulumi's docs, "Configuring policy packs").
        const entry = config[policy.name];
        const all = config.all;
        if (entry === undefined && all === undefined) return policy;
        const own = typeof entry === "string" ? { enforcementLevel: entry } : (entry ?? {});
        const { enforcementLevel: ownLevel, ...settings } = own;
        const enforcementLevel = ownLevel ?? (typeof all === "string" ? all : all?.enforcementLevel);
        const level: Partial<Policy> = enforcementLevel === undefined ? {} : { enforcementLevel };
        if ("validateStack" in policy) {
            const p = policy;
            return {
                ...p,
                ...level,
                validateStack: (args, report) => p.validateStack({ ...args, getConfig: <T>() => settings as T }, report),
            };
        }
        const p = policy;
        const validations =
            p.validateResource === undefined ? [] : Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource];
        return {
            ...p,
            ...level,
            validateResource: validations.map((v) => (args, report) => v({ ...args, getConfig: <T>() => settings as T }, report)),
        };
    });
}

function options(): analyzer.AnalyzerResourceOptions {
    return new analyzer.AnalyzerResourceOptions();
}

function outcome(response: analyzer.AnalyzeResponse): Outcome {
    const violations: Violation[] = [];
    const cantRun: string[] = [];
    for (const d of response.getDiagnosticsList()) {
        const message = d.getMessage();
        if (message.startsWith("can't run ")) {
            cantRun.push(message);
            continue;
        }
        const description = d.getDescription();
        violations.push({
            policy: d.getPolicyname(),
            level: LEVELS[d.getEnforcementlevel()]!,
            message: message.startsWith(`${description}\n`) ? message.slice(description.length + 1) : message,
            urn: d.getUrn(),
        });
    }
    const notApplicable = response.getNotApplicableList().map((n) => `${n.getPolicyName()}: ${n.getReason()}`);
    return { violations, cantRun, notApplicable };
}

function call<Req, Res>(fun: RpcFun<Req, Res>, request: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
        void fun({ request }, (err, response) =>
            err ? reject(err instanceof Error ? err : new Error(JSON.stringify(err))) : resolve(response!),
        );
    });
}

function merge(outcomes: Outcome[]): Outcome {
    return {
        violations: outcomes.flatMap((o) => o.violations),
        cantRun: outcomes.flatMap((o) => o.cantRun),
        notApplicable: outcomes.flatMap((o) => o.notApplicable),
    };
}

function provider(resource: EngineResource): analyzer.AnalyzerProviderResource | undefined {
    if (resource.provider === undefined) return undefined;
    const p = resource.provider;
    return new analyzer.AnalyzerProviderResource()
        .setType(p.type)
        .setName(p.name)
        .setUrn(urnOf(`pulumi:providers:${p.type}`, p.name))
        .setProperties(Struct.fromJavaScript(p.props as never));
}

/** Runs the resource policies on each resource (`analyze`) and the stack policies on all (`analyzeStack`). */
export async function runPolicies(
    policies: Policies,
    resources: readonly EngineResource[],
    config: PolicyPackConfig = {},
): Promise<Outcome> {
    const effective = configured(policies, config);
    const analyze = rpc.makeAnalyzeRpcFun("wandb-sso", "0.1.0", "advisory", effective);
    const analyzeStack = rpc.makeAnalyzeStackRpcFun("wandb-sso", "0.1.0", "advisory", effective);
    const outcomes: Outcome[] = [];
    for (const r of resources) {
        const request = new analyzer.AnalyzeRequest()
            .setType(r.type)
            .setName(r.name)
            .setUrn(r.urn ?? urnOf(r.type, r.name))
            .setProperties(Struct.fromJavaScript(r.props as never))
            .setOptions(options())
            .setProvider(provider(r));
        outcomes.push(outcome(await call(analyze, request)));
    }
    const stackResources = resources.map((r) => {
        const resource = new analyzer.AnalyzerResource()
            .setType(r.type)
            .setName(r.name)
            .setUrn(r.urn ?? urnOf(r.type, r.name))
            .setProperties(Struct.fromJavaScript(r.props as never))
            .setOptions(options())
            .setProvider(provider(r))
            .setParent(r.parent ?? "")
            .setDependenciesList([...(r.dependencies ?? [])]);
        for (const [key, urns] of Object.entries(r.propertyDependencies ?? {})) {
            resource.getPropertydependenciesMap().set(key, new analyzer.AnalyzerPropertyDependencies().setUrnsList([...urns]));
        }
        return resource;
    });
    outcomes.push(outcome(await call(analyzeStack, new analyzer.AnalyzeStackRequest().setResourcesList(stackResources))));
    return merge(outcomes);
}

/** The messages of one policy's violations. */
export function messagesOf(result: Outcome, policy: string): string[] {
    return result.violations.filter((v) => v.policy === policy).map((v) => v.message);
}
