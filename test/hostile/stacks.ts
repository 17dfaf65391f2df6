// The hostile stack files, by class: what a careless or hostile user might write. Each must be
// refused by the plan CLI with a clean message that names the offending key (or, for a file that
// is not valid YAML, the file with its line and column). See plan.test.ts.
import { stringify } from "yaml";

export interface HostileStack {
    readonly kind: string;
    readonly what: string;
    /** The stack file's text. */
    readonly yaml: string;
    /** What stderr must name: the key, or `<file>:<line>:<col>` for a YAML error. */
    readonly names: string;
    /** Config errors say "nothing was registered"; a file that is not a stack file says where. */
    readonly error: "config" | "file";
}

/** A `secure:` value, as `pulumi config set --secret` writes it (the plan cannot decrypt it). */
export const SECURE_VALUE = "v1:cGxhY2Vob2xkZXI=:aG9zdGlsZS1zdGFjay1zZWN1cmUtdmFsdWU=";
const SECURE = { secure: SECURE_VALUE };

type Config = Record<string, unknown>;

const HOST = "https://wandb.example.com";
const COGNITO: Config = {
    "aws:region": "us-west-2",
    "wandb-sso:host": HOST,
    "wandb-sso:idp": "cognito",
    "wandb-sso:cognito": { domainPrefix: "wandb-example" },
    "wandb-sso:wandb": { namespace: "wandb" },
};
const EXISTING: Config = {
    "wandb-sso:host": HOST,
    "wandb-sso:idp": "existing",
    "wandb-sso:authMethod": "implicit",
    "wandb-sso:existing": { issuer: "https://idp.example.com", clientId: "wandb-client" },
};
const KEYCLOAK: Config = {
    "wandb-sso:host": HOST,
    "wandb-sso:idp": "keycloak",
    "wandb-sso:keycloak": { url: "https://keycloak.example.com", realm: "acme" },
};
const OKTA: Config = { "wandb-sso:host": HOST, "wandb-sso:idp": "okta", "wandb-sso:okta": { orgUrl: "https://acme.okta.com" } };
const AUTH0: Config = { "wandb-sso:host": HOST, "wandb-sso:idp": "auth0", "wandb-sso:auth0": { domain: "acme.us.auth0.com" } };
const ENTRA: Config = { "wandb-sso:host": HOST, "wandb-sso:idp": "entra", "azuread:tenantId": "3f2b6a1c-8d4e-4b7a-9c5d-2e1f0a9b8c7d" };

/** A stack file from a base config with some keys changed (undefined removes a key). */
function stack(base: Config, changes: Config = {}): string {
    const config: Config = { ...base, ...changes };
    for (const [key, value] of Object.entries(config)) if (value === undefined) delete config[key];
    return stringify({ config });
}

const withObject = (base: Config, key: string, fields: Config) => stack(base, { [key]: { ...(base[key] as Config), ...fields } });

const config = (kind: string, what: string, yaml: string, names: string): HostileStack => ({ kind, what, yaml, names, error: "config" });
const file = (what: string, yaml: string, line: number): HostileStack => ({
    kind: "YAML syntax and shape",
    what,
    yaml,
    names: `:${line}:`,
    error: "file",
});

const host = (what: string, value: unknown) =>
    config("URLs and hosts", what, stack(COGNITO, { "wandb-sso:host": value }), "wandb-sso:host");
const origins = (what: string, value: unknown) =>
    config("CORS origins", what, withObject(COGNITO, "wandb-sso:wandb", { extraCorsOrigins: value }), "wandb-sso:wandb.extraCorsOrigins");
const wandbName = (what: string, field: string, value: unknown) =>
    config("Names", what, withObject(COGNITO, "wandb-sso:wandb", { [field]: value }), `wandb-sso:wandb.${field}`);

const long = (n: number, c = "a") => c.repeat(n);

