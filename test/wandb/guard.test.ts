// The switch-over guard on the W&B side: which resource carries the hooks for each target (under
// mocks, through the resource options the SDK passes to transformations), when there are none, and
// the bound hook's callback itself against a real OpenID provider (oidc-provider) on 127.0.0.1.
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { readStackConfig } from "../../src/config";
import { buildStack } from "../../src/stack";
import { GUARD_BREAK_GLASS_NOTE, GUARD_OFF_WARNING, guardHookName } from "../../src/wandb/guard";
import { WandbOidc, type WandbOidcArgs } from "../../src/wandb/wandbOidc";
import { takeOverHookName } from "../../src/wandb/targets/takeover";
import { valueOf } from "../helpers/pulumiMocks";
import { SECRET_VALUE, T, client, mockedRuntime, recorder } from "../helpers/wandb";
import fs from "node:fs";
import { issueServerCert, makeCa, tempDir, type TestCa } from "../helpers/testCa";
import { CALLBACK, PKCE_CLIENT, startProvider, WANDB_HOST, type RunningProvider } from "../verify/servers";
import { problemsOf } from "../helpers/stackConfig";

const HOST = "https://wandb.example.com";

/** The hooks bound to each resource a component registered, by type: `{ beforeCreate: [names] }`. */
async function hooksOf(args: Partial<WandbOidcArgs>): Promise<Record<string, Record<string, string[]>>> {
    const rec = recorder();
    const wandb = WandbOidc.forClient(
        "w",
        client({ secret: SECRET_VALUE }),
        { host: HOST, namespace: "wandb", ...args },
        { transformations: [rec.transformation] },
    );
    await valueOf(wandb.env);
    const bound: Record<string, Record<string, string[]>> = {};
    for (const r of rec.records) {
        const hooks = r.opts.hooks as Record<string, pulumi.ResourceHook[]> | undefined;
        if (hooks) bound[r.type] = Object.fromEntries(Object.entries(hooks).map(([kind, list]) => [kind, list.map((h) => h.name)]));
    }
    return bound;
}

const GUARD = { beforeCreate: [guardHookName("w")], beforeUpdate: [guardHookName("w")] };
/** The deployment target's takeover of variables set by hand, bound to its patch after the guard, whatever the guard. */
const TAKE_OVER = { beforeCreate: [takeOverHookName("w")], beforeUpdate: [takeOverHookName("w")] };
const GUARD_THEN_TAKE_OVER = {
    beforeCreate: [guardHookName("w"), takeOverHookName("w")],
    beforeUpdate: [guardHookName("w"), takeOverHookName("w")],
};

describe("the switch-over guard: bound to what re-points W&B", () => {
    const runtime = mockedRuntime();

    // The new ConfigMap and Secret carry it for every target: a check that fails before they are
    // created leaves no replacement pending, so the objects W&B still reads are not deleted by the
    // next update (the real engine deletes a replaced original first). The patch carries it too.
    const settingsObjects = { [T.configMap]: GUARD, [T.secret]: GUARD };
    const cases: [WandbOidcArgs["target"], Record<string, Record<string, string[]>>][] = [
        ["deployment", { ...settingsObjects, [T.deploymentPatch]: GUARD_THEN_TAKE_OVER }],
        ["operator", { ...settingsObjects, [T.operatorPatch]: GUARD }],
        ["operator-v2", { ...settingsObjects, [T.operatorV2Patch]: GUARD }],
        // wandb-sso does not run the helm upgrade: the objects the values name carry it.
        ["helm", settingsObjects],
    ];
    for (const [target, expected] of cases) {
        it(`${target}: beforeCreate and beforeUpdate on exactly ${Object.keys(expected).join(" and ")}`, async () => {
            assert.deepEqual(await hooksOf({ target }), expected);
            assert.deepEqual(runtime.logs.warnings(), []);
        });
    }

    it("none with verify: false, and a warning that W&B is switched without a check", async () => {
        for (const [target] of cases) {
            runtime.logs.lines.length = 0;
            const unguarded = target === "deployment" ? { [T.deploymentPatch]: TAKE_OVER } : {};
            assert.deepEqual(await hooksOf({ target, verify: false }), unguarded, target);
            assert.deepEqual(runtime.logs.warnings(), [`warning: ${GUARD_OFF_WARNING}`], target);
        }
    });

    it("none while break-glass is on (SSO is off), with a note", async () => {
        assert.deepEqual(await hooksOf({ localRestore: true }), { [T.deploymentPatch]: TAKE_OVER });
        assert.ok(runtime.logs.lines.includes(`info: ${GUARD_BREAK_GLASS_NOTE}`));
    });

    it("refuses a verify that is not a boolean, registering nothing", () => {
        assert.throws(
            () => WandbOidc.forClient("w", client(), { host: HOST, verify: "yes" as unknown as boolean }),
            /verify = "yes": use true or false/,
        );
        assert.deepEqual(runtime.mocks.resources, []);
    });

    it("never on the IdP's app registration: the stack's IdP resources carry no hook", async () => {
        const rec = recorder();
        const config = readStackConfig({
            values: {
                host: HOST,
                idp: "cognito",
                cognito: JSON.stringify({ domainPrefix: "wandb-x" }),
                wandb: JSON.stringify({ namespace: "wandb" }),
            },
            secretKeys: new Set(),
        });
        await pulumi.runtime.runInPulumiStack(async () => {
            pulumi.runtime.registerStackTransformation(rec.transformation);
            const { outputs } = buildStack(config);
            await valueOf(outputs.callbackUrl);
            return {};
        });
        const withHooks = rec.records.filter((r) => r.opts.hooks !== undefined).map((r) => r.type);
        assert.deepEqual(withHooks, [T.configMap, T.deploymentPatch]);
    });
});

