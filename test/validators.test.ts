// The generated validators enforce every limit of the source documents, at and just past each
// boundary, with a message that names the field; and they agree with a general JSON Schema
// compiler (@exodus/schemasafe, on the generated JSON Schemas) on every body tried.
import { describe, expect, it } from "vitest";
import { type RequestBodyPath, validateRequestBody } from "../generated/validators.js";
import { resolve, spec, type Json } from "./fixtures/bundled-spec.js";
import { componentValidator } from "./fixtures/json-schemas.js";
import { ENDPOINTS, type FieldFact } from "./fixtures/seed-facts.js";

/** The general validator of each path's request body, from the generated JSON Schema of its component. */
const reference = Object.fromEntries(
  ENDPOINTS.map(({ path }) => {
    const ref: string = spec.paths[path].post.requestBody.content["application/json"].schema.$ref;
    return [path, componentValidator(ref.split("/").pop() ?? "")];
  }),
);

/** Bodies at and just past every boundary of one field: [value, valid?]. */
function boundaryValues(fact: FieldFact): [unknown, boolean][] {
  const cases: [unknown, boolean][] = [];
  const wrongType = { string: 5, integer: "5", boolean: "true", array: "x" }[fact.type];
  cases.push([wrongType, false], [null, false]);
  if (fact.type === "integer" && !fact.enum) cases.push([1.5, false]);
  if (fact.enum) {
    for (const value of fact.enum) cases.push([value, true]);
    const past =
      typeof fact.enum[0] === "number"
        ? [Math.min(...(fact.enum as number[])) - 1, Math.max(...(fact.enum as number[])) + 1]
        : ["4k", "", fact.enum[0]?.toString().toUpperCase()];
    for (const value of past) cases.push([value, false]);
  }
  if (fact.minimum !== undefined) cases.push([fact.minimum, true], [fact.minimum - 1, false]);
  if (fact.maximum !== undefined) cases.push([fact.maximum, true], [fact.maximum + 1, false]);
  if (fact.maxLength !== undefined) {
    cases.push(["é".repeat(fact.maxLength), true], ["é".repeat(fact.maxLength + 1), false]);
    // Length counts characters (code points), not UTF-16 units: an emoji is one character.
    cases.push(["😀".repeat(fact.maxLength), true]);
  }
  if (fact.minItems !== undefined) cases.push([[], false]);
  return cases;
}

describe.each(ENDPOINTS)("$path", ({ path, valid, fields }) => {
  const validate = (body: unknown) => validateRequestBody(path as RequestBodyPath, body);

  it("accepts the minimal valid body", () => {
    expect(validate(valid)).toEqual([]);
  });

  it("accepts every request example of the spec", () => {
    const examples = spec.paths[path].post.requestBody.content["application/json"].examples;
    for (const example of Object.values(examples) as Json[]) {
      const value = resolve(spec, example).value;
      expect(validate(value)).toEqual([]);
    }
  });

  it("refuses a body that is not an object", () => {
    for (const body of [null, [], "x", 5, undefined]) {
      expect(validate(body)).toEqual([{ field: "(body)", rule: "type", message: "the body must be an object" }]);
    }
  });

  it("names each missing required field", () => {
    for (const [name, fact] of Object.entries(fields)) {
      if (!fact.required) continue;
      const { [name]: _, ...body } = valid;
      expect(validate(body)).toEqual([{ field: name, rule: "required", message: `${name} is required` }]);
      // `undefined` is left out by JSON.stringify, so it counts as missing too.
      expect(validate({ ...body, [name]: undefined })).toHaveLength(1);
    }
  });

  it("names an unknown field", () => {
    expect(validate({ ...valid, model: "viduq2_turbo_img2video" })).toEqual([
      { field: "model", rule: "additionalProperties", message: "model is not a known field" },
    ]);
  });

  for (const [name, fact] of Object.entries(fields)) {
    it(`${name}: enforces each limit at and just past its boundary`, () => {
      for (const [value, ok] of boundaryValues(fact)) {
        const issues = validate({ ...valid, [name]: value });
        const shown =
          typeof value === "string" && value.length > 20 ? `${value.length} characters` : JSON.stringify(value);
        if (ok) {
          expect(issues, `${name} = ${shown}`).toEqual([]);
        } else {
          expect(issues, `${name} = ${shown}`).toHaveLength(1);
          expect(issues[0]?.field).toBe(name);
          expect(issues[0]?.message).toMatch(new RegExp(`^${name} must `));
        }
      }
    });
  }

  it("says the rule in words", () => {
    const field = Object.entries(fields).find(([, f]) => f.type === "integer" && (f.enum || f.maximum !== undefined));
    if (!field) throw new Error("every endpoint has a bounded integer");
    const [name, fact] = field;
    const [issue] = validate({ ...valid, [name]: fact.enum ? 99 : (fact.maximum ?? 0) + 1 });
    const expected = fact.enum
      ? `must be one of ${fact.enum.join(", ")}`
      : `must be between ${fact.minimum} and ${fact.maximum}`;
    expect(issue?.message).toBe(`${name} ${expected}`);
  });

  it("reports every problem at once", () => {
    const body = { ...valid, seed: "1", resolution: "4k", unknown: true };
    expect(validate(body).map((i) => i.field)).toEqual(["seed", "resolution", "unknown"]);
  });
});

