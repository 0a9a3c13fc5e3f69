import { describe, expect, it, vi } from "vitest";
import {
  createViduClient,
  TASK_FAILURE_CODES,
  ViduApiError,
  ViduTaskFailedError,
  ViduTimeoutError,
  ViduValidationError,
  type Progress,
} from "../../src/index.js";
import { API_KEY, envelope, json, Q3, rejection, succeeded, task, testClient } from "./helpers.js";

describe("submit", () => {
  it("posts the body to the model's path with the bearer key and returns the task id", async () => {
    const { client, sent } = testClient([json({ task_id: "t-1" })], { baseUrl: "https://api.example.test/" });
    await expect(client.submit("vidu-q3-turbo-i2v", Q3)).resolves.toEqual({ task_id: "t-1" });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.method).toBe("POST");
    expect(sent[0]?.url.href).toBe("https://api.example.test/v3/async/vidu-q3-turbo-i2v");
    expect(sent[0]?.headers.get("authorization")).toBe(`Bearer ${API_KEY}`);
    expect(sent[0]?.headers.get("content-type")).toBe("application/json");
    expect(sent[0]?.body).toEqual(Q3);
  });

  it("refuses an invalid body with every problem named, and sends nothing", async () => {
    const { client, sent } = testClient([json({ task_id: "t-1" })]);
    const body = { images: ["./cat.png"], prompt: "p", duration: 12, resolution: "4k" };
    const error = await rejection(client.submit("vidu-q2-turbo-img2video", body as never));
    expect(error).toBeInstanceOf(ViduValidationError);
    expect((error as ViduValidationError).issues.map((i) => `${i.field}:${i.rule}`)).toEqual([
      "images[0]:pattern",
      "duration:enum",
      "resolution:enum",
    ]);
    expect(error.message).toMatch(
      /^vidu-q2-turbo-img2video: images\[0\] must be an http\(s\) URL.*duration must be one of 1, 2/,
    );
    expect(error.message).toMatch(/nothing was sent/);
    expect(sent).toHaveLength(0);
  });

  it("refuses an unknown model, naming the known ones", async () => {
    const { client, sent } = testClient([json({ task_id: "t-1" })]);
    const error = await rejection(client.submit("vidu-q9" as never, Q3 as never));
    expect(error.message).toMatch(/model must be one of vidu-q2-turbo-img2video, viduq2-pro-fast, vidu-q3-turbo-i2v/);
    expect(sent).toHaveLength(0);
  });

  it("refuses a Q2 Turbo body over its documented 20 MB, before sending", async () => {
    const { client, sent } = testClient([json({ task_id: "t-1" })]);
    const image = `data:image/png;base64,${"A".repeat(21 * 1024 * 1024)}`;
    const error = await rejection(
      client.submit("vidu-q2-turbo-img2video", { images: [image], prompt: "p", duration: 5 }),
    );
    expect((error as ViduValidationError).issues).toEqual([
      expect.objectContaining({
        field: "(body)",
        rule: "maxBodyBytes",
        message: expect.stringMatching(/at most 20 MB/),
      }),
    ]);
    expect(sent).toHaveLength(0);
  });

  it("sends an invalid body when validation is turned off, and reports Novita's refusal", async () => {
    const { client, sent } = testClient([envelope(400, "INVALID_REQUEST_BODY", "duration must be <= 10")], {
      validate: false,
    });
    const error = await rejection(
      client.submit("vidu-q2-turbo-img2video", { images: ["x"], prompt: "p", duration: 12 } as never),
    );
    expect(sent).toHaveLength(1);
    expect(error).toBeInstanceOf(ViduApiError);
    expect(error).toMatchObject({
      status: 400,
      reason: "INVALID_REQUEST_BODY",
      detail: "duration must be <= 10",
      operation: "POST /v3/async/vidu-q2-turbo-img2video",
      url: "https://api.novita.ai/v3/async/vidu-q2-turbo-img2video",
      message: '[POST] "/v3/async/vidu-q2-turbo-img2video": 400 INVALID_REQUEST_BODY – duration must be <= 10',
    });
  });

  it("treats a success without a task id as an error", async () => {
    const { client } = testClient([json({})]);
    const error = await rejection(
      client.submit("viduq2-pro-fast", { prompt: "@1", duration: 5, subjects: [{ images: ["https://x.y/a.png"] }] }),
    );
    expect(error).toBeInstanceOf(ViduApiError);
    expect(error.message).toMatch(/MALFORMED_RESPONSE – the answer has no task_id \(a plain token\): \{\}/);
  });
});

