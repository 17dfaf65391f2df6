// Who owns each W&B variable of a live Deployment, and what the deployment target does about it:
// exact verdicts and the exact managedFields transfer, from managedFields as the API server writes
// them (the shapes below are those kube-apiserver 1.35 wrote in the e2e environment for
// `kubectl set env`, `kubectl apply --server-side --field-manager=helm` and a wandb-sso patch).
import { strict as assert } from "node:assert";
import { judgeLiveDeployment, takeOverPatch, type LiveDeployment } from "../../src/wandb/targets/envOwnership";
import { envFields, liveDeployment, type LiveManagedFields } from "../helpers/pulumiMocks";

const OWN = "wandb-sso-wandb";
const NAMES = ["OIDC_ISSUER", "GORILLA_OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_SECRET"];
type Env = { name: string; value?: string; valueFrom?: unknown }[];
const HAND_ENV: Env = [
    { name: "HOST", value: "http://127.0.0.1" },
    { name: "OIDC_ISSUER", value: "https://idp.example.com" },
    { name: "OIDC_CLIENT_ID", value: "wandb" },
];

const live = (managedFields: LiveManagedFields[], env: Env = HAND_ENV) =>
    liveDeployment([{ name: "wandb", env }, { name: "sidecar" }], managedFields) as LiveDeployment;

const helmOwnsHost: LiveManagedFields = { manager: "helm", operation: "Apply", fieldsV1: envFields("wandb", ["HOST"]) };

