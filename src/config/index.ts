// The stack configuration: every `wandb-sso:*` key read once and validated at once. One ConfigError
// lists every problem (key, value, fix) before the program registers anything. The IdP's settings
// are checked by the IdP's own validator (the one its component runs), with stack keys as names,
// and against the provider settings the stack also holds (aws:region, azuread:tenantId). Keys in a
// namespace that is a typo of wandb-sso are errors; another IdP's settings, kept while migrating,
// are warnings (configWarnings). Nothing under a key set as secret is ever shown (./secrets).
import { secret } from "@pulumi/pulumi";
import type { AuthMethod } from "../oidc";
import { ConfigError } from "../errors";
import { parseAuthMethod, parseHost } from "../parse/oidc";
import { bad, formatProblem, ok, Problems, SECRET_PLACEHOLDER, type At, type Parsed } from "../problems";
import { IDP_NAMES, IDPS, type IdpName, type IdpSelection } from "../idps";
import { checkWandbArgs, REFUSED_WANDB_FIELDS, WANDB_FIELDS, type WandbSettings } from "../wandb/settings";
import { parseOptionalBoolean, readObject, type ProviderSettings } from "../parse/values";
import { checkCaCerts } from "../parse/caCerts";
import {
    checkTeamNamesAt,
    parseTeamsKey,
    sendsTeamNames,
    type GroupsClaimSent,
    type IdentifierClaimsAdvice,
    type TeamsSettings,
} from "../parse/teams";
import { nearMissNamespace } from "./namespace";
import { isUnderSecret, type SecretKeys } from "./secrets";

/** The project name, and so the namespace of its config keys. */
export const NAMESPACE = "wandb-sso";

/** Config as Pulumi holds it: bare keys (`host`, `cognito`) to strings, and which keys are secret. */
export interface RawConfig {
    readonly values: Readonly<Record<string, string>>;
    readonly secretKeys: ReadonlySet<string>;
    /**
     * The keys of every other namespace, in full (`aws:region`, `wandb_sso:host`): read for the
     * provider settings the IdP's rules compare with, and for typos of the wandb-sso namespace.
     */
    readonly otherKeys?: Readonly<Record<string, string>>;
    /** Which of `otherKeys` are secret. */
    readonly otherSecretKeys?: ReadonlySet<string>;
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
    /** Teams from the IdP (`wandb-sso:teams`): the app sends team names, and W&B maps them. */
    readonly teams: TeamsSettings;
    /** The CA certificates the IdP's TLS chains to (`wandb-sso:caCerts`), as PEM; empty when unset. */
    readonly caCerts: readonly string[];
}

const BASE_KEYS = ["host", "idp", "authMethod", "localRestore", "protect", "verify", "teams", "wandb", "caCerts"] as const;
export const CONFIG_KEYS: readonly string[] = [...BASE_KEYS, ...IDP_NAMES];
/** The arguments every IdP component takes, which the stack sets with keys of their own. */
const COMMON_ARGS = new Set(["host", "authMethod", "protect"]);
/** The common arguments the stack sets with one key: `wandb-sso:teams` (true, or the filter's list). */
const TEAMS_ARGS = new Set(["teams", "teamGroups"]);
/** The provider settings an IdP's rules compare with, read from the stack before registration. */
const PROVIDER_KEYS = ["aws:region", "azuread:tenantId"];

/**
 * Keys whose values are public by nature and flow into plain outputs and objects: the host is in
 * every browser's address bar and every redirect URI the IdP registers, and so in the IdP app's
 * `callbackUrl`/`logoutUrl` outputs, W&B's ConfigMap (`GORILLA_CORS_ORIGINS`) and the plan; the
 * W&B settings name the workload and its origins; the rest are switches. Carrying a secret mark
 * through every URL derived from the host would mark the whole W&B side secret (the plan, the
 * outputs, the ConfigMap's contents) for a value nobody can keep secret, so a secret one is
 * refused, saying why, rather than half-kept. A CA's certificate is public too: every TLS client
 * of the IdP receives the chain.
 */
