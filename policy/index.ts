// The wandb-sso policy pack: `pulumi preview --policy-pack <this folder>` runs it on any stack.
// Each policy has its own default enforcement level; `--policy-pack-config` (or the organisation's
// policy group) changes it per policy, see README.md.
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("wandb-sso", {
    description: "Single sign-on (OIDC) for self-managed W&B Server: the IdP app registration and the W&B server's settings, on any stack.",
    policies,
});
