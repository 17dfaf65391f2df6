// Keycloak's admin REST API (Keycloak 26.7.3, /admin/realms/...), through plain fetch: what a person
// does in the admin console, done by the harness, and every object read back from the server.
// The admin's token comes from the master realm's admin-cli client (password grant), as kcadm.sh
// does; tokens live 60 s, so one is fetched again when it is close to expiry.

export interface KeycloakAdmin {
    readonly url: string;
    readonly username: string;
    readonly password: string;
}

/** A client as Keycloak's ClientRepresentation has it (only the fields the scenarios read or set). */
export interface ClientRepresentation {
    id?: string;
    clientId: string;
    name?: string;
    description?: string;
    protocol?: string;
    enabled?: boolean;
    publicClient?: boolean;
    bearerOnly?: boolean;
    clientAuthenticatorType?: string;
    secret?: string;
    standardFlowEnabled?: boolean;
    implicitFlowEnabled?: boolean;
    directAccessGrantsEnabled?: boolean;
    serviceAccountsEnabled?: boolean;
    frontchannelLogout?: boolean;
    redirectUris?: string[];
    webOrigins?: string[];
    baseUrl?: string;
    rootUrl?: string;
    adminUrl?: string;
    fullScopeAllowed?: boolean;
    consentRequired?: boolean;
    attributes?: Record<string, string | null>;
    [other: string]: unknown;
}

export interface ProtocolMapperRepresentation {
    id?: string;
    name: string;
    protocol: string;
    protocolMapper: string;
    config: Record<string, string>;
}

export class KeycloakError extends Error {}

export class Keycloak {
    private token?: { value: string; until: number };

    constructor(readonly admin: KeycloakAdmin) {}

    /** The issuer of a realm, as Keycloak serves it with --hostname pinned to its URL. */
    issuer(realm: string): string {
        return `${this.admin.url}/realms/${realm}`;
    }

    private async accessToken(): Promise<string> {
        if (this.token && Date.now() < this.token.until) return this.token.value;
        const res = await fetch(`${this.admin.url}/realms/master/protocol/openid-connect/token`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({
                grant_type: "password",
                client_id: "admin-cli",
                username: this.admin.username,
                password: this.admin.password,
            }),
        });
        // The body of a refusal is Keycloak's error code; it never echoes the password.
        if (!res.ok) throw new KeycloakError(`admin token: HTTP ${res.status} ${await res.text()}`);
        const body = (await res.json()) as { access_token: string; expires_in: number };
        this.token = { value: body.access_token, until: Date.now() + (body.expires_in - 15) * 1000 };
        return body.access_token;
    }

    /** One admin API call; returns the parsed body (or the id from a 201's Location header). */
    async call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
        const res = await fetch(`${this.admin.url}/admin/realms${path}`, {
            method,
            headers: {
                authorization: `Bearer ${await this.accessToken()}`,
                ...(body === undefined ? {} : { "content-type": "application/json" }),
            },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await res.text();
        if (!res.ok) throw new KeycloakError(`${method} /admin/realms${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
        if (res.status === 201) return (res.headers.get("location")?.split("/").pop() ?? "") as T;
        return (text === "" ? undefined : JSON.parse(text)) as T;
    }

    /** A realm; `attributes` as the admin console's realm settings keep them (e.g. frontendUrl). */
    async createRealm(realm: string, attributes?: Readonly<Record<string, string>>): Promise<void> {
        await this.call("POST", "", { realm, enabled: true, ...(attributes && { attributes }) });
    }

    async deleteRealm(realm: string): Promise<void> {
        await this.call("DELETE", `/${realm}`);
    }

    /** A user who can sign in at once: e-mail verified, first and last name (Keycloak 26's user profile requires them), a password. */
    async createUser(realm: string, user: { username: string; email: string; firstName: string; lastName: string; password: string }) {
        return this.call<string>("POST", `/${realm}/users`, {
            username: user.username,
            email: user.email,
            firstName: user.firstName,
            lastName: user.lastName,
            emailVerified: true,
            enabled: true,
            credentials: [{ type: "password", value: user.password, temporary: false }],
        });
    }

    async createGroup(realm: string, name: string): Promise<string> {
        return this.call<string>("POST", `/${realm}/groups`, { name });
    }

    async joinGroup(realm: string, userId: string, groupId: string): Promise<void> {
        await this.call("PUT", `/${realm}/users/${userId}/groups/${groupId}`);
    }

    /** Registers a client; returns its internal id (the UUID the admin console shows in its URL). */
    async createClient(realm: string, client: ClientRepresentation): Promise<string> {
        return this.call<string>("POST", `/${realm}/clients`, client);
    }

    async getClient(realm: string, id: string): Promise<ClientRepresentation> {
        return this.call<ClientRepresentation>("GET", `/${realm}/clients/${id}`);
    }

    async findClient(realm: string, clientId: string): Promise<ClientRepresentation | undefined> {
        const found = await this.call<ClientRepresentation[]>("GET", `/${realm}/clients?clientId=${encodeURIComponent(clientId)}`);
        return found[0];
    }

    /** Changes a client as the admin console's Save does: the whole representation, read, changed, written. */
    async updateClient(realm: string, id: string, change: (client: ClientRepresentation) => void): Promise<ClientRepresentation> {
        const client = await this.getClient(realm, id);
        change(client);
        await this.call("PUT", `/${realm}/clients/${id}`, client);
        return this.getClient(realm, id);
    }

    async clientSecret(realm: string, id: string): Promise<string> {
        return (await this.call<{ value: string }>("GET", `/${realm}/clients/${id}/client-secret`)).value;
    }

    async addMapper(realm: string, clientUuid: string, mapper: ProtocolMapperRepresentation): Promise<string> {
        return this.call<string>("POST", `/${realm}/clients/${clientUuid}/protocol-mappers/models`, mapper);
    }

    async mappers(realm: string, clientUuid: string): Promise<ProtocolMapperRepresentation[]> {
        return this.call<ProtocolMapperRepresentation[]>("GET", `/${realm}/clients/${clientUuid}/protocol-mappers/models`);
    }
}
