// AWS Cognito: the pure rules behind CognitoOidcApp (issuer, IDs, domain prefixes, the known
// issuer mistakes) and its one validator, shared by the component and the stack config.
import type * as pulumi from "@pulumi/pulumi";
import type { AuthMethod, ClientReplacement, IdpAppArgs } from "../../src/oidc";
import { knownAuthMethod } from "../../src/parse/oidc";
import { acceptedSuggestion, bad, ok, SECRET_PLACEHOLDER, type At, type Parsed, type Problems, type Unchecked } from "../../src/problems";
import { fieldsOf, isDeferred, parseOptionalBoolean, type ProviderSettings } from "../../src/parse/values";
import { readAdopt, type AdoptDescriptor } from "../../src/idp/adopt";
import {
    knownTeams,
    WANDB_GROUPS_CLAIM,
    type GroupsClaimSent,
    type IdentifierClaimsAdvice,
    type TeamNameRules,
    type TeamsSettings,
} from "../../src/parse/teams";
import { checkHostUrls, type UrlLimit } from "../../src/idp/limits";

export interface CognitoOidcAppArgs extends IdpAppArgs {
    /** Reuse this user pool (`<region>_<id>`); when unset, a pool with secure defaults is created. */
    userPoolId?: pulumi.Input<string>;
    /** Create the hosted-UI domain `<prefix>.auth.<region>.amazoncognito.com` (OAuth endpoints need one). */
    domainPrefix?: string;
    /** Issue a client secret (default false: PKCE needs none). */
    generateSecret?: boolean;
    /**
     * Adopt an app client made by hand (W&B's manual guide) instead of creating one: it is imported
     * (Pulumi's `import` option) with its client ID, in its pool, which is reused as `userPoolId`
     * is; `domain` imports the pool's Cognito domain too. Every input this component declares is
     * then set on the client: `pulumi preview --diff` shows each difference as an update after
     * the import (docs/migrate.md). Its secret, if it has one, is read as it is.
     */
    adopt?: CognitoAdopt;
}

/** The IDs of a Cognito app client made by hand, as the Cognito console shows them. */
export interface CognitoAdopt {
    /** The user pool's ID (`<region>_<id>`): User pools > the pool, "User pool ID". */
    userPoolId: string;
    /** The app client's ID: the pool's App integration (App clients) > the client, "Client ID". */
    clientId: string;
    /** The pool's Cognito domain prefix (`<prefix>.auth.<region>.amazoncognito.com`), to manage it too. */
    domain?: string;
}

/** The checked `wandb-sso:cognito` settings: the component's own arguments, defaults applied. */
export type CognitoSettings = Omit<CognitoOidcAppArgs, keyof IdpAppArgs | "generateSecret" | "adopt"> & {
    readonly generateSecret: boolean;
    readonly adopt?: Readonly<CognitoAdopt>;
};

export const COGNITO_FIELDS = fieldsOf<CognitoSettings>()(["userPoolId", "domainPrefix", "generateSecret", "adopt"]);

/**
 * W&B's guide: "For AWS Cognito providers you must set the Auth Method to pkce" (Cognito's
 * authorization endpoint does not answer `response_mode=form_post`).
 */
export const COGNITO_AUTH_METHODS: readonly AuthMethod[] = ["pkce"];

/**
 * The issuer Cognito states in its discovery document. Never the hosted-UI domain: that domain
 * serves the login pages but not `/.well-known/openid-configuration`.
 */
