// The CLI's flags, read from the bundled spec at run time: a field added to a request schema is a
// flag (with its type, enum, default and limits in --help) without a change here.
import { readFileSync } from "node:fs";
import { resolveSchema } from "../ref.mjs";

/** The parts of a JSON Schema (or of the spec) the CLI reads. */
export interface Schema {
  $ref?: string;
  type?: string;
  title?: string;
  description?: string;
  enum?: (string | number)[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  minItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  [keyword: string]: unknown;
}

export interface Field {
  /** The body property, e.g. `movement_amplitude`. */
  name: string;
  /** The flag, e.g. `--movement-amplitude`; `--image` for `images` (one flag per item). */
  flag: string;
  kind: "string" | "number" | "boolean" | "list" | "records" | "json";
  required: boolean;
  schema: Schema;
  /** For `records`: the item's properties. */
  itemSchema?: Schema;
  help: string;
}

export interface Model {
  key: string;
  path: string;
  summary: string;
  /** The operation's task tag, e.g. `Image to Video`. */
  task: string;
  /** Its `x-vidu-generation`, e.g. `Q3`. */
  generation: string;
  fields: Field[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the bundled spec is walked as plain JSON
const spec: any = JSON.parse(readFileSync(new URL("../../generated/openapi.json", import.meta.url), "utf8"));

/** Follows a local `$ref`, keeping what is written beside it (a model's own description and default). */
export function resolve(node: Schema): Schema {
  return resolveSchema(spec, node);
}

/** Whether a field holds images: its items are the spec's image strings (its `ImageInput*` components). */
export const holdsImages = (node: Schema): boolean => isImage(resolve(node).items ?? {});
/** Whether a field is one image: a start or end frame, a key frame (an `ImageInput*` component, some stating no limit). */
export const isImage = (node: Schema): boolean => /^ImageInput/.test(String(resolve(node)["title"] ?? ""));

const singular = (name: string) => name.replace(/s$/, "");
/** The description's first sentence: what --help and `models` show. */
const firstSentence = (text = "") => (text.replace(/\s+/g, " ").match(/^.*?\.(\s|$)/)?.[0] ?? text).trim();

function limits(schema: Schema): string {
  const parts: string[] = [];
  if (schema.enum) parts.push(`one of ${schema.enum.join(", ")}`);
  if (schema.minimum !== undefined || schema.maximum !== undefined)
    parts.push(`${schema.minimum ?? ""}–${schema.maximum ?? ""}`);
  if (schema["minLength"]) parts.push(`at least ${String(schema["minLength"])} characters`);
  if (schema.maxLength !== undefined) parts.push(`at most ${schema.maxLength} characters`);
  if (schema.minItems) parts.push(`at least ${schema.minItems}`);
  if (schema["maxItems"] !== undefined) parts.push(`at most ${String(schema["maxItems"])}`);
  if (schema.default !== undefined) parts.push(`default ${schema.default}`);
  return parts.length ? ` (${parts.join("; ")})` : "";
}

function field(name: string, node: Schema, required: boolean): Field {
  const schema = resolve(node);
  const flag = `--${name.replace(/_/g, "-")}`;
  const help = `${firstSentence(schema.description)}${limits(schema)}${required ? " [required]" : ""}`;
  const base = { name, required, schema, help };
  if (schema.type === "boolean") return { ...base, flag, kind: "boolean" };
  if (schema.type === "integer" || schema.type === "number") return { ...base, flag, kind: "number" };
  if (schema.type === "array") {
    const item = resolve(schema.items ?? {});
    const itemFlag = `--${singular(name).replace(/_/g, "-")}`;
    if (item.type === "object") {
      const keys = Object.entries(item.properties ?? {}).map(([k, v]) =>
        resolve(v).type === "array" ? `${singular(k)}=…` : `${k}=…`,
      );
      return {
        ...base,
        flag: itemFlag,
        kind: "records",
        itemSchema: item,
        help: `${help}; repeat it, each as ${keys.join(",")}`,
      };
    }
    return { ...base, flag: itemFlag, kind: "list", help: `${help}; repeat it for each` };
  }
  if (schema.type === "object") return { ...base, flag, kind: "json", help: `${help} (JSON)` };
  return { ...base, flag, kind: "string" };
}

/** Every model of the spec: its key (the path's last segment) and its fields as flags. */
export function models(): Model[] {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- path items of the bundled spec
  return Object.entries(spec.paths as Record<string, any>)
    .filter(([, item]) => item.post?.requestBody)
    .map(([path, item]) => {
      const body = resolve(item.post.requestBody.content["application/json"].schema);
      const required: string[] = body.required ?? [];
      const fields = Object.entries(body.properties ?? {}).map(([name, node]) =>
        field(name, node, required.includes(name)),
      );
      const task: string = item.post.tags?.[0] ?? "Other";
      const generation = String(item.post["x-vidu-generation"] ?? "");
      return { key: path.split("/").pop() ?? path, path, summary: item.post.summary, task, generation, fields };
    });
}

/** Newest first: Q3, Q2, Q1, then 2.0, 1.5. */
const generationRank = (g: string) => (g.startsWith("Q") ? 100 + Number(g.slice(1)) : Number(g) || 0);

/** The models grouped by task (in the order of the spec's tags), then by generation, newest first. */
export function groupedModels(all: Model[]): { task: string; generation: string; models: Model[] }[] {
  const tags: string[] = (spec.tags ?? []).map((t: { name: string }) => t.name);
  const rank = (task: string) => (tags.includes(task) ? tags.indexOf(task) : tags.length);
  const groups = new Map<string, { task: string; generation: string; models: Model[] }>();
  const sorted = [...all].sort(
    (a, b) => rank(a.task) - rank(b.task) || generationRank(b.generation) - generationRank(a.generation),
  );
  for (const m of sorted) {
    const id = `${m.task}\0${m.generation}`;
    if (!groups.has(id)) groups.set(id, { task: m.task, generation: m.generation, models: [] });
    groups.get(id)!.models.push(m);
  }
  return [...groups.values()];
}
