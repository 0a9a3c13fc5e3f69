// The mock's fetch handler, in-process, with a clock the tests move: every endpoint of the spec, the
// task's life, Novita's refusals, the fixed answers of `Prefer`, rate limits, latency, CORS and the video.
import { afterEach, describe, expect, it, vi } from "vitest";
import { MAX_BODY_BYTES, TASK_FAILURE_CODES, TASK_RESULT_PATH } from "../../generated/constants.js";
import { EXAMPLES, OPERATIONS } from "../../generated/operations.js";
import { type RequestBodyPath, validateRequestBody } from "../../generated/validators.js";
import { createMockHandler, type MockHandler } from "../../src/mock/index.js";
import { AUTH, caller, FIRST, type Json, matches, ORIGIN, SAMPLE, SUBMITS } from "./helpers.js";

const timings = { queuedMs: 2000, processingMs: 6000 };
let now = 1_763_751_600_000;
let mock: MockHandler = createMockHandler({ timings, clock: () => now });
const { call, submit, result, newTask } = caller(() => mock);

afterEach(() => {
  vi.useRealTimers();
  mock.close();
  mock = createMockHandler({ timings, clock: () => now });
});

async function resultAt(taskId: string, msAfterSubmit: number, submittedAt: number) {
  now = submittedAt + msAfterSubmit;
  const response = await result(taskId);
  expect(response.status).toBe(200);
  const body = await response.json();
  expect(matches.result(body)).toEqual([]);
  return body;
}

