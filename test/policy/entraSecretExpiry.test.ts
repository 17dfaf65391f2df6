import { strict as assert } from "node:assert";
import { entraSecretExpired, entraSecretExpiring } from "../../policy/policies";
import { runPolicies, urnOf, type EngineResource } from "./engine";
import { KNOWN_AFTER_APPLY } from "./engineValues";
import { isoIn, useFixedClock } from "./clock";
import { entraApp, oktaApp, resource } from "./fixtures";

const PASSWORD = "azuread:index/applicationPassword:ApplicationPassword";
const app = entraApp();

/** An ApplicationPassword of `owner`, linked as the engine links it: applicationId computed from the app. */
function password(endDate: string, owner: EngineResource = app, name = "wandb-secret"): EngineResource {
    return resource(
        PASSWORD,
        name,
        { applicationId: KNOWN_AFTER_APPLY, endDate },
        { propertyDependencies: { applicationId: [owner.urn!] }, dependencies: [owner.urn!] },
    );
}

async function run(resources: EngineResource[], config = {}) {
    const result = await runPolicies([entraSecretExpired, entraSecretExpiring], resources, config);
    assert.deepEqual(result.cantRun, []);
    return result;
}

describe("policies wandb-sso-entra-secret-expired and -expiring", () => {
    useFixedClock();

    it("flags an expired secret, mandatory, on the password's URN", async () => {
        const result = await run([app, password(isoIn(-3))]);
        assert.deepEqual(result.violations, [
            {
                policy: "wandb-sso-entra-secret-expired",
                level: "mandatory",
                message:
                    `azuread:index/applicationPassword:ApplicationPassword "wandb-secret" (the client secret of azuread:index/application:Application "wandb-entra"): ` +
                    `endDate "${isoIn(-3)}" is past (3 days ago): the secret has expired and W&B's sign-ins fail; create a new client secret ` +
                    "(with wandb-sso, `pulumi up` rotates it; otherwise replace the ApplicationPassword, e.g. through rotateWhenChanged), " +
                    "give it to W&B (its OIDC_SECRET), then remove the old one.",
                urn: urnOf(PASSWORD, "wandb-secret"),
            },
        ]);
    });

    it("warns, advisory, of a secret ending within 30 days, and passes one ending later", async () => {
        const soon = await run([app, password(isoIn(10))]);
        assert.deepEqual(
            soon.violations.map((v) => [v.policy, v.level]),
            [["wandb-sso-entra-secret-expiring", "advisory"]],
        );
        assert.match(
            soon.violations[0]!.message,
            /endDate ".*" is 10 days away, within the 30 days this policy warns ahead: create a new client secret .* before then\.$/,
        );
        assert.deepEqual((await run([app, password(isoIn(31))])).violations, []);
    });

    it("takes the warning's number of days from the policy config", async () => {
        const config = { "wandb-sso-entra-secret-expiring": { days: 120 } };
        assert.match((await run([app, password(isoIn(100))], config)).violations[0]!.message, /is 100 days away, within the 120 days/);
        assert.deepEqual((await run([app, password(isoIn(10))], { "wandb-sso-entra-secret-expiring": { days: 5 } })).violations, []);
    });

    it("links a password to the app by dependency, or by applicationId once both exist", async () => {
        const byDependency = resource(
            PASSWORD,
            "p1",
            { applicationId: KNOWN_AFTER_APPLY, endDate: isoIn(-1) },
            { dependencies: [app.urn!] },
        );
        const byId = resource(PASSWORD, "p2", { applicationId: "/applications/99999999-8888-7777-6666-555555555555", endDate: isoIn(-1) });
        const result = await run([app, byDependency, byId]);
        assert.deepEqual(
            result.violations.map((v) => v.urn),
            [urnOf(PASSWORD, "p1"), urnOf(PASSWORD, "p2")],
        );
    });

    it("checks an app registration's inline password", async () => {
        const inline = entraApp({ password: { displayName: "wandb", endDate: isoIn(-1) } });
        const [violation] = (await run([inline])).violations;
        assert.match(
            violation!.message,
            /^azuread:index\/application:Application "wandb-entra": password\.endDate ".*" is past \(1 day ago\)/,
        );
    });

    it("ignores secrets of other apps, and does not apply without a W&B Entra app", async () => {
        const grafana = entraApp({ web: { redirectUris: ["https://grafana.example.com/login/azuread"] } }, "grafana");
        const result = await run([grafana, password(isoIn(-30), grafana), oktaApp()]);
        assert.deepEqual(result.violations, []);
        assert.equal(result.notApplicable.filter((n) => n.startsWith("wandb-sso-entra-secret-")).length, 2);
    });

    it("never flags an unknown end date", async () => {
        assert.deepEqual((await run([app, password(KNOWN_AFTER_APPLY)])).violations, []);
    });
});
