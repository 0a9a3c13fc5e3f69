// generated/jsonschema/ with the command a user types: `quicktype -s schema generated/jsonschema/*.json`
// must make exactly one type per component, each under the component's name, and none invented for
// a schema reached through a `$ref` (`TaskClass`, `PayloadObject`).
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, spec, type Json } from "../fixtures/bundled-spec.js";

const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), "novita-vidu-quicktype-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("quicktype's command line on generated/jsonschema/*.json", () => {
  it("makes one interface per object component with properties (a string map is a map) and no other", async () => {
    const files = readdirSync(join(ROOT, "generated", "jsonschema")).map((file) => `generated/jsonschema/${file}`);
    const out = join(scratch, "types.ts");
    const quicktype = join(ROOT, "node_modules", ".bin", "quicktype");
    await run(quicktype, ["-s", "schema", ...files, "-l", "ts", "--just-types", "-o", out], { cwd: ROOT });
    const interfaces = [...readFileSync(out, "utf8").matchAll(/^export interface (\w+)/gm)].map(([, name]) => name);
    const objects = Object.entries(spec.components.schemas as Record<string, Json>)
      .filter(([, schema]) => schema.type === "object" && schema.properties)
      .map(([name]) => name);
    expect(objects.length).toBeGreaterThan(20);
    expect(interfaces.sort()).toEqual(objects.sort());
  }, 60_000);
});
