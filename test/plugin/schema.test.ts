// What other Pulumi languages see: the schema Pulumi's component provider derives from the
// components' TypeScript types (src/plugin/index.ts; `pulumi package add` generates each language's SDK
// from it). Every component, input and output is described, in the types each language can
// express, and the inputs another resource may produce are inputs, not plain values.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { pluginSchema, type PackageSchema, type SchemaProperty } from "../helpers/componentProvider";

/** A property as one line: `name?: Input<string>`, `target?: WandbTarget`, `env: map<string>`. */
function signature(name: string, property: SchemaProperty, required: readonly string[] | undefined, input: boolean): string {
    // Inside an input, a value that is not plain may be another resource's output: Input<...>.
    const type = (p: SchemaProperty): string =>
        p.$ref !== undefined
            ? p.$ref.slice(p.$ref.lastIndexOf(":") + 1)
            : p.type === "array"
              ? `${input && !p.items!.plain ? `Input<${type(p.items!)}>` : type(p.items!)}[]`
              : p.additionalProperties !== undefined
                ? `map<${type(p.additionalProperties)}>`
                : p.type!;
    const shown = input && !property.plain ? `Input<${type(property)}>` : type(property);
    return `${name}${required?.includes(name) ? "" : "?"}: ${shown}`;
}

function inputsOf(schema: PackageSchema, component: string): string[] {
    const r = schema.resources[`wandb-sso:index:${component}`]!;
    return Object.entries(r.inputProperties).map(([name, p]) => signature(name, p, r.requiredInputs, true));
}

function outputsOf(schema: PackageSchema, component: string): string[] {
    const r = schema.resources[`wandb-sso:index:${component}`]!;
    return Object.entries(r.properties).map(([name, p]) => signature(name, p, r.required, false));
}

const COMMON_INPUTS = ["host: string", "authMethod?: AuthMethod", "protect?: boolean", "teams?: boolean", "teamGroups?: string[]"];
const OIDC_OUTPUTS = [
    "issuer: string",
    "clientId: string",
    "authMethod: AuthMethod",
    "callbackUrl: string",
    "logoutUrl: string",
    "teams: boolean",
];

