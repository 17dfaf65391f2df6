// What the plan tests share: a throwaway project holding stack files, the plan's JSON by resource
// name, the secret stand-ins no output may contain, and W&B's OIDC variable names (written out by
// hand, so that a change to them in src/ fails the tests).
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { UNDECRYPTED_SECRET } from "../../tools/plan/stackFile";
import { ROOT } from "../helpers/root";
import type { CliResult } from "./planCli";

/** The plan's `--json` output, read loosely as the tests read it. */
export type PlanJson = any;

export const byName = (plan: PlanJson, name: string): PlanJson => plan.resources.find((r: PlanJson) => r.name === name);

/** The placeholder in the example stacks' `secure:` values. */
export const SECURE_PLACEHOLDER = "v1:cGxhY2Vob2xkZXI=:cmVwbGFjZSB3aXRoIHB1bHVtaSBjb25maWcgc2V0IC0tc2VjcmV0";

/** Neither the stand-in for an undecrypted secret, nor a `secure:` value, nor any of `secrets`, in either stream. */
export function assertNoSecretLeak(result: CliResult, secrets: readonly string[] = []): void {
    for (const stream of [result.stdout, result.stderr]) {
        assert.ok(!stream.includes(UNDECRYPTED_SECRET), "the undecrypted secret's stand-in leaked");
        assert.ok(!stream.includes(SECURE_PLACEHOLDER), "the secure value leaked");
        for (const secret of secrets) assert.ok(!stream.includes(secret), "a plain secret leaked");
    }
}

/** The OIDC variables W&B gets, in order; the secret's two names when the IdP issued one. */
export const wandbOidcEnvNames = (secret: boolean): string[] => [
    "OIDC_ISSUER",
    "GORILLA_OIDC_ISSUER",
    "OIDC_CLIENT_ID",
    "GORILLA_OIDC_CLIENT_ID",
    "OIDC_AUTH_METHOD",
    "GORILLA_AUTH_METHOD",
    "GORILLA_CORS_ORIGINS",
    ...(secret ? ["OIDC_SECRET", "GORILLA_OIDC_SECRET"] : []),
];

/** A project in a new temporary directory: this Pulumi.yaml and `stacks/Pulumi.<name>.yaml` for each stack. */
export function projectWithStacks(prefix: string, stacks: Readonly<Record<string, string>>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.mkdirSync(path.join(dir, "stacks"));
    for (const [stack, yaml] of Object.entries(stacks)) fs.writeFileSync(path.join(dir, "stacks", `Pulumi.${stack}.yaml`), yaml);
    return dir;
}
