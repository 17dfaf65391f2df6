// oidc-provider ships no type declarations; this is the little the verify tests use.
declare module "oidc-provider" {
    import type { IncomingMessage, ServerResponse } from "node:http";
    export interface ClientMetadata {
        client_id: string;
        client_secret?: string;
        redirect_uris: string[];
        response_types?: string[];
        grant_types?: string[];
        token_endpoint_auth_method?: string;
        [key: string]: unknown;
    }
    export interface Configuration {
        clients?: ClientMetadata[];
        jwks?: { keys: object[] };
        cookies?: { keys: string[] };
        claims?: Record<string, string[] | null>;
        responseTypes?: string[];
        ttl?: Record<string, number>;
        features?: Record<string, unknown>;
        [key: string]: unknown;
    }
    export class Provider {
        constructor(issuer: string, configuration?: Configuration);
        callback(): (req: IncomingMessage, res: ServerResponse) => void;
    }
    export default Provider;
}
