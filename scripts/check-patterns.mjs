#!/usr/bin/env node
// `npm run lint:patterns`: fails when a `pattern` anywhere in spec/ is not proven linear-time
// (scripts/lib/redos.mjs says why it matters).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import YAML from "yaml";
import { ROOT } from "./lib/build.mjs";
import { nonLinearPatterns, patternsIn } from "./lib/redos.mjs";

const SPEC = join(ROOT, "spec");
const files = readdirSync(SPEC, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".yaml"));
const found = files.flatMap((file) =>
  patternsIn(YAML.parse(readFileSync(join(SPEC, file), "utf8"))).map(({ where, pattern }) => ({
    where: `${relative(ROOT, join(SPEC, file))}#${where}`,
    pattern,
  })),
);
const bad = await nonLinearPatterns(found);
for (const { where, pattern, status, complexity, attack } of bad) {
  console.error(
    `✘ ${where}: ${pattern} is ${status}${complexity ? ` (${complexity})` : ""}${attack ? `; slow on ${attack}` : ""}`,
  );
}
console.log(`${bad.length === 0 ? "✔" : "✘"} ${found.length} patterns in spec/, ${bad.length} not proven linear`);
process.exit(bad.length === 0 ? 0 : 1);
