// The README does not go stale: its TypeScript compiles against the package, and every npm script it
// names exists. (Its CLI commands run in test/cli/readme.test.ts; `npm start` in test/mock/cli.test.ts.)
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = new URL("..", import.meta.url).pathname;
const README = readFileSync(join(ROOT, "README.md"), "utf8");
const blocks = (language: string) =>
  [...README.matchAll(new RegExp("```" + language + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1] ?? "");
const scratch = mkdtempSync(join(tmpdir(), "novita-vidu-readme-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("README", () => {
  it("its TypeScript compiles against the package, strictly", async () => {
    const snippets = blocks("ts");
    expect(snippets.length).toBeGreaterThanOrEqual(3);
    // Each snippet is its own module; the package's entries point at the sources.
    snippets.forEach((code, i) => writeFileSync(join(scratch, `snippet${i}.ts`), `${code}\nexport {};\n`));
    const paths = {
      "novita-vidu": [join(ROOT, "src/index.ts")],
      "novita-vidu/node": [join(ROOT, "src/node.ts")],
      "novita-vidu/mock": [join(ROOT, "src/mock/index.ts")],
      "novita-vidu/mock/node": [join(ROOT, "src/mock/node.ts")],
      msw: [join(ROOT, "node_modules/msw/lib/core/index.d.mts")],
      "msw/browser": [join(ROOT, "node_modules/msw/lib/browser/index.d.mts")],
      "novita-vidu/schema": [join(ROOT, "generated/schema.d.ts")],
      "novita-vidu/validators": [join(ROOT, "generated/validators.d.ts")],
    };
    const compilerOptions = {
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      module: "ESNext",
      moduleResolution: "Bundler",
      target: "ES2022",
      lib: ["ES2022", "DOM"],
      types: ["node"],
      typeRoots: [join(ROOT, "node_modules/@types")],
      noEmit: true,
      skipLibCheck: true,
      paths,
    };
    writeFileSync(join(scratch, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["*.ts"] }));
    const tsc = join(ROOT, "node_modules/.bin/tsc");
    const result = await promisify(execFile)(tsc, ["-p", scratch]).catch((error) => error);
    expect(result.stdout ?? "").toBe("");
  }, 60_000);

  it("every npm script it names exists", () => {
    const scripts = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts;
    const named = [...README.matchAll(/npm (?:run ([\w:-]+)|(start|test)\b)/g)].map((m) => m[1] ?? m[2]);
    expect(named.length).toBeGreaterThan(5);
    for (const name of new Set(named)) expect(scripts, `npm run ${name}`).toHaveProperty(name as string);
    expect(scripts.start).toBe("node scripts/mock.mjs"); // what test/mock/cli.test.ts runs
  });

  it("shows the two quick-start commands", () => {
    const [quickStart] = blocks("sh");
    expect(quickStart).toMatch(/^npm install && npm start\b/m);
    expect(quickStart).toMatch(/^npm install && npm test\b/m);
  });
});
