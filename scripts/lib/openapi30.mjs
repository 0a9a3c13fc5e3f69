// The bundled spec as OpenAPI 3.0.3, for the generators, gateways and importers that read 3.0 best or
// only. @apiture/openapi-down-convert does the conversion; this module says beforehand, the 3.0 way,
// what the converter would drop (the webhook, the info summary), mends what it leaves (a falsy
// `const`), refuses any 3.1 keyword left over, and records in `info.description` what 3.0 loses.
import { Converter } from "@apiture/openapi-down-convert";
import { resolveRef } from "./ref.mjs";

// Where a submit names the URL its webhook is POSTed to (WebhookOptions under RequestExtra): the
// runtime expression of the 3.0 callbacks. Each request schema is checked to have it before it gets one.
const WEBHOOK_URL_FIELD = ["extra", "webhook", "url"];
const CALLBACK_EXPRESSION = `{$request.body#/${WEBHOOK_URL_FIELD.join("/")}}`;

// JSON Schema keywords that 3.0's Schema Object does not have: none may be left after the conversion.
const KEYWORDS_31_ONLY = new Set([
  "const",
  "examples",
  "$defs",
  "$schema",
  "$id",
  "$anchor",
  "$dynamicRef",
  "prefixItems",
  "if",
  "then",
  "else",
  "dependentRequired",
  "dependentSchemas",
  "unevaluatedProperties",
  "unevaluatedItems",
  "contentEncoding",
  "contentMediaType",
  "propertyNames",
  "patternProperties",
  "contains",
]);

// 3.1's exclusive bounds, the 3.0 bound each becomes, and whether it is at least as strict as that bound.
/** @type {[string, string, (exclusive: number, bound: number) => boolean][]} */
const EXCLUSIVE_BOUNDS = [
  ["exclusiveMinimum", "minimum", (exclusive, bound) => exclusive >= bound],
  ["exclusiveMaximum", "maximum", (exclusive, bound) => exclusive <= bound],
];

/** Every schema object under `node` (a schema's own keywords, not `x-` extensions or examples). */
function* schemasIn(schema, at) {
  if (schema === null || typeof schema !== "object") return;
  yield { schema, at };
  for (const key of ["items", "not", "additionalProperties"]) yield* schemasIn(schema[key], `${at}/${key}`);
  for (const key of ["allOf", "anyOf", "oneOf"])
    for (const [i, part] of (schema[key] ?? []).entries()) yield* schemasIn(part, `${at}/${key}/${i}`);
  for (const [name, property] of Object.entries(schema.properties ?? {}))
    yield* schemasIn(property, `${at}/properties/${name}`);
}

/**
 * Each schema of the document, with where it is: the components' and every `schema` of a body, a
 * parameter, a header or a callback, wherever it is written (examples and `x-` extensions are data).
 */
function* documentSchemas(doc) {
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {}))
    yield* schemasIn(schema, `#/components/schemas/${name}`);
  function* under(node, at) {
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "example" || key === "examples" || key.startsWith("x-")) continue;
      if (key === "schema") yield* schemasIn(value, `${at}/schema`);
      else if (!(at === "#/components" && key === "schemas")) yield* under(value, `${at}/${key}`);
    }
  }
  yield* under(doc, "#");
}

/** Whether a request schema has the webhook's URL field, followed through its `$ref`s. */
function takesWebhook(doc, schema) {
  let at = resolveRef(doc, schema);
  for (const name of WEBHOOK_URL_FIELD) {
    at = at?.properties?.[name] && resolveRef(doc, at.properties[name]);
    if (!at) return false;
  }
  return true;
}

/**
 * 3.0 has no `webhooks`: each becomes a component callback, and every operation whose body takes the
 * webhook's URL refers to it. Returns the operations given one, as `METHOD path`.
 */
function webhooksAsCallbacks(doc) {
  const names = Object.keys(doc.webhooks ?? {});
  if (names.length === 0) return [];
  doc.components.callbacks = Object.fromEntries(
    names.map((name) => [name, { [CALLBACK_EXPRESSION]: doc.webhooks[name] }]),
  );
  const given = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const schema = item.post?.requestBody?.content?.["application/json"]?.schema;
    if (!schema || !takesWebhook(doc, schema)) continue;
    item.post.callbacks = Object.fromEntries(names.map((name) => [name, { $ref: `#/components/callbacks/${name}` }]));
    given.push(`POST ${path}`);
  }
  if (given.length === 0) throw new Error(`no request body has ${WEBHOOK_URL_FIELD.join(".")} for the webhooks`);
  return given;
}

