// What the Keycloak scenarios share: a realm with one person in it (made through Keycloak's admin
// API, as an administrator makes them), the W&B host the stand-in serves, a W&B-like Deployment
// whose HOST is that host, and signing in as the person through what the pod sees.
import { randomBytes } from "node:crypto";
import { expect, expectEqual } from "../lib/harness";
import { freePort } from "../env";
import { signIn, type Credentials, type SignIn } from "../lib/browser";
import { Keycloak, type ClientRepresentation } from "../lib/keycloak";
import { startWandbLogin } from "../lib/wandbLogin";
import { CONTAINER, type Context, DEPLOYMENT, wandbDeployment } from "./context";

export const REALM = "wandb-e2e";
export const GROUP = "ml-research";
/** The W&B namespace of the Keycloak scenarios: a Deployment of its own, whose HOST is the stand-in's. */
export const KC_NS = "wandb-keycloak";

export interface Person extends Credentials {
    readonly email: string;
    readonly name: string;
}

export interface KeycloakWorld {
    readonly kc: Keycloak;
    readonly issuer: string;
    /** W&B's base URL: the stand-in serves it; every client's redirect URI is `<host>/oidc/callback`. */
    readonly host: string;
    readonly person: Person;
}

let world: Promise<KeycloakWorld> | undefined;

/** The realm, the person and the host, made once per run by whichever scenario comes first. */
export function keycloakWorld(c: Context): Promise<KeycloakWorld> {
    world ??= makeWorld(c);
    return world;
}

async function makeWorld(c: Context): Promise<KeycloakWorld> {
    const kc = new Keycloak({ url: c.env.keycloak.url, username: c.env.keycloak.admin, password: c.env.keycloak.adminPassword });
    await kc.createRealm(REALM);
    // A password of this run's own, never printed.
    const person = { username: "ada", email: "ada@example.com", name: "Ada Lovelace", password: `Pw-${randomBytes(12).toString("hex")}` };
    const userId = await kc.createUser(REALM, { ...person, firstName: "Ada", lastName: "Lovelace" });
    await kc.joinGroup(REALM, userId, await kc.createGroup(REALM, GROUP));
    return { kc, issuer: kc.issuer(REALM), host: `http://127.0.0.1:${await freePort()}`, person };
}

/** The W&B Deployment of the Keycloak scenarios, in its own namespace, HOST set to the W&B host. */
export function ensureKeycloakDeployment(c: Context, host: string): void {
    if (c.kube.tryGet("namespace", KC_NS)) return;
    c.kube.run(["create", "namespace", KC_NS]);
    const d = wandbDeployment() as { metadata: { namespace: string }; spec: { template: { spec: { containers: { env: object[] }[] } } } };
    d.metadata.namespace = KC_NS;
    const wandb = d.spec.template.spec.containers[0]!;
    wandb.env = wandb.env.map((e) => ((e as { name: string }).name === "HOST" ? { name: "HOST", value: host } : e));
    c.kube.apply(d, "helm");
    c.kube.rolloutStatus(KC_NS, DEPLOYMENT);
}

/**
 * A client registered by hand, as docs/existing.md tells a person to in Keycloak's admin console:
 * OpenID Connect, client authentication off (public) unless `confidential`, only the flow of the
 * auth method (standard flow with PKCE S256, or implicit), direct access grants off, the home URL
 * `<host>` (baseUrl), the redirect URI `<host>/oidc/callback`, post-logout redirect `<host>/logout`,
 * web origin `<host>`.
 */
export function handMadeClient(host: string, clientId: string, method: "pkce" | "implicit", confidential = false): ClientRepresentation {
    return {
        clientId,
        name: "Weights & Biases",
        protocol: "openid-connect",
        publicClient: !confidential,
        clientAuthenticatorType: "client-secret",
        standardFlowEnabled: method === "pkce",
        implicitFlowEnabled: method === "implicit",
        directAccessGrantsEnabled: false,
        serviceAccountsEnabled: false,
        redirectUris: [`${host}/oidc/callback`],
        webOrigins: [host],
        baseUrl: host,
        attributes: {
            "post.logout.redirect.uris": `${host}/logout`,
            ...(method === "pkce" ? { "pkce.code.challenge.method": "S256" } : {}),
        },
    };
}

/** The groups mapper docs/existing.md and docs/teams.md describe: `groups`, names without paths, in the ID token. */
export const GROUPS_MAPPER = {
    name: "groups",
    protocol: "openid-connect",
    protocolMapper: "oidc-group-membership-mapper",
    config: {
        "claim.name": "groups",
        "full.path": "false",
        "id.token.claim": "true",
        "access.token.claim": "false",
        "userinfo.token.claim": "true",
    },
};

export interface PodSignIn extends SignIn {
    /** What the stand-in printed (checked never to hold the client secret). */
    readonly output: string;
}

/** Starts the stand-in with `env` (a pod's), signs the person in through the browser, stops it. */
export async function signInWith(env: Readonly<Record<string, string>>, person: Person): Promise<PodSignIn> {
    const login = await startWandbLogin(env);
    try {
        const result = await signIn(login.loginUrl, login.callbackUrl, person);
        return { ...result, output: login.output() };
    } finally {
        await login.stop();
    }
}

/** Signs the person in through what the W&B pod of the Keycloak scenarios sees now. */
export async function signInThroughPod(c: Context, person: Person): Promise<PodSignIn> {
    return signInWith(c.kube.podEnv(KC_NS, DEPLOYMENT, CONTAINER), person);
}

/** The stand-in accepted the login: the person's e-mail and name, through this client and flow. */
export function expectSignedIn(r: PodSignIn, person: Person, clientId: string, flow: "pkce" | "implicit"): void {
    expect(r.status === 200 && r.body.ok === true, `the sign-in failed: HTTP ${r.status} ${JSON.stringify(r.body)}`);
    expectEqual(
        { email: r.body.email, name: r.body.name, flow: r.body.flow, clientId: r.body.clientId, azp: r.body.azp },
        { email: person.email, name: person.name, flow, clientId, azp: clientId },
        "who signed in, how and through which client",
    );
    // pkce's callback is the IdP's redirect (GET); implicit's ID token arrives by form_post (POST).
    expectEqual(r.method, flow === "implicit" ? "POST" : "GET", "the callback's method");
}
