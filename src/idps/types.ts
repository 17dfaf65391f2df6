// What the stack program needs to know about each identity provider: how to validate its
// `wandb-sso:<idp>` config object, and how to create its app registration component.
import type * as pulumi from "@pulumi/pulumi";
import type { AuthMethod, IdpAppArgs, OidcClient } from "../oidc";
import type { Problems } from "../problems";

/** An IdP component as the stack program uses it: the OIDC contract plus the URLs it registered. */
export interface OidcApp extends OidcClient {
    /** The sign-in redirect URI registered with the IdP (`<host>/oidc/callback`). */
    readonly callbackUrl: pulumi.Output<string>;
    /** The logout / sign-out redirect URL registered with the IdP. */
    readonly logoutUrl: pulumi.Output<string>;
}

export interface IdpParseContext {
    /** The stack key being validated, e.g. `wandb-sso:cognito`. */
    readonly setting: string;
    /** The auth method the stack asks for (already validated). */
    readonly authMethod: AuthMethod;
    /** Whether the stack key was set with `pulumi config set --secret`. */
    readonly secret: boolean;
}

export interface IdpDefinition<Settings> {
    /** Validates the stack's `wandb-sso:<idp>` value, recording every problem; undefined when invalid. */
    parse(value: unknown, problems: Problems, context: IdpParseContext): Settings | undefined;
    /**
     * Creates the app registration. Implementations load their provider module on demand, so a
     * stack loads only the SDK of the IdP it uses.
     */
    create(name: string, settings: Settings, common: Required<IdpAppArgs>, opts?: pulumi.ComponentResourceOptions): OidcApp;
}