describe("every operation of the spec", () => {
  it.each(OPERATIONS.map((o) => [`${o.method} ${o.path}`, o] as const))("%s is answered", async (_, operation) => {
    const response = await call(operation.path, { method: operation.method, headers: AUTH });
    expect(response.status).not.toBe(404);
    expect((await response.json()).reason).not.toBe("API_NOT_FOUND");
  });

  it.each(SUBMITS.flatMap((s) => s.examples.map((e) => [s.path, e.name, e.body] as const)))(
    "POST %s with the spec's example %s answers a fresh task id",
    async (path, _, body) => {
      const answers = await Promise.all([submit(path, body), submit(path, body)]);
      const [a, b] = await Promise.all(answers.map((r) => r.json()));
      expect(answers.map((r) => r.status)).toEqual([200, 200]);
      expect(a.task_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(a.task_id).not.toBe(b.task_id);
      expect(Object.values(EXAMPLES)).not.toContainEqual({ task_id: a.task_id }); // not the spec's example id
    },
  );
});

describe("a task's life", () => {
  it("goes queued → processing (progress rising, eta falling) → succeeded, with a video the mock serves", async () => {
    const submittedAt = now;
    const id = await newTask();
    const queued = await resultAt(id, 0, submittedAt);
    expect(queued.task).toMatchObject({ task_id: id, status: "TASK_STATUS_QUEUED", progress_percent: 0, eta: 8 });
    expect(queued.task.task_type).toBe(FIRST.model.replace(/\W/g, "_").toUpperCase());
    const early = await resultAt(id, 3500, submittedAt);
    const late = await resultAt(id, 6500, submittedAt);
    expect(early.task).toMatchObject({ status: "TASK_STATUS_PROCESSING", progress_percent: 25, eta: 5 });
    expect(late.task).toMatchObject({ status: "TASK_STATUS_PROCESSING", progress_percent: 75, eta: 2 });
    expect((await call(`/videos/${id}.mp4`)).status).toBe(404); // not before the task has succeeded

    const done = await resultAt(id, 8000, submittedAt);
    expect(done.task).toMatchObject({ status: "TASK_STATUS_SUCCEED", progress_percent: 100, eta: 0 });
    expect(done.videos).toEqual([
      { video_url: `${ORIGIN}/videos/${id}.mp4`, video_url_ttl: "3600", video_type: "mp4" },
    ]);
    const download = await call(new URL(done.videos[0].video_url).pathname);
    expect([download.status, download.headers.get("content-type")]).toEqual([200, "video/mp4"]);
    expect(Buffer.from(await download.arrayBuffer()).equals(SAMPLE)).toBe(true);
  });

  it("points video_url at the configured baseUrl, not at the request's origin", async () => {
    mock = createMockHandler({ timings: { queuedMs: 0, processingMs: 0 }, baseUrl: "http://127.0.0.1:4010/" });
    const done = await (await result(await newTask())).json();
    expect(done.videos[0].video_url).toMatch(/^http:\/\/127\.0\.0\.1:4010\/videos\/[\w-]+\.mp4$/);
  });

  it.each([
    ["a [fail] marker in the prompt", { ...FIRST.body, prompt: "Rain [fail] starts." }, AUTH, "008007095"],
    ["a [fail:<code>] marker in the prompt", { ...FIRST.body, prompt: "[fail:008007004]" }, AUTH, "008007004"],
    ["the X-Mock-Fail header", FIRST.body, { ...AUTH, "X-Mock-Fail": "008007099" }, "008007099"],
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
    expect((await call(`/videos/${id}.mp4`)).status).toBe(404);
  });

  it("is known only to the handler that created it", async () => {
    const id = await newTask();
    const other = createMockHandler();
    expect((await other(new Request(`${ORIGIN}${TASK_RESULT_PATH}?task_id=${id}`, { headers: AUTH }))).status).toBe(
      404,
    );
  });
});

describe("refusals, in Novita's error envelope", () => {
  const post = (body: BodyInit | null, type = "application/json") =>
    call(FIRST.path, { method: "POST", headers: { ...AUTH, "Content-Type": type }, body });
  const refusals: [string, () => Promise<Response>, number, string, RegExp][] = [
    ["an unknown task id", () => result("no-such-task"), 404, "TASK_NOT_FOUND", /"no-such-task"/],
    ["no Authorization", () => submit(FIRST.path, FIRST.body, {}), 400, "MISSING_API_KEY", /Authorization: Bearer/],
    [
      "an empty key",
      () => submit(FIRST.path, FIRST.body, { Authorization: "Bearer  " }),
      400,
      "MISSING_API_KEY",
      /key/,
    ],
    [
      "another scheme",
      () => submit(FIRST.path, FIRST.body, { Authorization: "Basic a2V5" }),
      400,
      "MISSING_API_KEY",
      /key/,
    ],
    ["a task result without a key", () => result("x", {}), 400, "MISSING_API_KEY", /key/],
    ["no body", () => post(null), 400, "INVALID_REQUEST_BODY", /: the body is required\.$/],
    ["a body that is not JSON", () => post("{"), 400, "INVALID_REQUEST_BODY", /: the body is not valid JSON\.$/],
    ["a body sent as text", () => post("{}", "text/plain"), 400, "INVALID_REQUEST_BODY", /the body must be JSON/],
    ["null", () => post("null"), 400, "INVALID_REQUEST_BODY", /the body must be an object/],
    [
      "a task result without task_id",
      () => call(TASK_RESULT_PATH, { headers: AUTH }),
      400,
      "INVALID_REQUEST_BODY",
      /^Invalid request: task_id is required\.$/,
    ],
    [
      "an unknown model",
      () => submit("/v3/async/vidu-q9", FIRST.body),
      404,
      "API_NOT_FOUND",
      /^No API answers POST \/v3\/async\/vidu-q9\.$/,
    ],
    ["a GET on a submit path", () => call(FIRST.path, { headers: AUTH }), 404, "API_NOT_FOUND", /GET/],
    [
      "an X-Mock-Fail naming no Vidu code",
      () => submit(FIRST.path, FIRST.body, { ...AUTH, "X-Mock-Fail": "42" }),
      400,
      "INVALID_REQUEST_BODY",
      /X-Mock-Fail must name one of Vidu's failure codes: 008007001/,
    ],
    [
      "a Prefer example the spec does not have",
      () => result("x", { ...AUTH, Prefer: "example=cancelled" }),
      404,
      "NOT_FOUND",
      /no example for example=cancelled; it has: queued, processing, succeed, failed/,
    ],
  ];

  it.each(refusals)("%s", async (_, send, status, reason, message) => {
    const response = await send();
    const body = await response.json();
    expect(response.status).toBe(status);
    expect(body).toEqual({ code: status, reason, message: expect.stringMatching(message), metadata: {} });
    expect(matches.error(body)).toEqual([]);
  });

  it.each(SUBMITS.map((s) => [s.path, s] as const))(
    "%s: a body that breaks the spec, naming each field and rule",
    async (path, { body }) => {
      const broken = { ...body, unknown_field: 1, seed: "one", prompt: 5 };
      const issues = validateRequestBody(path as RequestBodyPath, broken);
      expect(issues.length).toBeGreaterThanOrEqual(3);
      const response = await submit(path, broken);
      const answer = await response.json();
      expect(response.status).toBe(400);
      expect(answer.message).toBe(`Invalid request body: ${issues.map((i) => i.message).join("; ")}.`);
      for (const field of ["unknown_field", "seed", "prompt"]) expect(answer.message).toContain(`${field} `);
      expect(JSON.parse(response.headers.get("x-mock-violations")!)).toEqual(
        issues.map(({ field, rule }) => ({ field, rule })),
      );
    },
  );

  it("accepts any non-empty key, whatever the case of the scheme", async () => {
    for (const key of ["Bearer k", "bearer front-end-dev", "BEARER x y"])
      await newTask(FIRST.body, { Authorization: key });
  });

  it("names at most 20 problems of a body that has thousands", async () => {
    const body = { ...FIRST.body, ...Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`f${i}`, i])) };
    const answer = await (await submit(FIRST.path, body)).json();
    expect(answer.message).toMatch(/f19 is not a known field; and 4980 more problems\.$/);
  });
});

