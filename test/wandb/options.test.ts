import { strict as assert } from "node:assert";
import fc from "fast-check";
import { readStackConfig } from "../../src/config";
import { ConfigError } from "../../src/errors";
import { resolveWandbEnv, ssoOptionData, ssoOptionEnv, wandbConfigMapData, wandbEnvReferences } from "../../src/wandb/env";
import { wandbChartValues } from "../../src/wandb/chart";
import type { WandbSsoOptions } from "../../src/wandb/settings";
import { WandbOidc } from "../../src/wandb/wandbOidc";
import { registered } from "../helpers/pulumiMocks";
import { T, client, helmReuseValues, mockedRuntime, resolveEnvRefs } from "../helpers/wandb";
import { wandbOidcEnvNames } from "../plan/planStacks";

const HOST = "https://wandb.example.com";
const ALL_ON: WandbSsoOptions = {
    sessionLengthHours: 168,
    disableSsoProvisioning: true,
    groupClaims: true,
    customScopes: ["groups", "offline_access"],
};
const values = { issuer: "https://idp.example.com", clientId: "cid", authMethod: "pkce", host: HOST };

describe("W&B's SSO options: the variables", () => {
    it("sets each option's variables, under both names where W&B has two", () => {
        assert.deepEqual(ssoOptionEnv(ALL_ON), {
            SESSION_LENGTH: "168",
            GORILLA_SESSION_LENGTH: "168h",
            DISABLE_SSO_PROVISIONING: "true",
            GORILLA_DISABLE_SSO_PROVISIONING: "true",
            GORILLA_ENABLE_SSO_GROUP_CLAIMS: "true",
            GORILLA_ENABLE_SSO_GROUPS_CLAIMS: "true",
            GORILLA_OIDC_CUSTOM_SCOPES: "groups,offline_access",
        });
        // One ConfigMap key per value; the two spellings read the same key.
        assert.deepEqual(ssoOptionData(ALL_ON), {
            SESSION_LENGTH: "168",
            GORILLA_SESSION_LENGTH: "168h",
            DISABLE_SSO_PROVISIONING: "true",
            GORILLA_ENABLE_SSO_GROUP_CLAIMS: "true",
            GORILLA_OIDC_CUSTOM_SCOPES: "groups,offline_access",
        });
    });

    it("sets nothing for options that are unset, false or empty: W&B keeps its defaults", () => {
        assert.deepEqual(ssoOptionEnv({}), {});
        assert.deepEqual(ssoOptionEnv({ disableSsoProvisioning: false, groupClaims: false, customScopes: [] }), {});
        assert.deepEqual(wandbConfigMapData(values), {
            OIDC_CLIENT_ID: "cid",
            OIDC_ISSUER: "https://idp.example.com",
            OIDC_AUTH_METHOD: "pkce",
            GORILLA_CORS_ORIGINS: `${HOST},null`,
        });
    });

    it("orders the references: OIDC settings, secret, options, then LOCAL_RESTORE", () => {
        const refs = wandbEnvReferences({ hasSecret: true, localRestore: true, ...ALL_ON });
        assert.deepEqual(
            refs.map((r) => `${r.name}<-${r.source}:${r.key}`),
            [
                "OIDC_ISSUER<-configMap:OIDC_ISSUER",
                "GORILLA_OIDC_ISSUER<-configMap:OIDC_ISSUER",
                "OIDC_CLIENT_ID<-configMap:OIDC_CLIENT_ID",
                "GORILLA_OIDC_CLIENT_ID<-configMap:OIDC_CLIENT_ID",
                "OIDC_AUTH_METHOD<-configMap:OIDC_AUTH_METHOD",
                "GORILLA_AUTH_METHOD<-configMap:OIDC_AUTH_METHOD",
                "GORILLA_CORS_ORIGINS<-configMap:GORILLA_CORS_ORIGINS",
                "OIDC_SECRET<-secret:OIDC_SECRET",
                "GORILLA_OIDC_SECRET<-secret:OIDC_SECRET",
                "SESSION_LENGTH<-configMap:SESSION_LENGTH",
                "GORILLA_SESSION_LENGTH<-configMap:GORILLA_SESSION_LENGTH",
                "DISABLE_SSO_PROVISIONING<-configMap:DISABLE_SSO_PROVISIONING",
                "GORILLA_DISABLE_SSO_PROVISIONING<-configMap:DISABLE_SSO_PROVISIONING",
                "GORILLA_ENABLE_SSO_GROUP_CLAIMS<-configMap:GORILLA_ENABLE_SSO_GROUP_CLAIMS",
                "GORILLA_ENABLE_SSO_GROUPS_CLAIMS<-configMap:GORILLA_ENABLE_SSO_GROUP_CLAIMS",
                "GORILLA_OIDC_CUSTOM_SCOPES<-configMap:GORILLA_OIDC_CUSTOM_SCOPES",
                "LOCAL_RESTORE<-configMap:LOCAL_RESTORE",
            ],
        );
    });

    const options = fc.record(
        {
            sessionLengthHours: fc.integer({ min: 1, max: 8760 }),
            disableSsoProvisioning: fc.boolean(),
            groupClaims: fc.boolean(),
            customScopes: fc.uniqueArray(fc.constantFrom("groups", "offline_access", "roles", "team:read"), { maxLength: 3 }),
        },
        { requiredKeys: [] },
    );

    /** What a pod of the chart (operator, helm) reads: the chart's own values, then extraEnv against the ConfigMap. */
    const chartEnv = (chart: ReturnType<typeof wandbChartValues<string>>, configMap: Record<string, string>) => ({
        ...resolveEnvRefs(chart.app.extraEnv, { cm: configMap }),
        // templates/api.yaml: GORILLA_SESSION_LENGTH: "{{ .Values.global.auth.sessionLengthHours }}h"
        GORILLA_SESSION_LENGTH: `${chart.global.auth.sessionLengthHours}h`,
    });

    it("gives every target the same options: deployment by reference, the chart's value and references for operator and helm", () => {
        fc.assert(
            fc.property(options, fc.boolean(), (opts, localRestore) => {
                const configMap = wandbConfigMapData({ ...values, ...opts, localRestore });
                // deployment: each reference resolves against the ConfigMap to exactly the option's value.
                const refs = wandbEnvReferences({ hasSecret: false, localRestore, ...opts });
                const env = resolveWandbEnv(refs, configMap, undefined);
                const base = wandbOidcEnvNames(false);
                const extra = Object.fromEntries(Object.entries(env).filter(([name]) => !base.includes(name)));
                assert.deepEqual(extra, { ...ssoOptionEnv(opts), ...(localRestore ? { LOCAL_RESTORE: "true" } : {}) });

                // operator/helm: the session length as the chart's value (W&B's 720 when unset), the rest read from the ConfigMap.
                const chart = wandbChartValues({ ...values, ...opts, localRestore }, { configMapName: "cm" });
                const { SESSION_LENGTH: _a, GORILLA_SESSION_LENGTH: _b, ...rest } = ssoOptionEnv(opts);
                assert.deepEqual(chartEnv(chart, configMap), {
                    GORILLA_AUTH_METHOD: "pkce",
                    GORILLA_CORS_ORIGINS: `${HOST},null`,
                    ...rest,
                    ...(localRestore ? { LOCAL_RESTORE: "true" } : {}),
                    GORILLA_SESSION_LENGTH: `${opts.sessionLengthHours ?? 720}h`,
                });
            }),
        );
    });

    it("helm: `upgrade --reuse-values -f` turns every option and break-glass on and off in one upgrade, with no null anywhere", () => {
        const noNull = (value: unknown): boolean => value !== null && (typeof value !== "object" || Object.values(value).every(noNull));
        fc.assert(
            fc.property(options, fc.boolean(), options, fc.boolean(), (before, restoreBefore, after, restoreAfter) => {
                const old = wandbChartValues({ ...values, ...before, localRestore: restoreBefore }, { configMapName: "cm-old" });
                const next = wandbChartValues({ ...values, ...after, localRestore: restoreAfter }, { configMapName: "cm" });
                assert.ok(noNull(next), "a null in the values");
                // The same keys every time, so the file overwrites every one the release had.
                const merged = helmReuseValues(old, next) as typeof next;
                assert.deepEqual(merged, next);
                const { SESSION_LENGTH: _a, GORILLA_SESSION_LENGTH: _b, ...rest } = ssoOptionEnv(after);
                assert.deepEqual(chartEnv(merged, wandbConfigMapData({ ...values, ...after, localRestore: restoreAfter })), {
                    GORILLA_AUTH_METHOD: "pkce",
                    GORILLA_CORS_ORIGINS: `${HOST},null`,
                    ...rest,
                    ...(restoreAfter ? { LOCAL_RESTORE: "true" } : {}),
                    GORILLA_SESSION_LENGTH: `${after.sessionLengthHours ?? 720}h`,
                });
            }),
        );
    });

    it("helm: the break-glass round trip, on then off, leaves no LOCAL_RESTORE", () => {
        const on = wandbChartValues({ ...values, localRestore: true }, { configMapName: "cm-on" });
        const off = wandbChartValues({ ...values, localRestore: false }, { configMapName: "cm-off" });
        const configMaps = {
            "cm-on": wandbConfigMapData({ ...values, localRestore: true }),
            "cm-off": wandbConfigMapData({ ...values, localRestore: false }),
        };
        const afterOn = helmReuseValues({ global: { host: HOST } }, on) as typeof on;
        assert.equal(resolveEnvRefs(afterOn.app.extraEnv, configMaps).LOCAL_RESTORE, "true");
        const afterOff = helmReuseValues(afterOn, off) as typeof off;
        assert.equal("LOCAL_RESTORE" in resolveEnvRefs(afterOff.app.extraEnv, configMaps), false);
        // The release's own values are untouched.
        assert.equal((afterOff.global as unknown as { host: string }).host, HOST);
    });
});

