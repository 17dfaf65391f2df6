// The switch-over guard: before `pulumi up` re-points W&B at new OIDC settings, a resource hook runs
// the same checks as `wandb-sso verify` against the live IdP, so that a broken app is never switched
// to. Failures that can pass by themselves (a new app or secret still propagating, an outage) are
// retried with backoff until a deadline; any other failure refuses at once.
//
// Only a type comes from @pulumi/pulumi: verify stays free of the SDK at run time (the CLI loads
// this folder without it).
import { setTimeout as sleep } from "node:timers/promises";
import type { ResourceHookArgs } from "@pulumi/pulumi";
import { guardConfig, guardTiming, type GuardTiming, type SwitchOverSettings } from "./guardConfig";
import { refusalMessage } from "./guardMessage";
import { redact } from "../problems/redact";
import { TOTAL_TIMEOUTS, verify, type VerifyOptions } from "./run";
import type { VerifyConfig, VerifyReport } from "./types";

export type { GuardTiming, SwitchOverSettings } from "./guardConfig";

/** What a passing guard reports. */
export interface GuardPass {
    /** The passing attempt's report (warnings included). */
    readonly report: VerifyReport;
    readonly attempts: number;
    /** From the first attempt's start to the pass, in milliseconds. */
    readonly waitedMs: number;
}

/**
 * Runs the checks until they pass, a failure that waiting cannot fix appears, or the deadline
 * leaves no time for another attempt. Resolves quietly on a pass; otherwise throws one Error
 * naming each failed check with its fix, the attempts and the time waited, and how to skip the
 * guard. The secret never appears in it.
 */
export async function guardSwitchOver(settings: SwitchOverSettings, timing: GuardTiming = {}): Promise<GuardPass> {
    const t = guardTiming(timing);
    const config = guardConfig(settings);
    const secret = config.hasClientSecret ? settings.secret : undefined;
    const start = Date.now();
    const deadline = start + t.deadlineMs;
    let pause = t.backoffStartMs;
    for (let attempts = 1; ; attempts++) {
        const left = Math.max(deadline - Date.now(), 1);
        // Each attempt is bounded by what is left, so the guard as a whole keeps its deadline.
        const report = await verifyRedacted(config, {
            timeoutMs: Math.min(t.timeoutMs, left),
            totalMs: Math.min(TOTAL_TIMEOUTS * t.timeoutMs, left),
            ...(secret !== undefined ? { secret } : {}),
        });
        const failed = report.checks.filter((c) => c.status === "fail");
        const now = Date.now();
        const waitedMs = now - start;
        if (failed.length === 0) return { report, attempts, waitedMs };
        const refuse = (reason: "permanent" | "deadline") =>
            new Error(refusalMessage({ report, attempts, waitedMs, reason, deadlineMs: t.deadlineMs }, secret));
        if (failed.some((c) => c.transient !== true)) throw refuse("permanent");
        // Another attempt is worth making only with one request's full timeout still ahead of it.
        const wait = Math.min(pause, deadline - now - t.timeoutMs);
        if (wait < 0) throw refuse("deadline");
        await sleep(wait);
        pause = Math.min(pause * t.backoffFactor, t.backoffMaxMs);
    }
}

/** verify(), whose own errors (never an IdP's: it reports those) are rethrown with the secret redacted. */
async function verifyRedacted(config: VerifyConfig, options: VerifyOptions): Promise<VerifyReport> {
    try {
        return await verify(config, options);
    } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        // eslint-disable-next-line preserve-caught-error -- the cause could carry the secret; only its redacted message is kept
        throw new Error(
            redact(`wandb-sso: the switch-over check failed to run: ${message}`, [options.secret], { clientId: config.clientId }),
        );
    }
}

/** Where the hook gets the new settings: the values, a promise of them, or a function of the hook's arguments. */
export type SettingsSource =
    | SwitchOverSettings
    | PromiseLike<SwitchOverSettings>
    | ((args: ResourceHookArgs) => SwitchOverSettings | PromiseLike<SwitchOverSettings>);

export interface SwitchOverHookOptions extends GuardTiming {
    /** Called after a pass, e.g. to log the attempts or the report's warnings. */
    readonly onPass?: (pass: GuardPass) => void;
}

/**
 * The resource hook callback (for `new pulumi.ResourceHook(name, callback)`, bound before the
 * resources that switch W&B over): awaits the new settings, then runs `guardSwitchOver`.
 */
export function switchOverHook(settings: SettingsSource, options: SwitchOverHookOptions = {}): (args: ResourceHookArgs) => Promise<void> {
    return async (args) => {
        const resolved = await (typeof settings === "function" ? settings(args) : settings);
        const passed = await guardSwitchOver(resolved, options);
        options.onPass?.(passed);
    };
}
