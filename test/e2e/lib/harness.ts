// The end-to-end tier's runner: scenarios in order, each printing `PASS <name>` or
// `FAIL <name>: <reason>`; a scenario that needs an earlier one that failed fails with that reason.
export interface Scenario<C> {
    readonly name: string;
    /** Scenarios whose state this one starts from. */
    readonly needs?: readonly string[];
    run(context: C): Promise<void>;
}

export interface Outcome {
    readonly name: string;
    readonly passed: boolean;
    readonly reason?: string;
    readonly seconds: number;
}

export async function runScenarios<C>(scenarios: readonly Scenario<C>[], context: C, only?: ReadonlySet<string>): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    const passed = new Set<string>();
    for (const scenario of scenarios) {
        if (only && !only.has(scenario.name)) continue;
        const start = Date.now();
        const missing = (scenario.needs ?? []).filter((n) => !passed.has(n));
        let outcome: Outcome;
        if (missing.length > 0) {
            outcome = { name: scenario.name, passed: false, reason: `needs ${missing.join(", ")}, which did not pass`, seconds: 0 };
        } else {
            process.stdout.write(`---- ${scenario.name}\n`);
            try {
                await scenario.run(context);
                outcome = { name: scenario.name, passed: true, seconds: (Date.now() - start) / 1000 };
            } catch (err) {
                const reason = err instanceof Error ? err.message : String(err);
                outcome = { name: scenario.name, passed: false, reason, seconds: (Date.now() - start) / 1000 };
            }
        }
        if (outcome.passed) passed.add(scenario.name);
        process.stdout.write(
            outcome.passed ? `PASS ${outcome.name} (${outcome.seconds.toFixed(1)} s)\n` : `FAIL ${outcome.name}: ${outcome.reason ?? ""}\n`,
        );
        outcomes.push(outcome);
    }
    return outcomes;
}

export class AssertionError extends Error {}

export function expect(condition: unknown, message: string): asserts condition {
    if (!condition) throw new AssertionError(message);
}

export function expectEqual(actual: unknown, expected: unknown, what: string): void {
    const a = JSON.stringify(actual, Object.keys(flatKeys(actual)).sort());
    const e = JSON.stringify(expected, Object.keys(flatKeys(expected)).sort());
    if (a !== e) throw new AssertionError(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

function flatKeys(value: unknown, into: Record<string, true> = {}): Record<string, true> {
    if (value && typeof value === "object") {
        for (const [k, v] of Object.entries(value)) {
            into[k] = true;
            flatKeys(v, into);
        }
    }
    return into;
}
