// The one table of the models, read from the bundled spec: each generation endpoint's key, path,
// operationId, label, task, generation, image count and body fields (type, limits, default, summary).
// Everything that lists models (the descriptors, the constants, the mock's operations, the docs, the
// CLI and front-end forms through generated/catalog.js) starts from `modelEntries`, so the key, the
// ordering and the fields are derived here once.
import { resolveSchema } from "./ref.mjs";

/** Where every generation endpoint lives; a model's key is what follows. */
export const MODEL_PATH_PREFIX = "/v3/async/";

/** A model's key: its path's last segment after `/v3/async/` (`vidu-q3-turbo-i2v`). */
export function modelKey(path) {
  const key = path.startsWith(MODEL_PATH_PREFIX) ? path.slice(MODEL_PATH_PREFIX.length) : "";
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(key)) throw new Error(`${path}: a model path must be ${MODEL_PATH_PREFIX}<key>`);
  return key;
}

/** A model descriptor's export name: its operationId without `create` (`createViduQ3TurboI2V` → `viduQ3TurboI2V`). */
export function descriptorName(operationId = "") {
  if (!/^create[A-Z]\w*$/.test(operationId)) throw new Error(`operationId "${operationId}" must be create<Model>`);
  return operationId.charAt(6).toLowerCase() + operationId.slice(7);
}

/** Newest first: `Q3` before `Q2` before `Q1`, each before the numbered `2.0` and `1.5`. */
const generationRank = (generation) =>
  generation.startsWith("Q") ? 1000 + Number(generation.slice(1)) : Number(generation);

/**
 * The generation endpoints, in the spec's order (the order of the descriptors in `allModels`), each
 * with its key, descriptor name, task, generation and request-body schema.
 * @param {any} doc the bundled spec
 */
export function modelOperations(doc) {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) => {
    const operation = item.post;
    const schema = operation?.requestBody?.content?.["application/json"]?.schema;
    if (!schema) return [];
    const generation = operation["x-vidu-generation"];
    if (typeof generation !== "string" || Number.isNaN(generationRank(generation)))
      throw new Error(
        `${path}: x-vidu-generation must be Q<n> or a version number (got ${JSON.stringify(generation)})`,
      );
    const task = operation.tags?.length === 1 ? operation.tags[0] : undefined;
    if (!task || !doc.tags?.some((tag) => tag.name === task))
      throw new Error(`${path}: a generation endpoint has one tag, its task, declared in the spec's tags`);
    const { operationId, summary = "" } = operation;
    const name = (() => {
      try {
        return descriptorName(operationId);
      } catch (error) {
        throw new Error(`${path}: ${/** @type {Error} */ (error).message}`, { cause: error });
      }
    })();
    return [{ key: modelKey(path), path, operationId, name, summary, task, generation, schema }];
  });
}

/**
 * The tasks (the spec's tags that a generation endpoint carries, in the spec's tag order), the
 * generations (newest first), and every generation endpoint in the one order everything lists
 * them in: by task, then by generation, newest first, then as the spec has them.
 * @param {any} doc the bundled spec
 */
export function modelEntries(doc) {
  const operations = modelOperations(doc);
  const used = new Set(operations.map((entry) => entry.task));
  const tasks = (doc.tags ?? []).map((tag) => tag.name).filter((name) => used.has(name));
  const generations = [...new Set(operations.map((entry) => entry.generation))].sort(
    (a, b) => generationRank(b) - generationRank(a),
  );
  const rank = (entry) => [tasks.indexOf(entry.task), generations.indexOf(entry.generation)];
  const models = operations
    .map((entry, index) => ({ entry, index, rank: rank(entry) }))
    .sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.index - b.index)
    .map(({ entry }) => entry);
  return { tasks, generations, models };
}

/** A description's first sentence, on one line. */
const firstSentence = (text = "") => (text.replace(/\s+/g, " ").match(/^.*?\.(\s|$)/)?.[0] ?? text).trim();

const LIMITS = ["enum", "const", "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems"];
const TYPES = new Set(["string", "integer", "number", "boolean", "array", "object"]);

