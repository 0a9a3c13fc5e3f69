// The guides (docs/guides/NN-name.md, in the order of their numbers): each becomes a section of the
// docs page, named by its first `# ` heading. test/docs/guides.test.ts runs or typechecks their code.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const GUIDES_DIR = "docs/guides";

/**
 * @param {string} root the package's root
 * @returns {{ file: string, name: string, description: string }[]}
 */
export function readGuides(root) {
  const dir = join(root, GUIDES_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => /^\d+-[\w-]+\.md$/.test(file))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), "utf8");
      const heading = /^# (.+)\n/.exec(text);
      if (!heading?.[1]) throw new Error(`${GUIDES_DIR}/${file} must start with a "# Title" line`);
      return { file, name: heading[1].trim(), description: text.slice(heading[0].length).trim() };
    });
}