const PUBLIC_KEYS = ["host", "idp", "authMethod", "localRestore", "protect", "verify", "teams", "wandb", "caCerts"] as const;

/** Why a public key's secrecy could not be kept, where it is more than "it decides what is created". */
const PUBLIC_WHY: Partial<Record<(typeof PUBLIC_KEYS)[number], string>> = {
    host: "the W&B host is public by nature (it is in every browser's address bar and in the redirect URIs the IdP registers) and flows into plain outputs (callbackUrl, logoutUrl) and W&B's ConfigMap, so its secrecy could not be kept",
    caCerts:
        "a CA's certificate is public by nature (every TLS client of the IdP receives the chain, and W&B's pods get it in a ConfigMap), so its secrecy could not be kept",
    teams: "team names are public by nature: they become resource names and IdP settings (Cognito groups, Okta's groups filter, a Lambda's code) and the groups claim's values in every user's ID token, which W&B shows as team names, so their secrecy could not be kept",
};

function publicKeyFix(name: (typeof PUBLIC_KEYS)[number]): string {
    const why =
        PUBLIC_WHY[name] ??
        "its value is public (it decides what is created and flows into plain outputs and objects), so its secrecy could not be kept";
    return `${why}: set it in plain text, without --secret: pulumi config set ${key(name)} <value>`;
}

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
    const problems = secretAwareProblems(raw);
    const { values } = raw;

    // Keys nobody reads: their values are never shown (a secret typed into the wrong key included).
    for (const name of Object.keys(values)) {
        if (!CONFIG_KEYS.includes(name))
            problems.addUnread(key(name), values[name], `unknown key; the keys are ${CONFIG_KEYS.map(key).join(", ")}`);
    }
    for (const [fullKey, value] of Object.entries(raw.otherKeys ?? {})) {
        const typo = nearMissNamespace(fullKey, NAMESPACE);
        if (typo !== undefined) {
            problems.addUnread(
                fullKey,
                value,
                `${typo} is not the ${NAMESPACE} namespace, so nothing reads this key: use ${key(fullKey.slice(typo.length + 1))}`,
            );
        }
    }

    for (const name of PUBLIC_KEYS) {
        if (raw.secretKeys.has(name)) problems.add(key(name), SECRET_PLACEHOLDER, publicKeyFix(name));
    }
    const host = raw.secretKeys.has("host") ? undefined : problems.check(key("host"), values.host, parseHost);
    const idpName = problems.check(key("idp"), values.idp, parseIdpName);
    const authMethod = problems.check(key("authMethod"), values.authMethod, parseAuthMethod);
    const localRestore = problems.check(key("localRestore"), values.localRestore, parseOptionalBoolean(false));
    const protect = problems.check(key("protect"), values.protect, parseOptionalBoolean(true));
    const verify = problems.check(key("verify"), values.verify, parseOptionalBoolean(true));
    const wandbObject = readObject(values.wandb, WANDB_FIELDS, problems, key("wandb"), Object.keys(REFUSED_WANDB_FIELDS));
    // The host (its own key) is the W&B side's context: extra origins must match its scheme.
    const wandb = wandbObject && checkWandbArgs({ ...wandbObject, host }, problems, atKey("wandb"));

    const teams = raw.secretKeys.has("teams") ? undefined : problems.check(key("teams"), values.teams, parseTeamsKey);
    const caCerts = raw.secretKeys.has("caCerts") ? undefined : checkCaCerts(values.caCerts, problems, key("caCerts"));

    let settings: object | undefined;
    if (idpName !== undefined && authMethod !== undefined) {
        settings = readIdpSettings(idpName, raw, authMethod, problems, providerSettings(raw), teams, host);
        if (settings === undefined) hintOtherIdp(idpName, raw, problems);
    }
    // The teams filter against the rules of the IdP that will create or match the groups.
    if (idpName !== undefined) checkTeamNamesAt(teams?.teamGroups, IDPS[idpName].teamNames, problems, key("teams"));
    if (idpName !== undefined && settings !== undefined && wandb !== undefined && teams !== undefined) {
        checkTeamsAgreement(idpName, settings, teams, wandb, problems);
    }

    const found = problems.list;
    if (found.length > 0) throw new ConfigError(found, stack === undefined ? NAMESPACE : `${NAMESPACE} stack "${stack}"`);
    return {
        host: host!,
        idp: { name: idpName!, settings: settings! },
        authMethod: authMethod!,
        localRestore: localRestore!,
        protect: protect!,
        verify: verify!,
        wandb: wandb!,
        teams: teams!,
        caCerts: caCerts!,
    };
}

