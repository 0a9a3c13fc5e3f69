// Modules the mock (src/mock/) reads instead of restating the spec: every operation with its method,
// path, parameters, security and the named examples of its answers; the webhook's delivery rules and the
// shape of its event. (Its videos are scripts/lib/mock-videos.mjs's.)
import { resolveRef } from "./ref.mjs";
import { modelKey } from "./catalog.mjs";

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];
/** What the mock enforces of a parameter's schema; the generator refuses any other keyword. */
const PARAMETER_KEYWORDS = new Set(["type", "minLength", "maxLength", "enum", "description", "example", "examples"]);
/** JSON with one line per entry of the top-level array or object: short, and readable in a diff. */
const lit = (/** @type {any} */ value) => {
  const entries = Array.isArray(value)
    ? value.map((v) => `  ${JSON.stringify(v)},`)
    : Object.entries(value).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  return `${open}\n${entries.join("\n")}\n${close}`;
};
const componentName = (/** @type {string} */ ref) => ref.split("/").pop() ?? ref;

/** @param {any} doc @param {any} parameter @param {string} where */
function describeParameter(doc, parameter, where) {
  const { name, in: location, required = false, schema = {} } = resolveRef(doc, parameter);
  for (const key of Object.keys(schema))
    if (!PARAMETER_KEYWORDS.has(key)) throw new Error(`${where} ${name}: the mock does not enforce "${key}"`);
  if (schema.type !== undefined && schema.type !== "string")
    throw new Error(`${where} ${name}: the mock checks string parameters only`);
  const { minLength, maxLength, enum: values } = schema;
  return { name, in: location, required, ...{ minLength, maxLength, enum: values } };
}

/** Every operation of the spec's paths, and the values of the examples they name. @param {any} doc */
function operations(doc) {
  /** @type {Record<string, unknown>} */
  const examples = {};
  /** @param {any} named @param {string} where @returns {Record<string, string>} */
  const exampleKeys = (named = {}, where) =>
    Object.fromEntries(
      Object.entries(named).map(([name, example]) => {
        const key = example.$ref ? componentName(example.$ref) : `${where}.${name}`;
        examples[key] = resolveRef(doc, example).value;
        return [name, key];
      }),
    );
  const list = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const where = `${method.toUpperCase()} ${path}`;
      const responses = Object.fromEntries(
        Object.entries(operation.responses ?? {}).map(([status, response]) => [
          status,
          exampleKeys(resolveRef(doc, response).content?.["application/json"]?.examples, where),
        ]),
      );
      const requestBody = Boolean(operation.requestBody?.content?.["application/json"]);
      list.push({
        operationId: operation.operationId,
        method: method.toUpperCase(),
        path,
        // A generation endpoint's model key, by the catalog's one derivation.
        ...(method === "post" && requestBody && { model: modelKey(path) }),
        auth: (operation.security ?? doc.security ?? []).length > 0,
        requestBody,
        requestExamples: exampleKeys(operation.requestBody?.content?.["application/json"]?.examples, `${where} body`),
        parameters: [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) =>
          describeParameter(doc, p, where),
        ),
        responses,
      });
    }
  }
  return { list, examples };
}

/**
 * The structure of a schema that a receiver of an answer relies on: types, required properties,
 * items and constants. Enums, formats and limits are left out on purpose: answers are open.
 * @param {any} doc @param {any} schema @param {string[]} seen
 * @returns {Record<string, unknown>}
 */
