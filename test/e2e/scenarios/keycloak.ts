// A person signs in: clients registered by hand in a real Keycloak (docs/existing.md's path), an
// `existing` stack of this repository's program pointing W&B's Deployment at them with the real
// `pulumi up`, and a real browser signing the person in to the W&B login stand-in, which reads only
// what the pod sees (the Deployment's env, resolved from the live ConfigMap and Secret).
import type { Scenario } from "../lib/harness";
import { expect, expectEqual } from "../lib/harness";
import { REPO, repoProject, run, Stack, tail } from "../lib/pulumi";
import { startWandbLogin } from "../lib/wandbLogin";
import { CONTAINER, type Context, DEPLOYMENT, oidcEnvOf } from "./context";
import {
    ensureKeycloakDeployment,
    expectSignedIn,
    GROUP,
    GROUPS_MAPPER,
    handMadeClient,
    KC_NS,
    keycloakWorld,
    type KeycloakWorld,
    REALM,
    signInThroughPod,
    signInWith,
} from "./keycloakWorld";

const STACK = "e2e-keycloak";
let stack: Stack | undefined;

function theStack(c: Context): Stack {
    stack ??= new Stack(c.env, STACK, repoProject(`${c.work}/project`));
    return stack;
}

/** `pulumi config rm` that does not mind a key that is not there. */
async function unset(s: Stack, key: string): Promise<void> {
    const r = await s.pulumi(["config", "rm", "--path", key]);
    if (r.code !== 0 && !/not found|does not exist/i.test(r.stderr)) throw new Error(`pulumi config rm ${key}: ${r.stderr}`);
}

interface Settings {
    readonly clientId: string;
    readonly authMethod: "pkce" | "implicit";
    readonly clientSecret?: string;
    readonly teams?: boolean;
}

/** Points the stack at a client: every key the scenarios change, set or removed, so no scenario inherits another's. */
async function configure(s: Stack, w: KeycloakWorld, settings: Settings): Promise<void> {
    await s.set("wandb-sso:existing.issuer", w.issuer);
    await s.set("wandb-sso:existing.clientId", settings.clientId);
    await s.set("wandb-sso:authMethod", settings.authMethod);
    if (settings.clientSecret !== undefined) await s.set("wandb-sso:existing.clientSecret", settings.clientSecret, true);
    else await unset(s, "wandb-sso:existing.clientSecret");
    if (settings.teams) await s.set("wandb-sso:teams", "true");
    else await unset(s, "wandb-sso:teams");
}

async function up(c: Context, what: string): Promise<string> {
    const r = await theStack(c).up();
    const output = r.stdout + r.stderr;
    if (r.code !== 0) throw new Error(`pulumi up (${what}) exited ${r.code}:\n${tail(output)}`);
    // 60 s was too short once on the 2-core machine under a load average of 14 (kwok and the
    // controller manager are slow then); the rollout is waited for, not what is checked.
    c.kube.rolloutStatus(KC_NS, DEPLOYMENT, 180);
    return output;
}

function podEnv(c: Context): Record<string, string> {
    return c.kube.podEnv(KC_NS, DEPLOYMENT, CONTAINER);
}

/** The pod's OIDC settings are this client's, through this flow. */
function expectPodSettings(c: Context, w: KeycloakWorld, clientId: string, authMethod: string): void {
    const env = podEnv(c);
    expectEqual(
        [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_AUTH_METHOD, env.HOST],
        [w.issuer, clientId, authMethod, w.host],
        "OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_AUTH_METHOD and HOST in what the pod sees",
    );
}

