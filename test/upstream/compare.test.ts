// The comparison on a small spec written here: how page types map onto JSON Schema (`$ref`, `anyOf`,
// named enum components, `const`), how defaults, values and limits compare, nested fields, and how
// `x-novita-page` and `x-novita-page-fields` make a difference known, or stale.
import { describe, expect, it } from "vitest";
import { SpecError, coerce, compare, normalizeType } from "../../scripts/lib/upstream/compare.mjs";
import { parsePage } from "../../scripts/lib/upstream/page.mjs";
import { specEnum, specType } from "../../scripts/lib/upstream/spec-facts.mjs";

type Json = Record<string, unknown>;
const doc = (schemas: Json) => ({ components: { schemas } });
const SCHEMAS: Json = {
  Resolution720p1080p: { type: "string", enum: ["720p", "1080p"] },
  Url: { type: "string", pattern: "^https?://" },
  Prompt: { type: "string", maxLength: 2000 },
};

/** Compares a page of ParamFields with a request schema, returning `field aspect status` lines. */
function differences(request: Json, fields: string, schemas: Json = SCHEMAS) {
  const page = parsePage(fields);
  return compare(doc(schemas), "vidu-test", request, page.fields).differences.map(
    (d) => `${d.field} ${d.aspect} ${d.status} page=${JSON.stringify(d.page)} spec=${JSON.stringify(d.spec)}`,
  );
}
const field = (attributes: string, text = "") => `<ParamField body="f" ${attributes}>\n  ${text}\n</ParamField>`;
const one = (property: Json, attributes: string, text = "", required: string[] = []) =>
  differences({ type: "object", required, properties: { f: property } }, field(attributes, text));

describe("types", () => {
  it("names the spec's type as a page would", () => {
    const d = doc(SCHEMAS);
    expect(specType(d, { $ref: "#/components/schemas/Resolution720p1080p" })).toBe("string");
    expect(specType(d, { type: "array", items: { $ref: "#/components/schemas/Url" } })).toBe("string[]");
    expect(specType(d, { type: "array" })).toBe("array");
    expect(specType(d, { anyOf: [{ type: "boolean" }, { $ref: "#/components/schemas/Url" }] })).toBe(
      "boolean | string",
    );
    expect(specType(d, { const: 3 })).toBe("integer");
    expect(specType(d, { enum: [1, 2] })).toBe("integer");
    expect(specType(d, { type: "array", items: { anyOf: [{ type: "string" }, { type: "integer" }] } })).toBe(
      "(integer | string)[]",
    );
  });

  it("reads the page's type words", () => {
    expect(["string[]", "object array", "float32", "int64", "enum<string>", "Boolean"].map(normalizeType)).toEqual([
      "string[]",
      "object[]",
      "number",
      "integer",
      "string",
      "boolean",
    ]);
  });

  it("agrees when the page says array and the spec says what the items are, and not across kinds", () => {
    expect(one({ type: "array", items: { $ref: "#/components/schemas/Url" } }, 'type="array"')).toEqual([]);
    expect(one({ type: "array", items: { type: "string" } }, 'type="string[]"')).toEqual([]);
    expect(one({ type: "array", items: { type: "integer" } }, 'type="string[]"')).toEqual([
      'f type unknown page="string[]" spec="integer[]"',
    ]);
    expect(one({ type: "number" }, 'type="integer"')).toEqual(['f type unknown page="integer" spec="number"']);
    expect(one({ anyOf: [{ type: "boolean" }, { type: "string" }] }, 'type="boolean"')).toEqual([
      'f type unknown page="boolean" spec="boolean | string"',
    ]);
  });
});

