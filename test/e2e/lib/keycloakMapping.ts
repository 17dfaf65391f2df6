// How the Keycloak Pulumi provider turns a resource's inputs into admin API requests, for the two
// resources KeycloakOidcApp registers, so that the component's exact inputs (as the offline plan
// captures them under the mock runtime) can be applied to a real Keycloak field by field. This is a
// check of the component's settings against real Keycloak, not a run of the provider: the provider
// cannot be had from any registry here (docs/e2e.md).
//
// Sources, read (not built, not copied):
// - pulumi/pulumi-keycloak v6.13.0 (the @pulumi/keycloak in package-lock.json): the Pulumi names,
//   sdk/nodejs/openid/client.ts (ClientArgs, lines 723-945) and
//   sdk/nodejs/openid/groupMembershipProtocolMapper.ts (GroupMembershipProtocolMapperArgs, lines
//   255-295). Each is the Terraform attribute in camelCase (provider/resources.go renames none of
//   these fields; `client_id` only gets auto-naming, line 118). Its `upstream` submodule pins
//   terraform-provider-keycloak f1724f757eb5, tag v5.9.0, the source cited below as TF:
// - TF provider/resource_keycloak_openid_client.go: the schema (defaults, lines 51-383) and
//   getOpenidClientFromData (lines 396-564), which builds the request;
// - TF keycloak/openid_client.go: the JSON of a client (OpenidClient, lines 33-62; its attributes,
//   OpenidClientAttributes, lines 64-92) and NewOpenidClient (POST /realms/{realm}/clients, with
//   protocol openid-connect, lines 141-149);
// - TF keycloak/extra_config.go marshalExtraConfig (lines 54-80): attributes are written as a map
//   of every field (omitempty is ignored there), booleans as "true"/"false" (KeycloakBoolQuoted,
//   keycloak/types/keycloak_bool_quoted.go), lists as one "a##b" string or null when empty
//   (KeycloakSliceHashDelimited, keycloak/types/keycloak_slice_hash_delimited.go);
// - TF provider/resource_keycloak_openid_group_membership_protocol_mapper.go (schema lines 24-80,
//   mapFromDataToOpenIdGroupMembershipProtocolMapper lines 84-99) and
//   keycloak/openid_group_membership_protocol_mapper.go (convertToGenericProtocolMapper lines 25-40,
//   NewOpenIdGroupMembershipProtocolMapper lines 99-110), keycloak/protocol_mapper.go (the config
//   keys, lines 17-28; the path, lines 44-54);
// - TF keycloak/keycloak_client.go: every path is under <url>/admin (apiUrl, line 86; post, line 590),
//   bodies are plain json.Marshal (marshal, line 651).
import type { ClientRepresentation, ProtocolMapperRepresentation } from "./keycloak";

type Inputs = Readonly<Record<string, unknown>>;

