// The strings an IdP component writes into its provider, kept within that provider's limits for any
// host the host parser accepts (src/parse/host.ts: a hostname of up to 253 characters, and a port,
// so a base URL of up to 267). What wandb-sso makes up itself (an app's description) is shortened
// to fit; what the user chose (the host, in every registered URL) is refused when it cannot fit,
// before anything is registered, naming the limit. Each IdP states its provider's limits, with
// their source, in its rules.ts. Pure: no SDK import.
import { WANDB_URL_PATHS, type WandbUrls } from "../oidc";
import { parseHost } from "../parse/oidc";
import type { At, Problems } from "../problems";

/** A W&B URL an IdP registers, and the most characters its provider takes in that field. */
export interface UrlLimit {
    /** The provider's field, as the message names it (`web.redirectUris`). */
    readonly field: string;
    /** Which W&B URL goes there. */
    readonly url: keyof WandbUrls;
    readonly maxChars: number;
}

/** The longest normalised host whose URLs all fit `limits`. */
export function maxHostChars(limits: readonly UrlLimit[]): number {
    return Math.min(...limits.map((limit) => limit.maxChars - WANDB_URL_PATHS[limit.url].length));
}

/**
 * Why a normalised host cannot be registered with an IdP whose provider has `limits`, or undefined
 * when every URL fits. `idp` names the IdP and where the limits come from (`Entra (the azuread
 * provider)`).
 */
export function hostUrlsFix(host: string, idp: string, limits: readonly UrlLimit[]): string | undefined {
    const over = limits.filter((limit) => host.length + WANDB_URL_PATHS[limit.url].length > limit.maxChars);
    if (over.length === 0) return undefined;
    const fields = over
        .map((limit) => `${limit.field} ${host.length + WANDB_URL_PATHS[limit.url].length} characters (at most ${limit.maxChars})`)
        .join(", ");
    return `${idp} cannot register W&B's URLs for a host this long: they would make ${fields}; serve W&B at a host of at most ${maxHostChars(limits)} characters (this one is ${host.length})`;
}

const DESCRIPTION_HEAD = "W&B Server at ";
const DESCRIPTION_TAIL = " (OIDC single sign-on, managed by wandb-sso)";
const SHORT_TAIL = " (wandb-sso)";
const CUT = "...";

/**
 * The app's description in the IdP's console, within `maxChars` for any host: the full sentence
 * when it fits, then without its explanation, then with the host cut (ASCII only, so that a limit
 * counted in bytes, as Go's `len` does, and one counted in characters agree).
 */
export function appDescription(host: string, maxChars: number): string {
    const full = `${DESCRIPTION_HEAD}${host}${DESCRIPTION_TAIL}`;
    if (full.length <= maxChars) return full;
    const short = `${DESCRIPTION_HEAD}${host}${SHORT_TAIL}`;
    if (short.length <= maxChars) return short;
    const room = maxChars - DESCRIPTION_HEAD.length - CUT.length - SHORT_TAIL.length;
    if (room < 1) throw new Error(`appDescription: a limit of ${maxChars} characters leaves no room for the host`);
    return `${DESCRIPTION_HEAD}${host.slice(0, room)}${CUT}${SHORT_TAIL}`;
}

/**
 * Records the problem when the host (the common `host` argument, as given) is valid but too long
 * for the IdP's URL fields; an invalid host is reported by the common check.
 */
export function checkHostUrls(
    args: { readonly host?: unknown },
    problems: Problems,
    at: At,
    idp: string,
    limits: readonly UrlLimit[],
): void {
    const host = parseHost(args.host);
    if (!("value" in host)) return;
    const fix = hostUrlsFix(host.value, idp, limits);
    if (fix !== undefined) problems.add(at("host"), args.host, fix);
}
