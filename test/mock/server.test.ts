// The mock API end to end, over HTTP, with the run's Prism behind it and a clock the tests move: every
// answer it makes up is checked against the spec's schemas.
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MODELS, TASK_FAILURE_CODES } from "../../generated/constants.js";
import { type MockServer, startMockServer } from "../../src/mock/server.mjs";
import { AUTH, type Json, prismUrl, schemaValidator } from "../contract/helpers.js";

const matches = {
  submit: schemaValidator("AsyncTaskResponse"),
  result: schemaValidator("TaskResult"),
  error: schemaValidator("ErrorResponse"),
};
const SAMPLE = readFileSync(new URL("../../src/mock/assets/sample.mp4", import.meta.url));
const timings = { queuedMs: 2000, processingMs: 6000 };
const Q3 = MODELS["vidu-q3-turbo-i2v"].path;
const VALID: Record<string, Json> = {
  [MODELS["vidu-q2-turbo-img2video"].path]: { images: ["https://example.com/a.png"], prompt: "A cat.", duration: 5 },
  [MODELS["viduq2-pro-fast"].path]: {
    subjects: [{ images: ["https://example.com/a.png"] }],
    prompt: "@1",
    duration: 5,
  },
  [Q3]: { images: ["https://example.com/a.png"], prompt: "Rain starts." },
};

let now = 1_763_751_600_000;
let mock: MockServer;
let docsDir: string;

beforeAll(async () => {
  docsDir = await mkdtemp(join(tmpdir(), "mock-docs-"));
  mock = await startMockServer({
    port: 0,
    prismUrl: prismUrl(),
    timings,
    clock: () => now,
    docsPage: join(docsDir, "index.html"),
  });
});
afterAll(async () => {
  await mock?.close();
  await rm(docsDir, { recursive: true, force: true });
});

