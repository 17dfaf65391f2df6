// Pure resolution of the verify command's options (and, with --from-env, W&B's own environment
// variables) into the settings under test, or the usage problems, each naming the option.
import { parseAuthMethod, parseHost, type AuthMethod } from "../oidc";
import { bad, ok, showValue, type Parsed, type Problem } from "../problems";
import { parseIssuer } from "./issuer";
import type { VerifyConfig } from "./types";

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
}

export const DEFAULT_TIMEOUT_MS = 5000;
export const MAX_TIMEOUT_MS = 120_000;

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

function parseClientId(value: unknown): Parsed<string> {
    if (typeof value !== "string" || value === "") return bad("set the client (application) ID the IdP issued for W&B");
    if (value.trim() !== value) return bad(`remove the surrounding whitespace: use ${JSON.stringify(value.trim())}`);
    return ok(value);
}

/**
 * Resolves the options. Each setting comes from its option or, with --from-env, from W&B's variable
 * (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_AUTH_METHOD, OIDC_SECRET, HOST); an option given beside
 * --from-env wins. Without --from-env an unset --auth-method means pkce (wandb-sso's default); with
 * it an unset OIDC_AUTH_METHOD means implicit, which is what W&B Server does.
 */
export function resolveOptions(
    flags: VerifyFlags,
    env: Readonly<Record<string, string | undefined>>,
): { value: ResolvedOptions } | { problems: Problem[] } {
    const fromEnv = flags.fromEnv === true;
    const problems: Problem[] = [];
    const notes: string[] = [];
    const pick = (option: string, flag: string | undefined, variable: string): { setting: string; value: string | undefined } => {
        if (flag !== undefined) return { setting: option, value: flag };
        if (fromEnv) {
            const v = env[variable];
            return { setting: variable, value: v === "" ? undefined : v };
        }
        return { setting: option, value: undefined };
    };
    const check = <T>(source: { setting: string; value: string | undefined }, parse: (v: unknown) => Parsed<T>): T | undefined => {
        const r = parse(source.value);
        if ("fix" in r) {
            const fix = source.value === undefined && !fromEnv ? `${r.fix} (or use --from-env)` : r.fix;
            problems.push({ setting: source.setting, value: source.value, fix });
            return undefined;
        }
        return r.value;
    };

    const issuer = check(pick("--issuer", flags.issuer, "OIDC_ISSUER"), parseIssuer);
    const clientId = check(pick("--client-id", flags.clientId, "OIDC_CLIENT_ID"), parseClientId);
    const host = check(pick("--host", flags.host, "HOST"), parseHost);
    const methodSource = pick("--auth-method", flags.authMethod, "OIDC_AUTH_METHOD");
    let authMethod: AuthMethod | undefined;
    if (methodSource.value === undefined && fromEnv) {
        authMethod = "implicit";
        notes.push("OIDC_AUTH_METHOD is not set: W&B Server then uses implicit");
    } else {
        authMethod = check(methodSource, parseAuthMethod);
    }
    const timeoutMs = check({ setting: "--timeout", value: flags.timeout }, parseTimeout);
    const secret = fromEnv && env.OIDC_SECRET !== undefined && env.OIDC_SECRET !== "" ? env.OIDC_SECRET : undefined;
    if (secret !== undefined && authMethod === "implicit") notes.push("OIDC_SECRET is set but not used by the implicit flow");

    if (
        problems.length > 0 ||
        issuer === undefined ||
        clientId === undefined ||
        host === undefined ||
        authMethod === undefined ||
        timeoutMs === undefined
    ) {
        return { problems };
    }
    return {
        value: {
            config: {
                issuer,
                clientId,
                authMethod,
                host,
                redirectUri: `${host}/oidc/callback`,
                hasClientSecret: secret !== undefined,
                ...(flags.teams === true && { teams: true }),
                notes,
            },
            ...(secret !== undefined ? { secret } : {}),
            timeoutMs,
            json: flags.json === true,
        },
    };
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