describe("the deployment target's verdict on the live Deployment", () => {
    it("takes over the variables set with kubectl set env, and only those wandb-sso will own", () => {
        const verdict = judgeLiveDeployment(
            live([
                helmOwnsHost,
                { manager: "kubectl-set", operation: "Update", fieldsV1: envFields("wandb", ["OIDC_ISSUER", "OIDC_CLIENT_ID"]) },
            ]),
            "wandb",
            NAMES,
            OWN,
        );
        assert.deepEqual(verdict, { problems: [], takeOver: ["OIDC_ISSUER", "OIDC_CLIENT_ID"] });
    });

    it("takes over what every kubectl command and the API server's before-first-apply set", () => {
        for (const manager of ["kubectl-edit", "kubectl-patch", "kubectl-client-side-apply", "kubectl", "before-first-apply"]) {
            const verdict = judgeLiveDeployment(
                live([{ manager, operation: manager === "kubectl" ? "Apply" : "Update", fieldsV1: envFields("wandb", ["OIDC_ISSUER"]) }]),
                "wandb",
                NAMES,
                OWN,
            );
            // OIDC_CLIENT_ID has a value nobody recorded (managedFields cleared since): taken over too.
            assert.deepEqual(verdict, { problems: [], takeOver: ["OIDC_ISSUER", "OIDC_CLIENT_ID"] }, manager);
        }
    });

    it("leaves alone what wandb-sso owns, under its manager or an earlier wandb-sso's random one, and a Helm-owned variable it does not own", () => {
        const verdict = judgeLiveDeployment(
            live(
                [
                    helmOwnsHost,
                    { manager: OWN, operation: "Apply", fieldsV1: envFields("wandb", ["OIDC_ISSUER"], "f:valueFrom") },
                    {
                        manager: "pulumi-kubernetes-8f3a2c1d",
                        operation: "Apply",
                        fieldsV1: envFields("wandb", ["OIDC_CLIENT_ID"], "f:valueFrom"),
                    },
                ],
                [
                    { name: "HOST", value: "http://127.0.0.1" },
                    { name: "OIDC_ISSUER", valueFrom: { configMapKeyRef: { name: "wandb-oidc-1", key: "OIDC_ISSUER" } } },
                    { name: "OIDC_CLIENT_ID", valueFrom: { configMapKeyRef: { name: "wandb-oidc-1", key: "OIDC_CLIENT_ID" } } },
                ],
            ),
            "wandb",
            NAMES,
            OWN,
        );
        assert.deepEqual(verdict, { problems: [], takeOver: [] });
    });

    it("refuses variables Helm owns, naming them, the field manager and the helm target", () => {
        const verdict = judgeLiveDeployment(
            live([{ manager: "helm", operation: "Update", fieldsV1: envFields("wandb", ["HOST", "OIDC_ISSUER", "OIDC_CLIENT_ID"]) }]),
            "wandb",
            NAMES,
            OWN,
        );
        assert.deepEqual(verdict, {
            problems: [
                {
                    setting: "target",
                    value: "deployment",
                    fix: "OIDC_ISSUER, OIDC_CLIENT_ID in container wandb are set by Helm (field manager helm), which will set them again on its next run, so wandb-sso will not take them over: use target helm (wandb-sso:wandb.target), which gives the release wandb-sso's settings as chart values (the helmValues output) for your next helm upgrade, instead of deployment",
                },
            ],
            takeOver: [],
        });
    });

    it("refuses variables W&B's operator owns, naming the operator targets; and any other tool's, naming it", () => {
        const verdict = judgeLiveDeployment(
            live([
                { manager: "manager", operation: "Update", fieldsV1: envFields("wandb", ["OIDC_ISSUER"]) },
                { manager: "argocd-controller", operation: "Apply", fieldsV1: envFields("wandb", ["OIDC_CLIENT_ID"]) },
                { manager: "kubectl-set", operation: "Update", fieldsV1: envFields("wandb", ["OIDC_CLIENT_ID"]) },
            ]),
            "wandb",
            NAMES,
            OWN,
        );
        assert.deepEqual(
            verdict.problems.map((p) => p.fix),
            [
                "OIDC_ISSUER in container wandb is set by W&B's operator (field manager manager), which will set it again on its next run, so wandb-sso will not take it over: use target operator (wandb-sso:wandb.target; the operator's apps.wandb.com/v1 WeightsAndBiases resource) or operator-v2 (operator v2), which set them through the resource the operator renders this Deployment from, instead of deployment",
                "OIDC_CLIENT_ID in container wandb is set by field manager argocd-controller, which will set it again: wandb-sso does not take variables from a tool that writes them (it would fight it on every run); stop argocd-controller from setting it, then pulumi up",
            ],
        );
        // Nothing is taken over while anything is refused.
        assert.deepEqual(verdict.takeOver, []);
    });

    it("refuses a plain value another Pulumi program's patch sets (not an earlier wandb-sso's references)", () => {
        const verdict = judgeLiveDeployment(
            live([{ manager: "pulumi-kubernetes-8f3a2c1d", operation: "Apply", fieldsV1: envFields("wandb", ["OIDC_ISSUER"]) }]),
            "wandb",
            NAMES,
            OWN,
        );
        assert.match(
            verdict.problems[0]!.fix,
            /^OIDC_ISSUER in container wandb is set by field manager pulumi-kubernetes-8f3a2c1d, which will set it again/,
        );
    });

    it("refuses a container the Deployment does not have, naming those it has", () => {
        assert.deepEqual(judgeLiveDeployment(live([]), "local", NAMES, OWN), {
            problems: [
                {
                    setting: "container",
                    value: "local",
                    fix: 'the Deployment has no container "local"; its containers are wandb, sidecar: set container (wandb-sso:wandb.container) to the one that runs wandb/local',
                },
            ],
            takeOver: [],
        });
    });
});

