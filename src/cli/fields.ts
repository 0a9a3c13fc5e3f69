// The CLI's flags, from the model catalog (generated/catalog.js, imported, so the CLI reads no spec
// file at run time): a field added to a request schema is a flag (with its type, enum, default and
// limits in --help) without a change here.
import { catalog, type CatalogField, type CatalogModel, type CatalogSchema } from "../../generated/catalog.js";

export interface Field {
  /** The body property, e.g. `movement_amplitude`. */
  name: string;
  /** The flag, e.g. `--movement-amplitude`; `--image` for `images` (one flag per item). */
  flag: string;
  kind: "string" | "number" | "boolean" | "list" | "records" | "json";
  required: boolean;
  /** The catalog's field: its type, limits, default and summary. */
  spec: CatalogField;
  help: string;
  /** The value as --help shows it: `<integer>`, `<540p|720p|1080p>`, `<path|url>`. */
  placeholder: string;
}

export interface Model {
  key: string;
  path: string;
  label: string;
  summary: string;
  /** The operation's task tag, e.g. `Image to Video`. */
  task: string;
  /** Its `x-vidu-generation`, e.g. `Q3`. */
  generation: string;
  images: CatalogModel["images"];
  fields: Field[];
}

/** Whether a value of the field is one image (a start or end frame, a key frame), not a list. */
export const isImage = (field: CatalogSchema): boolean => field.holdsImages && field.type === "string";

const singular = (name: string) => name.replace(/s$/, "");

/** The limits, default and form of a flag's value, as --help shows them. */
function limits(field: CatalogField, repeatable: boolean): string {
  const parts: string[] = [];
  const holds = field.items ?? field;
  if (field.enum) parts.push(`one of ${field.enum.join(", ")}`);
  if (field.minimum !== undefined && field.maximum !== undefined) parts.push(`${field.minimum} to ${field.maximum}`);
  else if (field.minimum !== undefined) parts.push(`at least ${field.minimum}`);
  else if (field.maximum !== undefined) parts.push(`at most ${field.maximum}`);
  if (holds.holdsImages) parts.push("a file path or an http(s) or data: URL");
  if (field.minLength === 1) parts.push("not empty");
  else if (field.minLength) parts.push(`at least ${field.minLength} characters`);
  if (field.maxLength !== undefined) parts.push(`at most ${field.maxLength} characters`);
  if (repeatable) {
    const count = [
      field.minItems && `at least ${field.minItems}`,
      field.maxItems !== undefined && `at most ${field.maxItems}`,
    ];
    parts.push(`repeat it for each${count.some(Boolean) ? `, ${count.filter(Boolean).join(" and ")}` : ""}`);
  }
  // A required field has no default: the API takes no body without it.
  if (!field.required && field.default !== undefined && field.default !== "")
    parts.push(`default ${String(field.default)}`);
  return parts.length ? ` (${parts.join("; ")})` : "";
}

/** Choices longer than this are named in the help text only, so that the flags' column stays narrow. */
const MAX_CHOICES = 16;

/** The flag's value in --help: its choices when they are few, else what it holds. */
function placeholder(field: CatalogField, kind: Field["kind"]): string {
  const choices = field.enum?.join("|");
  if (choices && kind === "string") return choices.length <= MAX_CHOICES ? `<${choices}>` : "<choice>";
  if (kind === "number") return field.type === "integer" ? "<integer>" : "<number>";
  if ((field.items ?? field).holdsImages) return "<path|url>";
  return { json: "<json>", records: "<key=value,...>", boolean: "[true|false]" }[kind as string] ?? "<text>";
}

const sentence = (text: string) => text.replace(/\.$/, "");

function field(spec: CatalogField): Field {
  const { name, required } = spec;
  const flag = `--${name.replace(/_/g, "-")}`;
  const help = (repeatable: boolean, more = "") =>
    `${sentence(spec.summary)}${more}${limits(spec, repeatable)}${required ? " [required]" : ""}`;
  const base = { name, required, spec };
  const make = (kind: Field["kind"], flagName: string, text: string): Field => ({
    ...base,
    flag: flagName,
    kind,
    help: text,
    placeholder: placeholder(spec, kind),
  });
  if (spec.type === "boolean") return make("boolean", flag, help(false));
  if (spec.type === "integer" || spec.type === "number") return make("number", flag, help(false));
  if (spec.type === "array") {
    const itemFlag = `--${singular(name).replace(/_/g, "-")}`;
    const itemFields = spec.items?.fields;
    if (itemFields) {
      const keys = Object.values(itemFields).map((f) => (f.type === "array" ? `${singular(f.name)}=…` : `${f.name}=…`));
      const form = `, as ${keys.join(",")} (a list's part once per item; \\, for a comma inside a value)`;
      return make("records", itemFlag, help(true, form));
    }
    return make("list", itemFlag, help(true));
  }
  if (spec.type === "object") return make("json", flag, help(false));
  return make("string", flag, help(false));
}

/** Every model of the catalog, in its order (by task, then generation, newest first), with its fields as flags. */
export function models(): Model[] {
  return Object.values(catalog as Record<string, CatalogModel>).map(
    ({ key, path, label, summary, task, generation, images, fields }) => ({
      ...{ key, path, label, summary, task, generation, images },
      fields: Object.values(fields).map(field),
    }),
  );
}

/** The models in runs of one task and one generation, as the catalog orders them. */
export function groupedModels(all: Model[]): { task: string; generation: string; models: Model[] }[] {
  const groups: { task: string; generation: string; models: Model[] }[] = [];
  for (const model of all) {
    const last = groups.at(-1);
    if (last?.task === model.task && last.generation === model.generation) last.models.push(model);
    else groups.push({ task: model.task, generation: model.generation, models: [model] });
  }
  return groups;
}
