// The guides (docs/guides/*.md) do not go stale: their TypeScript compiles against the package, their
// shell blocks run (curl and the CLI against the mock, other tools as stand-ins that check the files
// they are given), their Python runs, and the model table lists every model of the spec.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelTable, NO_PRICE } from "../../scripts/lib/docs-models.mjs";
import { readGuides } from "../../scripts/lib/guides.mjs";
import { startMockServer, type MockServer } from "../../src/mock/node.js";
import { resolveRef } from "../../scripts/lib/ref.mjs";
import { codeBlocks, typecheckSnippets } from "./snippets.js";

const ROOT = new URL("../..", import.meta.url).pathname;
const spec = JSON.parse(readFileSync(join(ROOT, "generated", "openapi.json"), "utf8"));
const guides = readGuides(ROOT).map((guide) => ({
  ...guide,
  blocks: codeBlocks(readFileSync(join(ROOT, "docs", "guides", guide.file), "utf8")),
}));
const scratch = mkdtempSync(join(tmpdir(), "novita-vidu-guides-"));
// Two folders down, as src/cli/ is (the CLI reads ../../generated/openapi.json), and inside the
// project, so that the bundle's own imports (commander) resolve.
const CLI = join(ROOT, "test-results", "guides", `cli-${process.pid}.mjs`);
let mock: MockServer;

