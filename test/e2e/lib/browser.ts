// A person at a browser: Debian's Chromium, headless, driven by playwright-core (which, as root,
// passes --no-sandbox by default: Chromium refuses to start as root without it). Each sign-in gets
// a fresh browser context, so no Keycloak session carries over from one to the next.
import type { Browser } from "playwright-core";

/** Debian's chromium package installs the browser here (/usr/bin/chromium is a wrapper script). */
export const CHROMIUM = process.env.WANDB_SSO_E2E_CHROMIUM ?? "/usr/lib/chromium/chromium";

let browser: Browser | undefined;
/** The browser's HOME when set (useBrowserHome): its NSS database holds the CAs it trusts besides its own roots. */
let home: string | undefined;

async function theBrowser(): Promise<Browser> {
    if (browser?.isConnected()) return browser;
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, ...(home && { env: { ...process.env, HOME: home } }) });
    return browser;
}

/**
 * The browser from now on runs with HOME `dir` (undefined: the harness's own), as a person's
 * browser on a company machine trusts the company's CA: Chromium on Linux trusts the CAs of the NSS
 * database in $HOME/.pki/nssdb (lib/nss.ts). A running browser with another HOME is closed first.
 */
export async function useBrowserHome(dir: string | undefined): Promise<void> {
    if (home === dir) return;
    await closeBrowser();
    home = dir;
}

export async function closeBrowser(): Promise<void> {
    await browser?.close();
    browser = undefined;
}

/** What W&B's login side answered at its callback (the stand-in's JSON), and how the browser got there. */
export interface SignIn {
    readonly status: number;
    readonly body: Record<string, unknown>;
    /** The callback's method: POST for a form_post (implicit), GET for a redirect (pkce). */
    readonly method: string;
}

export interface Credentials {
    readonly username: string;
    readonly password: string;
}

/**
 * Opens W&B's `/login`, fills in Keycloak's login form (`#username`, `#password`, `#kc-login`) and
 * returns what the callback answered. When the form does not appear (Keycloak showed an error page
 * instead), the error names the page's title and words.
 */
export async function signIn(loginUrl: string, callbackUrl: string, who: Credentials, seconds = 60): Promise<SignIn> {
    const context = await (await theBrowser()).newContext();
    try {
        const page = await context.newPage();
        page.setDefaultTimeout(seconds * 1000);
        const callback = page.waitForResponse((r) => r.url().startsWith(callbackUrl), { timeout: seconds * 1000 });
        // Settle the promise's rejection at once if the form never comes: it is awaited only after.
        callback.catch(() => undefined);
        const first = await page.goto(loginUrl);
        if (first && first.url().startsWith(loginUrl) && first.status() >= 400) {
            return { status: first.status(), body: parse(await first.text()), method: "GET" };
        }
        // Keycloak's login form, or its error page (theme/base/login/error.ftl: #kc-error-message).
        await page.waitForSelector("#username, #kc-error-message", { timeout: seconds * 1000 }).catch(() => undefined);
        if (!(await page.$("#username"))) {
            const words = (await page.textContent("body"))?.replace(/\s+/g, " ").trim().slice(0, 300);
            throw new Error(`no Keycloak login form at ${page.url()}: "${await page.title()}" ${words ?? ""}`);
        }
        await page.fill("#username", who.username);
        await page.fill("#password", who.password);
        await page.click("#kc-login");
        const answer = await callback;
        return { status: answer.status(), body: parse(await answer.text()), method: answer.request().method() };
    } finally {
        await context.close();
    }
}

function parse(text: string): Record<string, unknown> {
    try {
        return JSON.parse(text) as Record<string, unknown>;
    } catch {
        return { ok: false, error: `not the stand-in's JSON: ${text.slice(0, 300)}` };
    }
}
