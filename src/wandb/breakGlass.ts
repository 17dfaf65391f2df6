// Break-glass: `LOCAL_RESTORE=true` turns SSO off on W&B and makes it print a temporary admin
// password, for when nobody can sign in through the identity provider. What to tell the operator.
// Each target's record says how the flag arrives, where the password is logged and what is left to do.
import { TARGETS, type TargetWorkload, type WandbTarget } from "./targets";

/** The workload under break-glass, and its target. */
export interface WandbWorkload extends TargetWorkload {
    readonly target: WandbTarget;
}

/** The command that shows where W&B prints the temporary password (the target's `breakGlass.passwordLogs`). */
export function passwordLogsCommand(workload: WandbWorkload): string {
    return TARGETS[workload.target].breakGlass.passwordLogs(workload);
}

/**
 * The warning `pulumi preview`, `pulumi up` and the offline plan print while break-glass is on:
 * that SSO is off, where the temporary password appears, and how to turn SSO back on.
 */
export function breakGlassWarning(workload: WandbWorkload): string {
    const { arrives, afterSsoBackOn } = TARGETS[workload.target].breakGlass;
    return (
        `BREAK-GLASS IS ON (localRestore: true): SSO is OFF on W&B. ${arrives(workload)}. ` +
        `Nobody signs in through the identity provider while it is on. Once the new W&B pod has started, it prints a temporary admin password in its log: ` +
        `\`${passwordLogsCommand(workload)}\`. ` +
        "Sign in with it and fix SSO, then turn SSO back on: remove the flag (`pulumi config rm wandb-sso:localRestore`) and run `pulumi up`" +
        (afterSsoBackOn === undefined ? "." : `, then ${afterSsoBackOn}.`)
    );
}
