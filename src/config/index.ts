// The stack configuration: every `wandb-sso:*` key read once and validated at once. One ConfigError
// lists every problem (key, value, fix) before the program registers anything.
import { parseAuthMethod, parseHost, type AuthMethod } from "../oidc";
import { bad, ok, Problems, type Parsed } from "../problems";
import { IDP_NAMES, IDPS, type IdpName, type IdpSelection } from "../idps";
import { parseWandbSettings, type WandbSettings } from "../wandb/settings";
import { parseOptionalBoolean } from "./values";

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
    readonly wandb: WandbSettings;
}

const BASE_KEYS = ["host", "idp", "authMethod", "localRestore", "protect", "wandb"] as const;
export const CONFIG_KEYS: readonly string[] = [...BASE_KEYS, ...IDP_NAMES];

export function parseIdpName(value: unknown): Parsed<IdpName> {
    if ((IDP_NAMES as readonly unknown[]).includes(value)) return ok(value as IdpName);
    const choices = IDP_NAMES.join(", ");
    if (typeof value === "string" && value.trim().toLowerCase() === "saml") {
        return bad(`W&B Server does not support SAML; it logs in through OIDC: choose one of ${choices}`);
    }
    return bad(`choose the identity provider: one of ${choices}`);
}

const key = (name: string) => `${NAMESPACE}:${name}`;

/** Validates the whole stack config; throws one ConfigError naming every problem. */
export function readStackConfig(raw: RawConfig, stack?: string): StackConfig {
    const problems = new Problems();
    const { values } = raw;

    for (const name of Object.keys(values)) {
        if (!CONFIG_KEYS.includes(name)) {
            problems.add(
                key(name),
                raw.secretKeys.has(name) ? "[secret]" : values[name],
                `unknown key; the keys are ${CONFIG_KEYS.map(key).join(", ")}`,
            );
        }
    }

    const host = problems.check(key("host"), values.host, parseHost);
    const idpName = problems.check(key("idp"), values.idp, parseIdpName);
    const authMethod = problems.check(key("authMethod"), values.authMethod, parseAuthMethod);
    const localRestore = problems.check(key("localRestore"), values.localRestore, parseOptionalBoolean(false));
    const protect = problems.check(key("protect"), values.protect, parseOptionalBoolean(true));
    const wandb = parseWandbSettings(values.wandb, problems, key("wandb"));

    let settings: unknown;
    if (idpName !== undefined && authMethod !== undefined) {
        settings = IDPS[idpName].parse(values[idpName], problems, {
            setting: key(idpName),
            authMethod,
            secret: raw.secretKeys.has(idpName),
        });
    }

    problems.throwIfAny(stack === undefined ? NAMESPACE : `${NAMESPACE} stack "${stack}"`);
    return {
        host: host!,
        idp: { name: idpName!, settings },
        authMethod: authMethod!,
        localRestore: localRestore!,
        protect: protect!,
        wandb: wandb!,
    };
}
