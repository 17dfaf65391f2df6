// The components the Pulumi plugin serves (src/plugin.ts), and where the package's root is: the
// directory Pulumi's component provider analyzes (package.json, tsconfig.json, the sources).
import * as fs from "node:fs";
import * as path from "node:path";
import { Auth0OidcApp } from "../providers/auth0";
import { CognitoOidcApp } from "../providers/cognito";
import { EntraOidcApp } from "../providers/entra";
import { ExistingOidcApp } from "../providers/existing";
import { KeycloakOidcApp } from "../providers/keycloak";
import { OktaOidcApp } from "../providers/okta";
import { WandbOidc } from "./wandb/wandbOidc";

/** Every component the plugin serves, as `wandb-sso:index:<Class>`. */
export const PLUGIN_COMPONENTS = [CognitoOidcApp, OktaOidcApp, EntraOidcApp, Auth0OidcApp, KeycloakOidcApp, ExistingOidcApp, WandbOidc];

/** The plugin's name, and so the package of its type tokens (`wandb-sso:index:WandbOidc`). */
export const PLUGIN_NAME = "wandb-sso";

/** The package's root (where package.json and PulumiPlugin.yaml are), from src/ or from dist/src/. */
export function packageRoot(from = __dirname): string {
    for (let dir = from; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "PulumiPlugin.yaml"))) return dir;
        if (path.dirname(dir) === dir) throw new Error(`wandb-sso plugin: no PulumiPlugin.yaml above ${from}`);
    }
}
