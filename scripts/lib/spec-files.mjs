// Checks that every file under spec/ is reachable from the root through $refs, because the split
// layout hides unused components from Redocly's no-unused-components rule (it sees the root only).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import YAML from "yaml";

function collectRefs(node, found) {
  if (Array.isArray(node)) for (const item of node) collectRefs(item, found);
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") found.push(value);
      else collectRefs(value, found);
    }
  }
  return found;
}

const listYaml = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listYaml(join(dir, entry.name)) : entry.name.endsWith(".yaml") ? [join(dir, entry.name)] : [],
  );

/** @returns {string[]} spec files (relative to specDir) that nothing references */
export function unreachableSpecFiles(specDir, rootFile = "openapi.yaml") {
  const seen = new Set();
  const queue = [resolve(specDir, rootFile)];
  while (queue.length > 0) {
    const file = /** @type {string} */ (queue.pop());
    if (seen.has(file)) continue;
    seen.add(file);
    for (const ref of collectRefs(YAML.parse(readFileSync(file, "utf8")), [])) {
      const target = ref.split("#")[0];
      if (target) queue.push(resolve(dirname(file), target));
    }
  }
  return listYaml(resolve(specDir))
    .filter((file) => !seen.has(resolve(file)))
    .map((file) => relative(specDir, file));
}
