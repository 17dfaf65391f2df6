// The policy pack's blind spots (issue 21, B6), each now a violation: break-glass or a clear-text
// secret reached through a side ConfigMap (read with envFrom or a configMapKeyRef), a per-service
// extraEnv in the v1 chart values, or a bare Pod; redirect URIs compared as written, not as the URL
// parser reads them; and an IdP app whose redirect host is not the W&B host configured with its client ID.
import { strict as assert } from "node:assert";
import fc from "fast-check";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { agreement, breakGlass, clearTextSecret, redirectUris } from "../../policy/policies";
import { messagesOf, runPolicies, type EngineResource } from "./engine";
import { CALLBACK, HOST, configMap, fromConfigMap, oktaApp, plain, resource, wandbV1 } from "./fixtures";

async function flagged(policy: ResourceValidationPolicy, name: string, resources: EngineResource[]) {
    const result = await runPolicies([policy], resources);
    assert.deepEqual(result.cantRun, []);
    return messagesOf(result, name);
}

const sideConfigMap = (data: Record<string, string>) =>
    resource("kubernetes:core/v1:ConfigMap", "wandb-side", { apiVersion: "v1", kind: "ConfigMap", data });

const pod = (env: unknown[]) =>
    resource("kubernetes:core/v1:Pod", "wandb-pod", {
        apiVersion: "v1",
        kind: "Pod",
        spec: { containers: [{ name: "wandb", env: [plain("OIDC_ISSUER", "https://acme.okta.com"), ...(env as never[])] }] },
    });

