// Inputs another resource produces (a Pulumi Output) are known only after registration, so their
// checks run when they resolve. A bad value then fails with a clean Pulumi error on the component,
// naming the argument and the fix (never "nothing was registered": by then something was).
import * as pulumi from "@pulumi/pulumi";
import {
    formatProblem,
    problem as makeProblem,
    secretProblem,
    SECRET_PLACEHOLDER,
    withheld,
    wrongSecretTypeFix,
    type Parsed,
} from "./problems";

/** Where a deferred check reports: the component, and how its errors start (`WandbOidc "w"`). */
export interface DeferredCheckOwner {
    readonly resource: pulumi.Resource;
    readonly subject: string;
}

/**
 * The value, checked by `parse` when it resolves; a ResourceError on the owner when it is bad,
 * naming the setting and where the value came from (`from`), and showing the value unless it is a
 * Pulumi secret.
 */
export function checkWhenKnown<T>(
    value: unknown,
    setting: string,
    parse: (value: unknown) => Parsed<T>,
    owner: DeferredCheckOwner,
    from = "another resource",
): pulumi.Output<T> {
    const source = pulumi.output(value as pulumi.Input<string>) as pulumi.Output<unknown>;
    return pulumi.all([source, pulumi.isSecret(source)]).apply(([resolved, secret]) => {
        const parsed = parse(resolved);
        if ("fix" in parsed) {
            // A secret's fix is built again without it (no corrected URL, host or path made from it).
            const named = `${setting} (from ${from})`;
            const quiet = secret ? withheld(() => parse(resolved)) : parsed;
            const fix = "fix" in quiet ? quiet.fix : parsed.fix;
            const problem = formatProblem(secret ? secretProblem(named, resolved, fix, "withheld") : makeProblem(named, resolved, fix));
            throw new pulumi.ResourceError(`${owner.subject}: ${problem}`, owner.resource, true);
        }
        return parsed.value;
    });
}

/**
 * A secret input that must be a Pulumi secret. Whether an Output is secret is known only
 * asynchronously (in preview too, even when its value is not); a non-secret one fails every
 * resource that uses it, so the preview fails before anything is changed. One that resolves to
 * nothing (another language's output of an IdP that issued no secret) fails too, rather than
 * becoming an empty secret. Wrapped again, so it stays secret whatever happens upstream.
 */
export function secretWhenKnown(value: pulumi.Input<string>, setting: string, owner: DeferredCheckOwner): pulumi.Output<string> {
    const source = pulumi.output(value);
    const fail = (fix: string) =>
        new pulumi.ResourceError(`${owner.subject}: ${setting} = "${SECRET_PLACEHOLDER}": ${fix}`, owner.resource, true);
    const checked = pulumi.output(pulumi.isSecret(source)).apply((isSecret) => {
        if (!isSecret) {
            throw fail(
                "this Output is not a Pulumi secret, so its value would be stored unencrypted wherever it flows; wrap it with pulumi.secret(...) where it is made",
            );
        }
        return source.apply((secret) => {
            const wrong = wrongSecretTypeFix(secret, "this Output");
            if (wrong !== undefined) throw fail(wrong);
            return secret;
        });
    });
    return pulumi.secret(checked);
}
