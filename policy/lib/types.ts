// The Pulumi type tokens this pack recognises. Copied, not imported: the pack runs on any stack with
// only its own folder installed, so it does not load the provider SDKs. Each is the `__pulumiType` of
// the class in the SDK the repository installs (checked against these files):
//   @pulumi/okta 7.0.0       app/oauth.js                    okta:app/oAuth:OAuth
//   @pulumi/azuread 6.9.1    application.js                  azuread:index/application:Application
//                            applicationPassword.js          azuread:index/applicationPassword:ApplicationPassword
//   @pulumi/aws 7.48.0       cognito/userPoolClient.js       aws:cognito/userPoolClient:UserPoolClient
//   @pulumi/auth0 3.49.0     client.js                       auth0:index/client:Client
//   @pulumi/keycloak 6.13.0  openid/client.js                keycloak:openid/client:Client
//   @pulumi/kubernetes 4.34.2 apps/v1/deployment.js etc.     kubernetes:apps/v1:Deployment ...
// The W&B Operator's resource is a CustomResource, whose token is `kubernetes:<apiVersion>:<kind>`
// (@pulumi/kubernetes 4.34.2 apiextensions/customResource.js), or a CustomResourcePatch,
// `kubernetes:<apiVersion>:<kind>Patch` (apiextensions/customResourcePatch.js).

export const OKTA_APP = "okta:app/oAuth:OAuth";
export const ENTRA_APP = "azuread:index/application:Application";
export const ENTRA_PASSWORD = "azuread:index/applicationPassword:ApplicationPassword";
export const COGNITO_CLIENT = "aws:cognito/userPoolClient:UserPoolClient";
export const AUTH0_CLIENT = "auth0:index/client:Client";
export const KEYCLOAK_CLIENT = "keycloak:openid/client:Client";
// Where the groups claim of an app is configured (the same SDK versions):
//   @pulumi/okta 7.0.0       auth/serverClaim.js             okta:auth/serverClaim:ServerClaim
//   @pulumi/keycloak 6.13.0  openid/groupMembershipProtocolMapper.js
//   @pulumi/aws 7.48.0       cognito/userPool.js             aws:cognito/userPool:UserPool
export const OKTA_SERVER_CLAIM = "okta:auth/serverClaim:ServerClaim";
export const KEYCLOAK_GROUPS_MAPPER = "keycloak:openid/groupMembershipProtocolMapper:GroupMembershipProtocolMapper";
export const COGNITO_POOL = "aws:cognito/userPool:UserPool";

/**
 * Workloads whose pod template carries W&B's environment. The Patch kinds are server-side-apply
 * patches of the same objects (wandb-sso's own `deployment` target registers a DeploymentPatch).
 */
export const WORKLOADS: ReadonlySet<string> = new Set([
    "kubernetes:apps/v1:Deployment",
    "kubernetes:apps/v1:DeploymentPatch",
    "kubernetes:apps/v1:StatefulSet",
    "kubernetes:apps/v1:StatefulSetPatch",
    "kubernetes:apps/v1:DaemonSet",
    "kubernetes:apps/v1:DaemonSetPatch",
]);

/** Bare pods (their spec is the pod spec), which carry W&B's environment as a workload's template does. */
export const PODS: ReadonlySet<string> = new Set(["kubernetes:core/v1:Pod", "kubernetes:core/v1:PodPatch"]);

export const CONFIG_MAPS: ReadonlySet<string> = new Set(["kubernetes:core/v1:ConfigMap", "kubernetes:core/v1:ConfigMapPatch"]);

/** `WeightsAndBiases` and `WeightsAndBiasesPatch` of apps.wandb.com, any version (v1 values, v2 fields). */
export const WEIGHTS_AND_BIASES = /^kubernetes:apps\.wandb\.com\/[^:]+:WeightsAndBiases(Patch)?$/;

/** `okta:app/oAuth:OAuth "wandb-sso-app"`: how messages name a resource. */
export function label(type: string, name: string): string {
    return `${type} ${JSON.stringify(name)}`;
}
