// The docs name only what exists: every git ref an install command names (`git+…#<ref>`,
// `pulumi package add <repository URL>@<ref>`) resolves in this repository, and the stale comment
// in Pulumi.yaml cannot come back: it lists exactly the fields src/config reads.
// Holds on a fresh clone of main (CI): the docs name the branch `main` and placeholders such as
// `<commit>` only, never a tag (a clone of main need not have a tag someone made elsewhere).
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { IDPS } from "../../src/idps";
import { WANDB_FIELDS } from "../../src/wandb/settings";
import { ROOT } from "../helpers/root";

/** The Markdown a user reads: README.md, docs/*.md, and the other folders' READMEs. */
export function docFiles(): string[] {
    const docs = fs.readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md"));
    return ["README.md", ...docs.map((f) => `docs/${f}`), "policy/README.md", "tools/bench/README.md"].filter((f) =>
        fs.existsSync(path.join(ROOT, f)),
    );
}

/** Every git ref named in a text: after `.git#` (npm) and after `<repository URL>@` or a `github.com/…@`. */
export function gitRefsIn(text: string): string[] {
    const refs: string[] = [];
    for (const pattern of [/\.git#([^\s)`'"]+)/g, /(?:<repository URL>|github\.com\/[\w.-]+\/[\w.-]+)@([^\s)`'"]+)/g]) {
        for (const match of text.matchAll(pattern)) refs.push(match[1]!);
    }
    return refs;
}

/** A placeholder the reader fills in (`<commit>`), not a ref. */
const isPlaceholder = (ref: string) => /^<[^>]+>$/.test(ref);

/** Whether a ref names a commit here: a branch (local or origin's), a tag, or a commit ID. */
function resolves(ref: string): boolean {
    for (const candidate of [ref, `refs/remotes/origin/${ref}`]) {
        try {
            execFileSync("git", ["rev-parse", "--verify", "--quiet", `${candidate}^{commit}`], { cwd: ROOT, stdio: "pipe" });
            return true;
        } catch {
            // try the next form
        }
    }
    return false;
}

/** Whether a ref is a tag (and nothing else here). */
function isTagOnly(ref: string): boolean {
    const show = execFileSync("git", ["show-ref", ref], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    return show !== "" && show.split("\n").every((line) => line.includes(" refs/tags/"));
}

describe("the docs' git refs", () => {
    it("finds the refs an install command names, and skips placeholders", () => {
        assert.deepEqual(gitRefsIn("npm install git+https://h/o/wandb-sso.git#v0.2.0 @pulumi/okta"), ["v0.2.0"]);
        assert.deepEqual(gitRefsIn("pulumi package add <repository URL>@<commit>   # pinned"), ["<commit>"]);
        assert.deepEqual(gitRefsIn("pulumi package add github.com/acme/wandb-sso@main"), ["main"]);
        assert.ok(isPlaceholder("<commit>") && !isPlaceholder("v0.2.0"));
    });

    it("every ref the docs name resolves in this repository, and none is a tag", () => {
        const named = docFiles().flatMap((file) => gitRefsIn(fs.readFileSync(path.join(ROOT, file), "utf8")).map((ref) => ({ file, ref })));
        assert.ok(named.length > 0, "the README names the ref it installs from");
        const refs = named.filter(({ ref }) => !isPlaceholder(ref));
        const missing = refs.filter(({ ref }) => !resolves(ref)).map(({ file, ref }) => `${file}: ${ref}`);
        assert.deepEqual(missing, [], "refs the docs name that this repository does not have");
        const tags = refs.filter(({ ref }) => isTagOnly(ref)).map(({ file, ref }) => `${file}: ${ref}`);
        assert.deepEqual(tags, [], "tags: a fresh clone of main may lack them; name main or <commit>");
    });
});

describe("Pulumi.yaml's comment on the structured keys", () => {
    /** The `{…}` field list after `#   wandb-sso:<key>` (over continuation lines), as names. */
    function commentFields(): Record<string, string[]> {
        const text = fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8");
        const comment = text
            .split("\n")
            .filter((line) => line.startsWith("#"))
            .map((line) => line.slice(1))
            .join("\n");
        const fields: Record<string, string[]> = {};
        for (const match of comment.matchAll(/^\s+wandb-sso:(\w+)\s+[^{]*\{([^}]*)\}/gm)) {
            // Field names only: drop what parentheses say about them.
            fields[match[1]!] = match[2]!.replace(/\([^)]*\)/g, "").match(/[A-Za-z]+/g) ?? [];
        }
        return fields;
    }

    it("lists exactly the fields of wandb-sso:wandb and of each IdP's object", () => {
        const listed = commentFields();
        assert.deepEqual(listed.wandb, [...WANDB_FIELDS]);
        for (const [idp, entry] of Object.entries(IDPS)) assert.deepEqual(listed[idp], [...entry.fields], `wandb-sso:${idp}`);
    });

    it("names every target", () => {
        const text = fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8");
        for (const target of ["deployment", "operator", "operator-v2", "helm"]) assert.match(text, new RegExp(`\\b${target}\\b`));
    });
});
