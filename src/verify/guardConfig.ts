// Pure translation of the switch-over guard's inputs into what verify() takes: the settings under
// test, built by the CLI's own rules, and the retry timing, each checked and named when wrong.
import type { AuthMethod } from "../oidc";
import { DEFAULT_TIMEOUT_MS, verifyConfig, type VerifyField } from "./settings";
import { redact } from "../problems/redact";
import type { VerifyConfig } from "./types";

/** The OIDC settings W&B is about to be switched to. */
export interface SwitchOverSettings {
    /** OIDC_ISSUER, exactly as W&B will be given it. */
    readonly issuer: string;
    /** OIDC_CLIENT_ID. */
    readonly clientId: string;
    /** OIDC_AUTH_METHOD. */
    readonly authMethod: AuthMethod;
    /** The normalised W&B base URL (HOST); the redirect URI is `<host>/oidc/callback`. */
    readonly host: string;
    /** OIDC_SECRET, when the app has one: sent only to the token endpoint, never shown. */
    readonly secret?: string;
    /** The CA certificates (PEM) the IdP's TLS chains to (wandb-sso:caCerts), trusted besides the system's roots. */
    readonly caCerts?: readonly string[];
}

/** How long the guard keeps trying, and how it spaces its attempts. */
export interface GuardTiming {
    /** The bound on the whole guard, attempts and pauses included, in milliseconds (default 120 000). */
    readonly deadlineMs?: number;
    /** Per-request timeout in milliseconds (default 5000, as the CLI's). */
    readonly timeoutMs?: number;
    /** The first pause between attempts, in milliseconds (default 2000). */
    readonly backoffStartMs?: number;
    /** Each pause is the previous one times this (default 2). */
    readonly backoffFactor?: number;
    /** The longest pause, in milliseconds (default 15 000). */
    readonly backoffMaxMs?: number;
}

export const DEFAULT_GUARD_TIMING: Required<GuardTiming> = {
    deadlineMs: 120_000,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    backoffStartMs: 2000,
    backoffFactor: 2,
    backoffMaxMs: 15_000,
};

/** Names the guard reports settings by: the W&B variable each becomes. */
const SETTING_NAMES: Readonly<Record<VerifyField, string>> = {
    issuer: "issuer (OIDC_ISSUER)",
    clientId: "clientId (OIDC_CLIENT_ID)",
    authMethod: "authMethod (OIDC_AUTH_METHOD)",
    host: "host (HOST)",
    caCerts: "caCerts (wandb-sso:caCerts)",
};

/**
 * The settings under test, built by the same rules as `wandb-sso verify`'s (src/verify/settings.ts:
 * the same validation, redirect URI and notes), or an Error naming each setting, its value and the
 * fix.
 */
export function guardConfig(settings: SwitchOverSettings): VerifyConfig {
    const built = verifyConfig(settings);
    if ("problems" in built) {
        const lines = built.problems.map(
            (p) =>
                `  - ${SETTING_NAMES[p.field]}${p.index === undefined ? "" : `[${p.index}]`} = ${p.value === undefined ? "(not set)" : JSON.stringify(p.value)}: ${p.fix}`,
        );
        const message = [
            "wandb-sso: cannot check the new OIDC settings before W&B is switched to them; W&B keeps its old settings. Please fix:",
            ...lines,
        ].join("\n");
        // No setting above is the secret, but a value put in the wrong setting could be.
        throw new Error(redact(message, [settings.secret], { clientId: settings.clientId }));
    }
    return built.config;
}

/** The timing with defaults filled in, or an Error naming the option, its value and the fix. */
export function guardTiming(timing: GuardTiming): Required<GuardTiming> {
    const pick = (name: keyof GuardTiming): number => timing[name] ?? DEFAULT_GUARD_TIMING[name];
    const resolved: Required<GuardTiming> = {
        deadlineMs: pick("deadlineMs"),
        timeoutMs: pick("timeoutMs"),
        backoffStartMs: pick("backoffStartMs"),
        backoffFactor: pick("backoffFactor"),
        backoffMaxMs: pick("backoffMaxMs"),
    };
    const problems: string[] = [];
    const positive = (name: keyof GuardTiming, min: number) => {
        const value = resolved[name];
        if (!Number.isFinite(value) || value < min) problems.push(`  - ${name} = ${String(value)}: use a number of at least ${min}`);
    };
    positive("deadlineMs", 1);
    positive("timeoutMs", 1);
    positive("backoffStartMs", 0);
    positive("backoffFactor", 1);
    positive("backoffMaxMs", 0);
    if (problems.length > 0) throw new Error(["wandb-sso: the switch-over guard's timing is invalid. Please fix:", ...problems].join("\n"));
    return resolved;
}