/** How a groups claim falls short of W&B's team mapping, for the error. */
function describeClaim(claim: GroupsClaimSent | undefined): string {
    if (claim === undefined) return "sends no groups claim";
    if (claim.name !== "groups") return `sends its groups as the ${JSON.stringify(claim.name)} claim, not groups`;
    return claim.values === "ids" ? "sends group object IDs, which W&B cannot match with team names" : "sends group paths, not names";
}

/**
 * W&B's side and the IdP's agree on teams: `wandb-sso:wandb.groupClaims` on its own (without
 * `wandb-sso:teams`) is refused when the IdP app is not set up to send team names, and contradicting
 * `wandb-sso:teams` is refused. (Not an alias of teams: teams changes the IdP app, adding a Lambda
 * or changing what Entra sends other consumers of its tokens, which a W&B-side switch should not do
 * silently on upgrade.) Identifier claims refused by the IdP are refused here too.
 */
function checkTeamsAgreement(idp: IdpName, settings: object, teams: TeamsSettings, wandb: WandbSettings, problems: Problems): void {
    const sent = IDPS[idp].groupsClaim(settings, teams);
    if (teams.teams && wandb.groupClaims === false) {
        problems.add(
            key("wandb.groupClaims"),
            false,
            `contradicts ${key("teams")}, which turns W&B's group claims on: remove groupClaims, or turn ${key("teams")} off`,
        );
    }
    if (!teams.teams && wandb.groupClaims === true && !sendsTeamNames(sent) && sent?.values !== "unknown") {
        problems.add(
            key("wandb.groupClaims"),
            true,
            `W&B would map teams from the ID token's groups claim, but the ${idp} app ${describeClaim(sent)}: set ${key("teams")} to true instead (it sets up the ${idp} app to send team names and turns this on), or remove groupClaims`,
        );
    }
    const advice = identifierAdvice(idp, settings);
    if (wandb.identifierClaims === true && advice.severity === "refuse") problems.add(key("wandb.identifierClaims"), true, advice.reason);
}

function identifierAdvice(idp: IdpName, settings: object): IdentifierClaimsAdvice {
    return IDPS[idp].identifierClaims(settings);
}

/**
 * The IdP's word on identifier claims, for a valid stack that turns them on. (W&B's group claims
 * with an app registered by hand get no warning here: the stack says what the app sends; with
 * teams, the component warns.)
 */
function identifierWarnings(config: StackConfig): string[] {
    const advice = identifierAdvice(config.idp.name, config.idp.settings);
    return config.wandb.identifierClaims === true && advice.severity === "warn"
        ? [`${key("wandb.identifierClaims")}: ${advice.reason}`]
        : [];
}

/**
 * The warnings a valid stack (`config`, read from `raw` by readStackConfig) gets, for the program to
 * log (`pulumi.log.warn`): the IdP's word on identifier claims, and another IdP's settings kept
 * beside the selected one's (`otherIdpWarnings`).
 */
export function configWarnings(raw: RawConfig, config: StackConfig): string[] {
    return [...identifierWarnings(config), ...otherIdpWarnings(raw)];
}

/**
 * The settings of an IdP other than the selected one, which do nothing (a stack may keep them while
 * migrating), each with the problems they would have if selected. Empty when the IdP itself is not
 * valid (the error says so). Values under secret keys are hidden, as in errors.
 */
