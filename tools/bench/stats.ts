// The pure part of `npm run bench`: summaries of repeated measurements, the ratios the targets are
// stated in, and the table. No I/O, no clock: test/bench.test.ts runs it directly.

/** Repeated measurements of one quantity, summarized. */
export interface Summary {
    readonly median: number;
    readonly min: number;
    readonly max: number;
    readonly runs: number;
}

/** The median (the mean of the middle two for an even count). Throws on no samples. */
export function median(samples: readonly number[]): number {
    if (samples.length === 0) throw new Error("median of no samples");
    const sorted = [...samples].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarize(samples: readonly number[]): Summary {
    if (samples.length === 0) throw new Error("summary of no samples");
    for (const s of samples) if (!Number.isFinite(s)) throw new Error(`not a measurement: ${s}`);
    return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), runs: samples.length };
}

/** Each sample divided by `by` (e.g. total time → time per environment). */
export function scale(summary: Summary, by: number): Summary {
    return { median: summary.median / by, min: summary.min / by, max: summary.max / by, runs: summary.runs };
}

/** `a / b` of two medians. */
export function ratioOfMedians(a: Summary, b: Summary): number {
    return a.median / b.median;
}

/**
 * How the cost per environment changes from a small to a large run: (cost at `large.n` / large.n) /
 * (cost at `small.n` / small.n). 1 means linear (flat per-environment cost); 10 means quadratic
 * from N=10 to N=100; below 1 means fixed costs still being amortized.
 */
export function linearityRatio(small: { n: number; total: number }, large: { n: number; total: number }): number {
    if (small.n <= 0 || large.n <= 0) throw new Error("environment counts must be positive");
    return large.total / large.n / (small.total / small.n);
}

/** What each environment beyond `small.n` costs: (total at large − total at small) / (large.n − small.n). */
export function marginalCost(small: { n: number; total: number }, large: { n: number; total: number }): number {
    if (large.n <= small.n) throw new Error("the large run must have more environments than the small one");
    return (large.total - small.total) / (large.n - small.n);
}

/** Whether a per-environment ratio counts as flat: within ±`tolerance` of 1. */
export function isFlat(ratio: number, tolerance = 0.25): boolean {
    return ratio >= 1 - tolerance && ratio <= 1 + tolerance;
}

/** A number as the table shows it: no decimals from 100 up, one below, two below 10. */
export function formatNumber(value: number): string {
    const abs = Math.abs(value);
    if (abs >= 100) return Math.round(value).toString();
    if (abs >= 10) return value.toFixed(1);
    return value.toFixed(2);
}

export interface Row {
    /** What was measured. */
    readonly label: string;
    readonly unit: string;
    /** A measurement (median, min, max) or a single derived figure, or a text (e.g. "not available"). */
    readonly value: Summary | number | string;
    readonly note?: string;
}

export interface Section {
    readonly title: string;
    readonly rows: readonly Row[];
}

function cells(row: Row): [string, string, string, string, string, string] {
    const { value } = row;
    if (typeof value === "string") return [row.label, value, "", "", "", row.note ?? ""];
    if (typeof value === "number") return [row.label, formatNumber(value), "", "", row.unit, row.note ?? ""];
    return [row.label, formatNumber(value.median), formatNumber(value.min), formatNumber(value.max), row.unit, row.note ?? ""];
}

/** The sections as one aligned plain-text table (also valid Markdown). */
export function formatTable(sections: readonly Section[]): string {
    const header: string[] = ["measure", "median", "min", "max", "unit", "note"];
    const lines: string[][] = [];
    for (const section of sections) {
        lines.push([`**${section.title}**`, "", "", "", "", ""]);
        for (const row of section.rows) lines.push(cells(row));
    }
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
    const numeric = new Set([1, 2, 3]);
    const format = (l: readonly string[]) =>
        "| " + l.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(" | ") + " |";
    const rule = "| " + widths.map((w, i) => (numeric.has(i) ? "-".repeat(w - 1) + ":" : "-".repeat(w))).join(" | ") + " |";
    return [format(header), rule, ...lines.map(format)].join("\n");
}