export function cognitoIssuer(region: string, userPoolId: string): string {
    return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

/** The hosted-UI base URL of a Cognito domain prefix (where users see the login page). */
export function cognitoHostedUiUrl(domainPrefix: string, region: string): string {
    return `https://${domainPrefix}.auth.${region}.amazoncognito.com`;
}

/**
 * The hosted-UI domain's managed-login version, set explicitly rather than left to Cognito's
 * default: `1`, the hosted UI (classic). Version `2` (managed login) renders an app client's login
 * pages from the managed login branding style assigned to that client, and this component assigns
 * none, so its login page would not be the one W&B's users need; version 1 renders the classic pages
 * with no style at all, and is the only version the Lite feature plan offers (pools created here
 * without teams carry no `userPoolTier`). Sources: @pulumi/aws 7.48.0
 * cognito/userPoolDomain.d.ts `managedLoginVersion` ("1 for hosted UI (classic), 2 for the newer
 * managed login with the branding designer"); terraform-provider-aws aws_cognito_user_pool_domain
 * `managed_login_version` (Optional + Computed: unset takes whatever Cognito answers); AWS Cognito
 * developer guide, "User pool managed login" (Lite: the classic hosted UI is the only option) and
 * "The branding designer and customizing managed login" (managed login pages come from a style
 * created for an app client); CreateUserPoolDomain API reference, ManagedLoginVersion.
 */
export const COGNITO_MANAGED_LOGIN_VERSION = 1;

/**
 * The AWS provider's limits on what the app client and the teams groups hold
 * (terraform-provider-aws internal/service/cognitoidp/user_pool_client.go: `callback_urls` and
 * `logout_urls` entries `validation.StringLenBetween(1, 1024)`, as the Cognito API's
 * RedirectUrlType; user_group.go `name`, validUserGroupName, the API's GroupName: 1 to 128
 * characters). Every host the host parser accepts fits the URLs (its base URL has at most 267
 * characters); a team group's name is the user's, refused when longer.
 */
export const COGNITO_URL_LIMITS: readonly UrlLimit[] = [
    { field: "callbackUrls", url: "callbackUrl", maxChars: 1024 },
    { field: "logoutUrls", url: "hostLogoutUrl", maxChars: 1024 },
];
export const COGNITO_GROUP_NAME_MAX_CHARS = 128;

/** A user pool ID is `<region>_<id>`, e.g. `us-west-2_AbC123xyZ`. */
const USER_POOL_ID = /^([a-z]{2}(?:-[a-z]+)+-\d+)_[0-9A-Za-z]+$/;

export function parseUserPoolId(value: unknown): Parsed<string> {
    if (typeof value === "string" && USER_POOL_ID.test(value) && value.length <= MAX_USER_POOL_ID_CHARS) return ok(value);
    return bad(
        "a user pool ID is <region>_<id>, e.g. us-west-2_AbC123xyZ: copy it from the Cognito console's user pool overview",
        "us-west-2_AbC123xyZ",
    );
}

/** Cognito's limit for a user pool ID (the API's `UserPoolId`: at most 55 characters). */
const MAX_USER_POOL_ID_CHARS = 55;

/** The region a user pool ID names (`us-west-2_AbC123` → `us-west-2`). */
export function userPoolRegion(userPoolId: string): string | undefined {
    return USER_POOL_ID.exec(userPoolId)?.[1];
}

/**
 * An app client's ID as Cognito issues it: lower-case letters and digits (26 of them today; the
 * API's `ClientId` allows up to 128 characters). Refused with the reason when it is the pool's ID
 * or the client's name copied by mistake.
 */
export function parseCognitoClientId(value: unknown): Parsed<string> {
    if (typeof value === "string" && /^[a-z0-9]{1,128}$/.test(value)) return ok(value);
    if (typeof value === "string" && USER_POOL_ID.test(value)) {
        return bad(
            `this is a user pool's ID; the client's ID is under the pool's App integration > App clients, e.g. ${EXAMPLE_COGNITO_CLIENT_ID}`,
        );
    }
    return bad(
        `an app client ID is lower-case letters and digits, e.g. ${EXAMPLE_COGNITO_CLIENT_ID}: copy "Client ID" from the pool's App integration > App clients (not the client's name)`,
    );
}

const EXAMPLE_COGNITO_CLIENT_ID = "3ho4ek12345678909nh3fmhpko";

/**
 * The adopted pool's Cognito domain: its prefix, as the domain resource is imported by it. The
 * full hosted-UI hostname is refused with its prefix suggested; a custom domain (its own hostname
 * and certificate) cannot be declared by this component and is left out of the adoption.
 */
export function parseAdoptedDomain(value: unknown): Parsed<string> {
    if (typeof value === "string") {
        const hosted = /^([a-z0-9-]+)\.auth(?:-fips)?\.[a-z0-9-]+\.amazoncognito\.com$/.exec(value.toLowerCase());
        if (hosted) return suggestPrefix(hosted[1]!, `use the domain's prefix alone (the part before .auth.)`);
        if (value.includes(".")) {
            return bad(
                "a custom domain (with its own certificate) cannot be adopted by this component: leave domain out, and the pool keeps it as it is",
            );
        }
    }
    const parsed = parseDomainPrefix(value);
    return "fix" in parsed
        ? bad(`${parsed.fix} (the pool's App integration > Domain, the Cognito domain's prefix)`, parsed.suggestion)
        : parsed;
}

function suggestPrefix(prefix: string, text: string): Parsed<never> {
    return "value" in parseDomainPrefix(prefix) ? bad(`${text}: ${prefix}`, prefix) : bad(text);
}

/**
 * What Cognito's `adopt` takes and imports. Import IDs: `aws:cognito/userPoolClient:UserPoolClient`
 * by `<userPoolId>/<clientId>`, `aws:cognito/userPoolDomain:UserPoolDomain` by its domain
 * (node_modules/@pulumi/aws/cognito/userPoolClient.d.ts and userPoolDomain.d.ts, "## Import",
 * @pulumi/aws 7.48.0; terraform-provider-aws website/docs/r/cognito_user_pool_client.html.markdown
 * and cognito_user_pool_domain.html.markdown, "Import"). The pool itself is reused, not imported:
 * declaring it would set every pool setting (sign-in attributes, password policy, MFA) on a pool
 * its users already sign in to.
 */
export const COGNITO_ADOPT: AdoptDescriptor = {
    ids: [
        { field: "userPoolId", where: "Cognito console, User pools > the pool: User pool ID (<region>_<id>)", parse: parseUserPoolId },
        {
            field: "clientId",
            where: "the pool's App integration > App clients > the client: Client ID",
            parse: parseCognitoClientId,
        },
        {
            field: "domain",
            where: "the pool's App integration > Domain: the Cognito domain's prefix (before .auth.<region>.amazoncognito.com)",
            parse: parseAdoptedDomain,
            optional: true,
        },
    ],
    imports: [
        {
            type: "aws:cognito/userPoolClient:UserPoolClient",
            format: "<userPoolId>/<clientId>",
            source: "@pulumi/aws 7.48.0 cognito/userPoolClient.d.ts, ## Import",
        },
        {
            type: "aws:cognito/userPoolDomain:UserPoolDomain",
            format: "<domain>",
            source: "@pulumi/aws 7.48.0 cognito/userPoolDomain.d.ts, ## Import",
        },
    ],
    // Cognito returns an app client's secret (DescribeUserPoolClient's ClientSecret), and the
    // provider's read keeps it as client_secret (terraform-provider-aws
    // internal/service/cognitoidp/user_pool_client.go: `config.ClientSecret =
    // fwflex.StringToFrameworkLegacy(ctx, poolClient.ClientSecret)`): an adopted client keeps its secret.
    notImported: undefined,
};

/** The import IDs of an adopted client (and domain), in the provider's formats (COGNITO_ADOPT). */
export function cognitoImportIds(adopt: Readonly<CognitoAdopt>): { client: string; domain?: string } {
    return { client: `${adopt.userPoolId}/${adopt.clientId}`, ...(adopt.domain !== undefined && { domain: adopt.domain }) };
}

/** Cognito's rule for a domain prefix: lower-case letters, digits and hyphens, and no AWS names. */
export function parseDomainPrefix(value: unknown): Parsed<string> {
    if (typeof value !== "string" || !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(value)) {
        const suggestion = prefixLike(typeof value === "string" ? value : "");
        return bad(
            "a domain prefix is 1-63 lower-case letters, digits and hyphens, not starting or ending with a hyphen" +
                `; e.g. ${suggestion ?? EXAMPLE_DOMAIN_PREFIX}`,
            suggestion,
        );
    }
    const reserved = RESERVED_WORDS.find((word) => value.includes(word));
    if (reserved) {
        const suggestion = prefixLike(value.replaceAll(reserved, ""));
        return bad(
            `Cognito refuses domain prefixes containing "${reserved}"; choose another, e.g. ${suggestion ?? EXAMPLE_DOMAIN_PREFIX}`,
            suggestion,
        );
    }
    return ok(value);
}

const RESERVED_WORDS = ["aws", "amazon", "cognito"];
const EXAMPLE_DOMAIN_PREFIX = "wandb-example";

/** A domain prefix made from a refused one (or the example), which Cognito takes. */
function prefixLike(value: string): string | undefined {
    const candidate = RESERVED_WORDS.reduce((prefix, word) => slug(prefix.replaceAll(word, "")), slug(value));
    return acceptedSuggestion(parseDomainPrefix, candidate) ?? acceptedSuggestion(parseDomainPrefix, EXAMPLE_DOMAIN_PREFIX);
}

function slug(value: string): string {
    return value
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, "-")
        .replace(/-{2,}/g, "-")
        .replace(/^-+|-+$/g, "")
        .slice(0, 63)
        .replace(/-+$/, "");
}

