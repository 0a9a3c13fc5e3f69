// Compares a parsed page with the spec's request schema for its endpoint, field by field, and sorts
// each difference into known (the spec records the page's reading with `x-novita-page` or
// `x-novita-page-fields`), unknown, or stale (the spec records a reading the page no longer has).
import { ASPECTS, canonical, checkRecord, SpecError } from "./record.mjs";
import { compareRules } from "./rules.mjs";
import { LIMITS, resolve, specEnum, specKeyword, specType, subfieldsOf } from "./spec-facts.mjs";

export { ASPECTS, SpecError };
/** @typedef {import("./record.mjs").PageRule} PageRule */

/** @typedef {import("./page.mjs").PageField} PageField */
/** @typedef {import("./spec-facts.mjs").Schema} Schema */
/**
 * @typedef {object} Difference
 * @property {string} endpoint
 * @property {string} field path such as `subjects[].voice_id`
 * @property {string} aspect `type`, `required`, `default`, `enum`, a limit, `absent` or `field`
 * @property {unknown} page what the page says (undefined: it says nothing)
 * @property {unknown} spec what the spec says (undefined: nothing)
 * @property {"known" | "unknown" | "stale"} status
 * @property {unknown} [recorded] the page's reading the spec records, when there is one
 * @property {true} [leftOut] the field is one the spec leaves out on purpose (`x-novita-page-fields`)
 */

/** The aspects compared field by field (the others are rules, compared by compareRules). */
const FIELD_ASPECTS = ["type", "required", "default", "enum", ...LIMITS];

/**
 * A page's type word as a JSON Schema type: `float32` → number, `object array` → `object[]`.
 * @param {unknown} raw @returns {string}
 */
export function normalizeType(raw) {
  const type = String(raw).trim().toLowerCase();
  const list =
    /^(.*?)\s*\[\]$/.exec(type) ?? /^(.*?)\s+array$/.exec(type) ?? /^array\s*(?:of|<)\s*(.*?)s?>?$/.exec(type);
  if (list?.[1]) return `${normalizeType(list[1])}[]`;
  const inner = /^enum\s*<\s*(.*?)\s*>$/.exec(type)?.[1];
  if (inner) return normalizeType(inner);
  if (/^(float|double|decimal)\d*$/.test(type)) return "number";
  if (/^(int|uint|long)\d*$/.test(type)) return "integer";
  if (type === "bool") return "boolean";
  if (type === "str" || type === "text") return "string";
  return type;
}

const isList = (/** @type {string} */ type) => type === "array" || type.endsWith("[]");
const itemType = (/** @type {string} */ type) => (type.endsWith("[]") ? type.slice(0, -2) : "any");
const typesAgree = (/** @type {string} */ page, /** @type {string} */ spec) =>
  page === spec || (isList(page) && isList(spec) && (page === "array" || spec === "array"));

/**
 * A value as the page's declared type reads it. Mintlify attributes come as `default={5}` or as
 * `default="5"`; on an `integer` field both mean 5, so a default is compared as a value of its type.
 * @param {unknown} value @param {string} type @returns {unknown}
 */
