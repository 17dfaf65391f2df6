// The pack on what the repository's example stacks register: each stack file's program run under
// the offline plan (Pulumi's mock runtime, preview mode), its resources sent to the policies as the
// engine would send them. Every stack file is covered, including ones added later: all pass every
// mandatory policy, except break-glass, which the LOCAL_RESTORE policy flags. (An advisory, e.g. a
// stack using the implicit flow on purpose, does not stop `pulumi up`, so it does not fail a stack.)
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { entraSecretExpired, entraSecretExpiring, policies } from "../../policy/policies";
import { planStack, type Plan } from "../../tools/plan/run";
import { listStacks, readProject, readStackFile } from "../../tools/plan/stackFile";
import { runPolicies, type EngineResource, type Outcome } from "./engine";
import { engineValue } from "./engineValues";
import { IDP_LIST } from "../../src/idps";

const project = readProject(path.resolve(__dirname, "..", ".."));
const stacks = listStacks(project);

/** The app registrations the IdP components create, from the registry: the pack must recognise each. */
const IDP_APP_TYPES = new Set(IDP_LIST.flatMap((idp) => (idp.appType === undefined ? [] : [idp.appType])));

/** The plan's resources with the URNs, parents and property encoding the engine would use. */
function engineResources(plan: Plan): EngineResource[] {
    const byName = new Map(plan.resources.map((r) => [r.name, r]));
    const typeChain = (name: string | null): string => {
        const r = name === null ? undefined : byName.get(name);
        return r === undefined ? "" : `${typeChain(r.parent)}${r.type}$`;
    };
    const urn = (name: string) => {
        const r = byName.get(name)!;
        return `urn:pulumi:${plan.stack}::${project.name}::${typeChain(r.parent)}${r.type}::${r.name}`;
    };
    return plan.resources.map((r) => ({
        type: r.type,
        name: r.name,
        urn: urn(r.name),
        ...(r.parent !== null && { parent: urn(r.parent) }),
        props: engineValue(r.inputs) as Record<string, unknown>,
    }));
}

/** How many resources a resource policy applied to (did not declare itself not applicable). */
function appliedTo(result: Outcome, policy: string, resources: number): number {
    return resources - result.notApplicable.filter((n) => n.startsWith(`${policy}:`)).length;
}

describe("the pack on the example stacks (offline plan)", () => {
    const plans = new Map<string, Plan>();
    const results = new Map<string, Outcome>();

    before(async function () {
        this.timeout(60_000);
        // planStack installs a global mock runtime: one stack at a time.
        for (const stack of stacks) {
            const plan = await planStack(project.name, readStackFile(project, stack));
            plans.set(stack, plan);
            results.set(stack, await runPolicies(policies, engineResources(plan)));
        }
    });

    it("covers every stack file, break-glass among them", () => {
        assert.ok(stacks.length >= 2, `stacks: ${stacks.join(", ")}`);
        assert.ok(stacks.includes("break-glass"));
        assert.deepEqual([...results.keys()], stacks);
    });

    for (const stack of stacks.filter((s) => s !== "break-glass")) {
        it(`${stack}: passes every mandatory policy, and each policy runs in preview`, () => {
            const result = results.get(stack)!;
            assert.deepEqual(
                result.violations.filter((v) => v.level === "mandatory"),
                [],
            );
            assert.deepEqual(result.cantRun, []);
        });
    }

    it("break-glass: flagged by the LOCAL_RESTORE policy alone, as mandatory", () => {
        const result = results.get("break-glass")!;
        assert.deepEqual(
            result.violations.filter((v) => v.level === "mandatory").map((v) => [v.policy, v.level]),
            [["wandb-sso-break-glass", "mandatory"]],
        );
        const flagged = result.violations.find((v) => v.policy === "wandb-sso-break-glass")!;
        assert.match(flagged.message, /^kubernetes:core\/v1:ConfigMap "wandb-oidc": data\.LOCAL_RESTORE is "true": break-glass is on/);
        assert.deepEqual(result.cantRun, []);
    });

    it("recognises each stack's W&B side and IdP app registration (the passes above are not vacuous)", () => {
        for (const stack of stacks) {
            const plan = plans.get(stack)!;
            const result = results.get(stack)!;
            const count = plan.resources.length;
            assert.ok(appliedTo(result, "wandb-sso-no-clear-text-secret", count) >= 1, `${stack}: no W&B side recognised`);
            if (plan.resources.some((r) => IDP_APP_TYPES.has(r.type))) {
                assert.ok(appliedTo(result, "wandb-sso-redirect-uris", count) >= 1, `${stack}: its IdP app was not recognised`);
            }
        }
        // Both sides in one stack, with what the agreement check can compare (a Keycloak client ID, a Cognito pool).
        for (const stack of ["keycloak-dev", "operator"].filter((s) => results.has(s))) {
            assert.ok(!results.get(stack)!.notApplicable.some((n) => n.startsWith("wandb-sso-client-agreement:")), stack);
        }
    });

    it("has, for every IdP in the registry that registers an app, an example stack whose app the pack recognised", () => {
        for (const idp of IDP_LIST.filter((d) => d.appType !== undefined)) {
            const withApp = stacks.filter((stack) => plans.get(stack)!.resources.some((r) => r.type === idp.appType));
            assert.ok(withApp.length > 0, `${idp.name}: no example stack registers its app (${idp.appType})`);
        }
    });

    it("entra-dev: its client secret, linked to its app as the engine links it, passes now and is flagged once past", async function () {
        if (!plans.has("entra-dev")) this.skip();
        // The offline plan records no dependencies; the engine sends the one the program makes
        // (ApplicationPassword.applicationId is computed from the Application).
        const resources = engineResources(plans.get("entra-dev")!);
        const app = resources.find((r) => r.type === "azuread:index/application:Application")!;
        const linked = resources.map((r) =>
            r.type === "azuread:index/applicationPassword:ApplicationPassword"
                ? { ...r, propertyDependencies: { applicationId: [app.urn!] } }
                : r,
        );
        const expiry = [entraSecretExpired, entraSecretExpiring];
        assert.deepEqual((await runPolicies(expiry, linked)).violations, []);

        const endDate = (linked.find((r) => r.type.endsWith(":ApplicationPassword"))!.props as { endDate: string }).endDate;
        const real = Date.now;
        Date.now = () => Date.parse(endDate) + 24 * 60 * 60 * 1000;
        try {
            const past = await runPolicies(expiry, linked);
            assert.deepEqual(
                past.violations.map((v) => [v.policy, v.level]),
                [["wandb-sso-entra-secret-expired", "mandatory"]],
            );
        } finally {
            Date.now = real;
        }
    });
});
