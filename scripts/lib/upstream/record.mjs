// What compare.mjs and rules.mjs share: the aspects a `x-novita-page` record may name, how a record
// is read, and how two values are compared.
import { LIMITS, RULE_ASPECTS } from "./spec-facts.mjs";

export class SpecError extends Error {}

/**
 * @typedef {object} PageRule a rule a page states in prose, as a transcription records it
 * @property {string} field the property it is about (`images`, `start_image`), or `(body)`
 * @property {string} aspect a {@link RULE_ASPECTS} name, `not` (a rule between fields), or a limit on
 *   the items of a list (`images[]` with `maxLength`)
 * @property {unknown} value
 */

/** The aspects `x-novita-page` may name (BRIEF.md's convention). */
export const ASPECTS = [
  "type",
  "required",
  "default",
  "enum",
  ...LIMITS,
  ...Object.keys(RULE_ASPECTS),
  "not",
  "absent",
];
/** Canonical JSON (sorted keys), so values compare by content; null and undefined both mean "not stated". */
export const canonical = (/** @type {unknown} */ value) =>
  value === undefined || value === null
    ? "null"
    : JSON.stringify(value, (_, v) =>
        v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v,
      );

/**
 * A `x-novita-page` (or `x-novita-page-fields`) value, checked to be an object of known aspects.
 * @param {unknown} record @param {string} where @param {string[]} [allowed] @returns {Record<string, any>}
 */
export function checkRecord(record, where, allowed) {
  if (record === undefined) return {};
  if (!record || typeof record !== "object" || Array.isArray(record)) {
    throw new SpecError(`${where}: must be an object of aspect: page's value`);
  }
  const wrong = Object.keys(record).filter((k) => allowed && !allowed.includes(k));
  if (allowed && wrong.length > 0) {
    throw new SpecError(`${where}: unknown aspect ${wrong.join(", ")} (known: ${allowed.join(", ")})`);
  }
  return /** @type {Record<string, any>} */ (record);
}
