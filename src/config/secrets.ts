// Secret-aware problems: a stack key set as a secret (`pulumi config set --secret`, or a `secure:`
// value anywhere inside it) reaches the program decrypted under `pulumi up`, so nothing found under
// it, at any depth, may show its value. The stack's problem collector asks `isUnderSecret`: each
// problem under such a key shows `[secret]` for the value, and parsers build its fix without the
// value (no suggestion, no corrected URL, host or path made from it). Pure.

/** Which keys are secret: bare keys of this project (`existing`), and full keys of other namespaces. */
export interface SecretKeys {
    readonly namespace: string;
    readonly bare: ReadonlySet<string>;
    readonly full: ReadonlySet<string>;
}

/** Whether a problem's setting (`wandb-sso:existing.clientId`, `wandb_sso:host`) lies under a secret key. */
export function isUnderSecret(setting: string, keys: SecretKeys): boolean {
    const prefix = `${keys.namespace}:`;
    const [set, name] = setting.startsWith(prefix) ? [keys.bare, setting.slice(prefix.length)] : [keys.full, setting];
    if (set.has(name)) return true;
    const top = /^[^.[]*/.exec(name)![0];
    return set.has(top);
}

export { scrub } from "../problems";