/**
 * A field's type, its limits, and for an array its items; an array's object items get their fields
 * (other objects, such as `extra`, are one JSON value to a form).
 */
function describe(doc, node, where, item = false) {
  const schema = resolveSchema(doc, node);
  if (!TYPES.has(schema.type))
    throw new Error(`${where}: the catalog needs one type (got ${JSON.stringify(schema.type)})`);
  const described = { type: schema.type, holdsImages: false };
  // The spec's image inputs are its ImageInput* components, whatever limits their pages state.
  if (/^ImageInput/.test(schema.title ?? "")) described.holdsImages = true;
  for (const keyword of ["default", ...LIMITS]) if (schema[keyword] !== undefined) described[keyword] = schema[keyword];
  if (schema.type === "array") {
    described.items = describe(doc, schema.items ?? {}, `${where}/items`, true);
    described.holdsImages = described.items.holdsImages;
  }
  if (schema.type === "object" && item) described.fields = fieldsOf(doc, schema, where);
  return described;
}

function fieldOf(doc, name, node, required, where) {
  const schema = resolveSchema(doc, node);
  const cost = schema["x-cost"] === undefined ? {} : { cost: schema["x-cost"] };
  return { name, required, summary: firstSentence(schema.description), ...describe(doc, node, where), ...cost };
}

/** A body's (or an item's) properties, by name, in the spec's order. */
function fieldsOf(doc, schema, where) {
  const required = schema.required ?? [];
  return Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([name, node]) => [
      name,
      fieldOf(doc, name, node, required.includes(name), `${where}/properties/${name}`),
    ]),
  );
}

/**
 * How many images a value of this field holds, at least and at most (`null`: no limit): an image is
 * one, a list is its item's count times its number of items, an object the sum of its fields.
 * @returns {{ min: number, max: number | null }}
 */
function imageCount(field) {
  if (field.type === "string") return field.holdsImages ? { min: 1, max: 1 } : { min: 0, max: 0 };
  if (field.type === "array") {
    const each = imageCount(field.items);
    const max =
      each.max === 0 ? 0 : field.maxItems === undefined || each.max === null ? null : field.maxItems * each.max;
    return { min: (field.minItems ?? 0) * each.min, max };
  }
  return sumImages(Object.values(field.fields ?? {}));
}

function sumImages(fields) {
  return fields.reduce(
    (sum, field) => {
      const count = imageCount(field);
      const max = sum.max === null || count.max === null ? null : sum.max + count.max;
      return { min: sum.min + (field.required ? count.min : 0), max };
    },
    { min: 0, max: 0 },
  );
}

/**
 * A model's label, from its summary and its task: "Vidu Q3 Turbo image to video" under "Image to
 * Video" is "Q3 Turbo · Image to Video". The summary names the generation first.
 */
function label({ path, summary, task, generation }) {
  const words = summary.split(" ");
  const model = words.slice(
    1,
    words.findIndex((word, i) => i > 0 && /^[a-z]/.test(word)),
  );
  if (words[0] !== "Vidu" || model[0] !== generation)
    throw new Error(`${path}: its summary must start "Vidu ${generation}" and then say its task (got "${summary}")`);
  return `${model.join(" ")} · ${task}`;
}

/** @param {any} doc the bundled spec */
export function buildCatalog(doc) {
  const { tasks, generations, models } = modelEntries(doc);
  const catalog = {};
  for (const entry of models) {
    const body = resolveSchema(doc, entry.schema);
    const fields = fieldsOf(doc, body, entry.path);
    const { key, path, operationId, name, summary, task, generation } = entry;
    const images = sumImages(Object.values(fields));
    catalog[key] = {
      key,
      path,
      operationId,
      descriptor: name,
      label: label(entry),
      summary,
      task,
      generation,
      images,
      fields,
    };
  }
  return { tasks, generations, catalog };
}

/** A JSON value as its exact TypeScript type: literals, readonly tuples and readonly objects. */
function literalType(value, indent = "") {
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `readonly [${value.map((v) => literalType(v, inner)).join(", ")}]`;
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const entries = Object.entries(value).map(
    ([k, v]) => `${inner}readonly ${JSON.stringify(k)}: ${literalType(v, inner)};`,
  );
  return entries.length === 0 ? "{}" : `{\n${entries.join("\n")}\n${indent}}`;
}

