// Without an engine, the SDK's `pulumi.log` writes "<severity>: [runtime] <message>" to the
// console. The offline plan and the tests collect those lines as the diagnostics `pulumi up` would
// show, so that the plan's `--json` stays pure JSON; every other console line passes through.

export interface CapturedDiagnostics {
    /** "info: …", "warning: …", "error: …", in order. */
    readonly lines: string[];
    warnings(): string[];
    /** Restores the console. */
    stop(): void;
}

export function captureDiagnostics(): CapturedDiagnostics {
    const lines: string[] = [];
    const original = { log: console.log, warn: console.warn, error: console.error };
    const capture =
        (write: (...args: unknown[]) => void) =>
        (...args: unknown[]) => {
            const match = typeof args[0] === "string" ? /^(info|warning|error): \[runtime\] ([\s\S]*)$/.exec(args[0]) : null;
            if (match) lines.push(`${match[1]}: ${match[2]}`);
            else write(...args);
        };
    console.log = capture(original.log);
    console.warn = capture(original.warn);
    console.error = capture(original.error);
    return {
        lines,
        warnings: () => lines.filter((line) => line.startsWith("warning: ")),
        stop: () => Object.assign(console, original),
    };
}
