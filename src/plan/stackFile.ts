// Reads a stack's config the way the Pulumi CLI would hand it to the program: Pulumi.yaml's
// stackConfigDir, `Pulumi.<stack>.yaml`, keys without a namespace in the project's, objects as JSON.
// A file that is not valid YAML, or not the shape of a stack file, is a StackFileError naming the
// file, the line and column, and what to fix: never a parser's stack trace.
import * as fs from "node:fs";
import * as path from "node:path";
import { isMap, isScalar, LineCounter, parseDocument, visit, type Document, type Node } from "yaml";

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

/** A project or stack file that cannot be read as one: the message names the file, where, and the fix. */
export class StackFileError extends Error {}

export interface Project {
    readonly name: string;
    readonly dir: string;
    readonly stackConfigDir: string;
}

export function readProject(dir: string): Project {
    const file = path.join(dir, "Pulumi.yaml");
    if (!fs.existsSync(file))
        throw new StackFileError(`${shown(file)} does not exist: --project names the directory that holds Pulumi.yaml`);
    const project = readYaml(file);
    const name = isMap(project.contents) ? project.get("name") : undefined;
    const stackConfigDir = isMap(project.contents) ? project.get("stackConfigDir") : undefined;
    if (typeof name !== "string" || name === "") throw new StackFileError(`${shown(file)}: set the project's name (name: wandb-sso)`);
    if (stackConfigDir !== undefined && typeof stackConfigDir !== "string") {
        throw new StackFileError(`${shown(file)}: stackConfigDir is a directory's path, e.g. stacks`);
    }
    return { name, dir, stackConfigDir: path.join(dir, stackConfigDir ?? ".") };
}

export function listStacks(project: Project): string[] {
    if (!fs.existsSync(project.stackConfigDir)) return [];
    return fs
        .readdirSync(project.stackConfigDir)
        .map((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1])
        .filter((stack): stack is string => stack !== undefined)
        .sort();
}

/** Pulumi's rule for a stack's name (the part after any `org/project/`). */
const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

export function readStackFile(project: Project, stack: string): StackFile {
    if (!STACK_NAME.test(stack)) {
        throw new StackNotFoundError(
            `no stack ${JSON.stringify(stack.slice(0, 100))}: a stack name is up to 100 letters, digits, '-', '_' and '.'. The stacks are: ${listStacks(project).join(", ") || "none yet"}.`,
        );
    }
    const file = ["yaml", "yml"].map((ext) => path.join(project.stackConfigDir, `Pulumi.${stack}.${ext}`)).find(fs.existsSync);
    if (file === undefined) {
        const stacks = listStacks(project);
        throw new StackNotFoundError(
            `no stack "${stack}": ${path.relative(process.cwd(), path.join(project.stackConfigDir, `Pulumi.${stack}.yaml`)) || "file"} does not exist. ` +
                (stacks.length > 0 ? `The stacks are: ${stacks.join(", ")}.` : "There are no stack files yet."),
        );
    }
    const document = readYaml(file);
    const config = configOf(document, file);
    return { stack, path: file, ...flattenConfig(project.name, config) };
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

/** What to do about each of the YAML parser's errors, by its code. */
const YAML_FIXES: Readonly<Record<string, string>> = {
    TAB_AS_INDENT: "indent with spaces: YAML does not allow tabs for indentation",
    DUPLICATE_KEY: "each key may appear once in a mapping: remove or merge the repeated one",
    BAD_INDENT: "line the items of a mapping or list up at the same column, indented with spaces",
    MISSING_CHAR: "close the quote or bracket opened before",
    MULTIPLE_DOCS: "a stack file is one document: remove the '---' line and what follows, or merge them",
    BLOCK_AS_IMPLICIT_KEY: "put a space after the key's ':' and give the value on the same line or indented below",
};

/** A file's path as shown in messages: relative to the working directory when it is under it. */
function shown(file: string): string {
    const relative = path.relative(process.cwd(), file);
    return relative === "" || relative.startsWith("..") ? file : relative;
}

/** One YAML document, read with positions; its first error (with line and column) is a StackFileError. */
function readYaml(file: string): Document.Parsed & { lineCounter: LineCounter } {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new StackFileError(
            `${shown(file)} cannot be read (${(e as NodeJS.ErrnoException).code ?? "error"}): it must be a readable file`,
        );
    }
    const lineCounter = new LineCounter();
    const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    const [error] = document.errors;
    if (error !== undefined) {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        const what = (error.message.split("\n", 1)[0] ?? "").slice(0, 200);
        const fix = YAML_FIXES[error.code] ?? "fix the YAML there";
        throw new StackFileError(`${shown(file)}:${line}:${col}: ${what} (YAML ${error.code}); ${fix}`);
    }
    return Object.assign(document, { lineCounter });
}

/** Where a node starts, as `file:line:column`. */
function at(file: string, document: { lineCounter: LineCounter }, node: Node | null | undefined): string {
    const offset = node?.range?.[0];
    if (offset === undefined) return shown(file);
    const { line, col } = document.lineCounter.linePos(offset);
    return `${shown(file)}:${line}:${col}`;
}

/**
 * The stack file's `config` mapping as plain data. The file is a mapping (or empty); `config` is a
 * mapping (or absent); every key, at any depth, is a scalar (a list or mapping as a key has no
 * meaning for Pulumi); aliases are not expanded past the parser's bound against alias bombs.
 */
function configOf(document: Document.Parsed & { lineCounter: LineCounter }, file: string): Record<string, unknown> {
    const root = document.contents;
    if (root === null) return {};
    if (!isMap(root)) {
        throw new StackFileError(
            `${at(file, document, root)}: a stack file is a mapping whose config: key holds the settings (config: followed by indented lines such as wandb-sso:host: https://wandb.example.com)`,
        );
    }
    const config = root.get("config", true);
    if (config === undefined || (isScalar(config) && config.value === null)) return {};
    if (!isMap(config)) {
        throw new StackFileError(
            `${at(file, document, config)}: config is a mapping of keys to values, each on its own indented line (wandb-sso:host: https://wandb.example.com)`,
        );
    }
    let badKey: { node: Node | undefined } | undefined;
    visit(config, {
        Pair(_, pair) {
            if (isScalar(pair.key) && pair.key.value !== null && pair.key.value !== "") return undefined;
            badKey = { node: (pair.key as Node | null) ?? (pair.value as Node | null) ?? undefined };
            return visit.BREAK;
        },
    });
    if (badKey !== undefined) {
        throw new StackFileError(`${at(file, document, badKey.node)}: a key is a name (wandb-sso:host), not empty, a list or a mapping`);
    }
    let data: unknown;
    try {
        data = config.toJS(document, { maxAliasCount: 100 });
    } catch (e) {
        throw new StackFileError(`${shown(file)}: ${(e as Error).message.slice(0, 200)}; write the values out instead of through aliases`);
    }
    return data as Record<string, unknown>;
}
