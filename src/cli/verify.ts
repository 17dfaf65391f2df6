#!/usr/bin/env node
// `wandb-sso verify`: proves, before W&B Server is switched over, that its OIDC settings will log
// users in. Exit 0 when every check passes (warnings allowed), 1 when one fails, 2 on a usage error.
//
//   node --import tsx src/cli/verify.ts --issuer https://example.okta.com/oauth2/default \
//       --client-id 0oa... --auth-method pkce --host https://wandb.example.com
//   OIDC_ISSUER=… OIDC_CLIENT_ID=… HOST=… node --import tsx src/cli/verify.ts --from-env --json
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { EXIT_USAGE, exitCode, formatJson, formatText } from "../verify/report";
import {
    DEFAULT_TIMEOUT_MS,
    formatUsageProblems,
    parseWandbResourceText,
    resolveOptions,
    type CaFile,
    type VerifyFlags,
} from "../verify/options";
import { TOTAL_TIMEOUTS, verify } from "../verify/run";
import { redact } from "../problems/redact";
import { groupsClaimKnowledge } from "../idps";
import { bad, type Parsed } from "../problems";
import type { WandbResourceUnderTest } from "../verify/types";
import { patchedSecret, v2Expectation } from "../wandb/v2Owned";
import { exitQuietlyWhenStdoutCloses } from "./closedPipe";

/** Where the command writes (process.stdout/stderr, or a test's collector). */
export interface Writer {
    write(text: string): unknown;
}

function program(stdout: Writer, stderr: Writer): Command {
    return new Command("wandb-sso verify")
        .description(
            "Check, before switching W&B Server over, that its OIDC settings will log users in: the IdP's discovery document and issuer, " +
                "what the auth method needs, scopes, signing keys, and the authorization request W&B sends.",
        )
        .option("--issuer <url>", "OIDC_ISSUER, exactly as W&B will be given it")
        .option("--client-id <id>", "OIDC_CLIENT_ID")
        .option(
            "--auth-method <method>",
            "OIDC_AUTH_METHOD: pkce or implicit (default pkce; with --from-env, unset means implicit, as in W&B)",
        )
        .option("--host <url>", "the W&B base URL (HOST); the redirect URI is <host>/oidc/callback")
        .option(
            "--from-env",
            "read OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_AUTH_METHOD, OIDC_SECRET and HOST from the environment (options given too win)",
        )
        .option("--teams", "also check that the IdP can send W&B's team mapping a groups claim of group names (docs/teams.md)")
        .option(
            "--ca-file <pem>",
            "a PEM file of the CA certificate(s) the IdP's TLS certificate chains to, trusted besides the system's roots (repeatable; as wandb-sso:caCerts)",
            (path: string, previous: string[] = []) => [...previous, path],
        )
        .option(
            "--wandb-resource <file>",
            "also check that the live WeightsAndBiases resource (apps.wandb.com/v2, as `kubectl get … -o json` prints it; - for standard input) still carries wandb-sso's settings",
        )
        .option("--json", "print the report as JSON")
        .option(
            "--timeout <ms>",
            `per-request timeout in milliseconds (default ${DEFAULT_TIMEOUT_MS}); the whole run is bounded by ${TOTAL_TIMEOUTS}× this`,
        )
        .addHelpText(
            "after",
            "\nExit codes: 0 all checks pass (warnings allowed), 1 a check failed, 2 usage error.\n" +
                "The client secret is read only from OIDC_SECRET (with --from-env), sent only to the token endpoint, and never printed.",
        )
        .allowExcessArguments(false)
        .exitOverride()
        .configureOutput({ writeOut: (s) => void stdout.write(s), writeErr: (s) => void stderr.write(s) });
}

/** A --ca-file's text, or why it could not be read (its code: ENOENT, EACCES, …). */
function readCaFile(path: string): CaFile {
    try {
        return { path, text: readFileSync(path, "utf8") };
    } catch (error) {
        const code = (error as { code?: unknown }).code;
        return { path, error: typeof code === "string" ? code : String(error) };
    }
}

/**
 * Runs the command with the given arguments (without `node` and the script) and environment, and
 * returns the exit code instead of exiting, so that tests can call it in-process.
 */
export async function main(
    argv: readonly string[],
    env: Readonly<Record<string, string | undefined>> = process.env,
    stdout: Writer = process.stdout,
    stderr: Writer = process.stderr,
): Promise<number> {
    const cmd = program(stdout, stderr);
    // `wandb-sso verify …` works whether the bin is this file itself or a dispatcher passing the rest.
    const args = argv[0] === "verify" ? argv.slice(1) : [...argv];
    try {
        cmd.parse(args, { from: "user" });
    } catch (error) {
        if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
        throw error;
    }
    const flags = cmd.opts<VerifyFlags>();
    const secret = flags.fromEnv ? env.OIDC_SECRET : undefined;
    // The client ID completes the Basic credentials form of the secret for the redaction.
    const clientId = flags.clientId ?? (flags.fromEnv ? env.OIDC_CLIENT_ID : undefined);
    const resolved = resolveOptions(
        flags,
        env,
        groupsClaimKnowledge,
        flags.wandbResource === undefined ? undefined : readWandbResource(flags.wandbResource),
        (flags.caFile ?? []).map(readCaFile),
    );
    if ("problems" in resolved) {
        if (flags.json) {
            const problems = resolved.problems.map((p) => ({ option: p.setting, value: p.value ?? null, fix: p.fix }));
            stdout.write(
                redact(`${JSON.stringify({ ok: false, exitCode: EXIT_USAGE, usageErrors: problems }, null, 2)}\n`, [secret], { clientId }),
            );
        } else {
            stderr.write(redact(formatUsageProblems(resolved.problems), [secret], { clientId }));
        }
        return EXIT_USAGE;
    }
    const { config, timeoutMs, json } = resolved.value;
    const report = await verify(config, { timeoutMs, ...(resolved.value.secret !== undefined ? { secret: resolved.value.secret } : {}) });
    // The secret is never put into a report; redacting the output anyway guards against an IdP
    // echoing it back (in any encoding) or a future message including it.
    stdout.write(redact(json ? formatJson(report) : formatText(report), [secret], { clientId: config.clientId }));
    return exitCode(report);
}

/**
 * The live W&B resource of `--wandb-resource` and what it must carry: the operator-v2 target's
 * selectors (src/wandb/v2Owned.ts, which loads no SDK), into the Secret its patch's annotation names.
 */
export function readWandbResource(file: string, stdin: () => string = () => readFileSync(0, "utf8")): Parsed<WandbResourceUnderTest> {
    let text: string;
    try {
        text = file === "-" ? stdin() : readFileSync(file, "utf8");
    } catch (error) {
        return bad(`cannot read it: ${error instanceof Error ? error.message : String(error)}`);
    }
    const parsed = parseWandbResourceText(text);
    if ("fix" in parsed) return parsed;
    return { value: { source: file, resource: parsed.value, expected: v2Expectation(patchedSecret(parsed.value)) } };
}

if (require.main === module) {
    exitQuietlyWhenStdoutCloses();
    main(process.argv.slice(2)).then(
        (code) => {
            process.exitCode = code;
        },
        (error: unknown) => {
            process.stderr.write(`wandb-sso verify: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
            process.exitCode = 1;
        },
    );
}
