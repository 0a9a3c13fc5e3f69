// novita-vidu/catalog, the one table of the models (scripts/lib/catalog.mjs writes it): every
// generation endpoint of the spec with the facts a form needs, read back here against the spec itself.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { catalog, GENERATIONS, TASKS, type CatalogField, type CatalogSchema } from "../generated/catalog.js";
import * as models from "../generated/models/index.js";
import { buildCatalog, modelEntries, modelKey } from "../scripts/lib/catalog.mjs";
import { resolveSchema } from "../scripts/lib/ref.mjs";

const ROOT = new URL("..", import.meta.url).pathname;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the bundled spec, walked as plain JSON
const spec: any = JSON.parse(readFileSync(join(ROOT, "generated", "openapi.json"), "utf8"));
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- path items of the bundled spec
const posts = Object.entries(spec.paths as Record<string, any>).filter(([, item]) => item.post?.requestBody);
const entries = Object.values(catalog) as unknown as (typeof catalog)[keyof typeof catalog][];

/** Each limit and the default of a schema, as the spec writes them (after its `$ref`, its own beside it). */
function expectSameFacts(field: CatalogSchema, node: unknown, where: string) {
  const schema = resolveSchema(spec, node);
  expect(field.type, where).toBe(schema.type);
  for (const keyword of ["default", "enum", "const", "minimum", "maximum", "minLength", "maxLength"] as const)
    expect(field[keyword], `${where} ${keyword}`).toEqual(schema[keyword]);
  expect([field.minItems, field.maxItems], where).toEqual([schema.minItems, schema.maxItems]);
  if (schema.type === "array") expectSameFacts(field.items!, schema.items, `${where}[]`);
  else expect(field.holdsImages, where).toBe(/^ImageInput/.test(schema.title ?? ""));
  const item = schema.type === "object" && where.endsWith("[]") ? schema : undefined;
  if (item) for (const [name, sub] of Object.entries(field.fields ?? {})) expectField(sub, item, name, where);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a resolved object schema of the spec
function expectField(field: CatalogField, parent: any, name: string, where: string) {
  expect(field.name).toBe(name);
  expect(field.required, `${where}.${name} required`).toBe((parent.required ?? []).includes(name));
  const description = resolveSchema(spec, parent.properties[name]).description ?? "";
  expect(description.replace(/\s+/g, " "), `${where}.${name} summary`).toContain(field.summary);
  expect(field.summary).not.toMatch(/\n/);
  expectSameFacts(field, parent.properties[name], `${where}.${name}`);
}

describe("the model catalog", () => {
  it("has every generation endpoint of the spec, by its key, with its descriptor's name", () => {
    expect(Object.keys(catalog).sort()).toEqual(posts.map(([path]) => path.slice("/v3/async/".length)).sort());
    for (const [path, { post }] of posts) {
      const model = entries.find((m) => m.path === path)!;
      expect(model.operationId).toBe(post.operationId);
      expect(model.task).toBe(post.tags[0]);
      expect(model.generation).toBe(post["x-vidu-generation"]);
      expect(model.summary).toBe(post.summary);
      // The descriptor export of that name is the model's descriptor.
      const descriptor = (models as Record<string, unknown>)[model.descriptor];
      expect(descriptor).toBe(models.allModels[model.key]);
      expect(descriptor).toMatchObject({ key: model.key, path });
    }
  });

  it("describes each body field as the spec does: type, required, default, limits, images, items, summary", () => {
    for (const [path, { post }] of posts) {
      const body = resolveSchema(spec, post.requestBody.content["application/json"].schema);
      const model = entries.find((m) => m.path === path)!;
      expect(Object.keys(model.fields), path).toEqual(Object.keys(body.properties));
      for (const [name, field] of Object.entries(model.fields)) expectField(field as CatalogField, body, name, path);
    }
    // Spot checks a reader can verify in the spec's files.
    expect(catalog["vidu-q3-turbo-i2v"].fields.duration).toMatchObject({ minimum: 1, maximum: 16, default: 5 });
    expect(catalog["vidu-q2-reference2video"].fields.subjects.items.fields.images.holdsImages).toBe(true);
  });

  it("counts the images a request takes over all its image fields", () => {
    // Start and end frames: exactly two; key frames: a start image and 2 to 9 key images; text: none.
    expect(catalog["vidu-q3-pro-f2v"].images).toEqual({ min: 2, max: 2 });
    expect(catalog["vidu-q2-pro-multiframe"].images).toEqual({ min: 3, max: 10 });
    expect(catalog["vidu-q3-turbo-t2v"].images).toEqual({ min: 0, max: 0 });
    // A list with no maximum has no maximum.
    expect(catalog["vidu-q3-turbo-i2v"].images).toEqual({ min: 1, max: null });
  });

  it("labels each model from its summary and task", () => {
    expect(catalog["vidu-q3-turbo-i2v"].label).toBe("Q3 Turbo · Image to Video");
    expect(catalog["viduq2-pro-fast"].label).toBe("Q2 Pro Fast · Reference to Video");
    for (const model of entries) {
      // "Vidu <name> <task in words>" under its task's tag: "<name> · <task>", the name starting with the generation.
      const [name = "", task] = model.label.split(" · ");
      expect(task, model.key).toBe(model.task);
      expect(model.summary.startsWith(`Vidu ${name} `), model.key).toBe(true);
      expect(name.startsWith(model.generation), model.key).toBe(true);
    }
    expect(new Set(entries.map((m) => m.label)).size).toBe(entries.length);
  });

  it("orders the models by task (in the spec's tag order), then generation, newest first", () => {
    const tags = (spec.tags as { name: string }[]).map((tag) => tag.name);
    expect(TASKS).toEqual(tags.filter((name) => entries.some((m) => m.task === name)));
    expect(GENERATIONS).toEqual(["Q3", "Q2", "Q1", "2.0"]);
    const rank = (m: (typeof entries)[number]) => [TASKS.indexOf(m.task), GENERATIONS.indexOf(m.generation)];
    for (let i = 1; i < entries.length; i++) {
      const [[ta, ga], [tb, gb]] = [rank(entries[i - 1]!), rank(entries[i]!)];
      expect(ta! < tb! || (ta === tb && ga! <= gb!), `${entries[i - 1]!.key} before ${entries[i]!.key}`).toBe(true);
    }
    expect(modelEntries(spec).models.map((m: { key: string }) => m.key)).toEqual(Object.keys(catalog));
  });

  it("refuses a spec it cannot put in the table, naming the path", () => {
    expect(() => modelKey("/v2/other")).toThrow(/\/v2\/other: a model path must be \/v3\/async\/<key>/);
    const doc = (post: object) => ({
      tags: [{ name: "Image to Video" }],
      paths: { "/v3/async/x": { post: { requestBody: { content: { "application/json": { schema: {} } } }, ...post } } },
    });
    const good = { operationId: "createX", tags: ["Image to Video"], "x-vidu-generation": "Q3", summary: "Vidu Q3 x" };
    expect(() => buildCatalog(doc({ ...good, "x-vidu-generation": undefined }))).toThrow(
      /\/v3\/async\/x: x-vidu-generation must be/,
    );
    expect(() => buildCatalog(doc({ ...good, tags: ["Nope"] }))).toThrow(/one tag, its task/);
    expect(() => buildCatalog(doc({ ...good, summary: "Vidu Q2 x" }))).toThrow(/summary must start "Vidu Q3"/);
    expect(() => buildCatalog(doc({ ...good, operationId: "makeX" }))).toThrow(/\/v3\/async\/x: operationId "makeX"/);
  });

  it("is exported as novita-vidu/catalog, apart from the descriptors", async () => {
    const exported = await import("novita-vidu/catalog");
    expect(exported.catalog).toBe(catalog);
    // An app that imports one descriptor bundles no catalog: no label, no field summary.
    const { outputFiles } = await build({
      stdin: { contents: 'export { viduQ3TurboI2V } from "novita-vidu/models/vidu-q3-turbo-i2v";', resolveDir: ROOT },
      bundle: true,
      format: "esm",
      write: false,
      logLevel: "error",
    });
    const app = outputFiles[0]!.text;
    expect(app).toContain("/v3/async/vidu-q3-turbo-i2v");
    expect(app).not.toContain(catalog["vidu-q3-turbo-i2v"].label);
    expect(app).not.toContain(catalog["vidu-q3-turbo-i2v"].fields.duration.summary);
  });
});