describe("wait", () => {
  it("polls until the task succeeds, reporting progress, with no-store requests", async () => {
    const { client, sent, clock } = testClient([
      task("TASK_STATUS_QUEUED", { eta: 40, progress_percent: 0 }),
      task("TASK_STATUS_PROCESSING", { eta: 12, progress_percent: 60 }),
      succeeded(),
    ]);
    const progress: Progress[] = [];
    const result = await client.wait("t-1", { onProgress: (p) => progress.push(p) });
    expect(result.videos?.[0]?.video_url).toBe("https://example.com/v.mp4");
    expect(progress.map((p) => [p.status, p.percent, p.eta])).toEqual([
      ["TASK_STATUS_QUEUED", 0, 40],
      ["TASK_STATUS_PROCESSING", 60, 12],
    ]);
    expect(progress[1]?.elapsedMs).toBe(clock.sleeps[0]);
    expect(sent.map((s) => `${s.method} ${s.url.pathname}${s.url.search}`)).toEqual(
      Array(3).fill("GET /v3/async/task-result?task_id=t-1"),
    );
    expect(sent.every((s) => s.cache === "no-store")).toBe(true);
    // It waits most of the eta, not a fixed interval.
    expect(clock.sleeps[0]).toBeGreaterThan(20_000);
    expect(clock.sleeps[0]).toBeLessThan(40_000);
  });

  it("keeps waiting through a status it does not know", async () => {
    const { client } = testClient([task("TASK_STATUS_UNKNOWN"), task("TASK_STATUS_SOMETHING_NEW"), succeeded()]);
    const onProgress = vi.fn();
    await expect(client.wait("t-1", { onProgress })).resolves.toMatchObject({
      task: { status: "TASK_STATUS_SUCCEED" },
    });
    expect(onProgress.mock.calls.map(([p]) => p.status)).toEqual(["TASK_STATUS_UNKNOWN", "TASK_STATUS_SOMETHING_NEW"]);
  });

  it("throws a task failure with the task id, the reason, the Vidu failure code and the last result", async () => {
    const { client } = testClient([task("TASK_STATUS_FAILED", { reason: "008007095: internal generation error" })]);
    const error = await rejection(client.wait("t-1"));
    expect(error).toBeInstanceOf(ViduTaskFailedError);
    expect(error).toMatchObject({
      taskId: "t-1",
      reason: "008007095: internal generation error",
      failureCode: "008007095",
      result: { task: { status: "TASK_STATUS_FAILED" } },
      message: "Task t-1 failed: 008007095: internal generation error",
    });
  });

  it.each<[string, string, string | undefined]>([
    ["a code of the table, anywhere in the reason", "generation failed (008007004)", "008007004"],
    ...Object.keys(TASK_FAILURE_CODES).map((code): [string, string, string] => [`the code ${code}`, code, code]),
    ["no code the table has", "008007050: something new", undefined],
    ["a code inside a longer number", "ref 1008007095 at 10:00", undefined],
    ["no code at all", "", undefined],
  ])("reads the failure code from the reason: %s", async (_, reason, failureCode) => {
    const { client } = testClient([task("TASK_STATUS_FAILED", { reason })]);
    const error = (await rejection(client.wait("t-1"))) as ViduTaskFailedError;
    expect(error.failureCode).toBe(failureCode);
    if (error.failureCode) expect(TASK_FAILURE_CODES[error.failureCode]).toBeTypeOf("string");
  });

  it("times out with the task id and its last status, polling one last time just before the deadline", async () => {
    const { client, clock, sent } = testClient([task("TASK_STATUS_PROCESSING", { eta: 1000 })]);
    const error = await rejection(client.wait("t-1", { timeoutMs: 90_000 }));
    expect(error).toBeInstanceOf(ViduTimeoutError);
    expect(error).toMatchObject({ taskId: "t-1", status: "TASK_STATUS_PROCESSING", timeoutMs: 90_000 });
    // The last poll leaves 2 s for its answer to come within the deadline; no poll could follow it.
    expect(clock.now()).toBeGreaterThanOrEqual(88_000);
    expect(clock.now()).toBeLessThanOrEqual(90_000);
    expect(sent.length).toBeGreaterThan(1);
  });

  it("reports a missing task with Novita's 404", async () => {
    const { client } = testClient([envelope(404, "TASK_NOT_FOUND", "task not found")]);
    await expect(client.wait("nope")).rejects.toMatchObject({ status: 404, reason: "TASK_NOT_FOUND" });
  });

  it("stops at once when the signal aborts during a sleep, with the signal's reason", async () => {
    const client = createViduClient({ apiKey: API_KEY, fetch: async () => task("TASK_STATUS_QUEUED", { eta: 300 }) });
    const controller = new AbortController();
    const started = Date.now();
    const waiting = client.wait("t-1", { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user left the page")), 50);
    await expect(waiting).rejects.toThrow("user left the page");
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe("run", () => {
  it("submits then waits, passing the signal and progress through", async () => {
    const { client, sent } = testClient([
      json({ task_id: "t-1" }),
      task("TASK_STATUS_PROCESSING", { eta: 5 }),
      succeeded(),
    ]);
    const onProgress = vi.fn();
    const result = await client.run("vidu-q3-turbo-i2v", Q3, { onProgress });
    expect(result.task.status).toBe("TASK_STATUS_SUCCEED");
    expect(sent.map((s) => s.method)).toEqual(["POST", "GET", "GET"]);
    expect(onProgress).toHaveBeenCalledTimes(1);
  });
});

describe("errors from bodies that are not Novita's envelope", () => {
  it("reads an HTML error page into a short message", async () => {
    const html = "<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>";
    const { client } = testClient([new Response(html, { status: 502, headers: { "content-type": "text/html" } })], {
      retry: false,
    });
    await expect(client.wait("t-1")).rejects.toMatchObject({
      status: 502,
      reason: "HTTP_502",
      detail: "502 Bad Gateway nginx",
    });
  });

  it("reports a success whose body is not JSON", async () => {
    const { client } = testClient([
      new Response("{not json", { status: 200, headers: { "content-type": "application/json" } }),
    ]);
    await expect(client.wait("t-1")).rejects.toMatchObject({ name: "ViduApiError", reason: "MALFORMED_RESPONSE" });
  });

  it("reports a task result without a task", async () => {
    const { client } = testClient([json({ videos: [] })]);
    await expect(client.wait("t-1")).rejects.toBeInstanceOf(ViduApiError);
  });
});

describe("run after the submit", () => {
  it("puts the task id on any error of the wait, so the caller can resume", async () => {
    const { client } = testClient([json({ task_id: "t-9" }), envelope(404, "TASK_NOT_FOUND")]);
    await expect(client.run("vidu-q3-turbo-i2v", Q3)).rejects.toMatchObject({ name: "ViduApiError", taskId: "t-9" });
  });
});

describe("failure codes", () => {
  it("are exported with their meanings from the spec", async () => {
    const { TASK_FAILURE_CODES } = await import("../../src/index.js");
    const { client } = testClient([task("TASK_STATUS_FAILED", { reason: "code 008007004" })]);
    const error = (await rejection(client.wait("t-1"))) as { failureCode?: string };
    expect(TASK_FAILURE_CODES[error.failureCode as keyof typeof TASK_FAILURE_CODES]).toMatch(/^Duration invalid/);
  });
});
