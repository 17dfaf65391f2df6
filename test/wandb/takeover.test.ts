// The takeover hook against an API server stand-in on 127.0.0.1 (the kubeconfig the stack names
// points at it): what it reads, the exact JSON patch it sends and its content type, a retry after
// a conflict, and the refusals (another Deployment than the provider read; a tool that took the
// variables meanwhile). Nothing is sent when the read found nothing set by hand.
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { takeOverPatch } from "../../src/wandb/targets/envOwnership";
import { kubeconfigSettings, takeOverHook, type TakeOverPlan } from "../../src/wandb/targets/takeover";
import { envFields, installMocks, liveDeployment } from "../helpers/pulumiMocks";

interface Request {
    readonly method: string;
    readonly url: string;
    readonly contentType?: string;
    readonly body?: unknown;
}

/** A stand-in for the API server's Deployment endpoints: serves `object`, records every request. */
class ApiServer {
    readonly requests: Request[] = [];
    object: Record<string, unknown> = {};
    /** Status codes to answer PATCH requests with, in turn, before answering 200. */
    patchStatuses: number[] = [];
    private server!: Server;

    async start(): Promise<string> {
        this.server = createServer((req, res) => {
            let text = "";
            req.on("data", (chunk: Buffer) => (text += chunk.toString()));
            req.on("end", () => {
                this.requests.push({
                    method: req.method ?? "",
                    url: req.url ?? "",
                    ...(req.headers["content-type"] !== undefined && { contentType: req.headers["content-type"] }),
                    ...(text !== "" && { body: JSON.parse(text) as unknown }),
                });
                const status = req.method === "PATCH" ? (this.patchStatuses.shift() ?? 200) : 200;
                res.writeHead(status, { "content-type": "application/json" });
                res.end(JSON.stringify(status === 200 ? this.object : { kind: "Status", code: status, reason: "Conflict" }));
            });
        });
        await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
        return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    close(): Promise<void> {
        return new Promise((resolve) => this.server.close(() => resolve()));
    }
}

const kubectlSet = [
    { manager: "helm", operation: "Apply" as const, fieldsV1: envFields("wandb", ["HOST"]) },
    { manager: "kubectl-set", operation: "Update" as const, fieldsV1: envFields("wandb", ["OIDC_ISSUER", "OIDC_CLIENT_ID"]) },
];
const handEnv = [
    { name: "HOST", value: "http://127.0.0.1" },
    { name: "OIDC_ISSUER", value: "https://idp.example.com" },
    { name: "OIDC_CLIENT_ID", value: "wandb" },
];
const UID = "3f1c5a6e-0000-4000-8000-00000000d3e1";
const PATH = "/apis/apps/v1/namespaces/wandb/deployments/wandb";

const plan = (overrides: Partial<TakeOverPlan> = {}): TakeOverPlan => ({
    namespace: "wandb",
    deployment: "wandb",
    container: "wandb",
    names: ["OIDC_ISSUER", "GORILLA_OIDC_ISSUER", "OIDC_CLIENT_ID"],
    byHand: ["OIDC_ISSUER", "OIDC_CLIENT_ID"],
    uid: UID,
    manager: "wandb-sso-wandb",
    ...overrides,
});

describe("the takeover hook, against an API server stand-in", () => {
    const api = new ApiServer();
    let dir: string;
    let component: pulumi.ComponentResource;
    before(async () => {
        const server = await api.start();
        dir = mkdtempSync(path.join(tmpdir(), "wandb-sso-takeover-"));
        const kubeconfig = path.join(dir, "kubeconfig");
        writeFileSync(
            kubeconfig,
            JSON.stringify({
                apiVersion: "v1",
                kind: "Config",
                // Plain http to the stand-in, which @kubernetes/client-node 1.4 allows only with this set.
                clusters: [{ name: "e2e", cluster: { server, "insecure-skip-tls-verify": true } }],
                users: [{ name: "me", user: { token: "a-token" } }],
                contexts: [{ name: "e2e", context: { cluster: "e2e", user: "me" } }],
                "current-context": "e2e",
            }),
        );
        await installMocks({ config: { "kubernetes:kubeconfig": kubeconfig } });
        component = new pulumi.ComponentResource("test:index:Component", "c");
    });
    after(async () => {
        await api.close();
        rmSync(dir, { recursive: true, force: true });
    });
    beforeEach(() => {
        api.requests.length = 0;
        api.patchStatuses = [];
        api.object = liveDeployment([{ name: "wandb", env: handEnv }], kubectlSet);
    });

    const run = async (p: TakeOverPlan | undefined): Promise<void> =>
        await takeOverHook(component, "wandb", Promise.resolve(p)).callback({ urn: "urn", id: "", name: "wandb-deployment", type: "t" });

    it("reads the Deployment, then moves the variables set by hand with one JSON patch of managedFields", async () => {
        await run(plan());
        assert.deepEqual(
            api.requests.map((r) => [r.method, r.url, r.contentType]),
            [
                ["GET", PATH, undefined],
                ["PATCH", PATH, "application/json-patch+json"],
            ],
        );
        const expected = takeOverPatch(api.object, "wandb", ["OIDC_ISSUER", "OIDC_CLIENT_ID"], "wandb-sso-wandb", new Date());
        const sent = api.requests[1]!.body as { value: { time?: string }[] }[];
        // The entry's time is the hook's own clock; everything else is exactly the transfer.
        const withoutTime = (ops: unknown) =>
            JSON.parse(JSON.stringify(ops), (key, value: unknown) => (key === "time" ? undefined : value)) as unknown;
        assert.deepEqual(withoutTime(sent), withoutTime(expected));
    });

    it("tries again from a fresh read when the Deployment changed in between (409)", async () => {
        api.patchStatuses = [409];
        await run(plan());
        assert.deepEqual(
            api.requests.map((r) => r.method),
            ["GET", "PATCH", "GET", "PATCH"],
        );
    });

    it("sends nothing, and loads no client, when the read found nothing set by hand", async () => {
        await run(plan({ byHand: [] }));
        await run(undefined);
        assert.deepEqual(api.requests, []);
    });

    it("writes nothing to a Deployment other than the one the provider read", async () => {
        await assert.rejects(
            run(plan({ uid: "another-uid" })),
            /WandbOidc "wandb": the Deployment wandb\/wandb reached through the kubeconfig \(context e2e\) is not the one the Kubernetes provider read \(another UID\)/,
        );
        assert.deepEqual(
            api.requests.map((r) => r.method),
            ["GET"],
        );
    });

    it("refuses, writing nothing, when a tool took the variables since the read", async () => {
        api.object = liveDeployment(
            [{ name: "wandb", env: handEnv }],
            [{ manager: "helm", operation: "Update", fieldsV1: envFields("wandb", ["OIDC_ISSUER"]) }],
        );
        await assert.rejects(run(plan()), /target = "deployment": OIDC_ISSUER in container wandb is set by Helm \(field manager helm\)/);
        assert.deepEqual(
            api.requests.map((r) => r.method),
            ["GET"],
        );
    });
});

describe("where the takeover finds the cluster (as the default Kubernetes provider does)", () => {
    it("takes kubernetes:kubeconfig as a file when one exists there, else as the kubeconfig itself; context and cluster as given", () => {
        const dir = mkdtempSync(path.join(tmpdir(), "wandb-sso-kubeconfig-"));
        try {
            const file = path.join(dir, "config");
            writeFileSync(file, "apiVersion: v1\n");
            const settings = (values: Record<string, string>) => kubeconfigSettings((key) => values[key]);
            assert.deepEqual(settings({ kubeconfig: file, context: "prod" }), { file, context: "prod" });
            assert.deepEqual(settings({ kubeconfig: "apiVersion: v1\nclusters: []\n", cluster: "c" }), {
                contents: "apiVersion: v1\nclusters: []\n",
                cluster: "c",
            });
            assert.deepEqual(settings({}), {});
            assert.deepEqual(settings({ kubeconfig: "", context: "" }), {});
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