export const HOSTILE_STACKS: readonly HostileStack[] = [
    host("a wildcard host", "https://*.example.com"),
    host("a comma in the host", "https://wandb,evil.example.com"),
    host("a trailing tab", `${HOST}\t`),
    host("a tab inside the host (the URL parser drops it)", "https://wan\tdb.example.com"),
    host("a newline inside the host", "https://wandb.exa\nmple.com"),
    host("a NUL character", "https://wandb\u0000.example.com"),
    host("a DEL character", "https://wandb.exam\u007fple.com"),
    host("a C1 control character (NEL)", "https://wandb\u0085.example.com"),
    host("a zero-width space", "https://wandb\u200b.example.com"),
    host("a bidirectional override", "https://\u202ewandb.example.com"),
    host("a soft hyphen (the URL parser drops it)", "https://wan\u00addb.example.com"),
    host("a full-width look-alike letter", "https://\uff57andb.example.com"),
    host("a Unicode hostname (IDN), which the ASCII form replaces", "https://bücher.example.com"),
    host("a percent-encoded dot", "https://wandb%2eexample.com"),
    host("an IPv4 address in hex", "http://0x7f.1"),
    host("a 64-character label", `https://${long(64)}.example.com`),
    host("a hostname over 253 characters", `https://${[1, 2, 3, 4, 5].map(() => long(60)).join(".")}.com`),
    host("a label starting with a hyphen", "https://-wandb.example.com"),
    host("an empty label", "https://wandb..example.com"),
    host("an underscore", "https://wandb_1.example.com"),
    host("YAML null", null),
    host("no // after the scheme", "https:wandb.example.com"),
    host("a backslash before the credentials", "https://evil.example.com\\@wandb.example.com"),
    host("credentials", "https://user:pw@wandb.example.com"),
    host("a 100 KB value", `https://${long(100_000)}.example.com`),
    origins("two origins in one", ["https://a.example.com,https://evil.example.com"]),
    origins("every origin", ["*"]),
    origins("a wildcard origin", ["https://*.example.com"]),
    origins("an http origin for an https host", ["http://notebooks.example.com"]),
    origins("a trailing newline", ["https://notebooks.example.com\n"]),
    origins("a path", ["https://notebooks.example.com/lab"]),
    origins("YAML null in the list", [null]),
    origins("a string, not a list", "https://notebooks.example.com"),
    config(
        "Issuers and IDs",
        "a tab inside the issuer",
        withObject(EXISTING, "wandb-sso:existing", { issuer: "https://idp.example.com/\tx" }),
        "wandb-sso:existing.issuer",
    ),
    config(
        "Issuers and IDs",
        "a newline after the issuer",
        withObject(EXISTING, "wandb-sso:existing", { issuer: "https://idp.example.com\n" }),
        "wandb-sso:existing.issuer",
    ),
    config(
        "Issuers and IDs",
        "a wildcard issuer",
        withObject(EXISTING, "wandb-sso:existing", { issuer: "https://*.example.com" }),
        "wandb-sso:existing.issuer",
    ),
    config(
        "Issuers and IDs",
        "a tab inside the client ID",
        withObject(EXISTING, "wandb-sso:existing", { clientId: "wandb\tclient" }),
        "wandb-sso:existing.clientId",
    ),
    config(
        "Issuers and IDs",
        "a zero-width space in the client ID",
        withObject(EXISTING, "wandb-sso:existing", { clientId: "wandb\u200bclient" }),
        "wandb-sso:existing.clientId",
    ),
    config(
        "Issuers and IDs",
        "a C1 control in the client ID",
        withObject(EXISTING, "wandb-sso:existing", { clientId: "wandb\u0085client" }),
        "wandb-sso:existing.clientId",
    ),
    config(
        "Issuers and IDs",
        "a 300-character client ID",
        withObject(EXISTING, "wandb-sso:existing", { clientId: long(300, "c") }),
        "wandb-sso:existing.clientId",
    ),
    config(
        "Issuers and IDs",
        "a Keycloak realm of ..",
        withObject(KEYCLOAK, "wandb-sso:keycloak", { realm: ".." }),
        "wandb-sso:keycloak.realm",
    ),
    config(
        "Issuers and IDs",
        "a Keycloak realm of .",
        withObject(KEYCLOAK, "wandb-sso:keycloak", { realm: "." }),
        "wandb-sso:keycloak.realm",
    ),
    config(
        "Issuers and IDs",
        "a Keycloak client ID with a newline",
        withObject(KEYCLOAK, "wandb-sso:keycloak", { clientId: "wandb\n" }),
        "wandb-sso:keycloak.clientId",
    ),
    config(
        "Issuers and IDs",
        "a comma in the Keycloak URL",
        withObject(KEYCLOAK, "wandb-sso:keycloak", { url: "https://keycloak,evil.example.com" }),
        "wandb-sso:keycloak.url",
    ),
    config(
        "Issuers and IDs",
        "a realm URL with broken percent-encoding",
        withObject(KEYCLOAK, "wandb-sso:keycloak", { url: "https://keycloak.example.com/realms/%E0%A4%A" }),
        "wandb-sso:keycloak.url",
    ),
    config(
        "Issuers and IDs",
        "a wildcard Okta org",
        withObject(OKTA, "wandb-sso:okta", { orgUrl: "https://*.okta.com" }),
        "wandb-sso:okta.orgUrl",
    ),
    config(
        "Issuers and IDs",
        "an Okta issuer with broken percent-encoding",
        withObject(OKTA, "wandb-sso:okta", { orgUrl: "https://acme.okta.com/oauth2/%E0%A4%A" }),
        "wandb-sso:okta.orgUrl",
    ),
    config(
        "Issuers and IDs",
        "an Okta org on a 70-character label",
        withObject(OKTA, "wandb-sso:okta", { orgUrl: `https://${long(70)}.okta.com` }),
        "wandb-sso:okta.orgUrl",
    ),
    config(
        "Issuers and IDs",
        "a wildcard Auth0 domain",
        withObject(AUTH0, "wandb-sso:auth0", { domain: "*.us.auth0.com" }),
        "wandb-sso:auth0.domain",
    ),
    config(
        "Issuers and IDs",
        "a zero-width space in the Auth0 domain",
        withObject(AUTH0, "wandb-sso:auth0", { domain: "acme.us.auth0.com\u200b" }),
        "wandb-sso:auth0.domain",
    ),
    config(
        "Issuers and IDs",
        "an Entra tenantId contradicting azuread:tenantId",
        stack(ENTRA, { "wandb-sso:entra": { tenantId: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" } }),
        "wandb-sso:entra.tenantId",
    ),
    config("Issuers and IDs", "azuread:tenantId of common", stack(ENTRA, { "azuread:tenantId": "common" }), "azuread:tenantId"),
    config(
        "Issuers and IDs",
        "a Cognito pool in another region than aws:region",
        withObject(COGNITO, "wandb-sso:cognito", { userPoolId: "us-east-1_AbC123xyZ", domainPrefix: undefined }),
        "wandb-sso:cognito.userPoolId",
    ),
    config("Names", "an Okta label with a newline", withObject(OKTA, "wandb-sso:okta", { label: "W&B\nAdmin" }), "wandb-sso:okta.label"),
    config(
        "Names",
        "an Entra display name with a bidirectional override",
        stack(ENTRA, { "wandb-sso:entra": { displayName: "W&B \u202eevil" } }),
        "wandb-sso:entra.displayName",
    ),
    config(
        "Names",
        "a Cognito domain prefix naming AWS",
        withObject(COGNITO, "wandb-sso:cognito", { domainPrefix: "aws-wandb" }),
        "wandb-sso:cognito.domainPrefix",
    ),
    wandbName("a 64-character namespace", "namespace", long(64, "n")),
    wandbName("a namespace with a dot", "namespace", "wandb.ns"),
    wandbName("a 300-character name", "name", long(300, "w")),
    wandbName("a container with a tab", "container", "wandb\tlocal"),
    config(
        "Names",
        "a 60-character Helm release name (Helm allows 53)",
        withObject(COGNITO, "wandb-sso:wandb", { target: "helm", name: long(60, "r") }),
        "wandb-sso:wandb.name",
    ),
    config(
        "Names",
        "a Helm release name with an underscore",
        withObject(COGNITO, "wandb-sso:wandb", { target: "helm", name: "wandb_prod" }),
        "wandb-sso:wandb.name",
    ),
    config(
        "Secrets",
        "a secret in an unknown field of a secret object",
        withObject(EXISTING, "wandb-sso:existing", { clientSecert: SECURE }),
        "wandb-sso:existing.clientSecert",
    ),
    config("Secrets", "an unknown key set as a secret", stack(COGNITO, { "wandb-sso:clientSecret": SECURE }), "wandb-sso:clientSecret"),
    config("Secrets", "the host set as a secret, and not a URL", stack(COGNITO, { "wandb-sso:host": SECURE }), "wandb-sso:host"),
    config(
        "Secrets",
        "a secret as the client ID of a Google client",
        withObject(EXISTING, "wandb-sso:existing", { issuer: "https://accounts.google.com", clientId: SECURE }),
        "wandb-sso:existing.clientId",
    ),
    config(
        "Secrets",
        "a secret under a typo of the namespace",
        stack(COGNITO, { "wandb_sso:clientSecret": SECURE }),
        "wandb_sso:clientSecret",
    ),
    config(
        "Secrets",
        "a secret W&B settings object with a bad field",
        stack(COGNITO, { "wandb-sso:wandb": { namespace: "Wandb NS", token: SECURE } }),
        "wandb-sso:wandb.namespace",
    ),
    file("a tab as indentation", "config:\n\twandb-sso:host: https://wandb.example.com\n", 2),
    file("a duplicate key", "config:\n  wandb-sso:host: https://a.example.com\n  wandb-sso:host: https://b.example.com\n", 3),
    file("an unclosed bracket", "config:\n  wandb-sso:wandb: {namespace: wandb\n  wandb-sso:idp: cognito\n", 3),
    file("an unclosed quote", 'config:\n  wandb-sso:host: "https://wandb.example.com\n', 3),
    file("items out of line", "config:\n  wandb-sso:host: https://wandb.example.com\n wandb-sso:idp: cognito\n", 3),
    file("two documents", "config: {}\n---\nconfig: {}\n", 2),
    file("a list, not a mapping", "- wandb-sso:host\n- https://wandb.example.com\n", 1),
    file("a scalar, not a mapping", "wandb-sso:host=https://wandb.example.com\n", 1),
    file("config as a list", "config:\n  - wandb-sso:host: https://wandb.example.com\n", 2),
    file("config as a string", "config: wandb-sso:host=https://wandb.example.com\n", 1),
    file("a list as a key", "config:\n  ? [wandb-sso:host, wandb-sso:idp]\n  : x\n", 2),
    file("an empty key", "config:\n  ~: x\n", 2),
    {
        kind: "YAML syntax and shape",
        what: "an alias bomb",
        yaml: "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nconfig:\n  wandb-sso:x: *c\n",
        names: "alias",
        error: "file",
    },
    config("Namespaces", "wandb_sso", stack(COGNITO, { "wandb_sso:verify": "false" }), "wandb_sso:verify"),
    config("Namespaces", "wandbsso", stack(COGNITO, { "wandbsso:protect": "false" }), "wandbsso:protect"),
    config("Namespaces", "wandb-SSO", stack(COGNITO, { "wandb-SSO:localRestore": "true" }), "wandb-SSO:localRestore"),
    config("Namespaces", "wand-sso", stack(COGNITO, { "wand-sso:authMethod": "pkce" }), "wand-sso:authMethod"),
    config(
        "Namespaces",
        "the host only under a typo",
        stack(COGNITO, { "wandb-sso:host": undefined, "Wandb_Sso:host": HOST }),
        "Wandb_Sso:host",
    ),
    config("Unselected IdPs", "cognito selected, only okta's settings given", stack(OKTA, { "wandb-sso:idp": "cognito" }), "wandb-sso:idp"),
    config(
        "Unselected IdPs",
        "existing selected, only keycloak's settings given",
        stack(KEYCLOAK, { "wandb-sso:idp": "existing" }),
        "wandb-sso:idp",
    ),
    config(
        "Unselected IdPs",
        "an IdP's field as a key of its own",
        stack(OKTA, { "wandb-sso:orgUrl": "https://acme.okta.com" }),
        "wandb-sso:orgUrl",
    ),
    config("Unselected IdPs", "a dotted path as a key", stack(OKTA, { "wandb-sso:okta.label": "W&B" }), "wandb-sso:okta.label"),
    config(
        "Sizes",
        "500 unknown keys",
        stack(COGNITO, Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`wandb-sso:k${i}`, "v"]))),
        "wandb-sso:k0",
    ),
    config(
        "Sizes",
        "an unknown field of 100 KB",
        withObject(COGNITO, "wandb-sso:wandb", { note: long(100_000, "n") }),
        "wandb-sso:wandb.note",
    ),
    config("Sizes", "a key of 10 KB", stack(COGNITO, { [`wandb-sso:${long(10_000, "k")}`]: "v" }), "wandb-sso:kkkk"),
    config("Sizes", "a display name of 10 KB", withObject(OKTA, "wandb-sso:okta", { label: long(10_000, "L") }), "wandb-sso:okta.label"),
    config("Types", "the host as a number", stack(COGNITO, { "wandb-sso:host": 42 }), "wandb-sso:host"),
    config("Types", "the host as a list", stack(COGNITO, { "wandb-sso:host": [HOST] }), "wandb-sso:host"),
    config("Types", "the W&B settings as a list", stack(COGNITO, { "wandb-sso:wandb": ["namespace"] }), "wandb-sso:wandb"),
    config("Types", "the IdP's settings as a string", stack(COGNITO, { "wandb-sso:cognito": "wandb-example" }), "wandb-sso:cognito"),
    config("Types", "break-glass as yes", stack(COGNITO, { "wandb-sso:localRestore": "yes" }), "wandb-sso:localRestore"),
    config("Types", "protect as an object", stack(COGNITO, { "wandb-sso:protect": { value: true } }), "wandb-sso:protect"),
    config("Types", "SAML as the IdP", stack(COGNITO, { "wandb-sso:idp": "SAML" }), "wandb-sso:idp"),
    // Appended as text: in an object literal, __proto__ would set the prototype instead.
    config("Types", "a key named __proto__", `${stack(COGNITO)}  __proto__: x\n`, "wandb-sso:__proto__"),

    // Issue 21, B2, B4, B5: URLs checked as written, every issuer's known mistakes, a public key kept secret.
    host("port 0", "https://wandb.example.com:0"),
    host("a port with a leading zero", "https://wandb.example.com:0443"),
    host("a ':' naming no port", "https://wandb.example.com:"),
    host("empty credentials", "https://@wandb.example.com"),
    host("a dot segment", "https://wandb.example.com/."),
    host("a dot segment, percent-encoded", "https://wandb.example.com/a/%2e%2e"),
    ...(
        [
            ["an issuer with its default port", "https://idp.example.com:443"],
            ["an issuer with a dot segment", "https://idp.example.com/a/../b"],
            ["an issuer with port 0", "https://idp.example.com:0/x"],
            ["an issuer with empty credentials", "https://@idp.example.com"],
            ["Entra's multi-tenant issuer, by hand", "https://login.microsoftonline.com/common/v2.0"],
            ["an Entra issuer without /v2.0, by hand", "https://login.microsoftonline.com/3f2b6a1c-8d4e-4b7a-9c5d-2e1f0a9b8c7d"],
            ["Cognito's hosted-UI domain as the issuer, by hand", "https://wandb-example.auth.us-west-2.amazoncognito.com"],
        ] as const
    ).map(([what, issuer]) =>
        config("Issuers and IDs", what, withObject(EXISTING, "wandb-sso:existing", { issuer }), "wandb-sso:existing.issuer"),
    ),
    config("Secrets", "a valid host set as a secret (public by nature)", stack(COGNITO, { "wandb-sso:host": SECURE }), "wandb-sso:host"),
    config("Secrets", "the W&B settings set as a secret", stack(COGNITO, { "wandb-sso:wandb": { namespace: SECURE } }), "wandb-sso:wandb"),
    config(
        "Secrets",
        "a password under an unknown field, not set as secret",
        withObject(EXISTING, "wandb-sso:existing", { password: "hunter2-but-longer" }),
        "wandb-sso:existing.password",
    ),
    host("a URL with a password in it, not set as secret", "https://admin:hunter2-but-longer@wandb.example.com"),
];