describe("policy blind spots", () => {
    it("break-glass in a side ConfigMap (read through envFrom or a configMapKeyRef) is a violation", async () => {
        const messages = await flagged(breakGlass, "wandb-sso-break-glass", [sideConfigMap({ LOCAL_RESTORE: "true", OTHER: "x" })]);
        assert.equal(messages.length, 1);
        assert.match(messages[0]!, /"wandb-side": data\.LOCAL_RESTORE is "true": break-glass is on/);
    });

    it("a clear-text secret reached through a side ConfigMap is a violation: in it, or read from one with configMapKeyRef", async () => {
        assert.equal(
            (await flagged(clearTextSecret, "wandb-sso-no-clear-text-secret", [sideConfigMap({ OIDC_SECRET: "s3cr3t-value" })])).length,
            1,
        );
        const reading = resource("kubernetes:apps/v1:Deployment", "wandb", {
            spec: {
                template: {
                    spec: {
                        containers: [{ name: "wandb", env: [plain("OIDC_ISSUER", "https://i.example.com"), fromConfigMap("OIDC_SECRET")] }],
                    },
                },
            },
        });
        const messages = await flagged(clearTextSecret, "wandb-sso-no-clear-text-secret", [reading]);
        assert.equal(messages.length, 1);
        assert.match(messages[0]!, /reads the OIDC client secret from a ConfigMap \(valueFrom\.configMapKeyRef\)/);
        assert.ok(!messages[0]!.includes("s3cr3t"));
    });

    it("break-glass and a clear-text secret in a per-service extraEnv of the v1 chart values", async () => {
        const wandb = wandbV1();
        (wandb.props as any).spec.values.app = { extraEnv: { LOCAL_RESTORE: "true", OIDC_SECRET: "svc-secret" } };
        (wandb.props as any).spec.values.api = { extraEnv: [{ name: "LOCAL_RESTORE", value: "1" }] };
        const glass = await flagged(breakGlass, "wandb-sso-break-glass", [wandb]);
        assert.deepEqual(glass.map((m) => /spec\.values\.(\w+)\.extraEnv/.exec(m)?.[1]).sort(), ["api", "app"]);
        const secret = await flagged(clearTextSecret, "wandb-sso-no-clear-text-secret", [wandb]);
        assert.ok(secret.some((m) => m.includes("spec.values.app.extraEnv.OIDC_SECRET")) && !secret.join().includes("svc-secret"));
    });

    it("a bare Pod is a W&B workload like a Deployment", async () => {
        assert.equal((await flagged(breakGlass, "wandb-sso-break-glass", [pod([plain("LOCAL_RESTORE", "true")])])).length, 1);
        assert.equal(
            (await flagged(clearTextSecret, "wandb-sso-no-clear-text-secret", [pod([plain("OIDC_SECRET", "pod-secret")])])).length,
            1,
        );
    });

    it("redirect URIs as written: any rewrite the URL parser forgives is a violation (beside the exact callback)", async () => {
        const host = "wandb.example.com";
        const forms = [
            `https://WANDB.example.com/oidc/callback`,
            `HTTPS://${host}/oidc/callback`,
            `https://${host}:443/oidc/callback`,
            `https://${host}/oidc/callback/`,
            `https://${host}/x/../oidc/callback`,
            `https://${host}/./oidc/callback`,
            `https://${host}/oidc/%2e/callback`,
            `https://${host}\\oidc\\callback`,
            `https://${host}/oidc/call\tback`,
            `https://${host}/oidc/callback\u200b`,
            `https://@${host}/oidc/callback`,
            `https://${host}/oidc/callback?`,
        ];
        for (const uri of forms) {
            assert.equal(
                (await flagged(redirectUris, "wandb-sso-redirect-uris", [oktaApp({ redirectUris: [CALLBACK, uri] })])).length,
                1,
                JSON.stringify(uri),
            );
        }
        assert.deepEqual(await flagged(redirectUris, "wandb-sso-redirect-uris", [oktaApp({ redirectUris: [CALLBACK] })]), []);
    });

    it("redirect URIs: any URI other than the exact callback of a valid host is flagged (property)", async () => {
        const label = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
        await fc.assert(
            fc.asyncProperty(
                label,
                fc.constantFrom("", ":443", ":8443"),
                fc.constantFrom("/oidc/callback", "/oidc/callback/", "/a/../oidc/callback", "/OIDC/callback"),
                async (l, port, path) => {
                    const uri = `https://${l}.example.com${port}${path}`;
                    const exact = port !== ":443" && path === "/oidc/callback";
                    // Beside the exact callback, so that the app is recognised as W&B's whatever the odd one is.
                    const messages = await flagged(redirectUris, "wandb-sso-redirect-uris", [oktaApp({ redirectUris: [CALLBACK, uri] })]);
                    return exact ? messages.length === 0 : messages.length === 1;
                },
            ),
            { numRuns: 60 },
        );
    });

    it("an IdP app whose redirect host is not the W&B host configured with its client ID", async () => {
        const app = oktaApp({ redirectUris: ["https://old-wandb.example.com/oidc/callback"] });
        const side = configMap({ OIDC_CLIENT_ID: "0oa1okta", HOST });
        const result = await runPolicies([agreement], [app, side]);
        const messages = messagesOf(result, "wandb-sso-client-agreement");
        assert.equal(messages.length, 1, messages.join("\n"));
        assert.match(
            messages[0]!,
            /is the app of client ID "0oa1okta", which .* uses at https:\/\/wandb\.example\.com .*register only "https:\/\/wandb\.example\.com\/oidc\/callback"/,
        );
        assert.deepEqual(messagesOf(await runPolicies([agreement], [oktaApp(), side]), "wandb-sso-client-agreement"), []);
        const operator = wandbV1();
        (operator.props as any).spec.values.global.host = "https://other.example.com";
        assert.equal(messagesOf(await runPolicies([agreement], [oktaApp(), operator]), "wandb-sso-client-agreement").length, 1);
    });

    it("a redirect URI on another host beside W&B's own, where the same stack's W&B settings name the app (issue 29)", async () => {
        const app = oktaApp({ redirectUris: [CALLBACK, "https://collector.example.net/oidc/callback"] });
        const side = configMap({ OIDC_CLIENT_ID: "0oa1okta", HOST });
        const messages = messagesOf(await runPolicies([agreement], [app, side]), "wandb-sso-client-agreement");
        assert.equal(messages.length, 1, messages.join("\n"));
        assert.match(
            messages[0]!,
            /redirect URIs are on another host \(.*"https:\/\/collector\.example\.net\/oidc\/callback"\).*register only "https:\/\/wandb\.example\.com\/oidc\/callback"/,
        );
        // Not named by the W&B side: another W&B's app may well have other hosts.
        const unnamed = configMap({ OIDC_CLIENT_ID: "someone-else", HOST });
        assert.equal(
            messagesOf(await runPolicies([agreement], [app, unnamed]), "wandb-sso-client-agreement").filter((m) =>
                m.includes("another host"),
            ).length,
            0,
        );
    });

    it("LOCAL_RESTORE=true beside envFrom is break-glass too, where no OIDC_* name is in the env itself (issue 29)", async () => {
        const deployment = resource("kubernetes:apps/v1:Deployment", "wandb", {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: "wandb", namespace: "wandb" },
            spec: {
                template: {
                    spec: {
                        containers: [
                            {
                                name: "wandb",
                                envFrom: [{ configMapRef: { name: "wandb-oidc" } }],
                                env: [{ name: "LOCAL_RESTORE", value: "true" }],
                            },
                        ],
                    },
                },
            },
        });
        const messages = messagesOf(await runPolicies([breakGlass], [deployment]), "wandb-sso-break-glass");
        assert.equal(messages.length, 1, messages.join("\n"));
        assert.match(messages[0]!, /LOCAL_RESTORE\) is "true": break-glass is on, so SSO is OFF on W&B/);
        // LOCAL_RESTORE alone, without envFrom or an OIDC_* name, says nothing about W&B.
        const other = resource("kubernetes:apps/v1:Deployment", "other", {
            spec: { template: { spec: { containers: [{ name: "x", env: [{ name: "LOCAL_RESTORE", value: "true" }] }] } } },
        });
        assert.deepEqual(messagesOf(await runPolicies([breakGlass], [other]), "wandb-sso-break-glass"), []);
    });
});
