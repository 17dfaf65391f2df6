// Pure resolution of the verify command's options (and, with --from-env, W&B's own environment
// variables) into the settings under test, or the usage problems, each naming the option.
import { bad, ok, showValue, type Parsed, type Problem } from "../problems";
import { pemBlocks } from "../parse/caCerts";
import type { GroupsClaimKnowledge } from "../parse/teams";
import { DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, verifyConfig } from "./settings";
import type { VerifyConfig, WandbResourceUnderTest } from "./types";

/** The options as commander hands them over (all strings; flags are booleans). */
export interface VerifyFlags {
    readonly issuer?: string;
    readonly clientId?: string;
    readonly authMethod?: string;
    readonly host?: string;
    readonly fromEnv?: boolean;
    readonly json?: boolean;
    readonly timeout?: string;
    readonly teams?: boolean;
    /** `--wandb-resource <file>`: the live W&B resource as `kubectl get … -o json` prints it (`-`: standard input). */
    readonly wandbResource?: string;
    /** `--ca-file`, repeatable: PEM files of CA certificates to trust besides the system's roots. */
    readonly caFile?: readonly string[];
}

/** A `--ca-file` as the CLI read it: its text, or why it could not be read. */
export type CaFile = { readonly path: string; readonly text: string } | { readonly path: string; readonly error: string };

/**
 * The CA certificates of the `--ca-file` files, one entry per PEM block (a file may hold a bundle),
 * each with the name a problem gives it; a file without PEM is one entry, refused as not PEM.
 */
function caEntries(files: readonly CaFile[]): { entries: string[]; names: string[]; problems: Problem[] } {
    const entries: string[] = [];
    const names: string[] = [];
    const problems: Problem[] = [];
    for (const file of files) {
        if ("error" in file) {
            problems.push({
                setting: `--ca-file ${file.path}`,
                value: undefined,
                fix: `cannot be read (${file.error}): give the path of a PEM file holding the CA's certificate`,
            });
            continue;
        }
        const blocks = pemBlocks(file.text);
        if (blocks.length <= 1) {
            entries.push(blocks[0]?.text ?? file.text);
            names.push(`--ca-file ${file.path}`);
            continue;
        }
        blocks.forEach((block, i) => {
            entries.push(block.text);
            names.push(`--ca-file ${file.path} (PEM block ${i + 1} of ${blocks.length})`);
        });
    }
    return { entries, names, problems };
}

export { DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS } from "./settings";

export interface ResolvedOptions {
    readonly config: VerifyConfig;
    /** OIDC_SECRET (from the environment with --from-env only); never printed. */
    readonly secret?: string;
    readonly timeoutMs: number;
    readonly json: boolean;
}

/** `--timeout`: a whole number of milliseconds, 1 to 120000. */
export function parseTimeout(value: unknown): Parsed<number> {
    if (value === undefined) return ok(DEFAULT_TIMEOUT_MS);
    const text = typeof value === "string" ? value.trim() : "";
    if (!/^\d+$/.test(text)) return bad(`give the per-request timeout in milliseconds, e.g. --timeout ${DEFAULT_TIMEOUT_MS}`);
    const ms = Number(text);
    if (ms < 1 || ms > MAX_TIMEOUT_MS) return bad(`use 1 to ${MAX_TIMEOUT_MS} milliseconds (default ${DEFAULT_TIMEOUT_MS})`);
    return ok(ms);
}

/**
 * Resolves the options. Each setting comes from its option or, with --from-env, from W&B's variable
 * (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_AUTH_METHOD, OIDC_SECRET, HOST); an option given beside
 * --from-env wins. Without --from-env an unset --auth-method means pkce (wandb-sso's default); with
 * it an unset OIDC_AUTH_METHOD means implicit, which is what W&B Server does. `groupsClaim`: what is
 * known of the IdP's groups claim from an issuer, for --teams (the CLI asks the IdP registry).
 */
