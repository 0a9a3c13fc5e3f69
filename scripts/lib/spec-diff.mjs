// Every difference between two bundled specs, each classified as breaking or not for a consumer whose
// client was generated from the older one. What a client sends (request bodies, parameters, what it
// answers a webhook) breaks when it narrows: a removed endpoint or field, a removed enum value, a
// tighter limit, a newly required field, another type. What a client reads (answers, the webhook's
// event) is open by design, so it breaks only when a field goes, turns optional or changes type.
// Each component is compared once, by name; a `$ref` that names the same component on both sides is
// not followed again. References are followed by scripts/lib/ref.mjs.
import { isDeepStrictEqual } from "node:util";
import { refTarget, resolveRef, resolveSchema } from "./ref.mjs";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const LOWER_LIMITS = ["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"];
const UPPER_LIMITS = ["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"];
// Keywords that describe and do not constrain; an `x-` extension too, unless it is an `x-max-…` limit.
const DESCRIBING = new Set(["title", "description", "summary", "example", "examples", "default", "deprecated"]);
// The keywords keywords() compares; any other that differs counts as breaking.
const SCHEMA_KEYWORDS = [
  ...["$ref", "type", "enum", "const", "required", "properties", "additionalProperties", "items"],
  ...["anyOf", "oneOf", "allOf", "not", "pattern", "format", "multipleOf", "uniqueItems"],
  ...LOWER_LIMITS,
  ...UPPER_LIMITS,
];
const describes = (key) => DESCRIBING.has(key) || (key.startsWith("x-") && !key.startsWith("x-max-"));
const isUpperLimit = (key) => UPPER_LIMITS.includes(key) || key.startsWith("x-max-");

/**
 * What a difference does to the values a schema takes: `narrows`, `widens`, `breaks` (a type or a
 * field gone), `loosens` (a field no longer required), `describes` (documentation only).
 * @typedef {"narrows" | "widens" | "breaks" | "loosens" | "describes"} Effect
 * @typedef {"request" | "response"} Direction
 * @typedef {{ breaking: boolean, at: string, what: string }} Difference
 */

/** @type {Record<Direction, Set<Effect>>} the effects that break a client, by which way the value travels */
const BREAKS = { request: new Set(["narrows", "breaks"]), response: new Set(["breaks", "loosens"]) };
const shown = (value) => JSON.stringify(value);

/**
 * @param {any} older the older bundled spec
 * @param {any} newer today's bundled spec
 * @returns {Difference[]} one entry per difference, in document order
 */
