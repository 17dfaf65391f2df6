// Teams from the identity provider (W&B's group claims): the common `teams` and `teamGroups`
// arguments, what an app's groups claim sends as its IdP's rules can tell, and the advice each IdP
// gives on W&B's identifier claims. Pure: the IdPs' rules, the stack config and the policy use it.
import { bad, ok, type At, type Parsed, type Problems } from "../problems";
import { parseBoolean } from "./values";

/** The claim W&B reads team names from when GORILLA_ENABLE_SSO_GROUP_CLAIMS is on. */
export const WANDB_GROUPS_CLAIM = "groups";

/**
 * What an IdP app puts in the ID token's groups claim, as its rules tell from its settings:
 * `names` plain group names (what W&B matches with team names), `ids` object IDs, `paths`
 * `/parent/name` paths, `unknown` an app registered by hand, which only its admin knows.
 */
export interface GroupsClaimSent {
    readonly name: string;
    readonly values: "names" | "ids" | "paths" | "unknown";
}

/** Whether a claim is what W&B's team mapping needs: `groups`, a list of plain names. */
export function sendsTeamNames(claim: GroupsClaimSent | undefined): boolean {
    return claim !== undefined && claim.name === WANDB_GROUPS_CLAIM && claim.values === "names";
}

/** The checked common teams arguments. */
export interface TeamsSettings {
    /** The app sends `groups` as team names and W&B maps teams from it. */
    readonly teams: boolean;
    /** Only these groups count as W&B teams (a filter, where the IdP supports one). */
    readonly teamGroups?: readonly string[];
}

/**
 * A W&B team name as a group name in the IdP: non-empty, at most 256 characters, no control
 * characters, no surrounding spaces (W&B compares names exactly).
 */
export function parseTeamGroupName(value: unknown): Parsed<string> {
    if (typeof value !== "string" || value === "") return bad('a group name is a non-empty string, e.g. "ml-research"');
    if (value.trim() !== value) return bad(`remove the spaces around the name: ${JSON.stringify(value.trim())}`, value.trim());
    if (/[\p{Cc}\p{Cf}]/u.test(value)) return bad("a group name has no control or invisible characters");
    if (value.length > 256) return bad("use at most 256 characters");
    return ok(value);
}

/** The teams filter: a list of distinct group names. */
export function parseTeamGroups(value: unknown): Parsed<string[]> {
    const list = typeof value === "string" ? safeJson(value) : value;
    if (!Array.isArray(list) || list.length === 0)
        return bad('use a list of the group names that are W&B teams, e.g. ["ml-research", "vision"]');
    const seen = new Set<string>();
    for (const item of list) {
        const name = parseTeamGroupName(item);
        if ("fix" in name) return bad(`${JSON.stringify(item)}: ${name.fix}`);
        if (seen.has(name.value)) return bad(`${JSON.stringify(name.value)} is listed twice; list it once`);
        seen.add(name.value);
    }
    return ok(list as string[]);
}

/**
 * The common `teams` and `teamGroups` arguments of an IdP component, recorded as problems of `at`.
 * `teamGroups` without `teams` is a mistake (it would do nothing).
 */
export function readTeams(args: { teams?: unknown; teamGroups?: unknown }, problems: Problems, at: At): TeamsSettings | undefined {
    const teams = args.teams === undefined ? false : problems.check(at("teams"), args.teams, parseBoolean);
    const teamGroups = args.teamGroups === undefined ? undefined : problems.check(at("teamGroups"), args.teamGroups, parseTeamGroups);
    if (teams === undefined || (args.teamGroups !== undefined && teamGroups === undefined)) return undefined;
    if (teamGroups !== undefined && !teams) {
        problems.add(
            at("teamGroups"),
            args.teamGroups,
            `a teams filter does nothing while teams are off: set ${at("teams")} to true, or remove it`,
        );
        return undefined;
    }
    return { teams, ...(teamGroups !== undefined && { teamGroups }) };
}

/** The teams arguments as an IdP's validator reads them: already checked elsewhere (as `knownAuthMethod`). */
export function knownTeams(args: { teams?: unknown; teamGroups?: unknown }): TeamsSettings {
    const teams = args.teams === true || args.teams === "true";
    const groups = parseTeamGroups(args.teamGroups);
    return { teams, ...(teams && args.teamGroups !== undefined && "value" in groups && { teamGroups: groups.value }) };
}

/**
 * The stack's `wandb-sso:teams`: `true` or `false`, or a list of group names (teams on, with that
 * filter).
 */
export function parseTeamsKey(value: unknown): Parsed<TeamsSettings> {
    if (value === undefined) return ok({ teams: false });
    const list = typeof value === "string" ? safeJson(value) : value;
    if (Array.isArray(list)) {
        const groups = parseTeamGroups(list);
        return "fix" in groups ? groups : ok({ teams: true, teamGroups: groups.value });
    }
    const flag = parseBoolean(value);
    if ("fix" in flag) {
        return bad(
            'use true (W&B teams follow the IdP\'s groups), false, or a list of the groups that are W&B teams, e.g. ["ml-research", "vision"]',
        );
    }
    return ok({ teams: flag.value });
}

function safeJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

/**
 * What an IdP says about W&B's identifier claims (GORILLA_USE_IDENTIFIER_CLAIMS: usernames from
 * `preferred_username`, which W&B accepts only of letters, digits, `_` and `-`): a warning, or a
 * refusal where the IdP always sends a value W&B refuses.
 */
export interface IdentifierClaimsAdvice {
    readonly severity: "warn" | "refuse";
    readonly reason: string;
}

/** W&B's rule for usernames taken from `preferred_username`. */
export const WANDB_USERNAME = /^[A-Za-z0-9_-]+$/;

/**
 * What can be said of an IdP's groups claim from its issuer alone, for `wandb-sso verify --teams`
 * (discovery documents do not show the claims an app is configured with): a refusal where the IdP
 * cannot send W&B's team names at all, or where the app's groups claim is configured.
 */
export interface GroupsClaimKnowledge {
    /** The IdP cannot send a `groups` claim of team names: the check fails with this. */
    readonly refusal?: { readonly message: string; readonly fix: string };
    /** Where the app's groups claim is configured, which the discovery document does not show. */
    readonly note?: string;
}
