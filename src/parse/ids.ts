// The one rule for IDs an IdP issued and wandb-sso passes on as they are (client IDs): W&B sends
// them in URLs and compares them with tokens' claims, so an ID is exactly what the IdP's console
// shows: no surrounding or inner whitespace, no control or invisible characters (copied text
// brings them in, and they would reach W&B's environment unseen), and of a length IdPs issue.
// Pure: no SDK import.
import { bad, ok, type Parsed, type Parser } from "../problems";
import { invisibleCharacterFix, trimFix } from "./url";

/** The longest client ID taken: Keycloak's limit; other IdPs issue IDs of a few dozen characters. */
export const MAX_CLIENT_ID_CHARS = 255;

/**
 * Why a client ID given as a non-empty string is not one, or undefined. `parser` is the caller's
 * whole parser, which any suggestion must pass.
 */
export function clientIdTextFix(value: string, parser: Parser<unknown>): Parsed<never> | undefined {
    if (value.trim() !== value) return trimFix(value, parser);
    const invisible = invisibleCharacterFix(value, parser);
    if (invisible !== undefined) return invisible;
    if (/\s/.test(value)) return bad("a client ID has no whitespace; copy it again from the IdP's console");
    if (value.length > MAX_CLIENT_ID_CHARS) {
        return bad(`a client ID is at most ${MAX_CLIENT_ID_CHARS} characters; copy it again from the IdP's console`);
    }
    return undefined;
}

/** A client ID as an IdP issued it, with `example` in the fix when it is missing. */
export function clientIdParser(example: string): Parser<string> {
    const parse: Parser<string> = (value) => {
        if (typeof value !== "string" || value === "") return bad(`set the client ID the IdP issued, e.g. ${example}`);
        return clientIdTextFix(value, parse) ?? ok(value);
    };
    return parse;
}
