// A fixed clock for the expiry policies, which read Date.now(): tests get exact day counts.
export const NOW = Date.parse("2026-06-01T12:00:00Z");
export const DAY = 24 * 60 * 60 * 1000;

/** Stops Date.now at NOW for the tests of the calling `describe`. */
export function useFixedClock(): void {
    const real = Date.now;
    beforeEach(() => {
        Date.now = () => NOW;
    });
    afterEach(() => {
        Date.now = real;
    });
}

export function isoIn(days: number): string {
    return new Date(NOW + days * DAY).toISOString().replace(".000Z", "Z");
}