beforeAll(async () => {
  mock = await startMockServer({ timings: { queuedMs: 100, processingMs: 400 } });
  await build({
    entryPoints: [join(ROOT, "src/cli/main.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    outfile: CLI,
    logLevel: "error",
  });
}, 60_000);
afterAll(async () => {
  await mock?.close();
  rmSync(CLI, { force: true });
  rmSync(scratch, { recursive: true, force: true });
});

// What a reader's shell has, pointed at the mock: curl sends to it instead of api.novita.ai, the CLI
// runs from the sources (`mock` until it says it is ready), `npm install` must name this package, and
// the generators of other languages check that the spec file they are given exists.
const SHIMS = `
set -euo pipefail
curl() { local args=(); for a in "$@"; do args+=("\${a//https:\\/\\/api.novita.ai/$NOVITA_BASE_URL}"); done; command curl -sS --max-time 10 --fail-with-body "\${args[@]}"; }
novita-vidu() {
  if [ "$1" = mock ]; then
    node "$CLI" "$@" --port 0 > mock.log 2>&1 & local pid=$!
    for _ in $(seq 100); do grep -q "mock API" mock.log && break; sleep 0.1; done
    kill "$pid"; grep "mock API" mock.log; return
  fi
  node "$CLI" "$@"
}
npx() { "$@"; }
npm() { [ "$*" = "install novita-vidu" ] || { echo "a guide runs: npm $*" >&2; return 1; }; }
generator() { for a in "$@"; do case "$a" in *.json) [ -s "$a" ] || { echo "no file $a" >&2; return 1; };; esac; done; }
pipx() { generator "$@"; }
go() { generator "$@"; }
openapi-generator-cli() { generator "$@"; }
`;

async function runShell(code: string, cwd: string, env: Record<string, string>) {
  const script = `${SHIMS}\n${code}`;
  return promisify(execFile)("bash", ["-c", script], {
    cwd,
    env: { PATH: process.env["PATH"] ?? "", HOME: cwd, CLI, NOVITA_BASE_URL: mock.url, ...env },
    timeout: 30_000,
  });
}

describe("the guides", () => {
  it("are there, each with code, in languages the tests know", () => {
    expect(guides.length).toBeGreaterThanOrEqual(6);
    for (const { file, blocks } of guides) {
      expect(blocks.length, file).toBeGreaterThan(0);
      for (const { language } of blocks)
        expect(["ts", "sh", "python"], `${file}: a \`\`\`${language} block`).toContain(language);
    }
  });

  it("have TypeScript that compiles against the package, strictly", async () => {
    const snippets = guides.flatMap(({ blocks }) => blocks.filter((b) => b.language === "ts").map((b) => b.code));
    expect(snippets.length).toBeGreaterThanOrEqual(6);
    expect(await typecheckSnippets(snippets, scratch)).toBe("");
  }, 90_000);

  it.each(guides.filter(({ blocks }) => blocks.some((b) => b.language === "sh")))(
    "$file: its shell blocks run",
    async ({ file, blocks }) => {
      const cwd = join(scratch, file.replace(/\.md$/, ""));
      mkdirSync(join(cwd, "node_modules"), { recursive: true });
      symlinkSync(ROOT, join(cwd, "node_modules", "novita-vidu"));
      // A task of the mock's, for the blocks that read one.
      const submitted = await fetch(`${mock.url}/v3/async/vidu-q3-turbo-i2v`, {
        method: "POST",
        headers: { Authorization: "Bearer any", "Content-Type": "application/json" },
        body: JSON.stringify({ images: ["https://example.com/cat.png"] }),
      });
      const { task_id } = (await submitted.json()) as { task_id: string };
      for (const { language, code } of blocks) {
        if (language !== "sh") continue;
        const { stdout } = await runShell(code, cwd, { NOVITA_API_KEY: "any", TASK_ID: task_id });
        if (/^(?:npx )?novita-vidu mock/m.test(code)) expect(stdout).toContain("mock API");
        if (/^curl .*\/v3\/async\/vidu-/m.test(code)) expect(JSON.parse(stdout)).toHaveProperty("task_id");
        if (/^curl .*task-result/m.test(code)) expect(JSON.parse(stdout).task.task_id).toBe(task_id);
        // Each video a command saves is the mock's MP4.
        for (const [, out] of code.matchAll(/--out (\S+)/g))
          expect(readFileSync(join(cwd, out!)).subarray(4, 8).toString(), out).toBe("ftyp");
      }
    },
    60_000,
  );

  it("have Python that runs", async () => {
    const python = guides.flatMap(({ blocks }) => blocks.filter((b) => b.language === "python").map((b) => b.code));
    expect(python.length).toBeGreaterThan(0);
    for (const code of python) {
      const file = join(scratch, "snippet.py");
      writeFileSync(file, code);
      // Run beside the JSON Schemas, as in the site's folder.
      const { stdout } = await promisify(execFile)("python3", [file], { cwd: join(ROOT, "generated") });
      expect(stdout).toContain("$.duration");
    }
  });

  it("choosing a model: its table lists every generation endpoint of the spec", () => {
    const guide = guides.find(({ description }) => description.includes("<!-- models -->"));
    expect(guide?.name).toBe("Choosing a model");
    const table = modelTable(spec);
    const posts = Object.entries(spec.paths as Record<string, { post?: unknown }>).filter(([, item]) => item.post);
    expect(posts.length).toBeGreaterThan(0);
    for (const [path] of posts) expect(table).toContain(`[\`${path.split("/").pop()}\`]`);
    expect(table.split("\n")).toHaveLength(posts.length + 2);
  });

  it("choosing a model: its credits column says what the spec's x-cost says, and no price otherwise", () => {
    const lines = modelTable(spec).split("\n");
    const column = lines[0]!.split(" | ").findIndex((cell) => cell.replace(/\|/g, "").trim() === "Credits");
    expect(column).toBeGreaterThan(0);
    type Field = { "x-cost"?: { when: unknown; extra?: number; unit?: string; cheaper?: boolean; page?: string } };
    let shown = 0;
    type Post = { requestBody: { content: { "application/json": { schema: object } } } };
    for (const [path, item] of Object.entries(spec.paths as Record<string, { post?: Post }>)) {
      if (!item.post) continue;
      const row = lines.find((line) => line.startsWith(`| [\`${path.split("/").pop()}\`]`));
      const notes = row!.split(" | ")[column]!.replace(/ \|$/, "").split("; ");
      const body = resolveRef(spec, item.post.requestBody.content["application/json"].schema);
      const costs = Object.entries(body.properties as Record<string, Field>).filter(([, field]) => field["x-cost"]);
      expect(notes[0], path).toBe(NO_PRICE);
      expect(notes.length, path).toBe(1 + costs.length);
      for (const [name, field] of costs) {
        const { when, extra, unit, cheaper, page } = field["x-cost"]!;
        const option = when === true ? name : `${name}: ${JSON.stringify(when)}`;
        const note = notes.find((part) => part.startsWith(`\`${option}\` `));
        expect(note, `${path} ${name}`).toContain(cheaper ? "cheaper" : `+${extra} ${unit} a `);
        if (page) expect(note).toContain(`${page}'s page`);
        shown++;
      }
    }
    // Every cost the spec gives for a request field is in the table (the rest are about results).
    let requestCosts = 0;
    JSON.stringify(spec.components.schemas, (key, value) => {
      if (key === "x-cost" && value.per !== "image") requestCosts++;
      return value;
    });
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBe(requestCosts);
  });
});
