// Parsers for the contract's values (src/oidc.ts): the auth method, the W&B host and an issuer as
// written. Pure: no SDK import (verify uses them too).
import { parseWebUrl } from "./url";
import { bad, ok, said, suggest, type Parsed, type Parser } from "../problems";
import { DEFAULT_AUTH_METHOD, type AuthMethod } from "../oidc";

export function parseAuthMethod(value: unknown): Parsed<AuthMethod> {
    if (value === undefined) return ok(DEFAULT_AUTH_METHOD);
    if (value === "pkce" || value === "implicit") return ok(value);
    if (typeof value === "string" && value.trim().toLowerCase() === "saml") {
        return bad("W&B Server does not support SAML; it logs in through OIDC: use pkce (recommended) or implicit");
    }
    return bad("use pkce (authorization code + PKCE, recommended) or implicit (implicit flow with form_post)");
}

/**
 * Validates and normalises the W&B base URL: https (http only for localhost/127.0.0.1), no
 * credentials, path, query or fragment; a trailing slash is dropped and the hostname lower-cased,
 * so `https://WandB.example.com/` becomes `https://wandb.example.com`.
 */
export function parseHost(value: unknown): Parsed<string> {
    const parsed = parseWebUrl(value, {
        missing: "set the W&B base URL, e.g. https://wandb.example.com",
        notUrl: "use a base URL such as",
        example: "https://wandb.example.com",
        guess: "host:port",
        http: "loopback",
        exampleHost: "wandb.example.com",
        without: "root",
        // The W&B host and Keycloak's base URL are rebuilt from their parts: `:443` (`:80` for http) is dropped, on purpose (README).
        defaultPort: "normalise",
        parser: parseHost,
    });
    if ("fix" in parsed) return parsed;
    const { url, root } = parsed.value;
    if (url.pathname !== "/" && url.pathname !== "") {
        return suggest(
            parseHost,
            root,
            (s) =>
                `W&B must be served at the root of its host, without a path${said(` (${url.pathname})`, "")}; use ${s ?? said(root, "https://<host>")}`,
        );
    }
    return ok(root);
}

/**
 * An issuer exactly as the IdP's discovery document states it: W&B compares it character for
 * character, so it is not normalised. An absolute https URL (http only on loopback, or on any host
 * with `http: "any"`, for verify, which reports it as a failed check), without credentials, query
 * or fragment, nor invisible characters anywhere (checked on the string as given, since it is
 * passed on as given). `parser`: the caller's stricter issuer parser, which suggestions must pass.
 */
export function parseIssuer(value: unknown, http: "loopback" | "any" = "loopback", parser?: Parser<unknown>): Parsed<string> {
    const parsed = parseWebUrl(value, {
        missing: "set the issuer URL, e.g. https://login.example.com",
        notUrl: "the issuer starts with https://, e.g.",
        example: "https://login.example.com",
        guess: "url",
        http,
        exampleHost: "login.example.com",
        without: { noun: "an issuer" },
        parser: parser ?? ((v) => parseIssuer(v, http)),
    });
    return "fix" in parsed ? parsed : ok(value as string);
}

/** Reads an already-checked auth method (undefined when it is not valid, whose problem is reported elsewhere). */
export function knownAuthMethod(value: unknown): AuthMethod | undefined {
    const parsed = parseAuthMethod(value);
    return "value" in parsed ? parsed.value : undefined;
}
