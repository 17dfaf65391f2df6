// W&B's own SSO options, the settings W&B reads besides the IdP's values. Apart from settings.ts (the
// W&B side's validator) because the environment and chart builders below the target records use
// them, and the validator stands above the records (it asks each target how to parse its name).
// Pure, no import.

/**
 * W&B's own SSO options. Each is absent unless set: an unset option sets no variable, so W&B keeps
 * its own default.
 */
export interface WandbSsoOptions {
    /** How long a W&B session lasts, in hours (`SESSION_LENGTH`; W&B's default is 720). */
    readonly sessionLengthHours?: number;
    /** true: W&B does not create users on their first SSO login (`DISABLE_SSO_PROVISIONING`). */
    readonly disableSsoProvisioning?: boolean;
    /**
     * true: W&B sets each user's team memberships from the ID token's `groups` claim, a list of W&B
     * team names (`GORILLA_ENABLE_SSO_GROUP_CLAIMS`).
     */
    readonly groupClaims?: boolean;
    /** Scopes W&B asks for besides openid, profile and email, e.g. `groups` (`GORILLA_OIDC_CUSTOM_SCOPES`). */
    readonly customScopes?: string[];
    /**
     * true: W&B takes usernames from the ID token's `preferred_username` and full names from `name`
     * (`GORILLA_USE_IDENTIFIER_CLAIMS`); W&B accepts only letters, digits, `_` and `-` in usernames,
     * which many IdPs' `preferred_username` (an e-mail address, a UPN) is not: see docs/teams.md.
     */
    readonly identifierClaims?: boolean;
}

/** W&B's default session length (hours), used when `sessionLengthHours` is unset. */
export const WANDB_DEFAULT_SESSION_LENGTH_HOURS = 720;
