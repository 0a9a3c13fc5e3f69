// Request bodies for every rule of every endpoint, derived by walking each request schema of the
// bundled spec: for each keyword, values at its limit (valid) and just past it (invalid), each put
// into an otherwise valid body whose nested objects are all present. A new endpoint or field is
// covered without touching this file.
import { MODELS } from "../../generated/constants.js";
import type { RequestBodyPath } from "../../generated/validators.js";
import { type Json, spec } from "./helpers.js";
import { resolveRef } from "../../scripts/lib/ref.mjs";

export interface CorpusEntry {
  path: RequestBodyPath;
  /** What the body tries, for the test's message. */
  what: string;
  body: unknown;
  valid: boolean;
  /** The field and rule an invalid body breaks on purpose, when it breaks one rule of one field. */
  breaks?: { field: string; rule: string };
}

const WEBHOOK = {
  url: "https://example.com/hooks/vidu",
  test_mode: { enabled: true, return_task_status: "TASK_STATUS_SUCCEED" },
};

type Segment = string | number;
const DELETE = Symbol("delete");
const resolve = (schema: Json): Json => resolveRef(spec, schema);
const fieldName = (at: Segment[]) =>
  at.reduce<string>((name, s) => (typeof s === "number" ? `${name}[${s}]` : name ? `${name}.${s}` : s), "") || "(body)";

const requestContent = (path: RequestBodyPath): Json => spec.paths[path].post.requestBody.content["application/json"];
/** Each named request example of an endpoint, as `[name, value]`. */
export const exampleValues = (path: RequestBodyPath): [string, Json][] =>
  Object.entries<Json>(requestContent(path).examples ?? {}).map(([name, ref]) => [name, resolveRef(spec, ref).value]);
/** How many fields a body sets, nested ones included. */
export const fieldCount = (value: unknown): number =>
  value && typeof value === "object" ? Object.values(value).reduce<number>((n, v) => n + 1 + fieldCount(v), 0) : 0;

/**
 * A valid body for each endpoint: its richest example (the most fields, nested ones counted), with a
 * test-mode webhook under `extra` where the schema allows one. The spec's examples decide it, so a new
 * endpoint is covered with no edit here; `missingParts` says when an example leaves a nested part out.
 */
export const FULL_BODIES = Object.fromEntries(
  Object.values(MODELS).map(({ path: p }) => {
    const path = p as RequestBodyPath;
    const [richest] = exampleValues(path)
      .map(([, value]) => value)
      .sort((a, b) => fieldCount(b) - fieldCount(a));
    const body = structuredClone(richest ?? {});
    if (resolve(requestContent(path).schema).properties?.extra)
      body.extra = { ...body.extra, webhook: { ...WEBHOOK, ...body.extra?.webhook } };
    return [path, body];
  }),
) as Record<RequestBodyPath, Json>;

/** The nested objects and arrays `schema` allows that `body` leaves out, by field name. */
export function missingParts(body: Json, schema: Json, at: Segment[] = []): string[] {
  const own = resolve(schema);
  const missing: string[] = [];
  for (const [name, property] of Object.entries<Json>(own.properties ?? {})) {
    const child = resolve(property);
    if (child.type !== "object" && child.type !== "array") continue;
    if (body?.[name] === undefined) missing.push(fieldName([...at, name]));
    else missing.push(...missingParts(body[name], child, [...at, name]));
  }
  if (own.items && Array.isArray(body) && body.length) missing.push(...missingParts(body[0], own.items, [...at, 0]));
  return missing;
}

/** A deep copy of `body` with the value at `at` replaced (or deleted). */
function withValue(body: Json, at: Segment[], value: unknown): Json {
  if (at.length === 0) return value;
  const copy = structuredClone(body);
  let parent = copy;
  for (const segment of at.slice(0, -1)) parent = parent[segment];
  const last = at[at.length - 1]!;
  if (value === DELETE) delete parent[last];
  else parent[last] = value;
  return copy;
}

const WRONG_TYPE: Record<string, unknown[]> = {
  string: [5],
  integer: ["5", 1.5],
  number: ["1"],
  boolean: ["true"],
  array: ["x"],
  object: [[], "x"],
};

