// The one $ref resolver (scripts/lib/ref.mjs) that the generator and the tests share.
import { describe, expect, it } from "vitest";
import { refTarget, resolveRef, resolveSchema } from "../scripts/lib/ref.mjs";

const doc = {
  components: {
    schemas: {
      Task: { type: "object" },
      Alias: { $ref: "#/components/schemas/Task" },
      "a/b~c": { const: 1 },
      "with space": { const: 2 },
      Loop: { $ref: "#/components/schemas/Loop2" },
      Loop2: { $ref: "#/components/schemas/Loop" },
    },
  },
};

describe("refTarget", () => {
  it("follows a local JSON pointer, unescaping ~1, ~0 and %-escapes", () => {
    expect(refTarget(doc, "#/components/schemas/Task")).toBe(doc.components.schemas.Task);
    expect(refTarget(doc, "#/components/schemas/a~1b~0c")).toEqual({ const: 1 });
    expect(refTarget(doc, "#/components/schemas/with%20space")).toEqual({ const: 2 });
    expect(refTarget(doc, "#")).toBe(doc);
  });

  it("names the reference and the missing key when nothing is there", () => {
    expect(() => refTarget(doc, "#/components/schemas/Missing")).toThrow(
      'cannot resolve $ref #/components/schemas/Missing: nothing at "Missing"',
    );
    // Inherited properties are not part of the document.
    expect(() => refTarget(doc, "#/components/schemas/toString")).toThrow(/cannot resolve/);
  });

  it("refuses a reference to another document", () => {
    expect(() => refTarget(doc, "other.yaml#/components/schemas/Task")).toThrow(/only local references/);
  });
});

describe("resolveRef", () => {
  it("returns a node without $ref as it is, and follows chains of references to the end", () => {
    const plain = { type: "string" };
    expect(resolveRef(doc, plain)).toBe(plain);
    expect(resolveRef(doc, { $ref: "#/components/schemas/Alias" })).toBe(doc.components.schemas.Task);
  });

  it("stops on a loop of references instead of hanging", () => {
    expect(() => resolveRef(doc, { $ref: "#/components/schemas/Loop" })).toThrow(/is circular/);
  });
});

describe("resolveSchema", () => {
  it("lets keywords written beside a $ref win over the target's, at every step of a chain", () => {
    const spec = {
      components: {
        schemas: {
          Duration: { type: "integer", enum: [4, 8], description: "Seconds." },
          Short: { $ref: "#/components/schemas/Duration", default: 4 },
        },
      },
    };
    const field = { $ref: "#/components/schemas/Short", description: "This model's own words." };
    expect(resolveSchema(spec, field)).toEqual({
      type: "integer",
      enum: [4, 8],
      default: 4,
      description: "This model's own words.",
    });
    expect(resolveSchema(spec, { $ref: "#/components/schemas/Duration" })).toBe(spec.components.schemas.Duration);
    expect(() => resolveSchema(doc, { $ref: "#/components/schemas/Loop" })).toThrow(/is circular/);
  });
});
