// The public API of wandb-sso: `import { CognitoOidcApp, WandbOidc } from "wandb-sso"`.
export { AUTH_METHODS, DEFAULT_AUTH_METHOD, OIDC_SCOPES, parseAuthMethod, parseHost, wandbUrls } from "./oidc";
export type { AuthMethod, IdpAppArgs, OidcClient, WandbUrls } from "./oidc";
export { ConfigError } from "./problems";
export type { Problem } from "./problems";
export type { OidcApp } from "./oidc";

export { CognitoOidcApp } from "../providers/cognito";
export type { CognitoOidcAppArgs } from "../providers/cognito";

export { OktaOidcApp } from "../providers/okta";
export type { OktaOidcAppArgs } from "../providers/okta";
export { EntraOidcApp } from "../providers/entra";
export type { EntraOidcAppArgs } from "../providers/entra";
export { Auth0OidcApp } from "../providers/auth0";
export type { Auth0OidcAppArgs } from "../providers/auth0";
export { KeycloakOidcApp } from "../providers/keycloak";
export type { KeycloakOidcAppArgs } from "../providers/keycloak";
export { ExistingOidcApp } from "../providers/existing";
export type { ExistingOidcAppArgs } from "../providers/existing";

export { WandbOidc } from "./wandb/wandbOidc";
export type { WandbOidcArgs } from "./wandb/wandbOidc";
export { wandbOidcEnv, wandbOidcEnvVars } from "./wandb/env";
export { wandbChartValues } from "./wandb/chart";
export type { WandbChartValues } from "./wandb/chart";
export { WANDB_TARGETS } from "./wandb/settings";
export type { WandbTarget } from "./wandb/settings";
export type { WandbOidcEnvOptions } from "./wandb/env";