/**
 * Cognito's one validator. A literal pool ID is checked against the stack's `aws:region` when
 * `provider` knows it (the stack config, or a component on the default provider); a pool ID given
 * as an Output (another resource's) is checked when it resolves (see the component).
 */
export function checkCognitoArgs(
    args: Unchecked<CognitoOidcAppArgs>,
    problems: Problems,
    at: At,
    provider?: ProviderSettings,
): CognitoSettings | undefined {
    const before = problems.list.length;
    const given =
        args.userPoolId === undefined || isDeferred(args.userPoolId)
            ? (args.userPoolId as pulumi.Input<string> | undefined)
            : problems.check(at("userPoolId"), args.userPoolId, parseUserPoolId);
    const givenDomain =
        args.domainPrefix === undefined ? undefined : problems.check(at("domainPrefix"), args.domainPrefix, parseDomainPrefix);
    const generateSecret = problems.check(at("generateSecret"), args.generateSecret, parseOptionalBoolean(false));
    const adopt = readAdopt(args.adopt, COGNITO_ADOPT, problems, at) as CognitoAdopt | undefined;
    // An adopted client's pool is reused (as userPoolId is), and its domain, when adopted, kept.
    const userPoolId = adopt?.userPoolId ?? given;
    const domainPrefix = adopt?.domain ?? givenDomain;
    if (adopt !== undefined) checkAdoptAgreement(args, adopt, problems, at);
    if (typeof userPoolId === "string" && provider !== undefined) {
        checkPoolRegion(userPoolId, provider, problems, adopt === undefined ? at("userPoolId") : at("adopt.userPoolId"));
    }

    const authMethod = knownAuthMethod(args.authMethod);
    if (authMethod !== undefined && !COGNITO_AUTH_METHODS.includes(authMethod)) {
        problems.add(
            at("authMethod"),
            authMethod,
            "AWS Cognito requires pkce (it cannot answer the implicit flow's form_post): set it to pkce or leave it unset",
        );
    }
    if (args.userPoolId === undefined && args.domainPrefix === undefined && args.adopt === undefined) {
        problems.add(
            at("domainPrefix"),
            undefined,
            `a new user pool needs a hosted-UI domain for its OAuth endpoints: set ${at("domainPrefix")} (e.g. wandb-example), or reuse a pool that has one with ${at("userPoolId")}`,
        );
    }
    checkHostUrls(args, problems, at, "Cognito (the AWS provider)", COGNITO_URL_LIMITS);
    // A team group's name (each becomes a group: COGNITO_GROUP_NAME_MAX_CHARS) is checked by COGNITO_TEAM_NAMES, through the IdP's record.
    if (knownTeams(args).teams && (args.userPoolId !== undefined || args.adopt !== undefined)) {
        problems.add(
            at("teams"),
            true,
            `Cognito's ID token carries cognito:groups, not groups, and the pre token generation trigger that copies one into the other is a setting of the user pool, which this stack does not own (${at(args.adopt === undefined ? "userPoolId" : "adopt.userPoolId")}): ` +
                "attach such a Lambda to the pool yourself (docs/teams.md has its code: a V2_0 event, which needs the Essentials or Plus feature plan) and set wandb-sso:wandb.groupClaims to true instead of teams, or let wandb-sso create the pool",
        );
    }
    if (problems.list.length > before || generateSecret === undefined) return undefined;
    return {
        ...(userPoolId !== undefined && { userPoolId }),
        ...(domainPrefix !== undefined && { domainPrefix }),
        generateSecret,
        ...(adopt !== undefined && { adopt }),
    };
}

