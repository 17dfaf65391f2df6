// Arguments every IdP component takes, checked the same way by each.
import { parseAuthMethod, parseHost, type AuthMethod, type IdpAppArgs } from "../oidc";
import type { Problems } from "../problems";
import { parseOptionalBoolean } from "../config/values";

/** Checks host, authMethod and protect (default true), recording problems under those names. */
export function checkIdpAppArgs(problems: Problems, args: IdpAppArgs): { authMethod?: AuthMethod; protect?: boolean } {
    problems.check("host", args.host, parseHost);
    return {
        authMethod: problems.check("authMethod", args.authMethod, parseAuthMethod),
        protect: problems.check("protect", args.protect, parseOptionalBoolean(true)),
    };
}