describe("W&B's SSO options: the stack config (wandb-sso:wandb fields)", () => {
    const dev = { host: HOST, idp: "cognito", cognito: JSON.stringify({ domainPrefix: "wandb-x" }) };
    const read = (wandb: object) => readStackConfig({ values: { ...dev, wandb: JSON.stringify(wandb) }, secretKeys: new Set() });
    const problems = (wandb: object) => {
        try {
            read(wandb);
        } catch (e) {
            assert.ok(e instanceof ConfigError, String(e));
            return e.problems.map((p) => `${p.setting} = ${JSON.stringify(p.value)}: ${p.fix}`);
        }
        assert.fail("expected a ConfigError");
    };

    it("reads the options, and only those given", () => {
        assert.deepEqual(
            read({
                target: "operator",
                sessionLengthHours: 168,
                disableSsoProvisioning: true,
                groupClaims: false,
                customScopes: ["groups"],
            }).wandb,
            {
                target: "operator",
                namespace: "default",
                name: "wandb",
                container: "wandb",
                extraCorsOrigins: [],
                sessionLengthHours: 168,
                disableSsoProvisioning: true,
                groupClaims: false,
                customScopes: ["groups"],
                verifyDeadlineSeconds: 120,
            },
        );
        assert.deepEqual(read({}).wandb, {
            target: "deployment",
            namespace: "default",
            name: "wandb",
            container: "wandb",
            extraCorsOrigins: [],
            verifyDeadlineSeconds: 120,
        });
        assert.equal(read({ sessionLengthHours: "24" }).wandb.sessionLengthHours, 24);
        assert.equal(read({ sessionLengthHours: 8760 }).wandb.sessionLengthHours, 8760);
        assert.equal(read({ verifyDeadlineSeconds: "300" }).wandb.verifyDeadlineSeconds, 300);
    });

    it("names the full key, the value and the fix for every bad option, all at once", () => {
        assert.deepEqual(
            problems({
                target: "helm",
                container: "app",
                sessionLengthHours: 0,
                disableSsoProvisioning: "yes",
                groupClaims: 1,
                customScopes: ["groups", "openid"],
                oidcConfigMap: "on",
            }),
            [
                "wandb-sso:wandb.sessionLengthHours = 0: use a whole number of hours from 1 to 8760 (a year), e.g. 168 for a week (W&B's default is 720)",
                'wandb-sso:wandb.disableSsoProvisioning = "yes": use true or false',
                "wandb-sso:wandb.groupClaims = 1: use true or false",
                'wandb-sso:wandb.customScopes = ["groups","openid"]: W&B always asks for openid, profile, email; list only the extra scopes (remove openid)',
                'wandb-sso:wandb.oidcConfigMap = "on": no version of W&B\'s operator-wandb chart reads global.auth.oidc.oidcConfigMap (it writes the OIDC variables only from global.auth.oidc.clientId, issuer and authMethod, which wandb-sso sets): remove it',
                'wandb-sso:wandb.container = "app": applies only to the deployment target (the helm target\'s chart names its own containers); remove it',
            ],
        );
    });

    for (const [what, wandb, fix] of [
        [
            "a fractional session length",
            { sessionLengthHours: 1.5 },
            "wandb-sso:wandb.sessionLengthHours = 1.5: use a whole number of hours from 1 to 8760",
        ],
        [
            "a negative session length",
            { sessionLengthHours: -24 },
            "wandb-sso:wandb.sessionLengthHours = -24: use a whole number of hours from 1 to 8760",
        ],
        [
            "a session length over a year (1,000,000 and more would render as 1e+06h through Helm and the operator)",
            { sessionLengthHours: 1_000_000 },
            "wandb-sso:wandb.sessionLengthHours = 1000000: use a whole number of hours from 1 to 8760 (a year)",
        ],
        [
            "a session length of a year and an hour",
            { sessionLengthHours: 8761 },
            "wandb-sso:wandb.sessionLengthHours = 8761: use a whole number of hours from 1 to 8760 (a year)",
        ],
        [
            "a session length in words",
            { sessionLengthHours: "a week" },
            'wandb-sso:wandb.sessionLengthHours = "a week": use a whole number of hours',
        ],
        [
            "scopes as one string",
            { customScopes: "groups" },
            'wandb-sso:wandb.customScopes = "groups": use a list of scopes, e.g. ["groups"]',
        ],
        [
            "two scopes in one entry",
            { customScopes: ["groups email"] },
            'wandb-sso:wandb.customScopes = ["groups email"]: "groups email" is not one scope',
        ],
        ["a comma in a scope", { customScopes: ["a,b"] }, 'wandb-sso:wandb.customScopes = ["a,b"]: "a,b" is not one scope'],
        [
            "a repeated scope",
            { customScopes: ["groups", "groups"] },
            'wandb-sso:wandb.customScopes = ["groups","groups"]: groups is listed twice; list it once',
        ],
        [
            "the ConfigMap mode, whatever the target",
            { target: "operator", oidcConfigMap: true },
            "wandb-sso:wandb.oidcConfigMap = true: no version of W&B's operator-wandb chart reads global.auth.oidc.oidcConfigMap",
        ],
        [
            "a switch-over deadline over an hour",
            { verifyDeadlineSeconds: 7200 },
            "wandb-sso:wandb.verifyDeadlineSeconds = 7200: use a whole number of seconds from 1 to 3600, e.g. 120 (the default)",
        ],
        [
            "an unknown field",
            { sessionLength: 24 },
            'wandb-sso:wandb.sessionLength = "[not shown]": unknown field; the fields are target, namespace, name, container, extraCorsOrigins, sessionLengthHours, disableSsoProvisioning, groupClaims, customScopes, identifierClaims, verifyDeadlineSeconds',
        ],
    ] as const) {
        it(`refuses ${what}`, () => {
            const found = problems(wandb);
            assert.equal(found.length, 1, found.join("\n"));
            assert.ok(found[0]!.startsWith(fix), found[0]);
        });
    }
});

