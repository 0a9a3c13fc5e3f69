// What the bundled spec (generated/openapi.json) says about one request field, in the terms a page
// uses: a type, a required flag, a default, a list of values and limits.

import { modelOperations } from "../catalog.mjs";
import { resolveSchema } from "../ref.mjs";

/** @typedef {any} Schema a JSON Schema node of the bundled spec, walked as plain JSON */

export const LIMITS = /** @type {const} */ ([
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
]);

/**
 * Follows local `$ref`s (`#/components/schemas/X`). Keywords written beside a `$ref` win over the
 * target's, as in JSON Schema 2020-12 where they apply together.
 * @param {Schema} doc @param {Schema | undefined} node @returns {Schema}
 */
export const resolve = (doc, node) => resolveSchema(doc, node) ?? {};

/** @param {unknown} value @returns {string} */
const jsonType = (value) =>
  value === null
    ? "null"
    : Array.isArray(value)
      ? "array"
      : Number.isInteger(value)
        ? "integer"
        : typeof value === "bigint"
          ? "integer"
          : typeof value;

/**
 * The branches of a union (`anyOf`/`oneOf`), resolved; the schema itself when it is not one.
 * @param {Schema} doc @param {Schema} schema @returns {Schema[]}
 */
const branches = (doc, schema) => {
  const list = schema.anyOf ?? schema.oneOf;
  return list ? list.map((/** @type {Schema} */ b) => branches(doc, resolve(doc, b))).flat() : [schema];
};

/**
 * The field's type as a page would write it: `string`, `integer`, `string[]`, `array`, or a union
 * `boolean | string` when the spec allows several.
 * @param {Schema} doc @param {Schema} node @returns {string}
 */
export function specType(doc, node) {
  const types = new Set(/** @type {string[]} */ ([]));
  for (const branch of branches(doc, resolve(doc, node))) {
    for (const part of [branch, ...(branch.allOf ?? []).map((/** @type {Schema} */ s) => resolve(doc, s))]) {
      const declared = part.type === undefined ? [] : [part.type].flat();
      const inferred =
        declared.length > 0 ? declared : "const" in part ? [jsonType(part.const)] : (part.enum ?? []).map(jsonType);
      for (const type of inferred) {
        if (type !== "array" || !part.items) types.add(type);
        else {
          const items = specType(doc, part.items);
          types.add(items === "any" ? "array" : `${items.includes(" | ") ? `(${items})` : items}[]`);
        }
      }
      if (inferred.length > 0) break;
    }
  }
  return types.size === 0 ? "any" : [...types].sort().join(" | ");
}

/**
 * The closed list of values the spec allows: `enum`, `const`, named enum components and unions of
 * them. Undefined when any branch is open (a plain `type: string`) or there is no list.
 * @param {Schema} doc @param {Schema} node @returns {unknown[] | undefined}
 */
export function specEnum(doc, node) {
  const values = [];
  for (const branch of branches(doc, resolve(doc, node))) {
    const merged = [branch, ...(branch.allOf ?? []).map((/** @type {Schema} */ s) => resolve(doc, s))];
    const listed = merged.find((s) => s.enum !== undefined || "const" in s);
    if (!listed) return undefined;
    values.push(...("const" in listed ? [listed.const] : listed.enum));
  }
  return values;
}

/**
 * The value of one keyword, looking through `$ref`, `allOf` and unions (first branch that has it).
 * @param {Schema} doc @param {Schema} node @param {string} keyword @returns {unknown}
 */
