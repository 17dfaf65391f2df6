// Changes that never lock users out. What the mock runtime can show: the names a changed value
// produces, what each input depends on, and the resource options given to Pulumi. What it cannot
// show is the engine's step order; that follows from those options and dependencies (Pulumi replaces
// create-before-delete unless deleteBeforeReplace is set, updates dependents of the new object, and
// deletes the replaced object last).
import { strict as assert } from "node:assert";
import { readStackConfig } from "../../src/config";
import { cognitoStackConfig } from "../helpers/stackConfig";
import { CognitoOidcApp } from "../../providers/cognito";
import { buildStack } from "../../src/stack";
import { clientReplacementNote } from "../../src/wandb/lockout";
import { IDPS } from "../../src/idps";
import { WandbOidc, type WandbOidcArgs } from "../../src/wandb/wandbOidc";
import type { WandbTarget } from "../../src/wandb/settings";
import { registered, valueOf, type MockRuntime } from "../helpers/pulumiMocks";
import { CONTENT_NAMED, T, client, dependenciesOf, recorder, mockedRuntime, v2Patch } from "../helpers/wandb";

const HOST = "https://wandb.example.com";

/** The ConfigMap and Secret names each kind of workload reads. */
function pointersOf(mocks: MockRuntime, target: WandbTarget, values?: any): { configMap?: string; secret?: string } {
    if (target === "deployment") {
        const env = (mocks.one(T.deploymentPatch).inputs.spec as any).template.spec.containers[0].env as any[];
        return {
            configMap: env.find((e) => e.valueFrom.configMapKeyRef)?.valueFrom.configMapKeyRef.name,
            secret: env.find((e) => e.valueFrom.secretKeyRef)?.valueFrom.secretKeyRef.name,
        };
    }
    if (target === "operator-v2") {
        const env = (v2Patch(mocks, "env").inputs.spec as any).wandb.legacyOverrides.global.env;
        const oidc = (v2Patch(mocks, "selectors").inputs.spec as any).wandb.oidc;
        return { configMap: env[0].valueFrom.configMapKeyRef.name, secret: oidc.issuerUrl.name };
    }
    const chart = target === "operator" ? (mocks.one(T.operatorPatch).inputs.spec as any).values : values;
    return {
        configMap: chart.app.extraEnv.GORILLA_CORS_ORIGINS.valueFrom.configMapKeyRef.name,
        secret: chart.global.auth.oidc.oidcSecret.name || undefined,
    };
}

describe("a changed value: a new ConfigMap/Secret pair first, then the workload re-pointed", () => {
    // Content-named objects: a replacement's new auto-name, here derived from the data.
    const runtime = mockedRuntime({ outputs: CONTENT_NAMED });

    async function deploy(target: WandbTarget, args: { clientId?: string; secret?: string }) {
        runtime.mocks.reset();
        const wandb = WandbOidc.forClient("w", client(args), { host: HOST, target, namespace: "wandb" });
        const values = wandb.chartValues && (await valueOf(wandb.chartValues));
        // The component and its ConfigMap, the Secret when there is one (always for v2), and what re-points W&B.
        const secret = args.secret !== undefined || target === "operator-v2";
        await registered(runtime.mocks, 2 + (secret ? 1 : 0) + (target === "helm" ? 0 : 1));
        return {
            configMap: await valueOf(wandb.configMapName),
            secret: wandb.secretName && (await valueOf(wandb.secretName)),
            pointers: pointersOf(runtime.mocks, target, values),
        };
    }

    for (const target of ["deployment", "operator", "operator-v2", "helm"] as const) {
        it(`${target}: a new client ID makes a new ConfigMap, and W&B is pointed at it`, async () => {
            const before = await deploy(target, { clientId: "client-old" });
            const after = await deploy(target, { clientId: "client-new" });
            assert.notEqual(after.configMap, before.configMap);
            assert.equal(before.pointers.configMap, before.configMap);
            assert.equal(after.pointers.configMap, after.configMap);
        });

        it(`${target}: a rotated secret makes a new Secret from the new value, and W&B is pointed at it`, async () => {
            const before = await deploy(target, { secret: "secret-one" });
            const after = await deploy(target, { secret: "secret-two" });
            assert.notEqual(after.secret, before.secret);
            assert.equal(after.configMap, before.configMap, "the ConfigMap does not change with the secret");
            if (target === "operator-v2") {
                // v2's selectors read issuer and client ID from the Secret too: a new client ID makes a new Secret.
                const renamed = await deploy(target, { secret: "secret-two", clientId: "client-new" });
                assert.notEqual(renamed.secret, after.secret);
                assert.equal(renamed.pointers.secret, renamed.secret);
            }
            assert.equal(before.pointers.secret, before.secret);
            assert.equal(after.pointers.secret, after.secret);
            assert.ok(
                !JSON.stringify(runtime.mocks.resources.filter((r) => r.type !== T.secret).map((r) => r.inputs)).includes("secret-two"),
            );
        });
    }
});

