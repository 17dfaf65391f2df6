// Imported first by the plan CLI, for its side effect: tsx turns Node's source maps on, and Node
// then reads the map of every module it loads (the SDKs are thousands), about an eighth of the
// plan's run (bench/README.md). The plan prints no stack trace, except with WANDB_SSO_DEBUG,
// which keeps them, with the TypeScript lines.
if (!process.env.WANDB_SSO_DEBUG) process.setSourceMapsEnabled(false);
export {};
