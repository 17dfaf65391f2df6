import { strict as assert } from "node:assert";
import { CONFIG_KEYS, readStackConfig } from "../../src/config";
import { WANDB_TARGETS } from "../../src/wandb/settings";
import { IDP_LIST } from "../../src/idps";
import { raw, problemsOf } from "../helpers/stackConfig";
import { hostOfLength } from "../helpers/hosts";

const dev = {
    host: "https://wandb.dev.example.com/",
    idp: "cognito",
    cognito: JSON.stringify({ domainPrefix: "wandb-dev-example" }),
    wandb: JSON.stringify({ namespace: "wandb" }),
};

describe("readStackConfig", () => {
    it("reads a complete Cognito stack with every default", () => {
        assert.deepEqual(readStackConfig(raw(dev)), {
            host: "https://wandb.dev.example.com",
            idp: { name: "cognito", settings: { domainPrefix: "wandb-dev-example", generateSecret: false } },
            authMethod: "pkce",
            localRestore: false,
            protect: true,
            verify: true,
            wandb: {
                target: "deployment",
                namespace: "wandb",
                name: "wandb",
                container: "wandb",
                extraCorsOrigins: [],
                verifyDeadlineSeconds: 120,
            },
            teams: { teams: false },
            caCerts: [],
        });
    });

    it("reads an existing pool, booleans as Pulumi passes them, and the W&B workload", () => {
        const config = readStackConfig(
            raw({
                host: "https://wandb.example.com",
                idp: "cognito",
                authMethod: "pkce",
                localRestore: "true",
                protect: "false",
                cognito: JSON.stringify({ userPoolId: "us-east-1_AbC123xyZ", generateSecret: true }),
                wandb: JSON.stringify({ name: "wandb-local", container: "app", extraCorsOrigins: ["https://notebooks.example.com"] }),
            }),
        );
        assert.deepEqual(config.idp, { name: "cognito", settings: { userPoolId: "us-east-1_AbC123xyZ", generateSecret: true } });
        assert.equal(config.localRestore, true);
        assert.equal(config.protect, false);
        assert.deepEqual(config.wandb, {
            target: "deployment",
            namespace: "default",
            name: "wandb-local",
            container: "app",
            extraCorsOrigins: ["https://notebooks.example.com"],
            verifyDeadlineSeconds: 120,
        });
    });

    it("lists every problem at once, each with key, value and fix", () => {
        assert.deepEqual(
            problemsOf({
                host: "http://wandb.example.com/app",
                idp: "cognito",
                authMethod: "implicit",
                hots: "x",
                localRestore: "yes",
                cognito: JSON.stringify({ userPoolId: "bad", domainPrefix: "My_AWS_Domain", extra: 1 }),
                wandb: JSON.stringify({ target: "statefulset", namespace: "Wandb_NS", extraCorsOrigins: ["https://a.example.com/path"] }),
            }),
            [
                `wandb-sso:hots = "[not shown]": unknown key; the keys are ${CONFIG_KEYS.map((k) => `wandb-sso:${k}`).join(", ")}`,
                'wandb-sso:host = "http://wandb.example.com/app": http is allowed only for localhost; use https://wandb.example.com',
                'wandb-sso:localRestore = "yes": use true or false',
                `wandb-sso:wandb.target = "statefulset": use one of ${WANDB_TARGETS.join(", ")}`,
                "wandb-sso:wandb.namespace = \"Wandb_NS\": a Kubernetes name is 1-63 lower-case letters, digits and '-', starting and ending with a letter or digit; e.g. wandb-ns",
                'wandb-sso:wandb.extraCorsOrigins = ["https://a.example.com/path"]: "https://a.example.com/path" is not an origin; use https://a.example.com',
                'wandb-sso:cognito.extra = "[not shown]": unknown field; the fields are userPoolId, domainPrefix, generateSecret, adopt',
                'wandb-sso:cognito.userPoolId = "bad": a user pool ID is <region>_<id>, e.g. us-west-2_AbC123xyZ: copy it from the Cognito console\'s user pool overview',
                'wandb-sso:cognito.domainPrefix = "My_AWS_Domain": a domain prefix is 1-63 lower-case letters, digits and hyphens, not starting or ending with a hyphen; e.g. my-domain',
                'wandb-sso:authMethod = "implicit": AWS Cognito requires pkce (it cannot answer the implicit flow\'s form_post): set it to pkce or leave it unset',
            ],
        );
    });

    const table: [string, Record<string, string>, string][] = [
        [
            "a missing host",
            { idp: "cognito", cognito: dev.cognito },
            "wandb-sso:host = undefined: set the W&B base URL, e.g. https://wandb.example.com",
        ],
        ["a missing idp", { host: dev.host }, "wandb-sso:idp = undefined: choose the identity provider: one of "],
        [
            "SAML as the idp",
            { host: dev.host, idp: "saml" },
            'wandb-sso:idp = "saml": W&B Server does not support SAML; it logs in through OIDC: choose one of ',
        ],
        [
            "implicit with Cognito",
            { ...dev, authMethod: "implicit" },
            'wandb-sso:authMethod = "implicit": AWS Cognito requires pkce (it cannot answer the implicit flow\'s form_post): set it to pkce or leave it unset',
        ],
        [
            "SAML as the auth method",
            { ...dev, authMethod: "saml" },
            'wandb-sso:authMethod = "saml": W&B Server does not support SAML; it logs in through OIDC: use pkce (recommended) or implicit',
        ],
        [
            "a new pool without a domain",
            { ...dev, cognito: "{}" },
            "wandb-sso:cognito.domainPrefix = undefined: a new user pool needs a hosted-UI domain for its OAuth endpoints: set wandb-sso:cognito.domainPrefix (e.g. wandb-example), or reuse a pool that has one with wandb-sso:cognito.userPoolId",
        ],
        [
            "a bad pool ID",
            { ...dev, cognito: '{"userPoolId":"AbC123"}' },
            'wandb-sso:cognito.userPoolId = "AbC123": a user pool ID is <region>_<id>, e.g. us-west-2_AbC123xyZ: copy it from the Cognito console\'s user pool overview',
        ],
        [
            "a reserved domain prefix",
            { ...dev, cognito: '{"domainPrefix":"my-cognito-login"}' },
            'wandb-sso:cognito.domainPrefix = "my-cognito-login": Cognito refuses domain prefixes containing "cognito"; choose another, e.g. my-login',
        ],
        [
            "generateSecret not a boolean",
            { ...dev, cognito: '{"domainPrefix":"wandb-x","generateSecret":"maybe"}' },
            'wandb-sso:cognito.generateSecret = "maybe": use true or false',
        ],
        [
            "the cognito key not an object",
            { ...dev, cognito: "us-west-2_AbC" },
            'wandb-sso:cognito = "us-west-2_AbC": use an object with the fields userPoolId, domainPrefix, generateSecret',
        ],
        [
            "a bad container name",
            { ...dev, wandb: '{"container":"Wandb Local"}' },
            "wandb-sso:wandb.container = \"Wandb Local\": a Kubernetes name is 1-63 lower-case letters, digits and '-', starting and ending with a letter or digit; e.g. wandb-local",
        ],
    ];
    for (const [what, values, expected] of table) {
        it(`refuses ${what}`, () => {
            const found = problemsOf(values);
            assert.equal(found.length, 1, found.join("\n"));
            assert.ok(found[0]!.startsWith(expected), `${found[0]}\n  does not start with\n${expected}`);
        });
    }

    it("refuses a host too long for the IdP's URL fields under its own key, wandb-sso:host", () => {
        const host = hostOfLength(242);
        assert.deepEqual(
            problemsOf({ host, idp: "keycloak", keycloak: JSON.stringify({ url: "https://sso.example.com", realm: "acme" }) }),
            [
                `wandb-sso:host = ${JSON.stringify(host)}: Keycloak (its database's columns) cannot register W&B's URLs for a host this long: they would make validRedirectUris 256 characters (at most 255); serve W&B at a host of at most 241 characters (this one is 242)`,
            ],
        );
    });

    it("never shows the value of an unknown key that is a secret", () => {
        assert.deepEqual(
            problemsOf({ ...dev, token: "s3cr3t" }, ["token"])[0]!.startsWith('wandb-sso:token = "[secret]": unknown key'),
            true,
        );
    });

    it("formats one message that names the stack and says nothing was registered", () => {
        assert.throws(() => readStackConfig(raw({ ...dev, host: "wandb.example.com" }), "prod"), {
            name: "ConfigError",
            message:
                'wandb-sso stack "prod": 1 problem; nothing was registered. Please fix:\n  - wandb-sso:host = "wandb.example.com": not an absolute URL; use a base URL such as https://wandb.example.com',
        });
    });
});

