// Every guide's `pulumi config set` block, run literally, makes a stack that plans: each block is
// turned into the stack file the Pulumi CLI would write (a `--path` key into the object, its value
// typed as the CLI types it; a `--secret` value encrypted), then planned by the plan CLI. A block
// that selects no IdP changes an existing stack (break-glass, protection): it is applied on top of
// the example dev stack. No value is to be filled in (`<API token>` would be a shell redirection,
// run literally): a secret is set without a value (the CLI prompts for it, hidden), anything else
// has a working example (a comment may say what it is). A value read from a file (`"$(cat ca.pem)"`,
// a CA certificate) is given that file's content, made here (EXAMPLE_FILES).
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { ROOT } from "../helpers/root";
import { makeCa } from "../helpers/testCa";
import { runPlan } from "../plan/planCli";
import { projectWithStacks, SECURE_PLACEHOLDER } from "../plan/planStacks";

export interface ConfigSet {
    readonly key: string;
    /** Absent for a secret the CLI prompts for, and for `pulumi config rm`. */
    readonly value?: string;
    readonly path: boolean;
    readonly secret: boolean;
    /** `pulumi config rm`: the key is removed. */
    readonly remove?: true;
}

/** The words of a shell line, with quotes removed and a trailing `# comment` dropped. */
export function shellWords(line: string): string[] {
    const words: string[] = [];
    for (const match of line.matchAll(/'([^']*)'|"([^"]*)"|(#.*$)|(\S+)/g)) {
        if (match[3] !== undefined) break;
        words.push(match[1] ?? match[2] ?? match[4]!);
    }
    return words;
}

/**
 * `pulumi config set [--secret] [--path] KEY [--] VALUE` and `pulumi config rm [--path] KEY` lines
 * of a block; other lines are not config. After `--` every word is an argument (a PEM value starts
 * with `-`). A value `$(cat <file>)` is that file's content from `files`.
 */
export function configSets(block: string, files: Readonly<Record<string, string>> = {}): ConfigSet[] {
    const sets: ConfigSet[] = [];
    for (const line of block.split("\n")) {
        const words = shellWords(line.trim());
        if (words.slice(0, 3).join(" ") === "pulumi config rm") {
            const flags = words.slice(3).filter((w) => w.startsWith("--"));
            const [key, ...rest] = words.slice(3).filter((w) => !w.startsWith("--"));
            assert.ok(key !== undefined && rest.length === 0, `one key: ${line}`);
            assert.deepEqual(
                flags.filter((f) => f !== "--path"),
                [],
                `flags this test does not model: ${line}`,
            );
            sets.push({ key, path: flags.includes("--path"), secret: false, remove: true });
            continue;
        }
        if (words.slice(0, 3).join(" ") !== "pulumi config set") continue;
        const end = words.indexOf("--");
        const before = end === -1 ? words.slice(3) : words.slice(3, end);
        const flags = before.filter((w) => w.startsWith("--"));
        const args = [...before.filter((w) => !w.startsWith("--")), ...(end === -1 ? [] : words.slice(end + 1))].map((w) => {
            const file = /^\$\(cat (\S+)\)$/.exec(w)?.[1];
            if (file === undefined) return w;
            assert.ok(file in files, `a value read from ${file}, which this test has no example of: ${line}`);
            return files[file]!;
        });
        const [key, value, ...rest] = args;
        const secret = flags.includes("--secret");
        assert.ok(
            key !== undefined && (value !== undefined || secret) && rest.length === 0,
            `a key and a value (or --secret, prompted): ${line}`,
        );
        const unknown = flags.filter((f) => f !== "--secret" && f !== "--path");
        assert.deepEqual(unknown, [], `flags this test does not model: ${line}`);
        sets.push({ key, ...(value !== undefined && { value }), path: flags.includes("--path"), secret });
    }
    return sets;
}