export const keycloakScenarios: Scenario<Context>[] = [
    {
        name: "keycloak-login-pkce",
        async run(c) {
            const w = await keycloakWorld(c);
            await w.kc.createClient(REALM, handMadeClient(w.host, "wandb-pkce", "pkce"));
            ensureKeycloakDeployment(c, w.host);
            const s = theStack(c);
            await s.init();
            await s.set("wandb-sso:host", w.host);
            await s.set("wandb-sso:idp", "existing");
            for (const [field, value] of Object.entries({ target: "deployment", namespace: KC_NS, name: DEPLOYMENT, container: CONTAINER }))
                await s.set(`wandb-sso:wandb.${field}`, value);
            await configure(s, w, { clientId: "wandb-pkce", authMethod: "pkce" });
            await up(c, "the hand-made pkce client");
            expectPodSettings(c, w, "wandb-pkce", "pkce");
            expect(!("OIDC_SECRET" in podEnv(c)), "a public client's pod has an OIDC_SECRET");

            const r = await signInThroughPod(c, w.person);
            expectSignedIn(r, w.person, "wandb-pkce", "pkce");
            expect(r.body.groups === undefined, `groups reported with teams off: ${JSON.stringify(r.body.groups)}`);

            // Break-glass: the same pod with LOCAL_RESTORE=true starts no sign-in, and says why.
            const glass = await startWandbLogin({ ...podEnv(c), LOCAL_RESTORE: "true" });
            try {
                const answer = await fetch(glass.loginUrl, { redirect: "manual" });
                const text = await answer.text();
                expect(
                    answer.status === 403 && text.includes("LOCAL_RESTORE=true"),
                    `with LOCAL_RESTORE=true, /login answered ${answer.status}: ${text}`,
                );
            } finally {
                await glass.stop();
            }
        },
    },
    {
        name: "keycloak-login-implicit",
        needs: ["keycloak-login-pkce"],
        async run(c) {
            const w = await keycloakWorld(c);
            await w.kc.createClient(REALM, handMadeClient(w.host, "wandb-implicit", "implicit"));
            await configure(theStack(c), w, { clientId: "wandb-implicit", authMethod: "implicit" });
            await up(c, "the hand-made implicit client");
            expectPodSettings(c, w, "wandb-implicit", "implicit");

            const r = await signInThroughPod(c, w.person);
            expectSignedIn(r, w.person, "wandb-implicit", "implicit");
            // Chromium sends the form_post with Origin: null, which W&B's chart lists in its CORS
            // origins (GORILLA_CORS_ORIGINS ends with ",null", as wandb-sso writes it).
            expectEqual(r.body.callbackOrigin, "null", "the Origin of the form_post callback");
            expect(podEnv(c).GORILLA_CORS_ORIGINS?.split(",").includes("null"), "GORILLA_CORS_ORIGINS lacks null");
        },
    },
    {
        name: "keycloak-teams",
        needs: ["keycloak-login-pkce"],
        async run(c) {
            const w = await keycloakWorld(c);
            const id = await w.kc.createClient(REALM, handMadeClient(w.host, "wandb-teams", "pkce"));
            await w.kc.addMapper(REALM, id, GROUPS_MAPPER);
            await configure(theStack(c), w, { clientId: "wandb-teams", authMethod: "pkce", teams: true });
            await up(c, "teams on, the hand-made client with a groups mapper");
            expectPodSettings(c, w, "wandb-teams", "pkce");
            expectEqual(podEnv(c).GORILLA_ENABLE_SSO_GROUP_CLAIMS, "true", "GORILLA_ENABLE_SSO_GROUP_CLAIMS");

            const r = await signInThroughPod(c, w.person);
            expectSignedIn(r, w.person, "wandb-teams", "pkce");
            expectEqual(r.body.groups, [GROUP], "the groups W&B reads from the ID token");
        },
    },
    {
        name: "keycloak-secret",
        needs: ["keycloak-login-pkce"],
        async run(c) {
            const w = await keycloakWorld(c);
            const id = await w.kc.createClient(REALM, handMadeClient(w.host, "wandb-confidential", "pkce", true));
            const secret = await w.kc.clientSecret(REALM, id);
            await configure(theStack(c), w, { clientId: "wandb-confidential", authMethod: "pkce", clientSecret: secret });
            const output = await up(c, "a confidential client with its secret");
            expect(!output.includes(secret), "pulumi up printed the client secret");
            expectPodSettings(c, w, "wandb-confidential", "pkce");

            // The secret reaches W&B only through the Secret: a reference in the Deployment, the
            // value in the Secret it names, and what the pod sees is Keycloak's secret.
            const container = c.kube.containers(KC_NS, DEPLOYMENT).find((x) => x.name === CONTAINER)!;
            const ref = container.env?.find((e) => e.name === "OIDC_SECRET");
            const secretRef = ref?.valueFrom?.secretKeyRef;
            expect(secretRef && ref?.value === undefined, `OIDC_SECRET is not read from a Secret: ${JSON.stringify(ref)}`);
            const stored = c.kube.get("secret", secretRef.name, KC_NS).data?.[secretRef.key];
            expect(Buffer.from(stored ?? "", "base64").toString() === secret, "the Secret does not hold Keycloak's client secret");
            expect(podEnv(c).OIDC_SECRET === secret, "the pod does not see Keycloak's client secret as OIDC_SECRET");
            expect(
                !c.kube.run(["get", "deployment", DEPLOYMENT, "-n", KC_NS, "-o", "json"]).includes(secret),
                "the secret is in the Deployment",
            );

            const r = await signInThroughPod(c, w.person);
            expectSignedIn(r, w.person, "wandb-confidential", "pkce");
            expect(!r.output.includes(secret), "the stand-in printed the client secret");

            // The secret is what lets the code exchange through: the same pod without it is refused.
            const without = Object.fromEntries(Object.entries(podEnv(c)).filter(([k]) => !/^(GORILLA_)?OIDC_SECRET$/.test(k)));
            const refused = await signInWith(without, w.person);
            expect(
                refused.status !== 200 &&
                    /code exchange failed/.test(String(refused.body.error)) &&
                    /unauthorized_client|invalid_client/.test(String(refused.body.error)),
                `without OIDC_SECRET the login was not refused at the code exchange: HTTP ${refused.status} ${JSON.stringify(refused.body)}`,
            );
        },
    },
    {
        name: "keycloak-guard",
        needs: ["keycloak-login-pkce"],
        async run(c) {
            const w = await keycloakWorld(c);
            const s = theStack(c);
            const before = oidcEnvOf(podEnv(c));
            // A client whose redirect URI was typed wrong in Keycloak (W&B's path is /oidc/callback).
            const id = await w.kc.createClient(REALM, {
                ...handMadeClient(w.host, "wandb-guard", "pkce"),
                redirectUris: [`${w.host}/callback`],
            });
            await configure(s, w, { clientId: "wandb-guard", authMethod: "pkce" });
            const refused = await s.up();
            const output = refused.stdout + refused.stderr;
            expect(refused.code !== 0, "pulumi up with a client whose redirect URI is wrong succeeded");
            expect(
                /before hook "wandb-verify-switch-over" failed/.test(output),
                `the failure does not name the switch-over check:\n${tail(output)}`,
            );
            expect(
                /authorization request/.test(output) && /redirect_uri/.test(output) && output.includes(`register ${w.host}/oidc/callback`),
                `the failure does not name the failed check and its fix:\n${tail(output)}`,
            );
            expectEqual(oidcEnvOf(podEnv(c)), before, "the OIDC settings the pod sees after the refused switch");

            // The person still signs in, with the settings W&B kept.
            const kept = await signInThroughPod(c, w.person);
            expectSignedIn(kept, w.person, before.OIDC_CLIENT_ID ?? "", before.OIDC_AUTH_METHOD === "implicit" ? "implicit" : "pkce");

            // Put right in Keycloak: the same pulumi up goes through, and the person signs in with it.
            await w.kc.updateClient(REALM, id, (client) => (client.redirectUris = [`${w.host}/oidc/callback`]));
            await up(c, "the client put right");
            expectPodSettings(c, w, "wandb-guard", "pkce");
            expectSignedIn(await signInThroughPod(c, w.person), w.person, "wandb-guard", "pkce");
        },
    },
    {
        name: "keycloak-verify",
        needs: ["keycloak-guard"],
        async run(c) {
            const w = await keycloakWorld(c);
            const outputs = await theStack(c).outputs();
            const callbackUrl = String(outputs.callbackUrl);
            const args = [
                "run",
                "-s",
                "verify",
                "--",
                `--issuer=${String(outputs.issuer)}`,
                `--client-id=${String(outputs.clientId)}`,
                `--auth-method=${String(outputs.authMethod)}`,
                `--host=${callbackUrl.replace(/\/oidc\/callback$/, "")}`,
            ];
            const verify = () => run(c.env, "npm", args, { cwd: REPO, timeoutSeconds: 120 });
            const passed = await verify();
            expect(
                passed.code === 0 && /Result: PASS/.test(passed.stdout),
                `verify with the stack's outputs failed:\n${tail(passed.stdout + passed.stderr)}`,
            );

            const client = await w.kc.findClient(REALM, String(outputs.clientId));
            const clientUuid = client?.id;
            expect(clientUuid, `Keycloak has no client ${String(outputs.clientId)}`);
            const good = client?.redirectUris ?? [];
            // Behind Pulumi's back: an administrator changes the client's redirect URI.
            await w.kc.updateClient(REALM, clientUuid, (cl) => (cl.redirectUris = [`${w.host}/sso/callback`]));
            try {
                const failed = await verify();
                const out = failed.stdout + failed.stderr;
                expect(failed.code === 1, `verify exited ${failed.code} after the redirect URI changed:\n${tail(out)}`);
                expect(
                    /FAIL\s+authorization request/.test(out) && out.includes(`register ${callbackUrl}`),
                    `verify does not name the failed check and its fix:\n${tail(out)}`,
                );
                // And it is right: the person cannot sign in either (Keycloak shows its error page).
                const login = await signInThroughPod(c, w.person).then(
                    (r) => `signed in: ${JSON.stringify(r.body)}`,
                    (e: unknown) => String(e),
                );
                expect(/Invalid parameter: redirect_uri/.test(login), `the browser's sign-in did not fail on the redirect URI: ${login}`);
            } finally {
                await w.kc.updateClient(REALM, clientUuid, (cl) => (cl.redirectUris = good));
            }
        },
    },
];
