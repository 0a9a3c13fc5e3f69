// Every fact of Novita's Vidu pages, as transcribed in test/fixtures/vidu-family/, is in the spec or
// recorded there as the page's reading (`x-novita-page`), and every rule the spec enforces is one a
// page states or a recorded departure: the upstream comparison runs on each transcription as it would
// on the page (its fields and its prose rules), and finds nothing unknown and nothing stale.
import { describe, expect, it } from "vitest";
import { requestSchemas } from "../../scripts/lib/upstream/spec-facts.mjs";
import { transcriptionProblems } from "../../scripts/lib/upstream/transcription.mjs";
import { type Json, spec } from "../fixtures/bundled-spec.js";
import { families, openDifferences } from "./families.js";

const schemas = requestSchemas(spec) as Map<string, Json>;

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