/** `userPoolId` and `domainPrefix` beside `adopt`: only as the adopted client's pool and domain. */
function checkAdoptAgreement(args: Unchecked<CognitoOidcAppArgs>, adopt: CognitoAdopt, problems: Problems, at: At): void {
    if (args.userPoolId !== undefined && args.userPoolId !== adopt.userPoolId) {
        problems.add(
            at("userPoolId"),
            args.userPoolId,
            `the adopted client is in ${at("adopt.userPoolId")} (${adopt.userPoolId}), which is the pool used: remove ${at("userPoolId")}`,
        );
    }
    if (args.domainPrefix === undefined || args.domainPrefix === adopt.domain) return;
    problems.add(
        at("domainPrefix"),
        args.domainPrefix,
        adopt.domain === undefined
            ? `the adopted pool keeps the domain it has (a pool has one Cognito domain): adopt it with ${at("adopt.domain")} (its prefix), or remove ${at("domainPrefix")}`
            : `the adopted pool's domain is ${at("adopt.domain")} (${adopt.domain}): remove ${at("domainPrefix")}`,
    );
}

/**
 * Teams from Cognito. The ID token carries the user's groups as `cognito:groups`, not `groups`
 * (Cognito developer guide, "Understanding user pool JSON web tokens"), so a pre token generation
 * Lambda trigger copies them into `groups`. Arrays in `claimsToAddOrOverride` need the `V2_0`
 * trigger event (the V1_0 event takes strings only), which Cognito sends only in pools on the
 * Essentials or Plus feature plan ("Pre token generation Lambda trigger"), so a pool created with
 * teams is on Essentials. The pool's `lambdaConfig.preTokenGenerationConfig { lambdaArn,
 * lambdaVersion }` and `userPoolTier` (node_modules/@pulumi/aws/cognito/userPool.d.ts,
 * types/input.d.ts `UserPoolLambdaConfigPreTokenGenerationConfig`); the function
 * (`aws.lambda.Function`), its role, and the permission for `cognito-idp.amazonaws.com` to invoke it.
 */