/** What the 3.0 document says differently from the 3.1 one, and what it cannot say, for `info.description`. */
function lossNote(doc31, callbackOperations) {
  let examplesCut = 0;
  let consts = 0;
  let refSiblings = 0;
  for (const { schema } of documentSchemas(doc31)) {
    if (Array.isArray(schema.examples) && schema.examples.length > 1) examplesCut += 1;
    if ("const" in schema) consts += 1;
    if (typeof schema.$ref === "string" && Object.keys(schema).length > 1) refSiblings += 1;
  }
  const lines = [
    "## This document is OpenAPI 3.0.3",
    "",
    "It is `openapi.json` (OpenAPI 3.1) converted for tools that read 3.0 only, and describes the same API.",
    "What 3.0 says another way, or cannot say:",
    "",
  ];
  const webhooks = Object.keys(doc31.webhooks ?? {});
  if (webhooks.length)
    lines.push(
      `- The webhook${webhooks.length > 1 ? "s" : ""} (${webhooks.map((w) => `\`${w}\``).join(", ")}) ` +
        `${webhooks.length > 1 ? "are callbacks" : "is a callback"} in \`components.callbacks\`, on the ` +
        `${callbackOperations.length} operations whose body takes \`${WEBHOOK_URL_FIELD.join(".")}\` ` +
        `(\`${CALLBACK_EXPRESSION}\`).`,
    );
  if (consts) lines.push(`- ${consts} \`const\` values are one-value \`enum\`s.`);
  if (refSiblings)
    lines.push(
      `- ${refSiblings} fields that add a \`description\` or \`default\` to a shared component wrap its \`$ref\` ` +
        "in `allOf`, since 3.0 ignores what stands beside a `$ref`.",
    );
  if (examplesCut)
    lines.push(
      `- ${examplesCut} schemas list several \`examples\`; 3.0 keeps one \`example\` each (the first), ` +
        "and the 3.1 document has them all.",
    );
  if (doc31.info.summary)
    lines.push("- The API's summary, which 3.0's `info` has no place for, opens this description.");
  if (doc31.info.license?.identifier)
    lines.push("- The licence's SPDX identifier, which 3.0 has no field for, is the `url` of its SPDX page.");
  return lines.join("\n");
}

/** Fails on a 3.1-only keyword, a `type` list or a `null` type left in the 3.0 document. */
function assertNo31Keywords(doc) {
  const left = [];
  for (const { schema, at } of documentSchemas(doc)) {
    for (const key of Object.keys(schema)) if (KEYWORDS_31_ONLY.has(key)) left.push(`${at}: ${key}`);
    if (Array.isArray(schema.type) || schema.type === "null") left.push(`${at}: type ${JSON.stringify(schema.type)}`);
  }
  if (left.length) throw new Error(`the OpenAPI 3.0 document still has 3.1 keywords:\n  ${left.join("\n  ")}`);
}

/**
 * @param {any} doc the bundled 3.1 spec (left as it is)
 * @returns {any} the same API as OpenAPI 3.0.3
 */
export function toOpenApi30(doc) {
  const prepared = structuredClone(doc);
  const callbackOperations = webhooksAsCallbacks(prepared);
  const { summary, ...info } = prepared.info;
  prepared.info = { ...info, description: [summary, info.description].filter(Boolean).join("\n\n") };
  // 3.0's license has no SPDX `identifier` (the converter drops it): its SPDX page is the `url`.
  const spdx = info.license?.identifier;
  if (spdx && !info.license.url)
    prepared.info.license = { ...info.license, url: `https://spdx.org/licenses/${spdx}.html` };
  // Through JSON: the converter leaves its working tag (x-openapi-down-convert-schema-ref) as a
  // property of some arrays (enums, lists in x- extensions), which JSON does not carry.
  const converted = JSON.parse(JSON.stringify(new Converter(prepared, { allOfTransform: true }).convert()));
  for (const { schema } of documentSchemas(converted)) {
    // The converter skips a falsy `const` (`false`, `0`, `""`): those become one-value enums here.
    if ("const" in schema) {
      schema.enum = [schema.const];
      delete schema.const;
    }
    // A 3.1 exclusive bound is a number; 3.0 says it as the bound and a boolean beside it. Beside a
    // stricter inclusive bound it adds nothing, and goes.
    for (const [exclusive, bound, atLeastAsStrict] of EXCLUSIVE_BOUNDS) {
      const value = schema[exclusive];
      if (typeof value !== "number") continue;
      if (schema[bound] === undefined || atLeastAsStrict(value, schema[bound])) {
        schema[bound] = value;
        schema[exclusive] = true;
      } else delete schema[exclusive];
    }
  }
  assertNo31Keywords(converted);
  converted.info.description = `${converted.info.description.trimEnd()}\n\n${lossNote(doc, callbackOperations)}\n`;
  return converted;
}

/**
 * The 3.0 document's files in generated/.
 * @param {any} doc the bundled 3.1 spec
 * @param {string} header the "do not edit" line
 * @param {(doc: any) => string} toYaml how the bundle is written as YAML
 */
export function buildOpenApi30(doc, header, toYaml) {
  const converted = toOpenApi30(doc);
  return {
    "openapi-3.0.json": `${JSON.stringify(converted, null, 2)}\n`,
    "openapi-3.0.yaml": `# ${header}\n${toYaml(converted)}`,
  };
}
