// KeycloakOidcApp against a real Keycloak, the one way there is here: the Keycloak Pulumi provider
// cannot be had from any registry, so this is a check of the component's SETTINGS against real
// Keycloak, not a run of the provider. Its exact registered inputs come from the offline plan
// (`npm run plan -- --json`, the real program under the SDK's mock runtime), are applied to Keycloak
// field by field as terraform-provider-keycloak maps them (lib/keycloakMapping.ts, with the source
// lines), and the person signs in through the client that makes, with the W&B settings the same
// plan computes for the pod.
import fs from "node:fs";
import path from "node:path";
import type { Scenario } from "../lib/harness";
import { expect, expectEqual } from "../lib/harness";
import { groupMapperRequest, openidClientRequest } from "../lib/keycloakMapping";
import { REPO, run, tail } from "../lib/pulumi";
import type { Context } from "./context";
import { expectSignedIn, GROUP, keycloakWorld, REALM, signInWith } from "./keycloakWorld";

const STACK = "e2e-keycloak-component";
const CLIENT_ID = "wandb-component";
const CLIENT_TYPE = "keycloak:openid/client:Client";
const MAPPER_TYPE = "keycloak:openid/groupMembershipProtocolMapper:GroupMembershipProtocolMapper";

interface PlannedResource {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, unknown>;
}
interface Plan {
    readonly resources: PlannedResource[];
    readonly wandbEnv: Record<string, string>;
    readonly outputs: Record<string, unknown>;
}

/** The plan of a keycloak stack (pkce, teams on), from a project directory of the run's own (--project). */
async function plan(c: Context, url: string, host: string): Promise<Plan> {
    const dir = path.join(c.work, "keycloak-component");
    fs.mkdirSync(path.join(dir, "stacks"), { recursive: true });
    fs.copyFileSync(path.join(REPO, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.writeFileSync(
        path.join(dir, "stacks", `Pulumi.${STACK}.yaml`),
        [
            "config:",
            `  wandb-sso:host: ${host}`,
            "  wandb-sso:idp: keycloak",
            "  wandb-sso:authMethod: pkce",
            "  wandb-sso:teams: true",
            "  wandb-sso:keycloak:",
            `    url: ${url}`,
            `    realm: ${REALM}`,
            `    clientId: ${CLIENT_ID}`,
            "  wandb-sso:wandb:",
            "    target: deployment",
            "    namespace: wandb-keycloak",
            "",
        ].join("\n"),
    );
    const r = await run(c.env, "npm", ["run", "-s", "plan", "--", "--project", dir, "--stack", STACK, "--json"], {
        cwd: REPO,
        timeoutSeconds: 120,
    });
    if (r.code !== 0) throw new Error(`npm run plan exited ${r.code}:\n${tail(r.stdout + r.stderr)}`);
    return JSON.parse(r.stdout) as Plan;
}

function one(p: Plan, type: string): PlannedResource {
    const found = p.resources.filter((r) => r.type === type);
    if (found.length !== 1) throw new Error(`the plan has ${found.length} ${type}, not one`);
    return found[0]!;
}

export const keycloakComponentScenarios: Scenario<Context>[] = [
    {
        name: "keycloak-component",
        async run(c) {
            const w = await keycloakWorld(c);
            const p = await plan(c, c.env.keycloak.url, w.host);
            const client = openidClientRequest(one(p, CLIENT_TYPE).inputs);
            expectEqual(client.realm, REALM, "the client's realmId");
            process.stdout.write(
                "keycloak-component: applying KeycloakOidcApp's planned inputs as terraform-provider-keycloak v5.9.0 maps them (a check of its settings, not a run of the provider)\n",
            );
            const id = await w.kc.createClient(client.realm, client.body);
            const mapper = groupMapperRequest(one(p, MAPPER_TYPE).inputs, id);
            await w.kc.call("POST", mapper.path, mapper.body);

            // Read back: Keycloak kept what the provider would have sent.
            const stored = await w.kc.getClient(REALM, id);
            expectEqual(
                {
                    clientId: stored.clientId,
                    publicClient: stored.publicClient,
                    standardFlowEnabled: stored.standardFlowEnabled,
                    implicitFlowEnabled: stored.implicitFlowEnabled,
                    directAccessGrantsEnabled: stored.directAccessGrantsEnabled,
                    redirectUris: stored.redirectUris,
                    webOrigins: stored.webOrigins,
                    pkce: stored.attributes?.["pkce.code.challenge.method"],
                    postLogout: stored.attributes?.["post.logout.redirect.uris"],
                },
                {
                    clientId: CLIENT_ID,
                    publicClient: true,
                    standardFlowEnabled: true,
                    implicitFlowEnabled: false,
                    directAccessGrantsEnabled: false,
                    redirectUris: [`${w.host}/oidc/callback`],
                    webOrigins: [w.host],
                    pkce: "S256",
                    postLogout: `${w.host}/logout`,
                },
                "the client Keycloak stored",
            );
            const mappers = await w.kc.mappers(REALM, id);
            expectEqual(
                mappers.map((m) => ({ mapper: m.protocolMapper, config: m.config })),
                [{ mapper: "oidc-group-membership-mapper", config: mapper.body.config }],
                "the client's protocol mappers",
            );

            // W&B's side as the same plan computes it for the pod, with W&B's own HOST.
            expectEqual(p.wandbEnv.OIDC_ISSUER, w.issuer, "the plan's OIDC_ISSUER");
            expectEqual(p.wandbEnv.GORILLA_ENABLE_SSO_GROUP_CLAIMS, "true", "the plan's GORILLA_ENABLE_SSO_GROUP_CLAIMS");
            const r = await signInWith({ ...p.wandbEnv, HOST: w.host }, w.person);
            expectSignedIn(r, w.person, CLIENT_ID, "pkce");
            expectEqual(r.body.groups, [GROUP], "the groups W&B reads from the ID token");
            expect(String(p.outputs.issuer) === w.issuer, `the plan's issuer output is ${String(p.outputs.issuer)}`);
        },
    },
];
