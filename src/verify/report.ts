// Pure formatting of a verify report (text and JSON) and its exit code.
import { quote } from "./text";
import type { CheckResult, CheckStatus, VerifyConfig, VerifyReport } from "./types";

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export type Summary = Readonly<Record<CheckStatus, number>>;

export function summarize(checks: readonly CheckResult[]): Summary {
    const counts: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0, skip: 0 };
    for (const c of checks) counts[c.status] += 1;
    return counts;
}

/** 0 when nothing failed (warnings allowed), 1 when a check failed. */
export function exitCode(report: VerifyReport): number {
    return report.checks.some((c) => c.status === "fail") ? EXIT_FAILED : EXIT_OK;
}

const LABEL: Readonly<Record<CheckStatus, string>> = { pass: "PASS", warn: "WARN", fail: "FAIL", skip: "SKIP" };

function configLines(config: VerifyConfig): string[] {
    return [
        `  issuer        ${quote(config.issuer, 300)}`,
        `  client ID     ${quote(config.clientId, 300)}`,
        `  auth method   ${config.authMethod}`,
        `  redirect URI  ${quote(config.redirectUri, 300)}`,
        `  client secret ${config.hasClientSecret ? "set (not shown)" : "not set"}`,
        ...(config.caSubjects?.length
            ? [`  trusted CAs   the system's roots and ${config.caSubjects.map((s) => quote(s, 200)).join("; ")}`]
            : []),
        ...(config.wandbResource ? [`  W&B resource  ${quote(config.wandbResource.source, 300)}`] : []),
        ...config.notes.map((n) => `  note: ${quote(n, 300)}`),
    ];
}

function plural(n: number, one: string, many = `${one}s`): string {
    return `${n} ${n === 1 ? one : many}`;
}

/** The human report: the settings, one line per check (plus its fix), and the verdict. */
export function formatText(report: VerifyReport): string {
    const width = Math.max(...report.checks.map((c) => c.title.length), 10);
    const lines = ["wandb-sso verify: can W&B Server log users in with these OIDC settings?", ...configLines(report.config), ""];
    for (const c of report.checks) {
        lines.push(`  ${LABEL[c.status]}  ${c.title.padEnd(width)}  ${quote(c.message, 600)}`);
        if (c.fix !== undefined && (c.status === "fail" || c.status === "warn")) {
            lines.push(`  ${" ".repeat(4)}  ${" ".repeat(width)}  fix: ${quote(c.fix, 400)}`);
        }
    }
    const s = summarize(report.checks);
    const counts = `${plural(s.fail, "failed", "failed")}, ${plural(s.warn, "warning")}, ${plural(s.pass, "passed", "passed")}${s.skip ? `, ${plural(s.skip, "skipped", "skipped")}` : ""}`;
    const verdict =
        s.fail > 0
            ? `FAIL (${counts}): W&B logins will not work until the failures above are fixed.`
            : s.warn > 0
              ? `PASS with warnings (${counts}): review the warnings above.`
              : `PASS (${counts}): W&B can be switched to these settings.`;
    lines.push("", `Result: ${verdict}`, "");
    return lines.join("\n");
}

/** The machine report: `ok`, the exit code, the settings (never the secret), the checks and counts. */
export function formatJson(report: VerifyReport): string {
    const { config } = report;
    const json = {
        ok: exitCode(report) === EXIT_OK,
        exitCode: exitCode(report),
        config: {
            issuer: config.issuer,
            clientId: config.clientId,
            authMethod: config.authMethod,
            host: config.host,
            redirectUri: config.redirectUri,
            clientSecret: config.hasClientSecret ? "set" : "not set",
            ...(config.caSubjects?.length && { caCerts: config.caSubjects }),
            ...(config.wandbResource && { wandbResource: config.wandbResource.source }),
            notes: config.notes,
        },
        checks: report.checks.map((c) => ({
            id: c.id,
            title: c.title,
            status: c.status,
            message: c.message,
            ...(c.fix !== undefined ? { fix: c.fix } : {}),
        })),
        summary: summarize(report.checks),
    };
    return `${JSON.stringify(json, null, 2)}\n`;
}
