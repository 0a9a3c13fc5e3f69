// The task-result answer the spec describes is the one Novita's page shows, field by field (as
// transcribed in test/fixtures/vidu-family/_task-result.json): the same names and types, nested
// fields included, and no field required that the page leaves optional unless the spec records why.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { normalizeType } from "../../scripts/lib/upstream/compare.mjs";
import { specType } from "../../scripts/lib/upstream/spec-facts.mjs";
import { type Json, resolve, spec } from "../fixtures/bundled-spec.js";

interface Field {
  name: string;
  type: string;
  required: boolean;
  fields?: Field[];
}
const page = JSON.parse(readFileSync(new URL("../fixtures/vidu-family/_task-result.json", import.meta.url), "utf8"));
const operation = spec.paths["/v3/async/task-result"].get;

/** `path aspect: page …, spec …` for every difference at one level, recursing into the page's nested fields. */
function differences(fields: Field[], object: Json, prefix = ""): string[] {
  const properties = (object.properties ?? {}) as Record<string, Json>;
  const out: string[] = [];
  for (const field of fields) {
    const node = properties[field.name];
    const at = `${prefix}${field.name}`;
    if (!node) {
      out.push(`${at}: the page lists it, the spec does not`);
      continue;
    }
    const type = specType(spec, node);
    if (normalizeType(field.type) !== type) out.push(`${at} type: page ${field.type}, spec ${type}`);
    const required = (object.required ?? []).includes(field.name);
    const recorded = node["x-novita-page"]?.required;
    if (required !== field.required && recorded !== field.required)
      out.push(`${at} required: page ${field.required}, spec ${required}`);
    if (field.fields) out.push(...differences(field.fields, resolve(spec, node), `${at}.`));
  }
  for (const name of Object.keys(properties))
    if (!fields.some((f) => f.name === name)) out.push(`${prefix}${name}: the spec has it, the page does not list it`);
  return out;
}

describe("the task-result page", () => {
  it("takes the task_id query parameter the page lists", () => {
    const parameters = (operation.parameters as Json[]).map((p) => resolve(spec, p));
    expect(parameters.map((p) => [p.name, p.in, p.required, p.schema.type])).toEqual(
      page.query.map((q: Field) => [q.name, "query", q.required, q.type]),
    );
  });

  it("answers the fields the page shows, with their types, nested fields and required flags", () => {
    const schema = resolve(spec, operation.responses["200"]).content["application/json"].schema;
    expect(differences(page.response, resolve(spec, schema))).toEqual([]);
  });
});
