// The registry is the one list of IdPs: every record is exported by name from the package root,
// served by the plugin, has its own package subpath (`wandb-sso/<idp>`), and a stack key of its own.
// A record added without one of them, or one of them without a record, fails here.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { IDP_LIST, IDP_NAMES } from "../src/idps";
import { CONFIG_KEYS } from "../src/config";
import * as publicRoot from "../src/index";

const ROOT = path.resolve(__dirname, "..");

describe("the IdP registry", () => {
    it("names each IdP once, by the key of its stack settings", () => {
        assert.deepEqual(IDP_NAMES, ["cognito", "auth0", "keycloak", "existing", "okta", "entra"]);
        for (const name of IDP_NAMES) assert.ok(CONFIG_KEYS.includes(name), name);
    });

    it("every IdP's component is exported from the root by its class name, and only when it is read", () => {
        const root = publicRoot as unknown as Record<string, unknown>;
        const exported = Object.keys(root).filter((name) => name.endsWith("OidcApp"));
        assert.deepEqual(exported.sort(), IDP_LIST.map((idp) => idp.className).sort());
        for (const idp of IDP_LIST) assert.equal(root[idp.className], idp.load(), idp.name);
    });

    it("every IdP has a package subpath, wandb-sso/<idp>, with its types", () => {
        const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
            exports: Record<string, { types: string; default: string }>;
            typesVersions: { "*": Record<string, string[]> };
        };
        for (const idp of IDP_LIST) {
            assert.deepEqual(pkg.exports[`./${idp.name}`], {
                types: `./dist/providers/${idp.name}/index.d.ts`,
                default: `./dist/providers/${idp.name}/index.js`,
            });
            assert.deepEqual(pkg.typesVersions["*"][idp.name], [`dist/providers/${idp.name}/index.d.ts`]);
        }
        const subpaths = Object.keys(pkg.exports).filter((key) => ![".", "./wandb", "./package.json"].includes(key));
        assert.deepEqual(subpaths.sort(), IDP_NAMES.map((name) => `./${name}`).sort());
    });

    it("has one optional peer dependency per IdP SDK, and no other", () => {
        const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
            peerDependencies: Record<string, string>;
            peerDependenciesMeta: Record<string, unknown>;
        };
        const sdks = IDP_LIST.flatMap((idp) => (idp.sdk === undefined ? [] : [idp.sdk]));
        assert.deepEqual(Object.keys(pkg.peerDependencies).sort(), [...sdks].sort());
        for (const sdk of sdks) assert.deepEqual(pkg.peerDependenciesMeta[sdk], { optional: true }, sdk);
    });

    it("names each IdP's SDK, which its component module loads", () => {
        for (const idp of IDP_LIST) {
            const source = readFileSync(path.join(ROOT, "providers", idp.name, "index.ts"), "utf8");
            if (idp.sdk === undefined) assert.ok(!/from "@pulumi\/(aws|okta|azuread|auth0|keycloak)/.test(source), idp.name);
            else assert.ok(source.includes(`from "${idp.sdk}`), `${idp.name} imports ${idp.sdk}`);
        }
    });
});
