// Reads a transcription of a Novita page (test/fixtures/vidu-family/<endpoint>.json) into what the
// comparison takes: the body fields as the page parser would give them, and the rules the page states
// in prose. A transcription keeps structured facts only, each with the copy of the page it came from.
import { existsSync, readFileSync } from "node:fs";
import { LIMITS, RULE_ASPECTS } from "./spec-facts.mjs";

export const TRANSCRIPTIONS = new URL("../../../test/fixtures/vidu-family/", import.meta.url);

/** The copies of a page a fact may come from (README.md of the transcriptions says what each is). */
export const SOURCE_KINDS = ["page", "text", "md", "mirror", "seed", "summary"];

/**
 * @typedef {object} TranscribedField
 * @property {string} name @property {string} type @property {boolean} required
 * @property {unknown} [default] @property {unknown[]} [enum]
 * @property {{ type?: string, fields?: TranscribedField[], [limit: string]: unknown }} [items]
 * @property {Record<string, string[]>} from aspect (or `*`, every fact of the field) to source keys
 */
/**
 * @typedef {object} Transcription
 * @property {string} endpoint @property {string} path @property {boolean} complete
 * @property {Record<string, string>} sources key (`page`, `md`, `text`, `mirror`, `seed-002`) to address
 * @property {TranscribedField[]} fields
 * @property {(import("./record.mjs").PageRule & { from: string[] })[]} [rules]
 * @property {{ field: string, aspect: string }[]} [seedWins]
 */

export class TranscriptionError extends Error {}

/**
 * Checks that every fact names a source the transcription lists, and that a rule's aspect is one the
 * comparison knows. Returns the problems, one line each.
 * @param {Transcription} t @returns {string[]}
 */
export function transcriptionProblems(t) {
  const problems = [];
  const keys = Object.keys(t.sources ?? {});
  for (const key of keys) {
    if (!SOURCE_KINDS.includes(key.replace(/-\d+$/, ""))) problems.push(`source ${key}: not one of ${SOURCE_KINDS}`);
  }
  const checkFrom = (/** @type {string} */ where, /** @type {unknown} */ from) => {
    const lists = Array.isArray(from) ? [from] : from && typeof from === "object" ? Object.values(from) : [];
    if (lists.length === 0) problems.push(`${where}: no source (from)`);
    for (const list of lists)
      for (const key of list) if (!keys.includes(key)) problems.push(`${where}: source ${key} is not listed`);
  };
  const walk = (/** @type {TranscribedField[]} */ fields, /** @type {string} */ prefix) => {
    for (const field of fields) {
      checkFrom(`${prefix}${field.name}`, field.from);
      if (field.items?.fields) walk(field.items.fields, `${prefix}${field.name}[].`);
    }
  };
  walk(t.fields ?? [], "");
  for (const rule of t.rules ?? []) {
    const where = `rule ${rule.field} ${rule.aspect}`;
    checkFrom(where, rule.from);
    if (!(rule.aspect in RULE_ASPECTS) && rule.aspect !== "not" && !LIMITS.includes(/** @type {any} */ (rule.aspect)))
      problems.push(`${where}: unknown aspect`);
  }
  return problems;
}

/**
 * A transcribed field as the page parser would have read it from the page.
 * @param {TranscribedField} field @returns {import("./page.mjs").PageField}
 */
export function pageField(field) {
  return /** @type {any} */ ({
    name: field.name,
    type: field.type === "array" && field.items?.type ? `${field.items.type}[]` : field.type,
    required: field.required,
    ...("default" in field && { default: field.default }),
    ...(field.enum && { enum: field.enum.map(String) }),
    limits: Object.fromEntries(
      LIMITS.filter((l) => typeof (/** @type {any} */ (field)[l]) === "number").map((l) => [
        l,
        /** @type {any} */ (field)[l],
      ]),
    ),
    children: field.items?.fields?.map(pageField),
    line: 0,
  });
}

/**
 * The rules the page states: its prose rules, and the limits it gives on a list's items (a rule on
 * `images[]`, since a page field's own limits are the list's).
 * Undefined for a transcription not yet re-read from the pages (no `rules`): its prose was not read.
 * @param {Transcription} t @returns {import("./record.mjs").PageRule[] | undefined}
 */
export function pageRules(t) {
  if (t.rules === undefined) return undefined;
  /** @type {import("./record.mjs").PageRule[]} */
  const rules = (t.rules ?? []).map(({ field, aspect, value }) => ({ field, aspect, value }));
  const walk = (/** @type {TranscribedField[]} */ fields, /** @type {string} */ prefix) => {
    for (const field of fields) {
      for (const limit of LIMITS) {
        const value = /** @type {any} */ (field.items)?.[limit];
        if (typeof value === "number") rules.push({ field: `${prefix}${field.name}[]`, aspect: limit, value });
      }
      if (field.items?.fields) walk(field.items.fields, `${prefix}${field.name}[].`);
    }
  };
  walk(t.fields, "");
  return rules;
}

/**
 * The transcription of an endpoint's page, or undefined when there is none.
 * @param {string} endpoint @param {URL} [dir] @returns {Transcription | undefined}
 */
export function readTranscription(endpoint, dir = TRANSCRIPTIONS) {
  const file = new URL(`${endpoint}.json`, dir);
  if (!/^[a-z0-9.-]+$/.test(endpoint) || !existsSync(file)) return undefined;
  const t = JSON.parse(readFileSync(file, "utf8"));
  const problems = transcriptionProblems(t);
  if (problems.length > 0) throw new TranscriptionError(`${endpoint}.json: ${problems.join("; ")}`);
  return t;
}
