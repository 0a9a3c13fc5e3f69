// Every fact of Novita's Vidu pages, as transcribed in test/fixtures/vidu-family/, is in the spec or
// recorded there as the page's reading (`x-novita-page`), and every rule the spec enforces is one a
// page states or a recorded departure: the upstream comparison runs on each transcription as it would
// on the page (its fields and its prose rules), and finds nothing unknown and nothing stale.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compare } from "../../scripts/lib/upstream/compare.mjs";
import { requestSchemas } from "../../scripts/lib/upstream/spec-facts.mjs";
import {
  pageField,
  pageRules,
  type Transcription,
  transcriptionProblems,
} from "../../scripts/lib/upstream/transcription.mjs";
import { type Json, spec } from "../fixtures/bundled-spec.js";

const DIR = new URL("../fixtures/vidu-family/", import.meta.url).pathname;

export const families: Transcription[] = readdirSync(DIR)
  .filter((name) => name.endsWith(".json") && !name.startsWith("_"))
  .map((name) => JSON.parse(readFileSync(DIR + name, "utf8")));
const schemas = requestSchemas(spec) as Map<string, Json>;

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

describe("the transcribed Vidu pages", () => {
  it("name exactly the spec's generation endpoints", () => {
    expect(families.map((f) => f.endpoint).sort()).toEqual([...schemas.keys()].sort());
    for (const { endpoint, path } of families) expect(path).toBe(`/v3/async/${endpoint}`);
  });

  it.each(families)("$endpoint: every fact names the copy of the page it came from", (facts) => {
    expect(transcriptionProblems(facts)).toEqual([]);
  });

  it.each(families)("$endpoint: the spec and the page agree both ways, or the spec records why not", (facts) => {
    expect(openDifferences(facts)).toEqual([]);
  });
});