describe("images", () => {
  const path = "/v3/async/vidu-q2-turbo-img2video";
  const body = (image: unknown) => ({ images: [image], prompt: "p", duration: 5 });
  const cases: [string, boolean][] = [
    ["https://example.com/a.png", true],
    ["http://example.com/a", true],
    ["data:image/png;base64,iVBORw0KGgo=", true],
    ["data:image/jpeg;base64,/9j/4AAQ", true],
    ["data:image/webp;base64,UklGR", true],
    ["data:image/gif;base64,R0lGOD", false],
    ["iVBORw0KGgo=", false],
    ["./cat.png", false],
    ["ftp://example.com/a.png", false],
    ["", false],
    ["https://", false],
    ["https://example.com/a cat.png", false],
    ["data:image/png;base64,", false],
    ["data:image/png;base64,not base64!", false],
  ];
  it.each(cases)("%s → valid: %s", (image, ok) => {
    const issues = validateRequestBody(path, body(image));
    expect(issues.length === 0).toBe(ok);
    if (!ok) expect(issues[0]?.message).toMatch(/^images\[0\] must /);
  });

  it("names the subject and image in a reference-to-video body", () => {
    const issues = validateRequestBody("/v3/async/viduq2-pro-fast", {
      prompt: "@1",
      duration: 5,
      subjects: [
        { name: "a", images: ["https://x/a.png"] },
        { images: ["a.png"], videos: ["not a url"], age: 3 },
      ],
    });
    expect(issues.map((i) => i.field)).toEqual(["subjects[1].images[0]", "subjects[1].videos[0]", "subjects[1].age"]);
  });
});

describe("rules between fields", () => {
  const path = "/v3/async/vidu-q2-turbo-img2video";
  const base = { images: ["https://example.com/a.png"], prompt: "p", duration: 5 };

  it("refuses off-peak mode with audio (seed 002), saying when", () => {
    expect(validateRequestBody(path, { ...base, audio: true, off_peak: true })).toEqual([
      { field: "off_peak", rule: "not", message: "off_peak must not be true when audio is true" },
    ]);
  });

  it("allows each of them alone", () => {
    expect(validateRequestBody(path, { ...base, audio: true, off_peak: false })).toEqual([]);
    expect(validateRequestBody(path, { ...base, audio: false, off_peak: true })).toEqual([]);
    expect(validateRequestBody(path, { ...base, off_peak: true })).toEqual([]);
  });
});

describe("agreement with a general JSON Schema validator", () => {
  // Every body above, plus a few that mix problems: the verdicts must be the same.
  const corpus: [string, Json][] = [];
  for (const { path, valid, fields } of ENDPOINTS) {
    corpus.push(
      [path, valid],
      [path, {}],
      [path, null],
      [path, { ...valid, extra: { webhook: { url: "https://x.y/z" } } }],
    );
    corpus.push([
      path,
      {
        ...valid,
        extra: {
          webhook: { url: "https://x.y/z", test_mode: { enabled: true, return_task_status: "TASK_STATUS_SUCCEED" } },
        },
      },
    ]);
    corpus.push([
      path,
      { ...valid, extra: { webhook: { url: "https://x.y/z", test_mode: { return_task_status: "DONE" } } } },
    ]);
    corpus.push([path, { ...valid, extra: { webhook: {} } }], [path, { ...valid, extra: [] }]);
    for (const [name, fact] of Object.entries(fields)) {
      for (const [value] of boundaryValues(fact)) corpus.push([path, { ...valid, [name]: value }]);
    }
  }
  corpus.push([
    "/v3/async/vidu-q2-turbo-img2video",
    { images: ["https://a.b/c"], prompt: "p", duration: 5, audio: true, off_peak: true },
  ]);
  corpus.push(["/v3/async/viduq2-pro-fast", { prompt: "", duration: 1, subjects: [{}] }]);
  corpus.push([
    "/v3/async/viduq2-pro-fast",
    { prompt: "", duration: 1, subjects: [{ videos: ["https://v/1.mp4"], voice_id: "v" }] },
  ]);

  it(`gives the same verdict on ${corpus.length} bodies`, () => {
    expect(corpus.length).toBeGreaterThan(150);
    for (const [path, body] of corpus) {
      const ours = validateRequestBody(path as RequestBodyPath, body).length === 0;
      expect(ours, `${path} ${JSON.stringify(body)?.slice(0, 200)}`).toBe(reference[path]?.(body));
    }
  });
});
