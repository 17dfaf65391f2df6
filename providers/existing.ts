// ExistingOidcApp: an app registration made outside this program (Google, whose OAuth clients have
// no API, or any IdP's app made by hand), validated and passed on as the same OidcApp contract.
import * as pulumi from "@pulumi/pulumi";
import { wandbUrls, type AuthMethod, type IdpAppArgs } from "../src/oidc";
import { Problems } from "../src/problems";
import { existingCombinationProblems, parseClientId, parseExistingIssuer, SECRET_PLACEHOLDER } from "../src/idps/existing";
import type { OidcApp } from "../src/idps/types";
import { checkIdpAppArgs } from "../src/idps/common";

export interface ExistingOidcAppArgs extends IdpAppArgs {
    /** The issuer exactly as the IdP's discovery document states it (Google: `https://accounts.google.com`). */
    issuer: string;
    /** The client ID the IdP issued. */
    clientId: string;
    /**
     * The client secret, when the IdP issued one: a Pulumi secret (`pulumi.secret(...)`,
     * `config.requireSecret(...)`, or a provider's secret output). A plain string is refused, and so
     * is an Output that is not secret (when it resolves, in preview).
     */
    clientSecret?: pulumi.Input<string>;
}

export class ExistingOidcApp extends pulumi.ComponentResource implements OidcApp {
    static readonly TYPE = "wandb-sso:providers:ExistingOidcApp";

    readonly issuer: pulumi.Output<string>;
    readonly clientId: pulumi.Output<string>;
    readonly authMethod: pulumi.Output<AuthMethod>;
    /**
     * Present exactly when `clientSecret` was given; always a Pulumi secret. (`declare`: otherwise
     * the class field would exist, as undefined, even without a secret.)
     */
    declare readonly clientSecret?: pulumi.Output<string>;
    readonly callbackUrl: pulumi.Output<string>;
    /** `<host>/logout`, the sign-out redirect to register with the IdP where it has one. */
    readonly logoutUrl: pulumi.Output<string>;

    /**
     * @param args.protect accepted for symmetry with the other IdP components; there is nothing to
     * protect, as this component creates no cloud resource.
     */
    constructor(name: string, args: ExistingOidcAppArgs, opts?: pulumi.ComponentResourceOptions) {
        const subject = `ExistingOidcApp "${name}"`;
        // Validate everything before registering anything (the component included).
        const problems = new Problems();
        const { authMethod } = checkIdpAppArgs(problems, args);
        const issuer = problems.check("issuer", args.issuer, parseExistingIssuer);
        const clientId = problems.check("clientId", args.clientId, parseClientId);
        const secretInput = args.clientSecret;
        if (secretInput !== undefined && !pulumi.Output.isInstance(secretInput)) {
            // A plain value (or a promise) carries no secret mark: it would reach the state in
            // plain text wherever it flows.
            problems.add(
                "clientSecret",
                SECRET_PLACEHOLDER,
                "a plain value is not a Pulumi secret and would be stored unencrypted; pass pulumi.secret(value), or read it with config.requireSecret(...)",
            );
        }
        if (authMethod !== undefined) {
            existingCombinationProblems(
                { issuer, clientId, hasSecret: secretInput !== undefined, authMethod },
                { clientId: "clientId", clientSecret: "clientSecret", authMethod: "authMethod" },
                problems,
            );
        }
        problems.throwIfAny(subject);

        super(ExistingOidcApp.TYPE, name, {}, opts);
        const urls = wandbUrls(args.host);

        this.issuer = pulumi.output(issuer!);
        this.clientId = pulumi.output(clientId!);
        this.authMethod = pulumi.output<AuthMethod>(authMethod!);
        this.callbackUrl = pulumi.output(urls.callbackUrl);
        this.logoutUrl = pulumi.output(urls.logoutPageUrl);
        if (secretInput !== undefined) {
            // Whether an Output is secret is known only asynchronously (in preview too, even when
            // its value is not). A non-secret one fails every resource that uses the secret, so the
            // preview fails before anything is changed.
            const source = secretInput as pulumi.Output<string>;
            const checked = pulumi.output(pulumi.isSecret(source)).apply((isSecret) => {
                if (!isSecret) {
                    // Not a ConfigError: the component is registered by now.
                    throw new Error(
                        `${subject}: clientSecret = "${SECRET_PLACEHOLDER}": this Output is not a Pulumi secret, so its value would be stored unencrypted wherever it flows; wrap it with pulumi.secret(...) where it is made`,
                    );
                }
                return source;
            });
            // Wrapped here as well, so it stays secret whatever happens upstream.
            this.clientSecret = pulumi.secret(checked);
        }

        this.registerOutputs({
            issuer: this.issuer,
            clientId: this.clientId,
            authMethod: this.authMethod,
            clientSecret: this.clientSecret,
            callbackUrl: this.callbackUrl,
            logoutUrl: this.logoutUrl,
        });
    }
}
