// spec/EXTENSIONS.md lists every `x-` extension the spec uses, and only those: one place says what
// each means, where it goes and what its value is.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { ROOT } from "../fixtures/bundled-spec.js";

const SPEC = join(ROOT, "spec");

/** Every YAML file under spec/. */
const yamlFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? yamlFiles(join(dir, entry.name))
      : entry.name.endsWith(".yaml")
        ? [join(dir, entry.name)]
        : [],
  );

/** The `x-` keys of a parsed document, at any depth (keys, never text inside values). */
function extensionKeys(node: unknown, found: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const item of node) extensionKeys(item, found);
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith("x-")) found.add(key);
      // An extension's own value is data (a map of codes, a record of a page's reading): not walked.
      if (!key.startsWith("x-")) extensionKeys(value, found);
    }
  }
  return found;
}

describe("spec/EXTENSIONS.md", () => {
  const used = new Set<string>();
  for (const file of yamlFiles(SPEC)) extensionKeys(YAML.parse(readFileSync(file, "utf8")), used);
  const listed = new Set(
    [...readFileSync(join(SPEC, "EXTENSIONS.md"), "utf8").matchAll(/^\| `(x-[A-Za-z0-9-]+)`/gm)].map((m) => m[1]!),
  );

  it("lists every extension the spec uses", () => {
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((x) => !listed.has(x)).sort()).toEqual([]);
  });

  it("lists no extension the spec does not use", () => {
    expect([...listed].filter((x) => !used.has(x)).sort()).toEqual([]);
  });
});
