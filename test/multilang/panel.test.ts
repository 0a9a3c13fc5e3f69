// The generator panel: each tool of panel-tools.ts generates from the bundled spec into a folder of
// its own (and, for the tools that read OpenAPI 3.0, from the 3.0 document into another), everything
// they wrote is typechecked under --strict in one tsc run, and the clients that have a live script
// submit every generation of the spec to the mock and follow it to its video.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, spec } from "../fixtures/bundled-spec.js";
import { generations, run } from "./languages.js";
import { API_KEY, startMock, type Mock } from "./mock.js";
import { SPEC_30_YAML, SPEC_YAML, TOOLS, writeLiveScript, type LiveRun, type Tool } from "./panel-tools.js";

// Inside the project (and gitignored), so the generated code finds the project's node_modules.
mkdirSync(join(ROOT, ".scratch"), { recursive: true });
const SCRATCH = mkdtempSync(join(ROOT, ".scratch", "panel-"));

/** One tool on one document: every tool on the 3.1 bundle, the 3.0 readers on the 3.0 document too. */
interface PanelRun {
  tool: Tool;
  version: "3.1" | "3.0";
  label: string;
}
const RUNS: PanelRun[] = [
  ...TOOLS.map((tool) => ({ tool, version: "3.1" as const, label: tool.pkg })),
  ...TOOLS.filter((tool) => tool.reads30).map((tool) => ({
    tool,
    version: "3.0" as const,
    label: `${tool.pkg} on 3.0`,
  })),
];
const folderOf = ({ tool, version }: PanelRun) =>
  join(SCRATCH, `${tool.pkg.replace(/^@/, "").replace(/\//g, "-")}${version === "3.0" ? "-3.0" : ""}`);
const devDependencies: Record<string, string> = JSON.parse(
  readFileSync(join(ROOT, "package.json"), "utf8"),
).devDependencies;

interface Generated {
  ok: boolean;
  error?: string;
  ms: number;
}
const generated = new Map<PanelRun, Generated>();
/** tsc's errors, by the tool whose folder holds the file. */
const typeErrors = new Map<PanelRun, string[]>();
let mock: Mock | undefined;

/** Runs `task` on each item, at most `limit` at a time (the machine has few cores). */
async function eachLimited<T>(items: T[], limit: number, task: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: limit }, async () => {
      for (let item; (item = queue.shift());) await task(item);
    }),
  );
}

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((file) => statSync(join(dir, file)).isFile());
}
const textOf = (entry: PanelRun) =>
  filesUnder(folderOf(entry))
    .filter((file) => file.endsWith(".ts"))
    .map((file) => readFileSync(join(folderOf(entry), file), "utf8"))
    .join("\n");

beforeAll(async () => {
  const mockStarted = startMock();
  await eachLimited(RUNS, 4, async (entry) => {
    const started = performance.now();
    mkdirSync(folderOf(entry));
    try {
      await entry.tool.generate(folderOf(entry), entry.version === "3.0" ? SPEC_30_YAML : SPEC_YAML);
      generated.set(entry, { ok: true, ms: performance.now() - started });
    } catch (error) {
      const { stdout = "", stderr = "", message } = error as { stdout?: string; stderr?: string; message: string };
      generated.set(entry, { ok: false, error: `${message}\n${stdout}\n${stderr}`, ms: performance.now() - started });
    }
  });
  const times = RUNS.map((entry) => `${entry.label} ${Math.round(generated.get(entry)!.ms)} ms`);
  console.log(`generator panel: ${times.join(", ")}`);
  // The live scripts run on what each tool generated from the 3.1 bundle.
  for (const entry of RUNS)
    if (entry.tool.live && entry.version === "3.1" && generated.get(entry)?.ok)
      writeLiveScript(folderOf(entry), entry.tool.live);
  // One tsc for every folder whose tool generated, each error put down to its folder's run.
  const folders = RUNS.filter((entry) => generated.get(entry)?.ok).map((entry) => relative(SCRATCH, folderOf(entry)));
  writeFileSync(
    join(SCRATCH, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        target: "ES2022",
        module: "ESNext",
        moduleResolution: "Bundler",
        lib: ["ES2022", "DOM", "DOM.Iterable"],
        types: ["node"],
        allowImportingTsExtensions: true,
        esModuleInterop: true,
      },
      include: folders.map((folder) => `${folder}/**/*.ts`),
    }),
  );
  const tsc = await run(join(ROOT, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.json", "--pretty", "false"], {
    cwd: SCRATCH,
    timeout: 300_000,
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }));
  for (const entry of RUNS) typeErrors.set(entry, []);
  for (const line of tsc.stdout.split("\n").filter((l) => / error TS\d+/.test(l))) {
    const entry = RUNS.find((r) => line.startsWith(relative(SCRATCH, folderOf(r)) + sep));
    if (entry) typeErrors.get(entry)!.push(line);
    else for (const errors of typeErrors.values()) errors.push(line); // outside every folder: everyone's
  }
  mock = await mockStarted;
}, 600_000);

