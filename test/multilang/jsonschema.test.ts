// generated/jsonschema/ holds one standalone JSON Schema 2020-12 file per component. A validator
// that knows nothing of OpenAPI (@exodus/schemasafe, which refuses unknown keywords) loads them all,
// follows their cross-file $refs by $id, and agrees with every example the spec carries.
import { readdirSync, readFileSync } from "node:fs";
import { validator } from "@exodus/schemasafe";
import { describe, expect, it } from "vitest";
import { ROOT, SCHEMA_ID_BASE, spec, specExamples, subschemas, type Json } from "../fixtures/bundled-spec.js";

const DIR = `${ROOT}generated/jsonschema/`;
const files: Record<string, Json> = Object.fromEntries(
  readdirSync(DIR).map((file) => [file, JSON.parse(readFileSync(DIR + file, "utf8"))]),
);
// A file has no $id: siblings' $refs name it by its file name, so it is registered under that.
const schemas = new Map(Object.entries(files));
/** A validator for the component `name`, or for the subschema at `pointer` inside it. */
const validate = (name: string, pointer = "") =>
  validator({ $ref: `${SCHEMA_ID_BASE}${name}.json${pointer ? `#${pointer}` : ""}` }, { schemas, includeErrors: true });

describe("generated/jsonschema/", () => {
  it("has one file per schema component, with the 2020-12 dialect and no $id (it is known by its name)", () => {
    expect(Object.keys(files).sort()).toEqual(
      Object.keys(spec.components.schemas)
        .map((name) => `${name}.json`)
        .sort(),
    );
    for (const [file, schema] of Object.entries(files)) {
      expect(schema.$schema, file).toBe("https://json-schema.org/draft/2020-12/schema");
      expect(schema, file).not.toHaveProperty("$id");
    }
  });

  it("keeps no OpenAPI-only or x- keyword, and refers only to sibling files", () => {
    for (const [file, schema] of Object.entries(files)) {
      for (const { pointer, node } of subschemas(schema)) {
        const at = `${file}#${pointer}`;
        expect(
          Object.keys(node).filter((key) => key.startsWith("x-")),
          at,
        ).toEqual([]);
        for (const keyword of ["example", "discriminator", "xml", "externalDocs", "nullable"]) {
          expect(node, at).not.toHaveProperty(keyword);
        }
        if (node.$ref !== undefined) expect(Object.keys(files), `${at} $ref`).toContain(node.$ref);
      }
    }
  });

  it("compiles file by file in a strict general validator", () => {
    for (const [file, schema] of Object.entries(files)) {
      expect(() => validator(schema, { schemas }), file).not.toThrow();
    }
  });

  const examples = specExamples(spec);

  it("covers every example component of the spec", () => {
    const used = new Set(examples.map((example) => example.ref));
    expect(Object.keys(spec.components.examples).filter((name) => !used.has(`#/components/examples/${name}`))).toEqual(
      [],
    );
  });

  for (const example of examples) {
    it(`accepts ${example.label} against ${example.schema}.json`, () => {
      const check = validate(example.schema);
      expect(check(example.value), JSON.stringify(check.errors)).toBe(true);
    });
  }

  it("accepts the `examples` of each schema and property at their place in the file", () => {
    let count = 0;
    for (const [file, schema] of Object.entries(files)) {
      for (const { pointer, node } of subschemas(schema)) {
        for (const value of (node.examples ?? []) as Json[]) {
          const check = validate(file.replace(/\.json$/, ""), pointer);
          expect(check(value), `${file}#${pointer}: ${JSON.stringify(value)}`).toBe(true);
          count++;
        }
      }
    }
    expect(count).toBeGreaterThanOrEqual(10);
  });

  it("rejects what the spec forbids, across files and through the Q2 Turbo condition", () => {
    const q3 = validate("ViduQ3TurboI2VRequest");
    const image = "https://example.com/cat.png";
    expect(q3({ images: [image], duration: 8 })).toBe(true);
    expect(q3({ images: [image], duration: "8" })).toBe(false); // a string where an integer is required
    expect(q3({ images: [image], resolution: "4k" })).toBe(false); // an unknown enum value
    expect(q3({ duration: 8 })).toBe(false); // a missing required field
    expect(q3({ images: [image], model: "q3" })).toBe(false); // an unknown field
    expect(q3({ images: ["./cat.png"] })).toBe(false); // ImageInput.json's pattern, through a $ref
    const q2 = validate("ViduQ2TurboImg2VideoRequest");
    const body = { images: [image], prompt: "The cat yawns", duration: 5 };
    expect(q2({ ...body, audio: true, off_peak: false })).toBe(true);
    expect(q2({ ...body, audio: true, off_peak: true })).toBe(false); // no off-peak mode with sound
    const event = validate("WebhookEvent");
    const task = { task_id: "t", status: "TASK_STATUS_QUEUED" };
    expect(event({ event_type: "ASYNC_TASK_RESULT", payload: { task } })).toBe(true);
    // Novita's answers keep their enums open: a status the spec does not list yet passes, a number does not.
    expect(event({ event_type: "ASYNC_TASK_RESULT", payload: { task: { ...task, status: "DONE" } } })).toBe(true);
    expect(event({ event_type: "ASYNC_TASK_RESULT", payload: { task: { ...task, status: 3 } } })).toBe(false);
  });
});
