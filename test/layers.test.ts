// The layers, held from the other end than ESLint's import rules: what requiring each part really
// loads, in a fresh process. The W&B side (`wandb-sso/wandb`) and verify know no IdP: requiring them
// loads no file of providers/, nor the registry, nor an IdP SDK; the public root and the registry
// load every IdP's pure rules but no IdP SDK until a component is used.
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import path from "node:path";
import { IDP_LIST } from "../src/idps";

const ROOT = path.resolve(__dirname, "..");
// The IdP SDKs, from the registry: a file under node_modules/<sdk>/.
const IDP_SDK = new RegExp(
    `node_modules[\\\\/](${IDP_LIST.flatMap((idp) => (idp.sdk === undefined ? [] : [idp.sdk.replace("/", "[\\\\/]")])).join("|")})[\\\\/]`,
);

/** The repository's own files (relative) and the IdP SDK files loaded by requiring `target`. */
function loadedBy(target: string): Promise<{ own: string[]; idpSdks: number }> {
    const script =
        `require(${JSON.stringify(path.join(ROOT, target))}); ` +
        `const files = Object.keys(require.cache); ` +
        `process.stdout.write(JSON.stringify({ own: files.filter((f) => !f.includes("node_modules")), idpSdks: files.filter((f) => ${IDP_SDK.toString()}.test(f)).length }))`;
    return new Promise((resolve, reject) => {
        execFile(process.execPath, ["--import", "tsx", "-e", script], { cwd: ROOT }, (error, stdout, stderr) => {
            if (error) reject(new Error(`${error.message}\n${stderr}`));
            else {
                const loaded = JSON.parse(stdout) as { own: string[]; idpSdks: number };
                resolve({ own: loaded.own.map((f) => path.relative(ROOT, f)), idpSdks: loaded.idpSdks });
            }
        });
    });
}

const knowsAnIdp = (file: string) => file.startsWith("providers/") || file === "src/idps.ts" || file.startsWith("src/idp/");

describe("the layers, as loading shows them", function () {
    this.timeout(60_000);
    const probes = new Map<string, ReturnType<typeof loadedBy>>();
    before(() => {
        for (const target of ["src/wandb/index.ts", "src/verify/guard.ts", "src/index.ts"]) {
            const probe = loadedBy(target);
            probe.catch(() => undefined); // reported by the case that awaits it
            probes.set(target, probe);
        }
    });

    it("requiring the W&B side (wandb-sso/wandb) loads no IdP module and no IdP SDK", async () => {
        const { own, idpSdks } = await probes.get("src/wandb/index.ts")!;
        assert.ok(own.includes("src/wandb/wandbOidc.ts"), "the probe loaded the W&B side");
        assert.deepEqual(own.filter(knowsAnIdp), []);
        assert.equal(idpSdks, 0);
    });

    it("requiring verify's switch-over check loads no IdP module and nothing of the W&B side", async () => {
        const { own, idpSdks } = await probes.get("src/verify/guard.ts")!;
        assert.deepEqual(
            own.filter((f) => knowsAnIdp(f) || f.startsWith("src/wandb/")),
            [],
        );
        assert.equal(idpSdks, 0);
    });

    it("requiring the public root loads every IdP's record and rules, and no IdP SDK", async () => {
        const { own, idpSdks } = await probes.get("src/index.ts")!;
        for (const idp of ["auth0", "cognito", "entra", "existing", "keycloak", "okta"]) {
            assert.ok(own.includes(`providers/${idp}/idp.ts`), idp);
            assert.ok(!own.includes(`providers/${idp}/index.ts`), `${idp}'s component loaded`);
        }
        assert.equal(idpSdks, 0);
    });
});