describe("bodies that would exhaust the mock", () => {
  const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
  it.each([
    ["50 000 nested [ as the body", deep(50_000)],
    ["50 000 nested [ inside a field", `{"prompt":"p","nested":${deep(50_000)}}`],
    ["50 000 [ that never close", "[".repeat(50_000)],
  ])("%s: 400 INVALID_REQUEST_BODY", async (_, text) => {
    for (const { path } of SUBMITS) {
      const response = await call(path, {
        method: "POST",
        headers: { ...AUTH, "Content-Type": "application/json" },
        body: text,
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        reason: "INVALID_REQUEST_BODY",
        message: expect.stringMatching(/nest more than 64 levels/),
      });
    }
  });

  it("a body over 64 MB is refused without being read whole", async () => {
    const response = await call(FIRST.path, {
      method: "POST",
      headers: { ...AUTH, "Content-Type": "application/json" },
      body: "a".repeat(64 * 2 ** 20 + 1),
    });
    expect(await response.json()).toMatchObject({
      reason: "INVALID_REQUEST_BODY",
      message: expect.stringMatching(/at most 67108864 bytes/),
    });
  });

  it.each(Object.entries(MAX_BODY_BYTES))(
    "%s: inline images are checked up to the documented %i bytes of body",
    async (path, limit) => {
      const base = SUBMITS.find((s) => s.path === path)!.body;
      const withImageOf = (bytes: number) => ({ ...base, images: [`data:image/png;base64,${"A".repeat(bytes)}`] });
      expect((await submit(path, withImageOf(limit - 1000))).status).toBe(200);
      const tooLarge = await (await submit(path, withImageOf(limit))).json();
      expect(tooLarge).toMatchObject({
        reason: "INVALID_REQUEST_BODY",
        message: expect.stringMatching(/send large images as URLs/),
      });
    },
  );
});

describe("fixed answers: Prefer", () => {
  it.each(["queued", "processing", "succeed", "failed"])(
    "example=%s picks that state for any task id",
    async (name) => {
      const response = await result("any", { ...AUTH, Prefer: `example=${name}` });
      const body = await response.json();
      expect(response.status).toBe(200);
      expect(body.task.status).toBe(`TASK_STATUS_${name.toUpperCase()}`);
      expect(matches.result(body)).toEqual([]);
      // The example's video points to the mock's sample, so that it plays offline.
      for (const { video_url } of body.videos) expect(video_url).toBe(`${ORIGIN}/videos/sample.mp4`);
    },
  );

  it.each(SUBMITS.map((s) => s.path))("code=429 on %s answers the spec's example error", async (path) => {
    const response = await submit(path, FIRST.body, { ...AUTH, Prefer: "code=429" });
    expect(response.status).toBe(429);
    expect(await response.json()).toEqual(EXAMPLES["ErrorRateLimitExceeded"]);
  });

  it("code and example together pick one of the status's examples", async () => {
    const response = await result("x", { ...AUTH, Prefer: "code=404, example=apiNotFound" });
    expect([response.status, (await response.json()).reason]).toEqual([404, "API_NOT_FOUND"]);
  });
});