describe("values", () => {
  it('compares a default as a value of the page\'s type: default="5" on an integer is 5', () => {
    expect(one({ type: "integer", default: 5 }, 'type="integer" default="5"')).toEqual([]);
    expect(one({ type: "boolean", default: true }, 'type="boolean" default="true"')).toEqual([]);
    expect(one({ type: "array", default: [] }, 'type="array" default="[]"')).toEqual([]);
    expect(one({ type: "string", default: "5" }, 'type="string" default={5}')).toEqual([]);
    expect(one({ type: "integer", default: 5 }, 'type="integer" default="five"')).toEqual([
      'f default unknown page="five" spec=5',
    ]);
    expect(coerce("-2", "integer")).toBe(-2);
  });

  it("takes a default from a `$ref`'s target, and one written beside the `$ref` over it", () => {
    const schemas = { ...SCHEMAS, Size: { type: "string", enum: ["720p", "1080p"], default: "720p" } };
    const request = (property: Json) => ({ type: "object", properties: { f: property } });
    const page = field('type="string" default="1080p"', "Optional values: `720p`, `1080p`");
    expect(differences(request({ $ref: "#/components/schemas/Size" }), page, schemas)).toEqual([
      'f default unknown page="1080p" spec="720p"',
    ]);
    expect(differences(request({ $ref: "#/components/schemas/Size", default: "1080p" }), page, schemas)).toEqual([]);
  });

  it("compares values as sets, through named enum components, unions and const", () => {
    const values = "Optional values: `1080p`, `720p`";
    expect(one({ $ref: "#/components/schemas/Resolution720p1080p" }, 'type="string"', values)).toEqual([]);
    expect(one({ anyOf: [{ const: "720p" }, { const: "1080p" }] }, 'type="string"', values)).toEqual([]);
    expect(one({ type: "string", enum: ["720p"] }, 'type="string"', values)).toEqual([
      'f enum unknown page=["1080p","720p"] spec=["720p"]',
    ]);
    expect(one({ type: "integer", enum: [4, 8] }, 'type="integer"', "Optional values: `4`, `8`")).toEqual([]);
    // An open union is no closed list.
    expect(specEnum(doc(SCHEMAS), { anyOf: [{ enum: ["a"] }, { type: "string" }] })).toBeUndefined();
  });

  it("takes an array's values from its items", () => {
    const property = { type: "array", items: { type: "string", enum: ["a", "b"] } };
    expect(one(property, 'type="string[]"', "Optional values: `a`, `b`")).toEqual([]);
  });

  it("reads a boolean listed as true or false as no list", () => {
    expect(one({ type: "boolean" }, 'type="boolean"', "Acceptable values: `true`, `false`")).toEqual([]);
  });
});

describe("limits and the required flag", () => {
  it("reads a lower bound of 0 on a length or a count as no bound, and any other difference as one", () => {
    expect(one({ type: "string", maxLength: 2000 }, 'type="string"', "Length limit: 0 - 2000")).toEqual([]);
    expect(one({ $ref: "#/components/schemas/Prompt" }, 'type="string"', "Length limit: 0 - 1500")).toEqual([
      "f maxLength unknown page=1500 spec=2000",
    ]);
    expect(one({ type: "integer", minimum: 0 }, 'type="integer"', "Value range: [1, 16]")).toEqual([
      "f minimum unknown page=1 spec=0",
      "f maximum unknown page=16 spec=undefined",
    ]);
  });

  it("compares the required flag with the parent's `required`", () => {
    expect(one({ type: "string" }, 'type="string" required', "", ["f"])).toEqual([]);
    expect(one({ type: "string" }, 'type="string"', "", ["f"])).toEqual(["f required unknown page=false spec=true"]);
  });
});

describe("nested fields", () => {
  const schemas = {
    ...SCHEMAS,
    Subject: {
      type: "object",
      required: ["id"],
      properties: { id: { type: "string" }, voice_id: { type: "string" } },
      "x-novita-page-fields": { tags: { type: "string[]" } },
    },
  };
  const request = {
    type: "object",
    properties: { subjects: { type: "array", items: { $ref: "#/components/schemas/Subject" } } },
  };
  const subjects = (children: string) =>
    `<ParamField body="subjects" type="array">\n  <Expandable title="properties">\n${children}\n  </Expandable>\n</ParamField>`;

  it("names a nested field by its path, and knows the sub-fields the spec leaves out", () => {
    const page = subjects(
      '<ParamField body="id" type="string" required={true} />\n<ParamField body="voice_id" type="string" default="x" />\n' +
        '<ParamField body="tags" type="string[]" />',
    );
    expect(differences(request, page, schemas)).toEqual([
      'subjects[].voice_id default unknown page="x" spec=undefined',
      'subjects[].tags field known page={"type":"string[]","required":false} spec=undefined',
    ]);
  });

  it("reports a left-out sub-field whose page facts changed, and one the page dropped", () => {
    const changed = subjects(
      '<ParamField body="id" type="string" required />\n<ParamField body="tags" type="string" />',
    );
    expect(differences(request, changed, schemas)).toEqual([
      'subjects[].tags type unknown page="string" spec=undefined',
      "subjects[].voice_id absent unknown page=true spec=false",
    ]);
    const dropped = subjects(
      '<ParamField body="id" type="string" required />\n<ParamField body="voice_id" type="string" />',
    );
    expect(differences(request, dropped, schemas)).toEqual([
      "subjects[].tags field stale page=undefined spec=undefined",
    ]);
  });

  it("notes sub-fields it does not compare because the page gives none, and reports the rules the spec enforces in them", () => {
    const result = compare(
      doc(schemas),
      "vidu-test",
      request,
      parsePage('<ParamField body="subjects" type="array" />').fields,
    );
    expect(result.differences.map((d) => `${d.field} ${d.aspect} ${d.status} spec=${JSON.stringify(d.spec)}`)).toEqual([
      "subjects[].id required unknown spec=true",
    ]);
    expect(result.notes).toEqual([
      "vidu-test subjects: the page gives no sub-fields, so the spec's (id, voice_id) are not compared",
    ]);
  });
});

