// The W&B side's settings: which workload to configure, how, and W&B's own SSO options. One
// validator, checkWandbArgs, shared by the WandbOidc component (errors name the argument,
// `namespace`) and the stack config (they name the key, `wandb-sso:wandb.namespace`). Pure; what
// differs by target (the kind of name, whether `container` applies) is the target's record (targets/).
import type * as pulumi from "@pulumi/pulumi";
import {
    bad,
    isDeferred,
    ok,
    plainSecretFix,
    SECRET_PLACEHOLDER,
    shown,
    wrongSecretTypeFix,
    type At,
    type Parsed,
    type Parser,
    type Problems,
    type Unchecked,
} from "../problems";
import type { AuthMethod } from "../oidc";
import { parseAuthMethod, parseHost } from "../parse/oidc";
import { parseKnownIssuer } from "../parse/issuers";
import { clientIdParser } from "../parse/ids";
import { OIDC_SCOPES } from "../oidc";
import { fieldsOf, parseBoolean, parseStringList } from "../parse/values";
import { kubernetesNameParser } from "../parse/names";
import { originParser, parseOrigin } from "../parse/url";
import { WANDB_DEFAULT_SESSION_LENGTH_HOURS, type WandbSsoOptions } from "./ssoOptions";
import { TARGETS, WANDB_TARGETS, type WandbTarget } from "./targets";

export { WANDB_DEFAULT_SESSION_LENGTH_HOURS } from "./ssoOptions";
export type { WandbSsoOptions } from "./ssoOptions";

// The targets' names live with their records (targets/index.ts); re-exported, as before.
export { WandbTarget, WANDB_TARGETS } from "./targets";

/**
 * The IdP's values W&B logs in with: an IdP component's outputs of the same names (in TypeScript,
 * `WandbOidc.forClient` passes them from the component). Another resource's outputs are checked
 * when they are known, failing the update before W&B is changed.
 */
export interface WandbOidcClientArgs {
    /** The issuer, exactly as the IdP's discovery document states it (an IdP component's `issuer`). */
    issuer: pulumi.Input<string>;
    /** The client ID the IdP issued (an IdP component's `clientId`). */
    clientId: pulumi.Input<string>;
    /** How W&B completes a login, as the app is registered (an IdP component's `authMethod`): pkce or implicit. */
    authMethod: pulumi.Input<AuthMethod>;
    /**
     * The client secret, only when the IdP issued one (an IdP component's `clientSecret`): a Pulumi
     * secret. A plain string is refused, and so is an output that is not secret or has no value.
     */
    clientSecret?: pulumi.Input<string>;
    /**
     * Whether the IdP app sends W&B's team names (an IdP component's `teams`): true turns W&B's group
     * claims on (GORILLA_ENABLE_SSO_GROUP_CLAIMS), as `groupClaims: true` does.
     */
    teams?: pulumi.Input<boolean>;
}

/** W&B's auth method must be the app's, so it has no default here: an IdP component's `authMethod`. */
function parseRequiredAuthMethod(value: unknown): Parsed<AuthMethod> {
    if (value === undefined) return bad("set it to the app's auth method (an IdP component's authMethod output): pkce or implicit");
    return parseAuthMethod(value);
}

/** The checks of the IdP's values, the same for a plain value (at once) and another resource's output (when known). */
export const CLIENT_PARSERS: Readonly<Record<Exclude<keyof WandbOidcClientArgs, "clientSecret" | "teams">, Parser<string>>> = {
    issuer: (value) => parseKnownIssuer(value),
    clientId: clientIdParser("0oa1b2c3d4e5f6g7h8i9"),
    authMethod: parseRequiredAuthMethod,
};

/**
 * Checks the IdP's values that are given as plain values (outputs are checked when they are known)
 * and refuses a client secret in plain text, which would be stored unencrypted.
 */
export function checkClientArgs(args: Unchecked<WandbOidcClientArgs>, problems: Problems): void {
    for (const [field, parse] of Object.entries(CLIENT_PARSERS)) {
        const value = args[field as keyof typeof CLIENT_PARSERS];
        if (!isDeferred(value)) problems.check(field, value, parse);
    }
    if (args.clientSecret !== undefined && !isDeferred(args.clientSecret)) {
        // A plain value is no secret; one that is not text is no client secret either: say both.
        const wrongType = typeof args.clientSecret === "string" ? undefined : wrongSecretTypeFix(args.clientSecret);
        problems.add(
            "clientSecret",
            SECRET_PLACEHOLDER,
            wrongType === undefined ? plainSecretFix("clientSecret") : `${wrongType}; and ${plainSecretFix("clientSecret")}`,
        );
    }
}

