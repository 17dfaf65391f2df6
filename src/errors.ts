// The one error bad input raises, before anything is registered: a component's arguments or the
// stack's settings, every problem at once. It is Pulumi's own InputPropertiesError (as pulumi-eks's
// nodegroup.ts raises it), one detail per problem, so that a Python, Go, C# or YAML program that
// builds a component through the plugin gets each argument's problem structured (@pulumi/pulumi
// 3.276.0 provider/server.js, construct: InputPropertiesError.isInstance → the engine's
// InvalidProperties error). A TypeScript program's own `pulumi up` prints the message alone: the
// Node.js runner hides the stack of a RunError (cmd/run/run.js, uncaughtHandler), which it
// recognises by the marker below (errors.js RunError.isInstance, designed to work across copies of
// the SDK; test/problems.test.ts checks that it still does).
import * as pulumi from "@pulumi/pulumi";
import { formatProblems, problem, problemReason, type Parsed, type Problem, type Problems } from "./problems";

export class ConfigError extends pulumi.InputPropertiesError {
    /** What Pulumi's Node.js runner reads to print the message without a stack trace (see above). */
    readonly __pulumiRunError = true;

    constructor(
        readonly problems: readonly Problem[],
        readonly subject = "wandb-sso",
    ) {
        super({
            message: formatProblems(problems, subject),
            errors: problems.map((p) => ({ propertyPath: p.setting, reason: problemReason(p) })),
        });
        this.name = "ConfigError";
    }
}

/** Throws one ConfigError listing every problem found, if there were any. */
export function throwIfAny(problems: Problems, subject?: string): void {
    if (problems.list.length > 0) throw new ConfigError(problems.list, subject);
}

/** Parses one component argument, throwing a ConfigError that names it if it is bad. */
export function requireValid<T>(subject: string, setting: string, value: unknown, parse: (value: unknown) => Parsed<T>): T {
    const result = parse(value);
    if ("fix" in result) throw new ConfigError([problem(setting, value, result.fix, result.suggestion)], subject);
    return result.value;
}
