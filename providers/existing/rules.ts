// Bring your own app registration (Google, or an app made by hand in any IdP): the pure rules behind
// ExistingOidcApp (issuer, client ID, secret, Google's known mistakes) and its one validator, shared
// by the component and the stack config.
import type * as pulumi from "@pulumi/pulumi";
import { knownAuthMethod, parseIssuer, type IdpAppArgs } from "../../src/oidc";
import {
    bad,
    ok,
    plainSecretFix,
    SECRET_PLACEHOLDER,
    suggest,
    type At,
    type Parsed,
    type Problems,
    type Unchecked,
} from "../../src/problems";
import { fieldsOf, isDeferred, isOutputLike } from "../../src/parse/values";
import { hostnameOf } from "../../src/parse/url";
import { clientIdTextFix } from "../../src/parse/ids";
import { GOOGLE_ISSUER, knownIssuerMistakes } from "./issuers";

export { GOOGLE_ISSUER } from "./issuers";

export interface ExistingOidcAppArgs extends IdpAppArgs {
    /** The issuer exactly as the IdP's discovery document states it (Google: `https://accounts.google.com`). */
    issuer: string;
    /** The client ID the IdP issued. */
    clientId: string;
    /**
     * The client secret, when the IdP issued one: a Pulumi secret (`pulumi.secret(...)`,
     * `config.requireSecret(...)`, or a provider's secret output). A plain string is refused, and so
     * is an Output that is not secret (when it resolves, in preview).
     */
    clientSecret?: pulumi.Input<string>;
}

/** The checked `wandb-sso:existing` settings: the component's own arguments. */
export type ExistingSettings = Omit<ExistingOidcAppArgs, keyof IdpAppArgs>;

export const EXISTING_FIELDS = fieldsOf<ExistingSettings>()(["issuer", "clientId", "clientSecret"]);
/** The fields that hold a secret: the stack config hands them over as Pulumi secrets. */
export const EXISTING_SECRET_FIELDS = ["clientSecret"] as const;

/** How every Google OAuth client ID ends. */
export const GOOGLE_CLIENT_ID_SUFFIX = ".apps.googleusercontent.com";

const WELL_KNOWN = "/.well-known/";

function isGoogleHostname(hostname: string): boolean {
    const host = hostname.toLowerCase();
    return ["google.com", "googleapis.com"].some((domain) => host === domain || host.endsWith(`.${domain}`));
}

export function isGoogleIssuer(issuer: string): boolean {
    return issuer === GOOGLE_ISSUER;
}

/**
 * An issuer exactly as the IdP's discovery document states it (W&B compares it character for
 * character, so it is not normalised): https (http only for localhost), no credentials, query or
 * fragment, and not the discovery document's own URL. Google's is exactly https://accounts.google.com;
 * anything else on a Google domain gets that suggested. Other recognisable mistakes (Auth0 without
 * its trailing slash, Cognito's hosted-UI domain, Entra's v1.0 or multi-tenant endpoints, Okta's
 * admin domain) are the ones `wandb-sso verify` reports, from the same rules.
 */
export function parseExistingIssuer(value: unknown): Parsed<string> {
    if (typeof value === "string" && value.trim() === value && isGoogleHostname(hostnameOf(value)) && value !== GOOGLE_ISSUER) {
        return bad(
            `Google's issuer is exactly ${GOOGLE_ISSUER} (https, no path, no trailing slash); use ${JSON.stringify(GOOGLE_ISSUER)}`,
            GOOGLE_ISSUER,
        );
    }
    const parsed = parseIssuer(value, "loopback", parseExistingIssuer);
    if ("fix" in parsed) {
        return value === undefined || value === "" ? bad(`set the issuer URL, e.g. ${GOOGLE_ISSUER} for Google`, GOOGLE_ISSUER) : parsed;
    }
    const issuer = parsed.value;
    const wellKnown = issuer.indexOf(WELL_KNOWN);
    if (wellKnown >= 0 || issuer.endsWith("/.well-known")) {
        const base = issuer.slice(0, wellKnown >= 0 ? wellKnown : issuer.length - "/.well-known".length);
        return suggest(
            parseExistingIssuer,
            base,
            (s) =>
                `this is the discovery document's URL, not the issuer; use the part before /.well-known${s === undefined ? "" : `: ${JSON.stringify(s)}`}`,
        );
    }
    const mistake = knownIssuerMistakes(issuer).find((m) => m.severity === "fail");
    if (mistake) return bad(`${mistake.message}; ${mistake.fix}`);
    return ok(issuer);
}

/**
 * A client ID as the IdP issued it: a non-empty string without whitespace or invisible characters,
 * of at most 255 characters (src/parse/ids.ts).
 */
export function parseClientId(value: unknown): Parsed<string> {
    if (typeof value !== "string" || value === "") {
        return bad("set the client ID the IdP issued, e.g. 1234-abc.apps.googleusercontent.com", "1234-abc.apps.googleusercontent.com");
    }
    return clientIdTextFix(value, parseClientId) ?? ok(value);
}

/**
 * The client secret: absent, or a Pulumi secret. A plain value carries no secret mark (nor does a
 * promise): it would reach the state in plain text wherever it flows. Anything else is no secret at all. Whether an Output is secret
 * is known only once it resolves: the component checks that.
 */
function checkClientSecret(value: unknown, problems: Problems, at: At): pulumi.Input<string> | undefined {
    if (value === undefined || isOutputLike(value)) return value as pulumi.Input<string> | undefined;
    if (value === "" || (typeof value !== "string" && !isDeferred(value))) {
        problems.add(
            at("clientSecret"),
            SECRET_PLACEHOLDER,
            "set the client secret the IdP issued as a string, or remove the field if it issued none",
        );
    } else {
        problems.add(at("clientSecret"), SECRET_PLACEHOLDER, plainSecretFix(at("clientSecret")));
    }
    return undefined;
}

/** The bring-your-own validator, with Google's own rules. */
export function checkExistingArgs(args: Unchecked<ExistingOidcAppArgs>, problems: Problems, at: At): ExistingSettings | undefined {
    const before = problems.list.length;
    const issuer = problems.check(at("issuer"), args.issuer, parseExistingIssuer);
    const clientId = problems.check(at("clientId"), args.clientId, parseClientId);
    const clientSecret = checkClientSecret(args.clientSecret, problems, at);
    const authMethod = knownAuthMethod(args.authMethod);
    if (issuer !== undefined && isGoogleIssuer(issuer) && authMethod !== undefined) {
        if (clientId !== undefined && !clientId.endsWith(GOOGLE_CLIENT_ID_SUFFIX)) {
            problems.add(
                at("clientId"),
                clientId,
                `a Google OAuth client ID ends with ${GOOGLE_CLIENT_ID_SUFFIX}; copy it from Google Cloud console > APIs & Services > Credentials`,
            );
        }
        if (authMethod === "pkce" && args.clientSecret === undefined) {
            problems.add(
                at("clientSecret"),
                undefined,
                `Google's Web application clients need their client secret to exchange the code (${at("authMethod")} pkce): set ${at("clientSecret")}, or use ${at("authMethod")} implicit`,
            );
        }
    }
    if (problems.list.length > before || issuer === undefined || clientId === undefined) return undefined;
    return { issuer, clientId, ...(clientSecret !== undefined && { clientSecret }) };
}
