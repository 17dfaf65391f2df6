// How wandb-sso reports bad input: every problem names the setting, the value it had and the fix,
// all problems found are reported together before anything is registered, and whatever the input,
// the message stays readable, bounded and free of secrets. Pure: no SDK import (the verify CLI
// and every IdP's rules use these); the error a component throws is in src/errors.ts.
export * from "./parsed";
export * from "./limits";
export * from "./nesting";
export * from "./redact";
export * from "./format";
export * from "./problem";
