// The components the Pulumi plugin serves (src/plugin/index.ts): every IdP's, from the registry, and the
// W&B side's; and where the package's root is: the directory Pulumi's component provider analyzes
// (package.json, tsconfig.json, the sources).
import * as fs from "node:fs";
import * as path from "node:path";
import { IDP_LIST } from "../idps";
import { WandbOidc } from "../wandb/wandbOidc";

/** Every component the plugin serves, as `wandb-sso:index:<Class>`: loading them loads every IdP's SDK. */
export const PLUGIN_COMPONENTS = [...IDP_LIST.map((idp) => idp.load()), WandbOidc];

/** The plugin's name, and so the package of its type tokens (`wandb-sso:index:WandbOidc`). */
export const PLUGIN_NAME = "wandb-sso";

/** The package's root (where package.json and PulumiPlugin.yaml are), from src/ or from dist/src/. */
export function packageRoot(from = __dirname): string {
    for (let dir = from; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "PulumiPlugin.yaml"))) return dir;
        if (path.dirname(dir) === dir) throw new Error(`wandb-sso plugin: no PulumiPlugin.yaml above ${from}`);
    }
}