describe("the plugin's schema, for Python, Go, C#, YAML and Java programs", function () {
    // The analyzer builds a TypeScript program of the package once for the suite.
    this.timeout(60_000);
    let schema: PackageSchema;
    before(async () => {
        schema = await pluginSchema();
    });

    it("serves the seven components as wandb-sso:index:<Class>, each described", () => {
        assert.equal(schema.name, "wandb-sso");
        assert.deepEqual(Object.keys(schema.resources).sort(), [
            "wandb-sso:index:Auth0OidcApp",
            "wandb-sso:index:CognitoOidcApp",
            "wandb-sso:index:EntraOidcApp",
            "wandb-sso:index:ExistingOidcApp",
            "wandb-sso:index:KeycloakOidcApp",
            "wandb-sso:index:OktaOidcApp",
            "wandb-sso:index:WandbOidc",
        ]);
        for (const [token, resource] of Object.entries(schema.resources)) {
            assert.equal(resource.isComponent, true, token);
            assert.ok((resource.description ?? "").length > 40, token);
        }
    });

    it("describes every input and output in words, without a doc-comment link printed as [object Object]", () => {
        assert.ok(!JSON.stringify(schema).includes("[object Object]"));
        const undescribed = Object.entries(schema.resources).flatMap(([token, r]) =>
            [...Object.entries(r.inputProperties), ...Object.entries(r.properties)]
                .filter(([, p]) => !(p.description ?? "").trim())
                .map(([name]) => `${token}.${name}`),
        );
        assert.deepEqual(undescribed, []);
    });

    it("gives each IdP component its arguments, in types every language has", () => {
        assert.deepEqual(inputsOf(schema, "CognitoOidcApp"), [
            "userPoolId?: Input<string>",
            "domainPrefix?: string",
            "generateSecret?: boolean",
            "adopt?: CognitoAdopt",
            ...COMMON_INPUTS,
        ]);
        assert.deepEqual(inputsOf(schema, "OktaOidcApp"), [
            "orgUrl: string",
            "label?: string",
            "authorizationServerId?: string",
            "groupIds?: Input<string>[]",
            "groupsClaim?: OktaGroupsClaim",
            "adopt?: OktaAdopt",
            ...COMMON_INPUTS,
        ]);
        assert.deepEqual(inputsOf(schema, "EntraOidcApp"), [
            "displayName?: string",
            "tenantId?: Input<string>",
            "secretRotationDays?: number",
            "signInAudience?: string",
            "groupMembershipClaims?: string[]",
            "owners?: Input<string>[]",
            "assignmentRequired?: boolean",
            "teamGroupIds?: Input<string>[]",
            "groupNameSource?: EntraGroupNameSource",
            "adopt?: EntraAdopt",
            ...COMMON_INPUTS,
        ]);
        assert.deepEqual(inputsOf(schema, "Auth0OidcApp"), [
            "domain: string",
            "displayName?: string",
            "adopt?: Auth0Adopt",
            ...COMMON_INPUTS,
        ]);
        assert.deepEqual(inputsOf(schema, "KeycloakOidcApp"), [
            "url: string",
            "realm: string",
            "clientId?: string",
            "displayName?: string",
            "groupsClaim?: string",
            "adopt?: KeycloakAdopt",
            ...COMMON_INPUTS,
        ]);
        assert.deepEqual(inputsOf(schema, "ExistingOidcApp"), [
            "issuer: string",
            "clientId: string",
            "clientSecret?: Input<string>",
            ...COMMON_INPUTS,
        ]);
    });

    it("gives each IdP component the outputs WandbOidc takes, and its own", () => {
        const expected: Record<string, string[]> = {
            CognitoOidcApp: ["clientSecret?: string", "userPoolId: string", "hostedUiUrl?: string", "teamsFunctionArn?: string"],
            OktaOidcApp: ["appId: string"],
            EntraOidcApp: ["clientSecret: string", "tenantId: string", "secretEndDate: string", "secretNextRotation: string"],
            Auth0OidcApp: [],
            KeycloakOidcApp: ["groupsClaim?: string"],
            ExistingOidcApp: ["clientSecret?: string"],
        };
        for (const [component, own] of Object.entries(expected)) {
            assert.deepEqual(outputsOf(schema, component).sort(), [...OIDC_OUTPUTS, ...own].sort(), component);
        }
    });

    it("WandbOidc takes the IdP's values as inputs (outputs of another resource), the rest as plain values", () => {
        assert.deepEqual(inputsOf(schema, "WandbOidc"), [
            "host: string",
            "target?: WandbTarget",
            "namespace?: string",
            "name?: string",
            "container?: string",
            "extraCorsOrigins?: string[]",
            "localRestore?: boolean",
            "verify?: boolean",
            "protect?: boolean",
            "verifyDeadlineSeconds?: number",
            "caCerts?: string[]",
            "issuer: Input<string>",
            "clientId: Input<string>",
            "authMethod: Input<AuthMethod>",
            "clientSecret?: Input<string>",
            "teams?: Input<boolean>",
            "sessionLengthHours?: number",
            "disableSsoProvisioning?: boolean",
            "groupClaims?: boolean",
            "customScopes?: string[]",
            "identifierClaims?: boolean",
        ]);
        const inputs = schema.resources["wandb-sso:index:WandbOidc"]!.inputProperties;
        assert.equal(
            inputs.host!.description,
            "The W&B base URL, e.g. https://wandb.example.com; a plain value, known when the program runs.",
        );
        assert.equal(
            inputs.clientSecret!.description,
            "The client secret, only when the IdP issued one (an IdP component's `clientSecret`): a Pulumi\nsecret. A plain string is refused, and so is an output that is not secret or has no value.",
        );
        assert.deepEqual(outputsOf(schema, "WandbOidc"), [
            "env: map<string>",
            "configMapName: string",
            "secretName?: string",
            "localRestore: boolean",
            "target: WandbTarget",
            "chartValues?: WandbChartValues",
            "v2Spec?: WandbV2Spec",
            "caCertsConfigMapName?: string",
        ]);
    });

    it("has the auth methods and W&B targets as enums, and the chart values as named types", () => {
        const values = (token: string) => schema.types[`wandb-sso:index:${token}`]!.enum!.map((e) => `${e.name}=${e.value}`);
        assert.deepEqual(values("AuthMethod"), ["Pkce=pkce", "Implicit=implicit"]);
        assert.deepEqual(values("WandbTarget"), ["Deployment=deployment", "Operator=operator", "OperatorV2=operator-v2", "Helm=helm"]);
        assert.deepEqual(values("EntraGroupNameSource"), ["CloudDisplayName=cloud_displayname", "SamAccountName=sam_account_name"]);
        const oidc = schema.types["wandb-sso:index:WandbChartOidc"]!.properties!;
        assert.deepEqual(Object.keys(oidc), ["clientId", "issuer", "authMethod", "oidcSecret"]);
        // The CA ConfigMap, as operator-wandb's global.caCertsConfigMap and the v2 operator's spec.global.caCertsConfigMap.
        assert.deepEqual(Object.keys(schema.types["wandb-sso:index:WandbChartGlobal"]!.properties!), ["auth", "caCertsConfigMap"]);
        assert.deepEqual(Object.keys(schema.types["wandb-sso:index:WandbV2Spec"]!.properties!), ["wandb", "global"]);
        assert.deepEqual((schema.types["wandb-sso:index:WandbV2Global"] as { required?: string[] }).required, ["caCertsConfigMap"]);
        assert.deepEqual(Object.keys(schema.types["wandb-sso:index:OktaGroupsClaim"]!.properties!).sort(), ["filterRegex", "name"]);
        // An adoption's IDs are plain strings: import IDs are known when the program runs.
        const adopt = (token: string) => {
            const type = schema.types[`wandb-sso:index:${token}`]!;
            return Object.entries(type.properties!).map(([name, p]) => signature(name, p, type.required, false));
        };
        assert.deepEqual(adopt("CognitoAdopt"), ["userPoolId: string", "clientId: string", "domain?: string"]);
        assert.deepEqual(adopt("OktaAdopt"), ["appId: string"]);
        assert.deepEqual(adopt("EntraAdopt"), [
            "applicationObjectId: string",
            "servicePrincipalObjectId: string",
            "adminConsentGrantId?: string",
        ]);
        assert.deepEqual(adopt("Auth0Adopt"), ["clientId: string"]);
        assert.deepEqual(adopt("KeycloakAdopt"), ["clientUuid: string"]);
    });

    it("docs/other-languages.md names only what the schema has", () => {
        const doc = readFileSync(path.join(__dirname, "../../docs/other-languages.md"), "utf8");
        const rows = [...doc.matchAll(/^\| `(\w+)` \| `(wandb-sso:index:\w+)` \| (.*) \|$/gm)];
        assert.equal(rows.length, 7);
        for (const [, component, token, inputs] of rows) {
            assert.equal(token, `wandb-sso:index:${component}`);
            const resource = schema.resources[token]!;
            for (const [, name] of inputs!.matchAll(/`(\w+)`/g)) {
                if (/^[A-Z]/.test(name!)) assert.ok(schema.types[`wandb-sso:index:${name}`], `${component}: type ${name}`);
                else if (!["name", "filterRegex"].includes(name!) || component !== "OktaOidcApp")
                    assert.ok(resource.inputProperties[name!], `${component}: input ${name}`);
            }
        }
    });
});
