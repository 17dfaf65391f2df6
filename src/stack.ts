// The stack: the IdP's app registration and the W&B side, wired from a validated config.
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "./config";
import type { OidcApp } from "./oidc";
import type { OidcAppOutputs } from "./idp/app";
import { createIdpApp, IDPS } from "./idps";
import { WandbOidc } from "./wandb/wandbOidc";
import { clientReplacementNote } from "./wandb/lockout";
import { TARGETS, targetStackOutputs, type TargetStackOutputs } from "./wandb/targets";

/**
 * The stack's outputs: the app's (the client secret only when the IdP issued one), these, and those
 * the W&B target adds (helm: helmValues, the operator-wandb chart values for the user's release,
 * the Secret's name, never the secret).
 */
export interface StackOutputs extends Omit<OidcAppOutputs, "teams">, TargetStackOutputs {
    /** `true` while break-glass (`wandb-sso:localRestore`) is on; absent otherwise. */
    readonly breakGlass?: pulumi.Output<boolean>;
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
    const { teams, teamGroups } = config.teams;
    const app = createIdpApp(IDP_RESOURCE_NAME, config.idp, {
        host: config.host,
        authMethod: config.authMethod,
        protect: config.protect,
        ...(teams && { teams }),
        ...(teamGroups !== undefined && { teamGroups: [...teamGroups] }),
    });
    const { container, ...wandbSettings } = config.wandb;
    const wandb = WandbOidc.forClient(WANDB_RESOURCE_NAME, app, {
        host: config.host,
        localRestore: config.localRestore,
        verify: config.verify,
        protect: config.protect,
        ...(config.caCerts.length > 0 && { caCerts: [...config.caCerts] }),
        ...wandbSettings,
        // The container names a Deployment's container; the targets it does not apply to refuse it.
        ...(TARGETS[config.wandb.target].container.applies && { container }),
    });
    // Shown by previews (and the offline plan), where a replacement would be decided; not by the update.
    const replacement = clientReplacementNote(IDPS[config.idp.name].replacement, config.protect, config.wandb.target);
    if (replacement !== undefined && pulumi.runtime.isDryRun()) void pulumi.log.info(replacement, app);

    const outputs: StackOutputs = {
        issuer: app.issuer,
        clientId: app.clientId,
        authMethod: app.authMethod,
        callbackUrl: app.callbackUrl,
        logoutUrl: app.logoutUrl,
        ...(app.clientSecret && { clientSecret: app.clientSecret }),
        ...(config.localRestore && { breakGlass: pulumi.output(true) }),
        ...targetStackOutputs(config.wandb.target, wandb),
    };
    return { app, wandb, outputs };
}
