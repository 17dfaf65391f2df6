// The e2e environment's own secrets (issue 29, class 7), in the fast tier: the state directory is
// per user, 0700 and refused when not this user's; credential files are 0600 even when they were
// there before; `down` signals only processes it can prove it started; etcd takes TLS clients with
// certificates only, and the API server is one.
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
    apiServerEtcdArgs,
    checkStateDir,
    defaultStateDir,
    ensureStateDir,
    etcdArgs,
    etcdTlsFiles,
    processIdentity,
    provenOurs,
    recordStarted,
    writePrivate,
} from "./state";

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe("e2e environment: its state and secrets", () => {
    let root: string;
    beforeEach(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "wandb-sso-state-test-"));
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it("the default state directory is this user's own", () => {
        assert.equal(defaultStateDir(), path.join(os.tmpdir(), `wandb-sso-e2e-env-${process.getuid!()}`));
    });

    it("creates the state directory 0700, and takes group and world access away from one that had it", () => {
        const fresh = path.join(root, "new");
        ensureStateDir(fresh);
        assert.equal(mode(fresh), 0o700);
        const open = path.join(root, "open");
        fs.mkdirSync(open, { mode: 0o777 });
        fs.chmodSync(open, 0o777);
        ensureStateDir(open);
        assert.equal(mode(open), 0o700);
    });

    it("refuses a state directory that is a link, or a file", () => {
        const target = path.join(root, "elsewhere");
        fs.mkdirSync(target);
        const link = path.join(root, "link");
        fs.symlinkSync(target, link);
        assert.throws(() => ensureStateDir(link), /is a symbolic link/);
        const file = path.join(root, "file");
        fs.writeFileSync(file, "");
        assert.throws(() => checkStateDir(file), /is not a directory/);
    });

    it("refuses a state directory another user owns", function () {
        // Needs a directory this user does not own: as root, hand one to nobody; otherwise / is one.
        let foreign = "/";
        if (process.getuid!() === 0) {
            foreign = path.join(root, "foreign");
            fs.mkdirSync(foreign, { mode: 0o700 });
            fs.chownSync(foreign, 65534, 65534);
        }
        assert.throws(() => checkStateDir(foreign), /belongs to uid \d+, not to this user/);
    });

    it("writes credential files 0600, also over a file that was there with a wider mode", () => {
        const file = path.join(root, "env.json");
        fs.writeFileSync(file, "old", { mode: 0o644 });
        fs.chmodSync(file, 0o644);
        writePrivate(file, '{"token":"t"}');
        assert.equal(mode(file), 0o600);
        assert.equal(fs.readFileSync(file, "utf8"), '{"token":"t"}');
    });

    it("never writes a credential file through a link", () => {
        const target = path.join(root, "target");
        fs.writeFileSync(target, "");
        const link = path.join(root, "kubeconfig");
        fs.symlinkSync(target, link);
        assert.throws(() => writePrivate(link, "token"), /ELOOP|symbolic/);
        assert.equal(fs.readFileSync(target, "utf8"), "");
    });
});

describe("e2e environment: down signals only what it started", () => {
    it("proves a process it started, and nothing else: not a bare pid, another start time, or another process", async () => {
        const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"], { stdio: "ignore" });
        try {
            const started = recordStarted(child.pid!);
            assert.ok(started.startTime !== "", "read from /proc");
            assert.equal(provenOurs(started), true);
            // What an older env.json held, or a record whose pid was reused by another process.
            assert.equal(provenOurs(child.pid), false);
            assert.equal(provenOurs({ ...started, startTime: String(Number(started.startTime) - 1) }), false);
            const other = processIdentity(process.pid)!;
            assert.equal(provenOurs({ ...other, pid: child.pid! }), false);
        } finally {
            child.kill("SIGKILL");
        }
        await new Promise((resolve) => child.once("exit", resolve));
        assert.equal(provenOurs(recordStarted(child.pid!)), false, "gone: nothing to prove");
    });
});

describe("e2e environment: etcd", () => {
    const tls = etcdTlsFiles("/state/certs");

    it("takes clients and peers over TLS only, with client certificates of the environment's CA", () => {
        const args = etcdArgs("/state/etcd", 2379, 2380, tls);
        assert.equal(
            args.some((a) => a.includes("http://")),
            false,
            args.join(" "),
        );
        for (const flag of [
            "--listen-client-urls=https://127.0.0.1:2379",
            "--advertise-client-urls=https://127.0.0.1:2379",
            "--listen-peer-urls=https://127.0.0.1:2380",
            "--client-cert-auth=true",
            "--peer-client-cert-auth=true",
            `--trusted-ca-file=${tls.ca}`,
            `--peer-trusted-ca-file=${tls.ca}`,
            `--cert-file=${tls.serverCert}`,
            `--key-file=${tls.serverKey}`,
        ]) {
            assert.ok(args.includes(flag), flag);
        }
    });

    it("the API server reaches it over https with its client certificate", () => {
        assert.deepEqual(apiServerEtcdArgs(2379, tls), [
            "--etcd-servers=https://127.0.0.1:2379",
            `--etcd-cafile=${tls.ca}`,
            `--etcd-certfile=${tls.clientCert}`,
            `--etcd-keyfile=${tls.clientKey}`,
        ]);
    });
});
