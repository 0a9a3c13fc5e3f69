// The copy of the bundled spec that Redoc renders (scripts/lib/docs.mjs). Only the page sees these
// changes; generated/openapi.json stays what client generators read. Everything here is derived from
// the spec and docs/guides/, so an endpoint, reason or guide added there lands in place on its own.
import { valueTable } from "../redocly-plugin.mjs";
import { modelTable } from "./docs-models.mjs";

/** Where each shared table is shown once, as the concept tag of that name (spec/openapi.yaml). */
export const ERRORS_TAG = "Errors";
export const FAILURE_CODES_TAG = "Failure codes";
export const GUIDES_GROUP = "Guides";
const IMAGE_INPUTS_TAG = "Image inputs";
const WEBHOOKS_TAG = "Webhooks";

/** Redoc's route for a tag: `#/` and its name in kebab case (how Redoc 3 slugs tag names). */
export const tagRoute = (name) =>
  `#/${name
    .toLowerCase()
    .replace(/&/g, "-and-")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")}`;

const GENERATION_ORDER = ["Q3", "Q2", "Q1", "2.0"];

/** An operation's Vidu generation: `x-vidu-generation`, else read from its model key (`vidu-q3-turbo-i2v`). */
export function generationOf(path, operation) {
  if (operation?.["x-vidu-generation"]) return String(operation["x-vidu-generation"]);
  const found = /vidu-?(q\d|\d\.\d)/i.exec(path);
  return found?.[1]?.toUpperCase() ?? "";
}

function walk(node, visit) {
  if (typeof node !== "object" || node === null) return;
  visit(node);
  for (const child of Object.values(node)) walk(child, visit);
}

/** Removes one rendered value table from a description (the plugin wrote it from the `x-` data beside it). */
function dropTable(node, key, replacement = "") {
  if (!node[key] || typeof node.description !== "string") return;
  const table = valueTable(key, node[key]);
  if (!node.description.includes(table)) return;
  node.description = node.description.replace(table, replacement).trimEnd();
  if (node.description === "") delete node.description;
}

/**
 * Joins the lines of each paragraph: Redoc's search joins a soft line break to the next word
 * (`task.status` + `is` → `task.statusis`). Tables, lists, quotes, headings and code keep their lines.
 */
export function unwrapParagraphs(markdown) {
  const blocks = [];
  for (const chunk of markdown.split(/(```[\s\S]*?```)/)) {
    if (chunk.startsWith("```")) {
      blocks.push(chunk);
      continue;
    }
    blocks.push(
      chunk.replace(/([^\n])\n(?=[^\n])/g, (whole, before, offset, text) => {
        const next = text.slice(offset + 2).split("\n", 1)[0] ?? "";
        const line = text.slice(text.lastIndexOf("\n", offset) + 1, offset + 1);
        const structured = (l) => /^\s*(?:[|>#]|[-*+] |\d+[.)] |<)/.test(l);
        return structured(line) || structured(next) ? whole : `${before} `;
      }),
    );
  }
  return blocks.join("");
}

/**
 * "Not both": a `not` of two required fields (each a `const` or an `enum`), or the `if`/`then` that
 * said the same before, becomes a sentence. Redoc shows an `if`/`then` as "One of" two unnamed tabs, and a `not` not at all.
 */
function explainExclusions(schema) {
  const note = (name, sentence) => {
    const field = schema.properties?.[name];
    if (field) field.description = [field.description?.trimEnd(), sentence].filter(Boolean).join("\n\n");
  };
  const code = (name, value) => `\`${name}: ${JSON.stringify(value)}\``;
  const not = schema.not;
  if (not?.required?.length === 2 && not.properties) {
    const [a, b] = not.required;
    // Each side is a `const` or an `enum` (spec/components/schemas/README.md).
    const any = (name) => (not.properties[name]?.enum ?? [not.properties[name]?.const]).map((v) => code(name, v));
    note(a, `Not allowed together with ${any(b).join(" or ")}.`);
    note(b, `Not allowed together with ${any(a).join(" or ")}.`);
    delete schema.not;
  }
  const { if: when, then } = schema;
  if (when?.properties && then?.properties) {
    const condition = Object.entries(when.properties).map(([name, v]) => code(name, v.const));
    for (const [name, v] of Object.entries(then.properties))
      note(name, `Must be \`${JSON.stringify(v.const)}\` with ${condition.join(" and ")}.`);
    delete schema.if;
    delete schema.then;
  }
}

/** Whether a node, following its `$ref`s, reaches a `$ref` that matches (an image field in a request body). */
function reaches(doc, node, target, seen = new Set()) {
  if (typeof node !== "object" || node === null || seen.has(node)) return false;
  seen.add(node);
  if (typeof node.$ref === "string") {
    if (target.test(node.$ref)) return true;
    const referred = node.$ref
      .split("/")
      .slice(1)
      .reduce((at, key) => at?.[key], doc);
    if (reaches(doc, referred, target, seen)) return true;
  }
  return Object.values(node).some((child) => reaches(doc, child, target, seen));
}

/** Every operation of the spec's paths, with its path and method. */
export function operationsOf(doc) {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ["get", "post", "put", "patch", "delete"].includes(method))
      .map(([method, operation]) => ({ path, method, operation })),
  );
}

