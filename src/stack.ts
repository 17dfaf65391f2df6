// The stack: the IdP's app registration and the W&B side, wired from a validated config.
import type * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "./config";
import { IDPS, type OidcApp } from "./idps";
import { WandbOidc } from "./wandb/wandbOidc";

export interface StackOutputs {
    readonly issuer: pulumi.Output<string>;
    readonly clientId: pulumi.Output<string>;
    readonly authMethod: pulumi.Output<string>;
    readonly callbackUrl: pulumi.Output<string>;
    readonly logoutUrl: pulumi.Output<string>;
    /** Only when the IdP issued one; always a Pulumi secret. */
    readonly clientSecret?: pulumi.Output<string>;
}

export interface Stack {
    readonly app: OidcApp;
    readonly wandb: WandbOidc;
    readonly outputs: StackOutputs;
}

/** Logical names: stable, because renaming them would replace the app registration. */
export const IDP_RESOURCE_NAME = "wandb-sso";
export const WANDB_RESOURCE_NAME = "wandb";

export function buildStack(config: StackConfig): Stack {
    const idp = IDPS[config.idp.name];
    const app = idp.create(IDP_RESOURCE_NAME, config.idp.settings as never, {
        host: config.host,
        authMethod: config.authMethod,
        protect: config.protect,
    });
    const wandb = new WandbOidc(WANDB_RESOURCE_NAME, {
        client: app,
        host: config.host,
        localRestore: config.localRestore,
        ...config.wandb,
        extraCorsOrigins: [...config.wandb.extraCorsOrigins],
    });
    const outputs: StackOutputs = {
        issuer: app.issuer,
        clientId: app.clientId,
        authMethod: app.authMethod,
        callbackUrl: app.callbackUrl,
        logoutUrl: app.logoutUrl,
        ...(app.clientSecret && { clientSecret: app.clientSecret }),
    };
    return { app, wandb, outputs };
}
