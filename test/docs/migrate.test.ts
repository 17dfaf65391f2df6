// The migration guide derives from the IdP descriptors: it sets every field of each IdP's `adopt`
// (as the stack key), names each import ID format the descriptor cites, and is linked from the
// README and every IdP guide. (Its `pulumi config set` blocks plan as written: guides.test.ts.)
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { IDP_LIST } from "../../src/idps";
import { ROOT } from "../helpers/root";

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

describe("docs/migrate.md", () => {
    const guide = read("docs/migrate.md");

    for (const idp of IDP_LIST) {
        const adopt = idp.adopt;
        if (adopt === undefined) continue;
        it(`sets every field of wandb-sso:${idp.name}.adopt and names each import format`, () => {
            for (const id of adopt.ids) {
                assert.ok(
                    guide.includes(`pulumi config set --path 'wandb-sso:${idp.name}.adopt.${id.field}' `),
                    `${idp.name}.adopt.${id.field}`,
                );
            }
            for (const imported of adopt.imports) assert.ok(guide.includes(`\`${imported.format}\``), `${idp.name}: ${imported.format}`);
        });
    }

    it("is linked from the README and every IdP guide", () => {
        assert.ok(read("README.md").includes("(docs/migrate.md)"));
        for (const idp of IDP_LIST) assert.ok(read(`docs/${idp.name}.md`).includes("(migrate.md)"), `docs/${idp.name}.md`);
    });
});
