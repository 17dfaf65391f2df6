// The command as a process (`node --import tsx src/cli/verify.ts`) and its usage errors in-process.
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { main } from "../../src/cli/verify";
import { CALLBACK, Collector, startProvider, WANDB_HOST, type RunningProvider } from "./servers";

const ROOT = path.resolve(__dirname, "../..");
const SECRET = "cli-secret-Vb93kq";

function spawnVerify(
    args: string[],
    env: Record<string, string> = {},
    { closeStdout = false } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", "src/cli/verify.ts", ...args], {
            cwd: ROOT,
            // A clean environment: only what the case gives, plus PATH for tsx.
            env: { PATH: process.env.PATH ?? "", ...env },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        // A reader that has gone before the output comes (`… | head -1`): the write fails with EPIPE.
        if (closeStdout) child.stdout.destroy();
        child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
        child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}

describe("wandb-sso verify (process)", () => {
    type Result = Awaited<ReturnType<typeof spawnVerify>>;
    let idp: RunningProvider;
    // The processes start together (each pays tsx's start-up) and each case awaits its own. Exit 1
    // and JSON are covered in-process (providers.test.ts); the exit code path is the same.
    let working: Promise<Result>;
    let usage: Promise<Result>;
    let closedPipe: Promise<Result>;
    before(async () => {
        idp = await startProvider({
            clients: [
                {
                    client_id: "wandb",
                    client_secret: SECRET,
                    redirect_uris: [CALLBACK],
                    response_types: ["code"],
                    grant_types: ["authorization_code"],
                    token_endpoint_auth_method: "client_secret_basic",
                },
            ],
        });
        const env = { OIDC_ISSUER: idp.issuer, OIDC_CLIENT_ID: "wandb", OIDC_AUTH_METHOD: "pkce", OIDC_SECRET: SECRET, HOST: WANDB_HOST };
        working = spawnVerify(["--from-env", "--timeout", "3000"], env);
        usage = spawnVerify(["--issuer", idp.issuer, "--client-id", "wandb", "--host", "http://wandb.example.com"]);
        closedPipe = spawnVerify(["--help"], {}, { closeStdout: true });
    });
    after(async () => {
        await Promise.allSettled([working, usage, closedPipe]);
        await idp.close();
    });

    it("exits 0 and prints the text report for a working setup read from the environment", async () => {
        const r = await working;
        assert.equal(r.code, 0, r.stdout + r.stderr);
        assert.match(r.stdout, /PASS {2}authorization request/);
        assert.match(r.stdout, /Result: PASS/);
        assert.equal((r.stdout + r.stderr).includes(SECRET), false);
    });

    it("exits 2 on a usage error, naming the option", async () => {
        const r = await usage;
        assert.equal(r.code, 2);
        assert.match(r.stderr, /--host = "http:\/\/wandb\.example\.com": http is allowed only for localhost/);
        assert.equal(r.stdout, "");
    });

    it("stops quietly when the reader closes the pipe early (`--help | head -1`), without a stack trace", async () => {
        const r = await closedPipe;
        assert.equal(r.code, 0);
        assert.equal(r.stderr, "");
    });
});

