// The spec's records of Novita's pages (`x-novita-page`, `x-novita-page-fields`) are well formed and
// stay documentation: they reach the bundled spec, and nothing that validates or types a body.
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ASPECTS } from "../../scripts/lib/upstream/compare.mjs";
import { type Json, ROOT, spec, subschemas } from "../fixtures/bundled-spec.js";

const schemas = Object.entries(spec.components.schemas as Record<string, Json>);
const records = schemas.flatMap(([name, schema]) =>
  subschemas(schema).flatMap(({ pointer, node }) => [
    ...(node["x-novita-page"] ? [{ at: `${name}${pointer}`, key: "x-novita-page", value: node["x-novita-page"] }] : []),
    ...(node["x-novita-page-fields"]
      ? [{ at: `${name}${pointer}`, key: "x-novita-page-fields", value: node["x-novita-page-fields"] }]
      : []),
  ]),
);

describe("x-novita-page in the spec", () => {
  it("is in the bundled spec", () => {
    expect(records.length).toBeGreaterThan(0);
  });

  it("sits on a property and names only the aspects the check knows", () => {
    for (const { at, key, value } of records) {
      if (key === "x-novita-page") {
        expect(at, at).toMatch(/\/properties\/[^/]+$/);
        expect(ASPECTS, at).toEqual(expect.arrayContaining(Object.keys(value)));
        if ("absent" in value) expect(value.absent, at).toBe(true);
      } else {
        expect(at, at).not.toMatch(/\/properties\/[^/]+$/);
        for (const [field, facts] of Object.entries(value as Record<string, Json>)) {
          expect(
            ASPECTS.filter((a) => a !== "absent"),
            `${at} ${field}`,
          ).toEqual(expect.arrayContaining(Object.keys(facts)));
        }
      }
    }
  });

  it("stays out of the types, the validators and the JSON Schemas", () => {
    const generated = `${ROOT}generated/`;
    const files = [
      "schema.d.ts",
      "validators.js",
      "constants.js",
      ...readdirSync(`${generated}jsonschema`).map((f) => `jsonschema/${f}`),
    ];
    for (const file of files) expect(readFileSync(`${generated}${file}`, "utf8"), file).not.toContain("novita-page");
  });
});