/** Why `groupClaims: false` beside the IdP's `teams: true` is refused. */
export const TEAMS_CONTRADICTION_FIX =
    "contradicts the IdP component's teams: true, which makes its app send team names for W&B to map: remove groupClaims (teams turns it on), or turn teams off";

/**
 * The IdP's `teams`: whether W&B's group claims follow from it. `groupClaims: false` beside
 * `teams: true` contradicts it (one setting turns teams on for both sides). Another resource's
 * output (another language's IdP component) is checked once known (`teamsParser`); it is
 * returned as given.
 */
export function checkTeamsArg(args: Unchecked<WandbOidcArgs>, problems: Problems): boolean | pulumi.Output<boolean> | undefined {
    if (args.teams === undefined) return false;
    if (isDeferred(args.teams)) return args.teams as pulumi.Output<boolean>;
    const teams = problems.check("teams", args.teams, parseBoolean);
    if (teams === true && contradictsTeams(args.groupClaims)) problems.add("groupClaims", false, TEAMS_CONTRADICTION_FIX);
    return teams;
}

const contradictsTeams = (groupClaims: unknown) => groupClaims === false || groupClaims === "false";

/** The IdP's `teams` once another resource's output is known: a boolean, and no contradiction. */
export function teamsParser(groupClaims: unknown): Parser<boolean> {
    return (value) => {
        const teams = parseBoolean(value);
        if ("value" in teams && teams.value && contradictsTeams(groupClaims))
            return bad(`true, but groupClaims is false, which ${TEAMS_CONTRADICTION_FIX.slice("contradicts ".length)}`);
        return teams;
    };
}

export interface WandbOidcArgs extends WandbOidcClientArgs, WandbSsoOptions {
    /** The W&B base URL, e.g. https://wandb.example.com; a plain value, known when the program runs. */
    host: string;
    /** How the settings reach W&B; default `deployment`. */
    target?: WandbTarget;
    /** Namespace of the W&B workload (and of the ConfigMap and Secret); default `default`. */
    namespace?: string;
    /** The Deployment, the WeightsAndBiases resource, or (helm) the release; default `wandb`. */
    name?: string;
    /** deployment target only: the container that runs wandb/local; default `wandb`. */
    container?: string;
    /** Origins allowed besides the host (listed before it in GORILLA_CORS_ORIGINS). */
    extraCorsOrigins?: string[];
    /** Break-glass: `LOCAL_RESTORE=true` turns SSO off and prints a temporary admin password. */
    localRestore?: boolean;
    /**
     * Before W&B is re-pointed (in `pulumi up`, not preview), check the new settings against the live
     * IdP with the checks of `wandb-sso verify`; a failure stops the switch. Default true; skipped
     * while break-glass is on.
     */
    verify?: boolean;
    /**
     * Protect what re-points W&B (the Deployment patch, the WeightsAndBiases patch) from deletion and
     * replacement, as the IdP components protect the app registration: deleting it takes W&B's OIDC
     * settings away, which locks users out. Default true; `pulumi destroy` then refuses until it is
     * false. The ConfigMaps and Secrets are not protected: each change replaces them.
     */
    protect?: boolean;
    /** How long the check may retry failures that can pass by themselves (a new app propagating), in seconds; default 120. */
    verifyDeadlineSeconds?: number;
    /**
     * The certificates (PEM, one per entry) of the CAs the IdP's TLS certificate chains to, when
     * they are not publicly trusted (a company's own CA): W&B is given them as its chart and
     * operator give CA certificates (`caCertsConfigMap`, or the same mounts on a Deployment), and the
     * switch-over check trusts them besides the system's roots. Each must be a CA's certificate,
     * valid now, and never a private key; plain values, known when the program runs.
     */
    caCerts?: string[];
}

/**
 * The workload's settings, defaults applied: the component's arguments less the IdP's values, host,
 * break-glass and the switch-over check's switch (the stack has keys of their own for those).
 */
export type WandbSettings = Readonly<
    Required<Pick<WandbOidcArgs, "target" | "namespace" | "name" | "container" | "extraCorsOrigins" | "verifyDeadlineSeconds">> &
        Pick<WandbOidcArgs, keyof WandbSsoOptions>
>;

