// What the contract and mock tests share: the bundled spec, its component schemas compiled by a
// general JSON Schema compiler, and Prism's refusals read as `{ field, rule }` like the validators'.
import { readFileSync } from "node:fs";
import { validator } from "@exodus/schemasafe";
import { inject } from "vitest";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the bundled spec is walked as plain JSON.
export type Json = any;
export const spec: Json = JSON.parse(readFileSync(new URL("../../generated/openapi.json", import.meta.url), "utf8"));

/** Any non-empty bearer key is accepted by the mock; the real API would check it. */
export const AUTH = { Authorization: "Bearer contract-test-key" } as const;

export const prismUrl = () => inject("prismUrl");

/** The spec's components as JSON Schema 2020-12 `$defs`, without the `x-` extensions. */
function componentDefs(): Json {
  const strip = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(strip);
    if (!node || typeof node !== "object") return node;
    const out: Json = {};
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith("x-")) continue;
      if (key === "$ref") out[key] = (value as string).replace("#/components/schemas/", "#/$defs/");
      else if (key === "properties" || key === "$defs")
        out[key] = Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, strip(v)]));
      else out[key] = strip(value);
    }
    return out;
  };
  return strip(spec.components.schemas);
}
const defs = componentDefs();

/** A validator for one component schema (`TaskResult`, `ErrorResponse`, …): returns its errors, none when valid. */
export function schemaValidator(name: string): (value: Json) => string[] {
  if (!defs[name]) throw new Error(`no component schema ${name}`);
  const validate = validator(
    { $schema: "https://json-schema.org/draft/2020-12/schema", $ref: `#/$defs/${name}`, $defs: defs },
    { mode: "default", allowUnusedKeywords: true, includeErrors: true, allErrors: true },
  );
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