/** A `--path` value as the CLI types it (sdk/go/common/resource/config/object.go `coerce`). */
function coerce(value: string): unknown {
    if (value === "true" || value === "false") return value === "true";
    if (/^(0|[1-9][0-9]*)$/.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
    return value;
}

/** The stack's `config:` after the commands, on top of `base`. */
export function applyConfigSets(sets: readonly ConfigSet[], base: Record<string, unknown> = {}): Record<string, unknown> {
    const config: Record<string, unknown> = structuredClone(base);
    for (const set of sets) {
        const plain = set.path && set.value !== undefined ? coerce(set.value) : set.value;
        const value = set.secret ? { secure: SECURE_PLACEHOLDER } : plain;
        if (!set.path) {
            if (set.remove) delete config[set.key];
            else config[set.key] = value;
            continue;
        }
        // `wandb-sso:okta.orgUrl`, `wandb-sso:entra.groupMembershipClaims[0]`: the namespace's own ':' is part of the key.
        const steps = [...set.key.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
        let node = config as Record<string | number, unknown>;
        steps.forEach((step, i) => {
            if (i === steps.length - 1) {
                if (set.remove) delete node[step];
                else node[step] = value;
            } else node = (node[step] ??= typeof steps[i + 1] === "number" ? [] : {}) as Record<string | number, unknown>;
        });
    }
    return config;
}

/** Each ```sh block of a Markdown file that runs `pulumi config set`, with the line it starts on. */
export function configBlocks(markdown: string): { line: number; block: string }[] {
    const blocks: { line: number; block: string }[] = [];
    for (const match of markdown.matchAll(/^([ \t]*)```sh\n([\s\S]*?)^\1```/gm)) {
        if (!/^\s*pulumi config set /m.test(match[2]!)) continue;
        blocks.push({ line: markdown.slice(0, match.index).split("\n").length, block: match[2]! });
    }
    return blocks;
}

const GUIDES = ["README.md", ...fs.readdirSync(path.join(ROOT, "docs")).map((f) => `docs/${f}`)].filter((f) => f.endsWith(".md"));
const DEV_STACK = (parse(fs.readFileSync(path.join(ROOT, "stacks", "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> })
    .config;

/** The files the guides' commands read (`"$(cat corp-root-ca.pem)"`): CA certificates made for the run. */
const EXAMPLE_FILES: Record<string, string> = {};

describe("the guides' pulumi config set blocks, run literally", () => {
    before(() => {
        const root = makeCa("Corp Root CA");
        EXAMPLE_FILES["corp-root-ca.pem"] = root.cert;
        EXAMPLE_FILES["corp-issuing-ca.pem"] = makeCa("Corp Issuing CA", root.dir).cert;
    });

    it("reads a block as the Pulumi CLI would write the stack", () => {
        const sets = configSets(
            [
                "pulumi config set wandb-sso:verify false          # a comment",
                "pulumi config set --path 'wandb-sso:okta.orgUrl' https://acme.okta.com",
                "pulumi config set --path 'wandb-sso:entra.groupMembershipClaims[0]' SecurityGroup",
                "pulumi config set --path 'wandb-sso:keycloak.groupsClaim' true",
                "pulumi config set --secret --path 'wandb-sso:existing.clientSecret'",
                `pulumi config set --path 'wandb-sso:caCerts[0]' -- "$(cat ca.pem)"`,
                "pulumi config rm --path 'wandb-sso:wandb.container'",
                "pulumi up",
            ].join("\n"),
            { "ca.pem": "-----BEGIN CERTIFICATE-----\n…" },
        );
        assert.deepEqual(applyConfigSets(sets, { "wandb-sso:wandb": { namespace: "wandb", container: "wandb" } }), {
            "wandb-sso:wandb": { namespace: "wandb" },
            "wandb-sso:verify": "false",
            "wandb-sso:okta": { orgUrl: "https://acme.okta.com" },
            "wandb-sso:entra": { groupMembershipClaims: ["SecurityGroup"] },
            "wandb-sso:keycloak": { groupsClaim: true },
            "wandb-sso:existing": { clientSecret: { secure: SECURE_PLACEHOLDER } },
            "wandb-sso:caCerts": ["-----BEGIN CERTIFICATE-----\n…"],
        });
    });

    const blocks = GUIDES.flatMap((file) =>
        configBlocks(fs.readFileSync(path.join(ROOT, file), "utf8")).map(({ line, block }) => ({ where: `${file}:${line}`, block })),
    );

    it("finds the blocks of every IdP guide", () => {
        const files = new Set(blocks.map((b) => b.where.replace(/:\d+$/, "")));
        for (const guide of ["README.md", "docs/okta.md", "docs/entra.md", "docs/auth0.md", "docs/keycloak.md", "docs/existing.md"]) {
            assert.ok(files.has(guide), `${guide} has a pulumi config set block`);
        }
    });

    for (const { where, block } of blocks) {
        it(`${where}: plans as written`, async function () {
            this.timeout(60_000);
            const placeholders = block.split("\n").filter((line) => /^\s*pulumi config set .*[<>]/.test(line.replace(/#.*$/, "")));
            assert.deepEqual(
                placeholders,
                [],
                "a value to fill in (a shell redirection, run literally): give a secret no value (the CLI prompts), anything else a working example",
            );
            const sets = configSets(block, EXAMPLE_FILES);
            const complete = sets.some((s) => s.key === "wandb-sso:idp");
            if (complete) {
                // A whole stack: W&B's URL and the namespace W&B runs in are not left to defaults.
                const keys = sets.map((s) => s.key);
                assert.ok(keys.includes("wandb-sso:host"), "the block sets wandb-sso:host");
                assert.ok(
                    keys.includes("wandb-sso:wandb.namespace"),
                    "the block sets wandb-sso:wandb.namespace (the default is Kubernetes' `default`)",
                );
            }
            const config = applyConfigSets(sets, complete ? {} : DEV_STACK);
            const dir = projectWithStacks("wandb-sso-guide-", { guide: stringify({ config }) });
            const result = await runPlan(["--project", dir, "--stack", "guide", "--json"]);
            assert.equal(result.status, 0, `${where}: the stack its commands make does not plan:\n${result.stderr}`);
            const plan = JSON.parse(result.stdout);
            assert.ok(plan.resources.some((r: { type: string }) => r.type === "wandb-sso:index:WandbOidc"));
        });
    }
});
