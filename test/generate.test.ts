// generated/ is exactly what `npm run generate` writes from spec/, and writing it is deterministic.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../scripts/lib/build.mjs";
import { compileModels } from "../scripts/lib/compile-validators.mjs";

const run = promisify(execFile);
const ROOT = new URL("..", import.meta.url).pathname;
const generate = (...args: string[]) => run(process.execPath, ["scripts/generate.mjs", ...args], { cwd: ROOT });
const scratch = mkdtempSync(join(tmpdir(), "novita-vidu-generate-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// One build in this process and one by `generate --check` in a child. The docs page, the slowest part,
// is rendered once per run, by the child, which compares it with the committed page an earlier run
// wrote; the in-process build, there to show every other file is written the same way twice, skips it. The child checks a copy of generated/ with one
// file edited and one left behind, so the same run shows what it reports for those.
let inProcess: Record<string, string>;
let checked: { code: number; stdout: string };
beforeAll(async () => {
  const copy = join(scratch, "generated");
  cpSync(join(ROOT, "generated"), copy, { recursive: true });
  writeFileSync(join(copy, "schema.d.ts"), `${readFileSync(join(copy, "schema.d.ts"), "utf8")}// edited\n`);
  writeFileSync(join(copy, "leftover.js"), "");
  [inProcess, checked] = await Promise.all([
    build({ docs: false }),
    generate("--check", "--out", copy).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => error,
    ),
  ]);
}, 180_000);
const lines = () => checked.stdout.trim().split("\n");
const planted = (line: string) => /[\\/](schema\.d\.ts|leftover\.js)\b/.test(line);

describe("generated/", () => {
  it("is what spec/ generates (run `npm run generate` after changing spec/)", () => {
    // Every file but the two planted in the copy, as `generate --check` sees them…
    expect(lines().filter((line) => !planted(line) && !line.startsWith("✔ "))).toEqual([]);
    // …and the one edited in the copy, here.
    expect(inProcess["schema.d.ts"]).toBe(readFileSync(join(ROOT, "generated", "schema.d.ts"), "utf8"));
  });

  it("is written the same way twice (in this process and by the check's child)", () => {
    // The child's build matched generated/ file for file (above); so must this one.
    // The child's lines, but the planted ones and the docs page, plus schema.d.ts.
    const names = lines().filter((line) => !planted(line) && !/docs[\\/]index\.html/.test(line)).length + 1;
    expect(Object.keys(inProcess)).toHaveLength(names);
    expect(lines()).toContainEqual(expect.stringMatching(/^✔ .*docs[\\/]index\.html/));
    for (const [name, contents] of Object.entries(inProcess)) {
      expect(contents, name).toBe(readFileSync(join(ROOT, "generated", name), "utf8"));
    }
  });

  it("fails the check when a generated file is edited by hand or left behind", () => {
    expect(checked.code).toBe(1);
    expect(checked.stdout).toMatch(/✘ .*schema\.d\.ts differs from spec/);
    expect(checked.stdout).toMatch(/✘ .*leftover\.js is not generated from spec/);
    expect(checked.stdout).toMatch(/✔ .*openapi\.json/);
  });
});

describe("the validator compiler", () => {
  const doc = { components: { schemas: {} } };
  const compile = (schema: object) =>
    Object.values(compileModels(doc, [{ key: "x", path: "/x", name: "x", schema }], "header")).join("\n");

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