export function specKeyword(doc, node, keyword) {
  const schema = resolve(doc, node);
  if (keyword in schema) return schema[keyword];
  for (const sub of [...(schema.allOf ?? []), ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    const found = specKeyword(doc, sub, keyword);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The object schema whose `properties` hold a field's sub-fields: the field's own, or its items'.
 * @param {Schema} doc @param {Schema} node @returns {Schema | undefined}
 */
export function subfieldsOf(doc, node) {
  const schema = resolve(doc, node);
  const items = schema.items ? resolve(doc, schema.items) : undefined;
  if (items?.properties) return items;
  return schema.properties ? schema : undefined;
}

/**
 * The request schema of each endpoint (`POST /v3/async/<endpoint>`), from the spec's paths.
 * @param {Schema} doc @returns {Map<string, Schema>}
 */
export function requestSchemas(doc) {
  // The models as the catalog knows them: one key derivation for every script.
  return new Map(modelOperations(doc).map(({ key, schema }) => [key, resolve(doc, schema)]));
}

/**
 * The rules a page states in prose and the spec keeps in `x-` extensions, by the aspect name the
 * transcriptions and `x-novita-page` use. Image rules sit on the property that holds the image (or
 * the list of them); the body cap on the request body.
 */
export const RULE_ASPECTS = /** @type {const} */ ({
  imageFormats: "x-image-formats",
  maxImageBytes: "x-max-image-bytes",
  maxInlineImageBytes: "x-max-inline-image-bytes",
  aspectRatioRange: "x-aspect-ratio-range",
  minImagePixels: "x-min-image-pixels",
  frameRatioRange: "x-frame-ratio-range",
  maxBodyBytes: "x-max-body-bytes",
});

/** The rules an image input component carries (the others sit on a list of frames or on a body). */
export const IMAGE_ASPECTS = /** @type {const} */ ([
  "imageFormats",
  "maxImageBytes",
  "maxInlineImageBytes",
  "aspectRatioRange",
  "minImagePixels",
]);

/** The keywords the validators enforce as rules, by aspect (`const` is a list of one value). */
const KEYWORD_ASPECTS = [...LIMITS, "enum", "const"];

/**
 * @typedef {object} EnforcedRule
 * @property {string} field `prompt`, `images[]` (each item), `subjects[].images`, or `(body)`
 * @property {string} aspect `required`, `enum`, a limit, a {@link RULE_ASPECTS} name, or `not`
 * @property {unknown} value
 * @property {Schema} [record] the `x-novita-page` that may record the page's reading of this rule
 */

/**
 * The conditions of a rule between fields (`not: { required, properties }`): each field's values.
 * @param {Schema} doc @param {Schema} not @returns {Record<string, unknown[]>}
 */
export function notConditions(doc, not) {
  return Object.fromEntries(
    Object.entries(not.properties ?? {}).map(([name, node]) => {
      const schema = resolve(doc, node);
      return [name, "const" in schema ? [schema.const] : (schema.enum ?? [])];
    }),
  );
}

/**
 * Every rule the spec enforces on a request body, walking it as the validator compiler does
 * (through `$ref`, items, properties, unions and `not`). `type` and `pattern` are the field's form,
 * compared as its type and its `imageFormats`; `additionalProperties` is the field list itself.
 * @param {Schema} doc @param {Schema} request @returns {EnforcedRule[]}
 */
export function enforcedRules(doc, request) {
  /** @type {EnforcedRule[]} */
  const out = [];
  /** @param {Schema} node @param {string} path @param {Schema} record @param {Set<Schema>} seen */
  const walk = (node, path, record, seen) => {
    const schema = resolve(doc, node);
    if (seen.has(schema)) return;
    const inner = new Set(seen).add(schema);
    const field = path || "(body)";
    for (const keyword of KEYWORD_ASPECTS) {
      if (!(keyword in schema)) continue;
      const aspect = keyword === "const" ? "enum" : keyword;
      out.push({ field, aspect, value: keyword === "const" ? [schema.const] : schema[keyword], record });
    }
    for (const [aspect, key] of Object.entries(RULE_ASPECTS)) {
      if (!(key in schema)) continue;
      // An image rule on an item belongs to the list that holds it: `images[]` → `images`.
      out.push({ field: field.replace(/\[\]$/, ""), aspect, value: schema[key], record });
    }
    for (const name of schema.required ?? []) {
      const child = path ? `${path}.${name}` : name;
      out.push({ field: child, aspect: "required", value: true, record: schema.properties?.[name]?.["x-novita-page"] });
    }
    for (const [name, child] of Object.entries(schema.properties ?? {})) {
      walk(child, path ? `${path}.${name}` : name, /** @type {Schema} */ (child)["x-novita-page"], inner);
    }
    if (schema.items) walk(schema.items, `${path}[]`, record, inner);
    for (const branch of [...(schema.allOf ?? []), ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
      walk(branch, path, record, inner);
    }
    if (schema.not) {
      out.push({ field, aspect: "not", value: notConditions(doc, schema.not), record: schema.not["x-novita-page"] });
    }
  };
  walk(request, "", request["x-novita-page"], new Set());
  return out;
}