export function coerce(value, type) {
  const base = isList(type) ? "array" : type;
  if (typeof value === "string") {
    const text = value.trim();
    if ((base === "integer" || base === "number") && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
    if (base === "boolean" && (text === "true" || text === "false")) return text === "true";
    if (base === "array" || base === "object") {
      try {
        const parsed = JSON.parse(text);
        if (Array.isArray(parsed) === (base === "array") && typeof parsed === "object") return parsed;
      } catch {
        // Not JSON: compared as the text it is.
      }
    }
  }
  if (base === "string" && (typeof value === "number" || typeof value === "boolean")) return String(value);
  return value;
}

/**
 * An enum as a sorted set; a boolean "enum" of both values says nothing, so it is none.
 * @param {unknown} values @param {string} type
 */
function enumSet(values, type) {
  if (!Array.isArray(values)) return undefined;
  const set = [...new Set(values.map((v) => canonical(coerce(v, type))))].sort();
  return set.length === 2 && set[0] === "false" && set[1] === "true" ? undefined : set;
}

/** @param {string} aspect @param {unknown} a @param {unknown} b @param {string} type */
const sameValue = (aspect, a, b, type) => {
  if (aspect === "enum") return canonical(enumSet(a, type)) === canonical(enumSet(b, type));
  if (aspect === "type") return a == null || b == null ? a == b : typesAgree(normalizeType(a), normalizeType(b));
  if (aspect === "default") return canonical(coerce(a, type)) === canonical(coerce(b, type));
  if (aspect === "required") return Boolean(a) === Boolean(b);
  // A lower bound of 0 on a length or a count is no bound.
  const none = (/** @type {unknown} */ v) =>
    v === 0 && (aspect === "minLength" || aspect === "minItems") ? undefined : v;
  return canonical(none(a)) === canonical(none(b));
};

/**
 * A page field's facts, aspect by aspect, values read as its declared type.
 * @param {PageField} field
 */
function pageFacts(field) {
  const type = normalizeType(field.type);
  const valueType = isList(type) ? itemType(type) : type;
  /** @type {Record<string, unknown>} */
  const facts = {
    type,
    required: field.required,
    default: "default" in field ? coerce(field.default, type) : undefined,
    enum: field.enum?.map((v) => coerce(v, valueType)),
    ...field.limits,
  };
  return { type, valueType, facts };
}

/**
 * The spec's facts for a property of an object schema; an array's values are its items'.
 * @param {Schema} doc @param {Schema} object @param {string} name @param {string} pageType
 */
function specFacts(doc, object, name, pageType) {
  const node = object.properties[name];
  const type = specType(doc, node);
  const items = isList(pageType) && isList(type) ? resolve(doc, node).items : undefined;
  /** @type {Record<string, unknown>} */
  const facts = {
    type,
    required: (object.required ?? []).includes(name),
    default: specKeyword(doc, node, "default"),
    enum: specEnum(doc, items ?? node),
  };
  for (const limit of LIMITS) facts[limit] = specKeyword(doc, node, limit);
  return facts;
}

/**
 * Compares the page's fields at one level with an object schema's properties, recursing into the
 * sub-fields the page gives.
 * @param {Schema} doc @param {string} endpoint @param {Schema} object @param {PageField[]} fields
 * @param {string} prefix
 * @param {{ differences: Difference[], notes: string[], compared: number, seen: Set<string>, absent: Set<string> }} out
 */
function compareLevel(doc, endpoint, object, fields, prefix, out) {
  /**
   * @param {string} field @param {string} aspect @param {unknown} page @param {unknown} spec
   * @param {Difference["status"]} status @param {unknown} [recorded] @param {boolean} [leftOut]
   */
  const add = (field, aspect, page, spec, status, recorded, leftOut = false) =>
    out.differences.push({
      endpoint,
      field: `${prefix}${field}`,
      aspect,
      page,
      spec,
      status,
      ...(recorded !== undefined ? { recorded } : {}),
      ...(leftOut ? { leftOut: true } : {}),
    });
  const properties = object.properties ?? {};
  const where = (/** @type {string} */ name) => `${endpoint} ${prefix}${name}`;
  const leftOut = checkRecord(object["x-novita-page-fields"], `${endpoint} ${prefix || "(body)"} x-novita-page-fields`);
  for (const name of Object.keys(leftOut)) {
    if (name in properties)
      throw new SpecError(`${where(name)}: in x-novita-page-fields but also a property of the spec`);
  }
  const listed = new Set(fields.map((f) => f.name));
  for (const field of fields) {
    out.compared++;
    const { type, valueType, facts } = pageFacts(field);
    if (!(field.name in properties)) {
      if (!(field.name in leftOut)) add(field.name, "field", facts, undefined, "unknown");
      else {
        const recorded = checkRecord(leftOut[field.name], `${where(field.name)} x-novita-page-fields`, FIELD_ASPECTS);
        const changed = FIELD_ASPECTS.filter(
          (a) => !sameValue(a, facts[a], recorded[a], a === "enum" ? valueType : type),
        );
        if (changed.length === 0) add(field.name, "field", facts, undefined, "known", recorded);
        for (const a of changed) add(field.name, a, facts[a], undefined, "unknown", recorded[a] ?? null, true);
      }
      continue;
    }
    const record = checkRecord(properties[field.name]["x-novita-page"], `${where(field.name)} x-novita-page`, ASPECTS);
    if (record["absent"]) add(field.name, "absent", false, true, "stale", true);
    const spec = specFacts(doc, object, field.name, type);
    for (const aspect of FIELD_ASPECTS) out.seen.add(`${prefix}${field.name} ${aspect}`);
    if (isList(type)) out.seen.add(`${prefix}${field.name}[] enum`);
    for (const aspect of FIELD_ASPECTS) {
      const valuesType = aspect === "enum" ? valueType : type;
      const agree = sameValue(aspect, facts[aspect], spec[aspect], valuesType);
      const has = aspect in record;
      if (agree && has) add(field.name, aspect, facts[aspect], spec[aspect], "stale", record[aspect]);
      if (agree) continue;
      const known = has && sameValue(aspect, facts[aspect], record[aspect], valuesType);
      add(
        field.name,
        aspect,
        facts[aspect],
        spec[aspect],
        known ? "known" : "unknown",
        has ? record[aspect] : undefined,
      );
    }
    const inner = subfieldsOf(doc, properties[field.name]);
    const path = `${field.name}${isList(type) || isList(String(spec["type"])) ? "[]" : ""}.`;
    if (field.children && inner) compareLevel(doc, endpoint, inner, field.children, `${prefix}${path}`, out);
    else if (field.children) {
      for (const child of field.children)
        add(`${path}${child.name}`, "field", pageFacts(child).facts, undefined, "unknown");
    } else if (inner) {
      out.notes.push(
        `${where(field.name)}: the page gives no sub-fields, so the spec's (${Object.keys(inner.properties).join(", ")}) are not compared`,
      );
    }
  }
  for (const [name, node] of Object.entries(properties)) {
    if (listed.has(name)) continue;
    out.absent.add(`${prefix}${name}`);
    const record = checkRecord(node["x-novita-page"], `${where(name)} x-novita-page`, ASPECTS);
    add(name, "absent", true, false, record["absent"] === true ? "known" : "unknown", record["absent"]);
  }
  for (const name of Object.keys(leftOut)) {
    if (!listed.has(name)) add(name, "field", undefined, undefined, "stale", leftOut[name]);
  }
}

/**
 * @param {Schema} doc the bundled spec @param {string} endpoint @param {Schema} request its request schema
 * @param {PageField[]} fields the page's body fields
 * @param {PageRule[]} [rules] the rules the page states in prose (its transcription's); without them
 *   only the rules on fields are compared
 */
export function compare(doc, endpoint, request, fields, rules) {
  const out = {
    differences: /** @type {Difference[]} */ ([]),
    notes: /** @type {string[]} */ ([]),
    compared: 0,
    seen: new Set(/** @type {string[]} */ ([])),
    absent: new Set(/** @type {string[]} */ ([])),
  };
  compareLevel(doc, endpoint, request, fields, "", out);
  compareRules(doc, endpoint, request, rules, out);
  const { seen: _, absent: __, ...result } = out;
  return result;
}
