// verify against IdPs behind a private CA: real https servers on 127.0.0.1 whose certificates a test
// CA signed. verify trusts the system's roots plus exactly the CA certificates given (`--ca-file`,
// the switch-over check's caCerts): with the CA it passes, without it (or with another CA) it fails
// naming the unknown authority and the issuer of the certificate the server presented, and a
// certificate for another name or an expired one fails saying so. Certificate checks are never off.
import { strict as assert } from "node:assert";
import fs from "node:fs";
import path from "node:path";
import { main } from "../../src/cli/verify";
import { guardSwitchOver } from "../../src/verify/guard";
import { issueServerCert, makeCa, tempDir, type TestCa } from "../helpers/testCa";
import {
    Collector,
    fakeIdp,
    fakeIdpBasics,
    PKCE_CLIENT,
    startFaultServer,
    startProvider,
    WANDB_HOST,
    WELL_KNOWN,
    type RunningProvider,
    type RunningServer,
} from "./servers";

const CA_NAME = "Verify Test Root CA";

async function cli(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
    const out = new Collector();
    const err = new Collector();
    const code = await main([...args, "--timeout", "3000"], {}, out, err);
    return { code, out: out.text, err: err.text };
}

describe("verify and the switch-over check, with an IdP behind a private CA", () => {
    let root: TestCa;
    let other: TestCa;
    let dir: string;
    let rootFile: string;
    let op: RunningProvider;
    let faults: RunningServer;
    let expired: RunningServer;
    before(async () => {
        dir = tempDir();
        root = makeCa(CA_NAME, dir);
        other = makeCa("Another Private CA", dir);
        rootFile = path.join(dir, "root.pem");
        fs.writeFileSync(rootFile, root.cert);
        op = await startProvider({ clients: [PKCE_CLIENT], tls: issueServerCert(root) });
        // A certificate for another name, and one that has expired, both from the same CA.
        faults = await startFaultServer(
            { [`/idp${WELL_KNOWN}`]: fakeIdp("idp"), ...fakeIdpBasics },
            issueServerCert(root, { sans: "DNS:idp.example.com", cn: "idp.example.com" }),
        );
        expired = await startFaultServer({ [`/idp${WELL_KNOWN}`]: fakeIdp("idp"), ...fakeIdpBasics }, issueServerCert(root, { days: -1 }));
    });
    after(async () => {
        await Promise.all([op?.close(), faults?.close(), expired?.close()]);
        fs.rmSync(dir, { recursive: true, force: true });
    });

    const args = (issuer: string) => ["--issuer", issuer, "--client-id", PKCE_CLIENT.client_id, "--host", WANDB_HOST];

    it("passes with --ca-file naming the CA, and says which CAs it trusted", async () => {
        const r = await cli([...args(op.issuer), "--ca-file", rootFile]);
        assert.equal(r.code, 0, r.out + r.err);
        assert.match(r.out, new RegExp(`trusted CAs   the system's roots and CN=${CA_NAME}\\n`));
        assert.match(r.out, /PASS {2}discovery document/);
        assert.match(r.out, /PASS {2}authorization request/);
    });

    it("fails without it, naming the unknown authority, the issuer of the server's certificate, and the fix", async () => {
        const r = await cli(["--json", ...args(op.issuer)]);
        assert.equal(r.code, 1);
        const report = JSON.parse(r.out);
        const discovery = report.checks.find((c: { id: string }) => c.id === "discovery");
        assert.equal(discovery.status, "fail");
        assert.equal(
            discovery.message,
            `${op.issuer}${WELL_KNOWN}: TLS: the server's certificate (CN=127.0.0.1, issued by CN=${CA_NAME}) is signed by an unknown authority: its CA is not among the system's roots (UNABLE_TO_VERIFY_LEAF_SIGNATURE)`,
        );
        assert.equal(
            discovery.fix,
            `set wandb-sso:caCerts (or --ca-file) to the certificate of the CA that signed the IdP's certificate: CN=${CA_NAME}`,
        );
        assert.ok(
            report.checks
                .filter((c: { id: string }) => c.id !== "issuer-form" && c.id !== "discovery")
                .every((c: { status: string }) => c.status === "skip"),
        );
    });

    it("another CA does not help: only the certificates given are trusted, besides the system's roots", async () => {
        const otherFile = path.join(dir, "other.pem");
        fs.writeFileSync(otherFile, other.cert);
        const r = await cli([...args(op.issuer), "--ca-file", otherFile]);
        assert.equal(r.code, 1);
        assert.match(
            r.out,
            new RegExp(
                `TLS: the server's certificate \\(CN=127\\.0\\.0\\.1, issued by CN=${CA_NAME}\\) is signed by an unknown authority: its CA is neither among the system's roots nor among the CA certificate given \\(UNABLE_TO_VERIFY_LEAF_SIGNATURE\\)`,
            ),
        );
        assert.match(
            r.out,
            new RegExp(
                `fix: set wandb-sso:caCerts \\(or --ca-file\\) to the certificate of the CA that signed the IdP's certificate: CN=${CA_NAME}`,
            ),
        );
    });

    it("names a certificate for another name, and an expired one, with the CA trusted", async () => {
        const mismatch = await cli(["--json", ...args(`${faults.url}/idp`), "--ca-file", rootFile]);
        assert.equal(mismatch.code, 1);
        const m = JSON.parse(mismatch.out).checks.find((c: { id: string }) => c.id === "discovery");
        assert.match(
            m.message,
            /TLS: the server's certificate \(CN=idp\.example\.com, issued by CN=Verify Test Root CA\) is not for 127\.0\.0\.1: it names DNS:idp\.example\.com \(ERR_TLS_CERT_ALTNAME_INVALID\)$/,
        );
        assert.match(m.fix, /^the IdP's certificate must name 127\.0\.0\.1/);
        const old = await cli(["--json", ...args(`${expired.url}/idp`), "--ca-file", rootFile]);
        assert.equal(old.code, 1);
        const e = JSON.parse(old.out).checks.find((c: { id: string }) => c.id === "discovery");
        assert.match(
            e.message,
            /TLS: the server's certificate \(CN=127\.0\.0\.1, issued by CN=Verify Test Root CA\) expired on .+ GMT \(CERT_HAS_EXPIRED\)$/,
        );
        assert.match(e.fix, /^the IdP's certificate must be renewed/);
    });

    it("the switch-over check trusts the stack's caCerts, and without them refuses at once with the fix", async () => {
        const settings = { issuer: op.issuer, clientId: PKCE_CLIENT.client_id, authMethod: "pkce" as const, host: WANDB_HOST };
        const timing = { deadlineMs: 20_000, timeoutMs: 3000, backoffStartMs: 10 };
        const pass = await guardSwitchOver({ ...settings, caCerts: [root.cert] }, timing);
        assert.equal(pass.attempts, 1);
        await assert.rejects(guardSwitchOver(settings, timing), (e: Error) => {
            assert.match(e.message, /1 check failed after 1 attempt .*\(not retried: waiting cannot fix it\)/);
            assert.match(e.message, new RegExp(`is signed by an unknown authority: its CA is not among the system's roots`));
            assert.match(
                e.message,
                new RegExp(
                    `fix: set wandb-sso:caCerts \\(or --ca-file\\) to the certificate of the CA that signed the IdP's certificate: CN=${CA_NAME}`,
                ),
            );
            return true;
        });
        await assert.rejects(
            guardSwitchOver({ ...settings, caCerts: [other.cert] }, timing),
            /its CA is neither among the system's roots nor among the CA certificate given/,
        );
    });

    it("takes a bundle file; refuses an unreadable file, a private key and a server's certificate, naming the file", async () => {
        const bundle = path.join(dir, "bundle.pem");
        fs.writeFileSync(bundle, `${other.cert}${root.cert}`);
        assert.equal((await cli([...args(op.issuer), "--ca-file", bundle])).code, 0);

        const withKey = path.join(dir, "with-key.pem");
        fs.writeFileSync(withKey, `${root.cert}${root.key}`);
        const leaf = path.join(dir, "leaf.pem");
        fs.writeFileSync(leaf, issueServerCert(root).cert);
        const r = await cli([...args(op.issuer), "--ca-file", withKey, "--ca-file", leaf, "--ca-file", path.join(dir, "missing.pem")]);
        assert.equal(r.code, 2);
        assert.equal(r.out, "");
        const lines = r.err.split("\n").filter((l) => l.startsWith("  - "));
        assert.deepEqual(
            lines.map((l) => l.slice(0, l.indexOf(" = "))),
            [`  - --ca-file ${path.join(dir, "missing.pem")}`, `  - --ca-file ${withKey} (PEM block 2 of 2)`, `  - --ca-file ${leaf}`],
        );
        assert.match(r.err, /\(PEM block 2 of 2\) = "\(holds a private key: not shown\)": holds a private key/);
        assert.match(r.err, new RegExp(`${leaf.replace(/[.]/g, "\\.")} = "certificate CN=127\\.0\\.0\\.1": is not a CA certificate`));
        assert.match(r.err, /missing\.pem = \(not set\): cannot be read \(ENOENT\)/);
        for (const line of root.key.split("\n").filter((l) => l.length > 20)) assert.ok(!r.err.includes(line));
    });
});
