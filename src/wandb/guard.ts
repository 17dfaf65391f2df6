// The switch-over guard, W&B side: a resource hook bound to what re-points W&B, which runs the
// checks of `wandb-sso verify` against the live IdP with the NEW settings before the switch
// (src/verify/guard.ts does the checking). A failure fails that resource's operation: W&B keeps its
// old settings, and the IdP app, registered earlier, is not held back.
import * as pulumi from "@pulumi/pulumi";
import type { OidcClient } from "../oidc";
import { switchOverHook, type SwitchOverSettings } from "../verify/guard";
import { seconds } from "../verify/guardMessage";

/** The hook kinds the guard runs on: a re-pointing resource is created, or updated. */
export const GUARD_HOOK_KINDS = ["beforeCreate", "beforeUpdate"] as const;

/** The hook's name: unique per WandbOidc component, as the engine requires. */
export const guardHookName = (component: string) => `${component}-verify-switch-over`;

/**
 * The hook binding for the resource that re-points W&B. The settings are the component's outputs,
 * resolved by the time the engine runs a `before*` hook (the resource's inputs depend on them);
 * hooks do not run in preview, where they may be unknown.
 */
export function switchOverGuard(
    component: pulumi.ComponentResource,
    name: string,
    client: OidcClient,
    host: string,
    deadlineSeconds: number,
    caCerts: readonly string[] = [],
): pulumi.ResourceHookBinding {
    const settings = new Promise<SwitchOverSettings>((resolve) => {
        pulumi
            .all([client.issuer, client.clientId, client.authMethod, client.clientSecret])
            .apply(([issuer, clientId, authMethod, secret]) => {
                resolve({
                    issuer,
                    clientId,
                    authMethod: authMethod,
                    host,
                    ...(secret !== undefined && { secret }),
                    // The CA W&B is given (caCerts), and so the one the check trusts besides the system's roots.
                    ...(caCerts.length > 0 && { caCerts }),
                });
            });
    });
    const check = switchOverHook(() => settings, {
        deadlineMs: deadlineSeconds * 1000,
        onPass: ({ attempts, waitedMs }) =>
            void pulumi.log.info(
                `switch-over check passed (${attempts === 1 ? "at once" : `after ${attempts} attempts over ${seconds(waitedMs)}`}): W&B is re-pointed at the new OIDC settings`,
                component,
            ),
    });
    // Bound to the new ConfigMap and Secret and to what re-points W&B: the settings are the same
    // for all of them in one update, so once they pass the others need not ask the IdP again.
    let passed = false;
    const hook = new pulumi.ResourceHook(guardHookName(name), async (args) => {
        if (passed) return;
        await check(args);
        passed = true;
    });
    return Object.fromEntries(GUARD_HOOK_KINDS.map((kind) => [kind, [hook]]));
}

/**
 * Whether this runtime can register resource hooks. The Pulumi engine can; the SDK's own mock
 * monitor has no registerResourceHook (@pulumi/pulumi 3.276.0 runtime/mocks.js), and a hook bound
 * there fails the program, so a user's unit tests under `pulumi.runtime.setMocks` get no guard
 * (hooks never run under mocks anyway) rather than an error.
 */
export function canBindResourceHooks(): boolean {
    const monitor = pulumi.runtime.getMonitor() as { registerResourceHook?: unknown } | undefined;
    return typeof monitor?.registerResourceHook === "function";
}

/** The note when the runtime cannot take hooks (Pulumi's mock runtime): nothing to bind, nothing checked. */
export const GUARD_UNBOUND_NOTE =
    "the switch-over check is not bound: this runtime cannot register resource hooks (Pulumi's mock runtime); pulumi up binds it";

/** What the output says when the guard is off: W&B is switched without a check. */
export const GUARD_OFF_WARNING =
    "the switch-over check is off (verify: false): W&B will be re-pointed at the new OIDC settings without checking them against the IdP first; a wrong redirect URI, client or secret would lock users out until fixed (check by hand with `wandb-sso verify`)";

/** The note while break-glass is on: SSO is off, so there is nothing to check. */
export const GUARD_BREAK_GLASS_NOTE =
    "the switch-over check is skipped while break-glass is on: SSO is off, so W&B logs nobody in through the IdP";
