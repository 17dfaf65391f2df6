// The identity providers the stack program can set up, by the name `wandb-sso:idp` takes.
import { cognito } from "./cognito";
import { auth0 } from "./auth0";
import { keycloak } from "./keycloak";
import { existing } from "./existing";
import { okta } from "./okta";
import { entra } from "./entra";
import type { IdpDefinition } from "./types";

export const IDPS = {
    cognito,
    auth0,
    keycloak,
    existing,
    okta,
    entra,
    // one line per IdP: name: definition (see ./cognito.ts)
    // Each definition is typed by its own settings; `any` only widens the table, not the entries.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
} satisfies Record<string, IdpDefinition<any>>;

export type IdpName = keyof typeof IDPS;
export const IDP_NAMES = Object.keys(IDPS) as IdpName[];

/** The IdP part of a validated stack config. */
export interface IdpSelection {
    readonly name: IdpName;
    readonly settings: unknown;
}

export type { IdpDefinition, IdpParseContext, OidcApp } from "./types";
