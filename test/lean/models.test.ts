// The per-model descriptors: one for every generation endpoint of the spec (derived here from the
// bundled spec, never listed), each validating as the spec says, and each one runnable on its own
// through the lean client against the mock, while the full client keeps taking model keys.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EXAMPLES, OPERATIONS } from "../../generated/operations.js";
import { validateRequestBody, type RequestBodyPath } from "../../generated/validators.js";
import { allModels } from "../../generated/models/index.js";
import * as models from "../../generated/models/index.js";
import { createViduClient as createLeanClient } from "../../src/lean.js";
import { createViduClient, ViduValidationError, type ModelDescriptor } from "../../src/index.js";
import { createMockHandler } from "../../src/mock/index.js";

const spec = JSON.parse(readFileSync(new URL("../../generated/openapi.json", import.meta.url), "utf8"));
/** Every operation that posts a JSON body, with its examples, from the spec. */
const SUBMITS = OPERATIONS.filter((o) => o.method === "POST" && o.requestBody).map((o) => ({
  ...o,
  key: o.path.split("/").pop()!,
  name: o.operationId.charAt(6).toLowerCase() + o.operationId.slice(7),
  examples: Object.values(o.requestExamples).map((name) => EXAMPLES[name]),
}));

const mockFetch = () => {
  const handler = createMockHandler({ timings: { queuedMs: 0, processingMs: 0 } });
  let sent = 0;
  // Called as fetch(request) or, by some exchanges, fetch(request, { body, signal }).
  const fetch = ((request: Request, init?: RequestInit) => {
    sent++;
    return handler(init ? new Request(request, init) : request);
  }) as typeof globalThis.fetch;
  return { fetch, sent: () => sent, close: () => handler.close() };
};

describe("generated/models", () => {
  it("has one descriptor per generation endpoint of the spec, named after its operationId", () => {
    const posts = Object.entries(spec.paths).filter(([, item]) => (item as { post?: object }).post);
    expect(SUBMITS.length).toBe(posts.length);
    expect(Object.keys(allModels).sort()).toEqual(SUBMITS.map((s) => s.key).sort());
    for (const { key, path, name } of SUBMITS) {
      const descriptor = (models as unknown as Record<string, ModelDescriptor>)[name];
      expect(descriptor, name).toBe(allModels[key as keyof typeof allModels]);
      expect(descriptor).toMatchObject({ key, path });
    }
  });

  it.each(SUBMITS.map((s) => [s.key, s] as const))("%s validates as validateRequestBody does", (_, submit) => {
    const descriptor = allModels[submit.key as keyof typeof allModels];
    expect(submit.examples.length).toBeGreaterThanOrEqual(1);
    for (const example of submit.examples) expect(descriptor.validate(example)).toEqual([]);
    const broken = { ...(submit.examples[0] as object), not_a_field: 1 };
    expect(descriptor.validate(broken)).toEqual(validateRequestBody(submit.path as RequestBodyPath, broken));
    expect(descriptor.validate(broken)).toContainEqual(expect.objectContaining({ field: "not_a_field" }));
  });

  it("each model module imports no other model", () => {
    for (const { key } of SUBMITS) {
      const source = readFileSync(new URL(`../../generated/models/${key}.js`, import.meta.url), "utf8");
      const imports = [...source.matchAll(/from "\.\/([^"]+)"/g)].map((m) => m[1]);
      expect(
        imports.every((file) => file!.startsWith("_")),
        key,
      ).toBe(true);
    }
  });
});

describe("the lean client", () => {
  it.each(SUBMITS.map((s) => [s.key, s] as const))("runs %s from its descriptor on the mock", async (key, submit) => {
    const mock = mockFetch();
    const vidu = createLeanClient({ apiKey: "k", baseUrl: "http://127.0.0.1:4010", fetch: mock.fetch });
    const descriptor = allModels[key as keyof typeof allModels] as ModelDescriptor;
    const result = await vidu.run(descriptor, submit.examples[0] as never);
    expect(result.task.status).toBe("TASK_STATUS_SUCCEED");
    expect(result.videos?.[0]?.video_url).toMatch(/^http:\/\/127\.0\.0\.1:4010\//);
    mock.close();
  });

  it("refuses a model key, an invalid body and a made-up descriptor, sending nothing", async () => {
    const mock = mockFetch();
    const vidu = createLeanClient({ apiKey: "k", baseUrl: "http://127.0.0.1:4010", fetch: mock.fetch });
    const byKey = await vidu.submit("vidu-q3-turbo-i2v" as never, { images: [] } as never).catch((e) => e);
    expect(byKey).toBeInstanceOf(ViduValidationError);
    expect(byKey.message).toMatch(/model must be a descriptor from novita-vidu\/models/);
    const invalid = await vidu.submit(models.viduQ3TurboI2V, { images: [], duration: 99 }).catch((e) => e);
    expect(invalid).toBeInstanceOf(ViduValidationError);
    expect(invalid.issues.map((i: { field: string }) => i.field)).toEqual(["images", "duration"]);
    const madeUp = { key: "x", path: "/elsewhere", validate: () => [] } as unknown as typeof models.viduQ3TurboI2V;
    await expect(vidu.submit(madeUp, { images: ["https://example.com/a.png"] })).rejects.toThrow(/descriptor/);
    // A descriptor whose path climbs out of /v3/async/ would send the key elsewhere on the host.
    for (const path of ["/v3/async/../../admin", "/v3/async/%2e%2e/admin", "/v3/async/..", "/v3/async/a/b"]) {
      const climbing = { ...models.viduQ3TurboI2V, path } as unknown as typeof models.viduQ3TurboI2V;
      await expect(vidu.submit(climbing, { images: ["https://example.com/a.png"] })).rejects.toThrow(/descriptor/);
    }
    expect(mock.sent()).toBe(0);
    mock.close();
  });
});

describe("the full client", () => {
  it("takes a model key or a descriptor, and refuses an unknown key naming every model", async () => {
    const mock = mockFetch();
    const vidu = createViduClient({ apiKey: "k", baseUrl: "http://127.0.0.1:4010", fetch: mock.fetch });
    const body = { images: ["https://example.com/a.png"] };
    expect((await vidu.submit("vidu-q3-turbo-i2v", body)).task_id).toBeTruthy();
    expect((await vidu.submit(models.viduQ3TurboI2V, body)).task_id).toBeTruthy();
    const unknown = await vidu.submit("vidu-q9" as never, body as never).catch((e) => e);
    expect(unknown).toBeInstanceOf(ViduValidationError);
    for (const { key } of SUBMITS) expect(unknown.message).toContain(key);
    expect(mock.sent()).toBe(2);
    mock.close();
  });
});
