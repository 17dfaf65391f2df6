// The plan as users read it (tools/plan/render.ts, a pure function of the plan): an object output
// (helm's values) as the YAML `helm upgrade -f` takes, protected resources marked, and a one-line
// note beside each value that looks wrong but is meant.
import { strict as assert } from "node:assert";
import { parse } from "yaml";
import { PROTECTED_MARK, renderPlan } from "../../tools/plan/render";
import type { Plan } from "../../tools/plan/run";
import { runPlan } from "./planCli";
import { byName, type PlanJson } from "./planStacks";

const HELM_VALUES = {
    global: {
        auth: {
            sessionLengthHours: 720,
            oidc: {
                clientId: "0oa1",
                issuer: "https://acme.okta.com",
                authMethod: "pkce",
                oidcSecret: { name: "", secretKey: "OIDC_SECRET" },
            },
        },
    },
    app: {
        extraEnv: {
            GORILLA_CORS_ORIGINS: { valueFrom: { configMapKeyRef: { name: "(known after apply)", key: "GORILLA_CORS_ORIGINS" } } },
        },
    },
};

const plan = (over: Partial<Plan> = {}): Plan => ({
    stack: "t",
    resources: [
        { type: "wandb-sso:index:OktaOidcApp", name: "app", parent: null, inputs: {} },
        { type: "okta:app/oAuth:OAuth", name: "app-oauth", parent: "app", inputs: { label: "W&B" }, protected: true },
        {
            type: "kubernetes:apps/v1:DeploymentPatch",
            name: "wandb",
            parent: null,
            inputs: {
                env: [
                    { name: "OIDC_ISSUER", valueFrom: { configMapKeyRef: { name: "c", key: "OIDC_ISSUER" } } },
                    { name: "OIDC_CLIENT_ID", valueFrom: { configMapKeyRef: { name: "c", key: "OIDC_CLIENT_ID" } } },
                ],
            },
        },
        {
            type: "kubernetes:core/v1:ConfigMap",
            name: "wandb-oidc",
            parent: null,
            inputs: { data: { GORILLA_CORS_ORIGINS: "https://wandb.example.com,null" } },
        },
    ],
    outputs: { issuer: "https://acme.okta.com", helmValues: HELM_VALUES },
    wandbEnv: { GORILLA_CORS_ORIGINS: "https://wandb.example.com,null" },
    diagnostics: [],
    ...over,
});

/** The YAML block printed under an output's line, as a value (its notes are YAML comments). */
function outputYaml(text: string, key: string): unknown {
    const lines = text.split("\n");
    const start = lines.findIndex((l) => l.startsWith(`    ${key} `));
    const block = lines.slice(start + 1);
    const end = block.findIndex((l) => !l.startsWith("        "));
    return parse(block.slice(0, end).join("\n"));
}

describe("the plan's text", () => {
    it("prints an object output as the YAML helm upgrade -f takes, not one line of JSON", () => {
        const text = renderPlan(plan());
        assert.ok(!text.includes(JSON.stringify(HELM_VALUES)), "no JSON line");
        assert.match(text, /^ {4}helmValues {2}\(the values for `helm upgrade --reuse-values -f`/m);
        assert.deepEqual(outputYaml(text, "helmValues"), HELM_VALUES, "the block reads back as the values, notes and all");
        assert.ok(
            text.split("\n").every((line) => line.length < 250),
            "no very long line",
        );
    });

    it("marks protected resources, and says once what that means", () => {
        const text = renderPlan(plan());
        assert.match(text, /^ {4}\+ okta:app\/oAuth:OAuth {2}app-oauth {2}\[protected\]$/m);
        assert.match(text, /^\+ wandb-sso:index:OktaOidcApp {2}app$/m, "an unprotected one is not marked");
        assert.equal(text.split(`${PROTECTED_MARK}:`).length - 1, 1);
        assert.doesNotMatch(renderPlan(plan({ resources: [] })), /\[protected\]/);
    });

    it("explains, once each, the values that look wrong but are meant", () => {
        const text = renderPlan(plan());
        const noted = (pattern: RegExp) => text.split("\n").filter((l) => pattern.test(l) && l.includes("  # "));
        assert.equal(noted(/GORILLA_CORS_ORIGINS: .*,null/).length, 1, "the ConfigMap's ,null");
        assert.match(noted(/GORILLA_CORS_ORIGINS: /)[0]!, /# null on purpose: a form_post sign-in/);
        // The environment's NAME=value lines stay as they are, to copy; the note is a line of its own after them.
        assert.ok(
            text.includes(
                "    GORILLA_CORS_ORIGINS=https://wandb.example.com,null\n    # GORILLA_CORS_ORIGINS: null on purpose: a form_post",
            ),
        );
        assert.match(noted(/name: ""/)[0]!, /the IdP issued no client secret/);
    });
});

describe("the plan's JSON", () => {
    it("says which resources are protected", async () => {
        const result = await runPlan(["--stack", "dev", "--json"]);
        assert.equal(result.status, 0, result.stderr);
        const json: PlanJson = JSON.parse(result.stdout);
        assert.equal(byName(json, "wandb-sso-pool").protected, true);
        assert.equal(byName(json, "wandb-sso-client").protected, true);
        assert.equal(byName(json, "wandb").protected, undefined, "W&B's side is not protected");
    });
});