describe("the resource options and dependencies behind create-before-delete", () => {
    mockedRuntime();

    const build = async (args: Partial<WandbOidcArgs>) => {
        const rec = recorder();
        const wandb = WandbOidc.forClient(
            "w",
            client({ secret: "s3cr3t-value" }),
            { host: HOST, namespace: "wandb", ...args },
            { transformations: [rec.transformation] },
        );
        await valueOf(wandb.env);
        return rec;
    };

    it("protects what re-points W&B (its deletion takes W&B's OIDC settings away), never the ConfigMap or Secret", async () => {
        for (const [target, type, name] of [
            ["deployment", T.deploymentPatch, undefined],
            ["operator", T.operatorPatch, undefined],
            ["operator-v2", T.operatorV2Patch, "w-operator-v2"],
            ["operator-v2", T.operatorV2Patch, "w-operator-v2-env"],
        ] as const) {
            const rec = await build({ target });
            assert.equal(rec.of(type, name).opts.protect, true, `${target}: the patch is not protected by default`);
            assert.equal(rec.of(T.configMap).opts.protect, false, `${target}: the ConfigMap is protected`);
            const off = await build({ target, protect: false });
            assert.equal(off.of(type, name).opts.protect, false, `${target}: protect false still protects the patch`);
        }
    });

    it("ConfigMap and Secret: immutable, replaced on any data change, never delete-before-replace", async () => {
        for (const target of ["deployment", "operator", "operator-v2", "helm"] as const) {
            const rec = await build({ target });
            const configMap = rec.of(T.configMap);
            const secret = rec.of(T.secret);
            assert.equal(configMap.props.immutable, true);
            assert.equal(secret.props.immutable, true);
            assert.equal(configMap.opts.deleteBeforeReplace, false, target);
            assert.equal(secret.opts.deleteBeforeReplace, false, target);
            assert.deepEqual(configMap.opts.replaceOnChanges, ["data"]);
            assert.deepEqual(secret.opts.replaceOnChanges, ["data", "stringData"]);
            // Only the helm target keeps replaced objects: wandb-sso does not run the helm upgrade.
            assert.equal(configMap.opts.retainOnDelete, target === "helm" ? true : undefined, target);
            assert.equal(secret.opts.retainOnDelete, target === "helm" ? true : undefined, target);
            // Auto-named: Pulumi names each replacement anew, so old and new exist side by side.
            assert.equal(configMap.props.metadata.name, undefined);
            assert.equal(secret.props.metadata.name, undefined);
        }
    });

    it("deployment: the patch's references depend on the ConfigMap and Secret they name", async () => {
        const rec = await build({ target: "deployment" });
        const patch = rec.of(T.deploymentPatch);
        assert.notEqual(patch.opts.deleteBeforeReplace, true);
        const env = patch.props.spec.template.spec.containers[0].env as any[];
        const cmRef = env.find((e) => e.name === "OIDC_CLIENT_ID").valueFrom.configMapKeyRef.name;
        const secretRef = env.find((e) => e.name === "OIDC_SECRET").valueFrom.secretKeyRef.name;
        assert.ok(dependenciesOf(cmRef).has(rec.of(T.configMap).resource), "the ConfigMap reference does not depend on the ConfigMap");
        assert.ok(dependenciesOf(secretRef).has(rec.of(T.secret).resource), "the Secret reference does not depend on the Secret");
    });

    it("operator: the patch's oidcSecret and extraEnv references depend on the objects they name", async () => {
        const rec = await build({ target: "operator" });
        const patch = rec.of(T.operatorPatch);
        assert.notEqual(patch.opts.deleteBeforeReplace, true);
        const chart = patch.props.spec.values;
        for (const entry of [...Object.values<any>(chart.app.extraEnv), ...Object.values<any>(chart.api.extraEnv)]) {
            assert.ok(dependenciesOf(entry.valueFrom.configMapKeyRef.name).has(rec.of(T.configMap).resource));
        }
        assert.ok(dependenciesOf(chart.global.auth.oidc.oidcSecret.name).has(rec.of(T.secret).resource));
    });

    it("operator-v2: the selectors' patch depends on the Secret, the env list's on the ConfigMap, and the env list stays when removed", async () => {
        const rec = await build({ target: "operator-v2" });
        const selectors = rec.of(T.operatorV2Patch, "w-operator-v2");
        const env = rec.of(T.operatorV2Patch, "w-operator-v2-env");
        assert.notEqual(selectors.opts.deleteBeforeReplace, true);
        assert.notEqual(env.opts.deleteBeforeReplace, true);
        for (const field of ["issuerUrl", "clientId", "authMethod", "clientSecret"]) {
            assert.ok(dependenciesOf(selectors.props.spec.wandb.oidc[field].name).has(rec.of(T.secret).resource), field);
        }
        // The env list is one output (it also carries the entries of others the live resource holds), made from the ConfigMap's name.
        assert.ok(dependenciesOf(env.props.spec.wandb.legacyOverrides.global.env).has(rec.of(T.configMap).resource));
        // Relinquishing a list taken over from another manager would leave `global: null`, which the CRD refuses (test/e2e).
        assert.equal(env.opts.retainOnDelete, true);
        assert.equal(selectors.opts.retainOnDelete, undefined);
    });
});