export const COGNITO_TEAMS_TRIGGER_VERSION = "V2_0";
export const COGNITO_TEAMS_POOL_TIER = "ESSENTIALS";
/** The Lambda runtime of the trigger (a Node.js runtime AWS supports). */
export const COGNITO_TEAMS_RUNTIME = "nodejs22.x";
/** The policy that lets the function write its logs, and nothing else. */
export const LAMBDA_BASIC_EXECUTION_POLICY = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

/** The trigger's role may be assumed by Lambda alone. */
export const LAMBDA_ASSUME_ROLE_POLICY = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

/**
 * The trigger's code (CommonJS, `index.handler`): copies the user's Cognito groups into `groups`,
 * only the teams filter's when there is one, for the ID token alone. Pure text, so tests run it.
 */
export function cognitoTeamsLambdaCode(teamGroups?: readonly string[]): string {
    const filter = teamGroups === undefined ? "null" : JSON.stringify(teamGroups);
    return [
        "// wandb-sso: copies the user's Cognito groups (cognito:groups) into the groups claim W&B maps to teams.",
        `const TEAMS = ${filter};`,
        "exports.handler = async (event) => {",
        "    const all = (event.request && event.request.groupConfiguration && event.request.groupConfiguration.groupsToOverride) || [];",
        "    const groups = TEAMS === null ? all : all.filter((group) => TEAMS.includes(group));",
        "    event.response = event.response || {};",
        `    event.response.claimsAndScopeOverrideDetails = { idTokenGeneration: { claimsToAddOrOverride: { ${WANDB_GROUPS_CLAIM}: groups } } };`,
        "    return event;",
        "};",
        "",
    ].join("\n");
}

/**
 * With teams on a pool the component creates: `groups`, group names; without, none (the ID token
 * carries only `cognito:groups`). An existing pool's triggers are not this stack's to see: a trigger
 * attached by hand may send `groups` (`unknown`, so W&B's group claims alone are accepted there).
 */