describe("x-novita-page", () => {
  it("makes a difference known only while the page still says what it records", () => {
    const property = { type: "string", maxLength: 2000, "x-novita-page": { maxLength: 1500, required: true } };
    const page = (text: string, attributes = 'type="string" required') => one(property, attributes, text);
    expect(page("Length limit: 0 - 1500")).toEqual([
      "f required known page=true spec=false",
      "f maxLength known page=1500 spec=2000",
    ]);
    expect(page("Length limit: 0 - 1000")).toEqual([
      "f required known page=true spec=false",
      "f maxLength unknown page=1000 spec=2000",
    ]);
    expect(page("Length limit: 0 - 2000", 'type="string"')).toEqual([
      "f required stale page=false spec=false",
      "f maxLength stale page=2000 spec=2000",
    ]);
  });

  it("reads null as 'the page states none', and a recorded default as the page's type reads it", () => {
    expect(one({ type: "string", minLength: 1, "x-novita-page": { minLength: null } }, 'type="string"')).toEqual([
      "f minLength known page=undefined spec=1",
    ]);
    expect(
      one({ type: "integer", default: 5, "x-novita-page": { default: "4" } }, 'type="integer" default={4}'),
    ).toEqual(["f default known page=4 spec=5"]);
    const values = { type: "string", enum: ["a", "b"], "x-novita-page": { enum: ["b", "c", "a"] } };
    expect(one(values, 'type="string"', "Optional values: `a`, `b`, `c`")).toEqual([
      'f enum known page=["a","b","c"] spec=["a","b"]',
    ]);
  });

  it("knows a field the page does not list when it is recorded absent, and says when the page lists it again", () => {
    const request = {
      type: "object",
      properties: { f: { type: "string" }, extra: { type: "object", "x-novita-page": { absent: true } } },
    };
    expect(differences(request, field('type="string"'))).toEqual(["extra absent known page=true spec=false"]);
    const both = `${field('type="string"')}\n<ParamField body="extra" type="object" />`;
    expect(differences(request, both)).toEqual(["extra absent stale page=false spec=true"]);
  });

  it("refuses a record with an aspect it does not know, naming the field", () => {
    const property = { type: "string", "x-novita-page": { maxlength: 5 } };
    expect(() => one(property, 'type="string"')).toThrow(SpecError);
    expect(() => one(property, 'type="string"')).toThrow(/vidu-test f x-novita-page: unknown aspect maxlength/);
  });
});

describe("prose rules", () => {
  const request = {
    type: "object",
    properties: {
      images: { type: "array", items: { type: "string", "x-max-image-bytes": 100 } },
      audio: { type: "boolean" },
    },
    not: {
      type: "object",
      required: ["audio", "images"],
      properties: { audio: { const: true }, images: { type: "array" } },
      "x-novita-page": { not: null },
    },
  };
  const page = parsePage(
    '<ParamField body="images" type="array" />\n<ParamField body="audio" type="boolean" />',
  ).fields;
  const lines = (rules?: { field: string; aspect: string; value: unknown }[], schema: Json = request) =>
    compare(doc({}), "vidu-test", schema, page, rules).differences.map(
      (d) => `${d.field} ${d.aspect} ${d.status} page=${JSON.stringify(d.page)} spec=${JSON.stringify(d.spec)}`,
    );

  it("compares an image rule on a list's items with the page's rule on the list, and a recorded rule between fields as known", () => {
    expect(lines([{ field: "images", aspect: "maxImageBytes", value: 100 }])).toEqual([
      '(body) not known page=undefined spec={"audio":[true],"images":[]}',
    ]);
  });

  it("reports a rule the spec enforces that the page does not state, and one the page states that the spec lacks", () => {
    expect(lines([{ field: "(body)", aspect: "maxBodyBytes", value: 5 }])).toEqual([
      "images maxImageBytes unknown page=undefined spec=100",
      '(body) not known page=undefined spec={"audio":[true],"images":[]}',
      "(body) maxBodyBytes unknown page=5 spec=undefined",
    ]);
  });

  it("compares image formats as a set", () => {
    const schema = {
      type: "object",
      properties: {
        images: { type: "array", items: { "x-image-formats": ["png", "jpeg"] } },
        audio: { type: "boolean" },
      },
    };
    expect(lines([{ field: "images", aspect: "imageFormats", value: ["jpeg", "png"] }], schema)).toEqual([]);
    expect(lines([{ field: "images", aspect: "imageFormats", value: ["png"] }], schema)).toEqual([
      'images imageFormats unknown page=["png"] spec=["png","jpeg"]',
    ]);
  });

  it("without the page's prose rules, compares only the rules on fields, and says which it left out", () => {
    const result = compare(doc({}), "vidu-test", request, page, undefined);
    expect(result.differences).toEqual([]);
    expect(result.notes).toEqual([
      "vidu-test: no transcribed prose rules, so the spec's images maxImageBytes, (body) not are not compared",
    ]);
  });
});