const TYPES_DTS = `/** A value a field takes as its default, enum value or constant. */
export type CatalogValue = string | number | boolean | null | readonly CatalogValue[] | { readonly [key: string]: CatalogValue };
/** What a field (or an array's items) holds: its JSON type, limits and default, as the spec states them. */
export interface CatalogSchema {
  readonly type: "string" | "integer" | "number" | "boolean" | "array" | "object";
  /** Whether it holds images: an image (a URL or a data URI), or a list of them. */
  readonly holdsImages: boolean;
  readonly default?: CatalogValue;
  readonly enum?: readonly CatalogValue[];
  readonly const?: CatalogValue;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  /** An array's items. */
  readonly items?: CatalogSchema;
  /** An array's object items: their fields, by name. */
  readonly fields?: { readonly [name: string]: CatalogField };
}
/** One field of a request body, or of an array's object items. */
export interface CatalogField extends CatalogSchema {
  /** The property's name: \`duration\`. */
  readonly name: string;
  readonly required: boolean;
  /** The first sentence of its description. */
  readonly summary: string;
  /** What a value changes in the price, as a page says: \`when\` it is that value, it costs \`extra\` \`unit\` a \`per\`, or is \`cheaper\`. */
  readonly cost?: {
    readonly when: CatalogValue;
    readonly cheaper?: boolean;
    readonly extra?: number;
    readonly unit?: string;
    readonly per?: string;
    readonly page?: string;
  };
}
/** One generation endpoint. */
export interface CatalogModel {
  /** The model key, the last segment of its path: \`vidu-q3-turbo-i2v\`. */
  readonly key: string;
  readonly path: string;
  readonly operationId: string;
  /** The descriptor's export name in \`novita-vidu/models\`: \`viduQ3TurboI2V\`. */
  readonly descriptor: string;
  /** A short name: \`Q3 Turbo · Image to Video\`. */
  readonly label: string;
  readonly summary: string;
  /** Its task, one of TASKS. */
  readonly task: string;
  /** Its Vidu generation, one of GENERATIONS. */
  readonly generation: string;
  /** How many images a request takes, in all its image fields: at least \`min\`, at most \`max\` (\`null\`: no limit). */
  readonly images: { readonly min: number; readonly max: number | null };
  /** Its body's fields, by name, in the spec's order. */
  readonly fields: { readonly [name: string]: CatalogField };
}
`;

const DOCS = {
  TASKS: "The tasks a model does, in the spec's tag order.",
  GENERATIONS: "Vidu's generations, newest first.",
  catalog: "Every model, by key, in one order: by task (as TASKS), then by generation, newest first (as GENERATIONS).",
};

/**
 * generated/catalog.js and its exact types.
 * @param {any} doc the bundled spec
 * @param {string} header the comment each file starts with
 * @returns {Record<string, string>}
 */
export function buildCatalogModule(doc, header) {
  const { tasks, generations, catalog } = buildCatalog(doc);
  const values = { TASKS: tasks, GENERATIONS: generations, catalog };
  const js = Object.entries(values).map(
    ([name, value]) => `/** ${DOCS[name]} */\nexport const ${name} = ${JSON.stringify(value, null, 2)};\n`,
  );
  const dts = Object.entries(values).map(
    ([name, value]) => `/** ${DOCS[name]} */\nexport declare const ${name}: ${literalType(value)};\n`,
  );
  return {
    "catalog.js": [`// ${header}`, ...js].join("\n"),
    "catalog.d.ts": [
      `// ${header}`,
      TYPES_DTS,
      ...dts,
      "/** A model key of the catalog. */",
      "export type CatalogKey = keyof typeof catalog;",
      "/** A task of TASKS. */",
      "export type CatalogTask = (typeof TASKS)[number];",
      "/** A generation of GENERATIONS. */",
      "export type CatalogGeneration = (typeof GENERATIONS)[number];",
      "",
    ].join("\n"),
  };
}
