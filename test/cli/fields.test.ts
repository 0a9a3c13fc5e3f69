// The CLI's flags come from the model catalog, imported into the CLI itself: it runs from a folder with
// no generated/openapi.json near it, and `models --json` prints each field's type, limits and default.
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalog } from "../../generated/catalog.js";
import { startMockServer, type MockServer } from "../../src/mock/node.js";
import { bundleCli, ROOT, runCli } from "./helpers.js";

let cli: Awaited<ReturnType<typeof bundleCli>>;
let mock: MockServer;
/** The bundled CLI, copied where `../../generated/` (where it once read the spec from) is missing. */
let alone: string;
const away = join(ROOT, ".scratch", `cli-no-spec-${process.pid}`);

beforeAll(async () => {
  cli = await bundleCli();
  alone = join(away, "a", "b", "main.mjs");
  mkdirSync(dirname(alone), { recursive: true });
  copyFileSync(cli.file, alone);
  mock = await startMockServer({ port: 0, timings: { queuedMs: 0, processingMs: 0 } });
}, 60_000);
afterAll(async () => {
  await mock?.close();
  cli?.remove();
  rmSync(away, { recursive: true, force: true });
});

describe("the CLI without the bundled spec", () => {
  it("has no generated/openapi.json where it would look for one", () => {
    expect(existsSync(new URL("../../generated/openapi.json", pathToFileURL(alone)))).toBe(false);
    expect(existsSync(join(dirname(alone), "generated"))).toBe(false);
  });

  it("lists the models, shows a model's flags and submits a task", async () => {
    const models = await runCli(alone, away, ["models"]);
    expect(models.code, models.stderr).toBe(0);
    expect(models.stdout).toMatch(/^vidu-q3-turbo-i2v {2}Vidu Q3 Turbo image to video$/m);
    const help = await runCli(alone, away, ["run", "vidu-q3-turbo-i2v", "--help"]);
    expect(help.stdout.replace(/\s+/g, " ")).toMatch(/--duration <integer> [^-]*\(1 to 16; default 5\)/);
    const submit = await runCli(alone, away, [
      ...["submit", "vidu-q3-turbo-i2v", "--image", "https://example.com/a.png"],
      ...["--base-url", mock.url, "--json"],
    ]);
    expect(submit.code, submit.stderr).toBe(0);
    expect(JSON.parse(submit.stdout)).toEqual({ task_id: expect.any(String) });
  });
});

describe("novita-vidu models --json", () => {
  it("prints each model as the catalog has it, and each field's type, limits and default with its flag", async () => {
    const { code, stdout } = await runCli(cli.file, away, ["models", "--json"]);
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as { model: string; label: string; fields: Record<string, unknown>[] }[];
    // In the catalog's order: by task, then generation, newest first.
    expect(json.map((m) => m.model)).toEqual(Object.keys(catalog));
    const q3 = json.find((m) => m.model === "vidu-q3-turbo-i2v")!;
    expect(q3).toMatchObject({ label: "Q3 Turbo · Image to Video", task: "Image to Video", generation: "Q3" });
    expect(q3).toMatchObject({ images: { min: 1, max: null } });
    expect(q3.fields.find((f) => f["name"] === "duration")).toMatchObject({
      ...{ flag: "--duration", type: "integer", required: false, minimum: 1, maximum: 16, default: 5 },
      help: expect.stringContaining("(1 to 16; default 5)"),
    });
    expect(q3.fields.find((f) => f["name"] === "resolution")).toMatchObject({
      enum: ["540p", "720p", "1080p"],
      default: "720p",
    });
    expect(q3.fields.find((f) => f["name"] === "images")).toMatchObject({
      ...{ flag: "--image", type: "array", required: true, minItems: 1, holdsImages: true },
      items: { type: "string", holdsImages: true },
    });
  });
});
