// Secret-aware problems: a stack key set as a secret (`pulumi config set --secret`, or a `secure:`
// value anywhere inside it) reaches the program decrypted under `pulumi up`, so nothing found under
// it, at any depth, may show its value. Each problem under such a key shows `[secret]` for the
// value, and its fix is scrubbed of the value and of anything the fix derived from it (the
// suggestion, and the long word-like runs a URL parser could have copied out of it). Pure.
import { NESTED_TOO_DEEP, nestedTooDeepFix, problem, SECRET_PLACEHOLDER, secretProblem, type Problem } from "../problems";

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

/** The problems, with every one under a secret key shown as `[secret]` and its fix scrubbed. */
export function hideSecrets(problems: readonly Problem[], keys: SecretKeys): Problem[] {
    return problems.map((p) => (isUnderSecret(p.setting, keys) ? hidden(p) : p));
}

function hidden(p: Problem): Problem {
    // The path into a value nested too deep is made of its keys: under a secret, only the setting.
    if (p.value === NESTED_TOO_DEEP) return problem(p.setting, SECRET_PLACEHOLDER, nestedTooDeepFix(p.setting));
    return secretProblem(p.setting, p.value, p.fix, p.suggestion);
}

export { scrub } from "../problems";
