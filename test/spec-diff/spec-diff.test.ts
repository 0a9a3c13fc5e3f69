// The breaking-change check: each kind of difference an older spec can have from today's, made by
// editing a copy of today's bundle, is classified as the version rule of CHANGELOG.md needs it.
import { describe, expect, it } from "vitest";
import { diffSpecs, schemaDirections } from "../../scripts/lib/spec-diff.mjs";
import { spec, type Json } from "../fixtures/bundled-spec.js";

const directions = schemaDirections(spec);
/** Component schemas that travel one way only, by name. */
const oneWay = (dir: "request" | "response") =>
  Object.keys(spec.components.schemas)
    .filter((name) => [...(directions.get(name) ?? [])].join() === dir)
    .sort();

interface Spot {
  /** Where the difference is reported: the component, `.` and the field when it is one. */
  at: string;
  node: (doc: Json) => Json;
}

/** The first schema that travels `dir` only (a component or one of its fields) whose own keywords pass `test`. */
function find(dir: "request" | "response", test: (schema: Json) => unknown): Spot {
  for (const name of oneWay(dir)) {
    const component = spec.components.schemas[name];
    if (test(component)) return { at: name, node: (doc) => doc.components.schemas[name] };
    for (const [field, schema] of Object.entries<Json>(component.properties ?? {}))
      if (!schema.$ref && test(schema))
        return { at: `${name}.${field}`, node: (doc) => doc.components.schemas[name].properties[field] };
  }
  throw new Error(`no ${dir} schema of the spec fits`);
}

/** The differences from an older spec: today's bundle edited by `edit`. */
function fromOlder(edit: (older: Json) => void) {
  const older = structuredClone(spec);
  edit(older);
  return diffSpecs(older, spec);
}

const line = (breaking: boolean, at: string, what: RegExp) => ({ breaking, at, what: expect.stringMatching(what) });
const firstPost = () => Object.keys(spec.paths).find((path) => spec.paths[path].post)!;
const optionalField = (schema: Json): string | undefined =>
  Object.keys(schema.properties ?? {}).find((name) => !(schema.required ?? []).includes(name));