/** The Pulumi name of a Terraform attribute (tfbridge's default: snake_case to camelCase). */
function pulumiName(tf: string): string {
    return tf.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * The value Terraform's `data.Get(tf)` returns on create: the input when given, otherwise the
 * schema's Default, otherwise the type's zero value (Optional+Computed attributes without a
 * Default read as zero on create).
 */
function reader(inputs: Inputs, defaults: Readonly<Record<string, boolean | string>>, known: Set<string>) {
    const get = (tf: string): unknown => {
        known.add(pulumiName(tf));
        const v = inputs[pulumiName(tf)];
        return v === undefined ? defaults[tf] : v;
    };
    const text = (v: unknown): string => (typeof v === "string" ? v : v === undefined || v === null ? "" : JSON.stringify(v));
    return {
        bool: (tf: string): boolean => get(tf) === true,
        str: (tf: string): string => text(get(tf)),
        list: (tf: string): string[] => (get(tf) as string[] | undefined) ?? [],
        /** data.GetOkExists: set in the config (an input given). */
        given: (tf: string): string | undefined => (get(tf) === undefined ? undefined : text(get(tf))),
    };
}

/** Every input must be one the mapping reads: a field the component adds later fails here, not silently. */
function refuseUnmapped(what: string, inputs: Inputs, known: Set<string>): void {
    const unmapped = Object.keys(inputs).filter((k) => !known.has(k));
    if (unmapped.length > 0) throw new Error(`${what}: no mapping for input ${unmapped.join(", ")} (add it from the provider's source)`);
}

/** The schema Defaults of keycloak_openid_client (TF provider/resource_keycloak_openid_client.go). */
const CLIENT_DEFAULTS: Readonly<Record<string, boolean | string>> = {
    enabled: true, // lines 67-71
    client_authenticator_type: "client-secret", // lines 114-119
    full_scope_allowed: true, // lines 264-268
    use_refresh_tokens: true, // lines 306-310
    use_refresh_tokens_client_credentials: false, // lines 311-315
    standard_token_exchange_enabled: false, // lines 316-320
    backchannel_logout_session_required: true, // lines 335-339
    oauth2_device_authorization_grant_enabled: false, // lines 349-353
    oauth2_jwt_authorization_grant_enabled: false, // lines 362-366
    always_display_in_console: false, // lines 371-375
    import: false, // lines 376-381
};

/**
 * The body terraform-provider-keycloak POSTs to /admin/realms/{realmId}/clients for a
 * keycloak:openid/client:Client with these inputs (Pulumi names), and the realm it posts to.
 */
export function openidClientRequest(inputs: Inputs): { realm: string; body: ClientRepresentation } {
    const known = new Set<string>();
    const d = reader(inputs, CLIENT_DEFAULTS, known);
    const realm = d.str("realm_id"); // line 435; the path: openid_client.go line 144
    if (
        inputs.clientSecret !== undefined ||
        inputs.authorization !== undefined ||
        inputs.authenticationFlowBindingOverrides !== undefined
    ) {
        throw new Error("openid client: the mapping covers public clients without authorization settings or flow overrides");
    }
    if (d.bool("import")) throw new Error("openid client: import=true updates an existing client (lines 689-702); not mapped");
    // getOpenidClientFromData, lines 401-430: unset lists are sent as [].
    const attributes: Record<string, string | null> = {
        "pkce.code.challenge.method": d.str("pkce_code_challenge_method"), // line 446; json key openid_client.go line 65
        "dpop.bound.access.tokens": String(d.bool("require_dpop_bound_tokens")), // line 447; key line 66
        "exclude.session.state.from.auth.response": String(d.bool("exclude_session_state_from_auth_response")), // 448; 67
        "exclude.issuer.from.auth.response": String(d.bool("exclude_issuer_from_auth_response")), // 449; 68
        "access.token.lifespan": d.str("access_token_lifespan"), // 450; 69
        login_theme: d.given("login_theme") ?? "", // 490-492 (only when set); 70
        "client.offline.session.idle.timeout": d.str("client_offline_session_idle_timeout"), // 451; 71
        "display.on.consent.screen": String(d.bool("display_on_consent_screen")), // 467; 72
        "consent.screen.text": d.given("consent_screen_text") ?? "", // 499-501; 73
        "client.offline.session.max.lifespan": d.str("client_offline_session_max_lifespan"), // 452; 74
        "client.session.idle.timeout": d.str("client_session_idle_timeout"), // 453; 75
        "client.session.max.lifespan": d.str("client_session_max_lifespan"), // 454; 76
        "use.refresh.tokens": String(d.bool("use_refresh_tokens")), // 455; 77
        "client_credentials.use_refresh_token": String(d.bool("use_refresh_tokens_client_credentials")), // 456; 78
        "backchannel.logout.url": d.given("backchannel_logout_url") ?? "", // 496-498; 79
        "frontchannel.logout.url": d.given("frontchannel_logout_url") ?? "", // 493-495; 80
        "backchannel.logout.revoke.offline.tokens": String(d.bool("backchannel_logout_revoke_offline_sessions")), // 459; 81
        "backchannel.logout.session.required": String(d.bool("backchannel_logout_session_required")), // 460; 82
        "oauth2.device.authorization.grant.enabled": String(d.bool("oauth2_device_authorization_grant_enabled")), // 462; 84
        "oauth2.device.code.lifespan": d.str("oauth2_device_code_lifespan"), // 463; 85
        "oauth2.device.polling.interval": d.str("oauth2_device_polling_interval"), // 464; 86
        "oauth2.jwt.authorization.grant.enabled": String(d.bool("oauth2_jwt_authorization_grant_enabled")), // 465; 87
        "oauth2.jwt.authorization.grant.idp": d.str("oauth2_jwt_authorization_grant_idp"), // 466; 88
        // 468; 89: "a##b", or null for none (keycloak_slice_hash_delimited.go).
        "post.logout.redirect.uris": d.list("valid_post_logout_redirect_uris").join("##") || null,
        "standard.token.exchange.enabled": String(d.bool("standard_token_exchange_enabled")), // 457; 90
        "standard.token.exchange.enableRefreshRequestedTokenType": d.str("allow_refresh_token_in_standard_token_exchange"), // 458; 91
    };
    const extra = inputs.extraConfig as Record<string, string> | undefined; // line 461: merged into the map
    known.add("extraConfig");
    const accessType = d.str("access_type"); // lines 528-533
    const body: ClientRepresentation = {
        clientId: d.str("client_id"), // line 434; json openid_client.go line 35
        name: d.given("name") ?? "", // lines 477-479 (only when set; else ""); line 37
        protocol: "openid-connect", // NewOpenidClient, line 142; line 38
        clientAuthenticatorType: d.str("client_authenticator_type"), // line 438; line 39
        // secret: omitempty, "" for a client without client_secret (line 437; line 40)
        enabled: d.bool("enabled"), // line 436; line 41
        description: d.given("description") ?? "", // lines 558-561; line 42
        publicClient: accessType === "PUBLIC", // line 530; line 43
        bearerOnly: accessType === "BEARER-ONLY", // line 532; line 44
        standardFlowEnabled: d.bool("standard_flow_enabled"), // line 439; line 45
        implicitFlowEnabled: d.bool("implicit_flow_enabled"), // line 440; line 46
        directAccessGrantsEnabled: d.bool("direct_access_grants_enabled"), // line 441; line 47
        serviceAccountsEnabled: d.bool("service_accounts_enabled"), // line 442; line 48
        frontchannelLogout: d.bool("frontchannel_logout_enabled"), // line 443; line 49
        authorizationServicesEnabled: false, // no authorization block, line 546; line 50
        redirectUris: d.list("valid_redirect_uris"), // lines 414-418, 470; line 51
        webOrigins: d.list("web_origins"), // lines 420-424, 471; line 52
        adminUrl: d.given("admin_url") ?? "", // lines 484-486; line 53
        baseUrl: d.given("base_url") ?? "", // lines 487-489; line 54
        ...(d.given("root_url") !== undefined ? { rootUrl: d.given("root_url") } : {}), // 480-483; omitempty pointer, 55
        fullScopeAllowed: d.bool("full_scope_allowed"), // line 444; line 56
        attributes: { ...extra, ...attributes }, // line 57 (marshalExtraConfig writes the fields over the extra map)
        consentRequired: d.bool("consent_required"), // line 472; line 59
        // An empty struct is not omitted by omitempty: both keys are sent, empty (line 60; 94-97).
        authenticationFlowBindingOverrides: { browser: "", direct_grant: "" },
        alwaysDisplayInConsole: d.bool("always_display_in_console"), // line 473; line 61
    };
    // ValidateOpenidClient (openid_client.go lines 112-139) and getOpenidClientFromData's own
    // refusals (lines 516-526), which the provider applies before the POST.
    if (!body.standardFlowEnabled && !body.implicitFlowEnabled && (body.redirectUris?.length ?? 0) > 0)
        throw new Error("valid_redirect_uris cannot be set when standard or implicit flow is not enabled");
    if ((body.standardFlowEnabled || body.implicitFlowEnabled) && (body.redirectUris?.length ?? 0) === 0)
        throw new Error("standard (authorization code) and implicit flows require at least one valid redirect uri");
    if (body.serviceAccountsEnabled && body.publicClient) throw new Error("service accounts cannot be enabled on public clients");
    refuseUnmapped("openid client", inputs, known);
    return { realm, body };
}

/** The schema Defaults of keycloak_openid_group_membership_protocol_mapper (lines 55-79). */
const MAPPER_DEFAULTS: Readonly<Record<string, boolean | string>> = {
    full_path: true, // lines 55-59
    add_to_id_token: true, // lines 60-64
    add_to_access_token: true, // lines 65-69
    add_to_userinfo: true, // lines 70-74
    add_to_token_introspection: false, // lines 75-79
};

/**
 * The body the provider POSTs to /admin/realms/{realmId}/clients/{clientId}/protocol-mappers/models
 * for a keycloak:openid/groupMembershipProtocolMapper:GroupMembershipProtocolMapper, where
 * `clientId` is the client's internal id (the Client resource's id): `clientUuid` here, since the
 * plan shows it as "(known after apply)".
 */
export function groupMapperRequest(
    inputs: Inputs,
    clientUuid: string,
): { realm: string; path: string; body: ProtocolMapperRepresentation } {
    const known = new Set<string>(["clientId"]);
    const d = reader(inputs, MAPPER_DEFAULTS, known);
    if (inputs.clientScopeId !== undefined) throw new Error("group mapper: the mapping covers a client's mapper, not a client scope's");
    const realm = d.str("realm_id"); // line 88
    const body: ProtocolMapperRepresentation = {
        name: d.str("name"), // line 87; protocol_mapper.go line 11
        protocol: "openid-connect", // convertToGenericProtocolMapper line 29
        protocolMapper: "oidc-group-membership-mapper", // line 30
        config: {
            "full.path": String(d.bool("full_path")), // line 93; line 32, key protocol_mapper.go line 28
            "id.token.claim": String(d.bool("add_to_id_token")), // line 94; line 33, key line 19
            "access.token.claim": String(d.bool("add_to_access_token")), // line 95; line 34, key line 18
            "userinfo.token.claim": String(d.bool("add_to_userinfo")), // line 96; line 35, key line 20
            "introspection.token.claim": String(d.bool("add_to_token_introspection")), // line 97; line 36, key line 21
            "claim.name": d.str("claim_name"), // line 92; line 37, key line 24
        },
    };
    refuseUnmapped("group mapper", inputs, known);
    // protocolMapperPath, protocol_mapper.go lines 44-54.
    return { realm, path: `/${realm}/clients/${clientUuid}/protocol-mappers/models`, body };
}
