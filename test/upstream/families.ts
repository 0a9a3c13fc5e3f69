// The transcriptions of Novita's pages (test/fixtures/vidu-family/), read once for the upstream tests.
import { readdirSync, readFileSync } from "node:fs";
import { compare } from "../../scripts/lib/upstream/compare.mjs";
import { requestSchemas } from "../../scripts/lib/upstream/spec-facts.mjs";
import { pageField, pageRules, type Transcription } from "../../scripts/lib/upstream/transcription.mjs";
import { type Json, spec } from "../fixtures/bundled-spec.js";

const DIR = new URL("../fixtures/vidu-family/", import.meta.url).pathname;

export const families: Transcription[] = readdirSync(DIR)
  .filter((name) => name.endsWith(".json") && !name.startsWith("_"))
  .map((name) => JSON.parse(readFileSync(DIR + name, "utf8")));

/** The differences the comparison finds on a transcription that no seed settles. */
export function openDifferences(facts: Transcription, doc: Json = spec) {
  const request = requestSchemas(doc).get(facts.endpoint);
  const { differences } = compare(doc, facts.endpoint, request, facts.fields.map(pageField), pageRules(facts));
  const seedWins = new Set((facts.seedWins ?? []).map(({ field, aspect }) => `${field} ${aspect}`));
  return differences
    .filter((d: Json) => d.status !== "known" && !seedWins.has(`${d.field} ${d.aspect}`))
    .map(
      (d: Json) =>
        `${d.field} ${d.aspect}: page ${JSON.stringify(d.page)}, spec ${JSON.stringify(d.spec)} (${d.status})`,
    );
}