export function otherIdpWarnings(raw: RawConfig): string[] {
    const idp = parseIdpName(raw.values.idp);
    if ("fix" in idp) return [];
    const authMethod = parseAuthMethod(raw.values.authMethod);
    const warnings: string[] = [];
    for (const other of IDP_NAMES) {
        if (other === idp.value || raw.values[other] === undefined) continue;
        const unused = `while ${key("idp")} is ${idp.value}`;
        warnings.push(`${key(other)} is set but not used ${unused}; remove it once it is no longer needed`);
        const problems = secretAwareProblems(raw);
        readIdpSettings(other, raw, "value" in authMethod ? authMethod.value : undefined, problems, undefined);
        const own = problems.list.filter((p) => p.setting === key(other) || p.setting.startsWith(`${key(other)}.`));
        for (const p of own) warnings.push(`${formatProblem(p)} (not used ${unused})`);
    }
    return warnings;
}

/**
 * The selected IdP's `wandb-sso:<idp>` object, checked by the IdP's validator. The common arguments
 * it may combine with (the auth method, the host its provider must fit in its URL fields) are named
 * by their own keys. When the key was set as a
 * secret, its secret fields reach the component as Pulumi secrets (and nothing under it is shown:
 * see ./secrets).
 */
function readIdpSettings(
    idp: IdpName,
    raw: RawConfig,
    authMethod: AuthMethod | undefined,
    problems: Problems,
    provider: ProviderSettings | undefined,
    teams?: TeamsSettings,
    host?: string,
): object | undefined {
    const { fields, secretFields = [], check } = IDPS[idp];
    const object = readObject(raw.values[idp], fields, problems, key(idp));
    if (object === undefined) return undefined;
    const args: Record<string, unknown> = {
        ...object,
        authMethod,
        ...(host !== undefined && { host }),
        ...(teams?.teams && { teams: true }),
        ...(teams?.teamGroups !== undefined && { teamGroups: teams.teamGroups }),
    };
    for (const field of secretFields) {
        const value = args[field];
        if (raw.secretKeys.has(idp) && typeof value === "string" && value !== "") args[field] = secret(value);
    }
    const at: At = (field) => (COMMON_ARGS.has(field) ? key(field) : TEAMS_ARGS.has(field) ? key("teams") : atKey(idp)(field));
    return check(args, problems, at, provider);
}

/**
 * When the selected IdP's settings fail and its key is not even set while another IdP's is, the
 * likely mistake is the selection: say so on wandb-sso:idp.
 */
function hintOtherIdp(idp: IdpName, raw: RawConfig, problems: Problems): void {
    if (raw.values[idp] !== undefined) return;
    const others = IDP_NAMES.filter((name) => name !== idp && raw.values[name] !== undefined);
    const [first] = others;
    if (first === undefined) return;
    problems.add(
        key("idp"),
        idp,
        `${key(idp)} is not set, but ${others.map(key).join(", ")} is: set ${key("idp")} to ${first} to use those settings, or give the ${idp} settings in ${key(idp)}`,
    );
}

/** The provider settings the IdP's rules compare with, as the stack holds them. */
function providerSettings(raw: RawConfig): ProviderSettings {
    const values: Record<string, string> = {};
    for (const name of PROVIDER_KEYS) {
        const value = raw.otherKeys?.[name];
        if (value !== undefined) values[name] = value;
    }
    return { values, secretKeys: raw.otherSecretKeys ?? new Set() };
}

function secretKeysOf(raw: RawConfig): SecretKeys {
    return { namespace: NAMESPACE, bare: raw.secretKeys, full: raw.otherSecretKeys ?? new Set() };
}

/**
 * A problem collector that knows which keys are secret: nothing found under one, at any depth, shows
 * its value, and parsers build their fixes without it (./secrets).
 */
function secretAwareProblems(raw: RawConfig): Problems {
    const keys = secretKeysOf(raw);
    return new Problems((setting) => isUnderSecret(setting, keys));
}
