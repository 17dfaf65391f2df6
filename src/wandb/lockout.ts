// Changes that never lock users out: what the plan says about an app-client replacement (a new
// client ID; which inputs cause one is the IdP's to say), and the resource options that make the
// W&B side create-before-delete.
import type * as pulumi from "@pulumi/pulumi";
import type { ClientReplacement } from "../oidc";
import { TARGETS, type WandbTarget } from "./targets";

/**
 * What the plan says about replacing the app client. The offline plan has no prior state, so it
 * cannot tell whether this update replaces the client; it states what would, what guards it, and
 * how W&B follows (the target's `repointNote`).
 */
export function clientReplacementNote(
    replacement: ClientReplacement | undefined,
    protect: boolean,
    target: WandbTarget,
): string | undefined {
    if (replacement === undefined) return undefined;
    const inputs = replacement.inputs.map((i) => `${i.input} (${i.setting})`).join(" or ");
    const guard = protect
        ? "wandb-sso:protect is true, so Pulumi refuses that replacement (the preview fails: unable to replace resource ... marked for protection) until you set wandb-sso:protect to false for that update"
        : "wandb-sso:protect is false, so such a change replaces the client in the next pulumi up without asking";
    return (
        `App client replacement: ${replacement.type} is replaced, which issues a NEW CLIENT ID, when ${inputs} changes ` +
        "(the plan has no prior state, so it cannot tell whether this update does). " +
        `${guard}. A replacement creates the new client first, then a new ConfigMap with the new client ID, re-points W&B, ` +
        `and deletes the old ConfigMap and the old client last. ${TARGETS[target].repointNote}`
    );
}

/**
 * The options of the immutable, auto-named ConfigMap and Secret. A changed value is a replacement
 * (`replaceOnChanges` on the data makes it one whatever the provider's settings), and Pulumi replaces
 * create-before-delete: `deleteBeforeReplace: false` is its default, stated so that nothing
 * overrides it. The workload's patch takes the new object's name as an input, so the engine creates
 * the new object, then updates the patch, and deletes the old object last.
 *
 * Where wandb-sso does not run what re-points W&B (the helm target's `helm upgrade`: its record's
 * `retainReplaced`), it must not delete an object the release may still read: the objects are kept
 * in the cluster when Pulumi replaces or deletes them (`retainOnDelete`), for the user to delete
 * after the upgrade.
 */
export function settingsObjectOptions(
    parent: pulumi.Resource,
    dataFields: readonly string[],
    retain: boolean,
): pulumi.CustomResourceOptions {
    return {
        parent,
        // Never protected, whatever the component's options (children inherit `protect`): every
        // change replaces these objects, and a protected object cannot be replaced.
        protect: false,
        deleteBeforeReplace: false,
        replaceOnChanges: [...dataFields],
        ...(retain && { retainOnDelete: true }),
    };
}
