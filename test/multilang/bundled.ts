// The bundled spec as generators in other languages read it, walked as plain JSON: its operations,
// its request and response bodies, the examples they carry, and the subschemas of a schema.
import { readFileSync } from "node:fs";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the bundled spec is walked as plain JSON.
export type Json = any;

export const ROOT = new URL("../..", import.meta.url).pathname;
export const spec: Json = JSON.parse(readFileSync(`${ROOT}generated/openapi.json`, "utf8"));
/** What the `$id` of each file in generated/jsonschema/ starts with: `${SCHEMA_ID_BASE}TaskResult.json`. */
export const SCHEMA_ID_BASE = "https://novita-vidu.dev/schemas/";

const SCHEMA_REF = /^#\/components\/schemas\/([^/]+)$/;

/** The component a `#/components/schemas/<Name>` $ref names, or undefined for anything else. */
export const schemaRefName = (node: Json): string | undefined => SCHEMA_REF.exec(node?.$ref ?? "")?.[1];

/** Follows local `$ref`s (`#/components/...`) to what they point at. */
export function resolve(doc: Json, node: Json): Json {
  if (typeof node?.$ref !== "string") return node;
  const target = node.$ref
    .slice(2)
    .split("/")
    .reduce((at: Json, key: string) => at?.[key], doc);
  if (target === undefined) throw new Error(`cannot resolve ${node.$ref}`);
  return resolve(doc, target);
}

/** Every operation, the webhooks' included, with where it is (`paths./v3/async/task-result.get`). */
export function operations(doc: Json): { where: string; operation: Json }[] {
  return (["paths", "webhooks"] as const).flatMap((section) =>
    Object.entries((doc[section] ?? {}) as Record<string, Json>).flatMap(([name, item]) =>
      Object.entries(resolve(doc, item) as Json)
        .filter(([method]) => ["get", "put", "post", "delete", "patch", "head", "options", "trace"].includes(method))
        .map(([method, operation]) => ({ where: `${section}.${name}.${method}`, operation })),
    ),
  );
}

/** Each JSON media type of each request body and response: `createViduQ2ProFast request`, `getTaskResult 404`. */
export function bodies(doc: Json): { where: string; media: Json }[] {
  return operations(doc).flatMap(({ operation }) => {
    const request = operation.requestBody ? [["request", resolve(doc, operation.requestBody)]] : [];
    const responses = Object.entries((operation.responses ?? {}) as Record<string, Json>).map(([status, response]) => [
      status,
      resolve(doc, response),
    ]);
    return [...request, ...responses].flatMap(([what, body]) =>
      Object.entries((body.content ?? {}) as Record<string, Json>)
        .filter(([type]) => type === "application/json")
        .map(([, media]) => ({ where: `${operation.operationId} ${what}`, media })),
    );
  });
}

export interface SpecExample {
  /** `getTaskResult 200: queued` */
  label: string;
  /** The schema component the example is a value of. */
  schema: string;
  /** The example component it comes from (`#/components/examples/TaskResultQueued`), if any. */
  ref: string | undefined;
  value: Json;
}

/** Every example of every body, once per schema (the shared error responses repeat theirs). */
export function specExamples(doc: Json): SpecExample[] {
  const found = new Map<string, SpecExample>();
  for (const { where, media } of bodies(doc)) {
    const schema = schemaRefName(media.schema);
    if (!schema) throw new Error(`${where}: the body is not a schema component`);
    const named = Object.entries((media.examples ?? {}) as Record<string, Json>).map(([name, example]) => ({
      label: `${where}: ${name}`,
      ref: example.$ref as string | undefined,
      value: resolve(doc, example).value,
    }));
    const single = "example" in media ? [{ label: where, ref: undefined, value: media.example }] : [];
    for (const example of [...named, ...single]) {
      const key = `${schema} ${JSON.stringify(example.value)}`;
      if (!found.has(key)) found.set(key, { ...example, schema });
    }
  }
  return [...found.values()];
}

// Keywords whose value is one schema, a list of schemas, or a map of name → schema (JSON Schema 2020-12).
const ONE = ["items", "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "contains", "propertyNames"];
const CONDITIONS = ["if", "then", "else", "not"];
const LIST = ["allOf", "anyOf", "oneOf", "prefixItems"];
const MAP = ["properties", "patternProperties", "dependentSchemas", "$defs"];

export interface Subschema {
  /** JSON pointer from the schema walked: `/properties/images/items`. */
  pointer: string;
  node: Json;
  /** Whether it sits under `if`, `then`, `else` or `not`: a condition on its parent, not a value. */
  inCondition: boolean;
}

/** The schema and every schema inside it, depth first, without following `$ref`s. */
export function subschemas(schema: Json, pointer = "", inCondition = false): Subschema[] {
  if (!schema || typeof schema !== "object") return [];
  const inside = (keyword: string, child: Json, at: string) =>
    subschemas(child, `${pointer}/${at}`, inCondition || CONDITIONS.includes(keyword));
  const children = Object.entries(schema as Record<string, Json>).flatMap(([keyword, value]) => {
    if (ONE.includes(keyword) || CONDITIONS.includes(keyword)) return inside(keyword, value, keyword);
    if (LIST.includes(keyword)) return (value as Json[]).flatMap((item, i) => inside(keyword, item, `${keyword}/${i}`));
    if (MAP.includes(keyword)) {
      return Object.entries(value as Record<string, Json>).flatMap(([name, item]) =>
        inside(keyword, item, `${keyword}/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`),
      );
    }
    return [];
  });
  return [{ pointer, node: schema, inCondition }, ...children];
}
