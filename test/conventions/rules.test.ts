// Rules between fields ("an 8 second video is 720p only", "not off-peak with audio") have one form
// (spec/components/schemas/README.md), the only one the validator compiler puts into words and the
// nine generators of test/multilang pass through: a `not` at the root of a request body's schema,
//   not: { title, description, type: object, required: [a, b], properties: { a: {enum: […]}, b: {const: x} } }
// Each side is one `const` or one `enum` of values the field takes; the first property is the field
// at fault. Anything else (a `not` elsewhere, a range, a pattern, a nested rule) is refused here.
import { describe, expect, it } from "vitest";
import { bodies, resolve, schemaRefName, spec, subschemas, type Json } from "../fixtures/bundled-spec.js";

const components = spec.components.schemas as Record<string, Json>;
const RULE_KEYS = ["title", "description", "type", "required", "properties"];

/** The values a side of a rule names, or undefined when it is not exactly one `const` or one `enum`. */
function sideValues(side: Json): unknown[] | undefined {
  const keys = Object.keys(side ?? {});
  if (keys.length !== 1) return undefined;
  if (keys[0] === "const") return [side.const];
  if (keys[0] === "enum" && Array.isArray(side.enum) && side.enum.length > 0) return side.enum;
  return undefined;
}

const kindOf = (v: unknown) => (Number.isInteger(v) ? "integer" : typeof v);

/** What is wrong with `schema.not` as a rule between the fields of `schema`; [] when it has the one form. */
function ruleProblems(doc: Json, schema: Json): string[] {
  const rule = schema.not;
  const problems: string[] = [];
  const extra = Object.keys(rule).filter((k) => !RULE_KEYS.includes(k));
  if (extra.length > 0) problems.push(`has ${extra.join(", ")}: only ${RULE_KEYS.join(", ")}`);
  if (typeof rule.title !== "string" || typeof rule.description !== "string")
    problems.push("needs a title and a description, which say the rule in words");
  if (rule.type !== "object") problems.push("needs type: object");
  const names = Object.keys(rule.properties ?? {});
  if (names.length < 2) problems.push("names fewer than two fields");
  if (JSON.stringify(rule.required) !== JSON.stringify(names))
    problems.push(
      `required ${JSON.stringify(rule.required)} is not its properties, in their order ${JSON.stringify(names)}`,
    );
  for (const name of names) {
    const values = sideValues(rule.properties[name]);
    if (!values) {
      problems.push(`${name}: a side is one const or one enum, not ${JSON.stringify(rule.properties[name])}`);
      continue;
    }
    if (new Set(values.map((v) => JSON.stringify(v))).size !== values.length) problems.push(`${name}: repeats a value`);
    const field = schema.properties?.[name];
    if (!field) {
      problems.push(`${name} is not a field of the schema`);
      continue;
    }
    const own = resolve(doc, field);
    const wrong = values.filter((v) =>
      own.enum ? !own.enum.includes(v) : own.type !== kindOf(v) && !(own.type === "number" && kindOf(v) === "integer"),
    );
    if (wrong.length > 0) problems.push(`${name} never is ${JSON.stringify(wrong)}: the rule could never apply`);
  }
  return problems;
}

/** The request bodies' schema components, by name. */
const requestSchemas = new Set(
  bodies(spec)
    .filter(({ where }) => where.endsWith(" request"))
    .map(({ media }) => schemaRefName(media.schema)),
);

describe("rules between fields", () => {
  const rules = Object.entries(components).filter(([, schema]) => schema.not);

  it("are found: Q2 Turbo's off-peak and audio, Vidu 2.0's duration and resolution", () => {
    expect(rules.map(([name]) => name)).toEqual(
      expect.arrayContaining(["ViduQ2TurboImg2VideoRequest", "Vidu20Img2VideoRequest"]),
    );
  });

  it("sit only at the root of a request body's schema (an answer is never refused)", () => {
    const misplaced = Object.entries(components).flatMap(([name, schema]) =>
      subschemas(schema)
        .filter(({ pointer, node }) => node.not && (pointer !== "" || !requestSchemas.has(name)))
        .map(({ pointer }) => `${name}${pointer}`),
    );
    expect(misplaced).toEqual([]);
  });

  it.each(rules)("%s has the one form", (_, schema) => {
    expect(ruleProblems(spec, schema)).toEqual([]);
  });

  it("refuses every other form", () => {
    const doc = {
      components: { schemas: { Res: { type: "string", enum: ["360p", "720p"] } } },
    };
    const properties = { resolution: { $ref: "#/components/schemas/Res" }, duration: { type: "integer" } };
    const good = {
      title: "t",
      description: "d",
      type: "object",
      required: ["resolution", "duration"],
      properties: { resolution: { enum: ["360p"] }, duration: { const: 8 } },
    };
    const check = (not: Json) => ruleProblems(doc, { type: "object", properties, not });
    expect(check(good)).toEqual([]);
    expect(check({ ...good, properties: { ...good.properties, duration: { const: 8, minimum: 1 } } })).toHaveLength(1);
    expect(check({ ...good, properties: { ...good.properties, duration: { minimum: 8 } } })).toHaveLength(1);
    expect(check({ ...good, properties: { ...good.properties, duration: { not: { const: 4 } } } })).toHaveLength(1);
    expect(check({ ...good, properties: { ...good.properties, duration: { enum: [] } } })).toHaveLength(1);
    expect(check({ ...good, properties: { ...good.properties, resolution: { enum: ["1080P"] } } })).toEqual([
      'resolution never is ["1080P"]: the rule could never apply',
    ]);
    expect(check({ ...good, properties: { ...good.properties, duration: { const: "8" } } })).toHaveLength(1);
    expect(check({ ...good, required: ["duration", "resolution"] })).toHaveLength(1);
    expect(check({ ...good, required: ["resolution"] })).toHaveLength(1);
    expect(check({ ...good, required: ["resolution"], properties: { resolution: { const: "360p" } } })).toEqual([
      "names fewer than two fields",
    ]);
    expect(check({ ...good, anyOf: [{ required: ["a"] }] })).toHaveLength(1);
    expect(check({ ...good, description: undefined })).toHaveLength(1);
    expect(check({ ...good, type: undefined })).toHaveLength(1);
    expect(
      check({
        ...good,
        required: ["resolution", "colour"],
        properties: { resolution: { const: "360p" }, colour: { const: "red" } },
      }),
    ).toEqual(["colour is not a field of the schema"]);
  });
});