function shape(doc, schema, seen = []) {
  if (schema.$ref) {
    if (seen.includes(schema.$ref)) return {};
    return shape(doc, resolveRef(doc, schema), [...seen, schema.$ref]);
  }
  /** @type {Record<string, unknown>} */
  const out = {};
  const branches = schema.anyOf ?? schema.oneOf;
  const types = branches ? branches.map((/** @type {any} */ b) => resolveRef(doc, b).type) : [schema.type];
  if (types.every((/** @type {unknown} */ t) => t !== undefined)) out["type"] = types.flat();
  if (schema.const !== undefined) out["const"] = schema.const;
  if (schema.required?.length) out["required"] = schema.required;
  if (schema.properties)
    out["properties"] = Object.fromEntries(
      Object.entries(schema.properties).map(([name, sub]) => [name, shape(doc, sub, seen)]),
    );
  if (schema.items) out["items"] = shape(doc, schema.items, seen);
  return out;
}

/** The webhook: its event type, how Novita delivers it (`x-delivery`), and its event's shape. @param {any} doc */
function webhook(doc) {
  const entries = Object.values(doc.webhooks ?? {});
  if (entries.length !== 1) throw new Error(`the mock delivers one webhook; the spec has ${entries.length}`);
  const operation = /** @type {any} */ (entries[0]).post;
  const schema = operation?.requestBody?.content?.["application/json"]?.schema;
  const delivery = operation?.["x-delivery"];
  if (!schema || !delivery) throw new Error("the webhook lost its request body or its x-delivery");
  const eventType = resolveRef(doc, schema).properties?.event_type?.const;
  if (typeof eventType !== "string") throw new Error("the webhook event lost its event_type const");
  return {
    eventType,
    maxRetries: delivery.maxRetries,
    timeoutMs: delivery.timeoutSeconds * 1000,
    shape: shape(doc, schema),
  };
}

/**
 * @param {any} doc the bundled spec
 * @param {string} header the "do not edit" line
 * @returns {Record<string, string>} file name (relative to generated/) to contents
 */
export function buildMockModules(doc, header) {
  const { list, examples } = operations(doc);
  const hook = webhook(doc);
  const operationsJs = `// ${header}
/** Every operation of the spec's paths: method, path, whether it needs a key and takes a JSON body, its
 * parameters (with the checks the mock makes), and the named examples of each answer, by status. */
export const OPERATIONS = ${lit(list)};

/** The values of the examples that OPERATIONS names. */
export const EXAMPLES = ${lit(examples)};
`;
  // Apart from the operations: the client's webhook parser needs this, not the mock's examples.
  const webhookJs = `// ${header}
/** The webhook: its event type, Novita's delivery rules, and the shape of its event. */
export const WEBHOOK = ${lit(hook)};
`;
  const operationsDts = `// ${header}
export interface OperationParameter {
  name: string;
  in: "query" | "path" | "header" | "cookie";
  required: boolean;
  minLength?: number;
  maxLength?: number;
  enum?: string[];
}
export interface Operation {
  operationId: string;
  method: string;
  path: string;
  /** Whether the operation needs \`Authorization: Bearer <key>\`. */
  auth: boolean;
  /** A generation endpoint's model key (the catalog's \`key\`). */
  model?: string;
  /** Whether it takes a JSON body, checked by \`validateRequestBody(path, body)\`. */
  requestBody: boolean;
  /** The named examples of its body, each naming an entry of EXAMPLES. */
  requestExamples: Record<string, string>;
  parameters: OperationParameter[];
  /** Example names of each answer, by HTTP status, each naming an entry of EXAMPLES. */
  responses: Record<string, Record<string, string>>;
}
export declare const OPERATIONS: Operation[];
export declare const EXAMPLES: Record<string, unknown>;
`;
  const webhookDts = `// ${header}
/** The structure of a schema: types, required properties, items, constants. */
export interface Shape {
  type?: string[];
  const?: unknown;
  required?: string[];
  properties?: Record<string, Shape>;
  items?: Shape;
}
export declare const WEBHOOK: { eventType: string; maxRetries: number; timeoutMs: number; shape: Shape };
`;
  return {
    "operations.js": operationsJs,
    "operations.d.ts": operationsDts,
    "webhook.js": webhookJs,
    "webhook.d.ts": webhookDts,
  };
}
