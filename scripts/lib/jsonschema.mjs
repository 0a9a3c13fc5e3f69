// Turns each component schema of the bundled spec into a standalone JSON Schema 2020-12 file, so a
// validator or type generator in any language can use it without an OpenAPI tool.
//
// A file has no `$id`: it is identified by where it is, and its `$ref`s name sibling files
// (`"$ref": "ImageInput.json"`), so a tool given the files from disk
// (`quicktype -s schema generated/jsonschema/*.json`) resolves each `$ref` to the very file it was
// given and makes one type per schema. With an `$id` (absolute, or even relative but resolved against
// the working folder) the refs pointed at addresses no given file had, and quicktype emitted a second
// class for each schema reached by a `$ref` (`TaskClass` beside `Task`). A validator that loads the
// files into memory registers each under its file name (`ImageInput.json`).

const DIALECT = "https://json-schema.org/draft/2020-12/schema";
const COMPONENT_REF = "#/components/schemas/";

// Keywords whose value is one schema, a list of schemas, or a map of name → schema.
const ONE_SCHEMA = new Set([
  "items",
  "additionalProperties",
  "unevaluatedProperties",
  "unevaluatedItems",
  "contains",
  "propertyNames",
  "if",
  "then",
  "else",
  "not",
]);
const SCHEMA_LIST = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);
const SCHEMA_MAP = new Set(["properties", "patternProperties", "dependentSchemas", "$defs"]);
// OpenAPI's own Schema Object keywords: annotations for OpenAPI tools, unknown to JSON Schema.
const OPENAPI_ONLY = new Set(["discriminator", "xml", "externalDocs"]);

/** The file name of a component: `ImageInput` → `ImageInput.json`. */
const schemaFileName = (name) => `${name}.json`;

/** @returns {any} the schema as JSON Schema 2020-12 */
function convert(schema, where) {
  if (typeof schema === "boolean") return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    // `x-` keys carry what JSON Schema cannot say (byte limits, enum tables already rendered into
    // `description`); strict validators in other languages refuse unknown keywords, so they go.
    if (key.startsWith("x-") || OPENAPI_ONLY.has(key)) continue;
    if (key === "$ref") {
      if (!value.startsWith(COMPONENT_REF)) throw new Error(`${where}: cannot turn $ref ${value} into a file`);
      out.$ref = schemaFileName(value.slice(COMPONENT_REF.length));
    } else if (key === "example") {
      // OpenAPI's single `example` becomes JSON Schema's `examples` list.
      out.examples = [...(schema.examples ?? []), value];
    } else if (key === "examples") {
      out.examples = [...value, ...("example" in schema ? [schema.example] : [])];
    } else if (ONE_SCHEMA.has(key)) {
      out[key] = convert(value, `${where}/${key}`);
    } else if (SCHEMA_LIST.has(key)) {
      out[key] = value.map((item, i) => convert(item, `${where}/${key}/${i}`));
    } else if (SCHEMA_MAP.has(key)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, item]) => [name, convert(item, `${where}/${key}/${name}`)]),
      );
    } else {
      out[key] = value; // data (enum, const, default, examples) and plain keywords, kept as they are
    }
  }
  return out;
}

/**
 * @param {any} doc the bundled spec
 * @returns {Record<string, string>} file name under generated/ (`jsonschema/<Name>.json`) to contents
 */
export function buildJsonSchemas(doc) {
  /** @type {Record<string, string>} */
  const files = {};
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    const file = schemaFileName(name);
    const converted = { $schema: DIALECT, ...convert(schema, name) };
    files[`jsonschema/${file}`] = `${JSON.stringify(converted, null, 2)}\n`;
  }
  return files;
}
