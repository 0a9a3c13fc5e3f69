// Turns parsed flags into a request body, reading image files and subject specs, and names the
// flag (not the body field) in every error.
import type { CatalogField } from "../../generated/catalog.js";
import { imageFromFile } from "../node.js";
import { ViduValidationError, type ValidationIssue } from "../client/errors.js";
import { isImage, type Field } from "./fields.js";
import { UsageError } from "./shared/errors.js";
import { numberFlag } from "./shared/parse.js";

const isUrl = (value: string) => /^(https?:\/\/|data:)/i.test(value);

async function image(value: string, flag: string): Promise<string> {
  return isUrl(value) ? value : imageFromFile(value, `${flag} ${value}`);
}

/** `name=cat,image=a.png,image=b.png` → `{ name: "cat", images: ["data:…", "data:…"] }`. */
/**
 * A record's parts, split at each comma that is not written `\,` (a path or URL may hold commas):
 * `\,` is a comma and `\\` a backslash; any other backslash stays as written. Returns [key, value] pairs.
 */
function parts(spec: string): [key: string, value: string, hasValue: boolean][] {
  const pairs: string[] = [];
  let current = "";
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i]!;
    const next = spec[i + 1];
    if (c === "\\" && (next === "," || next === "\\")) {
      current += next;
      i++;
    } else if (c === ",") {
      pairs.push(current);
      current = "";
    } else current += c;
  }
  pairs.push(current);
  return pairs.map((pair) => {
    const at = pair.indexOf("=");
    return at === -1 ? [pair, "", false] : [pair.slice(0, at), pair.slice(at + 1), true];
  });
}

async function record(spec: string, field: Field): Promise<Record<string, unknown>> {
  const properties: Record<string, CatalogField> = field.spec.items?.fields ?? {};
  const out: Record<string, unknown> = {};
  for (const [key, value, hasValue] of parts(spec)) {
    // Own properties only: `__proto__` or `constructor` are not fields.
    const name = Object.hasOwn(properties, key) ? key : Object.hasOwn(properties, `${key}s`) ? `${key}s` : undefined;
    if (!name || !hasValue) {
      throw new UsageError(
        `${field.flag} "${spec}": each part must be key=value with a key among ${Object.keys(properties).join(", ")}`,
      );
    }
    const property = properties[name]!;
    const type = property.type;
    const isList = type === "array";
    // Each part is typed as its property is: images read from files, numbers and booleans parsed.
    const item = property.holdsImages
      ? await image(value, `${field.flag} ${key}`)
      : type === "integer" || type === "number"
        ? numberFlag(`${field.flag} ${key}`, value)
        : type === "boolean"
          ? value === "true"
          : value;
    out[name] = isList ? [...((out[name] as unknown[]) ?? []), item] : item;
  }
  return out;
}

/** Builds the body from commander's parsed options (keyed by camel-cased flag). */
export async function buildBody(fields: Field[], options: Record<string, unknown>): Promise<Record<string, unknown>> {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    const key = field.flag.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const value = options[key];
    if (value === undefined) continue;
    if (field.kind === "number") body[field.name] = numberFlag(field.flag, String(value));
    else if (field.kind === "boolean") body[field.name] = value;
    else if (field.kind === "json") {
      try {
        body[field.name] = JSON.parse(String(value));
      } catch {
        throw new UsageError(`${field.flag} must be JSON (got ${String(value)})`);
      }
    } else if (field.kind === "list") {
      const values = value as string[];
      body[field.name] = field.spec.holdsImages ? await Promise.all(values.map((v) => image(v, field.flag))) : values;
    } else if (field.kind === "records")
      body[field.name] = await Promise.all((value as string[]).map((v) => record(v, field)));
    else body[field.name] = isImage(field.spec) ? await image(String(value), field.flag) : value;
  }
  return body;
}

/** Rewrites a validation issue in terms of flags: `images[0] must …` → `--image #1 must …`. */
export function flagIssue(issue: ValidationIssue, fields: Field[]): string {
  const [, head = "", index, rest = ""] = /^([^.[]+)(?:\[(\d+)\])?(.*)$/.exec(issue.field) ?? [];
  const field = fields.find((f) => f.name === head);
  if (!field) return issue.message;
  const which = index === undefined ? "" : ` #${Number(index) + 1}`;
  const where = `${field.flag}${which}${rest ? ` ${rest.replace(/^\./, "")}` : ""}`;
  return issue.message.startsWith(issue.field)
    ? where + issue.message.slice(issue.field.length)
    : `${where}: ${issue.message}`;
}

export function usageFromValidation(error: unknown, fields: Field[]): UsageError | undefined {
  if (!(error instanceof ViduValidationError)) return undefined;
  return new UsageError(error.issues.map((issue) => flagIssue(issue, fields)).join("; "));
}