describe("W&B's SSO options on the deployment target (ConfigMap keys read by reference)", () => {
    const runtime = mockedRuntime();

    const ref = (name: string, key: string) => ({ name, valueFrom: { configMapKeyRef: { name: "w-oidc-abc123", key } } });

    it("adds one ConfigMap key per option and references after the OIDC ones", async () => {
        WandbOidc.forClient("w", client(), { host: HOST, namespace: "wandb", ...ALL_ON, customScopes: ["groups", "offline_access"] });
        await registered(runtime.mocks, 3);
        assert.deepEqual(runtime.mocks.one(T.configMap).inputs.data, {
            OIDC_CLIENT_ID: "client-abc",
            OIDC_ISSUER: "https://login.example.com/tenant/v2.0",
            OIDC_AUTH_METHOD: "pkce",
            GORILLA_CORS_ORIGINS: `${HOST},null`,
            SESSION_LENGTH: "168",
            GORILLA_SESSION_LENGTH: "168h",
            DISABLE_SSO_PROVISIONING: "true",
            GORILLA_ENABLE_SSO_GROUP_CLAIMS: "true",
            GORILLA_OIDC_CUSTOM_SCOPES: "groups,offline_access",
        });
        const env = (runtime.mocks.one(T.deploymentPatch).inputs.spec as any).template.spec.containers[0].env as unknown[];
        assert.equal(env.length, 14);
        assert.deepEqual(env.slice(7), [
            ref("SESSION_LENGTH", "SESSION_LENGTH"),
            ref("GORILLA_SESSION_LENGTH", "GORILLA_SESSION_LENGTH"),
            ref("DISABLE_SSO_PROVISIONING", "DISABLE_SSO_PROVISIONING"),
            ref("GORILLA_DISABLE_SSO_PROVISIONING", "DISABLE_SSO_PROVISIONING"),
            ref("GORILLA_ENABLE_SSO_GROUP_CLAIMS", "GORILLA_ENABLE_SSO_GROUP_CLAIMS"),
            ref("GORILLA_ENABLE_SSO_GROUPS_CLAIMS", "GORILLA_ENABLE_SSO_GROUP_CLAIMS"),
            ref("GORILLA_OIDC_CUSTOM_SCOPES", "GORILLA_OIDC_CUSTOM_SCOPES"),
        ]);
        assert.ok(
            (env as { valueFrom?: unknown }[]).every((e) => e.valueFrom !== undefined),
            "a variable is set as a plain value",
        );
    });

    it("each option alone adds only its own variables", async () => {
        const cases: [WandbSsoOptions, string[]][] = [
            [{ sessionLengthHours: 24 }, ["SESSION_LENGTH", "GORILLA_SESSION_LENGTH"]],
            [{ disableSsoProvisioning: true }, ["DISABLE_SSO_PROVISIONING", "GORILLA_DISABLE_SSO_PROVISIONING"]],
            [{ groupClaims: true }, ["GORILLA_ENABLE_SSO_GROUP_CLAIMS", "GORILLA_ENABLE_SSO_GROUPS_CLAIMS"]],
            [{ customScopes: ["groups"] }, ["GORILLA_OIDC_CUSTOM_SCOPES"]],
            [{ identifierClaims: true }, ["GORILLA_USE_IDENTIFIER_CLAIMS"]],
        ];
        for (const [option, names] of cases) {
            runtime.mocks.reset();
            WandbOidc.forClient("w", client(), { host: HOST, ...option, customScopes: option.customScopes && [...option.customScopes] });
            await registered(runtime.mocks, 3);
            const env = (runtime.mocks.one(T.deploymentPatch).inputs.spec as any).template.spec.containers[0].env as { name: string }[];
            assert.deepEqual(
                env.slice(7).map((e) => e.name),
                names,
                JSON.stringify(option),
            );
        }
    });
});