describe("for UI tests", () => {
  it("rate-limits submits per model when asked, with the spec's 429, until the window passes", async () => {
    mock = createMockHandler({ clock: () => now, rateLimit: { requests: 2, windowMs: 60_000 } });
    for (let i = 0; i < 2; i++) expect((await submit(FIRST.path, FIRST.body)).status).toBe(200);
    const refused = await submit(FIRST.path, FIRST.body);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual(EXAMPLES["ErrorRateLimitExceeded"]);
    for (const other of SUBMITS.slice(1)) expect((await submit(other.path, other.body)).status).toBe(200);
    now += 60_000;
    expect((await submit(FIRST.path, FIRST.body)).status).toBe(200);
  });

  it("delays every answer by latencyMs, or by a request's X-Mock-Latency", async () => {
    vi.useFakeTimers();
    mock = createMockHandler({ latencyMs: 300 });
    const settled = (promise: Promise<unknown>) => {
      let done = false;
      void promise.then(() => (done = true));
      return () => done;
    };
    const slow = settled(result("x"));
    const slower = settled(result("x", { ...AUTH, "X-Mock-Latency": "1000" }));
    await vi.advanceTimersByTimeAsync(299);
    expect([slow(), slower()]).toEqual([false, false]);
    await vi.advanceTimersByTimeAsync(1);
    expect([slow(), slower()]).toEqual([true, false]);
    await vi.advanceTimersByTimeAsync(700);
    expect(slower()).toBe(true);
  });

  it("ages tasks by fake timers too, with no clock passed", async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    mock = createMockHandler({ timings: { queuedMs: 1000, processingMs: 1000 } });
    const id = await newTask();
    expect((await (await result(id)).json()).task.status).toBe("TASK_STATUS_QUEUED");
    vi.advanceTimersByTime(2000);
    expect((await (await result(id)).json()).task.status).toBe("TASK_STATUS_SUCCEED");
  });
});

describe("for front ends", () => {
  it("answers a CORS preflight allowing Authorization, Content-Type, Prefer and the mock's headers", async () => {
    const response = await call(FIRST.path, {
      method: "OPTIONS",
      headers: { Origin: "http://localhost:5173", "Access-Control-Request-Method": "POST" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
    const allowed = response.headers.get("access-control-allow-headers")!.toLowerCase().split(/,\s*/);
    expect(allowed).toEqual(
      expect.arrayContaining(["authorization", "content-type", "prefer", "x-mock-fail", "x-mock-latency"]),
    );
  });

  it("lets any origin read every answer, errors and their violations included", async () => {
    for (const response of [
      await submit(FIRST.path, FIRST.body),
      await submit(FIRST.path, {}, {}),
      await submit(FIRST.path, {}),
      await result("nope"),
      await call("/videos/sample.mp4"),
    ]) {
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(response.headers.get("access-control-expose-headers")).toContain("X-Mock-Violations");
      await response.arrayBuffer();
    }
  });

  it("serves the sample video in byte ranges, as browsers ask for it", async () => {
    const ranged = await call("/videos/sample.mp4", { headers: { Range: "bytes=100-199" } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get("content-range")).toBe(`bytes 100-199/${SAMPLE.length}`);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(SAMPLE.subarray(100, 200))).toBe(true);
    const tail = await call("/videos/sample.mp4", { headers: { Range: "bytes=-10" } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(SAMPLE.subarray(-10))).toBe(true);
    const past = await call("/videos/sample.mp4", { headers: { Range: `bytes=${SAMPLE.length}-` } });
    expect(past.status).toBe(416);
    const head = await call("/videos/sample.mp4", { method: "HEAD" });
    expect(head.headers.get("content-length")).toBe(String(SAMPLE.length));
    expect(head.headers.get("accept-ranges")).toBe("bytes");
  });

  it("gives each body type its own task type, as Novita names them", async () => {
    for (const { path, model, body } of SUBMITS) {
      const id = await newTask(body as Json, AUTH, path);
      expect((await (await result(id)).json()).task.task_type).toBe(model.replace(/\W/g, "_").toUpperCase());
    }
  });
});
