// The settings under test, from typed values: the one builder that both the verify CLI (from its
// options and W&B's environment, src/verify/options.ts) and the switch-over check (from the
// component's new settings, src/verify/guardConfig.ts) call. Each problem names its field; each
// caller names the field its own way (`--issuer` or OIDC_ISSUER; `issuer (OIDC_ISSUER)`). Pure.
import type { AuthMethod } from "../oidc";
import type { Parsed } from "../problems";
import { checkCaCertList } from "../parse/caCerts";
import { parseAuthMethod, parseHost, parseIssuer as parseOidcIssuer } from "../parse/oidc";
import type { GroupsClaimKnowledge } from "../parse/teams";
import type { VerifyConfig, WandbResourceUnderTest } from "./types";

/** Each request's timeout unless one is given, and the longest one, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 5000;
export const MAX_TIMEOUT_MS = 120_000;

/** The settings W&B reads, as given (unchecked). */
export interface VerifySettings {
    /** OIDC_ISSUER, exactly as W&B will be given it. */
    readonly issuer: unknown;
    /** OIDC_CLIENT_ID. */
    readonly clientId: unknown;
    /** OIDC_AUTH_METHOD. */
    readonly authMethod: unknown;
    /** The W&B base URL (HOST); the redirect URI is `<host>/oidc/callback`. */
    readonly host: unknown;
    /** OIDC_SECRET, when set (an empty one is not set): sent only to the token endpoint, never shown. */
    readonly secret?: string;
    /**
     * Also check what the IdP shows of a groups claim for W&B's team mapping, with what is known of
     * the IdP's groups claim from its issuer (the caller's: verify knows no IdP).
     */
    readonly teams?: { readonly groupsClaim?: GroupsClaimKnowledge };
    /** Notes about how the settings were read, for the report. */
    readonly notes?: readonly string[];
    /**
     * The CA certificates (PEM, one per entry) the IdP's TLS chains to, trusted besides the
     * system's roots: `wandb-sso:caCerts`, or `--ca-file`. Checked as the stack checks them.
     */
    readonly caCerts?: unknown;
    /** Also check a live W&B resource (read by the caller) against what wandb-sso set on it. */
    readonly wandbResource?: WandbResourceUnderTest;
}

export type VerifyField = "issuer" | "clientId" | "authMethod" | "host" | "caCerts";

/** A setting that cannot be checked: which (a caCerts problem: which entry), its value and the fix. */
export interface VerifySettingProblem {
    readonly field: VerifyField;
    /** For caCerts: the entry's index, absent for the list as a whole. */
    readonly index?: number;
    readonly value: unknown;
    readonly fix: string;
}

/**
 * OIDC_ISSUER as verify takes it: the shared issuer rules, but on any host: an http issuer on a real
 * host is a failed check (see `issuerFormCheck`), not a usage error. Not normalised: W&B
 * compares it character for character.
 */
export function parseIssuer(value: unknown): Parsed<string> {
    return parseOidcIssuer(value, "any");
}

export function parseClientId(value: unknown): Parsed<string> {
    if (typeof value !== "string" || value === "") return { fix: "set the client (application) ID the IdP issued for W&B" };
    if (value.trim() !== value) return { fix: `remove the surrounding whitespace: use ${JSON.stringify(value.trim())}` };
    return { value };
}

const PARSERS: Readonly<Record<Exclude<VerifyField, "caCerts">, (value: unknown) => Parsed<unknown>>> = {
    issuer: parseIssuer,
    clientId: parseClientId,
    host: parseHost,
    authMethod: parseAuthMethod,
};

/** The settings under test, with the secret beside them (never inside), or every problem. */
export function verifyConfig(
    settings: VerifySettings,
): { readonly config: VerifyConfig; readonly secret?: string } | { readonly problems: VerifySettingProblem[] } {
    const problems: VerifySettingProblem[] = [];
    const checked: Partial<Record<VerifyField, unknown>> = {};
    for (const field of ["issuer", "clientId", "host", "authMethod"] as const) {
        const parsed = PARSERS[field](settings[field]);
        if ("fix" in parsed) problems.push({ field, value: settings[field], fix: parsed.fix });
        else checked[field] = parsed.value;
    }
    // Each entry shown by its certificate's subject or its shape, never its text (it may hold a key).
    const cas = checkCaCertList(settings.caCerts);
    if ("problems" in cas) {
        for (const p of cas.problems)
            problems.push({ field: "caCerts", ...(p.index !== undefined && { index: p.index }), value: p.shown, fix: p.fix });
    }
    if (problems.length > 0 || "problems" in cas) return { problems };
    const host = checked.host as string;
    const authMethod = checked.authMethod as AuthMethod;
    const secret = settings.secret === "" ? undefined : settings.secret;
    const notes = [...(settings.notes ?? [])];
    if (secret !== undefined && authMethod === "implicit") notes.push("OIDC_SECRET is set but not used by the implicit flow");
    return {
        config: {
            issuer: checked.issuer as string,
            clientId: checked.clientId as string,
            authMethod,
            host,
            redirectUri: `${host}/oidc/callback`,
            hasClientSecret: secret !== undefined,
            ...(settings.teams !== undefined && { teams: true, groupsClaim: settings.teams.groupsClaim }),
            ...(cas.certs.length > 0 && { caCerts: cas.certs.map((c) => c.pem), caSubjects: cas.certs.map((c) => c.subject) }),
            notes,
            ...(settings.wandbResource !== undefined && { wandbResource: settings.wandbResource }),
        },
        ...(secret !== undefined && { secret }),
    };
}
