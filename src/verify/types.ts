// The vocabulary of `wandb-sso verify`: what was checked, with which settings, and the verdicts.
import type { AuthMethod } from "../oidc";
import type { GroupsClaimKnowledge } from "../parse/teams";

/**
 * A check's verdict. `pass`, `warn` and `fail` are the answers; `skip` means the check could not
 * run because an earlier one failed (the failure is reported there, so a skip never changes the
 * exit code on its own).
 */
export type CheckStatus = "pass" | "warn" | "fail" | "skip";

export type CheckId =
    | "issuer-form"
    | "discovery"
    | "issuer"
    | "auth-method"
    | "scopes"
    | "signing-alg"
    | "jwks"
    | "authorization"
    | "token-endpoint"
    | "teams"
    | "wandb-resource";

export interface CheckResult {
    readonly id: CheckId;
    /** A short human name, e.g. "discovery document". */
    readonly title: string;
    readonly status: CheckStatus;
    /** What was found, in one line. */
    readonly message: string;
    /** What to do about it, in one line (for `fail` and `warn`). */
    readonly fix?: string;
    /**
     * Set on a failure that can go away by itself: an unknown client or a refused secret (a new app
     * or secret takes a while to appear at Entra or Okta), HTTP 5xx, a timeout, a refused or reset
     * connection. The switch-over guard retries only these; the CLI reports them like any failure.
     */
    readonly transient?: true;
}

/** The settings under test: the ones W&B Server reads. The client secret itself is never kept here. */
export interface VerifyConfig {
    /** OIDC_ISSUER, exactly as given (not normalised: W&B compares it character for character). */
    readonly issuer: string;
    /** OIDC_CLIENT_ID. */
    readonly clientId: string;
    /** OIDC_AUTH_METHOD. */
    readonly authMethod: AuthMethod;
    /** The normalised W&B base URL (HOST). */
    readonly host: string;
    /** `<host>/oidc/callback`. */
    readonly redirectUri: string;
    /** Whether OIDC_SECRET is set. */
    readonly hasClientSecret: boolean;
    /** `--teams`: also check what the IdP shows of a groups claim for W&B's team mapping. */
    readonly teams?: boolean;
    /** With `teams`: what is known of the IdP's groups claim from its issuer (from the caller: verify knows no IdP). */
    readonly groupsClaim?: GroupsClaimKnowledge | undefined;
    /** Notes about how the settings were read (e.g. "OIDC_AUTH_METHOD is not set: W&B uses implicit"). */
    readonly notes: readonly string[];
    /** The CA certificates (PEM) trusted besides the system's roots (wandb-sso:caCerts, --ca-file), when any are given. */
    readonly caCerts?: readonly string[];
    /** Their subjects, for the report (`CN=Corp Root CA`). */
    readonly caSubjects?: readonly string[];
    /** Also check that W&B's live resource (as read from the cluster) still carries wandb-sso's settings. */
    readonly wandbResource?: WandbResourceUnderTest;
}

/**
 * What wandb-sso put on a W&B resource, as the caller knows it (verify knows no W&B side): Secret
 * key selectors at given paths, all into one Secret, and env entries reading a ConfigMap.
 */
export interface WandbResourceExpectation {
    /** Each dotted path (from the resource's root) must be a Secret key selector `{ name, key }` with this key. */
    readonly selectors: readonly { readonly path: string; readonly key: string }[];
    /** The Secret the selectors name, when the caller knows it; otherwise any one Secret. */
    readonly secretName?: string;
    /** A list of env entries (a dotted path) that must hold these names, each reading a ConfigMap key. */
    readonly env?: { readonly path: string; readonly names: readonly string[] };
    /** Annotations whose presence tells who wrote the resource, and what the report says of each. */
    readonly annotations?: readonly { readonly annotation: string; readonly says: string }[];
    /** What to do when the settings are not there. */
    readonly fix: string;
}

/** A live W&B resource and what it must carry. */
export interface WandbResourceUnderTest {
    /** Where it was read from (a file name, or `-` for standard input), for the report. */
    readonly source: string;
    /** The resource as the API server returned it (untrusted JSON). */
    readonly resource: unknown;
    readonly expected: WandbResourceExpectation;
}

export interface VerifyReport {
    readonly config: VerifyConfig;
    readonly checks: readonly CheckResult[];
}

/** A minimal shape of an OpenID Provider metadata document (all fields optional: it is untrusted input). */
export type DiscoveryDocument = Readonly<Record<string, unknown>>;

export const pass = (id: CheckId, title: string, message: string): CheckResult => ({ id, title, status: "pass", message });
export const warn = (id: CheckId, title: string, message: string, fix: string): CheckResult => ({
    id,
    title,
    status: "warn",
    message,
    fix,
});
export const fail = (id: CheckId, title: string, message: string, fix: string): CheckResult => ({
    id,
    title,
    status: "fail",
    message,
    fix,
});
/** The check, marked transient when `transient` is true (see `CheckResult.transient`). */
export const markTransient = (check: CheckResult, transient: boolean | undefined): CheckResult =>
    transient === true ? { ...check, transient: true } : check;
export const skip = (id: CheckId, title: string, message: string): CheckResult => ({ id, title, status: "skip", message });

/** The titles, so every module names a check the same way. */
export const TITLES: Readonly<Record<CheckId, string>> = {
    "issuer-form": "issuer form",
    discovery: "discovery document",
    issuer: "issuer match",
    "auth-method": "auth method support",
    scopes: "scopes",
    "signing-alg": "ID token signing",
    jwks: "signing keys (JWKS)",
    authorization: "authorization request",
    "token-endpoint": "client at token endpoint",
    teams: "groups claim for W&B teams",
    "wandb-resource": "W&B resource carries the settings",
};
