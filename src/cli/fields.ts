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

function limits(field: CatalogField): string {
  const parts: string[] = [];
  if (field.enum) parts.push(`one of ${field.enum.join(", ")}`);
  if (field.minimum !== undefined || field.maximum !== undefined)
    parts.push(`${field.minimum ?? ""}–${field.maximum ?? ""}`);
  if (field.minLength) parts.push(`at least ${field.minLength} characters`);
  if (field.maxLength !== undefined) parts.push(`at most ${field.maxLength} characters`);
  if (field.minItems) parts.push(`at least ${field.minItems}`);
  if (field.maxItems !== undefined) parts.push(`at most ${field.maxItems}`);
  if (field.default !== undefined) parts.push(`default ${String(field.default)}`);
  return parts.length ? ` (${parts.join("; ")})` : "";
}

function field(spec: CatalogField): Field {
  const { name, required } = spec;
  const flag = `--${name.replace(/_/g, "-")}`;
  const help = `${spec.summary}${limits(spec)}${required ? " [required]" : ""}`;
  const base = { name, required, spec, help };
  if (spec.type === "boolean") return { ...base, flag, kind: "boolean" };
  if (spec.type === "integer" || spec.type === "number") return { ...base, flag, kind: "number" };
  if (spec.type === "array") {
    const itemFlag = `--${singular(name).replace(/_/g, "-")}`;
    const itemFields = spec.items?.fields;
    if (itemFields) {
      const keys = Object.values(itemFields).map((f) => (f.type === "array" ? `${singular(f.name)}=…` : `${f.name}=…`));
      return { ...base, flag: itemFlag, kind: "records", help: `${help}; repeat it, each as ${keys.join(",")}` };
    }
    return { ...base, flag: itemFlag, kind: "list", help: `${help}; repeat it for each` };
  }
  if (spec.type === "object") return { ...base, flag, kind: "json", help: `${help} (JSON)` };
  return { ...base, flag, kind: "string" };
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
