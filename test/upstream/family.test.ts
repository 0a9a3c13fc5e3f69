// Every fact of Novita's 24 Vidu pages, as transcribed field by field in test/fixtures/vidu-family/,
// is in the spec or recorded there as the page's reading (`x-novita-page`): the upstream comparison
// runs on each transcription as it would on the page, and finds nothing unknown and nothing stale.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compare } from "../../scripts/lib/upstream/compare.mjs";
import { LIMITS, requestSchemas } from "../../scripts/lib/upstream/spec-facts.mjs";
import { type Json, spec } from "../fixtures/bundled-spec.js";

const DIR = new URL("../fixtures/vidu-family/", import.meta.url).pathname;

interface FactField {
  name: string;
  type: string;
  required: boolean;
  default?: unknown;
  enum?: unknown[];
  items?: { type?: string; fields?: FactField[] };
  [limit: string]: unknown;
}
interface Facts {
  endpoint: string;
  path: string;
  fields: FactField[];
  /** Where this transcription and a seed document differ, the seed is the contract (issue 15). */
  seedWins?: { field: string; aspect: string }[];
}

interface PageField {
  name: string;
  type: string;
  required: boolean;
  default?: unknown;
  enum?: string[];
  limits: Record<string, number>;
  children: PageField[] | undefined;
  line: number;
}

/** A transcribed field as the page parser would have read it from the page. */
const pageField = (field: FactField): PageField => ({
  name: field.name,
  type: field.type === "array" && field.items?.type ? `${field.items.type}[]` : field.type,
  required: field.required,
  ...("default" in field && { default: field.default }),
  ...(field.enum && { enum: field.enum.map(String) }),
  limits: Object.fromEntries(LIMITS.filter((l) => typeof field[l] === "number").map((l) => [l, field[l] as number])),
  children: field.items?.fields?.map(pageField),
  line: 0,
});

const families: Facts[] = readdirSync(DIR)
  .filter((name) => name.endsWith(".json"))
  .map((name) => JSON.parse(readFileSync(DIR + name, "utf8")));
const schemas = requestSchemas(spec) as Map<string, Json>;

describe("the transcribed Vidu pages", () => {
  it("name exactly the spec's generation endpoints", () => {
    expect(families.map((f) => f.endpoint).sort()).toEqual([...schemas.keys()].sort());
    for (const { endpoint, path } of families) expect(path).toBe(`/v3/async/${endpoint}`);
  });

  it.each(families)("$endpoint: every fact is in the spec or recorded as the page's reading", (facts) => {
    const { differences } = compare(spec, facts.endpoint, schemas.get(facts.endpoint), facts.fields.map(pageField));
    const seedWins = new Set((facts.seedWins ?? []).map(({ field, aspect }) => `${field} ${aspect}`));
    const open = differences
      .filter((d: Json) => d.status !== "known" && !seedWins.has(`${d.field} ${d.aspect}`))
      .map(
        (d: Json) =>
          `${d.field} ${d.aspect}: page ${JSON.stringify(d.page)}, spec ${JSON.stringify(d.spec)} (${d.status})`,
      );
    expect(open).toEqual([]);
  });
});
