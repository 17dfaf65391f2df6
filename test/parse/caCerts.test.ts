import { strict as assert } from "node:assert";
import { X509Certificate } from "node:crypto";
import { checkCaCert, checkCaCertList, checkCaCerts, pemBlocks } from "../../src/parse/caCerts";
import { formatProblems, Problems } from "../../src/problems";
import { issueServerCert, makeCa, type TestCa, type TestServerCert } from "../helpers/testCa";

describe("CA certificates (wandb-sso:caCerts, caCerts, --ca-file)", () => {
    let root: TestCa;
    let other: TestCa;
    let server: TestServerCert;
    before(() => {
        root = makeCa("Corp Root CA");
        other = makeCa("Other CA", root.dir);
        server = issueServerCert(root, { cn: "idp.corp.example" });
    });

    it("takes a CA certificate and gives it back as OpenSSL writes it, framing text and CRLF dropped", () => {
        const pasted = `subject=CN = Corp Root CA\r\n${root.cert.replace(/\n/g, "\r\n")}\r\n\r\n`;
        const checked = checkCaCert(pasted);
        assert.ok("cert" in checked);
        assert.equal(checked.cert.pem, new X509Certificate(root.cert).toString());
        assert.equal(checked.cert.subject, "CN=Corp Root CA");
    });

    it("refuses a private key without showing it, also beside a certificate", () => {
        for (const entry of [root.key, `${root.cert}${root.key}`, `${root.key}${root.cert}`]) {
            const checked = checkCaCert(entry);
            assert.ok("fix" in checked);
            assert.equal(checked.shown, "(holds a private key: not shown)");
            assert.match(checked.fix, /^holds a private key, which must never be given/);
        }
    });

    it("refuses a server's certificate, naming the CA that issued it", () => {
        const checked = checkCaCert(server.cert);
        assert.deepEqual(checked, {
            shown: "certificate CN=idp.corp.example",
            fix: "is not a CA certificate (its basicConstraints do not say CA:TRUE; it is a server's, issued by CN=Corp Root CA): give the certificate of the CA that signed it, CN=Corp Root CA",
        });
    });

    it("refuses an expired CA certificate and one not valid yet, saying when", () => {
        const cert = new X509Certificate(root.cert);
        const after = new Date(new Date(cert.validTo).getTime() + 1000);
        assert.deepEqual(checkCaCert(root.cert, after), {
            shown: "certificate CN=Corp Root CA",
            fix: `expired on ${cert.validTo}: give the CA's current certificate (ask the CA's owner for its renewed certificate)`,
        });
        const before = new Date(new Date(cert.validFrom).getTime() - 60_000);
        assert.deepEqual(checkCaCert(root.cert, before), {
            shown: "certificate CN=Corp Root CA",
            fix: `is not valid before ${cert.validFrom}: check the clock, or give the CA certificate that is valid now`,
        });
    });

    it("wants one certificate per entry, in PEM, and says what an entry holds instead", () => {
        const cases: [unknown, string | undefined, RegExp][] = [
            [`${root.cert}${other.cert}`, "(PEM: CERTIFICATE, CERTIFICATE)", /^holds 2 certificates: give one certificate per entry/],
            ["/etc/ssl/corp-root.pem", "(22 characters, not PEM)", /^is not PEM: give the CA certificate's PEM text/],
            [root.cert.replace(/^-----BEGIN CERTIFICATE-----\n/, ""), `(${root.cert.length - 28} characters, not PEM)`, /^is not PEM/],
            ["-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "(PEM: PUBLIC KEY)", /^holds a PUBLIC KEY, not a certificate/],
            [
                "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n",
                "(PEM: CERTIFICATE)",
                /^is not a readable certificate \(/,
            ],
            ["", "", /^give the PEM text of one CA certificate/],
            [42, "(number)", /^give the PEM text of one CA certificate/],
        ];
        for (const [entry, shown, fix] of cases) {
            const checked = checkCaCert(entry);
            assert.ok("fix" in checked, String(entry));
            assert.equal(checked.shown, shown);
            assert.match(checked.fix, fix);
        }
    });

    it("checks a list as Pulumi gives it (JSON text), naming each bad entry by its index, and a repeated one", () => {
        const checked = checkCaCertList(JSON.stringify([root.cert, server.cert, root.key, other.cert, root.cert]));
        assert.ok("problems" in checked);
        assert.deepEqual(
            checked.problems.map((p) => [p.index, p.shown]),
            [
                [1, "certificate CN=idp.corp.example"],
                [2, "(holds a private key: not shown)"],
                [4, "certificate CN=Corp Root CA"],
            ],
        );
        assert.equal(checked.problems[2]!.fix, "is the same certificate as entry [0]: list it once");
        const good = checkCaCertList([root.cert, other.cert]);
        assert.ok("certs" in good);
        assert.deepEqual(
            good.certs.map((c) => c.subject),
            ["CN=Corp Root CA", "CN=Other CA"],
        );
        assert.deepEqual(checkCaCertList(undefined), { certs: [] });
        assert.deepEqual(checkCaCertList([]), { certs: [] });
    });

    it("reports each bad entry under its setting, and the error never holds a private key's text", () => {
        const problems = new Problems();
        assert.equal(checkCaCerts([root.cert, `${root.key}${root.cert}`, server.cert], problems, "wandb-sso:caCerts"), undefined);
        const message = formatProblems(problems.list, "wandb-sso");
        assert.deepEqual(
            problems.list.map((p) => p.setting),
            ["wandb-sso:caCerts[1]", "wandb-sso:caCerts[2]"],
        );
        const keyBody = pemBlocks(root.key)[0]!.text.split("\n").slice(1, -1).join("");
        for (const line of root.key.split("\n").filter((l) => l.length > 20)) assert.ok(!message.includes(line));
        assert.ok(!message.replace(/\s/g, "").includes(keyBody.slice(0, 24)));
        assert.match(message, /wandb-sso:caCerts\[1\] = "\(holds a private key: not shown\)": holds a private key/);
        assert.match(message, /wandb-sso:caCerts\[2\] = "certificate CN=idp.corp.example": is not a CA certificate/);
    });

    it("refuses a value that is not a list, and one known only later", () => {
        const problems = new Problems();
        checkCaCerts(root.cert, problems, "caCerts");
        checkCaCerts({ apply: () => undefined }, problems, "caCerts");
        checkCaCerts([root.cert, Promise.resolve(root.cert)], problems, "caCerts");
        assert.deepEqual(
            problems.list.map((p) => p.setting),
            ["caCerts", "caCerts", "caCerts[1]"],
        );
        assert.equal(problems.list[0]!.value, "(PEM: CERTIFICATE)");
        assert.match(
            problems.list[0]!.fix,
            /^use a list of PEM certificates, one per entry, e\.g\. pulumi config set --path 'wandb-sso:caCerts\[0\]'/,
        );
        assert.match(problems.list[1]!.fix, /must be known when the program runs/);
        assert.match(problems.list[2]!.fix, /must be known when the program runs/);
        assert.deepEqual(checkCaCerts([root.cert], new Problems(), "caCerts"), [new X509Certificate(root.cert).toString()]);
    });
});
