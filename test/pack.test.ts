// The published package works for a stranger: a fresh project installs the tarball, imports each
// entry, and typechecks against it; publint and arethetypeswrong find nothing to report.
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = new URL("..", import.meta.url).pathname;
const bin = (name: string) => join(ROOT, "node_modules", ".bin", name);
const scratch = mkdtempSync(join(tmpdir(), "novita-vidu-pack-"));
const app = join(scratch, "app");
let tarball = "";

beforeAll(async () => {
  // Packed from a copy, so its build does not rewrite dist/ under other tests (the CLI's runs from it).
  const copy = join(scratch, "package");
  mkdirSync(copy);
  for (const entry of ["package.json", "README.md", "tsconfig.json", "tsconfig.build.json", "src", "generated"]) {
    cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
  }
  symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"), "dir");
  await run("npm", ["pack", "--pack-destination", scratch], { cwd: copy });
  tarball = join(scratch, readdirSync(scratch).find((f) => f.endsWith(".tgz")) ?? "");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball], { cwd: app });
}, 120_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the packed package", () => {
  it("imports each entry in a fresh project", async () => {
    writeFileSync(
      join(app, "main.mjs"),
      `import { createViduClient, ViduValidationError } from "novita-vidu";
import { imageFromFile } from "novita-vidu/node";
import * as schema from "novita-vidu/schema";
import { validateRequestBody } from "novita-vidu/validators";
import spec from "novita-vidu/openapi.json" with { type: "json" };
const vidu = createViduClient({ apiKey: "k", fetch: async () => { throw new Error("nothing is sent"); } });
const error = await vidu.submit("vidu-q3-turbo-i2v", { images: [] }).catch((e) => e);
console.log(JSON.stringify({
  validation: error instanceof ViduValidationError,
  node: typeof imageFromFile,
  schema: Object.keys(schema).length,
  paths: Object.keys(spec.paths).length,
  validators: validateRequestBody("/v3/async/vidu-q3-turbo-i2v", {}).length,
}));
`,
    );
    const { stdout } = await run(process.execPath, ["main.mjs"], { cwd: app });
    expect(JSON.parse(stdout)).toEqual({ validation: true, node: "function", schema: 0, paths: 4, validators: 1 });
  });

  it("installs the novita-vidu command", async () => {
    const { stdout } = await run(join(app, "node_modules", ".bin", "novita-vidu"), ["models", "--json"], { cwd: app });
    expect(JSON.parse(stdout).map((m: { model: string }) => m.model)).toContain("vidu-q3-turbo-i2v");
  });

  it("typechecks a fresh project against it", async () => {
    writeFileSync(
      join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: "NodeNext",
          moduleResolution: "NodeNext",
          target: "ES2022",
          lib: ["ES2022", "DOM"],
          types: [],
          noEmit: true,
          skipLibCheck: false,
        },
      }),
    );
    writeFileSync(
      join(app, "main.ts"),
      `import { createViduClient, type TaskResult } from "novita-vidu";
import { imageFromFile } from "novita-vidu/node";
import type { ViduQ3TurboI2VRequest, paths } from "novita-vidu/schema";
const body: ViduQ3TurboI2VRequest = { images: ["https://example.com/a.png"], duration: 8 };
const vidu = createViduClient({ apiKey: "k" });
export const result: Promise<TaskResult> = vidu.run("vidu-q3-turbo-i2v", body);
export const image: Promise<string> = imageFromFile("a.png");
export type Status = paths["/v3/async/task-result"]["get"]["responses"]["200"]["content"]["application/json"]["task"]["status"];
// @ts-expect-error resolution is 540p, 720p or 1080p
export const bad: ViduQ3TurboI2VRequest = { images: [], resolution: "4k" };
`,
    );
    await expect(run(bin("tsc"), ["-p", "."], { cwd: app })).resolves.toBeDefined();
  });

  it("passes publint and arethetypeswrong", async () => {
    const publint = await run(bin("publint"), ["--strict", tarball], { cwd: ROOT });
    expect(publint.stdout).toMatch(/All good!/);
    // YAML is not JavaScript: arethetypeswrong cannot resolve it, by design.
    await expect(
      run(bin("attw"), [tarball, "--profile", "esm-only", "--exclude-entrypoints", "./openapi.yaml"], { cwd: ROOT }),
    ).resolves.toBeDefined();
  });
});
