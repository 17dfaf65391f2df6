// Teams from the identity provider (W&B's group claims): the common `teams` and `teamGroups`
// arguments, what an app's groups claim sends as its IdP's rules can tell, and the advice each IdP
// gives on W&B's identifier claims. Pure: the IdPs' rules, the stack config and the policy use it.
import { bad, ok, shown, suggest, type At, type Parsed, type Problems } from "../problems";
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
 * A W&B team name as a group name in any IdP: non-empty, at most 256 characters, no control
 * characters, no surrounding spaces (W&B compares names exactly), and in Unicode NFC (the form
 * IdPs and browsers send: "é" written as "e" and a combining accent is another string to W&B, and
 * looks the same). Each IdP's own rules (`TeamNameRules`) come on top.
 */
export function parseTeamGroupName(value: unknown): Parsed<string> {
    if (typeof value !== "string" || value === "") return bad('a group name is a non-empty string, e.g. "ml-research"');
    if (value.trim() !== value)
        return suggest(
            parseTeamGroupName,
            value.trim(),
            (s) => `remove the spaces around the name${s === undefined ? "" : `: ${JSON.stringify(s)}`}`,
        );
    if (/[\p{Cc}\p{Cf}]/u.test(value)) return bad("a group name has no control or invisible characters");
    if (value.length > 256) return bad("use at most 256 characters");
    if (value.normalize("NFC") !== value) {
        return suggest(
            parseTeamGroupName,
            value.normalize("NFC"),
            (s) =>
                `write the name in Unicode NFC, as IdPs send it (an accent given as a separate combining mark makes another name that looks the same)${s === undefined ? "" : `: ${JSON.stringify(s)}`}`,
        );
    }
    return ok(value);
}

/** The teams filter: a list of distinct group names (one name in two Unicode spellings is one name). */
export function parseTeamGroups(value: unknown): Parsed<string[]> {
    const list = typeof value === "string" ? safeJson(value) : value;
    if (!Array.isArray(list) || list.length === 0)
        return bad('use a list of the group names that are W&B teams, e.g. ["ml-research", "vision"]');
    if (list.length > MAX_TEAM_GROUPS) return bad(`list at most ${MAX_TEAM_GROUPS} groups (no IdP takes more in one filter)`);
    const seen = new Set<string>();
    for (const item of list) {
        const name = parseTeamGroupName(item);
        if ("fix" in name) return bad(`${shown(item, "an item")}: ${name.fix}`);
        if (seen.has(name.value)) return bad(`${shown(name.value, "a name")} is listed twice; list it once`);
        seen.add(name.value);
    }
    return ok(list as string[]);
}

/** The most groups any teams filter lists (Cognito's quota of groups per user pool, the largest of the IdPs' bounds). */
export const MAX_TEAM_GROUPS = 10_000;

/**
 * What an IdP allows of the group names a teams filter lists (each providers/<idp>/rules.ts states
 * its own, with its source, and its descriptor carries them): the characters and length of one
 * name, whether letter case makes two names, and how many names (or how long a list) it takes.
 */
export interface TeamNameRules {
    /** The IdP's name, for messages: `Cognito`. */
    readonly idp: string;
    /** The IdP takes a teams filter (a list of names); one that does not refuses the list with its own reason. */
    readonly filter: boolean;
    /** The longest name, in characters (Unicode code points). */
    readonly maxChars: number;
    /** The characters a name may have, when the IdP restricts them, and the words for them. */
    readonly allowed?: { readonly pattern: RegExp; readonly words: string };
    /** The IdP compares names in any letter case: `ML` and `ml` are one group. */
    readonly ignoresCase: boolean;
    /** The most names, and why. */
    readonly maxNames: number;
    readonly maxNamesWhy: string;
    /** Whether the whole list fits what the IdP stores it in (a filter expression's length), or why not. */
    readonly listFits?: (names: readonly string[]) => string | undefined;
    /** Where these rules come from (the IdP's docs or its provider's source). */
    readonly source: string;
}

/** The teams filter's names against the IdP's own rules, or the first problem. */
export function checkTeamNames(names: readonly string[], rules: TeamNameRules): Parsed<readonly string[]> {
    if (names.length > rules.maxNames) return bad(`${rules.idp} takes at most ${rules.maxNames} groups here: ${rules.maxNamesWhy}`);
    const seen = new Map<string, string>();
    for (const name of names) {
        const chars = [...name].length;
        if (chars > rules.maxChars)
            return bad(`${shown(name, "a name")}: ${rules.idp}'s group names are at most ${rules.maxChars} characters`);
        if (rules.allowed !== undefined && !rules.allowed.pattern.test(name)) {
            return bad(`${shown(name, "a name")}: ${rules.idp}'s group names are ${rules.allowed.words}`);
        }
        const key = rules.ignoresCase ? name.toLowerCase() : name;
        const earlier = seen.get(key);
        if (earlier !== undefined) {
            return bad(
                `${shown(name, "a name")} and ${shown(earlier, "another")} are one group to ${rules.idp}, which ignores letter case in group names: list it once, spelt as the group is`,
            );
        }
        seen.set(key, name);
    }
    const fits = rules.listFits?.(names);
    return fits === undefined ? ok(names) : bad(fits);
}

/** The teams filter checked against the IdP's rules, recorded as a problem of `setting` (nothing when the IdP takes no filter). */
export function checkTeamNamesAt(
    names: readonly string[] | undefined,
    rules: TeamNameRules | undefined,
    problems: Problems,
    setting: string,
): void {
    if (names === undefined || rules === undefined || !rules.filter) return;
    problems.check(setting, names, () => checkTeamNames(names, rules));
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