export function cognitoGroupsClaimSent(settings: CognitoSettings, teams: TeamsSettings): GroupsClaimSent | undefined {
    if (settings.userPoolId !== undefined) return { name: WANDB_GROUPS_CLAIM, values: "unknown" };
    return teams.teams ? { name: WANDB_GROUPS_CLAIM, values: "names" } : undefined;
}

/**
 * W&B's identifier claims with Cognito: the ID token carries `preferred_username` only for users
 * who have that attribute (a pool created here signs users in with their e-mail address, and
 * `cognito:username` is then a UUID).
 */
export const COGNITO_IDENTIFIER_CLAIMS: IdentifierClaimsAdvice = {
    severity: "warn",
    reason: "Cognito's ID token carries preferred_username only for users who have that attribute set (users sign in with their e-mail address), so W&B may find no username: set each user's preferred_username to letters, digits, _ and - only before turning identifierClaims on",
};

/** The AWS provider's region setting, which the issuer is built from. */
export const AWS_REGION_KEY = "aws:region";

/** The fix when a user pool is in another region than the AWS provider's. */
export function poolRegionFix(poolRegion: string, providerRegion: string): string {
    return `the pool is in ${poolRegion}, but the AWS provider's region (${AWS_REGION_KEY}) is ${providerRegion}, where it cannot be found: set ${AWS_REGION_KEY} to ${poolRegion}, or use a pool in ${providerRegion}`;
}

/** A literal pool ID (named `setting`) against the stack's aws:region, when that is set. */
function checkPoolRegion(userPoolId: string, provider: ProviderSettings, problems: Problems, setting: string): void {
    const region = provider.values[AWS_REGION_KEY];
    const poolRegion = userPoolRegion(userPoolId);
    if (region === undefined || poolRegion === undefined || poolRegion === region) return;
    const shown = provider.secretKeys.has(AWS_REGION_KEY) ? SECRET_PLACEHOLDER : region;
    problems.add(setting, userPoolId, poolRegionFix(poolRegion, shown));
}

/**
 * The app-client inputs whose change makes the provider replace the client, with a new client ID
 * (terraform-provider-aws aws_cognito_user_pool_client: user_pool_id and generate_secret RequiresReplace).
 */
export const COGNITO_CLIENT_REPLACEMENT: ClientReplacement = {
    type: "aws:cognito/userPoolClient:UserPoolClient",
    inputs: [
        { input: "userPoolId", setting: "wandb-sso:cognito.userPoolId, or a user pool this stack re-creates" },
        { input: "generateSecret", setting: "wandb-sso:cognito.generateSecret" },
    ],
    source: "terraform-provider-aws aws_cognito_user_pool_client: user_pool_id and generate_secret RequiresReplace",
};

export { COGNITO_ISSUERS } from "../../src/parse/issuers/cognito";

/**
 * Cognito's rules for the teams filter: each name becomes a group of the user pool the component
 * creates (aws.cognito.UserGroup). Amazon Cognito API Reference, CreateGroup: GroupName is 1-128
 * characters of the pattern `[\p{L}\p{M}\p{S}\p{N}\p{P}]+` (letters, marks, symbols, digits,
 * punctuation: no spaces); Amazon Cognito quotas ("Quotas in Amazon Cognito", resource quotas):
 * 10,000 groups per user pool. Group names are compared exactly (Cognito's case-insensitivity
 * setting covers usernames and e-mail aliases only: "User pool case sensitivity").
 */
export const COGNITO_TEAM_NAMES: TeamNameRules = {
    idp: "Cognito",
    filter: true,
    maxChars: COGNITO_GROUP_NAME_MAX_CHARS,
    allowed: {
        pattern: /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u,
        words: "letters, marks, symbols, digits and punctuation, without spaces (CreateGroup's GroupName)",
    },
    ignoresCase: false,
    maxNames: 10_000,
    maxNamesWhy: "each name becomes a group of the user pool, which holds at most 10,000 groups (Amazon Cognito quotas)",
    source: "Amazon Cognito API Reference, CreateGroup (GroupName); Quotas in Amazon Cognito (groups per user pool)",
};