export function diffSpecs(older, newer) {
  /** @type {Difference[]} */
  const differences = [];
  const directions = { older: schemaDirections(older), newer: schemaDirections(newer) };
  const seen = new Set();

  /** @param {Direction[]} dirs @param {Effect} effect */
  const add = (dirs, effect, at, what) => {
    const breaking = dirs.some((dir) => BREAKS[dir].has(effect));
    differences.push({ breaking, at, what });
  };
  /** Compares what no rule below knows: a change to it counts as breaking. */
  const rest = (a, b, at, handled) => {
    for (const key of new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])) {
      if (handled.includes(key) || isDeepStrictEqual(a?.[key], b?.[key])) continue;
      const what = a?.[key] === undefined ? "added" : b?.[key] === undefined ? "removed" : "changed";
      if (describes(key) || key === "tags" || key === "externalDocs")
        add(["request"], "describes", at, `${key} ${what}`);
      else add(["request", "response"], "breaks", at, `${key} ${what}`);
    }
  };

  /** @param {Direction[]} dirs */
  function schema(a, b, at, dirs) {
    if (isDeepStrictEqual(a, b)) return;
    if (typeof a?.$ref === "string" && a.$ref === b?.$ref) {
      // The same component: compared once under its own name; only what is written beside it here.
      const { $ref: _a, ...besideA } = a;
      const { $ref: _b, ...besideB } = b;
      return keywords(besideA, besideB, at, dirs);
    }
    const pair = `${a?.$ref}|${b?.$ref}`;
    if (seen.has(pair)) return;
    if (a?.$ref || b?.$ref) seen.add(pair);
    // What is written beside a `$ref` (a field's own description or default) counts with its target.
    keywords(resolveSchema(older, a), resolveSchema(newer, b), at, dirs);
  }

  /** @param {Direction[]} dirs */
  function keywords(a, b, at, dirs) {
    // A schema that travels one way says which; one that travels both is held to both.
    const say = (effect, what) => add(dirs, effect, at, dirs.length === 1 ? `${what} (${dirs[0]})` : what);
    if (!isDeepStrictEqual(a.type, b.type)) say("breaks", `type ${shown(a.type)} → ${shown(b.type)}`);
    enumValues(a, b, say);
    if (!isDeepStrictEqual(a.const, b.const)) {
      if (a.const === undefined) say("narrows", `const ${shown(b.const)} added`);
      else if (b.const === undefined) say("widens", `const ${shown(a.const)} removed`);
      else say("breaks", `const ${shown(a.const)} → ${shown(b.const)}`);
    }
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)]))
      if (LOWER_LIMITS.includes(key) || isUpperLimit(key)) limit(key, a[key], b[key], say);
    for (const name of b.required ?? [])
      if (!(a.required ?? []).includes(name)) say("narrows", `${shown(name)} newly required`);
    for (const name of a.required ?? [])
      if (!(b.required ?? []).includes(name) && b.properties?.[name])
        say("loosens", `${shown(name)} no longer required`);
    for (const name of Object.keys(a.properties ?? {}))
      if (!b.properties?.[name]) say("breaks", `field ${shown(name)} removed`);
    for (const name of Object.keys(b.properties ?? {}))
      if (!a.properties?.[name]) say("widens", `field ${shown(name)} added`);
    for (const name of Object.keys(a.properties ?? {}))
      if (b.properties?.[name]) schema(a.properties[name], b.properties[name], `${at}.${name}`, dirs);
    closedness(a.additionalProperties, b.additionalProperties, at, dirs, say);
    if (a.items || b.items) schema(a.items ?? {}, b.items ?? {}, `${at}[]`, dirs);
    for (const key of ["anyOf", "oneOf", "allOf"]) parts(key, a[key] ?? [], b[key] ?? [], at, dirs, say);
    for (const key of ["not", "pattern", "format", "multipleOf", "uniqueItems"]) {
      if (isDeepStrictEqual(a[key], b[key])) continue;
      if (a[key] === undefined) say("narrows", `${key} ${key === "not" ? "rule" : shown(b[key])} added`);
      else if (b[key] === undefined) say("widens", `${key} ${key === "not" ? "rule" : shown(a[key])} removed`);
      else say("narrows", `${key} ${key === "not" ? "rule changed" : `${shown(a[key])} → ${shown(b[key])}`}`);
    }
    const keys = Object.keys({ ...a, ...b });
    for (const key of keys.filter(describes))
      if (!isDeepStrictEqual(a[key], b[key]))
        add(
          dirs,
          "describes",
          at,
          key === "default" ? `default ${shown(a[key])} → ${shown(b[key])}` : `${key} changed`,
        );
    rest(a, b, at, [...SCHEMA_KEYWORDS, ...keys.filter((key) => describes(key) || isUpperLimit(key))]);
  }

  function parts(key, a, b, at, dirs, say) {
    for (let i = 0; i < Math.min(a.length, b.length); i += 1) schema(a[i], b[i], `${at}/${key}/${i}`, dirs);
    // One more option of anyOf/oneOf takes more values; one more part of allOf takes fewer.
    const more = key === "allOf" ? "narrows" : "widens";
    const fewer = key === "allOf" ? "widens" : "narrows";
    for (let i = a.length; i < b.length; i += 1) say(more, `${key} part ${i} added`);
    for (let i = b.length; i < a.length; i += 1) say(fewer, `${key} part ${i} removed`);
  }

  function closedness(a, b, at, dirs, say) {
    if (isDeepStrictEqual(a, b)) return;
    const open = (value) => value === undefined || value === true;
    if (a === false && b !== false) say("widens", "other fields allowed");
    else if (b === false && a !== false) say("narrows", "other fields refused");
    else if (!open(a) || !open(b)) schema(open(a) ? {} : a, open(b) ? {} : b, `${at}{}`, dirs);
  }

  function component(kind, name) {
    const a = older.components?.[kind]?.[name];
    const b = newer.components?.[kind]?.[name];
    const at = kind === "schemas" ? name : `components.${kind}.${name}`;
    // A component no longer there: a schema is a type and a JSON Schema file consumers may import.
    if (b === undefined) return add(["request"], kind === "schemas" ? "breaks" : "describes", at, "removed");
    if (a === undefined) return add(["request"], "describes", at, "added");
    if (kind === "schemas") {
      const dirs = [...new Set([...(directions.older.get(name) ?? []), ...(directions.newer.get(name) ?? [])])];
      return schema(a, b, at, dirs.length ? dirs : ["request", "response"]);
    }
    if (kind === "parameters") return parameter(a, b, at);
    if (kind === "responses") return response(a, b, at, "response");
    if (kind === "examples") return isDeepStrictEqual(a, b) || add(["request"], "describes", at, "changed");
    rest({ [name]: a }, { [name]: b }, at, []);
  }

  function parameter(a, b, at) {
    if (typeof a.$ref === "string" && a.$ref === b.$ref) return;
    const pa = resolveRef(older, a);
    const pb = resolveRef(newer, b);
    if (!pa.required && pb.required) add(["request"], "narrows", at, "parameter newly required");
    if (pa.required && !pb.required) add(["request"], "widens", at, "parameter no longer required");
    schema(pa.schema ?? {}, pb.schema ?? {}, at, ["request"]);
    rest(pa, pb, at, ["name", "in", "required", "schema"]);
  }

  /** @param {Direction} dir */
  function response(a, b, at, dir) {
    if (typeof a.$ref === "string" && a.$ref === b.$ref) return;
    const ra = resolveRef(older, a);
    const rb = resolveRef(newer, b);
    content(ra.content ?? {}, rb.content ?? {}, at, dir);
    rest(ra, rb, at, ["content", "headers"]);
  }

  /** @param {Direction} dir */
  function content(a, b, at, dir) {
    for (const type of Object.keys(a))
      if (!b[type]) add([dir], "breaks", at, `media type ${type} removed`);
      else {
        schema(a[type].schema ?? {}, b[type].schema ?? {}, at, [dir]);
        if (!isDeepStrictEqual(a[type].examples, b[type].examples)) add([dir], "describes", at, "examples changed");
      }
    for (const type of Object.keys(b)) if (!a[type]) add([dir], "widens", at, `media type ${type} added`);
  }

  /** @param {boolean} webhook whether the operation is Novita's call to the client */
  function operation(a, b, at, webhook) {
    if (a.operationId !== b.operationId)
      add(["request"], "breaks", at, `operationId ${shown(a.operationId)} → ${shown(b.operationId)}`);
    const paramsA = new Map((a.parameters ?? []).map((p) => [resolveKey(older, p), p]));
    const paramsB = new Map((b.parameters ?? []).map((p) => [resolveKey(newer, p), p]));
    for (const [name, p] of paramsA)
      if (!paramsB.has(name)) add(["request"], "breaks", at, `parameter ${name} removed`);
      else parameter(p, paramsB.get(name), `${at} parameter ${name}`);
    for (const [name, p] of paramsB)
      if (!paramsA.has(name))
        add(["request"], resolveRef(newer, p).required ? "narrows" : "widens", at, `parameter ${name} added`);
    // A webhook's body is what Novita sends the client; its answers, what the client sends back.
    const sent = webhook ? "response" : "request";
    const received = webhook ? "request" : "response";
    if (a.requestBody || b.requestBody) {
      const ba = resolveRef(older, a.requestBody ?? {});
      const bb = resolveRef(newer, b.requestBody ?? {});
      if (!ba.required && bb.required) add([sent], "narrows", at, "request body newly required");
      content(ba.content ?? {}, bb.content ?? {}, `${at} request body`, sent);
      rest(ba, bb, `${at} request body`, ["content", "required"]);
    }
    for (const status of Object.keys(a.responses ?? {}))
      if (!b.responses?.[status]) add([received], "describes", at, `response ${status} removed`);
      else response(a.responses[status], b.responses[status], `${at} ${status}`, received);
    for (const status of Object.keys(b.responses ?? {}))
      if (!a.responses?.[status]) add([received], "describes", at, `response ${status} added`);
    rest(a, b, at, ["operationId", "parameters", "requestBody", "responses"]);
  }

  for (const where of ["paths", "webhooks"]) {
    const webhook = where === "webhooks";
    for (const path of new Set([...Object.keys(older[where] ?? {}), ...Object.keys(newer[where] ?? {})])) {
      const itemA = older[where]?.[path] ?? {};
      const itemB = newer[where]?.[path] ?? {};
      for (const method of METHODS) {
        const at = `${method.toUpperCase()} ${webhook ? `webhook ${path}` : path}`;
        if (itemA[method] && !itemB[method])
          add(["request"], "breaks", at, webhook ? "webhook removed" : "endpoint removed");
        else if (!itemA[method] && itemB[method])
          add(["request"], "widens", at, webhook ? "webhook added" : "endpoint added");
        else if (itemA[method]) operation(itemA[method], itemB[method], at, webhook);
      }
      rest(itemA, itemB, path, METHODS);
    }
  }
  for (const kind of new Set([...Object.keys(older.components ?? {}), ...Object.keys(newer.components ?? {})]))
    for (const name of new Set([
      ...Object.keys(older.components?.[kind] ?? {}),
      ...Object.keys(newer.components?.[kind] ?? {}),
    ]))
      component(kind, name);
  const urls = (doc) => (doc.servers ?? []).map((server) => server.url);
  for (const url of urls(older))
    if (!urls(newer).includes(url)) add(["request"], "breaks", "servers", `${url} removed`);
  for (const url of urls(newer)) if (!urls(older).includes(url)) add(["request"], "widens", "servers", `${url} added`);
  rest(older, newer, "(document)", ["paths", "webhooks", "components", "servers", "info", "openapi"]);
  // The info object, its version included, describes the document.
  for (const key of new Set([...Object.keys(older.info ?? {}), ...Object.keys(newer.info ?? {})]))
    if (!isDeepStrictEqual(older.info?.[key], newer.info?.[key]))
      add(["request"], "describes", "info", `${key} changed`);
  return differences;
}

