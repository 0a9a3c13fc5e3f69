// The other direction of the comparison: the rules a page states in its prose (image formats, sizes
// and ratios, body caps, rules between fields), as its transcription records them, against the rules
// the spec enforces. compare.mjs runs it after the field-by-field comparison.
import { ASPECTS, canonical, checkRecord } from "./record.mjs";
import { enforcedRules, resolve, RULE_ASPECTS } from "./spec-facts.mjs";

/** @typedef {import("./spec-facts.mjs").Schema} Schema */
/** @typedef {import("./record.mjs").PageRule} PageRule */
/** @typedef {import("./compare.mjs").Difference} Difference */

/** A rule's value as compared: a list of image formats is a set. */
const ruleValue = (/** @type {string} */ aspect, /** @type {unknown} */ value) =>
  canonical(aspect === "imageFormats" && Array.isArray(value) ? [...value].sort() : value);

/** A rule's key: its field and aspect, and for a rule between fields the fields it names. */
const ruleKey = (/** @type {{ field: string, aspect: string, value: unknown }} */ r) =>
  `${r.field} ${r.aspect}${r.aspect === "not" && r.value && typeof r.value === "object" ? ` ${Object.keys(r.value).sort().join("+")}` : ""}`;

/** The fields a path passes through: `subjects[].images[]` → `subjects`, `subjects[].images`. */
const ancestors = (/** @type {string} */ field) =>
  field.split(".").map((_, i, parts) =>
    parts
      .slice(0, i + 1)
      .join(".")
      .replace(/\[\]$/, ""),
  );

/**
 * The other direction: every rule the spec enforces that the field comparison did not already cover
 * (a list's items, sub-fields the page does not give, image and body rules, rules between fields) must
 * be one the page states (`rules`, read from the page's prose by its transcription) or be recorded on
 * the field as the page's reading; and every rule the page states must be in the spec.
 * @param {Schema} doc @param {string} endpoint @param {Schema} request @param {PageRule[] | undefined} rules
 * @param {{ differences: Difference[], notes: string[], seen: Set<string>, absent: Set<string> }} out
 */
export function compareRules(doc, endpoint, request, rules, out) {
  const isRule = (/** @type {string} */ aspect) => aspect in RULE_ASPECTS || aspect === "not";
  const stated = new Map((rules ?? []).map((r) => [ruleKey(r), r]));
  const open = enforcedRules(doc, request).filter(
    (r) => !out.seen.has(`${r.field} ${r.aspect}`) && !ancestors(r.field).some((a) => out.absent.has(a)),
  );
  const enforced = rules === undefined ? open.filter((r) => !isRule(r.aspect)) : open;
  if (enforced.length < open.length) {
    const skipped = [...new Set(open.filter((r) => isRule(r.aspect)).map((r) => `${r.field} ${r.aspect}`))];
    out.notes.push(`${endpoint}: no transcribed prose rules, so the spec's ${skipped.join(", ")} are not compared`);
  }
  const matched = new Set();
  for (const rule of enforced) {
    const key = ruleKey(rule);
    if (matched.has(key)) continue;
    matched.add(key);
    const page = stated.get(key)?.value;
    const record = checkRecord(rule.record, `${endpoint} ${rule.field} x-novita-page`, ASPECTS);
    const agree = ruleValue(rule.aspect, page) === ruleValue(rule.aspect, rule.value);
    const has = rule.aspect in record;
    /** @type {Difference} */
    const base = { endpoint, field: rule.field, aspect: rule.aspect, page, spec: rule.value, status: "unknown" };
    if (agree && has) out.differences.push({ ...base, status: "stale", recorded: record[rule.aspect] });
    if (agree) continue;
    const known = has && ruleValue(rule.aspect, page) === ruleValue(rule.aspect, record[rule.aspect]);
    out.differences.push({
      ...base,
      status: known ? "known" : "unknown",
      ...(has ? { recorded: record[rule.aspect] } : {}),
    });
  }
  for (const [key, rule] of stated) {
    if (matched.has(key)) continue;
    const record = checkRecord(recordAt(doc, request, rule), `${endpoint} ${rule.field} x-novita-page`, ASPECTS);
    const has = rule.aspect in record;
    const known = has && ruleValue(rule.aspect, rule.value) === ruleValue(rule.aspect, record[rule.aspect]);
    out.differences.push({
      endpoint,
      field: rule.field,
      aspect: rule.aspect,
      page: rule.value,
      spec: undefined,
      status: known ? "known" : "unknown",
      ...(has ? { recorded: record[rule.aspect] } : {}),
    });
  }
}

/**
 * The `x-novita-page` that would record a page rule the spec does not enforce: the property's at the
 * rule's field (`subjects[].images` walks through the list's items), the body's for `(body)`.
 * @param {Schema} doc @param {Schema} request @param {PageRule} rule @returns {unknown}
 */
function recordAt(doc, request, rule) {
  if (rule.field === "(body)") return request["x-novita-page"];
  /** @type {Schema | undefined} */
  let node = { properties: request.properties };
  let property;
  for (const part of rule.field.split(".")) {
    const name = part.replace(/\[\]$/, "");
    property = resolve(doc, node).properties?.[name];
    if (!property) return undefined;
    node = part.endsWith("[]") ? resolve(doc, property).items : property;
  }
  return property?.["x-novita-page"];
}