describe("the app registration: protected, and what replaces its client", () => {
    const runtime = mockedRuntime();

    it("wandb-sso:protect defaults to true", () => {
        const config = readStackConfig({
            values: { host: HOST, idp: "cognito", cognito: JSON.stringify({ domainPrefix: "wandb-x" }) },
            secretKeys: new Set(),
        });
        assert.equal(config.protect, true);
    });

    it("Cognito: pool, domain and app client are protected by default, and not with protect: false", async () => {
        for (const protect of [undefined, false]) {
            const rec = recorder();
            const app = new CognitoOidcApp(
                "a",
                { host: HOST, domainPrefix: "wandb-x", ...(protect !== undefined && { protect }) },
                { transformations: [rec.transformation] },
            );
            await valueOf(app.clientId);
            for (const type of [
                "aws:cognito/userPool:UserPool",
                "aws:cognito/userPoolDomain:UserPoolDomain",
                "aws:cognito/userPoolClient:UserPoolClient",
            ]) {
                assert.equal(rec.of(type).opts.protect, protect ?? true, `${type} protect=${protect}`);
            }
            assert.equal(rec.of("aws:cognito/userPool:UserPool").props.deletionProtection, protect === false ? "INACTIVE" : "ACTIVE");
        }
    });

    it("names the app-client inputs that replace the client, from the providers' schemas", () => {
        assert.deepEqual(
            IDPS.cognito.replacement!.inputs.map((i) => i.input),
            ["userPoolId", "generateSecret"],
        );
        assert.deepEqual(
            IDPS.keycloak.replacement!.inputs.map((i) => i.input),
            ["realmId"],
        );
        assert.equal(clientReplacementNote(IDPS.existing.replacement, true, "deployment"), undefined);
    });

    it("says what guards a replacement and how W&B follows it, per target", () => {
        const note = clientReplacementNote(IDPS.cognito.replacement, true, "deployment")!;
        assert.equal(
            note,
            "App client replacement: aws:cognito/userPoolClient:UserPoolClient is replaced, which issues a NEW CLIENT ID, when userPoolId " +
                "(wandb-sso:cognito.userPoolId, or a user pool this stack re-creates) or generateSecret (wandb-sso:cognito.generateSecret) changes " +
                "(the plan has no prior state, so it cannot tell whether this update does). wandb-sso:protect is true, so Pulumi refuses that replacement " +
                "(the preview fails: unable to replace resource ... marked for protection) until you set wandb-sso:protect to false for that update. " +
                "A replacement creates the new client first, then a new ConfigMap with the new client ID, re-points W&B, and deletes the old ConfigMap " +
                "and the old client last. The Deployment is re-pointed in the same pulumi up and its pods roll once.",
        );
        assert.match(
            clientReplacementNote(IDPS.cognito.replacement, false, "deployment")!,
            /wandb-sso:protect is false, so such a change replaces the client in the next pulumi up without asking/,
        );
        assert.match(
            clientReplacementNote(IDPS.keycloak.replacement, true, "operator")!,
            /realmId \(wandb-sso:keycloak\.realm\).*the operator then rolls the W&B pods/,
        );
        assert.match(
            clientReplacementNote(IDPS.cognito.replacement, true, "helm")!,
            /W&B keeps the old client ID until you apply the new helmValues \(helm upgrade\): logins fail from the end of that pulumi up until the upgrade/,
        );
    });

    it("the stack prints the note in previews only, where a replacement is decided", async () => {
        const config = cognitoStackConfig(HOST);
        const { outputs } = buildStack(config); // the runtime.mocks run an update (not a preview)
        await valueOf(outputs.clientId);
        assert.equal(
            runtime.logs.lines.some((l) => l.startsWith("info: App client replacement")),
            false,
        );
    });
});

describe("the stack in a preview", () => {
    const runtime = mockedRuntime({ preview: true }, { reset: false });

    it("prints the app-client replacement note", () => {
        buildStack(cognitoStackConfig(HOST));
        assert.deepEqual(
            runtime.logs.lines.filter((l) => l.startsWith("info: App client replacement")),
            [`info: ${clientReplacementNote(IDPS.cognito.replacement, true, "deployment")}`],
        );
    });
});