/** The fields of the stack's `wandb-sso:wandb` object. */
export const WANDB_FIELDS = fieldsOf<WandbSettings>()([
    "target",
    "namespace",
    "name",
    "container",
    "extraCorsOrigins",
    "sessionLengthHours",
    "disableSsoProvisioning",
    "groupClaims",
    "customScopes",
    "identifierClaims",
    "verifyDeadlineSeconds",
]);

/**
 * Every argument WandbOidc takes (checked against WandbOidcArgs when compiled): the IdP's values,
 * the host, the switches the stack has keys of its own for, and the `wandb-sso:wandb` fields.
 */
export const WANDB_OIDC_ARGS = fieldsOf<WandbOidcArgs>()([
    "host",
    "issuer",
    "clientId",
    "authMethod",
    "clientSecret",
    "teams",
    "localRestore",
    "verify",
    "protect",
    "caCerts",
    ...WANDB_FIELDS,
]);

/**
 * Fields that earlier versions took and that are now refused with a reason, rather than reported
 * as unknown: no version of W&B's operator-wandb chart (checked up to 0.43.8, values.yaml and every
 * template) has `global.auth.oidc.oidcConfigMap`, so the "ConfigMap mode" configured no SSO.
 */
export const REFUSED_WANDB_FIELDS: Readonly<Record<string, string>> = {
    oidcConfigMap:
        "no version of W&B's operator-wandb chart reads global.auth.oidc.oidcConfigMap (it writes the OIDC variables only from global.auth.oidc.clientId, issuer and authMethod, which wandb-sso sets): remove it",
};

export const WANDB_DEFAULTS: WandbSettings = {
    target: "deployment",
    namespace: "default",
    name: "wandb",
    container: "wandb",
    extraCorsOrigins: [],
    verifyDeadlineSeconds: 120,
};

/**
 * A year. Helm and the operator decode values as float64 and render 1,000,000 or more in exponent
 * form (`1e+06h`), which W&B cannot parse as a duration; a year is far below that and far above any
 * session a policy asks for.
 */
export const MAX_SESSION_LENGTH_HOURS = 8760;
/** The switch-over check's deadline bounds, in seconds. */
export const MAX_VERIFY_DEADLINE_SECONDS = 3600;

export function parseTarget(value: unknown): Parsed<WandbTarget> {
    if (value === undefined) return ok(WANDB_DEFAULTS.target);
    if ((WANDB_TARGETS as readonly unknown[]).includes(value)) return ok(value as WandbTarget);
    return bad(`use one of ${WANDB_TARGETS.join(", ")}`);
}

/**
 * Extra CORS origins: each an origin, `scheme://host[:port]` only, e.g. https://notebooks.example.com;
 * https when the W&B host is (when it is known: its own problem is reported elsewhere).
 */
export function originsParser(host: string | undefined): (value: unknown) => Parsed<string[]> {
    const parseOne = host === undefined ? parseOrigin : originParser(host);
    return (value) => {
        if (value === undefined) return ok([]);
        const list = parseStringList(value);
        if ("fix" in list) return bad('use a list of origins, e.g. ["https://notebooks.example.com"]');
        for (const item of list.value) {
            const origin = parseOne(item);
            if ("fix" in origin) return origin;
        }
        return list;
    };
}

/** A whole number in a range (a number, or its digits as Pulumi may pass them). */
function parseWholeNumber(value: unknown, min: number, max: number, fix: string): Parsed<number> {
    const number = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;
    if (typeof number !== "number" || !Number.isInteger(number) || number < min || number > max) return bad(fix);
    return ok(number);
}

/** 1 to 8760 whole hours (a year). */
export function parseSessionLengthHours(value: unknown): Parsed<number> {
    return parseWholeNumber(
        value,
        1,
        MAX_SESSION_LENGTH_HOURS,
        `use a whole number of hours from 1 to ${MAX_SESSION_LENGTH_HOURS} (a year), e.g. 168 for a week (W&B's default is ${WANDB_DEFAULT_SESSION_LENGTH_HOURS})`,
    );
}

export function parseVerifyDeadlineSeconds(value: unknown): Parsed<number> {
    if (value === undefined) return ok(WANDB_DEFAULTS.verifyDeadlineSeconds);
    return parseWholeNumber(
        value,
        1,
        MAX_VERIFY_DEADLINE_SECONDS,
        `use a whole number of seconds from 1 to ${MAX_VERIFY_DEADLINE_SECONDS}, e.g. ${WANDB_DEFAULTS.verifyDeadlineSeconds} (the default)`,
    );
}

