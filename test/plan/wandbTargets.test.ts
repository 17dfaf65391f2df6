// The offline plan (through the plan CLI's entry, planCli.ts) on the example stacks of the W&B targets:
// stacks/Pulumi.operator.yaml, Pulumi.operator-v2.yaml, Pulumi.helm.yaml and Pulumi.break-glass.yaml.
import { strict as assert } from "node:assert";
import { runPlan, type CliResult } from "./planCli";
import { configMapRef } from "../helpers/wandb";
import { byName } from "./planStacks";

const KAA = "(known after apply)";
const OPERATOR_ISSUER = "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_OpEr4t0r1";
const GUARD = { beforeCreate: ["wandb-verify-switch-over"], beforeUpdate: ["wandb-verify-switch-over"] };
const TAKE_OVER = { beforeCreate: ["wandb-take-over-hand-set"], beforeUpdate: ["wandb-take-over-hand-set"] };
const GUARD_THEN_TAKE_OVER = {
    beforeCreate: ["wandb-verify-switch-over", "wandb-take-over-hand-set"],
    beforeUpdate: ["wandb-verify-switch-over", "wandb-take-over-hand-set"],
};
/** The chart-side variables, every one read from the ConfigMap (its name is known after apply). */
const CHART_ENV = {
    GORILLA_AUTH_METHOD: configMapRef(KAA, "OIDC_AUTH_METHOD"),
    GORILLA_CORS_ORIGINS: configMapRef(KAA, "GORILLA_CORS_ORIGINS"),
    DISABLE_SSO_PROVISIONING: configMapRef(KAA, "DISABLE_SSO_PROVISIONING", true),
    GORILLA_DISABLE_SSO_PROVISIONING: configMapRef(KAA, "DISABLE_SSO_PROVISIONING", true),
    GORILLA_ENABLE_SSO_GROUP_CLAIMS: configMapRef(KAA, "GORILLA_ENABLE_SSO_GROUP_CLAIMS", true),
    GORILLA_ENABLE_SSO_GROUPS_CLAIMS: configMapRef(KAA, "GORILLA_ENABLE_SSO_GROUP_CLAIMS", true),
    GORILLA_OIDC_CUSTOM_SCOPES: configMapRef(KAA, "GORILLA_OIDC_CUSTOM_SCOPES", true),
    GORILLA_USE_IDENTIFIER_CLAIMS: configMapRef(KAA, "GORILLA_USE_IDENTIFIER_CLAIMS", true),
    LOCAL_RESTORE: configMapRef(KAA, "LOCAL_RESTORE", true),
};

