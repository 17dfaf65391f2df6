// Teams are part of the OidcClient contract: an IdP component's `teams` turns W&B's group claims on,
// whether a TypeScript program passes the component (a plain boolean) or another language passes
// its output (known only later): the ConfigMap then holds the group-claims key exactly when it
// resolves true, the Deployment reads it optionally, and the environment is what W&B ends up with.
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { wandbOidcEnv } from "../../src/wandb/env";
import { WandbOidc, type WandbOidcArgs } from "../../src/wandb/wandbOidc";
import { registered, valueOf } from "../helpers/pulumiMocks";
import { CLIENT_ID, ISSUER, T, baseEnv, client, configMapRef, mockedRuntime } from "../helpers/wandb";

const HOST = "https://wandb.example.com";
const PLAIN: WandbOidcArgs = { host: HOST, issuer: ISSUER, clientId: CLIENT_ID, authMethod: "pkce", namespace: "wandb" };
const BASE_ENV = baseEnv(HOST);
const GROUP_CLAIMS_ENV = { GORILLA_ENABLE_SSO_GROUP_CLAIMS: "true", GORILLA_ENABLE_SSO_GROUPS_CLAIMS: "true" };

describe("WandbOidc: teams from the IdP", () => {
    const runtime = mockedRuntime();

    /** The Deployment patch's env entries for the group claims, by name. */
    async function groupClaimEntries(wandb: WandbOidc) {
        await valueOf(wandb.env);
        // The component, its ConfigMap and the Deployment patch.
        await registered(runtime.mocks, 3);
        const cm: any = runtime.mocks.one(T.configMap);
        const patch: any = runtime.mocks.one(T.deploymentPatch);
        const entries: any[] = patch.inputs.spec.template.spec.containers[0].env.filter((e: any) => e.name.includes("SSO_GROUP"));
        return { data: cm.inputs.data as Record<string, string>, entries };
    }

    it("a plain teams: true turns the group claims on, read by plain references (as groupClaims: true does)", async () => {
        const wandb = new WandbOidc("w", { ...PLAIN, teams: true });
        assert.deepEqual(await valueOf(wandb.env), { ...BASE_ENV, ...GROUP_CLAIMS_ENV });
        const { data, entries } = await groupClaimEntries(wandb);
        assert.equal(data.GORILLA_ENABLE_SSO_GROUP_CLAIMS, "true");
        assert.deepEqual(
            entries.map((e) => e.name),
            ["GORILLA_ENABLE_SSO_GROUP_CLAIMS", "GORILLA_ENABLE_SSO_GROUPS_CLAIMS"],
        );
        assert.ok(entries.every((e: any) => e.valueFrom.configMapKeyRef.optional === undefined));
    });

    it("another resource's teams output, true: the key is in the ConfigMap and the Deployment reads it optionally", async () => {
        const wandb = new WandbOidc("w", { ...PLAIN, teams: pulumi.output(true) });
        assert.deepEqual(await valueOf(wandb.env), { ...BASE_ENV, ...GROUP_CLAIMS_ENV });
        const { data, entries } = await groupClaimEntries(wandb);
        assert.equal(data.GORILLA_ENABLE_SSO_GROUP_CLAIMS, "true");
        assert.deepEqual(entries, [
            {
                name: "GORILLA_ENABLE_SSO_GROUP_CLAIMS",
                ...configMapRef(entries[0]!.valueFrom.configMapKeyRef.name, "GORILLA_ENABLE_SSO_GROUP_CLAIMS", true),
            },
            {
                name: "GORILLA_ENABLE_SSO_GROUPS_CLAIMS",
                ...configMapRef(entries[0]!.valueFrom.configMapKeyRef.name, "GORILLA_ENABLE_SSO_GROUP_CLAIMS", true),
            },
        ]);
    });

    it("another resource's teams output, false: no key, so the optional references set nothing", async () => {
        const wandb = new WandbOidc("w", { ...PLAIN, teams: pulumi.output(false) });
        assert.deepEqual(await valueOf(wandb.env), BASE_ENV);
        const { data, entries } = await groupClaimEntries(wandb);
        assert.equal(data.GORILLA_ENABLE_SSO_GROUP_CLAIMS, undefined);
        assert.equal(entries.length, 2);
    });

    it("refuses groupClaims: false beside teams: true, before anything is registered, or once an output is known", async () => {
        assert.throws(
            () => new WandbOidc("w", { ...PLAIN, teams: true, groupClaims: false }),
            /WandbOidc "w": 1 problem; nothing was registered\. Please fix:\n {2}- groupClaims = false: contradicts the IdP component's teams: true/,
        );
        assert.deepEqual(runtime.mocks.resources, []);
        const later = new WandbOidc("v", { ...PLAIN, teams: pulumi.output(true), groupClaims: false });
        await assert.rejects(valueOf(later.env), (e: unknown) => {
            assert.ok(pulumi.ResourceError.isInstance(e) && e.resource === later);
            assert.match(e.message, /WandbOidc "v": teams \(from another resource\) = true: true, but groupClaims is false, which/);
            return true;
        });
    });

    it("wandbOidcEnv follows the client's teams too, plain or an output", async () => {
        const withTeams = { ...client(), teams: true };
        assert.deepEqual(await valueOf(wandbOidcEnv(withTeams, { host: HOST })), { ...BASE_ENV, ...GROUP_CLAIMS_ENV });
        assert.deepEqual(await valueOf(wandbOidcEnv({ ...client(), teams: pulumi.output(true) }, { host: HOST })), {
            ...BASE_ENV,
            ...GROUP_CLAIMS_ENV,
        });
        assert.deepEqual(await valueOf(wandbOidcEnv({ ...client(), teams: pulumi.output(false) }, { host: HOST })), BASE_ENV);
    });
});
