// Pure rules for the token endpoint probe (pkce only): W&B redeems the code there with this client
// (and OIDC_SECRET when set). A made-up code is sent; an IdP that authenticates the client answers
// `invalid_grant` (the code is unknown), one that does not answers `invalid_client`.
import { describeIdpError, extractIdpError } from "./authorize";
import { fail, markTransient, pass, skip, TITLES, warn, type CheckResult, type DiscoveryDocument } from "./types";
import { stringList } from "./discovery";

export type ClientAuth = "client_secret_basic" | "client_secret_post" | "none";

/**
 * How to present the client at the token endpoint, in the order to try them: without a secret the
 * client ID goes in the body; with one, HTTP Basic first then the body, as OAuth client libraries
 * that auto-detect do, limited to what the IdP advertises (Basic when it advertises nothing, the
 * specification's default).
 */
export function clientAuthOrder(doc: DiscoveryDocument, hasSecret: boolean): ClientAuth[] {
    if (!hasSecret) return ["none"];
    const advertised = stringList(doc, "token_endpoint_auth_methods_supported") ?? ["client_secret_basic"];
    return (["client_secret_basic", "client_secret_post"] as const).filter((m) => advertised.includes(m));
}

/** `Authorization: Basic …` for a client: ID and secret form-encoded first (RFC 6749 §2.3.1). */
export function basicAuthorization(clientId: string, secret: string): string {
    const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, "+");
    return `Basic ${Buffer.from(`${enc(clientId)}:${enc(secret)}`).toString("base64")}`;
}

/** Does this answer mean "wrong client credentials" (worth trying the next way of sending them)? */
export function isInvalidClient(status: number, body: string): boolean {
    const e = extractIdpError(body);
    return e?.error === "invalid_client" || (status === 401 && e?.error === undefined);
}

export function tokenCheckNoMethod(doc: DiscoveryDocument): CheckResult {
    const advertised = stringList(doc, "token_endpoint_auth_methods_supported") ?? [];
    return warn(
        "token-endpoint",
        TITLES["token-endpoint"],
        `OIDC_SECRET is set, but the IdP advertises neither client_secret_basic nor client_secret_post (it advertises [${advertised.join(", ")}])`,
        "W&B sends the secret with one of those two: allow one for the app, or unset OIDC_SECRET for a public client",
    );
}

export function tokenCheckSkipped(reason: string): CheckResult {
    return skip("token-endpoint", TITLES["token-endpoint"], reason);
}

/** The verdict on the token endpoint's answer to the made-up code. */
export function classifyTokenAnswer(status: number, body: string, hasSecret: boolean, auth: ClientAuth): CheckResult {
    const title = TITLES["token-endpoint"];
    const e = extractIdpError(body);
    const code = e?.error;
    const quoted = describeIdpError(e);
    const how = auth === "none" ? "without a secret (public client)" : `with OIDC_SECRET (${auth})`;
    if (status >= 200 && status < 300) {
        // A token endpoint that redeems a code it never issued hands tokens to whoever asks: W&B
        // would sign in anyone presenting any code. Its body (tokens, perhaps) is not quoted.
        const tokens = /"(access_token|id_token)"\s*:/.test(body) ? ", with tokens," : "";
        return fail(
            "token-endpoint",
            title,
            `the token endpoint answered HTTP ${status}${tokens} to a made-up code it never issued: it would give tokens for any code`,
            "the IdP's token endpoint must refuse codes it did not issue (invalid_grant): check OIDC_ISSUER points at the real IdP, and that nothing in front of the IdP answers for it",
        );
    }
    if (code === "invalid_grant") {
        return pass("token-endpoint", title, `the IdP accepted the client ${how} and refused the made-up code, as it should (${quoted})`);
    }
    const secretMentioned = /secret|client_assertion|credentials/i.test(`${e?.description ?? ""} ${e?.text ?? ""}`);
    // invalid_client is also what a client or secret the IdP has not published yet gets (a new
    // Entra secret takes minutes to work), so the guard retries it; the words alone are not enough.
    const clientRefused = code === "invalid_client" || (status === 401 && code === undefined);
    if (clientRefused || (!hasSecret && secretMentioned)) {
        const check = hasSecret
            ? fail(
                  "token-endpoint",
                  title,
                  `the IdP refused the client ID and secret: HTTP ${status}, ${quoted}`,
                  "set OIDC_SECRET to the app's current client secret (and check OIDC_CLIENT_ID)",
              )
            : fail(
                  "token-endpoint",
                  title,
                  `the IdP requires client authentication: HTTP ${status}, ${quoted}`,
                  "set OIDC_SECRET to the app's client secret, or make the app a public client (PKCE without a secret)",
              );
        return markTransient(check, clientRefused);
    }
    const grantRefused =
        /grant[ _]type/i.test(`${e?.description ?? ""} ${e?.text ?? ""}`) &&
        /not (allowed|authori[sz]ed|supported|enabled)/i.test(`${e?.description ?? ""} ${e?.text ?? ""}`);
    if (code === "unauthorized_client" || code === "unsupported_grant_type" || grantRefused) {
        return fail(
            "token-endpoint",
            title,
            `the app may not redeem codes: HTTP ${status}, ${quoted}`,
            "allow the authorization code grant for the app",
        );
    }
    return warn(
        "token-endpoint",
        title,
        `the token endpoint answered HTTP ${status}, ${quoted}, not the expected invalid_grant`,
        "check the app's token endpoint settings (client authentication, allowed grants)",
    );
}
