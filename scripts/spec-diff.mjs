#!/usr/bin/env node
// Classifies every difference between an older bundled spec and today's (generated/openapi.json) as
// breaking or not for a client generated from the older one (scripts/lib/spec-diff.mjs says how):
//
//   npm run spec:diff -- <older openapi.json> [--against <newer openapi.json>]
//
// One line per difference, then a count. Exit code: 0 nothing breaking; 1 something breaks; 2 bad
// usage or a file that cannot be read as a spec.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import YAML from "yaml";
import { diffSpecs } from "./lib/spec-diff.mjs";

const USAGE = "usage: npm run spec:diff -- <older openapi.json|yaml> [--against <newer openapi.json|yaml>]";
const TODAY = new URL("../generated/openapi.json", import.meta.url);

/** @param {string | URL} file */
function readSpec(file) {
  const text = readFileSync(file, "utf8");
  const doc = String(file).endsWith(".json") ? JSON.parse(text) : YAML.parse(text);
  if (typeof doc?.openapi !== "string" || typeof doc.paths !== "object")
    throw new Error(`${file} is not an OpenAPI document (no openapi version or no paths)`);
  return doc;
}

let older;
let newer;
try {
  const { values, positionals } = parseArgs({
    options: { against: { type: "string" }, help: { type: "boolean", short: "h" } },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (positionals.length !== 1) throw new Error(positionals.length ? "one older spec, please" : "which older spec?");
  older = readSpec(/** @type {string} */ (positionals[0]));
  newer = readSpec(values.against ?? TODAY);
} catch (error) {
  console.error(`spec:diff: ${error instanceof Error ? error.message : error}\n${USAGE}`);
  process.exit(2);
}

const differences = diffSpecs(older, newer);
for (const { breaking, at, what } of differences)
  console.log(`${breaking ? "✘ breaking" : "✔ not breaking"}: ${at}: ${what}`);
const breaking = differences.filter((d) => d.breaking).length;
console.log(`${breaking} breaking, ${differences.length - breaking} not breaking`);
process.exitCode = breaking ? 1 : 0;
