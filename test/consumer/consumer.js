// Another Pulumi program using the built package by name, as a platform team's program would:
// `node test/consumer/consumer.js <dir with node_modules/wandb-sso>`. Run by .ci/run after the build.
const path = require("node:path");
const consumerRequire = require("node:module").createRequire(path.join(process.argv[2], "index.js"));
const pulumi = consumerRequire("@pulumi/pulumi");
const { CognitoOidcApp, WandbOidc, wandbOidcEnv } = consumerRequire("wandb-sso");

async function main() {
    const types = [];
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                types.push(args.type);
                return { id: `${args.name}-id`, state: args.inputs };
            },
            call: () => ({ region: "us-west-2" }),
        },
        "consumer",
        "ci",
        false,
    );
    const app = new CognitoOidcApp("team-a", { host: "https://wandb.team-a.example.com", userPoolId: "us-west-2_Shared1" });
    WandbOidc.forClient("team-a", app, { host: "https://wandb.team-a.example.com", namespace: "team-a" });
    const env = await new Promise((resolve) => wandbOidcEnv(app, { host: "https://wandb.team-a.example.com" }).apply(resolve));
    if (env.OIDC_ISSUER !== "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Shared1")
        throw new Error(`unexpected issuer ${env.OIDC_ISSUER}`);
    console.log(`consumer: imported wandb-sso from ${consumerRequire.resolve("wandb-sso")}; OIDC_ISSUER=${env.OIDC_ISSUER}`);
}
main().catch((e) => {
    console.error(e);
    process.exit(1);
});
