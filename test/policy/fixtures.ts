// Hand-built resources, as the engine would send them: a valid W&B SSO setup for each IdP and each
// W&B side, to be broken one field at a time by the tests. Type tokens are written out (not taken
// from policy/lib/types.ts) so that a wrong token in the pack fails these tests.
import type { PlainValue } from "../../tools/plan/values";
import type { EngineResource } from "./engine";
import { urnOf } from "./engine";
import { engineValue } from "./engineValues";

type Props = Record<string, PlainValue>;

export const HOST = "https://wandb.example.com";
export const CALLBACK = `${HOST}/oidc/callback`;

export function resource(type: string, name: string, props: Props, extra: Partial<EngineResource> = {}): EngineResource {
    return { type, name, props: engineValue(props) as Record<string, unknown>, urn: urnOf(type, name), ...extra };
}

export const oktaApp = (props: Props = {}, name = "wandb-okta"): EngineResource =>
    resource("okta:app/oAuth:OAuth", name, {
        label: "Weights & Biases",
        type: "browser",
        grantTypes: ["authorization_code"],
        responseTypes: ["code"],
        redirectUris: [CALLBACK],
        postLogoutRedirectUris: [`${HOST}/logout`],
        clientId: "0oa1okta",
        ...props,
    });

export const entraApp = (props: Props = {}, name = "wandb-entra"): EngineResource =>
    resource("azuread:index/application:Application", name, {
        displayName: "Weights & Biases",
        web: { redirectUris: [CALLBACK], logoutUrl: `${HOST}/logout`, implicitGrant: { idTokenIssuanceEnabled: false } },
        clientId: "11111111-2222-3333-4444-555555555555",
        objectId: "99999999-8888-7777-6666-555555555555",
        ...props,
    });

export const cognitoClient = (props: Props = {}, name = "wandb-cognito"): EngineResource =>
    resource("aws:cognito/userPoolClient:UserPoolClient", name, {
        userPoolId: "us-west-2_Ab1",
        allowedOauthFlows: ["code"],
        callbackUrls: [CALLBACK],
        logoutUrls: [HOST],
        ...props,
    });

export const auth0Client = (props: Props = {}, name = "wandb-auth0"): EngineResource =>
    resource("auth0:index/client:Client", name, {
        appType: "spa",
        grantTypes: ["authorization_code"],
        callbacks: [CALLBACK],
        allowedLogoutUrls: [`${HOST}/logout`],
        clientId: "auth0ClientId",
        ...props,
    });

export const keycloakClient = (props: Props = {}, name = "wandb-keycloak"): EngineResource =>
    resource("keycloak:openid/client:Client", name, {
        realmId: "acme",
        clientId: "wandb",
        accessType: "PUBLIC",
        standardFlowEnabled: true,
        implicitFlowEnabled: false,
        validRedirectUris: [CALLBACK],
        validPostLogoutRedirectUris: [`${HOST}/logout`],
        ...props,
    });

export const configMap = (data: Props = {}, name = "wandb-oidc", extra: Props = {}): EngineResource =>
    resource("kubernetes:core/v1:ConfigMap", name, {
        apiVersion: "v1",
        kind: "ConfigMap",
        data: { OIDC_ISSUER: "https://acme.okta.com/oauth2/default", OIDC_CLIENT_ID: "0oa1okta", OIDC_AUTH_METHOD: "pkce", ...data },
        ...extra,
    });

/** A workload with one container, `wandb`, whose env is W&B's OIDC settings by reference plus `env`. */
export const workload = (env: PlainValue[], type = "kubernetes:apps/v1:Deployment", name = "wandb"): EngineResource =>
    resource(type, name, {
        apiVersion: "apps/v1",
        kind: type.includes("StatefulSet") ? "StatefulSet" : "Deployment",
        metadata: { name: "wandb", namespace: "wandb" },
        spec: {
            template: {
                spec: {
                    containers: [
                        {
                            name: "wandb",
                            env: [
                                {
                                    name: "OIDC_ISSUER",
                                    value: "",
                                    valueFrom: { configMapKeyRef: { name: "wandb-oidc", key: "OIDC_ISSUER" } },
                                },
                                ...env,
                            ],
                        },
                    ],
                },
            },
        },
    });

export const wandbV1 = (oidc: Props = {}, extraEnv: Props = {}, type = "kubernetes:apps.wandb.com/v1:WeightsAndBiases"): EngineResource =>
    resource(type, "wandb-operator", {
        apiVersion: "apps.wandb.com/v1",
        kind: "WeightsAndBiases",
        metadata: { name: "wandb", namespace: "wandb" },
        spec: {
            values: {
                global: {
                    auth: { oidc: { clientId: "0oa1okta", issuer: "https://acme.okta.com/oauth2/default", authMethod: "pkce", ...oidc } },
                    extraEnv,
                },
            },
        },
    });

export const wandbV2 = (
    oidc: Props = {},
    legacyEnv: PlainValue[] = [],
    type = "kubernetes:apps.wandb.com/v2:WeightsAndBiases",
): EngineResource =>
    resource(type, "wandb-v2", {
        apiVersion: "apps.wandb.com/v2",
        kind: "WeightsAndBiases",
        metadata: { name: "wandb", namespace: "wandb" },
        spec: {
            wandb: {
                oidc: {
                    issuerUrl: { name: "wandb-oidc", key: "issuer" },
                    clientId: { name: "wandb-oidc", key: "clientId" },
                    authMethod: { name: "wandb-oidc", key: "authMethod" },
                    clientSecret: { name: "wandb-oidc", key: "clientSecret" },
                    ...oidc,
                },
                legacyOverrides: { global: { env: legacyEnv } },
            },
        },
    });

/** Env entries. */
export const plain = (name: string, value: PlainValue): PlainValue => ({ name, value });
export const fromSecret = (name: string): PlainValue => ({
    name,
    value: "",
    valueFrom: { secretKeyRef: { name: "wandb-oidc-secret", key: "OIDC_SECRET" } },
});
export const fromConfigMap = (name: string): PlainValue => ({
    name,
    value: "",
    valueFrom: { configMapKeyRef: { name: "wandb-oidc", key: name } },
});
