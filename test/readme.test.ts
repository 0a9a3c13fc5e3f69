// The README (for the people who install the package) and CONTRIBUTING.md (for those who change it)
// do not go stale: every npm script they name exists and both give the two commands of a clone; the
// README opens with the install line and its TypeScript compiles against the package (CONTRIBUTING.md
// has none). (The README's CLI
// commands run in test/cli/cli.test.ts; `npm start` in test/mock/cli.test.ts; the back-end examples in
// test/webhook/handler.test.ts.)
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { codeBlocks, typecheckSnippets } from "./docs/snippets.js";

const ROOT = new URL("..", import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), "novita-vidu-readme-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const scripts = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts;

describe.each(["README.md", "CONTRIBUTING.md"])("%s", (file) => {
  const text = readFileSync(join(ROOT, file), "utf8");
  const blocks = (language: string) =>
    codeBlocks(text)
      .filter((b) => b.language === language)
      .map((b) => b.code);

  it("every npm script it names exists", () => {
    const named = [...text.matchAll(/npm (?:run ([\w:-]+)|(start|test)\b)/g)].map((m) => m[1] ?? m[2]);
    expect(named.length).toBeGreaterThan(1);
    for (const name of new Set(named)) expect(scripts, `npm run ${name}`).toHaveProperty(name as string);
    expect(scripts.start).toBe("node scripts/mock.mjs"); // what test/mock/cli.test.ts runs
  });

  it("gives the two commands of a clone, as CI runs them", () => {
    const clone = blocks("sh").find((code) => /^npm install && npm start\b/m.test(code));
    expect(clone).toMatch(/^npm install && npm test\b/m);
    // .ci/run runs the same test command.
    expect(readFileSync(join(ROOT, ".ci/run"), "utf8")).toMatch(/^npm test$/m);
  });
});

describe("README.md for npm users", () => {
  const text = readFileSync(join(ROOT, "README.md"), "utf8");

  it("its TypeScript compiles against the package, strictly", async () => {
    const snippets = codeBlocks(text)
      .filter((b) => b.language === "ts")
      .map((b) => b.code);
    expect(snippets.length).toBeGreaterThanOrEqual(3);
    expect(await typecheckSnippets(snippets, scratch)).toBe("");
  }, 90_000);

  it("opens with the install line", () => {
    const [first] = codeBlocks(readFileSync(join(ROOT, "README.md"), "utf8"));
    expect(first).toEqual({ language: "sh", code: "npm install novita-vidu\n" });
  });
});