/**
 * Hostile-looking values that are legitimately valid, and accepted: each with why. The plan must
 * exit 0 for each.
 */
export const ACCEPTED_STACKS: readonly { readonly what: string; readonly why: string; readonly yaml: string }[] = [
    {
        what: "an internationalised host written in ASCII (punycode)",
        why: "an IDN is a real hostname; written in its ASCII form it is what W&B and the IdP receive (the Unicode form is refused, with this form suggested, as look-alike letters hide in it)",
        yaml: stack(COGNITO, { "wandb-sso:host": "https://xn--bcher-kva.example.com" }),
    },
    {
        what: "an upper-case host with the default port and a trailing slash",
        why: "normalised to https://wandb.example.com, the same origin",
        yaml: stack(COGNITO, { "wandb-sso:host": "https://WANDB.Example.com:443/" }),
    },
    {
        what: "http on the IPv6 loopback, with an http loopback origin",
        why: "http is allowed for a W&B on the same machine (trials and tests); its origins may then be http loopback ones",
        yaml: stack(COGNITO, {
            "wandb-sso:host": "http://[::1]:8080",
            "wandb-sso:wandb": { namespace: "wandb", extraCorsOrigins: ["http://localhost:8888"] },
        }),
    },
    {
        what: "another IdP's settings kept beside the selected one",
        why: "a stack may keep them while migrating; the program warns that they are unused (configWarnings)",
        yaml: stack(ENTRA, { "wandb-sso:okta": { orgUrl: "https://acme.okta.com" } }),
    },
    {
        what: "a provider namespace near wandb-sso in length but not a typo of it",
        why: "only namespaces within two edits of wandb-sso are taken as typos; kubernetes:, aws: and the like are the providers'",
        yaml: stack(COGNITO, { "kubernetes:context": "wandb-sso" }),
    },
];
