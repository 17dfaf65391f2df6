// Reads a stack's config the way the Pulumi CLI would hand it to the program: Pulumi.yaml's
// stackConfigDir, `Pulumi.<stack>.yaml`, keys without a namespace in the project's, objects as JSON.
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

/** Stands in for a `secure:` value: the offline plan has no key to decrypt it, and shows `[secret]`. */
export const UNDECRYPTED_SECRET = "offline-plan-cannot-decrypt-this-secret";

export interface StackFile {
    readonly stack: string;
    readonly path: string;
    /** Full keys (`wandb-sso:host`, `aws:region`) to values as Pulumi passes them (strings). */
    readonly config: Record<string, string>;
    /** Full keys whose value is, or contains, a `secure:` value. */
    readonly secretKeys: string[];
}

export class StackNotFoundError extends Error {}

export interface Project {
    readonly name: string;
    readonly dir: string;
    readonly stackConfigDir: string;
}

export function readProject(dir: string): Project {
    const file = path.join(dir, "Pulumi.yaml");
    const project = parse(fs.readFileSync(file, "utf8")) as { name: string; stackConfigDir?: string };
    return { name: project.name, dir, stackConfigDir: path.join(dir, project.stackConfigDir ?? ".") };
}

export function listStacks(project: Project): string[] {
    if (!fs.existsSync(project.stackConfigDir)) return [];
    return fs
        .readdirSync(project.stackConfigDir)
        .map((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1])
        .filter((stack): stack is string => stack !== undefined)
        .sort();
}

export function readStackFile(project: Project, stack: string): StackFile {
    const file = ["yaml", "yml"].map((ext) => path.join(project.stackConfigDir, `Pulumi.${stack}.${ext}`)).find(fs.existsSync);
    if (file === undefined) {
        const stacks = listStacks(project);
        throw new StackNotFoundError(
            `no stack "${stack}": ${path.relative(process.cwd(), path.join(project.stackConfigDir, `Pulumi.${stack}.yaml`)) || "file"} does not exist. ` +
                (stacks.length > 0 ? `The stacks are: ${stacks.join(", ")}.` : "There are no stack files yet."),
        );
    }
    const document = (parse(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    return { stack, path: file, ...flattenConfig(project.name, document.config ?? {}) };
}

/** Pulumi's own rules: a bare key belongs to the project; non-strings are passed as JSON. */
export function flattenConfig(projectName: string, config: Record<string, unknown>): Pick<StackFile, "config" | "secretKeys"> {
    const flat: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(config)) {
        const fullKey = key.includes(":") ? key : `${projectName}:${key}`;
        let secret = false;
        const plain = replaceSecure(value, () => (secret = true));
        flat[fullKey] = typeof plain === "string" ? plain : JSON.stringify(plain);
        if (secret) secretKeys.push(fullKey);
    }
    return { config: flat, secretKeys };
}

function replaceSecure(value: unknown, onSecret: () => void): unknown {
    if (Array.isArray(value)) return value.map((item) => replaceSecure(item, onSecret));
    if (typeof value === "object" && value !== null) {
        const entries = Object.entries(value);
        if (entries.length === 1 && entries[0]![0] === "secure") {
            onSecret();
            return UNDECRYPTED_SECRET;
        }
        return Object.fromEntries(entries.map(([k, v]) => [k, replaceSecure(v, onSecret)]));
    }
    return value;
}
