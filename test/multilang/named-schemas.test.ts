// Generators in other languages name a class after a schema component. An inline object schema has
// no name, so each generator invents one (`InlineObject1`, `CreateViduQ2ProFastRequestSubjectsItem`)
// and the names differ from tool to tool. The bundled spec must leave them nothing to invent.
import { describe, expect, it } from "vitest";
import { bodies, operations, resolve, schemaRefName, spec, subschemas, type Json } from "../fixtures/bundled-spec.js";
import { MODELS } from "../../generated/constants.js";

/**
 * The pointers of the inline object schemas (a `properties` that is not behind a `$ref`) below the
 * root of `schema`. The root itself is named when it is a component.
 *
 * Subschemas of `if`, `then`, `else` and `not` do not count: they are conditions on the object
 * around them (Q2 Turbo: "when `audio` is true, `off_peak` must be false"), not values anyone
 * sends or receives, and generators emit no type for them. Naming them would add components that
 * describe no data.
 */
function anonymousObjects(schema: Json): string[] {
  return subschemas(schema)
    .filter(({ pointer, node, inCondition }) => pointer !== "" && !inCondition && !node.$ref && node.properties)
    .map(({ pointer }) => pointer);
}

const PASCAL_CASE = /^[A-Z][a-zA-Z0-9]*$/;
const CAMEL_CASE = /^[a-z][a-zA-Z0-9]*$/;

describe("the bundled spec names every object", () => {
  it("has each request body, response and the webhook's body as a $ref to a schema component", () => {
    const found = bodies(spec);
    expect(found.length).toBeGreaterThanOrEqual(20);
    const inline = found.filter(({ media }) => !schemaRefName(media.schema)).map(({ where }) => where);
    expect(inline).toEqual([]);
  });

  it("has no anonymous object in any component's properties, array items or compositions", () => {
    const anonymous = Object.entries(spec.components.schemas as Record<string, Json>).flatMap(([name, schema]) =>
      anonymousObjects(schema).map((pointer) => `${name}${pointer}`),
    );
    expect(anonymous).toEqual([]);
  });

  it("has no object schema inline in a parameter", () => {
    const parameters = operations(spec).flatMap(({ operation }) => (operation.parameters ?? []) as Json[]);
    expect(parameters.length).toBeGreaterThan(0);
    for (const parameter of parameters) {
      const { schema } = resolve(spec, parameter);
      expect(schema.properties, parameter.name).toBeUndefined();
      expect(anonymousObjects(schema), parameter.name).toEqual([]);
    }
  });

  it("finds an inline object in a property, an array item, a map value and a composition, and skips conditions", () => {
    const named = { $ref: "#/components/schemas/Named" };
    const object = { type: "object", properties: { a: { type: "string" } } };
    const schema = {
      type: "object",
      properties: { ok: named, inline: object, list: { type: "array", items: object }, names: { items: named } },
      additionalProperties: object,
      oneOf: [named, object],
      if: object,
      then: { properties: { a: { const: "b" } } },
      not: object,
    };
    expect(anonymousObjects(schema)).toEqual([
      "/properties/inline",
      "/properties/list/items",
      "/additionalProperties",
      "/oneOf/1",
    ]);
  });

  it("names components in PascalCase, each schema titled with its own name", () => {
    const { securitySchemes: _, ...components } = spec.components as Record<string, Record<string, Json>>;
    const names = Object.values(components).flatMap((map) => Object.keys(map));
    expect(names.length).toBeGreaterThan(40);
    expect(names.filter((name) => !PASCAL_CASE.test(name))).toEqual([]);
    for (const [name, schema] of Object.entries(spec.components.schemas as Record<string, Json>)) {
      expect(schema.title, `${name}'s title`).toBe(name);
    }
  });

  it("gives every operation, the webhook's included, a unique camelCase operationId", () => {
    const ids = operations(spec).map(({ operation }) => operation.operationId as string);
    // One per generation endpoint, plus the task-result GET and the webhook.
    expect(ids).toHaveLength(Object.keys(MODELS).length + 2);
    expect(ids.filter((id) => !CAMEL_CASE.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
