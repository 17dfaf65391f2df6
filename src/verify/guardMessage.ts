// Pure wording of the switch-over guard's refusal: which checks failed and how to fix each, how long
// it tried, that W&B keeps its old settings, and how to skip the guard. The secret never appears.
import { redact } from "../problems/redact";
import { quote } from "./text";
import type { CheckResult, VerifyReport } from "./types";

/** How the guard ended without a pass. */
export interface GuardRefusal {
    /** The last attempt's report. */
    readonly report: VerifyReport;
    readonly attempts: number;
    /** From the first attempt's start to the refusal, in milliseconds. */
    readonly waitedMs: number;
    /** `permanent`: a failure that waiting cannot fix; `deadline`: only transient ones, until time ran out. */
    readonly reason: "permanent" | "deadline";
    /** The deadline, in milliseconds (for the message). */
    readonly deadlineMs: number;
}

/** `0.4 s`, `1.5 s`, `118 s`: tenths while they matter. */
export function seconds(ms: number): string {
    return ms < 10_000 ? `${(Math.max(ms, 0) / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

function checkLines(check: CheckResult): string[] {
    const lines = [`  - ${check.title}: ${quote(check.message, 600)}`];
    if (check.fix !== undefined) lines.push(`    fix: ${quote(check.fix, 400)}`);
    return lines;
}

/**
 * The guard's error message. `secret` feeds the redaction (with the client ID, for the Basic
 * credentials form), which hides it in every encoding an IdP could have echoed it in.
 */
export function refusalMessage(refusal: GuardRefusal, secret?: string): string {
    const { report, attempts, waitedMs } = refusal;
    const { config } = report;
    const failed = report.checks.filter((c) => c.status === "fail");
    const tried = `after ${count(attempts, "attempt", "attempts")} over ${seconds(waitedMs)}`;
    const checks = count(failed.length, "check", "checks");
    const why =
        refusal.reason === "deadline"
            ? `${checks} still failed ${tried}, when the ${seconds(refusal.deadlineMs)} deadline left no time for another attempt ` +
              "(such failures can pass by themselves, e.g. while a new app or client secret propagates at the IdP, so they were retried)"
            : `${checks} failed ${tried} (not retried: waiting cannot fix ${failed.length === 1 ? "it" : failed.some((c) => c.transient) ? "all of them" : "them"})`;
    const lines = [
        `wandb-sso: W&B was not switched to the new OIDC settings: ${why}.`,
        `Checked: issuer ${JSON.stringify(config.issuer)}, client ID ${JSON.stringify(config.clientId)}, auth method ${config.authMethod}, ` +
            `redirect URI ${config.redirectUri}, client secret ${config.hasClientSecret ? "set (not shown)" : "not set"}` +
            `${config.caSubjects?.length ? `, trusting the system's roots and ${config.caSubjects.join("; ")}` : ""}.`,
        ...failed.flatMap(checkLines),
        "W&B keeps its old OIDC settings. Fix the above and run `pulumi up` again; or, to switch without this check, " +
            "set `wandb-sso:verify false` in the stack config (or `verify: false` on WandbOidc).",
    ];
    return redact(lines.join("\n"), [secret], { clientId: config.clientId });
}
