// The README does not go stale: its TypeScript compiles against the package, and every npm script it
// names exists. (Its CLI commands run in test/cli/readme.test.ts; `npm start` in test/mock/cli.test.ts.)
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { typecheckSnippets } from "./docs/snippets.js";

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
    expect(await typecheckSnippets(snippets, scratch)).toBe("");
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
