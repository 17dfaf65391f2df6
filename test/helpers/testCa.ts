// Private certificate authorities for tests, made by the openssl command (OpenSSL 3, as on the
// machines the tests run on): a CA, server certificates it signs for 127.0.0.1, and the odd ones a
// user may paste by mistake (a server's certificate, a bundle, a private key). EC P-256 keys, so
// that making one takes milliseconds. Everything is written to a temporary directory and read back
// as PEM text.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface TestCa {
    readonly name: string;
    /** The CA's certificate (basicConstraints CA:TRUE). */
    readonly cert: string;
    readonly key: string;
    readonly dir: string;
}

export interface TestServerCert {
    readonly cert: string;
    readonly key: string;
    /** The CA's name (the certificate's issuer CN). */
    readonly issuer: string;
}

function openssl(cwd: string, args: readonly string[]): void {
    execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}

const EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];

/** A directory of its own under the system's temporary directory. */
export function tempDir(prefix = "wandb-sso-ca-"): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A CA whose certificate says CA:TRUE, valid for `days` (default 30). */
export function makeCa(name: string, dir: string = tempDir(), days = 30): TestCa {
    const base = name.replace(/[^A-Za-z0-9]+/g, "-");
    openssl(dir, [
        "req",
        "-x509",
        ...EC_KEY,
        "-days",
        String(days),
        "-subj",
        `/CN=${name}`,
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
        "-keyout",
        `${base}.key`,
        "-out",
        `${base}.crt`,
    ]);
    return {
        name,
        dir,
        cert: fs.readFileSync(path.join(dir, `${base}.crt`), "utf8"),
        key: fs.readFileSync(path.join(dir, `${base}.key`), "utf8"),
    };
}

let serial = 0;

/**
 * A server certificate `ca` signs for `sans` (default IP:127.0.0.1), valid for `days` (default 10;
 * a negative number gives one that expired that many days ago).
 */
export function issueServerCert(ca: TestCa, options: { sans?: string; days?: number; cn?: string } = {}): TestServerCert {
    const base = `server-${process.pid}-${++serial}`;
    const { dir } = ca;
    const caBase = ca.name.replace(/[^A-Za-z0-9]+/g, "-");
    openssl(dir, ["req", ...EC_KEY, "-subj", `/CN=${options.cn ?? "127.0.0.1"}`, "-keyout", `${base}.key`, "-out", `${base}.csr`]);
    fs.writeFileSync(
        path.join(dir, `${base}.ext`),
        `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=${options.sans ?? "IP:127.0.0.1"}\n`,
    );
    openssl(dir, [
        "x509",
        "-req",
        "-in",
        `${base}.csr`,
        "-CA",
        `${caBase}.crt`,
        "-CAkey",
        `${caBase}.key`,
        "-CAcreateserial",
        "-days",
        String(options.days ?? 10),
        "-extfile",
        `${base}.ext`,
        "-out",
        `${base}.crt`,
    ]);
    return {
        cert: fs.readFileSync(path.join(dir, `${base}.crt`), "utf8"),
        key: fs.readFileSync(path.join(dir, `${base}.key`), "utf8"),
        issuer: ca.name,
    };
}
