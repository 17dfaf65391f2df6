// The Pulumi plugin (package.json `main`, which Pulumi runs for `pulumi package add`): hosts the seven
// components for programs in any Pulumi language (Python, Go, C#, YAML, …) through Pulumi's component
// provider, which describes them from their TypeScript types (its schema analyzer reads this
// package's sources, following src/index.ts) and constructs them from the inputs another language
// sends. Not the library's entry: `require("wandb-sso")` resolves `exports`, which never loads this.
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { packageRoot, PLUGIN_COMPONENTS, PLUGIN_NAME } from "./components";

// Pulumi's plugin runner (@pulumi/pulumi cmd/run-plugin) requires this module and awaits its export.
export = componentProviderHost({ name: PLUGIN_NAME, components: PLUGIN_COMPONENTS, dirname: packageRoot() });
