// The pack as a whole: its policies' metadata and defaults, its index.ts, and that its folder is all
// it needs (its own package.json, no import from the rest of the repository).
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import type { PolicyPackArgs } from "@pulumi/policy";
import { Application } from "@pulumi/azuread/application";
import { ApplicationPassword } from "@pulumi/azuread/applicationPassword";
import { Client as Auth0Client } from "@pulumi/auth0/client";
import { UserPoolClient } from "@pulumi/aws/cognito/userPoolClient";
import { Client as KeycloakClient } from "@pulumi/keycloak/openid/client";
import { Deployment } from "@pulumi/kubernetes/apps/v1/deployment";
import { DeploymentPatch } from "@pulumi/kubernetes/apps/v1/deploymentPatch";
import { StatefulSet } from "@pulumi/kubernetes/apps/v1/statefulSet";
import { StatefulSetPatch } from "@pulumi/kubernetes/apps/v1/statefulSetPatch";
import { ConfigMap } from "@pulumi/kubernetes/core/v1/configMap";
import { ConfigMapPatch } from "@pulumi/kubernetes/core/v1/configMapPatch";
import { DaemonSet } from "@pulumi/kubernetes/apps/v1/daemonSet";
import { DaemonSetPatch } from "@pulumi/kubernetes/apps/v1/daemonSetPatch";
import { Pod } from "@pulumi/kubernetes/core/v1/pod";
import { PodPatch } from "@pulumi/kubernetes/core/v1/podPatch";
import { OAuth } from "@pulumi/okta/app/oauth";
import { ServerClaim } from "@pulumi/okta/auth/serverClaim";
import { GroupMembershipProtocolMapper } from "@pulumi/keycloak/openid/groupMembershipProtocolMapper";
import { UserPool } from "@pulumi/aws/cognito/userPool";
import { parse } from "yaml";
import * as pack from "../../policy/policies";
import * as types from "../../policy/lib/types";

const POLICY_DIR = path.resolve(__dirname, "..", "..", "policy");
const ROOT = path.resolve(__dirname, "..", "..");

const EXPECTED_LEVELS: Record<string, string> = {
    "wandb-sso-redirect-uris": "mandatory",
    "wandb-sso-no-clear-text-secret": "mandatory",
    "wandb-sso-break-glass": "mandatory",
    "wandb-sso-pkce-not-implicit": "advisory",
    "wandb-sso-cognito-issuer": "mandatory",
    "wandb-sso-entra-issuer": "mandatory",
    "wandb-sso-entra-secret-expired": "mandatory",
    "wandb-sso-entra-secret-expiring": "advisory",
    "wandb-sso-client-agreement": "advisory",
    "wandb-sso-team-claims": "advisory",
};

function tsFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        if (e.name === "node_modules") return [];
        const full = path.join(dir, e.name);
        return e.isDirectory() ? tsFiles(full) : e.name.endsWith(".ts") ? [full] : [];
    });
}

function readJson<T>(file: string): T {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}

