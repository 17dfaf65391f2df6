// What every resource that re-points W&B shares, whichever target creates it: its resource
// options, and the server-side apply that takes over the entries it owns.
import type * as pulumi from "@pulumi/pulumi";
import type { TargetContext } from "./record";

/**
 * Server-side apply fails on fields another manager owns. W&B's Terraform module sets these
 * variables as plain values, so the patch forces ownership of exactly these entries; the
 * component logs that it did.
 */
export const PATCH_FORCE_ANNOTATION = { "pulumi.com/patchForce": "true" } as const;

/**
 * Resource options for what re-points W&B: the component's child, guarded when the guard is on,
 * protected when asked (`pulumi destroy` would otherwise remove W&B's OIDC settings with it).
 */
export const repointing = ({ component, guard, protect }: TargetContext): pulumi.CustomResourceOptions => ({
    parent: component,
    protect,
    ...(guard && { hooks: guard }),
});
