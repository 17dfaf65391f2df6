// Bring your own app registration (Google, or an app made by hand in any IdP): the pure rules
// (issuer, client ID, secret, stack config) behind ExistingOidcApp.
import * as pulumi from "@pulumi/pulumi";
import type { AuthMethod } from "../oidc";
import { bad, ok, Problems, type Parsed } from "../problems";
import { readObject } from "../config/values";
import { detectIssuerMistakes } from "../verify/issuer";
import type { IdpDefinition } from "./types";
// Loaded on demand (see `create`), like the IdPs that have an SDK.
import type * as ExistingModule from "../../providers/existing";

/** Google's issuer, exactly as https://accounts.google.com/.well-known/openid-configuration states it. */
export const GOOGLE_ISSUER = "https://accounts.google.com";
/** How every Google OAuth client ID ends. */
export const GOOGLE_CLIENT_ID_SUFFIX = ".apps.googleusercontent.com";

/** How a secret appears in a problem: never its value. */
export const SECRET_PLACEHOLDER = "[secret]";

const LOOPBACK_HOSTNAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);
const WELL_KNOWN = "/.well-known/";

function isGoogleHostname(hostname: string): boolean {
    const host = hostname.toLowerCase();
    return ["google.com", "googleapis.com"].some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/** The hostname a value names, with or without a scheme ("" when it names none). */
function hostnameOf(value: string): string {
    for (const candidate of [value, `https://${value}`]) {
        try {
            return new URL(candidate).hostname;
        } catch {
            // try the next form
        }
    }
    return "";
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
    const example = GOOGLE_ISSUER;
    if (typeof value !== "string" || value === "") return bad(`set the issuer URL, e.g. ${example} for Google`);
    if (value.trim() !== value) return bad(`remove the surrounding whitespace: use ${JSON.stringify(value.trim())}`);
    if (isGoogleHostname(hostnameOf(value)) && value !== GOOGLE_ISSUER) {
        return bad(`Google's issuer is exactly ${GOOGLE_ISSUER} (https, no path, no trailing slash); use ${JSON.stringify(GOOGLE_ISSUER)}`);
    }
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        const guess = /^[a-z0-9.-]+(:\d+)?(\/\S*)?$/i.test(value) ? `https://${value}` : "https://login.example.com";
        return bad(`not an absolute URL; the issuer starts with https://, e.g. ${guess}`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
        return bad(`the scheme must be https, e.g. https://${url.host || "login.example.com"}`);
    }
    if (url.protocol === "http:" && !LOOPBACK_HOSTNAMES.has(url.hostname)) {
        return bad(`http is allowed only for localhost; use ${JSON.stringify(`https://${value.slice("http://".length)}`)}`);
    }
    if (url.username !== "" || url.password !== "") return bad("remove the credentials: an issuer has none");
    if (url.search !== "" || value.includes("?")) return bad("remove the query: an issuer has none");
    if (url.hash !== "" || value.includes("#")) return bad("remove the fragment: an issuer has none");
    const wellKnown = value.indexOf(WELL_KNOWN);
    if (wellKnown >= 0 || value.endsWith("/.well-known")) {
        const base = value.slice(0, wellKnown >= 0 ? wellKnown : value.length - "/.well-known".length);
        return bad(`this is the discovery document's URL, not the issuer; use the part before /.well-known: ${JSON.stringify(base)}`);
    }
    const mistake = detectIssuerMistakes(value).find((m) => m.severity === "fail");
    if (mistake) return bad(`${mistake.message}; ${mistake.fix}`);
    return ok(value);
}

/** A client ID as the IdP issued it: a non-empty string without whitespace. */
export function parseClientId(value: unknown): Parsed<string> {
    if (typeof value !== "string" || value === "") return bad("set the client ID the IdP issued, e.g. 1234-abc.apps.googleusercontent.com");
    if (value.trim() !== value) return bad(`remove the surrounding whitespace: use ${JSON.stringify(value.trim())}`);
    if (/\s/.test(value)) return bad("a client ID has no whitespace; copy it again from the IdP's console");
    return ok(value);
}

/**
 * Checks that belong to the combination of settings, shared by the stack config and the component
 * so that both refuse the same things with the same words.
 */
export function existingCombinationProblems(
    settings: { issuer: string | undefined; clientId: string | undefined; hasSecret: boolean; authMethod: AuthMethod },
    names: { clientId: string; clientSecret: string; authMethod: string },
    problems: Problems,
): void {
    if (settings.issuer === undefined || !isGoogleIssuer(settings.issuer)) return;
    if (settings.clientId !== undefined && !settings.clientId.endsWith(GOOGLE_CLIENT_ID_SUFFIX)) {
        problems.add(
            names.clientId,
            settings.clientId,
            `a Google OAuth client ID ends with ${GOOGLE_CLIENT_ID_SUFFIX}; copy it from Google Cloud console > APIs & Services > Credentials`,
        );
    }
    if (settings.authMethod === "pkce" && !settings.hasSecret) {
        problems.add(
            names.clientSecret,
            undefined,
            `Google's Web application clients need their client secret to exchange the code (${names.authMethod} pkce): set ${names.clientSecret}, or use ${names.authMethod} implicit`,
        );
    }
}

export interface ExistingSettings {
    readonly issuer: string;
    readonly clientId: string;
    /** The client secret's plain value, when the app has one; wrapped as a Pulumi secret on use. */
    readonly clientSecret?: string;
}

const FIELDS = ["issuer", "clientId", "clientSecret"] as const;

export const existing: IdpDefinition<ExistingSettings> = {
    parse(value, problems, { setting, authMethod, secret }) {
        // The whole key is secret when any field is: then no value of it is shown (a misspelt
        // `clientSecret` would otherwise appear in the error as an unknown field's value).
        const shape = new Problems();
        const object = readObject(value, FIELDS, shape, setting);
        for (const p of shape.list) problems.add(p.setting, secret ? SECRET_PLACEHOLDER : p.value, p.fix);
        if (object === undefined) return undefined;
        const key = (field: string) => `${setting}.${field}`;
        const issuer = problems.check(key("issuer"), object.issuer, parseExistingIssuer);
        const clientId = problems.check(key("clientId"), object.clientId, parseClientId);
        let clientSecret: string | undefined;
        if (object.clientSecret !== undefined) {
            if (typeof object.clientSecret !== "string" || object.clientSecret === "") {
                problems.add(
                    key("clientSecret"),
                    SECRET_PLACEHOLDER,
                    "set the client secret the IdP issued as a string, or remove the field if it issued none",
                );
            } else if (!secret) {
                problems.add(
                    key("clientSecret"),
                    SECRET_PLACEHOLDER,
                    `the client secret is in plain text in the stack file; set it as a Pulumi secret: pulumi config set --secret --path '${key("clientSecret")}' <value>`,
                );
            } else {
                clientSecret = object.clientSecret;
            }
        }
        existingCombinationProblems(
            { issuer, clientId, hasSecret: object.clientSecret !== undefined, authMethod },
            { clientId: key("clientId"), clientSecret: key("clientSecret"), authMethod: "wandb-sso:authMethod" },
            problems,
        );
        if (issuer === undefined || clientId === undefined) return undefined;
        if (object.clientSecret !== undefined && clientSecret === undefined) return undefined;
        return { issuer, clientId, ...(clientSecret !== undefined && { clientSecret }) };
    },

    create(name, settings, common, opts) {
        const { ExistingOidcApp } = require("../../providers/existing") as typeof ExistingModule;
        const { clientSecret, ...rest } = settings;
        return new ExistingOidcApp(
            name,
            { ...common, ...rest, ...(clientSecret !== undefined && { clientSecret: pulumi.secret(clientSecret) }) },
            opts,
        );
    },
};
