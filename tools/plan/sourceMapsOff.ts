// Imported first by the plan CLI, for its side effect where it runs under tsx (the tests' plan
// worker): tsx turns Node's source maps on, and Node then reads the map of every module it loads
// (the SDKs are thousands), about an eighth of a plan's run. `npm run plan` runs plain node, where
// they are off unless WANDB_SSO_DEBUG turns them on (start.cjs). The plan prints no stack trace,
// except with WANDB_SSO_DEBUG, which keeps them, with the TypeScript lines.
if (!process.env.WANDB_SSO_DEBUG) process.setSourceMapsEnabled(false);
export {};
