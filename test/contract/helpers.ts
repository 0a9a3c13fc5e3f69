// What the contract and mock tests share: the bundled spec, its component schemas compiled by a
// general JSON Schema compiler, and Prism's refusals read as `{ field, rule }` like the validators'.
import { componentValidator } from "../fixtures/json-schemas.js";
import { inject } from "vitest";

export { spec, type Json } from "../fixtures/bundled-spec.js";
import type { Json } from "../fixtures/bundled-spec.js";

/** Any non-empty bearer key is accepted by the mock; the real API would check it. */
export const AUTH = { Authorization: "Bearer contract-test-key" } as const;

export const prismUrl = () => inject("prismUrl");

/** A validator for one component schema (`TaskResult`, `ErrorResponse`, …): returns its errors, none when valid. */
export function schemaValidator(name: string): (value: Json) => string[] {
  const validate = componentValidator(name);
  return (value) =>
    validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instanceLocation} ${e.keywordLocation}`);
}

export interface Violation {
  field: string;
  rule: string;
}

/** `["subjects", "0", "images"]` → `subjects[0].images`, the validators' way of naming a field. */
const fieldPath = (segments: string[]) =>
  segments.reduce((path, s) => (/^\d+$/.test(s) ? `${path}[${s}]` : path ? `${path}.${s}` : s), "");

/** Prism's `sl-violations` header as the fields and rules the validators would name. */
export function prismViolations(header: string | null): Violation[] {
  const violations: { location: string[]; code: string | number; message: string }[] = JSON.parse(header ?? "[]");
  return violations.map(({ location, code, message }) => {
    const parent = fieldPath(location.slice(2));
    const named = /'([^']+)'/.exec(message)?.[1];
    const rule = String(code);
    if ((rule === "required" || rule === "additionalProperties") && named)
      return { field: parent ? `${parent}.${named}` : named, rule };
    return { field: parent || "(body)", rule };
  });
}

/** POSTs a JSON body to Prism with a bearer key. */
export function postToPrism(path: string, body: unknown, headers: Record<string, string> = AUTH) {
  return fetch(`${prismUrl()}${path}`, {
    method: "POST",
    headers: { ...headers, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}