/** Values for one schema's own keywords: `[value, valid?, rule]`, where `rule` is the keyword an invalid value breaks. */
function valuesFor(schema: Json): [unknown, boolean, string][] {
  const values: [unknown, boolean, string][] = [];
  for (const type of [schema.type].flat().filter(Boolean))
    for (const v of WRONG_TYPE[type] ?? []) values.push([v, false, "type"]);
  if (schema.enum) {
    for (const v of schema.enum) values.push([v, true, "enum"]);
    const numbers = schema.enum.filter((v: unknown) => typeof v === "number");
    if (numbers.length)
      values.push([Math.min(...numbers) - 1, false, "enum"], [Math.max(...numbers) + 1, false, "enum"]);
    else {
      const first = String(schema.enum[0]);
      const otherCase = first.toUpperCase() === first ? first.toLowerCase() : first.toUpperCase();
      values.push(["not-an-option", false, "enum"]);
      // Another case of the first value, where it has one ("16:9" has none).
      if (otherCase !== first) values.push([otherCase, false, "enum"]);
    }
  }
  if (schema.minimum !== undefined)
    values.push([schema.minimum, true, "minimum"], [schema.minimum - 1, false, "minimum"]);
  if (schema.maximum !== undefined)
    values.push([schema.maximum, true, "maximum"], [schema.maximum + 1, false, "maximum"]);
  if (schema.maxLength !== undefined) {
    // Length counts characters, not UTF-16 units: an emoji is one character.
    values.push(
      ["😀".repeat(schema.maxLength), true, "maxLength"],
      ["é".repeat(schema.maxLength + 1), false, "maxLength"],
    );
  }
  if (schema.minLength) values.push(["", false, "minLength"]);
  if (schema.minItems) values.push([[], false, "minItems"]);
  if (schema.pattern) {
    for (const example of schema.examples ?? []) values.push([example, true, "pattern"]);
    // Near misses: whether each matches is the pattern's to say (an image URL's pattern checks only its scheme).
    for (const miss of ["./cat.png", "ftp://example.com/a.png", "data:image/gif;base64,R0lGOD", "https://exa mple.com"])
      values.push([miss, new RegExp(schema.pattern, "u").test(miss), "pattern"]);
  }
  return values;
}

/** Every body for the rules of `schema` (at `at` inside `base`), recursing into properties and items. */
function* entriesFor(path: RequestBodyPath, base: Json, schema: Json, at: Segment[]): Generator<CorpusEntry> {
  // A part the base body leaves out has no place to put a value (the full-body test names the gap).
  const parent = at.slice(0, -1).reduce<Json>((value, segment) => value?.[segment], base);
  if (parent === null || typeof parent !== "object") return;
  const own = resolve(schema);
  const field = fieldName(at);
  for (const [value, valid, rule] of valuesFor(own)) {
    const shown = typeof value === "string" && value.length > 24 ? `${value.length} characters` : JSON.stringify(value);
    yield {
      path,
      what: `${field} = ${shown}`,
      body: withValue(base, at, value),
      valid,
      ...(!valid && { breaks: { field, rule } }),
    };
  }
  const here = at.reduce<Json>((value, segment) => value?.[segment], base);
  if (here === null || typeof here !== "object") return;
  for (const name of own.required ?? []) {
    const missing = fieldName([...at, name]);
    yield {
      path,
      what: `without ${missing}`,
      body: withValue(base, [...at, name], DELETE),
      valid: false,
      breaks: { field: missing, rule: "required" },
    };
  }
  if (own.additionalProperties === false) {
    const unknown = [...at, "unknown_field"];
    yield {
      path,
      what: `${fieldName(unknown)} added`,
      body: withValue(base, unknown, 1),
      valid: false,
      breaks: { field: fieldName(unknown), rule: "additionalProperties" },
    };
  }
  for (const [name, property] of Object.entries<Json>(own.properties ?? {}))
    yield* entriesFor(path, base, property, [...at, name]);
  if (own.items) yield* entriesFor(path, base, own.items, [...at, 0]);
  // `if`/`then`: when the `if` constants hold, each `then` constant must hold too.
  if (own.if && own.then) {
    let when = base;
    for (const [name, p] of Object.entries<Json>(own.if.properties)) when = withValue(when, [...at, name], p.const);
    for (const [name, p] of Object.entries<Json>(own.then.properties)) {
      const other = typeof p.const === "boolean" ? !p.const : `not ${p.const}`;
      const field = fieldName([...at, name]);
      yield {
        path,
        what: `${field} = ${JSON.stringify(other)} under if`,
        body: withValue(when, [...at, name], other),
        valid: false,
        breaks: { field, rule: "const" },
      };
      yield {
        path,
        what: `${field} = ${JSON.stringify(p.const)} under if`,
        body: withValue(when, [...at, name], p.const),
        valid: true,
      };
    }
  }
}

