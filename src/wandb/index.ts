// `wandb-sso/wandb`: the W&B side alone (no IdP SDK): WandbOidc, and the pure rules for W&B's
// environment and the operator-wandb chart's values, for those who deploy W&B some other way.
export { WandbOidc } from "./wandbOidc";
export type { WandbOidcArgs, WandbOidcClientArgs, WandbOidcForClientArgs } from "./wandbOidc";
export type { WandbSsoOptions } from "./settings";
export { wandbOidcEnv, wandbOidcEnvVars } from "./env";
export type { WandbOidcEnvOptions } from "./env";
export { wandbChartValues } from "./chart";
export type * from "./outputTypes";
export { WANDB_TARGETS, WandbTarget } from "./settings";
