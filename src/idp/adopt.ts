// Adopting an app registered by hand (W&B's manual SSO guide): each IdP's `adopt` names the IDs of
// the existing app as the IdP's console shows them, and the component passes them on as Pulumi's
// `import` resource option, in each provider's import ID format, to the children they identify.
// What every IdP shares: reading the `adopt` object (every ID checked for its shape before anything
// is registered, each problem naming `adopt.<field>`) and the record each IdP's descriptor holds,
// from which the stack config and the docs test derive. Pure: no SDK import.
import type { At, Parser, Problems } from "../problems";
import { readObject } from "../parse/values";

/** One ID of an existing app: the `adopt` field, and where the IdP's console (or CLI) shows it. */
export interface AdoptId {
    /** The field of `adopt`, named as the console names the ID (`userPoolId`, `appId`). */
    readonly field: string;
    /** Where to find it, for errors and the migration guide. */
    readonly where: string;
    /** Its shape: refused before anything is registered when the value cannot be one. */
    readonly parse: Parser<string>;
    /** Absent from an adoption that has no such part (Cognito's domain). */
    readonly optional?: true;
}

/** A child resource an adoption imports, and the provider's import ID format for it. */
export interface AdoptImport {
    /** The child's Pulumi type token. */
    readonly type: string;
    /** The import ID, written with the `adopt` fields (and the stack's settings) it is made of. */
    readonly format: string;
    /** Where the provider documents that format. */
    readonly source: string;
}

/** What an IdP's `adopt` takes and imports: one record per IdP, in its descriptor. */
export interface AdoptDescriptor {
    readonly ids: readonly AdoptId[];
    readonly imports: readonly AdoptImport[];
    /**
     * What the import cannot bring over (a client secret's value, which no IdP API returns), and
     * what the component does instead; undefined when nothing is left behind.
     */
    readonly notImported: string | undefined;
}

/**
 * The `adopt` object: every field `descriptor` names, each checked for its shape, unknown fields
 * refused. Returns the IDs, or undefined: when `adopt` is absent (no problem recorded), or when the
 * object or one of its fields has a problem (recorded as `adopt` / `adopt.<field>`).
 */
export function readAdopt(
    value: unknown,
    descriptor: AdoptDescriptor,
    problems: Problems,
    at: At,
): Readonly<Record<string, string>> | undefined {
    if (value === undefined) return undefined;
    const before = problems.list.length;
    const object = readObject(
        value,
        descriptor.ids.map((id) => id.field),
        problems,
        at("adopt"),
    );
    if (object === undefined) return undefined;
    const ids: Record<string, string> = {};
    for (const id of descriptor.ids) {
        const given = object[id.field];
        if (given === undefined && id.optional) continue;
        if (given === undefined) {
            problems.add(at(`adopt.${id.field}`), undefined, `set the existing app's ${id.field}: ${id.where}`);
            continue;
        }
        const parsed = problems.check(at(`adopt.${id.field}`), given, id.parse);
        if (parsed !== undefined) ids[id.field] = parsed;
    }
    return problems.list.length > before ? undefined : ids;
}