export function resolveOptions(
    flags: VerifyFlags,
    env: Readonly<Record<string, string | undefined>>,
    groupsClaim: (issuer: string) => GroupsClaimKnowledge | undefined = () => undefined,
    wandbResource?: Parsed<WandbResourceUnderTest>,
    caFiles: readonly CaFile[] = [],
): { value: ResolvedOptions } | { problems: Problem[] } {
    const fromEnv = flags.fromEnv === true;
    const notes: string[] = [];
    /** Where a setting comes from: its option, or with --from-env W&B's variable (empty means unset). */
    const pick = (option: string, flag: string | undefined, variable: string): { setting: string; value: string | undefined } => {
        if (flag !== undefined) return { setting: option, value: flag };
        if (fromEnv) {
            const v = env[variable];
            return { setting: variable, value: v === "" ? undefined : v };
        }
        return { setting: option, value: undefined };
    };
    const sources = {
        issuer: pick("--issuer", flags.issuer, "OIDC_ISSUER"),
        clientId: pick("--client-id", flags.clientId, "OIDC_CLIENT_ID"),
        host: pick("--host", flags.host, "HOST"),
        authMethod: pick("--auth-method", flags.authMethod, "OIDC_AUTH_METHOD"),
    };
    let authMethod: string | undefined = sources.authMethod.value;
    if (authMethod === undefined && fromEnv) {
        authMethod = "implicit";
        notes.push("OIDC_AUTH_METHOD is not set: W&B Server then uses implicit");
    }
    const issuer = sources.issuer.value;
    const cas = caEntries(caFiles);
    const built = verifyConfig({
        issuer,
        clientId: sources.clientId.value,
        host: sources.host.value,
        authMethod,
        ...(fromEnv && env.OIDC_SECRET !== undefined && { secret: env.OIDC_SECRET }),
        ...(flags.teams === true && { teams: { groupsClaim: typeof issuer === "string" ? groupsClaim(issuer) : undefined } }),
        ...(cas.entries.length > 0 && { caCerts: cas.entries }),
        notes,
        ...(wandbResource !== undefined && "value" in wandbResource && { wandbResource: wandbResource.value }),
    });
    const problems: Problem[] = [
        ...cas.problems,
        ...("problems" in built
            ? built.problems.map(({ field, index, value, fix }) => {
                  if (field === "caCerts") return { setting: cas.names[index ?? 0] ?? "--ca-file", value, fix };
                  const source = sources[field];
                  return { setting: source.setting, value, fix: value === undefined && !fromEnv ? `${fix} (or use --from-env)` : fix };
              })
            : []),
    ];
    const timeout = parseTimeout(flags.timeout);
    if ("fix" in timeout) problems.push({ setting: "--timeout", value: flags.timeout, fix: timeout.fix });
    const resourceFix = wandbResource !== undefined && "fix" in wandbResource ? wandbResource.fix : undefined;
    if (resourceFix !== undefined) problems.push({ setting: "--wandb-resource", value: flags.wandbResource, fix: resourceFix });
    if ("problems" in built || "fix" in timeout || resourceFix !== undefined || cas.problems.length > 0) return { problems };
    return {
        value: {
            config: built.config,
            ...(built.secret !== undefined && { secret: built.secret }),
            timeoutMs: timeout.value,
            json: flags.json === true,
        },
    };
}

/**
 * `--wandb-resource`: the text of the file (or standard input) as JSON, a Kubernetes object. Only
 * JSON (`kubectl get … -o json`): the CLI reads no YAML.
 */
export function parseWandbResourceText(text: string): Parsed<unknown> {
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch {
        return bad(
            "not JSON: give the resource as `kubectl get weightsandbiases.v2.apps.wandb.com <name> -n <namespace> -o json` prints it",
        );
    }
    if (typeof value !== "object" || value === null || Array.isArray(value) || !("metadata" in value)) {
        return bad(
            "not a Kubernetes object: give one resource as `kubectl get weightsandbiases.v2.apps.wandb.com <name> -n <namespace> -o json` prints it",
        );
    }
    return ok(value);
}

/** The usage error text: every problem with the option (or variable) it concerns, the value and the fix. */
export function formatUsageProblems(problems: readonly Problem[]): string {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    const lines = problems.map((p) => `  - ${p.setting} = ${showValue(p.value)}: ${p.fix}`);
    return [
        `wandb-sso verify: ${count} with the options; nothing was checked. Please fix:`,
        ...lines,
        "Run `wandb-sso verify --help` for the options.",
        "",
    ].join("\n");
}
