// What the installed operator decides about the operator-v2 patch, read from its CRD and the live
// resource: the CRDs here are the tagged release v2.0.0-beta.3's schema (test/helpers/wandbV2Crd.ts)
// and the same with wandb/operator main's spec.wandb.security.
import { strict as assert } from "node:assert";
import { installedV2 } from "../../src/wandb/v2Installed";
import { V2_OWNED_ENV_NAMES, v2LegacyEnv } from "../../src/wandb/v2Spec";
import { wandbV2Crd } from "../helpers/wandbV2Crd";

const beta3 = (wandbV2Crd() as { spec: any }).spec;
const main = (wandbV2Crd({ withProvisioningField: true }) as { spec: any }).spec;
const liveWith = (env: unknown[]) => ({ wandb: { hostname: "https://wandb.example.com", legacyOverrides: { global: { env } } } });

describe("the installed operator v2 (CRD and live resource)", () => {
    it("v2.0.0-beta.3 has no spec.wandb.security: provisioning goes through GORILLA_DISABLE_SSO_PROVISIONING", () => {
        assert.deepEqual(installedV2(beta3, liveWith([]), V2_OWNED_ENV_NAMES), { servesV2: true, provisioningField: false, keptEnv: [] });
        assert.ok(v2LegacyEnv(false).some(([name]) => name === "GORILLA_DISABLE_SSO_PROVISIONING"));
    });

    it("a CRD with spec.wandb.security.disableSSOProvisioning takes the field, and the env then leaves that variable to it", () => {
        assert.equal(installedV2(main, liveWith([]), V2_OWNED_ENV_NAMES).provisioningField, true);
        const names = v2LegacyEnv(true).map(([name]) => name);
        assert.ok(!names.includes("GORILLA_DISABLE_SSO_PROVISIONING"));
        // The plain name is not one the operator injects from the field: it stays.
        assert.ok(names.includes("DISABLE_SSO_PROVISIONING"));
    });

    it("keeps the entries others put in the atomic legacyOverrides.global.env, in their order, and not wandb-sso's own", () => {
        const others = [
            { name: "GLOBAL_USER_VAR", value: "kept" },
            { name: "GORILLA_CORS_ORIGINS", valueFrom: { configMapKeyRef: { name: "wandb-oidc-old", key: "GORILLA_CORS_ORIGINS" } } },
            { name: "FROM_SECRET", valueFrom: { secretKeyRef: { name: "s", key: "k" } } },
        ];
        assert.deepEqual(installedV2(beta3, liveWith(others), V2_OWNED_ENV_NAMES).keptEnv, [others[0], others[2]]);
    });

    it("keeps nothing where the CRD makes the list a map keyed by name (server-side apply merges it entry by entry)", () => {
        const mapped = structuredClone(beta3);
        const env =
            mapped.versions[1].schema.openAPIV3Schema.properties.spec.properties.wandb.properties.legacyOverrides.additionalProperties
                .properties.env;
        env["x-kubernetes-list-type"] = "map";
        env["x-kubernetes-list-map-keys"] = ["name"];
        assert.deepEqual(installedV2(mapped, liveWith([{ name: "GLOBAL_USER_VAR", value: "kept" }]), V2_OWNED_ENV_NAMES).keptEnv, []);
    });

    it("says when the CRD serves no v2 (an operator 1.x), and reads nothing from a missing or odd CRD", () => {
        const v1Only = { ...beta3, versions: [beta3.versions[0]] };
        assert.deepEqual(installedV2(v1Only, undefined, V2_OWNED_ENV_NAMES), { servesV2: false, provisioningField: false, keptEnv: [] });
        assert.deepEqual(installedV2(undefined, "not an object", V2_OWNED_ENV_NAMES), {
            servesV2: false,
            provisioningField: false,
            keptEnv: [],
        });
    });
});
