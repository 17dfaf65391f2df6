// An Okta-only platform team's program, run from a consumer project that installed the packed
// wandb-sso with @pulumi/pulumi, @pulumi/okta and @pulumi/kubernetes only (test/consumer/
// oktaInstall.cjs copies it there): OktaOidcApp from `wandb-sso/okta`, WandbOidc.forClient from
// `wandb-sso/wandb`, under Pulumi's mock runtime. Fails unless the resources are registered, the
// W&B environment is right, and no IdP SDK but Okta's was loaded.
//   node oktaProgram.cjs      (in the consumer project)
"use strict";
const assert = require("node:assert/strict");
const path = require("node:path");
const pulumi = require("@pulumi/pulumi");

const HOST = "https://wandb.team-a.example.com";
const CLIENT_ID = "0oa1b2c3d4e5f6g7h8i9";

/** The Deployment `namespace/name` as the cluster would answer a read of it. */
function liveDeployment(id) {
    const [namespace, name] = id.split("/");
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { namespace, name, generation: 1, managedFields: [] },
        spec: { template: { spec: { containers: [{ name: "wandb", image: "wandb/local", env: [{ name: "HOST", value: HOST }] }] } } },
    };
}

async function main() {
    const registered = [];
    const reads = [];
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                // A read (the deployment target reads the live Deployment before patching it): the
                // W&B Deployment as a user's cluster holds it, its container "wandb" without OIDC.
                if (args.id !== undefined && args.type === "kubernetes:apps/v1:Deployment") {
                    reads.push(`${args.type} ${args.id}`);
                    return { id: args.id, state: liveDeployment(args.id) };
                }
                registered.push(args.type);
                const computed =
                    args.type === "okta:app/oAuth:OAuth"
                        ? { clientId: CLIENT_ID }
                        : args.type === "kubernetes:core/v1:ConfigMap"
                          ? { metadata: { ...args.inputs.metadata, name: `${args.name}-abc123` } }
                          : {};
                return { id: `${args.name}-id`, state: { ...args.inputs, ...computed } };
            },
            call: (args) => {
                throw new Error(`unexpected invoke ${args.token}`);
            },
        },
        "okta-consumer",
        "ci",
        false,
    );

    const { OktaOidcApp } = require("wandb-sso/okta");
    const { WandbOidc } = require("wandb-sso/wandb");
    const app = new OktaOidcApp("team-a", { host: HOST, orgUrl: "https://acme.okta.com", authorizationServerId: "default" });
    const wandb = WandbOidc.forClient("team-a", app, { host: HOST, namespace: "team-a" });
    const env = await new Promise((resolve) => wandb.env.apply(resolve));
    // Let the mock monitor see every registration the components started.
    await new Promise((resolve) => require("node:timers").setTimeout(resolve, 200));

    assert.equal(env.OIDC_ISSUER, "https://acme.okta.com/oauth2/default", "OIDC_ISSUER");
    assert.equal(env.OIDC_CLIENT_ID, CLIENT_ID, "OIDC_CLIENT_ID");
    assert.equal(env.OIDC_AUTH_METHOD, "pkce", "OIDC_AUTH_METHOD");
    assert.equal(env.OIDC_SECRET, undefined, "an Okta single-page app has no client secret");
    const expected = [
        "wandb-sso:index:OktaOidcApp",
        "okta:app/oAuth:OAuth",
        "wandb-sso:index:WandbOidc",
        "kubernetes:core/v1:ConfigMap",
        "kubernetes:apps/v1:DeploymentPatch",
    ];
    assert.deepEqual(reads, ["kubernetes:apps/v1:Deployment team-a/wandb"], "the live Deployment is read, once");
    for (const type of expected) assert.ok(registered.includes(type), `${type} was not registered; registered: ${registered.join(", ")}`);
    const foreign = registered.filter((t) => !/^(wandb-sso|okta|kubernetes):/.test(t));
    assert.deepEqual(foreign, [], "only wandb-sso, Okta and Kubernetes resources");

    // Loaded from this project's install, and no IdP SDK but Okta's.
    const installed = path.join(process.cwd(), "node_modules", "wandb-sso") + path.sep;
    assert.ok(require.resolve("wandb-sso/okta").startsWith(installed), `wandb-sso/okta resolved to ${require.resolve("wandb-sso/okta")}`);
    const sdks = new Set(
        Object.keys(require.cache)
            .map((f) => /[\\/]node_modules[\\/](@pulumi[\\/][^\\/]+)[\\/]/.exec(f)?.[1].replace("\\", "/"))
            .filter(Boolean),
    );
    assert.ok(sdks.has("@pulumi/okta"), "@pulumi/okta was loaded");
    for (const other of ["@pulumi/aws", "@pulumi/azuread", "@pulumi/auth0", "@pulumi/keycloak"]) {
        assert.ok(!sdks.has(other), `${other} was loaded`);
    }
    console.log(`RESULT ${JSON.stringify({ registered, sdksLoaded: [...sdks].sort() })}`);
    console.log(`okta-program: ${registered.length} resources registered (${[...new Set(registered)].join(", ")})`);
    console.log(
        `okta-program: OIDC_ISSUER=${env.OIDC_ISSUER} OIDC_CLIENT_ID=${env.OIDC_CLIENT_ID}; SDKs loaded: ${[...sdks].sort().join(", ")}`,
    );
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
