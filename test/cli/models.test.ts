// Every model of the spec from the terminal: `models` lists each one, grouped by task and generation,
// and `run <model>` sends the spec's example body, built from flags (images, frames, key frames and
// subjects read from files), to the mock. The models are read from the bundled spec (and the catalog
// generated from it), never listed here.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalog, type CatalogSchema } from "../../generated/catalog.js";
import { EXAMPLES, OPERATIONS } from "../../generated/operations.js";
import { isImage, models } from "../../src/cli/fields.js";
import { startMockServer, type MockServer } from "../../src/mock/node.js";
import { bundleCli, runCli } from "./helpers.js";

const spec = (await import("../../generated/openapi.json", { with: { type: "json" } })).default as {
  paths: Record<string, { post?: { tags: string[]; "x-vidu-generation": string } }>;
};
const SUBMITS = OPERATIONS.filter((o) => o.method === "POST" && o.requestBody);
const scratch = mkdtempSync(join(tmpdir(), "novita-vidu-cli-models-"));
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
const imageFile = join(scratch, "frame.png");
const DATA_URI = `data:image/png;base64,${PNG.toString("base64")}`;
let cli: Awaited<ReturnType<typeof bundleCli>>;
let mock: MockServer;
/** A front of the mock that records each body posted, so a test sees what the CLI sent. */
let front: { url: string; bodies: Map<string, unknown>; close(): void };

beforeAll(async () => {
  writeFileSync(imageFile, PNG);
  cli = await bundleCli();
  mock = await startMockServer({ port: 0, timings: { queuedMs: 0, processingMs: 100 } });
  const bodies = new Map<string, unknown>();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (req.method === "POST") bodies.set(req.url ?? "", JSON.parse(body.toString()));
    const answer = await fetch(mock.url + req.url, {
      method: req.method ?? "GET",
      headers: { authorization: String(req.headers.authorization), "content-type": "application/json" },
      ...(req.method === "POST" ? { body } : {}),
    });
    res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  front = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    close: () => server.close(),
  };
}, 60_000);
afterAll(async () => {
  front?.close();
  await mock?.close();
  cli?.remove();
  rmSync(scratch, { recursive: true, force: true });
});

/** The example with each image (a field the spec marks `x-image-formats`) replaced by `to`. */
const localImages = (value: unknown, schema: CatalogSchema | undefined, to: string): unknown => {
  if (schema && isImage(schema)) return to;
  if (Array.isArray(value)) return value.map((v) => localImages(v, schema?.items, to));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, localImages(v, schema?.fields?.[k], to)]));
  return value;
};
/** A model's body as the catalog describes it: an object of its fields. */
const bodySchema = (path: string): CatalogSchema => {
  const model = Object.values(catalog).find((m) => m.path === path)!;
  return { type: "object", holdsImages: false, fields: model.fields };
};

/** The flags that say `body`, for the model's fields as the CLI derives them from the spec. */
function flagsFor(key: string, body: Record<string, unknown>): string[] {
  const model = models().find((m) => m.key === key)!;
  const args: string[] = [];
  for (const [name, value] of Object.entries(body)) {
    const field = model.fields.find((f) => f.name === name)!;
    expect(field, `${key}: a flag for ${name}`).toBeDefined();
    if (field.kind === "boolean") args.push(value ? field.flag : `--no-${field.flag.slice(2)}`);
    else if (field.kind === "json") args.push(field.flag, JSON.stringify(value));
    else if (field.kind === "list") for (const item of value as string[]) args.push(field.flag, item);
    else if (field.kind === "records")
      for (const item of value as Record<string, unknown>[]) {
        const parts = Object.entries(item).flatMap(([k, v]) =>
          Array.isArray(v) ? v.map((x) => `${k.replace(/s$/, "")}=${x}`) : [`${k}=${v}`],
        );
        args.push(field.flag, parts.join(","));
      }
    else args.push(field.flag, String(value));
  }
  return args;
}

describe("novita-vidu models", () => {
  it("lists every model of the spec under its task and generation, with its flags", async () => {
    const { code, stdout } = await runCli(cli.file, scratch, ["models"]);
    expect(code).toBe(0);
    for (const { path, model: key } of SUBMITS) {
      const post = spec.paths[path]!.post!;
      const heading = `== ${post.tags[0]}, Vidu ${post["x-vidu-generation"]} ==`;
      expect(stdout).toContain(heading);
      // The model comes after its group's heading and before the next heading.
      const after = stdout.slice(stdout.indexOf(heading) + heading.length);
      const section = after.slice(0, after.indexOf("== ") === -1 ? undefined : after.indexOf("== "));
      expect(section, key).toMatch(new RegExp(`^${key}  `, "m"));
    }
    const json = JSON.parse((await runCli(cli.file, scratch, ["models", "--json"])).stdout);
    expect(json.map((m: { model: string }) => m.model).sort()).toEqual(
      SUBMITS.map((s) => s.path.split("/").pop()).sort(),
    );
  });
});

// Each run is its own child process against its own path of the mock: they run side by side.
describe("novita-vidu run, for every model of the spec", () => {
  it.concurrent.each(SUBMITS.map((o) => [o.path.split("/").pop()!, o] as const))(
    "%s sends its example body, images read from files",
    async (key, operation) => {
      const example = EXAMPLES[Object.values(operation.requestExamples).at(-1)!] as Record<string, unknown>;
      const args = ["run", key, "--base-url", front.url, "--out", join(scratch, `${key}.mp4`)];
      const { code, stdout, stderr } = await runCli(cli.file, scratch, [
        ...args,
        ...flagsFor(key, localImages(example, bodySchema(operation.path), imageFile) as Record<string, unknown>),
      ]);
      expect(code, stderr).toBe(0);
      expect(stdout).toMatch(/✔ task [\w-]+ succeeded/);
      expect(front.bodies.get(operation.path)).toEqual(localImages(example, bodySchema(operation.path), DATA_URI));
    },
  );
});
