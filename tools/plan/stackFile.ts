// Reads a stack's config the way the Pulumi CLI would hand it to the program: Pulumi.yaml's
// stackConfigDir, `Pulumi.<stack>.yaml`, keys without a namespace in the project's, objects as JSON.
// A file that is not valid YAML, or not the shape of a stack file, is a StackFileError naming the
// file, the line and column, and what to fix: never a parser's stack trace.
import * as fs from "node:fs";
import * as path from "node:path";
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, Parser, visit, type CST, type Document, type Node } from "yaml";
import { MAX_NESTING, nestedTooDeepFix } from "../../src/problems";

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
    checkNesting(text, file);
    // `merge`: `<<: *anchor` is expanded, as the Pulumi CLI's YAML library (gopkg.in/yaml.v3) does.
    const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: true });
    const [error] = document.errors;
    if (error !== undefined) {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        const what = (error.message.split("\n", 1)[0] ?? "").slice(0, 200);
        const fix = YAML_FIXES[error.code] ?? "fix the YAML there";
        throw new StackFileError(`${shown(file)}:${line}:${col}: ${what} (YAML ${error.code}); ${fix}`);
    }
    return Object.assign(document, { lineCounter });
}

/**
 * Refuses a file nested deeper than any setting can be (`MAX_NESTING` levels below a config key)
 * before the YAML parser composes it: composing is recursive, and a value some 800 levels deep
 * exhausted its stack ("Maximum call stack size exceeded"). Reads the parser's token tree (built
 * without recursion), walking it with a stack of its own; names the key path and its position.
 */
export function checkNesting(text: string, file: string): void {
    const lines = new LineCounter();
    // Two levels above a config key's value: the file's mapping and `config:`'s.
    const max = MAX_NESTING + 2;
    const stack: { token: CST.Token | null | undefined; depth: number; path: string[] }[] = [];
    for (const token of new Parser(lines.addNewLine).parse(text)) stack.push({ token, depth: 0, path: [] });
    while (stack.length > 0) {
        const { token, depth, path } = stack.pop()!;
        if (!token) continue;
        if (token.type === "document") {
            stack.push({ token: token.value, depth, path });
            continue;
        }
        if (token.type !== "block-map" && token.type !== "block-seq" && token.type !== "flow-collection") continue;
        if (depth === max) {
            const { line, col } = lines.linePos(token.offset);
            // The path from the config key (`wandb-sso:okta.label[0]…`); `config` itself is not shown.
            const where = (path[0] === ".config" ? path.slice(1) : path).join("").replace(/^\./, "");
            throw new StackFileError(`${shown(file)}:${line}:${col}: ${nestedTooDeepFix(`${where.slice(0, 120)}…`)}`);
        }
        token.items.forEach((item, i) => {
            const key = "key" in item ? item.key : undefined;
            const name = key && "source" in key ? `.${key.source}` : `[${i}]`;
            const next = path.length < 10 ? [...path, name] : path;
            if (key && "items" in key) stack.push({ token: key, depth: depth + 1, path: next });
            stack.push({ token: item.value, depth: depth + 1, path: next });
        });
    }
}

/**
 * Merge keys as the Pulumi CLI reads them (gopkg.in/yaml.v3 decode.go, `merge`): the value of `<<`
 * is a mapping, an alias of one, or a list of those (earlier ones win, keys written out win over
 * merged ones: the same as the parser here). What the two readers would read differently is
 * refused: a second `<<` in one mapping (the CLI merges only the last, this parser all of them) and
 * an alias of a list (the CLI refuses it, this parser merges its items).
 */
function checkMergeKeys(document: Document.Parsed & { lineCounter: LineCounter }, file: string): void {
    const isMapOrAliasOfMap = (node: unknown) => isMap(node) || (isAlias(node) && isMap(node.resolve(document)));
    visit(document, {
        Map(_, map) {
            const merges = map.items.filter((pair) => isScalar(pair.key) && typeof pair.key.value === "symbol");
            if (merges.length > 1) {
                throw new StackFileError(
                    `${at(file, document, merges[1]!.key as Node)}: a second merge key (<<) in one mapping: the Pulumi CLI would merge only the last one; merge them with one list, <<: [*first, *second]`,
                );
            }
            const value = merges[0]?.value;
            if (merges.length === 0 || isMapOrAliasOfMap(value) || (isSeq(value) && value.items.every(isMapOrAliasOfMap))) return undefined;
            throw new StackFileError(
                `${at(file, document, (value as Node | null) ?? (merges[0]!.key as Node))}: a merge key (<<) takes a mapping, an alias of one (<<: *defaults) or a list of them (<<: [*a, *b]), as the Pulumi CLI reads it; write the values out instead`,
            );
        },
    });
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
 * meaning for Pulumi); merge keys (`<<: *defaults`) are expanded as the Pulumi CLI expands them;
 * aliases are not expanded past the parser's bound against alias bombs.
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
    checkMergeKeys(document, file);
    let data: unknown;
    try {
        data = config.toJS(document, { maxAliasCount: 100 });
    } catch (e) {
        throw new StackFileError(`${shown(file)}: ${(e as Error).message.slice(0, 200)}; write the values out instead of through aliases`);
    }
    return data as Record<string, unknown>;
}