describe("wandb-sso verify (usage, in-process)", () => {
    async function run(args: string[], env: Record<string, string> = {}) {
        const out = new Collector();
        const err = new Collector();
        const code = await main(args, env, out, err);
        return { code, out: out.text, err: err.text };
    }

    it("prints help and exits 0", async () => {
        const r = await run(["--help"]);
        assert.equal(r.code, 0);
        assert.match(r.out, /--from-env/);
        assert.match(r.out, /Exit codes: 0 .* 1 .* 2 usage error/);
    });
    it("accepts a leading `verify` (for a `wandb-sso` bin pointing at this file)", async () => {
        const r = await run(["verify", "--help"]);
        assert.equal(r.code, 0);
        assert.match(r.out, /--from-env/);
    });
    it("exits 2 on an unknown option or a stray argument", async () => {
        assert.equal((await run(["--isuer", "x"])).code, 2);
        assert.equal((await run(["https://idp.example.com"])).code, 2);
    });
    it("exits 2 listing every missing setting, as JSON with --json", async () => {
        const r = await run(["--from-env", "--json"], { OIDC_SECRET: SECRET });
        assert.equal(r.code, 2);
        const json = JSON.parse(r.out) as { exitCode: number; usageErrors: { option: string }[] };
        assert.equal(json.exitCode, 2);
        assert.deepEqual(
            json.usageErrors.map((u) => u.option),
            ["OIDC_ISSUER", "OIDC_CLIENT_ID", "HOST"],
        );
        assert.equal(r.out.includes(SECRET), false);
    });
    it("exits 2 on a bad auth method and timeout, naming them", async () => {
        const r = await run([
            "--issuer",
            "https://a.okta.com",
            "--client-id",
            "x",
            "--host",
            WANDB_HOST,
            "--auth-method",
            "saml",
            "--timeout",
            "fast",
        ]);
        assert.equal(r.code, 2);
        assert.match(r.err, /--auth-method = "saml": W&B Server does not support SAML/);
        assert.match(r.err, /--timeout = "fast": give the per-request timeout in milliseconds/);
    });
    describe("--wandb-resource", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wandb-sso-verify-"));
        after(() => fs.rmSync(dir, { recursive: true, force: true }));
        const file = (name: string, text: string) => {
            const at = path.join(dir, name);
            fs.writeFileSync(at, text);
            return at;
        };
        const base = ["--issuer", "http://idp.example.com", "--client-id", "x", "--host", WANDB_HOST, "--timeout", "300"];

        it("exits 2 naming the option when the file is missing or not a Kubernetes object in JSON", async () => {
            const missing = await run([...base, "--wandb-resource", path.join(dir, "nope.json")]);
            assert.equal(missing.code, 2);
            assert.match(missing.err, /--wandb-resource = ".*nope\.json": cannot read it: ENOENT/);
            const yaml = await run([...base, "--wandb-resource", file("w.yaml", "kind: WeightsAndBiases\n")]);
            assert.equal(yaml.code, 2);
            assert.match(
                yaml.err,
                /--wandb-resource = ".*w\.yaml": not JSON: give the resource as `kubectl get weightsandbiases\.v2\.apps\.wandb\.com <name> -n <namespace> -o json` prints it/,
            );
        });

        it("reports the resource's check beside the IdP's, into the Secret the patch's annotation names", async () => {
            const rebuilt = {
                apiVersion: "apps.wandb.com/v2",
                kind: "WeightsAndBiases",
                metadata: { name: "wandb", namespace: "wandb", annotations: { "wandb-sso/oidc-secret": "wandb-oidc-secret-1" } },
                spec: { wandb: { oidc: {} } },
            };
            const r = await run([...base, "--json", "--wandb-resource", file("w.json", JSON.stringify(rebuilt))]);
            assert.equal(r.code, 1);
            const json = JSON.parse(r.out) as {
                config: { wandbResource: string };
                checks: { id: string; status: string; message: string }[];
            };
            assert.equal(json.config.wandbResource, path.join(dir, "w.json"));
            const check = json.checks.find((c) => c.id === "wandb-resource")!;
            assert.equal(check.status, "fail");
            assert.match(
                check.message,
                /^WeightsAndBiases wandb\/wandb \(apps\.wandb\.com\/v2\) does not carry wandb-sso's settings: spec\.wandb\.oidc\.issuerUrl is not set;/,
            );
        });
    });

    it("fails without fetching anything for an http issuer on a real host", async () => {
        const r = await run(["--issuer", "http://idp.example.com", "--client-id", "x", "--host", WANDB_HOST, "--timeout", "300"]);
        assert.equal(r.code, 1);
        assert.match(r.out, /FAIL {2}issuer form +the issuer uses plain http/);
        assert.match(r.out, /SKIP {2}discovery document +not fetched/);
    });
});