describe("wandb-sso:<idp>.adopt", () => {
    // The minimal settings of each IdP that has something to adopt, beside its adopt object.
    const base: Record<string, Record<string, string>> = {
        cognito: {},
        okta: { orgUrl: "https://acme.okta.com" },
        entra: {},
        auth0: { domain: "acme.us.auth0.com" },
        keycloak: { url: "https://keycloak.example.com", realm: "acme", clientId: "wandb" },
    };
    const adoptable = IDP_LIST.filter((idp) => idp.adopt !== undefined);

    it("is taken by every IdP whose component creates an app, and by no other", () => {
        assert.deepEqual(adoptable.map((idp) => idp.name).sort(), Object.keys(base).sort());
        for (const idp of IDP_LIST) assert.equal(idp.fields.includes("adopt"), idp.adopt !== undefined, idp.name);
    });

    it("names each ID of the wrong shape with its full stack key, as the descriptor lists them", () => {
        for (const idp of adoptable) {
            const ids = Object.fromEntries(idp.adopt!.ids.map((id) => [id.field, "not an ID"]));
            const problems = problemsOf({
                host: "https://wandb.example.com",
                idp: idp.name,
                [idp.name]: JSON.stringify({ ...base[idp.name], adopt: ids }),
            });
            assert.deepEqual(
                problems.map((p) => p.slice(0, p.indexOf(" = "))),
                idp.adopt!.ids.map((id) => `wandb-sso:${idp.name}.adopt.${id.field}`),
                idp.name,
            );
        }
    });

    it("hands the checked IDs to the component's settings", () => {
        const config = readStackConfig(
            raw({
                host: "https://wandb.example.com",
                idp: "okta",
                okta: JSON.stringify({ orgUrl: "https://acme.okta.com", adopt: { appId: "0oa1b2c3d4e5f6g7h8i9" } }),
            }),
        );
        assert.deepEqual((config.idp.settings as { adopt?: unknown }).adopt, { appId: "0oa1b2c3d4e5f6g7h8i9" });
    });
});