const submit = (path: string, body: unknown, headers: Record<string, string> = AUTH) =>
  fetch(`${mock.url}${path}`, {
    method: "POST",
    headers: { ...headers, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
const result = (taskId: string, headers: Record<string, string> = AUTH) =>
  fetch(`${mock.url}/v3/async/task-result?task_id=${encodeURIComponent(taskId)}`, { headers });

/** Submits a valid body and answers the new task's id. */
async function newTask(body: Json = VALID[Q3], headers: Record<string, string> = AUTH) {
  const response = await submit(Q3, body, headers);
  expect(response.status).toBe(200);
  return ((await response.json()) as { task_id: string }).task_id;
}

async function resultAt(taskId: string, msAfterSubmit: number, submittedAt: number) {
  now = submittedAt + msAfterSubmit;
  const response = await result(taskId);
  expect(response.status).toBe(200);
  const body = await response.json();
  expect(matches.result(body)).toEqual([]);
  return body;
}

describe("submitting", () => {
  it.each(Object.keys(VALID))("POST %s answers a fresh task id", async (path) => {
    const answers = await Promise.all([submit(path, VALID[path]), submit(path, VALID[path])]);
    const [a, b] = await Promise.all(answers.map((r) => r.json()));
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    expect(matches.submit(a)).toEqual([]);
    expect(a.task_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.task_id).not.toBe("8a3c2f0e-5d41-4b2a-9a53-3f6f1d0b7c21"); // the spec's example id
    expect(a.task_id).not.toBe(b.task_id);
  });
});

describe("a task's life", () => {
  it("goes queued → processing (progress rising, eta falling) → succeeded, with a video the mock serves", async () => {
    const submittedAt = now;
    const id = await newTask();
    const queued = await resultAt(id, 0, submittedAt);
    expect(queued.task).toMatchObject({ task_id: id, status: "TASK_STATUS_QUEUED", progress_percent: 0, eta: 8 });
    const early = await resultAt(id, 3500, submittedAt);
    const late = await resultAt(id, 6500, submittedAt);
    expect(early.task).toMatchObject({ status: "TASK_STATUS_PROCESSING", progress_percent: 25, eta: 5 });
    expect(late.task).toMatchObject({ status: "TASK_STATUS_PROCESSING", progress_percent: 75, eta: 2 });
    const video = await fetch(`${mock.url}/videos/${id}.mp4`);
    expect(video.status).toBe(404); // not before the task has succeeded
    await video.arrayBuffer();

    const done = await resultAt(id, 8000, submittedAt);
    expect(done.task).toMatchObject({ status: "TASK_STATUS_SUCCEED", progress_percent: 100, eta: 0 });
    expect(done.videos).toEqual([
      { video_url: `${mock.url}/videos/${id}.mp4`, video_url_ttl: "3600", video_type: "mp4" },
    ]);
    const download = await fetch(done.videos[0].video_url);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("video/mp4");
    expect(Buffer.from(await download.arrayBuffer()).equals(SAMPLE)).toBe(true);
  });

  it.each([
    ["a [fail] marker in the prompt", { ...VALID[Q3], prompt: "Rain [fail] starts." }, AUTH, "008007095"],
    ["a [fail:<code>] marker in the prompt", { ...VALID[Q3], prompt: "[fail:008007004]" }, AUTH, "008007004"],
    ["the X-Mock-Fail header", VALID[Q3], { ...AUTH, "X-Mock-Fail": "008007099" }, "008007099"],
  ])("fails halfway through processing when asked by %s", async (_, body, headers, code) => {
    const submittedAt = now;
    const id = await newTask(body, headers);
    expect((await resultAt(id, 4999, submittedAt)).task.status).toBe("TASK_STATUS_PROCESSING");
    const failed = await resultAt(id, 5000, submittedAt);
    expect(failed.task).toMatchObject({
      status: "TASK_STATUS_FAILED",
      reason: `${code}: ${TASK_FAILURE_CODES[code as keyof typeof TASK_FAILURE_CODES]}`,
    });
    expect(failed.videos).toEqual([]);
    expect((await fetch(`${mock.url}/videos/${id}.mp4`)).status).toBe(404);
  });

  it("refuses an X-Mock-Fail that names no Vidu failure code", async () => {
    const response = await submit(Q3, VALID[Q3], { ...AUTH, "X-Mock-Fail": "42" });
    const body = await response.json();
    expect(response.status).toBe(400);
    expect(body).toMatchObject({
      code: 400,
      reason: "INVALID_REQUEST_BODY",
      message: expect.stringMatching(/^X-Mock-Fail must name/),
    });
    expect(matches.error(body)).toEqual([]);
  });
});

describe("refusals, in Novita's error envelope", () => {
  const refusals: [string, () => Promise<Response>, number, string, RegExp][] = [
    ["an unknown task id", () => result("no-such-task"), 404, "TASK_NOT_FOUND", /no-such-task/],
    ["no Authorization", () => submit(Q3, VALID[Q3], {}), 400, "MISSING_API_KEY", /Authorization: Bearer/],
    ["an empty bearer key", () => submit(Q3, VALID[Q3], { Authorization: "Bearer  " }), 400, "MISSING_API_KEY", /key/],
    ["another scheme", () => submit(Q3, VALID[Q3], { Authorization: "Basic a2V5" }), 400, "MISSING_API_KEY", /key/],
    ["a task result without a key", () => result("x", {}), 400, "MISSING_API_KEY", /key/],
    [
      "a body that breaks the spec, naming each field",
      () => submit(Q3, { images: ["./cat.png"], duration: 17, resolution: "4k", model: "q3" }),
      400,
      "INVALID_REQUEST_BODY",
      /^Invalid request body: .*model is not a known field.*images\[0\] must match.*duration must be <= 16.*resolution must be one of 540p, 720p, 1080p/,
    ],
    ["a missing field", () => submit(Q3, { prompt: "p" }), 400, "INVALID_REQUEST_BODY", /: images is required\.$/],
    [
      "a body that is not JSON",
      () =>
        fetch(`${mock.url}${Q3}`, {
          method: "POST",
          headers: { ...AUTH, "Content-Type": "application/json" },
          body: "{",
        }),
      400,
      "INVALID_REQUEST_BODY",
      /not valid JSON/,
    ],
    [
      "a body sent as text",
      () =>
        fetch(`${mock.url}${Q3}`, { method: "POST", headers: { ...AUTH, "Content-Type": "text/plain" }, body: "{}" }),
      400,
      "INVALID_REQUEST_BODY",
      /the body must be JSON/,
    ],
    [
      "a Prefer example that the spec does not have",
      () => result("x", { ...AUTH, Prefer: "example=cancelled" }),
      404,
      "NOT_FOUND",
      /exampleKey: cancelled/,
    ],
    [
      "a task result without task_id",
      () => fetch(`${mock.url}/v3/async/task-result`, { headers: AUTH }),
      400,
      "INVALID_REQUEST_BODY",
      /task_id is required/,
    ],
    [
      "an unknown model",
      () => submit("/v3/async/vidu-q9", VALID[Q3]),
      404,
      "API_NOT_FOUND",
      /POST \/v3\/async\/vidu-q9/,
    ],
    ["a GET on a submit path", () => fetch(`${mock.url}${Q3}`, { headers: AUTH }), 404, "API_NOT_FOUND", /GET/],
  ];

  it.each(refusals)("%s", async (_, send, status, reason, message) => {
    const response = await send();
    const body = await response.json();
    expect(response.status).toBe(status);
    expect(body).toEqual({ code: status, reason, message: expect.stringMatching(message), metadata: {} });
    expect(matches.error(body)).toEqual([]);
  });

  it("accepts any non-empty key, whatever the case of the scheme", async () => {
    for (const key of ["Bearer k", "bearer front-end-dev", "BEARER x y"])
      await newTask(VALID[Q3], { Authorization: key });
  });

  it("checks inline images past Prism's own 10 MB, up to the documented 20 MB of a Q2 Turbo body", async () => {
    const q2 = MODELS["vidu-q2-turbo-img2video"].path;
    const withImageOf = (mb: number) => ({
      ...VALID[q2],
      images: [`data:image/png;base64,${"A".repeat(mb * 2 ** 20)}`],
    });
    expect((await submit(q2, withImageOf(15))).status).toBe(200);
    const tooLarge = await submit(q2, withImageOf(20));
    expect(tooLarge.status).toBe(400);
    expect(await tooLarge.json()).toMatchObject({
      reason: "INVALID_REQUEST_BODY",
      message: expect.stringMatching(/at most 20971520 bytes/),
    });
    const wrongFormat = await submit(q2, {
      ...withImageOf(15),
      images: [`data:image/gif;base64,${"A".repeat(15 * 2 ** 20)}`],
    });
    expect(await wrongFormat.json()).toMatchObject({ message: expect.stringMatching(/images\[0\] must match/) });
  });
});

describe("Prefer passes through to Prism", () => {
  it.each(["queued", "processing", "succeed", "failed"])(
    "example=%s picks that state for any task id",
    async (name) => {
      const response = await result("any", { ...AUTH, Prefer: `example=${name}` });
      const body = await response.json();
      expect(response.status).toBe(200);
      expect(body.task.status).toBe(`TASK_STATUS_${name.toUpperCase()}`);
      expect(matches.result(body)).toEqual([]);
      // The example's video points to the mock's sample, so that it plays offline.
      for (const { video_url } of body.videos) expect(video_url).toBe(`${mock.url}/videos/sample.mp4`);
    },
  );

  it("code=429 answers the spec's example error", async () => {
    const response = await submit(Q3, VALID[Q3], { ...AUTH, Prefer: "code=429" });
    expect(response.status).toBe(429);
    expect(await response.json()).toMatchObject({ code: 429, reason: "RATE_LIMIT_EXCEEDED" });
  });
});

describe("for front ends", () => {
  it("answers a CORS preflight allowing Authorization, Content-Type and Prefer", async () => {
    const response = await fetch(`${mock.url}${Q3}`, {
      method: "OPTIONS",
      headers: {
        Origin: "http://localhost:5173",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type,prefer",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
    const allowed = response.headers.get("access-control-allow-headers")!.toLowerCase().split(/,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(["authorization", "content-type", "prefer"]));
  });

  it("lets any origin read every answer, errors included", async () => {
    for (const response of [
      await submit(Q3, VALID[Q3]),
      await submit(Q3, {}, {}),
      await result("nope"),
      await fetch(`${mock.url}/videos/sample.mp4`),
    ]) {
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      await response.arrayBuffer();
    }
  });

  it("serves the sample video in byte ranges, as browsers ask for it", async () => {
    const ranged = await fetch(`${mock.url}/videos/sample.mp4`, { headers: { Range: "bytes=100-199" } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get("content-range")).toBe(`bytes 100-199/${SAMPLE.length}`);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(SAMPLE.subarray(100, 200))).toBe(true);
    const tail = await fetch(`${mock.url}/videos/sample.mp4`, { headers: { Range: "bytes=-10" } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(SAMPLE.subarray(-10))).toBe(true);
    const past = await fetch(`${mock.url}/videos/sample.mp4`, { headers: { Range: `bytes=${SAMPLE.length}-` } });
    expect(past.status).toBe(416);
    const head = await fetch(`${mock.url}/videos/sample.mp4`, { method: "HEAD" });
    expect(head.headers.get("content-length")).toBe(String(SAMPLE.length));
    expect(head.headers.get("accept-ranges")).toBe("bytes");
  });

  it("serves the docs at /docs once built, and says how to build them until then", async () => {
    const before = await fetch(`${mock.url}/docs`);
    expect(before.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await before.text()).toContain("npm run docs");
    await writeFile(join(docsDir, "index.html"), "<!doctype html><title>Redoc</title>");
    const after = await fetch(`${mock.url}/docs/`);
    expect(await after.text()).toBe("<!doctype html><title>Redoc</title>");
    const root = await fetch(mock.url, { redirect: "manual" });
    expect([root.status, root.headers.get("location")]).toEqual([302, "/docs"]);
  });

  it("serves the bundled spec", async () => {
    const spec = await fetch(`${mock.url}/openapi.json`);
    expect(await spec.text()).toBe(readFileSync(new URL("../../generated/openapi.json", import.meta.url), "utf8"));
  });
});
