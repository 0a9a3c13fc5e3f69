// generated/openapi-3.0.json: a valid OpenAPI 3.0.3 document (swagger-parser's 3.0 schema and its
// checks) with every operation, component and extension of the 3.1 bundle, the webhook as callbacks,
// and what 3.0 says differently recorded in its description.
import SwaggerParser from "@apidevtools/swagger-parser";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { toOpenApi30 } from "../../scripts/lib/openapi30.mjs";
import { ROOT, spec, type Json } from "../fixtures/bundled-spec.js";

const read = (name: string) => readFileSync(join(ROOT, "generated", name), "utf8");
const doc30: Json = JSON.parse(read("openapi-3.0.json"));

/** `[pointer, key]` of every `x-` extension under `node`, the pointer with `allOf/0` steps left out. */
function extensions(node: Json, at = ""): string[] {
  if (node === null || typeof node !== "object") return [];
  return Object.entries<Json>(node).flatMap(([key, value]) => {
    // A `$ref` with siblings is wrapped as `{…siblings, allOf: [{$ref}]}` in 3.0.
    const here = /\/allOf\/0$/.test(`${at}/${key}`) ? at : `${at}/${key}`;
    return [...(key.startsWith("x-") ? [here] : []), ...extensions(value, key === "allOf" ? at : here)];
  });
}
const operationIds = (doc: Json, where: "paths" | "webhooks") =>
  Object.values<Json>(doc[where] ?? {}).flatMap((item) => Object.values<Json>(item).map((op) => op.operationId));

describe("generated/openapi-3.0.json", () => {
  it("is OpenAPI 3.0.3 that swagger-parser validates, and the YAML holds the same document", async () => {
    expect(doc30.openapi).toBe("3.0.3");
    await expect(SwaggerParser.validate(structuredClone(doc30))).resolves.toMatchObject({ openapi: "3.0.3" });
    expect(YAML.parse(read("openapi-3.0.yaml"))).toEqual(doc30);
  });

  it("has every path, operation, component and x- extension of the 3.1 bundle", () => {
    expect(Object.keys(doc30.paths)).toEqual(Object.keys(spec.paths));
    expect(operationIds(doc30, "paths")).toEqual(operationIds(spec, "paths"));
    for (const kind of Object.keys(spec.components))
      expect(Object.keys(doc30.components[kind]), kind).toEqual(Object.keys(spec.components[kind]));
    const without = ({ webhooks: _, ...rest }: Json) => rest;
    expect(new Set(extensions(without(doc30)).filter((x) => !x.startsWith("/components/callbacks")))).toEqual(
      new Set(extensions(without(spec))),
    );
  });

  it("has each webhook as a callback on every operation whose body takes the webhook's URL", () => {
    const webhooks = Object.keys(spec.webhooks);
    expect(webhooks.length).toBeGreaterThan(0);
    expect(Object.keys(doc30.components.callbacks)).toEqual(webhooks);
    for (const name of webhooks) {
      const [expression, item] = Object.entries<Json>(doc30.components.callbacks[name])[0]!;
      expect(expression).toMatch(/^\{\$request\.body#\/[\w/]+\}$/);
      expect(item.post.operationId).toBe(spec.webhooks[name].post.operationId);
    }
    const withCallbacks = Object.values<Json>(doc30.paths).filter((item) => item.post?.callbacks);
    const withExtra = Object.values<Json>(doc30.paths).filter((item) => item.post?.requestBody);
    expect(withCallbacks).toHaveLength(withExtra.length);
  });

  it("records in info.description what 3.0 says another way, and keeps the 3.1 summary there", () => {
    const note = doc30.info.description.slice(doc30.info.description.indexOf("## This document is OpenAPI 3.0.3"));
    expect(note).toMatch(/callback/);
    expect(note).toMatch(/`const` values are one-value `enum`s/);
    expect(note).toMatch(/several `examples`/);
    expect(doc30.info.description.startsWith(spec.info.summary)).toBe(true);
    expect(doc30.info).not.toHaveProperty("summary");
  });

  it("is what the conversion writes: every const an enum, falsy ones too, and no 3.1 keyword left", () => {
    expect(JSON.stringify(doc30.components.schemas).match(/"(const|examples)":/)).toBeNull();
    expect(JSON.stringify(doc30).match(/x-openapi-down-convert/)).toBeNull();
    const edited = structuredClone(spec);
    const [name, schema] = Object.entries<Json>(edited.components.schemas).find(([, s]) => s.properties)!;
    schema.properties.flag = { type: "boolean", const: false };
    schema.properties.zero = { type: "integer", const: 0 };
    const converted = toOpenApi30(edited).components.schemas[name];
    expect(converted.properties.flag).toEqual({ type: "boolean", enum: [false] });
    expect(converted.properties.zero).toEqual({ type: "integer", enum: [0] });
  });

  it("says a 3.1 exclusive bound as a 3.0 bound with exclusiveMinimum or exclusiveMaximum true", () => {
    const edited = structuredClone(spec);
    const [name, schema] = Object.entries<Json>(edited.components.schemas).find(([, s]) => s.properties)!;
    schema.properties.above = { type: "number", exclusiveMinimum: 0 };
    schema.properties.below = { type: "number", exclusiveMaximum: 10, maximum: 20 };
    schema.properties.within = { type: "number", exclusiveMaximum: 10, maximum: 5 };
    const { properties } = toOpenApi30(edited).components.schemas[name];
    expect(properties.above).toEqual({ type: "number", minimum: 0, exclusiveMinimum: true });
    expect(properties.below).toEqual({ type: "number", maximum: 10, exclusiveMaximum: true });
    expect(properties.within).toEqual({ type: "number", maximum: 5 });
  });

  it("refuses a 3.1 keyword that the converter does not take down", () => {
    const edited = structuredClone(spec);
    const [name, schema] = Object.entries<Json>(edited.components.schemas).find(([, s]) => s.properties)!;
    schema.properties.pair = { type: "array", prefixItems: [{ type: "string" }] };
    expect(() => toOpenApi30(edited)).toThrow(new RegExp(`#/components/schemas/${name}/properties/pair: prefixItems`));
  });
});
