// The switch-over guard's hook callback against real OpenID providers (oidc-provider) and fault
// servers on 127.0.0.1: it passes a good app, refuses at once what waiting cannot fix, retries what
// can pass by itself until a (short) deadline, and never shows the secret.
import { strict as assert } from "node:assert";
import type http from "node:http";
import type { ResourceHookArgs } from "@pulumi/pulumi";
import { guardConfig, guardTiming } from "../../src/verify/guardConfig";
import { refusalMessage, seconds } from "../../src/verify/guardMessage";
import { switchOverHook, type GuardPass, type GuardTiming, type SwitchOverSettings } from "../../src/verify/guard";
import { fail, pass } from "../../src/verify/types";
import { leaks } from "./leaks";
import {
    CALLBACK,
    fakeIdp,
    fakeIdpBasics,
    json,
    readBody,
    startFaultServer,
    startProvider,
    WANDB_HOST,
    type RunningProvider,
    type RunningServer,
    WELL_KNOWN,
} from "./servers";

// Spaces and reserved characters make every encoding differ (oidc-provider takes ASCII secrets only).
const SECRET = "guard s3cr3t/+=~";
const WRONG_SECRET = "wrong s3cr3t/+=!";
/**
 * For failures retried until the deadline: short enough for a fast suite, long enough for several
 * attempts against a local provider, with a request timeout generous enough that the last failure
 * is the IdP's answer and not a busy machine's timeout.
 */
const RETRYING: GuardTiming = { deadlineMs: 1500, timeoutMs: 1000, backoffStartMs: 50, backoffFactor: 2, backoffMaxMs: 200 };
/** For a server that never answers: several timeouts fit in the deadline. */
const HANGING: GuardTiming = { ...RETRYING, timeoutMs: 300 };
/** For cases that pass (or refuse at once): the deadline and timeouts are only safety nets, so the attempts counted are exact. */
const PATIENT: GuardTiming = { ...RETRYING, deadlineMs: 10_000, timeoutMs: 3000 };

const hookArgs: ResourceHookArgs = { urn: "urn:pulumi:test::wandb-sso::wandb:Patch::w", id: "w", name: "w", type: "wandb:Patch" };

const confidential = {
    client_id: "wandb-confidential",
    client_secret: SECRET,
    redirect_uris: [CALLBACK],
    response_types: ["code"],
    grant_types: ["authorization_code"],
    token_endpoint_auth_method: "client_secret_basic",
};

interface HookOutcome {
    readonly passed?: GuardPass;
    readonly error?: Error;
}

/** Runs the hook callback as Pulumi would, with the settings given through a getter. */
async function runHook(settings: SwitchOverSettings, timing: GuardTiming): Promise<HookOutcome> {
    let passed: GuardPass | undefined;
    let received: ResourceHookArgs | undefined;
    const hook = switchOverHook(
        (args) => {
            received = args;
            return Promise.resolve(settings);
        },
        { ...timing, onPass: (p) => (passed = p) },
    );
    try {
        await hook(hookArgs);
    } catch (error) {
        assert.ok(error instanceof Error);
        assert.equal(passed, undefined, "no pass after a refusal");
        return { error };
    }
    assert.equal(received, hookArgs, "the getter sees the hook's arguments");
    assert.ok(passed, "onPass is called on a pass");
    return { passed };
}

/** The refusal's message, with the invariants every refusal keeps. */
function refusal(outcome: HookOutcome, secrets: readonly string[] = [SECRET, WRONG_SECRET]): string {
    assert.ok(outcome.error, "the hook should have refused");
    const message = outcome.error.message;
    assert.match(message, /^wandb-sso: W&B was not switched to the new OIDC settings/);
    assert.match(message, /W&B keeps its old OIDC settings/);
    assert.match(message, /`wandb-sso:verify false`.*`verify: false` on WandbOidc/);
    for (const secret of secrets) assert.deepEqual(leaks(message, secret), [], message);
    return message;
}

function attemptsIn(message: string): number {
    const m = /after (\d+) attempts? over/.exec(message);
    assert.ok(m, message);
    return Number(m[1]);
}