describe("npm run plan on the W&B target stacks (operator, operator-v2, helm, break-glass)", function () {
    this.timeout(60_000);
    const runs: Record<string, CliResult> = {};
    const json = (stack: string) => {
        const result = runs[`${stack} --json`]!;
        assert.equal(result.status, 0, result.stderr);
        return JSON.parse(result.stdout);
    };
    const text = (stack: string) => {
        const result = runs[stack]!;
        assert.equal(result.status, 0, result.stderr);
        return result.stdout;
    };
    before(async () => {
        const keys = [
            "operator",
            "operator --json",
            "operator-v2",
            "operator-v2 --json",
            "helm",
            "helm --json",
            "break-glass",
            "break-glass --json",
            "dev",
            "dev --json",
        ];
        const results = await Promise.all(keys.map((key) => runPlan(["--stack", ...key.split(" ")])));
        keys.forEach((key, i) => (runs[key] = results[i]!));
    });

    describe("operator", () => {
        it("patches the WeightsAndBiases resource next to the ConfigMap and Secret", () => {
            assert.deepEqual(
                json("operator").resources.map((r: any) => [r.type, r.name, r.parent]),
                [
                    ["wandb-sso:index:CognitoOidcApp", "wandb-sso", null],
                    ["aws:cognito/userPoolClient:UserPoolClient", "wandb-sso-client", "wandb-sso"],
                    ["wandb-sso:index:WandbOidc", "wandb", null],
                    ["kubernetes:core/v1:ConfigMap", "wandb-oidc", "wandb"],
                    ["kubernetes:core/v1:Secret", "wandb-oidc-secret", "wandb"],
                    ["kubernetes:apps.wandb.com/v1:WeightsAndBiasesPatch", "wandb-operator", "wandb"],
                ],
            );
        });

        it("shows the exact patch: OIDC values, the Secret's name, the options; never the secret", () => {
            const p = json("operator");
            assert.deepEqual(byName(p, "wandb-operator").inputs, {
                apiVersion: "apps.wandb.com/v1",
                kind: "WeightsAndBiases",
                metadata: { annotations: { "pulumi.com/patchForce": "true" }, name: "wandb", namespace: "wandb" },
                spec: {
                    values: {
                        global: {
                            auth: {
                                oidc: {
                                    authMethod: "pkce",
                                    clientId: KAA,
                                    issuer: OPERATOR_ISSUER,
                                    oidcSecret: { name: KAA, secretKey: "OIDC_SECRET" },
                                },
                                sessionLengthHours: 168,
                            },
                        },
                        app: { extraEnv: CHART_ENV },
                        api: { extraEnv: CHART_ENV },
                    },
                },
            });
            assert.deepEqual(byName(p, "wandb-oidc").inputs.data, {
                DISABLE_SSO_PROVISIONING: "true",
                GORILLA_CORS_ORIGINS: "https://wandb.example.com,null",
                GORILLA_SESSION_LENGTH: "168h",
                OIDC_AUTH_METHOD: "pkce",
                OIDC_CLIENT_ID: KAA,
                OIDC_ISSUER: OPERATOR_ISSUER,
                SESSION_LENGTH: "168",
            });
            assert.equal(byName(p, "wandb-oidc-secret").inputs.stringData, "[secret]");
            assert.deepEqual(p.outputs, {
                issuer: OPERATOR_ISSUER,
                clientId: KAA,
                authMethod: "pkce",
                callbackUrl: "https://wandb.example.com/oidc/callback",
                logoutUrl: "https://wandb.example.com",
                clientSecret: "[secret]",
            });
            assert.equal(p.wandbEnv.SESSION_LENGTH, "168");
            assert.equal(p.wandbEnv.OIDC_SECRET, "[secret]");
            assert.ok(
                p.diagnostics.some((d: string) =>
                    d.startsWith(
                        "info: WeightsAndBiases wandb/wandb (apps.wandb.com/v1): wandb-sso owns spec.values global.auth.sessionLengthHours",
                    ),
                ),
            );
            assert.ok(
                p.diagnostics.some((d: string) => d.startsWith("info: App client replacement: aws:cognito/userPoolClient:UserPoolClient")),
            );
            assert.equal(
                p.diagnostics.some((d: string) => d.startsWith("warning:")),
                false,
            );
        });

        it("prints the patch in the tree, with the guard that checks the IdP before it", () => {
            const lines = text("operator").split("\n");
            for (const line of [
                "+ wandb-sso:index:WandbOidc  wandb",
                // Protected like the app registration: deleting it takes W&B's OIDC settings away.
                "    + kubernetes:apps.wandb.com/v1:WeightsAndBiasesPatch  wandb-operator  [protected]",
                "          hooks beforeCreate, beforeUpdate: wandb-verify-switch-over (in pulumi up: the verify checks against the live IdP with the new settings; a failure stops W&B from being re-pointed)",
                "                      secretKey: OIDC_SECRET",
                "                  sessionLengthHours: 168",
            ]) {
                assert.ok(lines.includes(line), `missing line: ${line}`);
            }
            assert.equal(text("operator").includes("!! Warnings"), false);
        });
    });

    describe("operator-v2", () => {
        it("reads the installed CRD and the resource, and patches the v2 resource's own OIDC fields, selectors into the one Secret", () => {
            const p = json("operator-v2");
            assert.deepEqual(
                p.resources.map((r: any) => [r.type, r.name, r.parent, r.read]),
                [
                    ["wandb-sso:index:ExistingOidcApp", "wandb-sso", null, undefined],
                    ["wandb-sso:index:WandbOidc", "wandb", null, undefined],
                    // Read in the cluster before anything is created: offline, what they hold is unknown.
                    [
                        "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition",
                        "wandb-crd",
                        "wandb",
                        "weightsandbiases.apps.wandb.com",
                    ],
                    ["kubernetes:apps.wandb.com/v2:WeightsAndBiases", "wandb-live", "wandb", "wandb/wandb"],
                    ["kubernetes:core/v1:ConfigMap", "wandb-oidc", "wandb", undefined],
                    ["kubernetes:core/v1:Secret", "wandb-oidc-secret", "wandb", undefined],
                    ["kubernetes:apps.wandb.com/v2:WeightsAndBiasesPatch", "wandb-operator-v2", "wandb", undefined],
                    ["kubernetes:apps.wandb.com/v2:WeightsAndBiasesPatch", "wandb-operator-v2-env", "wandb", undefined],
                ],
            );
            const selector = (key: string) => ({ key, name: KAA });
            // api/v2/weightsandbiases_types.go (wandb/operator v2.0.0-beta.3): OidcSpec, LegacyOverrides. The
            // provisioning switch and the env list depend on the installed CRD and the live resource.
            assert.deepEqual(byName(p, "wandb-operator-v2").inputs, {
                apiVersion: "apps.wandb.com/v2",
                kind: "WeightsAndBiases",
                metadata: {
                    annotations: { "pulumi.com/patchForce": "true", "wandb-sso/oidc-secret": KAA },
                    name: "wandb",
                    namespace: "wandb",
                },
                spec: {
                    wandb: {
                        oidc: {
                            issuerUrl: selector("OIDC_ISSUER"),
                            clientId: selector("OIDC_CLIENT_ID"),
                            authMethod: selector("OIDC_AUTH_METHOD"),
                            sessionLength: "168h",
                        },
                        security: KAA,
                    },
                },
            });
            assert.deepEqual(byName(p, "wandb-operator-v2-env").inputs, {
                apiVersion: "apps.wandb.com/v2",
                kind: "WeightsAndBiases",
                metadata: { annotations: { "pulumi.com/patchForce": "true" }, name: "wandb", namespace: "wandb" },
                spec: { wandb: { legacyOverrides: { global: { env: KAA } } } },
            });
            assert.deepEqual(byName(p, "wandb-operator-v2").hooks, GUARD);
            assert.deepEqual(byName(p, "wandb-operator-v2-env").hooks, GUARD);
            assert.ok(
                p.diagnostics.some((d: string) =>
                    d.startsWith("info: WeightsAndBiases wandb/wandb (apps.wandb.com/v2): wandb-sso owns spec.wandb.oidc"),
                ),
            );
            assert.equal("helmValues" in p.outputs, false);
            assert.match(text("operator-v2"), /^Resources: 6 to create, 2 read \(known only in the cluster\)$/m);
            assert.match(
                text("operator-v2"),
                /^ {4}> kubernetes:apps\.wandb\.com\/v2:WeightsAndBiases {2}wandb-live {2}read wandb\/wandb$/m,
            );
        });
    });

    describe("helm", () => {
        it("changes no workload and exports the chart values as helmValues", () => {
            const p = json("helm");
            assert.deepEqual(
                p.resources.map((r: any) => [r.type, r.name, r.parent]),
                [
                    ["wandb-sso:index:ExistingOidcApp", "wandb-sso", null],
                    ["wandb-sso:index:WandbOidc", "wandb", null],
                    ["kubernetes:core/v1:ConfigMap", "wandb-oidc", "wandb"],
                ],
            );
            // wandb-sso does not run the helm upgrade: the guard is on the object the values name.
            assert.deepEqual(byName(p, "wandb-oidc").hooks, GUARD);
            assert.deepEqual(p.outputs.helmValues, {
                global: {
                    auth: {
                        sessionLengthHours: 720,
                        oidc: {
                            clientId: "0oa1bcdefGHIJKLmn2p3",
                            issuer: "https://acme.okta.com/oauth2/default",
                            authMethod: "pkce",
                            oidcSecret: { name: "", secretKey: "OIDC_SECRET" },
                        },
                    },
                },
                app: { extraEnv: CHART_ENV },
                api: { extraEnv: CHART_ENV },
            });
            assert.deepEqual(byName(p, "wandb-oidc").inputs.data, {
                GORILLA_CORS_ORIGINS: "https://notebooks.example.com,https://wandb.example.com,null",
                GORILLA_ENABLE_SSO_GROUP_CLAIMS: "true",
                GORILLA_OIDC_CUSTOM_SCOPES: "groups",
                OIDC_AUTH_METHOD: "pkce",
                OIDC_CLIENT_ID: "0oa1bcdefGHIJKLmn2p3",
                OIDC_ISSUER: "https://acme.okta.com/oauth2/default",
            });
            assert.ok(
                p.diagnostics.some((d: string) =>
                    d.includes("helm upgrade wandb wandb/operator-wandb -n wandb --reuse-values -f wandb-sso-values.json"),
                ),
            );
        });

        it("prints helmValues among the outputs, as the YAML helm upgrade -f takes", () => {
            const lines = text("helm").split("\n");
            const start = lines.findIndex((l) => /^ {4}helmValues {3}\(the values for `helm upgrade --reuse-values -f`/.test(l));
            assert.ok(start > 0, "the helmValues line");
            for (const [i, line] of [
                "        global:",
                "          auth:",
                "            sessionLengthHours: 720",
                "            oidc:",
                "              clientId: 0oa1bcdefGHIJKLmn2p3",
            ].entries()) {
                assert.equal(lines[start + 1 + i], line);
            }
        });
    });

    describe("break-glass", () => {
        const warning =
            "warning: BREAK-GLASS IS ON (localRestore: true): SSO is OFF on W&B. LOCAL_RESTORE=true is set on Deployment wandb/wandb (container wandb), which rolls its pods. " +
            "Nobody signs in through the identity provider while it is on. Once the new W&B pod has started, it prints a temporary admin password in its log: " +
            "`kubectl logs -n wandb deployment/wandb -c wandb | grep -i password`. " +
            "Sign in with it and fix SSO, then turn SSO back on: remove the flag (`pulumi config rm wandb-sso:localRestore`) and run `pulumi up`.";

        it("sets LOCAL_RESTORE by reference, exports breakGlass: true and collects the warning", () => {
            const p = json("break-glass");
            assert.equal(p.outputs.breakGlass, true);
            assert.equal(p.wandbEnv.LOCAL_RESTORE, "true");
            assert.equal(byName(p, "wandb-oidc").inputs.data.LOCAL_RESTORE, "true");
            const env = byName(p, "wandb-deployment").inputs.spec.template.spec.containers[0].env;
            assert.deepEqual(env.at(-1), {
                name: "LOCAL_RESTORE",
                valueFrom: { configMapKeyRef: { key: "LOCAL_RESTORE", name: KAA } },
            });
            assert.deepEqual(
                p.diagnostics.filter((d: string) => d.startsWith("warning:")),
                [warning],
            );
            // SSO is off: nothing to check before the switch, and the plan says so (the takeover of
            // variables set by hand is still bound to the patch).
            assert.deepEqual(
                p.resources.filter((r: any) => r.hooks !== undefined).map((r: any) => [r.type, r.hooks]),
                [["kubernetes:apps/v1:DeploymentPatch", TAKE_OVER]],
            );
            assert.ok(
                p.diagnostics.includes(
                    "info: the switch-over check is skipped while break-glass is on: SSO is off, so W&B logs nobody in through the IdP",
                ),
            );
        });

        it("prints the warning first, before the resources, and again among the diagnostics", () => {
            const lines = text("break-glass").split("\n");
            assert.deepEqual(lines.slice(1, 4), ["", "!! Warnings (read before `pulumi up`):", `!! ${warning}`]);
            assert.ok(lines.includes(`    ${warning}`));
            assert.ok(lines.includes("    breakGlass   true"));
        });

        it("the dev stack: the guard on the ConfigMap and the Deployment patch, never on the IdP's app", () => {
            const p = json("dev");
            assert.deepEqual(
                p.resources.filter((r: any) => r.hooks !== undefined).map((r: any) => [r.type, r.hooks]),
                [
                    ["kubernetes:core/v1:ConfigMap", GUARD],
                    ["kubernetes:apps/v1:DeploymentPatch", GUARD_THEN_TAKE_OVER],
                ],
            );
        });

        it("the dev stack (break-glass off) has no warning and no breakGlass output", () => {
            const out = text("dev");
            assert.equal(out.includes("!! Warnings"), false);
            assert.equal(out.includes("breakGlass"), false);
            assert.equal(out.includes("LOCAL_RESTORE"), false);
        });
    });
});