/** The corpus: each endpoint's full body and spec examples, every rule's bodies, and a few odd bodies. */
export function buildCorpus(): CorpusEntry[] {
  const corpus: CorpusEntry[] = [];
  for (const { path: p } of Object.values(MODELS)) {
    const path = p as RequestBodyPath;
    const content = requestContent(path);
    corpus.push({ path, what: "the full body", body: FULL_BODIES[path], valid: true });
    for (const [name, value] of exampleValues(path))
      corpus.push({ path, what: `example ${name}`, body: value, valid: true });
    const rule = resolve(content.schema).not;
    for (const entry of entriesFor(path, FULL_BODIES[path], content.schema, []))
      corpus.push(rule && entry.valid && breaksRule(rule, entry.body) ? { ...entry, ...ruleBroken(rule) } : entry);
    corpus.push(
      { path, what: "no body", body: undefined, valid: false },
      { path, what: "null", body: null, valid: false },
      // Valid only for a schema that requires nothing (a page that shows no required field).
      { path, what: "an empty object", body: {}, valid: !resolve(content.schema).required?.length },
    );
    const image = imagePath(FULL_BODIES[path], content.schema, []);
    if (image)
      corpus.push({
        path,
        what: "an image as a data URI",
        body: withValue(FULL_BODIES[path], image, "data:image/webp;base64,UklGR"),
        valid: true,
      });
  }
  return [...corpus, ...ruleCorpus()];
}

// A rule between fields (a root `not`, spec/components/schemas/README.md): its first property is the
// field at fault; each side is a `const` or an `enum`.
const ruleValues = (side: Json): unknown[] => side.enum ?? [side.const];
const breaksRule = (rule: Json, body: Json) =>
  Object.entries<Json>(rule.properties).every(([name, side]) => ruleValues(side).includes(body?.[name]));
const ruleBroken = (rule: Json) => ({
  valid: false,
  breaks: { field: Object.keys(rule.properties)[0]!, rule: "not" },
});

/** The bodies of every rule between fields in the spec (ruleEntries), on each endpoint that has one. */
export const ruleCorpus = (): CorpusEntry[] =>
  Object.values(MODELS).flatMap(({ path: p }) => {
    const path = p as RequestBodyPath;
    const { schema } = requestContent(path);
    return resolve(schema).not ? [...ruleEntries(path, FULL_BODIES[path], schema)] : [];
  });

/** Each pairing a rule forbids (invalid), and each with one side changed to a value the field takes (valid). */
function* ruleEntries(path: RequestBodyPath, base: Json, schema: Json): Generator<CorpusEntry> {
  const own = resolve(schema);
  const [a, b] = Object.entries<Json>(own.not.properties).map(([name, side]) => {
    const field = resolve(own.properties[name]);
    const named = ruleValues(side);
    const all: unknown[] = field.enum ?? (field.type === "boolean" ? [true, false] : []);
    return { name, named, other: all.find((v) => !named.includes(v)) };
  });
  if (!a || !b) return;
  for (const x of a.named)
    for (const y of b.named) {
      const pair = (u: unknown, v: unknown) => withValue(withValue(base, [a.name], u), [b.name], v);
      const shown = (u: unknown, v: unknown) =>
        `${a.name} = ${JSON.stringify(u)} with ${b.name} = ${JSON.stringify(v)}`;
      yield { path, what: shown(x, y), body: pair(x, y), ...ruleBroken(own.not) };
      if (a.other !== undefined) yield { path, what: shown(a.other, y), body: pair(a.other, y), valid: true };
      if (b.other !== undefined) yield { path, what: shown(x, b.other), body: pair(x, b.other), valid: true };
    }
}

/** Where the first image of `body` is: a string whose schema is one of the spec's image strings. */
function imagePath(body: Json, schema: Json, at: Segment[]): Segment[] | undefined {
  const own = resolve(schema);
  if (typeof body === "string") return "x-image-formats" in own ? at : undefined;
  if (Array.isArray(body)) return body.length && own.items ? imagePath(body[0], own.items, [...at, 0]) : undefined;
  for (const [name, property] of Object.entries<Json>(own.properties ?? {}))
    if (body?.[name] !== undefined) {
      const found = imagePath(body[name], property, [...at, name]);
      if (found) return found;
    }
  return undefined;
}
