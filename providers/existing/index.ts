// ExistingOidcApp: an app registration made outside this program (Google, whose OAuth clients have
// no API, or any IdP's app made by hand), validated and passed on as the same OidcApp contract.
import * as pulumi from "@pulumi/pulumi";
import type { AuthMethod, OidcApp } from "../../src/oidc";
import { SECRET_PLACEHOLDER } from "../../src/problems";
import { checkIdpApp, oidcAppOutputs } from "../../src/idpApp";
import { checkExistingArgs, type ExistingOidcAppArgs } from "./rules";

export type { ExistingOidcAppArgs } from "./rules";

export class ExistingOidcApp extends pulumi.ComponentResource implements OidcApp {
    static readonly TYPE = "wandb-sso:providers:ExistingOidcApp";

    declare readonly issuer: pulumi.Output<string>;
    declare readonly clientId: pulumi.Output<string>;
    declare readonly authMethod: pulumi.Output<AuthMethod>;
    /** Present exactly when `clientSecret` was given; always a Pulumi secret. */
    declare readonly clientSecret?: pulumi.Output<string>;
    declare readonly callbackUrl: pulumi.Output<string>;
    /** `<host>/logout`, the sign-out redirect to register with the IdP where it has one. */
    declare readonly logoutUrl: pulumi.Output<string>;

    /**
     * @param args.protect accepted for symmetry with the other IdP components; there is nothing to
     * protect, as this component creates no cloud resource.
     */
    constructor(name: string, args: ExistingOidcAppArgs, opts?: pulumi.ComponentResourceOptions) {
        const subject = `ExistingOidcApp "${name}"`;
        const { settings, authMethod, urls } = checkIdpApp("ExistingOidcApp", name, args, checkExistingArgs);
        super(ExistingOidcApp.TYPE, name, {}, opts);

        let clientSecret: pulumi.Output<string> | undefined;
        if (settings.clientSecret !== undefined) {
            // Whether an Output is secret is known only asynchronously (in preview too, even when
            // its value is not). A non-secret one fails every resource that uses the secret, so the
            // preview fails before anything is changed.
            const source = pulumi.output(settings.clientSecret);
            clientSecret = pulumi.output(pulumi.isSecret(source)).apply((isSecret) => {
                if (!isSecret) {
                    // Not a ConfigError: the component is registered by now.
                    throw new Error(
                        `${subject}: clientSecret = "${SECRET_PLACEHOLDER}": this Output is not a Pulumi secret, so its value would be stored unencrypted wherever it flows; wrap it with pulumi.secret(...) where it is made`,
                    );
                }
                return source;
            });
        }

        const outputs = oidcAppOutputs({
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