describe("the wandb-sso policy pack", () => {
    it("has each policy with its default enforcement level, a description and a unique name", () => {
        assert.deepEqual(Object.fromEntries(pack.policies.map((p) => [p.name, p.enforcementLevel])), EXPECTED_LEVELS);
        for (const p of pack.policies) assert.ok(p.description.length > 20, p.name);
    });

    it("exports every policy in its list, and lists only exported policies", () => {
        const exported = Object.entries(pack)
            .filter(([key]) => key !== "policies")
            .map(([, p]) => p);
        assert.deepEqual(new Set(exported), new Set(pack.policies));
    });

    it("has config schemas the server accepts (no enforcementLevel key), with the expiry warning's days defaulting to 30", () => {
        for (const p of pack.policies) {
            assert.ok(!("enforcementLevel" in (p.configSchema?.properties ?? {})), p.name);
            assert.notEqual(p.name, "all");
        }
        assert.deepEqual(pack.entraSecretExpiring.configSchema?.properties.days, {
            type: "integer",
            minimum: 1,
            default: 30,
            description: "How many days before the secret's end date to start warning.",
        });
    });

    it("index.ts serves exactly this list as the PolicyPack wandb-sso", () => {
        // The real PolicyPack starts a gRPC server; a stand-in records what index.ts passes it. That
        // takes CommonJS loading, whose module cache can hand index.ts the stand-in.
        const load = createRequire(__filename);
        const policyModule = load.resolve("@pulumi/policy", { paths: [POLICY_DIR] });
        const indexModule = path.join(POLICY_DIR, "index.ts");
        const cached = load.cache[policyModule];
        const packs: { name: string; args: PolicyPackArgs }[] = [];
        load(policyModule);
        const real = load.cache[policyModule]!;
        const realExports = real.exports as object;
        real.exports = {
            ...realExports,
            PolicyPack: class {
                constructor(name: string, args: PolicyPackArgs) {
                    packs.push({ name, args });
                }
            },
        };
        try {
            delete load.cache[indexModule];
            load(indexModule);
        } finally {
            real.exports = realExports;
            delete load.cache[indexModule];
            if (cached === undefined) delete load.cache[policyModule];
        }
        assert.equal(packs.length, 1);
        assert.equal(packs[0]!.name, "wandb-sso");
        assert.equal(packs[0]!.args.policies, pack.policies);
    });

    it("recognises resources by the type tokens the provider SDKs register", () => {
        const classes: [string, { isInstance(o: unknown): boolean }][] = [
            [types.OKTA_APP, OAuth],
            [types.ENTRA_APP, Application],
            [types.ENTRA_PASSWORD, ApplicationPassword],
            [types.COGNITO_CLIENT, UserPoolClient],
            [types.AUTH0_CLIENT, Auth0Client],
            [types.KEYCLOAK_CLIENT, KeycloakClient],
            [types.OKTA_SERVER_CLAIM, ServerClaim],
            [types.KEYCLOAK_GROUPS_MAPPER, GroupMembershipProtocolMapper],
            [types.COGNITO_POOL, UserPool],
        ];
        for (const [token, cls] of classes) assert.ok(cls.isInstance({ __pulumiType: token }), token);
        const k8s: [string, { isInstance(o: unknown): boolean }][] = [
            ["kubernetes:apps/v1:Deployment", Deployment],
            ["kubernetes:apps/v1:DeploymentPatch", DeploymentPatch],
            ["kubernetes:apps/v1:StatefulSet", StatefulSet],
            ["kubernetes:apps/v1:StatefulSetPatch", StatefulSetPatch],
            ["kubernetes:core/v1:ConfigMap", ConfigMap],
            ["kubernetes:core/v1:ConfigMapPatch", ConfigMapPatch],
            ["kubernetes:apps/v1:DaemonSet", DaemonSet],
            ["kubernetes:apps/v1:DaemonSetPatch", DaemonSetPatch],
            ["kubernetes:core/v1:Pod", Pod],
            ["kubernetes:core/v1:PodPatch", PodPatch],
        ];
        for (const [token, cls] of k8s) {
            assert.ok(cls.isInstance({ __pulumiType: token }), token);
            assert.ok(types.WORKLOADS.has(token) || types.CONFIG_MAPS.has(token) || types.PODS.has(token), token);
        }
        assert.equal(types.WORKLOADS.size + types.CONFIG_MAPS.size + types.PODS.size, k8s.length);
    });

    it("declares @pulumi/policy and @pulumi/pulumi at the versions installed at the root, and a version (PolicyPack requires one)", () => {
        const manifest = readJson<{ version?: string; dependencies: Record<string, string> }>(path.join(POLICY_DIR, "package.json"));
        assert.match(manifest.version ?? "", /^\d+\.\d+\.\d+$/);
        assert.deepEqual(Object.keys(manifest.dependencies).sort(), ["@pulumi/policy", "@pulumi/pulumi"]);
        for (const [name, range] of Object.entries(manifest.dependencies)) {
            const installed = readJson<{ version: string }>(path.join(ROOT, "node_modules", name, "package.json")).version.replace(
                /^v/,
                "",
            );
            assert.equal(range, `^${installed}`, name);
        }
        const project = parse(fs.readFileSync(path.join(POLICY_DIR, "PulumiPolicy.yaml"), "utf8")) as {
            runtime: string;
            description: string;
        };
        assert.equal(project.runtime, "nodejs");
        assert.ok(project.description.length > 20);
    });

    it("imports nothing from outside its folder but its own dependencies", () => {
        const manifest = readJson<{ dependencies: Record<string, string> }>(path.join(POLICY_DIR, "package.json"));
        for (const file of tsFiles(POLICY_DIR)) {
            const source = fs.readFileSync(file, "utf8");
            for (const [, spec] of source.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)) {
                if (spec!.startsWith(".")) {
                    const target = path.resolve(path.dirname(file), spec!);
                    assert.ok(
                        target.startsWith(POLICY_DIR + path.sep),
                        `${path.relative(ROOT, file)} imports ${spec} from outside policy/`,
                    );
                } else {
                    const pkg = spec!.startsWith("@") ? spec!.split("/").slice(0, 2).join("/") : spec!.split("/")[0]!;
                    assert.ok(
                        pkg in manifest.dependencies || spec!.startsWith("node:"),
                        `${path.relative(ROOT, file)} imports ${spec}, not a dependency of policy/package.json`,
                    );
                }
            }
        }
    });
});
