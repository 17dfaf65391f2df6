// ExistingOidcApp: an app registration made outside this program (Google, whose OAuth clients have
// no API, or any IdP's app made by hand), validated and passed on as the same OidcApp contract.
import * as pulumi from "@pulumi/pulumi";
import { componentType, withPreviousType } from "../../src/componentType";
import { type AuthMethod, type OidcApp } from "../../src/oidc";
import { secretWhenKnown } from "../../src/deferred";
import { checkIdpApp, oidcAppOutputs } from "../../src/idp/app";
import { checkExistingArgs, EXISTING_TEAMS_WARNING, type ExistingOidcAppArgs, EXISTING_FIELDS } from "./rules";

export type { ExistingOidcAppArgs } from "./rules";

/**
 * An app registration made outside this program (Google, whose OAuth clients have no API, or any
 * IdP's app made by hand): validated and passed on with the same outputs as the other IdP
 * components. Creates no cloud resource.
 */
export class ExistingOidcApp extends pulumi.ComponentResource implements OidcApp {
    static readonly TYPE = componentType("ExistingOidcApp");
    /** The token of versions before 0.2, an alias so that existing stacks keep their state. */
    static readonly PREVIOUS_TYPE = "wandb-sso:providers:ExistingOidcApp";

    /** The issuer, exactly as given (OIDC_ISSUER). */
    declare readonly issuer: pulumi.Output<string>;
    /** The client ID W&B logs in with (OIDC_CLIENT_ID). */
    declare readonly clientId: pulumi.Output<string>;
    /** How W&B completes a login, as the app is registered (OIDC_AUTH_METHOD): pkce or implicit. */
    declare readonly authMethod: pulumi.Output<AuthMethod>;
    /** Present exactly when `clientSecret` was given; always a Pulumi secret. */
    declare readonly clientSecret?: pulumi.Output<string>;
    /** `<host>/oidc/callback`, the registered sign-in redirect URI. */
    declare readonly callbackUrl: pulumi.Output<string>;
    /** `<host>/logout`, the sign-out redirect to register with the IdP where it has one. */
    declare readonly logoutUrl: pulumi.Output<string>;
    /** Whether the app sends W&B's team names (a `groups` claim of plain group names): WandbOidc's `teams` takes it. */
    declare readonly teams: boolean;

    /**
     * @param args.protect accepted for symmetry with the other IdP components; there is nothing to
     * protect, as this component creates no cloud resource.
     */
    constructor(name: string, args: ExistingOidcAppArgs, opts?: pulumi.ComponentResourceOptions) {
        const subject = `ExistingOidcApp "${name}"`;
        const { settings, authMethod, teams, urls } = checkIdpApp(
            "ExistingOidcApp",
            name,
            args,
            EXISTING_FIELDS,
            checkExistingArgs,
            undefined,
        );
        super(ExistingOidcApp.TYPE, name, {}, withPreviousType(opts, ExistingOidcApp.PREVIOUS_TYPE));
        // Teams with an app made by hand (Google is refused): only its admin knows what it sends.
        if (teams.teams) void pulumi.log.warn(EXISTING_TEAMS_WARNING, this);

        // A secret given as an Output is known to be secret (and to have a value) only later, in preview too.
        const clientSecret =
            settings.clientSecret === undefined
                ? undefined
                : secretWhenKnown(settings.clientSecret, "clientSecret", { resource: this, subject });

        const outputs = oidcAppOutputs({
            teams: teams.teams,
            issuer: settings.issuer,
            clientId: settings.clientId,
            authMethod,
            callbackUrl: urls.callbackUrl,
            logoutUrl: urls.logoutPageUrl,
            ...(clientSecret !== undefined && { clientSecret }),
        });
        Object.assign(this, outputs);
        this.registerOutputs(outputs);
    }
}
