// The deployment target reads the live Deployment before anything is created: a variable a tool
// owns, or a container that is not there, fails the component with the refusal and registers none
// of its objects; variables set by hand are announced for takeover; and in preview (the plan),
// where the read's outputs are not known, nothing waits on it.
import { strict as assert } from "node:assert";
import { WandbOidc } from "../../src/wandb/wandbOidc";
import {
    envFields,
    installMocks,
    liveDeployment,
    registered,
    valueOf,
    type LiveManagedFields,
    type MockRuntime,
} from "../helpers/pulumiMocks";
import { captureDiagnostics, type CapturedDiagnostics } from "../../tools/mockRuntime";
import { T, client, quiesce, recorder } from "../helpers/wandb";

const HOST = "https://wandb.example.com";
const LIVE = "kubernetes:apps/v1:Deployment";

describe("WandbOidc, deployment target: the live Deployment", () => {
    let mocks: MockRuntime;
    let logs: CapturedDiagnostics;
    let live: Record<string, unknown>;
    before(async () => {
        mocks = await installMocks({ outputs: { [LIVE]: () => live } });
    });
    beforeEach(() => {
        mocks.reset();
        logs = captureDiagnostics();
    });
    afterEach(async () => {
        await quiesce(mocks);
        logs.stop();
    });

    const handEnv = [
        { name: "HOST", value: "http://127.0.0.1" },
        { name: "OIDC_ISSUER", value: "https://login.example.com/tenant/v2.0" },
        { name: "OIDC_CLIENT_ID", value: "client-abc" },
    ];
    const owned = (manager: string, operation: "Apply" | "Update"): LiveManagedFields[] => [
        { manager: "helm", operation: "Apply", fieldsV1: envFields("wandb", ["HOST"]) },
        { manager, operation, fieldsV1: envFields("wandb", ["OIDC_ISSUER", "OIDC_CLIENT_ID"]) },
    ];

    /** The component's failure, and what reached the monitor besides the component and the read. */
    async function refusal(): Promise<{ message: string; registered: string[] }> {
        const wandb = WandbOidc.forClient("w", client(), { host: HOST, namespace: "wandb" });
        const message = await valueOf(wandb.configMapName).then(
            () => "",
            (err: unknown) => (err as Error).message,
        );
        await quiesce(mocks);
        return { message, registered: mocks.resources.map((r) => r.type) };
    }

    it("refuses variables Helm owns before anything is created: the error names them, the manager and the helm target", async () => {
        live = liveDeployment([{ name: "wandb", env: handEnv }], owned("helm", "Update"));
        const { message, registered: types } = await refusal();
        assert.equal(
            message,
            'WandbOidc "w": Deployment wandb/wandb: target = "deployment": OIDC_ISSUER, OIDC_CLIENT_ID in container wandb are set by Helm (field manager helm), which will set them again on its next run, so wandb-sso will not take them over: use target helm (wandb-sso:wandb.target), which gives the release wandb-sso\'s settings as chart values (the helmValues output) for your next helm upgrade, instead of deployment',
        );
        assert.deepEqual(types, [T.component, LIVE]);
    });

    it("refuses a container the Deployment does not have, naming those it has", async () => {
        live = liveDeployment([{ name: "local" }, { name: "sidecar" }]);
        const { message, registered: types } = await refusal();
        assert.equal(
            message,
            'WandbOidc "w": Deployment wandb/wandb: container = "wandb": the Deployment has no container "wandb"; its containers are local, sidecar: set container (wandb-sso:wandb.container) to the one that runs wandb/local',
        );
        assert.deepEqual(types, [T.component, LIVE]);
    });

    it("reads the Deployment by <namespace>/<name>, its outputs secret (a hand-set value may be the client secret)", async () => {
        live = liveDeployment([{ name: "wandb", env: [...handEnv, { name: "OIDC_SECRET", value: "hand-set-secret" }] }]);
        const rec = recorder();
        const wandb = WandbOidc.forClient("w", client(), { host: HOST, namespace: "wandb" }, { transformations: [rec.transformation] });
        await valueOf(wandb.configMapName);
        await registered(mocks, 4);
        const read = mocks.ofType(LIVE);
        assert.deepEqual(
            read.map((r) => r.read),
            ["wandb/wandb"],
        );
        assert.deepEqual(rec.of(LIVE).opts.additionalSecretOutputs, ["metadata", "spec", "__inputs"]);
        assert.equal(rec.of(LIVE).opts.id, "wandb/wandb");
        // The patch and the ConfigMap wait for the verdict on the read.
        for (const type of [T.configMap, T.deploymentPatch]) assert.ok(rec.of(type).opts.dependsOn !== undefined, type);
    });

    it("announces the takeover of variables set by hand, which the patch's hook then moves", async () => {
        live = liveDeployment([{ name: "wandb", env: handEnv }], owned("kubectl-set", "Update"));
        const wandb = WandbOidc.forClient("w", client(), { host: HOST, namespace: "wandb" });
        await valueOf(wandb.configMapName);
        await registered(mocks, 4);
        assert.deepEqual(
            mocks.resources.map((r) => r.type),
            [T.component, LIVE, T.configMap, T.deploymentPatch],
        );
        assert.ok(
            logs.lines.includes(
                "info: Deployment wandb/wandb, container wandb: OIDC_ISSUER, OIDC_CLIENT_ID were set by hand (kubectl): in pulumi up, wandb-sso takes them over (field ownership moves to wandb-sso-w), then the patch replaces each plain value with its reference, in one rollout",
            ),
            logs.lines.join("\n"),
        );
    });
});

describe("WandbOidc, deployment target, in preview (the read's outputs unknown)", () => {
    let mocks: MockRuntime;
    before(async () => {
        // A read the mock answers with nothing: its outputs stay unknown, as offline.
        mocks = await installMocks({ preview: true, outputs: { [LIVE]: () => ({}) } });
    });

    it("registers everything, waiting on nothing it cannot know", async () => {
        WandbOidc.forClient("w", client(), { host: HOST, namespace: "wandb" });
        await registered(mocks, 4);
        assert.deepEqual(
            mocks.resources.map((r) => r.type),
            [T.component, LIVE, T.configMap, T.deploymentPatch],
        );
        await quiesce(mocks);
    });
});
