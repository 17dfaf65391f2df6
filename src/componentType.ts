// The components' Pulumi type tokens. `wandb-sso:index:<Class>` is what Pulumi's component provider
// serves to other languages (it takes only the `index` module: @pulumi/pulumi 3.276.0
// provider/experimental/provider.js, validateResourceType), so TypeScript programs register the
// same token; the tokens of versions before 0.2 stay as aliases, so that existing stacks' components
// (and their children, whose URNs include the parent's type) are renamed in place, not replaced.
import type * as pulumi from "@pulumi/pulumi";

/** `wandb-sso:index:<Class>`. */
export function componentType(className: string): string {
    return `wandb-sso:index:${className}`;
}

/** `opts` with an alias from the token a component had before 0.2. */
export function withPreviousType(opts: pulumi.ComponentResourceOptions | undefined, previousType: string): pulumi.ComponentResourceOptions {
    return { ...opts, aliases: [...(opts?.aliases ?? []), { type: previousType }] };
}