describe("the stack key wandb-sso:verify", () => {
    const stack = { host: HOST, idp: "cognito", cognito: JSON.stringify({ domainPrefix: "wandb-x" }) };

    it("defaults to true, reads false, refuses anything else with the fix", () => {
        assert.equal(readStackConfig({ values: stack, secretKeys: new Set() }).verify, true);
        assert.equal(readStackConfig({ values: { ...stack, verify: "false" }, secretKeys: new Set() }).verify, false);
        assert.deepEqual(problemsOf({ ...stack, verify: "maybe" }), ['wandb-sso:verify = "maybe": use true or false']);
    });
});

describe("the bound hook's callback, against a real OpenID provider on 127.0.0.1", function () {
    this.timeout(20_000);
    const runtime = mockedRuntime();
    let idp: RunningProvider;
    before(async () => {
        idp = await startProvider({
            clients: [
                {
                    client_id: "wandb",
                    token_endpoint_auth_method: "none",
                    redirect_uris: [CALLBACK],
                    response_types: ["code"],
                    grant_types: ["authorization_code"],
                },
            ],
        });
    });
    after(() => idp.close());

    /** The guard's hook, as the engine would call it before the Deployment patch is created. */
    async function guardFor(host: string, clientId = "wandb") {
        const rec = recorder();
        const app = {
            issuer: pulumi.output(idp.issuer),
            clientId: pulumi.output(clientId),
            authMethod: pulumi.output("pkce" as const),
        };
        const wandb = WandbOidc.forClient("w", app, { host, verifyDeadlineSeconds: 2 }, { transformations: [rec.transformation] });
        await valueOf(wandb.env);
        const hook = (rec.of(T.deploymentPatch).opts.hooks as { beforeCreate: pulumi.ResourceHook[] }).beforeCreate[0]!;
        return () =>
            hook.callback({
                urn: "urn:pulumi:test::wandb-sso::patch::w-deployment",
                id: "",
                name: "w-deployment",
                type: T.deploymentPatch,
            });
    }

    it("passes for the app registered with W&B's callback, and says so", async () => {
        await (
            await guardFor(WANDB_HOST)
        )();
        assert.ok(
            runtime.logs.lines.some((l) =>
                l.startsWith("info: switch-over check passed (at once): W&B is re-pointed at the new OIDC settings"),
            ),
        );
    });

    it("fails, naming the check and its fix, when the new host's callback is not registered: W&B keeps its old settings", async () => {
        await assert.rejects(
            guardFor("https://wandb.other.example.com").then((run) => run()),
            (e: Error) => {
                assert.match(e.message, /^wandb-sso: W&B was not switched to the new OIDC settings: 1 check failed after 1 attempt/);
                assert.match(
                    e.message,
                    /authorization request: .*\n {4}fix: register https:\/\/wandb\.other\.example\.com\/oidc\/callback as a sign-in redirect URI of the app/,
                );
                assert.match(e.message, /W&B keeps its old OIDC settings\. .*`wandb-sso:verify false`/);
                return true;
            },
        );
    });
});

describe("the bound hook's callback trusts WandbOidc's caCerts: an IdP behind a private CA", function () {
    this.timeout(20_000);
    mockedRuntime();
    let dir: string;
    let ca: TestCa;
    let idp: RunningProvider;
    before(async () => {
        dir = tempDir();
        ca = makeCa("Guard Test Root CA", dir);
        idp = await startProvider({ clients: [PKCE_CLIENT], tls: issueServerCert(ca) });
    });
    after(async () => {
        await idp?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    /** The guard bound to the Deployment patch of a WandbOidc with `caCerts`, called as the engine would. */
    async function guardWith(caCerts: string[] | undefined): Promise<void> {
        const rec = recorder();
        const app = {
            issuer: pulumi.output(idp.issuer),
            clientId: pulumi.output(PKCE_CLIENT.client_id),
            authMethod: pulumi.output("pkce" as const),
        };
        const wandb = WandbOidc.forClient(
            "w",
            app,
            { host: WANDB_HOST, verifyDeadlineSeconds: 2, ...(caCerts && { caCerts }) },
            { transformations: [rec.transformation] },
        );
        await valueOf(wandb.env);
        const hook = (rec.of(T.deploymentPatch).opts.hooks as { beforeCreate: pulumi.ResourceHook[] }).beforeCreate[0]!;
        await hook.callback({
            urn: "urn:pulumi:test::wandb-sso::patch::w-deployment",
            id: "",
            name: "w-deployment",
            type: T.deploymentPatch,
        });
    }

    it("passes with the CA in caCerts", async () => {
        await guardWith([ca.cert]);
    });

    it("fails without it, naming the unknown authority and the fix", async () => {
        await assert.rejects(guardWith(undefined), (e: Error) => {
            assert.match(e.message, /is signed by an unknown authority: its CA is not among the system's roots/);
            assert.match(
                e.message,
                /fix: set wandb-sso:caCerts \(or --ca-file\) to the certificate of the CA that signed the IdP's certificate: CN=Guard Test Root CA/,
            );
            return true;
        });
    });
});
