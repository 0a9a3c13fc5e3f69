// generated/ is exactly what `npm run generate` writes from spec/, and writing it is deterministic.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { build } from "../scripts/lib/build.mjs";
import { compileValidators } from "../scripts/lib/compile-validators.mjs";

const run = promisify(execFile);
const ROOT = new URL("..", import.meta.url).pathname;
const generate = (...args: string[]) => run(process.execPath, ["scripts/generate.mjs", ...args], { cwd: ROOT });
const scratch = mkdtempSync(join(tmpdir(), "novita-vidu-generate-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("generated/", () => {
  it("is what spec/ generates (run `npm run generate` after changing spec/)", async () => {
    const { stdout } = await generate("--check");
    expect(stdout).not.toContain("✘");
  });

  it("is written the same way twice", async () => {
    const [first, second] = [await build(), await build()];
    expect(second).toEqual(first);
  });

  it("fails the check when a generated file is edited by hand or left behind", async () => {
    const copy = join(scratch, "generated");
    cpSync(join(ROOT, "generated"), copy, { recursive: true });
    writeFileSync(join(copy, "schema.d.ts"), `${readFileSync(join(copy, "schema.d.ts"), "utf8")}// edited\n`);
    writeFileSync(join(copy, "leftover.js"), "");
    const failure = await generate("--check", "--out", copy).then(
      () => undefined,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toMatch(/✘ .*schema\.d\.ts differs from spec/);
    expect(failure?.stdout).toMatch(/✘ .*leftover\.js is not generated from spec/);
    expect(failure?.stdout).toMatch(/✔ .*openapi\.json/);
  });
});

describe("the validator compiler", () => {
  const doc = { components: { schemas: {} } };
  const compile = (schema: object) => compileValidators(doc, { "/x": schema });

  it("refuses a keyword it does not enforce instead of skipping it", () => {
    expect(() => compile({ type: "string", format: "uri" })).toThrow(/\/x: keyword "format" is not enforced/);
    expect(() => compile({ type: "object", properties: { a: { type: "number", multipleOf: 2 } } })).toThrow(
      /\/x\/properties\/a: keyword "multipleOf"/,
    );
    expect(() => compile({ type: "object", additionalProperties: { type: "string" } })).toThrow(/additionalProperties/);
    expect(() => compile({ anyOf: [{ type: "string" }] })).toThrow(/"anyOf"/);
  });

  it("refuses a `not` it cannot put into words, and if/then (the spec says 'not both' with a `not`)", () => {
    expect(() => compile({ not: { type: "object", properties: { a: { minimum: 1 } } } })).toThrow(/not both/);
    expect(() => compile({ not: { required: ["a"], properties: { a: { const: 1 } } } })).toThrow(/not both/);
    expect(() => compile({ if: { properties: { a: { const: 1 } } }, then: {} })).toThrow(
      /keyword "if" is not enforced/,
    );
  });

  it("refuses a $ref it cannot resolve", () => {
    expect(() => compile({ $ref: "#/components/schemas/Missing" })).toThrow(/cannot resolve/);
  });

  it("ignores annotations and x- extensions", () => {
    expect(compile({ type: "string", description: "d", default: "a", examples: ["a"], "x-note": 1 })).toContain(
      'schema(["string"])',
    );
  });
});
