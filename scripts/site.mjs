#!/usr/bin/env node
// `npm run docs`: writes the docs site into site/ (or --out DIR) from generated/, one ✔ line per
// kind of file. `npm run docs` regenerates generated/ first, so the site shows the spec as it is.
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { siteFiles } from "../src/mock/docs-site.mjs";

const ROOT = new URL("..", import.meta.url).pathname;
const { values } = parseArgs({ options: { out: { type: "string" } } });
const out = values.out ? resolve(values.out) : join(ROOT, "site");

rmSync(out, { recursive: true, force: true });
const files = Object.entries(siteFiles(ROOT));
for (const [name, source] of files) {
  mkdirSync(dirname(join(out, name)), { recursive: true });
  copyFileSync(source, join(out, name));
}
const shown = relative(process.cwd(), out) || ".";
console.log(`✔ ${shown}/index.html: the reference and the guides, one page that loads nothing from another host`);
console.log(
  `✔ ${shown}/openapi.json, ${shown}/openapi.yaml: the bundled spec (and openapi-3.0.json, openapi-3.0.yaml: as OpenAPI 3.0.3)`,
);
console.log(`✔ ${shown}/jsonschema/: ${files.filter(([name]) => name.startsWith("jsonschema/")).length} JSON Schemas`);
console.log(`  open ${join(out, "index.html")} in a browser, or serve the folder from any static host`);
