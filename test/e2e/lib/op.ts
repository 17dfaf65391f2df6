// The identity provider of the end-to-end tier: a real OpenID provider (oidc-provider, as the fast
// tier's verify tests use) on 127.0.0.1, with one confidential client registered for W&B's pkce
// login at the e2e W&B host; over https with a certificate of the environment's private CA when
// given one (env.ts idpTls).
import { randomBytes } from "node:crypto";
import { startProvider, type RunningProvider, type ServerTls } from "../../verify/servers";

export const CLIENT_ID = "wandb-e2e";

export interface E2eProvider extends RunningProvider {
    readonly clientId: string;
    readonly clientSecret: string;
}

export async function startE2eProvider(host: string, tls?: ServerTls): Promise<E2eProvider> {
    const clientSecret = `e2e-${randomBytes(18).toString("hex")}`;
    const op = await startProvider({
        ...(tls && { tls }),
        clients: [
            {
                client_id: CLIENT_ID,
                client_secret: clientSecret,
                redirect_uris: [`${host}/oidc/callback`],
                post_logout_redirect_uris: [`${host}/logout`],
                response_types: ["code"],
                grant_types: ["authorization_code"],
                token_endpoint_auth_method: "client_secret_basic",
            },
        ],
    });
    return { ...op, clientId: CLIENT_ID, clientSecret };
}