describe("the takeover of variables set by hand (managedFields)", () => {
    const kubectlSet: LiveManagedFields = {
        manager: "kubectl-set",
        operation: "Update",
        fieldsV1: {
            "f:spec": {
                "f:template": {
                    "f:metadata": { "f:annotations": { "f:kubectl.kubernetes.io/restartedAt": {} } },
                    "f:spec": {
                        "f:containers": {
                            'k:{"name":"wandb"}': {
                                "f:env": {
                                    ".": {},
                                    'k:{"name":"OIDC_ISSUER"}': { ".": {}, "f:name": {}, "f:value": {} },
                                    'k:{"name":"OIDC_CLIENT_ID"}': { ".": {}, "f:name": {}, "f:value": {} },
                                    'k:{"name":"EXTRA"}': { ".": {}, "f:name": {}, "f:value": {} },
                                },
                            },
                        },
                    },
                },
            },
        },
    };
    const now = new Date("2026-07-01T12:00:00.123Z");

    it("moves exactly those variables' fields into an Apply entry of wandb-sso's manager, guarded by the resource version", () => {
        const patch = takeOverPatch(live([helmOwnsHost, kubectlSet]), "wandb", ["OIDC_ISSUER", "OIDC_CLIENT_ID"], OWN, now);
        assert.deepEqual(patch, [
            {
                op: "replace",
                path: "/metadata/managedFields",
                value: [
                    { ...helmOwnsHost, apiVersion: "apps/v1", fieldsType: "FieldsV1" },
                    {
                        ...kubectlSet,
                        apiVersion: "apps/v1",
                        fieldsType: "FieldsV1",
                        // kubectl-set keeps what it set besides: the env list's own entry and EXTRA.
                        fieldsV1: {
                            "f:spec": {
                                "f:template": {
                                    "f:metadata": { "f:annotations": { "f:kubectl.kubernetes.io/restartedAt": {} } },
                                    "f:spec": {
                                        "f:containers": {
                                            'k:{"name":"wandb"}': {
                                                "f:env": { ".": {}, 'k:{"name":"EXTRA"}': { ".": {}, "f:name": {}, "f:value": {} } },
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                    {
                        manager: OWN,
                        operation: "Apply",
                        apiVersion: "apps/v1",
                        fieldsType: "FieldsV1",
                        time: "2026-07-01T12:00:00Z",
                        fieldsV1: envFields("wandb", ["OIDC_ISSUER", "OIDC_CLIENT_ID"]),
                    },
                ],
            },
            { op: "replace", path: "/metadata/resourceVersion", value: "4711" },
        ]);
    });

    it("drops a by-hand entry left with nothing, and merges into wandb-sso's entry when it has one", () => {
        const own: LiveManagedFields = {
            manager: OWN,
            operation: "Apply",
            fieldsV1: envFields("wandb", ["GORILLA_OIDC_ISSUER"], "f:valueFrom"),
        };
        const edit: LiveManagedFields = { manager: "kubectl-edit", operation: "Update", fieldsV1: envFields("wandb", ["OIDC_ISSUER"]) };
        const patch = takeOverPatch(live([own, edit]), "wandb", ["OIDC_ISSUER"], OWN, now)!;
        const fields = envFields("wandb", ["GORILLA_OIDC_ISSUER"], "f:valueFrom") as any;
        fields["f:spec"]["f:template"]["f:spec"]["f:containers"]['k:{"name":"wandb"}']["f:env"]['k:{"name":"OIDC_ISSUER"}'] = {
            ".": {},
            "f:name": {},
            "f:value": {},
        };
        assert.deepEqual(patch[0]!.value, [
            {
                manager: OWN,
                operation: "Apply",
                apiVersion: "apps/v1",
                fieldsType: "FieldsV1",
                time: "2026-07-01T12:00:00Z",
                fieldsV1: fields,
            },
        ]);
    });

    it("owns a value nobody recorded as it stands, and has nothing to do without one", () => {
        const patch = takeOverPatch(live([]), "wandb", ["OIDC_CLIENT_ID"], OWN, now)!;
        assert.deepEqual((patch[0]!.value as any[])[0].fieldsV1, envFields("wandb", ["OIDC_CLIENT_ID"]));
        assert.equal(takeOverPatch(live([]), "wandb", ["GORILLA_OIDC_ISSUER"], OWN, now), undefined);
    });
});
