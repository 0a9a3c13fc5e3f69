// The copy of the bundled spec that Redoc renders (scripts/lib/docs.mjs), made from the bare bundle
// (no value tables in descriptions: Redoc renders `x-enumDescriptions` itself, and the reasons and
// failure codes are shown once, in their own sections). Only the page sees these changes;
// generated/openapi.json stays what client generators read. Everything here is derived from the spec
// and docs/guides/, so an endpoint, reason or guide added there lands in place on its own.
import { refTarget, resolveRef } from "./ref.mjs";
import { describeNot } from "./compile-validators.mjs";
import { modelEntries } from "./catalog.mjs";
import { modelTable } from "./docs-models.mjs";
import { appendToDescription, valueTable } from "./value-tables.mjs";

/** Where each shared table is shown once, as the concept tag of that name (spec/openapi.yaml). */
export const ERRORS_TAG = "Errors";
export const FAILURE_CODES_TAG = "Failure codes";
export const GUIDES_GROUP = "Guides";
export const LIFECYCLE_TAG = "Task lifecycle";
/** The schema whose values and meanings the lifecycle's table shows. */
const STATUSES = "TaskStatusKnown";
const IMAGE_INPUTS_TAG = "Image inputs";
const WEBHOOKS_TAG = "Webhooks";
/** What the page calls a webhook's address, in place of its key. */
export const WEBHOOK_URL = "your webhook URL";

/** Redoc's route for a tag: `#/` and its name in kebab case (how Redoc 3 slugs tag names). */
export const tagRoute = (name) =>
  `#/${name
    .toLowerCase()
    .replace(/&/g, "-and-")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")}`;

function walk(node, visit) {
  if (typeof node !== "object" || node === null) return;
  visit(node);
  for (const child of Object.values(node)) walk(child, visit);
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
 * Rules between fields, which Redoc shows badly: a `not` (not at all) becomes, on each field it
 * names, its title, its description and the validators' own message (describeNot), so the page
 * and a refused body say the same; an `if`/`then` (two unnamed "One of" tabs) becomes a sentence.
 */
function explainRules(doc, schema, where) {
  const note = (name, sentence) => {
    const field = schema.properties?.[name];
    if (field) appendToDescription(field, sentence);
  };
  const code = (name, value) => `\`${name}: ${JSON.stringify(value)}\``;
  const { not } = schema;
  if (not?.required && not.properties) {
    const { field, text } = describeNot(not, schema, (s) => resolveRef(doc, s), where);
    const rule = [not.title && `**${not.title}.**`, not.description?.trim(), `\`${field}\` ${text}.`];
    for (const name of not.required) note(name, rule.filter(Boolean).join(" "));
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

/**
 * A section named in italics (`see *Failure codes*`), the spec's way to point at a section in
 * prose that other readers see too, becomes a link to it on the page. Code is left as it is.
 * @param {string} markdown
 * @param {Set<string>} sections the names of the page's tags and guides
 */
export function linkSectionNames(markdown, sections) {
  return markdown
    .split(/(```[\s\S]*?```|`[^`\n]*`)/)
    .map((chunk, i) =>
      i % 2 === 1
        ? chunk
        : chunk.replace(/(?<![*\w])\*([^*\n]+)\*(?![*\w])/g, (whole, name) =>
            sections.has(name) ? `[${name}](${tagRoute(name)})` : whole,
          ),
    )
    .join("");
}

/** Whether a node, following its `$ref`s, reaches a `$ref` that matches (an image field in a request body). */
function reaches(doc, node, target, seen = new Set()) {
  if (typeof node !== "object" || node === null || seen.has(node)) return false;
  seen.add(node);
  if (typeof node.$ref === "string") {
    if (target.test(node.$ref)) return true;
    if (reaches(doc, refTarget(doc, node.$ref), target, seen)) return true;
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
    if (node["x-vidu-failure-codes"])
      appendToDescription(node, `Vidu's codes and their meanings: ${link(FAILURE_CODES_TAG)}.`);
  });
  for (const [name, schema] of Object.entries(shown.components.schemas ?? {}))
    walk(schema, (node) => explainRules(doc, node, `#/components/schemas/${name}`));
  for (const response of Object.values(shown.components.responses ?? {})) {
    if (response["x-reasons"])
      appendToDescription(response, `Every \`reason\` of this status, and what to do: ${link(ERRORS_TAG)}.`);
  }
  for (const tag of concepts) {
    if (tag.name === ERRORS_TAG) tag.description = `${tag.description.trimEnd()}\n\n${reasonTables(doc)}`;
    if (tag.name === FAILURE_CODES_TAG) tag.description = `${tag.description.trimEnd()}\n\n${failureCodeTable(doc)}`;
    const statuses = doc.components.schemas[STATUSES]?.["x-enumDescriptions"];
    if (tag.name === LIFECYCLE_TAG && statuses) appendToDescription(tag, valueTable("x-enumDescriptions", statuses));
  }

  const tagOrder = shown.tags.map((tag) => tag.name);
  const models = modelEntries(doc);
  // Each operation links to the concepts it relies on, and the paths follow the catalog's order.
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
  const ordered = models.models.map((model) => model.path);
  const rank = (path) => (ordered.includes(path) ? ordered.indexOf(path) : ordered.length);
  const paths = Object.keys(shown.paths);
  const sorted = [...paths].sort((a, b) => rank(a) - rank(b) || paths.indexOf(a) - paths.indexOf(b));
  shown.paths = Object.fromEntries(sorted.map((path) => [path, shown.paths[path]]));

  // Redoc shows a webhook's key where an operation shows its path ("POST asyncTaskResult"): on the
  // page, the key says where Novita sends it.
  const webhooks = Object.entries(shown.webhooks ?? {});
  const where = (key) => (webhooks.length === 1 ? WEBHOOK_URL : `${WEBHOOK_URL} (${key})`);
  if (webhooks.length > 0) shown.webhooks = Object.fromEntries(webhooks.map(([key, item]) => [where(key), item]));

  // Guides first, then the concepts, then the operations by task: the sidebar's groups.
  const guideTags = guides.map(({ name, description }) => ({
    name,
    "x-traitTag": true,
    description: description.replace("<!-- models -->", modelTable(doc)),
  }));
  shown.tags = [...guideTags, ...shown.tags];
  const taskTags = models.tasks;
  const rest = tagOrder.filter((name) => !conceptNames.has(name) && !taskTags.includes(name));
  shown["x-tagGroups"] = [
    { name: GUIDES_GROUP, tags: guideTags.map((tag) => tag.name) },
    { name: "Concepts", tags: concepts.map((tag) => tag.name) },
    { name: "Generate a video", tags: taskTags },
    { name: "Tasks and webhooks", tags: rest },
  ].filter((group) => group.tags.length > 0);

  const checked = doc.info["x-pages-checked"];
  if (checked) appendToDescription(shown.info, `Last checked against Novita's pages on ${checked}.`);

  const sections = new Set(shown.tags.map((tag) => tag.name));
  walk(shown, (node) => {
    if (typeof node.description === "string")
      node.description = linkSectionNames(unwrapParagraphs(node.description), sections);
  });
  return shown;
}