function enumValues(a, b, say) {
  if (isDeepStrictEqual(a.enum, b.enum)) return;
  if (!a.enum) return say("narrows", `enum ${shown(b.enum)} added`);
  if (!b.enum) return say("widens", "enum removed");
  const has = (list, value) => list.some((v) => isDeepStrictEqual(v, value));
  for (const value of a.enum) if (!has(b.enum, value)) say("narrows", `enum value ${shown(value)} removed`);
  for (const value of b.enum) if (!has(a.enum, value)) say("widens", `enum value ${shown(value)} added`);
}

function limit(key, a, b, say) {
  if (a === b) return;
  const upper = isUpperLimit(key);
  if (a === undefined) return say("narrows", `${key} ${b} added`);
  if (b === undefined) return say("widens", `${key} ${a} removed`);
  const narrowed = upper ? b < a : b > a;
  say(narrowed ? "narrows" : "widens", `${key} ${a} → ${b} (${narrowed ? "narrowed" : "widened"})`);
}

/** A parameter's `in` and `name`, through its `$ref`. */
function resolveKey(doc, parameter) {
  const resolved = resolveRef(doc, parameter);
  return `${resolved.in} ${resolved.name}`;
}

/**
 * Which way each component schema travels: `request` when a client sends it (a request body, a
 * parameter, an answer to a webhook), `response` when it reads it; a schema can travel both ways.
 * @returns {Map<string, Set<Direction>>}
 */
export function schemaDirections(doc) {
  /** @type {Map<string, Set<Direction>>} */
  const found = new Map();
  const visit = (node, dir, seen) => {
    if (node === null || typeof node !== "object") return;
    if (typeof node.$ref === "string" && !seen.has(node.$ref)) {
      seen.add(node.$ref);
      const name = /^#\/components\/schemas\/([^/]+)$/.exec(node.$ref)?.[1];
      if (name) found.set(name, new Set([...(found.get(name) ?? []), dir]));
      visit(refTarget(doc, node.$ref), dir, seen);
    }
    for (const value of Object.values(node)) visit(value, dir, seen);
  };
  for (const [where, sends] of /** @type {const} */ ([
    ["paths", "request"],
    ["webhooks", "response"],
  ]))
    for (const item of Object.values(doc[where] ?? {}))
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        const reads = sends === "request" ? "response" : "request";
        visit(op.parameters, "request", new Set());
        visit(op.requestBody, sends, new Set());
        visit(op.responses, reads, new Set());
      }
  return found;
}
