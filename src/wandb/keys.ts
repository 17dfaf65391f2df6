// The keys wandb-sso's ConfigMap and Secret hold, and the names W&B reads them under. Pure
// constants with no import, so that what reads W&B's objects without the Pulumi SDK (the verify CLI's
// check of a live WeightsAndBiases resource) names them from here too.

/** The ConfigMap key W&B's group-claims variables read. */
export const GROUP_CLAIMS_KEY = "GORILLA_ENABLE_SSO_GROUP_CLAIMS";

/** Break-glass: the variable, and the ConfigMap key it reads. */
export const LOCAL_RESTORE = "LOCAL_RESTORE";

/** The key the Secret holds the client secret under. */
export const SECRET_KEY = "OIDC_SECRET";

/** The ConfigMap's keys for the OIDC settings and the CORS origins. */
export const CONFIG_MAP_KEYS = {
    clientId: "OIDC_CLIENT_ID",
    issuer: "OIDC_ISSUER",
    authMethod: "OIDC_AUTH_METHOD",
    corsOrigins: "GORILLA_CORS_ORIGINS",
} as const;
