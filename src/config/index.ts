// The stack configuration: every `wandb-sso:*` key read once and validated at once. One ConfigError
// lists every problem (key, value, fix) before the program registers anything. The IdP's settings
// are checked by the IdP's own validator (the one its component runs), with stack keys as names.
import { secret } from "@pulumi/pulumi";
import { parseAuthMethod, parseHost, type AuthMethod } from "../oidc";
import { bad, ok, Problems, SECRET_PLACEHOLDER, type At, type Parsed } from "../problems";
import { IDP_NAMES, IDPS, type IdpName, type IdpSelection } from "../idps";
import { checkWandbArgs, REFUSED_WANDB_FIELDS, WANDB_FIELDS, type WandbSettings } from "../wandb/settings";
import { parseOptionalBoolean, readObject } from "../parse/values";

/** The project name, and so the namespace of its config keys. */
export const NAMESPACE = "wandb-sso";

/** Config as Pulumi holds it: bare keys (`host`, `cognito`) to strings, and which keys are secret. */
export interface RawConfig {
    readonly values: Readonly<Record<string, string>>;
    readonly secretKeys: ReadonlySet<string>;
}

export interface StackConfig {
    readonly host: string;
    readonly idp: IdpSelection;
    readonly authMethod: AuthMethod;
    readonly localRestore: boolean;
    readonly protect: boolean;
    /** Run the verify checks against the live IdP before W&B is re-pointed (`pulumi up` only). */
    readonly verify: boolean;
    readonly wandb: WandbSettings;
}

const BASE_KEYS = ["host", "idp", "authMethod", "localRestore", "protect", "verify", "wandb"] as const;
export const CONFIG_KEYS: readonly string[] = [...BASE_KEYS, ...IDP_NAMES];
/** The arguments every IdP component takes, which the stack sets with keys of their own. */
const COMMON_ARGS = new Set(["host", "authMethod", "protect"]);

export function parseIdpName(value: unknown): Parsed<IdpName> {
    if ((IDP_NAMES as readonly unknown[]).includes(value)) return ok(value as IdpName);
    const choices = IDP_NAMES.join(", ");
    if (typeof value === "string" && value.trim().toLowerCase() === "saml") {
        return bad(`W&B Server does not support SAML; it logs in through OIDC: choose one of ${choices}`);
    }
    return bad(`choose the identity provider: one of ${choices}`);
}

const key = (name: string) => `${NAMESPACE}:${name}`;

/** A stack key's name for a field of an object key: `wandb-sso:okta.orgUrl`. */
export const atKey =
    (object: string): At =>
    (field) =>
        key(`${object}.${field}`);

/** Validates the whole stack config; throws one ConfigError naming every problem. */
export function readStackConfig(raw: RawConfig, stack?: string): StackConfig {
    const problems = new Problems();
    const { values } = raw;

    for (const name of Object.keys(values)) {
        if (!CONFIG_KEYS.includes(name)) {
            problems.add(
                key(name),
                raw.secretKeys.has(name) ? SECRET_PLACEHOLDER : values[name],
                `unknown key; the keys are ${CONFIG_KEYS.map(key).join(", ")}`,
            );
        }
    }

    const host = problems.check(key("host"), values.host, parseHost);
    const idpName = problems.check(key("idp"), values.idp, parseIdpName);
    const authMethod = problems.check(key("authMethod"), values.authMethod, parseAuthMethod);
    const localRestore = problems.check(key("localRestore"), values.localRestore, parseOptionalBoolean(false));
    const protect = problems.check(key("protect"), values.protect, parseOptionalBoolean(true));
    const verify = problems.check(key("verify"), values.verify, parseOptionalBoolean(true));
    const wandbObject = readObject(values.wandb, WANDB_FIELDS, problems, key("wandb"), Object.keys(REFUSED_WANDB_FIELDS));
    const wandb = wandbObject && checkWandbArgs(wandbObject, problems, atKey("wandb"));

    let settings: object | undefined;
    if (idpName !== undefined && authMethod !== undefined) {
        settings = readIdpSettings(idpName, raw, authMethod, problems);
    }

    problems.throwIfAny(stack === undefined ? NAMESPACE : `${NAMESPACE} stack "${stack}"`);
    return {
        host: host!,
        idp: { name: idpName!, settings: settings! },
        authMethod: authMethod!,
        localRestore: localRestore!,
        protect: protect!,
        verify: verify!,
        wandb: wandb!,
    };
}

/**
 * The selected IdP's `wandb-sso:<idp>` object, checked by the IdP's validator. The common arguments
 * it may combine with (the auth method) are named by their own keys. When the key was set as a
 * secret, the values of fields it does not know are never shown, and its secret fields reach the
 * component as Pulumi secrets.
 */
function readIdpSettings(idp: IdpName, raw: RawConfig, authMethod: AuthMethod, problems: Problems): object | undefined {
    const { fields, secretFields = [], check } = IDPS[idp];
    const isSecret = raw.secretKeys.has(idp);
    const shape = new Problems();
    const object = readObject(raw.values[idp], fields, shape, key(idp));
    for (const p of shape.list) problems.add(p.setting, isSecret ? SECRET_PLACEHOLDER : p.value, p.fix);
    if (object === undefined) return undefined;
    const args: Record<string, unknown> = { ...object, authMethod };
    for (const field of secretFields) {
        const value = args[field];
        if (isSecret && typeof value === "string" && value !== "") args[field] = secret(value);
    }
    const at: At = (field) => (COMMON_ARGS.has(field) ? key(field) : atKey(idp)(field));
    return check(args, problems, at);
}
