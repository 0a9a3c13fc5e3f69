// The guides (docs/guides/NN-name.md, in the order of their numbers) and, after them, CHANGELOG.md:
// each becomes a section of the docs page, named by its first `# ` heading. test/docs/guides.test.ts
// runs or typechecks the guides' code.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const GUIDES_DIR = "docs/guides";
export const CHANGELOG = "CHANGELOG.md";

/** @param {string} root @param {string} file a path from the root */
function readSection(root, file) {
  const text = readFileSync(join(root, file), "utf8");
  const heading = /^# (.+)\n/.exec(text);
  if (!heading?.[1]) throw new Error(`${file} must start with a "# Title" line`);
  return { file, name: heading[1].trim(), description: text.slice(heading[0].length).trim() };
}

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
    .map((file) => ({ ...readSection(root, `${GUIDES_DIR}/${file}`), file }));
}

/**
 * The guides, then the changelog: the sections of the page's Guides group.
 * @param {string} root the package's root
 */
export function readPageSections(root) {
  return [...readGuides(root), ...(existsSync(join(root, CHANGELOG)) ? [readSection(root, CHANGELOG)] : [])];
}