/** An OAuth scope token (RFC 6749 §3.3), without ',' since W&B gets the list comma-separated. */
const SCOPE_TOKEN = /^[\x21\x23-\x2b\x2d-\x5b\x5d-\x7e]+$/;

/** Extra scopes for W&B to ask for: scope tokens, none of the three W&B always asks for, no repeats. */
export function parseCustomScopes(value: unknown): Parsed<string[]> {
    const list = parseStringList(value);
    if ("fix" in list) return bad('use a list of scopes, e.g. ["groups"]');
    const seen = new Set<string>();
    for (const scope of list.value) {
        if (!SCOPE_TOKEN.test(scope)) {
            return bad(`${shown(scope, "an item")} is not one scope: list each scope on its own, without spaces, commas or quotes`);
        }
        if ((OIDC_SCOPES as readonly string[]).includes(scope)) {
            return bad(`W&B always asks for ${OIDC_SCOPES.join(", ")}; list only the extra scopes (remove ${scope})`);
        }
        if (seen.has(scope)) return bad(`${scope} is listed twice; list it once`);
        seen.add(scope);
    }
    return list;
}

/** The targets whose records take the `container` setting, as the refusal names them: `the deployment target`. */
const CONTAINER_TAKERS = WANDB_TARGETS.filter((target) => TARGETS[target].container.applies);
const CONTAINER_TARGETS = `the ${CONTAINER_TAKERS.join(" and ")} target${CONTAINER_TAKERS.length === 1 ? "" : "s"}`;

/**
 * The W&B side's one validator: the workload and W&B's SSO options in `args`, each problem named by
 * `at`. Optional options appear in the result only when given.
 */
export function checkWandbArgs(args: Unchecked<WandbOidcArgs>, problems: Problems, at: At): WandbSettings | undefined {
    const before = problems.list.length;
    const target = problems.check(at("target"), args.target, parseTarget);
    const namespace = problems.check(at("namespace"), args.namespace, kubernetesNameParser("label", WANDB_DEFAULTS.namespace));
    // The target's kind of name (helm: a release name); a Kubernetes name while the target is in doubt.
    const nameParser =
        target === undefined ? kubernetesNameParser("subdomain", WANDB_DEFAULTS.name) : TARGETS[target].nameParser(WANDB_DEFAULTS.name);
    const name = problems.check(at("name"), args.name, nameParser);
    const container = problems.check(at("container"), args.container, kubernetesNameParser("label", WANDB_DEFAULTS.container));
    const host = parseHost(args.host);
    const extraCorsOrigins = problems.check(
        at("extraCorsOrigins"),
        args.extraCorsOrigins,
        originsParser("value" in host ? host.value : undefined),
    );
    const verifyDeadlineSeconds = problems.check(at("verifyDeadlineSeconds"), args.verifyDeadlineSeconds, parseVerifyDeadlineSeconds);
    const optional = <T>(field: keyof WandbOidcArgs, parse: (value: unknown) => Parsed<T>) =>
        args[field] === undefined ? {} : { [field]: problems.check(at(field), args[field], parse) };
    const options = {
        ...optional("sessionLengthHours", parseSessionLengthHours),
        ...optional("disableSsoProvisioning", parseBoolean),
        ...optional("groupClaims", parseBoolean),
        ...optional("customScopes", parseCustomScopes),
        ...optional("identifierClaims", parseBoolean),
    };
    for (const [field, fix] of Object.entries(REFUSED_WANDB_FIELDS)) {
        const value = (args as Record<string, unknown>)[field];
        if (value !== undefined) problems.add(at(field), value, fix);
    }

    // Settings that belong to one kind of target, refused on the others rather than ignored.
    const containerSetting = target === undefined ? undefined : TARGETS[target].container;
    if (containerSetting?.applies === false && args.container !== undefined) {
        problems.add(
            at("container"),
            args.container,
            `applies only to ${CONTAINER_TARGETS} (the ${target} target's ${containerSetting.namedBy} names its own containers); remove it`,
        );
    }
    if (problems.list.length > before) return undefined;
    return {
        target: target!,
        namespace: namespace!,
        name: name!,
        container: container!,
        extraCorsOrigins: extraCorsOrigins!,
        verifyDeadlineSeconds: verifyDeadlineSeconds!,
        ...options,
    };
}