describe("spec:diff", () => {
  it("finds nothing between a spec and itself", () => {
    expect(diffSpecs(spec, structuredClone(spec))).toEqual([]);
  });

  describe("breaking", () => {
    it("a removed endpoint", () => {
      const path = firstPost();
      const differences = fromOlder((older) => {
        older.paths[`${path}-legacy`] = { post: { ...older.paths[path].post, operationId: "legacyCall" } };
      });
      expect(differences).toEqual([line(true, `POST ${path}-legacy`, /^endpoint removed$/)]);
    });

    it("a removed field of a request body, and of an answer", () => {
      const request = find("request", (s) => s.properties);
      const answer = find("response", (s) => s.properties);
      const differences = fromOlder((older) => {
        request.node(older).properties.legacy_field = { type: "string" };
        answer.node(older).properties.legacy_field = { type: "string" };
      });
      expect(differences).toEqual([
        line(true, request.at, /^field "legacy_field" removed \(request\)$/),
        line(true, answer.at, /^field "legacy_field" removed \(response\)$/),
      ]);
    });

    it("a removed enum value", () => {
      const spot = find("request", (s) => Array.isArray(s.enum) && typeof s.enum[0] === "string");
      const differences = fromOlder((older) => spot.node(older).enum.push("legacy-value"));
      expect(differences).toEqual([line(true, spot.at, /^enum value "legacy-value" removed \(request\)$/)]);
    });

    it.each(["maxLength", "maxItems", "maximum", "minItems", "minLength", "minimum"])("a narrowed %s", (keyword) => {
      const spot = find("request", (s) => typeof s[keyword] === "number" && s[keyword] >= 1);
      const wider = keyword.startsWith("max") ? +1 : -1;
      const differences = fromOlder((older) => (spot.node(older)[keyword] += wider));
      const was = spot.node(spec)[keyword];
      expect(differences).toEqual([
        line(true, spot.at, new RegExp(`^${keyword} ${was + wider} → ${was} \\(narrowed\\)`)),
      ]);
    });

    it("a limit that is new", () => {
      const spot = find("request", (s) => typeof s.maxLength === "number");
      const differences = fromOlder((older) => delete spot.node(older).maxLength);
      expect(differences).toEqual([line(true, spot.at, /^maxLength \d+ added \(request\)$/)]);
    });

    it("a newly required field", () => {
      const spot = find("request", (s) => s.required?.length > 0 && s.properties);
      const [field] = spot.node(spec).required;
      const differences = fromOlder((older) => (spot.node(older).required = []));
      expect(differences).toContainEqual(line(true, spot.at, new RegExp(`^"${field}" newly required \\(request\\)$`)));
      expect(differences.every((d) => d.breaking && /newly required/.test(d.what))).toBe(true);
    });

    it("a field of an answer that is no longer sure to be there", () => {
      const spot = find("response", (s) => s.required?.length > 0 && optionalField(s));
      const differences = fromOlder((older) => spot.node(older).required.push(optionalField(spot.node(spec))));
      expect(differences).toEqual([line(true, spot.at, /no longer required \(response\)$/)]);
    });

    it("a type change", () => {
      const spot = find("request", (s) => s.type === "string" && !s.enum);
      const differences = fromOlder((older) => (spot.node(older).type = "integer"));
      expect(differences).toContainEqual(line(true, spot.at, /^type "integer" → "string"/));
    });

    it("a field that refers to another component with fewer values", () => {
      const spot = find("request", (s) =>
        Object.values<Json>(s.properties ?? {}).some(
          (p) => p.$ref && spec.components.schemas[p.$ref.split("/").pop()].enum,
        ),
      );
      const schema = spot.node(spec);
      const [field, property] = Object.entries<Json>(schema.properties).find(
        ([, p]) => p.$ref && spec.components.schemas[p.$ref.split("/").pop()].enum,
      )!;
      const target = spec.components.schemas[property.$ref.split("/").pop()];
      const differences = fromOlder((older) => {
        older.components.schemas.OlderValues = { ...target, enum: [...target.enum, "older-value"] };
        spot.node(older).properties[field] = { ...property, $ref: "#/components/schemas/OlderValues" };
      });
      expect(differences).toEqual([
        line(true, `${spot.at}.${field}`, /^enum value "older-value" removed \(request\)$/),
        line(true, "OlderValues", /^removed$/),
      ]);
    });

    it("a removed webhook, and a removed query parameter", () => {
      const webhook = Object.keys(spec.webhooks)[0]!;
      const path = Object.keys(spec.paths).find((p) => spec.paths[p].get)!;
      const differences = fromOlder((older) => {
        older.webhooks[`${webhook}Legacy`] = older.webhooks[webhook];
        older.paths[path].get.parameters.push({ name: "legacy", in: "query", schema: { type: "string" } });
      });
      expect(differences).toEqual([
        line(true, `GET ${path}`, /^parameter query legacy removed$/),
        line(true, `POST webhook ${webhook}Legacy`, /^webhook removed$/),
      ]);
    });

    it("an operationId change, which renames every generated call", () => {
      const path = firstPost();
      const differences = fromOlder((older) => (older.paths[path].post.operationId = "oldName"));
      expect(differences).toEqual([line(true, `POST ${path}`, /^operationId "oldName" → /)]);
    });
  });

  describe("not breaking", () => {
    it("an added endpoint", () => {
      const path = firstPost();
      const differences = fromOlder((older) => delete older.paths[path]);
      expect(differences).toEqual([line(false, `POST ${path}`, /^endpoint added$/)]);
    });

    it("an added optional field of a request body, and any added field of an answer", () => {
      const request = find("request", (s) => optionalField(s));
      const answer = find("response", (s) => s.properties && Object.keys(s.properties).length > 0);
      const requestField = optionalField(request.node(spec))!;
      const answerField = Object.keys(answer.node(spec).properties)[0]!;
      const differences = fromOlder((older) => {
        delete request.node(older).properties[requestField];
        delete answer.node(older).properties[answerField];
        const required = answer.node(older).required;
        if (required) answer.node(older).required = required.filter((name: string) => name !== answerField);
      });
      expect(differences).toContainEqual(line(false, request.at, new RegExp(`^field "${requestField}" added`)));
      expect(differences).toContainEqual(line(false, answer.at, new RegExp(`^field "${answerField}" added`)));
      expect(differences.filter((d) => d.breaking)).toEqual([]);
    });

    it("an added optional query parameter", () => {
      const path = Object.keys(spec.paths).find((p) => spec.paths[p].get)!;
      // Today's spec as the older one, and a newer with one more, optional, parameter.
      const newer = structuredClone(spec);
      newer.paths[path].get.parameters.push({ name: "verbose", in: "query", schema: { type: "boolean" } });
      expect(diffSpecs(spec, newer)).toEqual([line(false, `GET ${path}`, /^parameter query verbose added$/)]);
    });

    it("an added enum value", () => {
      const spot = find("request", (s) => Array.isArray(s.enum) && s.enum.length > 1);
      const [first] = spot.node(spec).enum;
      const differences = fromOlder((older) => spot.node(older).enum.shift());
      expect(differences).toEqual([line(false, spot.at, new RegExp(`^enum value ${JSON.stringify(first)} added`))]);
    });

    it.each(["maxLength", "maxItems", "maximum", "minItems", "minLength", "minimum"])("a widened %s", (keyword) => {
      const spot = find(
        "request",
        (s) => typeof s[keyword] === "number" && s[keyword] > 1 - Number(keyword.startsWith("min")),
      );
      const narrower = keyword.startsWith("max") ? -1 : +1;
      const differences = fromOlder((older) => (spot.node(older)[keyword] += narrower));
      expect(differences).toEqual([line(false, spot.at, new RegExp(`^${keyword} .* \\(widened\\)`))]);
    });

    it("a description, an example, a default", () => {
      const spot = find("request", (s) => s.description && s.default !== undefined);
      const example = Object.keys(spec.components.examples)[0]!;
      const differences = fromOlder((older) => {
        spot.node(older).description = "An older description.";
        spot.node(older).default = "older";
        older.components.examples[example].value = { older: true };
        older.info.description = "An older API description.";
        older.info.version = "0.0.1";
      });
      expect(differences).toEqual([
        line(false, spot.at, /^description changed$/),
        line(false, spot.at, /^default "older" → /),
        line(false, `components.examples.${example}`, /^changed$/),
        line(false, "info", /^version changed$/),
        line(false, "info", /^description changed$/),
      ]);
    });
  });
});