afterAll(async () => {
  await mock?.close();
  rmSync(SCRATCH, { recursive: true, force: true });
});

// What every client must mention: each path of the spec; every types-only tool: each request schema.
const paths = Object.keys(spec.paths);
const requestSchemas = [...new Set(generations().map(({ schema }) => schema))];

describe.each(RUNS)("$label", (entry) => {
  const { tool, version } = entry;
  if (version === "3.1")
    it("is pinned to an exact version in devDependencies, the version installed", () => {
      const pinned = devDependencies[tool.pkg];
      expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
      const installed = JSON.parse(readFileSync(join(ROOT, "node_modules", tool.pkg, "package.json"), "utf8")).version;
      expect(installed).toBe(pinned);
    });

  const known = tool.knownFailure?.();
  if (known) {
    // Asserted, not skipped: once the spec no longer has what trips it, this test says to expect success.
    it(`fails on this spec, as known: ${known.why}`, () => {
      expect(generated.get(entry)).toMatchObject({ ok: false, error: expect.stringMatching(known.message) });
    });
    return;
  }

  it(`generates from the ${version} document ${tool.writes === "client" ? "a call for every path" : "a type for every request body"}`, () => {
    const outcome = generated.get(entry)!;
    expect(outcome.error).toBeUndefined();
    const text = textOf(entry);
    for (const name of tool.writes === "client" ? paths : requestSchemas) expect(text).toContain(name);
  });

  it("writes TypeScript that typechecks under --strict", () => {
    expect(filesUnder(folderOf(entry)).some((file) => file.endsWith(".ts"))).toBe(true);
    expect(typeErrors.get(entry)).toEqual([]);
  });

  if (tool.live && version === "3.1") {
    it("submits every generation of the spec to the mock, polls each to success and downloads its video", async () => {
      const script = join(folderOf(entry), "live.ts");
      const { live } = (await import(pathToFileURL(script).href)) as {
        live: (baseUrl: string, key: string, timeoutMs: number) => Promise<LiveRun[]>;
      };
      const runs = await live(mock!.url, API_KEY, 30_000);
      expect(runs.map((r) => r.operationId)).toEqual(generations().map((g) => g.operationId));
      for (const { operationId, error, statuses, videoUrl } of runs) {
        expect({ operationId, error }).toEqual({ operationId, error: undefined });
        expect(statuses.at(-1)).toBe("TASK_STATUS_SUCCEED");
        expect(statuses.length).toBeGreaterThan(1); // seen unfinished, then finished
        const video = Buffer.from(await (await fetch(videoUrl!)).arrayBuffer());
        expect(mock!.isMockVideo(video)).toBe(true);
      }
    }, 60_000);
  }
});

describe("the README's table of generators", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## From another language"));
  const rows = section
    .slice(0, section.indexOf("\n## "))
    .split("\n")
    .filter((line) => line.startsWith("| "));

  it.each(TOOLS)("names $pkg at its pinned version, live only if it runs live", (tool) => {
    const row = rows.find((line) => line.startsWith(`| ${tool.name ?? tool.pkg} ${devDependencies[tool.pkg]} `));
    expect(row, `a row for ${tool.name ?? tool.pkg} ${devDependencies[tool.pkg]}`).toBeDefined();
    expect(row!.includes("live on the mock")).toBe(Boolean(tool.live));
  });
});
