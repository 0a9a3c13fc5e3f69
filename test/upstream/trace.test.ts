// Every rule the generated validators enforce traces to a fact a page states (as transcribed in
// test/fixtures/vidu-family/) or to a departure the spec records on the field (`x-novita-page`).
// The rules are walked from the spec as the validator compiler compiles them; the first test ties
// that walk to the compiler, so a keyword it starts to enforce cannot go untraced.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ENFORCED } from "../../scripts/lib/compile-validators.mjs";
import {
  type EnforcedRule,
  enforcedRules,
  LIMITS,
  RULE_ASPECTS,
  requestSchemas,
  resolve,
} from "../../scripts/lib/upstream/spec-facts.mjs";
import type { TranscribedField, Transcription } from "../../scripts/lib/upstream/transcription.mjs";
import { type Json, spec } from "../fixtures/bundled-spec.js";
import { families } from "./families.js";

/** Keywords that give a field its form (its type, its shape, its encoding) rather than a limit. */
const FORM = ["type", "pattern", "items", "properties", "additionalProperties", "$ref"];
/** Transcriptions still made from the summaries, not yet re-read from the pages. */
const PENDING_ENDPOINTS = ["vidu-q2-pro-fast-img2video"];
const PENDING = families.filter((f) => f.rules === undefined).map((f) => f.endpoint);

const sorted = (v: unknown) => JSON.stringify(Array.isArray(v) ? [...v].map((x) => JSON.stringify(x)).sort() : v);

/** The transcribed field at a rule's path (`subjects[].name`), and whether the rule is on its items. */
function transcribedField(t: Transcription, path: string): { field: TranscribedField | undefined; onItems: boolean } {
  let fields: TranscribedField[] | undefined = t.fields;
  let field: TranscribedField | undefined;
  const parts = path.split(".");
  for (const part of parts) {
    field = fields?.find((f) => f.name === part.replace(/\[\]$/, ""));
    fields = field?.items?.fields;
  }
  return { field, onItems: parts.at(-1)!.endsWith("[]") };
}

/** Whether the page, as transcribed, states the rule with the spec's value. */
function stated(t: Transcription, rule: EnforcedRule): boolean {
  if (rule.aspect in RULE_ASPECTS || rule.aspect === "not") {
    return (t.rules ?? []).some(
      (r) =>
        r.field === rule.field &&
        r.aspect === rule.aspect &&
        (rule.aspect === "imageFormats"
          ? sorted(r.value) === sorted(rule.value)
          : JSON.stringify(r.value) === JSON.stringify(rule.value)),
    );
  }
  const { field, onItems } = transcribedField(t, rule.field);
  if (!field) return false;
  if (rule.aspect === "required") return field.required === true;
  if (rule.aspect === "enum") return sorted(field.enum) === sorted(rule.value);
  const value = (onItems ? field.items : field)?.[rule.aspect as keyof TranscribedField];
  return value === rule.value;
}

/** Whether a field on the rule's path is one the spec records as absent from the page. */
function underAbsentField(request: Json, path: string): boolean {
  let node: Json | undefined = request;
  for (const part of path.split(".")) {
    const property: Json | undefined = resolve(spec, node).properties?.[part.replace(/\[\]$/, "")];
    if (!property) return false;
    if (property["x-novita-page"]?.absent === true) return true;
    node = part.endsWith("[]") ? resolve(spec, property).items : property;
  }
  return false;
}

describe("the rules the validators enforce", () => {
  it("are walked from every keyword and extension the compiler enforces", () => {
    const walked = new Set([...LIMITS, "enum", "const", "required", "not"]);
    expect([...ENFORCED].filter((k) => !walked.has(k) && !FORM.includes(k))).toEqual([]);
    const compiler = readFileSync(new URL("../../scripts/lib/compile-validators.mjs", import.meta.url), "utf8");
    const extensions = [...new Set(compiler.match(/x-(?:max|min|aspect)-[a-z-]+/g))];
    expect(extensions.length).toBeGreaterThan(0);
    expect(extensions.filter((x) => !Object.values(RULE_ASPECTS).includes(x as never))).toEqual([]);
  });

  it("still to be re-read from the pages: these endpoints' transcriptions", () => {
    // Shrinks as pages are re-read; a re-read transcription carries `rules` (empty when none is stated).
    expect(PENDING).toEqual(PENDING_ENDPOINTS);
  });

  it.each(families.filter((f) => f.rules !== undefined))(
    "$endpoint: each traces to a page fact or a recorded departure",
    (t) => {
      const request = requestSchemas(spec).get(t.endpoint) as Json;
      const rules = enforcedRules(spec, request);
      expect(rules.length).toBeGreaterThan(0);
      const seedWins = new Set((t.seedWins ?? []).map((s) => `${s.field} ${s.aspect}`));
      const untraced = rules.filter(
        (rule) =>
          !stated(t, rule) &&
          !(rule.record && rule.aspect in rule.record) &&
          !underAbsentField(request, rule.field) &&
          !seedWins.has(`${rule.field} ${rule.aspect}`),
      );
      expect(untraced.map((r) => `${r.field} ${r.aspect} ${JSON.stringify(r.value)}`)).toEqual([]);
    },
  );
});