describe("switch-over guard (the resource hook callback)", () => {
    let idp: RunningProvider;
    const settings = (over: Partial<SwitchOverSettings> = {}): SwitchOverSettings => ({
        issuer: idp.issuer,
        clientId: "wandb-confidential",
        authMethod: "pkce",
        host: WANDB_HOST,
        secret: SECRET,
        ...over,
    });
    before(async () => {
        idp = await startProvider({ clients: [confidential] });
    });
    after(() => idp.close());

    it("passes quietly for a good app, at the first attempt", async () => {
        const { passed } = await runHook(settings(), PATIENT);
        assert.equal(passed!.attempts, 1);
        assert.equal(typeof passed!.waitedMs, "number");
        assert.equal(passed!.report.config.redirectUri, CALLBACK);
        assert.equal(passed!.report.config.hasClientSecret, true);
        assert.ok(passed!.report.checks.every((c) => c.status === "pass"));
    });

    it("refuses an unregistered redirect URI at once, without retrying", async () => {
        const message = refusal(await runHook(settings({ host: "https://wandb.other.example.com" }), PATIENT));
        assert.equal(attemptsIn(message), 1);
        assert.match(message, /failed after 1 attempt over [\d.]+ s \(not retried: waiting cannot fix it\)/);
        assert.match(message, /- authorization request: .*invalid_redirect_uri/);
        assert.match(message, /fix: register https:\/\/wandb\.other\.example\.com\/oidc\/callback as a sign-in redirect URI/);
    });

    it("retries an unknown client until the deadline, then names the check", async () => {
        const message = refusal(await runHook(settings({ clientId: "not-yet-registered", secret: undefined }), RETRYING));
        assert.ok(attemptsIn(message) > 1, message);
        assert.match(message, /still failed after \d+ attempts over [\d.]+ s, when the 1\.5 s deadline left no time for another attempt/);
        assert.match(message, /- authorization request: .*invalid_client/);
        assert.match(message, /fix: check OIDC_CLIENT_ID: the IdP does not know client "not-yet-registered"/);
    });

    it("retries a wrong secret until the deadline (a new secret takes a while to work), never showing it", async () => {
        const message = refusal(await runHook(settings({ secret: WRONG_SECRET }), RETRYING));
        assert.ok(attemptsIn(message) > 1, message);
        assert.match(message, /- client at token endpoint: the IdP refused the client ID and secret/);
        assert.match(message, /fix: set OIDC_SECRET to the app's current client secret/);
        assert.match(message, /client secret set \(not shown\)/);
    });

    it("refuses settings it cannot check, naming the setting, without a request", async () => {
        const outcome = await runHook(settings({ issuer: "idp.example.com" }), PATIENT);
        assert.match(outcome.error!.message, /issuer \(OIDC_ISSUER\) = "idp\.example\.com": .*https:\/\/idp\.example\.com/);
        assert.match(outcome.error!.message, /W&B keeps its old settings/);
    });
});

describe("switch-over guard against servers that recover or never answer", () => {
    let flaky: RunningProvider;
    let late: RunningProvider;
    let faults: RunningServer;
    const flakyDiscoveries = { count: 0 };
    const lateDiscoveries = { count: 0 };
    const isDiscovery = (req: http.IncomingMessage) => (req.url ?? "").startsWith(WELL_KNOWN);

    before(async () => {
        // The first two discovery requests answer 503, as an IdP in an outage.
        flaky = await startProvider({
            clients: [confidential],
            intercept: (req, res) => {
                if (!isDiscovery(req) || ++flakyDiscoveries.count > 2) return false;
                res.writeHead(503, { "content-type": "text/plain" });
                res.end("try again later");
                return true;
            },
        });
        // The client appears from the third attempt on, as a just-created app at Entra or Okta.
        late = await startProvider({
            clients: [],
            intercept: (req) => {
                if (isDiscovery(req)) lateDiscoveries.count += 1;
                return false;
            },
            lateClients: (id) =>
                id === "wandb-late" && lateDiscoveries.count > 2 ? { ...confidential, client_id: "wandb-late" } : undefined,
        });
        faults = await startFaultServer({
            ...fakeIdpBasics,
            [`/hang${WELL_KNOWN}`]: () => undefined,
            [`/echo${WELL_KNOWN}`]: fakeIdp(
                "echo",
                { token: "/echo/token" },
                { token_endpoint_auth_methods_supported: ["client_secret_basic"] },
            ),
            // Refuses the client, echoing the Authorization header and the secret in other encodings.
            "/echo/token": (req, res, base) =>
                void readBody(req).then(() => {
                    const secret = SECRET;
                    const description = `bad ${req.headers.authorization ?? ""}; ${encodeURIComponent(secret)} ${Buffer.from(secret).toString("base64")} ${secret}`;
                    json(401, { error: "invalid_client", error_description: description })(req, res, base);
                }),
        });
    });
    after(async () => {
        await flaky.close();
        await late.close();
        await faults.close();
    });

    const at = (issuer: string, clientId: string): SwitchOverSettings => ({
        issuer,
        clientId,
        authMethod: "pkce",
        host: WANDB_HOST,
        secret: SECRET,
    });

    it("passes once a failing discovery document (503) answers, within the deadline", async () => {
        const { passed } = await runHook(at(flaky.issuer, "wandb-confidential"), PATIENT);
        assert.equal(passed!.attempts, 3);
    });

    it("passes once a new client is published, within the deadline", async () => {
        const { passed } = await runHook(at(late.issuer, "wandb-late"), PATIENT);
        assert.equal(passed!.attempts, 3);
    });

    it("refuses a server that never answers at the deadline, saying how long it waited", async () => {
        const message = refusal(await runHook(at(`${faults.url}/hang`, "wandb"), HANGING));
        const m = /still failed after (\d+) attempts? over ([\d.]+) s, when the 1\.5 s deadline/.exec(message);
        assert.ok(m, message);
        // It stops only when less than one request's timeout (300 ms) is left of the 1.5 s.
        assert.ok(Number(m[2]) >= 1.2, message);
        assert.match(message, /- discovery document: .*: no (complete )?answer (within|before)/);
    });

    it("hides the secret an IdP echoes back, in every encoding", async () => {
        const message = refusal(await runHook(at(`${faults.url}/echo`, "wandb"), RETRYING));
        // The base64 keeps its edge characters, which carry a few bits of the secret at most.
        assert.match(
            message,
            /- client at token endpoint: .*invalid_client: bad Basic \[secret\]; \[secret\] \[secret\][A-Za-z0-9+/]?=* \[secret\]/,
        );
    });
});

describe("switch-over guard: timing and wording", () => {
    it("fills in the defaults (120 s deadline) and names an invalid option", () => {
        assert.equal(guardTiming({}).deadlineMs, 120_000);
        assert.equal(guardTiming({ deadlineMs: 5000 }).deadlineMs, 5000);
        assert.throws(
            () => guardTiming({ deadlineMs: 0, backoffFactor: 0.5 }),
            /deadlineMs = 0: use a number of at least 1\n.*backoffFactor = 0\.5/,
        );
    });

    it("never shows the secret in a settings problem, even one put in the wrong setting", () => {
        const secret = "pasted-secret-Zx81";
        assert.throws(
            () => guardConfig({ issuer: "https://idp.example.com", clientId: "c", authMethod: "pkce", host: secret, secret }),
            (e: Error) => /host \(HOST\) = "\[secret\]"/.test(e.message) && leaks(e.message, secret).length === 0,
        );
    });

    it("says seconds in tenths under 10 s and whole above", () => {
        assert.equal(seconds(1480), "1.5 s");
        assert.equal(seconds(118_400), "118 s");
    });

    it("lists each failed check with its fix, and only the failed ones", () => {
        const report = {
            config: {
                issuer: "https://idp.example.com",
                clientId: "c",
                authMethod: "pkce" as const,
                host: WANDB_HOST,
                redirectUri: CALLBACK,
                hasClientSecret: false,
                notes: [],
            },
            checks: [
                pass("discovery", "discovery document", "ok"),
                fail("jwks", "signing keys (JWKS)", "HTTP 500", "make jwks_uri answer"),
            ],
        };
        const message = refusalMessage({ report, attempts: 7, waitedMs: 118_000, reason: "deadline", deadlineMs: 120_000 });
        assert.match(message, /1 check still failed after 7 attempts over 118 s, when the 120 s deadline/);
        assert.match(message, /\n {2}- signing keys \(JWKS\): HTTP 500\n {4}fix: make jwks_uri answer\n/);
        assert.equal(message.includes("discovery document"), false);
    });
});