/** The reasons tables, one per error status, from the shared responses that operations use. */
function reasonTables(doc) {
  const statuses = new Map();
  for (const { operation } of operationsOf(doc)) {
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      const name = response.$ref?.split("/").pop();
      const reasons = name && doc.components.responses[name]?.["x-reasons"];
      if (reasons) statuses.set(status, { name, reasons });
    }
  }
  return [...statuses.entries()]
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([status, { name, reasons }]) => {
      const first = doc.components.responses[name].description.split("\n\n")[0].trim();
      return `### HTTP ${status}\n\n${first}\n\n${valueTable("x-reasons", reasons)}`;
    })
    .join("\n\n");
}

function failureCodeTable(doc) {
  let codes;
  walk(doc.components.schemas, (node) => (codes ??= node["x-vidu-failure-codes"]));
  return codes ? valueTable("x-vidu-failure-codes", codes) : "";
}

/**
 * @param {any} doc the bundled spec (not changed)
 * @param {{ name: string, description: string }[]} guides docs/guides/*.md, in order
 * @returns {any} the spec Redoc renders
 */
export function docsSpec(doc, guides) {
  const shown = structuredClone(doc);
  const concepts = shown.tags.filter((tag) => tag["x-traitTag"]);
  const conceptNames = new Set(concepts.map((tag) => tag.name));
  const link = (name) => `[${name}](${tagRoute(name)})`;

  // The shared tables are shown once, in their own sections; each place that used them links there.
  walk(shown, (node) => {
    dropTable(node, "x-enumDescriptions"); // Redoc renders these itself
    dropTable(node, "x-vidu-failure-codes", `Vidu's codes and their meanings: ${link(FAILURE_CODES_TAG)}.`);
    explainExclusions(node);
  });
  for (const response of Object.values(shown.components.responses ?? {})) {
    dropTable(response, "x-reasons", `Every \`reason\` of this status, and what to do: ${link(ERRORS_TAG)}.`);
  }
  for (const tag of concepts) {
    if (tag.name === ERRORS_TAG) tag.description = `${tag.description.trimEnd()}\n\n${reasonTables(doc)}`;
    if (tag.name === FAILURE_CODES_TAG) tag.description = `${tag.description.trimEnd()}\n\n${failureCodeTable(doc)}`;
  }

  const tagOrder = shown.tags.map((tag) => tag.name);
  // Each operation links to the concepts it relies on, and its task sorts newest generation first.
  const operations = operationsOf(shown);
  for (const { method, operation } of operations) {
    const relies = (name) =>
      name === IMAGE_INPUTS_TAG
        ? reaches(doc, operation.requestBody, /^#\/components\/schemas\/ImageInput/)
        : name !== FAILURE_CODES_TAG;
    const related = [...conceptNames].filter(relies);
    if (method === "post" && tagOrder.includes(WEBHOOKS_TAG)) related.push(WEBHOOKS_TAG);
    operation.description = `${operation.description?.trimEnd() ?? ""}\n\nSee also: ${related.map(link).join(" · ")}.`;
  }
  const rank = (path) => {
    const operation = operations.find((o) => o.path === path)?.operation;
    const tag = tagOrder.indexOf(operation?.tags?.[0]);
    const generation = GENERATION_ORDER.indexOf(generationOf(path, operation));
    return [tag, generation === -1 ? GENERATION_ORDER.length : generation];
  };
  const paths = Object.keys(shown.paths);
  paths.sort((a, b) => {
    const [ta, ga] = rank(a);
    const [tb, gb] = rank(b);
    return ta - tb || ga - gb || paths.indexOf(a) - paths.indexOf(b);
  });
  shown.paths = Object.fromEntries(paths.map((path) => [path, shown.paths[path]]));

  // Guides first, then the concepts, then the operations by task: the sidebar's groups.
  const guideTags = guides.map(({ name, description }) => ({
    name,
    "x-traitTag": true,
    description: description.replace("<!-- models -->", modelTable(doc)),
  }));
  shown.tags = [...guideTags, ...shown.tags];
  const usedBy = (method) =>
    new Set(operations.filter((o) => o.method === method).flatMap((o) => o.operation.tags ?? []));
  const generating = usedBy("post");
  const taskTags = tagOrder.filter((name) => generating.has(name));
  const rest = tagOrder.filter((name) => !conceptNames.has(name) && !generating.has(name));
  shown["x-tagGroups"] = [
    { name: GUIDES_GROUP, tags: guideTags.map((tag) => tag.name) },
    { name: "Concepts", tags: concepts.map((tag) => tag.name) },
    { name: "Generate a video", tags: taskTags },
    { name: "Tasks and webhooks", tags: rest },
  ].filter((group) => group.tags.length > 0);

  walk(shown, (node) => {
    if (typeof node.description === "string") node.description = unwrapParagraphs(node.description);
  });
  return shown;
}
