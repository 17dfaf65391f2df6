// The public API of wandb-sso: `import { CognitoOidcApp, WandbOidc } from "wandb-sso"`.
//
// Importing it loads no IdP SDK: each IdP component is a getter, made from the registry
// (src/idps.ts), that loads its module (and the IdP's SDK) when first used, so an Okta-only
// program never loads, nor needs installed, the AWS or Azure SDKs (they are optional peer
// dependencies). `wandb-sso/<idp>` imports one IdP directly. The declarations below are what
// TypeScript (and Pulumi's component schema analyzer, which follows them to the classes) see: one
// line each, which a test holds equal to the registry.
import type * as Auth0 from "../providers/auth0";
import type * as Cognito from "../providers/cognito";
import type * as Entra from "../providers/entra";
import type * as Existing from "../providers/existing";
import type * as Keycloak from "../providers/keycloak";
import type * as Okta from "../providers/okta";
import { IDP_LIST } from "./idps";

export { AUTH_METHODS, AuthMethod, DEFAULT_AUTH_METHOD, OIDC_SCOPES } from "./oidc";
export type { IdpAppArgs, OidcApp, OidcClient, WandbUrls } from "./oidc";
export { parseAuthMethod, parseHost } from "./parse/oidc";
export { wandbUrls } from "./idp/app";
export { ConfigError } from "./errors";
export type { Problem } from "./problems";
export * from "./wandb";

export type { CognitoOidcAppArgs } from "../providers/cognito";
export type { OktaGroupsClaim, OktaOidcAppArgs } from "../providers/okta";
export type { EntraOidcAppArgs } from "../providers/entra";
// A pure module (no SDK): the enum of EntraOidcAppArgs.groupNameSource.
export { EntraGroupNameSource } from "../providers/entra/rules";
export type { Auth0OidcAppArgs } from "../providers/auth0";
export type { KeycloakOidcAppArgs } from "../providers/keycloak";
export type { ExistingOidcAppArgs } from "../providers/existing";

export declare const CognitoOidcApp: typeof Cognito.CognitoOidcApp;
export type CognitoOidcApp = Cognito.CognitoOidcApp;
export declare const OktaOidcApp: typeof Okta.OktaOidcApp;
export type OktaOidcApp = Okta.OktaOidcApp;
export declare const EntraOidcApp: typeof Entra.EntraOidcApp;
export type EntraOidcApp = Entra.EntraOidcApp;
export declare const Auth0OidcApp: typeof Auth0.Auth0OidcApp;
export type Auth0OidcApp = Auth0.Auth0OidcApp;
export declare const KeycloakOidcApp: typeof Keycloak.KeycloakOidcApp;
export type KeycloakOidcApp = Keycloak.KeycloakOidcApp;
export declare const ExistingOidcApp: typeof Existing.ExistingOidcApp;
export type ExistingOidcApp = Existing.ExistingOidcApp;

// The component loads when its getter is first read (the declarations above type them). On
// `module.exports`, which is the module's exports under tsc's output and under tsx's alike (tsx's
// esbuild hands out a copy of `exports` made before this line runs).
for (const idp of IDP_LIST) Object.defineProperty(module.exports, idp.className, { enumerable: true, get: idp.load });
