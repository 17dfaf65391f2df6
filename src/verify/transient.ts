// Pure rule for which HTTP answers can change by themselves, shared by the checks that mark their
// failures transient (see CheckResult.transient) for the switch-over guard's retries.

/** Statuses that say "not now" rather than "never": server errors and rate limiting. */
export function isTransientStatus(status: number): boolean {
    return status >= 500 || status === 429;
}
