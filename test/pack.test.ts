// The published package works for a stranger: a fresh project installs the tarball, imports each
// entry, runs the mock (`npx novita-vidu mock`, with the docs at /docs, and in-process), finds the docs
// (`npx novita-vidu docs`), and typechecks against it; its dependency tree has no Prism; publint and
// arethetypeswrong find nothing to report; the tarball stays within the budget the README states.
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MODELS } from "../generated/constants.js";
import { VIDEO_DEFAULTS } from "../generated/mock-videos.js";
import { readMp4 } from "./mock/mp4.js";

const run = promisify(execFile);
const ROOT = new URL("..", import.meta.url).pathname;
const bin = (name: string) => join(ROOT, "node_modules", ".bin", name);
const scratch = mkdtempSync(join(tmpdir(), "novita-vidu-pack-"));
const app = join(scratch, "app");
let tarball = "";

beforeAll(async () => {
  // Packed from a copy with the dist/ this run built once (test/setup/build.ts), so packing
  // neither builds again nor rewrites dist/ under other tests.
  const copy = join(scratch, "package");
  mkdirSync(copy);
  for (const entry of [
    "package.json",
    "README.md",
    "CHANGELOG.md",
    "tsconfig.json",
    "tsconfig.build.json",
    "src",
    "generated",
    "dist",
  ]) {
    cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
  }
  symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"), "dir");
  await run("npm", ["pack", "--ignore-scripts", "--pack-destination", scratch], { cwd: copy });
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
import { catalog } from "novita-vidu/catalog";
import spec from "novita-vidu/openapi.json" with { type: "json" };
const vidu = createViduClient({ apiKey: "k", fetch: async () => { throw new Error("nothing is sent"); } });
const error = await vidu.submit("vidu-q3-turbo-i2v", { images: [] }).catch((e) => e);
console.log(JSON.stringify({
  validation: error instanceof ViduValidationError,
  node: typeof imageFromFile,
  schema: Object.keys(schema).length,
  paths: Object.keys(spec.paths).length,
  validators: validateRequestBody("/v3/async/vidu-q3-turbo-i2v", {}).length,
  catalog: Object.keys(catalog).length,
}));
`,
    );
    const { stdout } = await run(process.execPath, ["main.mjs"], { cwd: app });
    expect(JSON.parse(stdout)).toEqual({
      validation: true,
      node: "function",
      schema: 0,
      paths: Object.keys(MODELS).length + 1,
      validators: 1,
      catalog: Object.keys(MODELS).length,
    });
  });

  it("lists none of the CLI's packages as dependencies, and `npx novita-vidu --help` runs without them", async () => {
    const manifest = JSON.parse(readFileSync(join(app, "node_modules", "novita-vidu", "package.json"), "utf8"));
    for (const name of ["commander"]) {
      expect(manifest.dependencies).not.toHaveProperty(name);
      expect(existsSync(join(app, "node_modules", name)), `${name} is installed`).toBe(false);
    }
    const { stdout } = await run("npx", ["--no-install", "novita-vidu", "--help"], { cwd: app });
    expect(stdout).toMatch(/^Usage: novita-vidu /m);
    expect(stdout).toMatch(/run \[options\] <model>/);
  });

  it("installs the novita-vidu command", async () => {
    const { stdout } = await run(join(app, "node_modules", ".bin", "novita-vidu"), ["models", "--json"], { cwd: app });
    expect(JSON.parse(stdout).map((m: { model: string }) => m.model)).toContain("vidu-q3-turbo-i2v");
  });

  it("says where its docs page is with `npx novita-vidu docs`, and --open with no opener is no error", async () => {
    const page = join(app, "node_modules", "novita-vidu", "generated", "docs", "index.html");
    const env = { ...process.env, PATH: `${join(app, "node_modules", ".bin")}:${process.env["PATH"]}` };
    const { stdout } = await run("npx", ["--no-install", "novita-vidu", "docs"], { cwd: app, env });
    expect(stdout.trim()).toBe(page);
    expect(readFileSync(page, "utf8")).toContain("const __redoc_definition = ");
    // An empty folder as the PATH: no xdg-open (nor open) to find.
    const bare = { ...process.env, PATH: mkdtempSync(join(scratch, "no-opener-")) };
    const cli = join(app, "node_modules", "novita-vidu", "dist", "cli", "main.js");
    const opened = await run(process.execPath, [cli, "docs", "--open"], { cwd: app, env: bare });
    expect(opened.stdout.trim()).toBe(page);
    expect(opened.stderr).toMatch(/^no (xdg-)?open on this machine: open the file above in a browser$/m);
  });

  it("stays within the size budget the README states, and the README states its size", () => {
    const row = readFileSync(join(ROOT, "README.md"), "utf8")
      .split("\n")
      .find((line) => line.startsWith("| the package (`npm pack`)"));
    const [, stated, budget] = /\| ([\d,]+) KB tarball[^|]*\| ≤ ([\d,]+) KB tarball/.exec(row ?? "") ?? [];
    expect(row, "README.md's Measured table has a row for the package").toBeDefined();
    const kb = statSync(tarball).size / 1024;
    expect(kb).toBeLessThanOrEqual(Number(budget!.replace(/,/g, "")));
    // The figure stays true: within 5 % of what this run packed.
    expect(Math.abs(kb / Number(stated!.replace(/,/g, "")) - 1)).toBeLessThan(0.05);
  });

  it("serves a full lifecycle to a playable MP4 with `npx novita-vidu mock`, and refuses bad input as Novita does", async () => {
    const child = spawn(
      "npx",
      ["--no-install", "novita-vidu", "mock", "--port", "0", "--queued-ms", "100", "--processing-ms", "300", "--quiet"],
      { cwd: app, detached: true },
    );
    const exited = once(child, "exit");
    try {
      let stdout = "";
      child.stdout.on("data", (chunk) => (stdout += chunk));
      for (const deadline = Date.now() + 20_000; !/Ctrl-C/.test(stdout);) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the mock did not start:\n${stdout}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const url = /✔ mock API {2}(http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)![1]!;
      expect(stdout).toContain(`✔ docs      ${url}/docs`);
      const headers = { Authorization: "Bearer any", "Content-Type": "application/json" };
      const post = (body: unknown) =>
        fetch(`${url}/v3/async/vidu-q3-turbo-i2v`, { method: "POST", headers, body: JSON.stringify(body) });
      const bad = await post({ images: ["./cat.png"], duration: 99 });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({
        reason: "INVALID_REQUEST_BODY",
        message: expect.stringMatching(/images\[0\].*duration/),
      });
      const { task_id } = await (await post({ images: ["https://example.com/a.png"] })).json();
      const seen = new Set<string>();
      let result: { task: { status: string }; videos: { video_url: string }[] } | undefined;
      for (
        const deadline = Date.now() + 10_000;
        Date.now() < deadline && result?.task.status !== "TASK_STATUS_SUCCEED";
      ) {
        result = await (await fetch(`${url}/v3/async/task-result?task_id=${task_id}`, { headers })).json();
        seen.add(result!.task.status);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect([...seen]).toEqual(["TASK_STATUS_QUEUED", "TASK_STATUS_PROCESSING", "TASK_STATUS_SUCCEED"]);
      const video = Buffer.from(await (await fetch(result!.videos[0]!.video_url)).arrayBuffer());
      expect(readMp4(video).durationSeconds).toBe(VIDEO_DEFAULTS["vidu-q3-turbo-i2v"]!.duration); // its model's default

      // A Q3 text-to-video task asked for 9:16 and 4 seconds ends with a portrait video of 4 seconds.
      const portrait = await fetch(`${url}/v3/async/vidu-q3-pro-t2v`, {
        method: "POST",
        headers,
        body: JSON.stringify({ prompt: "a lighthouse", aspect_ratio: "9:16", duration: 4 }),
      });
      const portraitId = ((await portrait.json()) as { task_id: string }).task_id;
      let finished: { videos: { video_url: string }[] } | undefined;
      for (const deadline = Date.now() + 10_000; Date.now() < deadline && !finished?.videos.length;) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        finished = await (await fetch(`${url}/v3/async/task-result?task_id=${portraitId}`, { headers })).json();
      }
      const header = readMp4(Buffer.from(await (await fetch(finished!.videos[0]!.video_url)).arrayBuffer()));
      expect(header.tracks[0]!.height).toBeGreaterThan(header.tracks[0]!.width);
      expect(header.durationSeconds).toBe(4);

      // The package's docs: the page at /docs, and / sends there.
      const page = await fetch(`${url}/docs`);
      expect([page.status, page.headers.get("content-type")]).toEqual([200, "text/html; charset=utf-8"]);
      const html = await page.text();
      expect(html).toBe(readFileSync(join(app, "node_modules/novita-vidu/generated/docs/index.html"), "utf8"));
      expect(html).toContain("<title>Novita Vidu");
      const root = await fetch(`${url}/`, { redirect: "manual" });
      expect([root.status, root.headers.get("location")]).toEqual([302, "/docs"]);
      expect((await fetch(`${url}/docs/openapi.json`)).status).toBe(200); // the page's relative links
    } finally {
      process.kill(-child.pid!, "SIGINT");
      await exited;
    }
  });

  it('gives a working mock handler in-process with `import("novita-vidu/mock")`', async () => {
    writeFileSync(
      join(app, "mock.mjs"),
      `const { createMockHandler } = await import("novita-vidu/mock");
let now = 0;
const mock = createMockHandler({ clock: () => now, timings: { queuedMs: 1000, processingMs: 1000 } });
const headers = { Authorization: "Bearer any", "Content-Type": "application/json" };
const call = (path, init) => mock(new Request("http://127.0.0.1:4010" + path, { headers, ...init }));
const body = JSON.stringify({ images: ["https://example.com/a.png"] });
const { task_id } = await (await call("/v3/async/vidu-q3-turbo-i2v", { method: "POST", body })).json();
const statuses = [];
for (now = 0; now <= 2000; now += 1000)
  statuses.push((await (await call("/v3/async/task-result?task_id=" + task_id)).json()).task.status);
const refused = await (await call("/v3/async/vidu-q3-turbo-i2v", { method: "POST", body: "{}" })).json();
const video = new Uint8Array(await (await call("/videos/" + task_id + ".mp4")).arrayBuffer());
console.log(JSON.stringify({ statuses, refused: refused.message, ftyp: new TextDecoder().decode(video.slice(4, 8)) }));
`,
    );
    const { stdout } = await run(process.execPath, ["mock.mjs"], { cwd: app });
    expect(JSON.parse(stdout)).toEqual({
      statuses: ["TASK_STATUS_QUEUED", "TASK_STATUS_PROCESSING", "TASK_STATUS_SUCCEED"],
      refused: "Invalid request body: images is required.",
      ftyp: "ftyp",
    });
  });

  it("runs one model the lean way: novita-vidu/lean with a descriptor from novita-vidu/models", async () => {
    writeFileSync(
      join(app, "lean.mjs"),
      `import { createViduClient, ViduValidationError } from "novita-vidu/lean";
import { viduQ3TurboI2V } from "novita-vidu/models/vidu-q3-turbo-i2v";
import { allModels, viduQ3TurboI2V as named } from "novita-vidu/models";
import { createMockHandler } from "novita-vidu/mock";
const mock = createMockHandler({ timings: { queuedMs: 0, processingMs: 0 } });
const vidu = createViduClient({ apiKey: "k", baseUrl: "http://127.0.0.1:4010", fetch: (r, init) => mock(new Request(r, init)) });
const result = await vidu.run(viduQ3TurboI2V, { images: ["https://example.com/a.png"] });
const byKey = await vidu.run("vidu-q3-turbo-i2v", {}).catch((e) => e instanceof ViduValidationError);
const internal = await import("novita-vidu/models/_runtime").catch((e) => e.code);
console.log(JSON.stringify({ status: result.task.status, same: named === viduQ3TurboI2V && allModels["vidu-q3-turbo-i2v"] === named, byKey, internal }));
`,
    );
    const { stdout } = await run(process.execPath, ["lean.mjs"], { cwd: app });
    expect(JSON.parse(stdout)).toEqual({
      status: "TASK_STATUS_SUCCEED",
      same: true,
      byKey: true,
      internal: "ERR_PACKAGE_PATH_NOT_EXPORTED",
    });
  });

  it("installs no Prism, nor the optional msw", async () => {
    const { stdout } = await run("npm", ["ls", "--all", "--json"], { cwd: app });
    const names: string[] = [];
    // An optional peer that is not installed is listed without a version.
    const walk = (deps: Record<string, { version?: string; dependencies?: object }> = {}) => {
      for (const [name, dep] of Object.entries(deps)) {
        if (!dep.version) continue;
        names.push(name);
        walk(dep.dependencies as never);
      }
    };
    walk(JSON.parse(stdout).dependencies);
    expect(names).toContain("novita-vidu");
    expect(names.filter((name) => /prism|stoplight|^msw$/.test(name))).toEqual([]);
    expect(existsSync(join(app, "node_modules", "@stoplight"))).toBe(false);
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
      `import { createViduClient, createWebhookHandler, type TaskResult } from "novita-vidu";
import { downloadVideo, imageFromFile, toNodeHandler, type SavedVideo } from "novita-vidu/node";
import { createMockHandler } from "novita-vidu/mock";
import { startMockServer, type MockServer } from "novita-vidu/mock/node";
import type { ViduQ3TurboI2VRequest, paths } from "novita-vidu/schema";
import { createViduClient as createLeanClient } from "novita-vidu/lean";
import { viduQ3TurboI2V } from "novita-vidu/models/vidu-q3-turbo-i2v";
import { viduQ2ProFast } from "novita-vidu/models";
import { catalog } from "novita-vidu/catalog";
const body: ViduQ3TurboI2VRequest = { images: ["https://example.com/a.png"], duration: 8 };
const vidu = createViduClient({ apiKey: "k" });
export const result: Promise<TaskResult> = vidu.run("vidu-q3-turbo-i2v", body);
export const image: Promise<string> = imageFromFile("a.png");
export const answer: Promise<Response> = createMockHandler({ timings: { queuedMs: 0 } })(new Request("http://x/"));
export const server: Promise<MockServer> = startMockServer({ port: 0 });
export type Status = paths["/v3/async/task-result"]["get"]["responses"]["200"]["content"]["application/json"]["task"]["status"];
// @ts-expect-error resolution is 540p, 720p or 1080p
export const bad: ViduQ3TurboI2VRequest = { images: [], resolution: "4k" };
export const lean: Promise<TaskResult> = createLeanClient({ apiKey: "k" }).run(viduQ3TurboI2V, body);
// @ts-expect-error Q2 Pro Fast takes subjects, not images
export const wrong = createLeanClient({ apiKey: "k" }).run(viduQ2ProFast, body);
export const label: "Q3 Turbo · Image to Video" = catalog["vidu-q3-turbo-i2v"].label;
export const most: 16 = catalog["vidu-q3-turbo-i2v"].fields.duration.maximum;
// @ts-expect-error no such model in the catalog
export const none = catalog["vidu-q9"];
export const saved: Promise<SavedVideo> = result.then((r) => downloadVideo(r, "v.mp4", { client: { getResult: () => result } }));
export const route = toNodeHandler(createWebhookHandler({ onEvent: ({ result }) => result.task.status }));
`,
    );
    await expect(run(bin("tsc"), ["-p", "."], { cwd: app })).resolves.toBeDefined();
    // A whole-program check with skipLibCheck off: seconds of CPU, more when other suites share the cores.
  }, 90_000);

  it("passes publint and arethetypeswrong", async () => {
    const publint = await run(bin("publint"), ["--strict", tarball], { cwd: ROOT });
    expect(publint.stdout).toMatch(/All good!/);
    // YAML is not JavaScript: arethetypeswrong cannot resolve it, by design.
    await expect(
      run(
        bin("attw"),
        [tarball, "--profile", "esm-only", "--exclude-entrypoints", "./openapi.yaml", "./openapi-3.0.yaml"],
        { cwd: ROOT },
      ),
    ).resolves.toBeDefined();
  });
});
