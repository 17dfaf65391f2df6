// A HOME whose NSS database trusts a CA, for the browser (lib/browser.ts useBrowserHome): made with
// NSS's certutil, which certutil.sh unpacks from Debian's libnss3-tools into the cache.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const SCRIPT = path.resolve(__dirname, "../certutil.sh");

/** Makes `home`/.pki/nssdb trusting the CA certificate in `caFile` for TLS servers ("C,,"), and returns `home`. */
export function nssHomeTrusting(home: string, caFile: string, nickname = "wandb-sso e2e CA"): string {
    const certutil = execFileSync("bash", [SCRIPT], { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" })
        .trim()
        .split("\n")
        .pop()!;
    const db = path.join(home, ".pki", "nssdb");
    fs.rmSync(db, { recursive: true, force: true });
    fs.mkdirSync(db, { recursive: true });
    execFileSync(certutil, ["-N", "-d", `sql:${db}`, "--empty-password"], { stdio: "pipe" });
    execFileSync(certutil, ["-A", "-d", `sql:${db}`, "-n", nickname, "-t", "C,,", "-i", caFile], { stdio: "pipe" });
    return home;
}
