// The generated validators enforce every limit of the source documents, at and just past each
// boundary, with a message that names the field; and they agree with a general JSON Schema
// compiler (@exodus/schemasafe, on the generated JSON Schemas) on every body tried.
import { describe, expect, it } from "vitest";
import { type RequestBodyPath, validateRequestBody } from "../generated/validators.js";
import { compileModels } from "../scripts/lib/compile-validators.mjs";
import { createViduClient, ViduValidationError } from "../src/index.js";
import { createMockHandler } from "../src/mock/index.js";
import { resolve, spec, type Json } from "./fixtures/bundled-spec.js";
import { componentValidator } from "./fixtures/json-schemas.js";
import { ENDPOINTS, type FieldFact } from "./fixtures/seed-facts.js";
import { ruleCorpus } from "./contract/corpus.js";

/** The general validator of each path's request body, from the generated JSON Schema of its component. */
const reference = Object.fromEntries(
  [...ENDPOINTS, { path: "/v3/async/vidu-2.0-img2video" }].map(({ path }) => {
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

  describe("Vidu 2.0 image to video: an 8 second video is 720p only", () => {
    const v20 = "/v3/async/vidu-2.0-img2video";
    const image = { images: ["https://example.com/a.png"] };

    it("refuses 8 seconds at 360p or 1080p, naming resolution and what it must be", () => {
      for (const resolution of ["360p", "1080p"]) {
        expect(validateRequestBody(v20, { ...image, duration: 8, resolution })).toEqual([
          { field: "resolution", rule: "not", message: 'resolution must be "720p" when duration is 8' },
        ]);
      }
    });

    it("allows 8 seconds at 720p or with no resolution (720p by default), and 4 seconds at any", () => {
      expect(validateRequestBody(v20, { ...image, duration: 8, resolution: "720p" })).toEqual([]);
      expect(validateRequestBody(v20, { ...image, duration: 8 })).toEqual([]);
      for (const resolution of ["360p", "720p", "1080p"]) {
        expect(validateRequestBody(v20, { ...image, duration: 4, resolution })).toEqual([]);
        // No duration is the default, 4 seconds.
        expect(validateRequestBody(v20, { ...image, resolution })).toEqual([]);
      }
    });

    it("reports the rule beside the body's other problems", () => {
      const issues = validateRequestBody(v20, { ...image, duration: 8, resolution: "1080p", seed: "1" });
      expect(issues.map((i) => `${i.field} ${i.rule}`)).toEqual(["seed type", "resolution not"]);
    });
  });

  // Every rule of the spec, found there: a body that breaks it (each forbidden pairing) is refused at
  // the rule's first field, and changing either side to a value the rule allows makes it valid. The
  // bodies are the contract corpus's (test/contract/corpus.ts), which Prism and the mock are held to too.
  const ruleBodies = ruleCorpus();
  const rules = [...new Set(ruleBodies.map((entry) => entry.path))];

  it("are found in the spec: two today", () => {
    expect(rules).toEqual(
      expect.arrayContaining(["/v3/async/vidu-q2-turbo-img2video", "/v3/async/vidu-2.0-img2video"]),
    );
  });

  it.each(rules)("%s: each pairing the rule forbids is refused at its field, each other passes", (path) => {
    const [field = "", condition = ""] = Object.keys(
      resolve(spec, spec.paths[path].post.requestBody.content["application/json"].schema).not.properties,
    );
    const entries = ruleBodies.filter((entry) => entry.path === path);
    expect(new Set(entries.map((entry) => entry.valid))).toEqual(new Set([true, false]));
    for (const { what, body, valid } of entries) {
      const issues = validateRequestBody(path, body);
      if (valid) {
        expect(issues, what).toEqual([]);
        continue;
      }
      expect(issues, what).toHaveLength(1);
      expect(issues[0]).toMatchObject({ field, rule: "not" });
      expect(issues[0]?.message).toMatch(new RegExp(`^${field} must .* when ${condition} is `));
    }
  });

  it("are refused by the client before anything is sent", async () => {
    const sent: Request[] = [];
    const client = createViduClient({
      apiKey: "k",
      fetch: async (request) => {
        sent.push(request);
        return Response.json({ task_id: "t" });
      },
    });
    const body = { images: ["https://example.com/a.png"], duration: 8 as const, resolution: "1080p" as const };
    const error = await client.submit("vidu-2.0-img2video", body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ViduValidationError);
    expect((error as ViduValidationError).issues).toEqual([
      { field: "resolution", rule: "not", message: 'resolution must be "720p" when duration is 8' },
    ]);
    expect(sent).toEqual([]);
    await client.submit("vidu-2.0-img2video", { ...body, resolution: "720p" });
    expect(sent).toHaveLength(1);
  });

  it("are refused by the mock, which validates with the same validators", async () => {
    const mock = createMockHandler();
    try {
      const post = (body: unknown) =>
        mock(
          new Request("http://mock.test/v3/async/vidu-2.0-img2video", {
            method: "POST",
            headers: { "Content-Type": "application/json", Authorization: "Bearer k" },
            body: JSON.stringify(body),
          }),
        );
      const image = { images: ["https://example.com/a.png"] };
      const refused = await post({ ...image, duration: 8, resolution: "360p" });
      expect(refused.status).toBe(400);
      expect(JSON.parse(refused.headers.get("X-Mock-Violations") ?? "")).toEqual([
        { field: "resolution", rule: "not" },
      ]);
      expect((await refused.json()).message).toContain('resolution must be "720p" when duration is 8');
      expect((await post({ ...image, duration: 8, resolution: "720p" })).status).toBe(200);
    } finally {
      mock.close();
    }
  });
});

describe("the compiler's words for a rule", () => {
  const compile = (properties: Json, not: Json, schemas: Json = {}) =>
    Object.values(
      compileModels(
        { components: { schemas } },
        [{ key: "x", path: "/x", name: "x", schema: { type: "object", properties, not } }],
        "header",
      ),
    ).join("\n");
  const rule = (a: [string, Json], b: [string, Json]) => ({
    type: "object",
    required: [a[0], b[0]],
    properties: Object.fromEntries([a, b]),
  });
  const res = { $ref: "#/components/schemas/Res" };
  const schemas = { Res: { type: "string", enum: ["360p", "720p", "1080p"] } };

  it("names what the field may still be when its own schema is an enum", () => {
    const words = (bad: string[]) =>
      compile({ resolution: res }, rule(["resolution", { enum: bad }], ["duration", { const: 8 }]), schemas);
    expect(words(["360p", "1080p"])).toContain('"must be \\"720p\\" when duration is 8"');
    expect(words(["1080p"])).toContain('"must be one of \\"360p\\", \\"720p\\" when duration is 8"');
    expect(words(["360p", "720p", "1080p"])).toContain(
      '"must not be \\"360p\\" or \\"720p\\" or \\"1080p\\" when duration is 8"',
    );
  });

  it("says what the field must not be otherwise, and every value of the condition", () => {
    const out = compile(
      { off_peak: { type: "boolean" } },
      rule(["off_peak", { const: true }], ["duration", { enum: [9, 10] }]),
    );
    expect(out).toContain('"must not be true when duration is 9 or 10"');
  });

  it("refuses a rule value the field cannot take (it would never apply), and a side that is not a const or an enum", () => {
    expect(() =>
      compile({ resolution: res }, rule(["resolution", { enum: ["1080P"] }], ["duration", { const: 8 }]), schemas),
    ).toThrow(/can never match/);
    expect(() => compile({}, rule(["a", { minimum: 1 }], ["b", { const: 8 }]))).toThrow(/not both/);
    expect(() => compile({}, rule(["a", { enum: [] }], ["b", { const: 8 }]))).toThrow(/not both/);
    expect(() => compile({}, rule(["a", { const: 1, enum: [1] }], ["b", { const: 8 }]))).toThrow(/not both/);
    expect(() => compile({}, { ...rule(["a", { const: 1 }], ["b", { const: 8 }]), required: ["a"] })).toThrow(
      /not both/,
    );
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
  // Vidu 2.0's rule: every pairing of duration and resolution, each also left out. (A key set to
  // undefined is left out by JSON.stringify, but a general validator sees it: leave it out here.)
  for (const duration of [4, 8, undefined])
    for (const resolution of ["360p", "720p", "1080p", undefined])
      corpus.push([
        "/v3/async/vidu-2.0-img2video",
        { images: ["https://a.b/c"], ...(duration && { duration }), ...(resolution && { resolution }) },
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
