// A mock task's life, as a function of time: queued, then processing with rising progress and falling
// eta, then succeeded with the video (or failed with a Vidu code); every state matches the spec.
import { describe, expect, it } from "vitest";
import { TASK_FAILURE_CODES } from "../../generated/constants.js";
import {
  DEFAULT_FAILURE_CODE,
  TaskStore,
  createTask,
  requestedFailure,
  taskResultAt,
  taskTypeOf,
} from "../../src/mock/tasks.js";
import { schemaValidator } from "../contract/helpers.js";

const matchesTaskResult = schemaValidator("TaskResult");
const timings = { queuedMs: 1000, processingMs: 4000 };
const SUBMITTED = 1_763_751_600_000;
const VIDEO = "http://127.0.0.1:4010/videos/t.mp4";
const newTask = (failureCode?: string) =>
  createTask({ model: "vidu-q3-turbo-i2v", body: { seed: 42 }, failureCode, timings, now: SUBMITTED });

/** The task's result every 250 ms from its submission until well after it ends. */
const walk = (failureCode?: string) =>
  Array.from({ length: 25 }, (_, i) => taskResultAt(newTask(failureCode), SUBMITTED + i * 250, VIDEO));

describe("a task that succeeds", () => {
  const results = walk();
  const statuses = results.map((r) => r.task.status);

  it("is queued, then processing, then succeeded, in that order and at the configured times", () => {
    expect(statuses.slice(0, 4)).toEqual(Array(4).fill("TASK_STATUS_QUEUED")); // 0 to 750 ms
    expect(statuses.slice(4, 20)).toEqual(Array(16).fill("TASK_STATUS_PROCESSING")); // 1000 to 4750 ms
    expect(statuses.slice(20)).toEqual(Array(5).fill("TASK_STATUS_SUCCEED")); // from 5000 ms
  });

  it("reports rising progress and a falling eta while processing", () => {
    const processing = results.filter((r) => r.task.status === "TASK_STATUS_PROCESSING");
    const progress = processing.map((r) => r.task.progress_percent!);
    const eta = results.map((r) => r.task.eta!);
    expect(progress[0]).toBe(0);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThan(progress[i - 1]!);
    expect(Math.max(...progress)).toBeLessThan(100);
    for (let i = 1; i < eta.length; i++) expect(eta[i]).toBeLessThanOrEqual(eta[i - 1]!);
    expect(eta[0]).toBe(5);
    expect(results[12]?.task).toMatchObject({ progress_percent: 50, eta: 2 }); // 3000 ms: half of processing
  });

  it("ends with the video, 100 % and no eta, and the times it ran at", () => {
    const done = results.at(-1)!;
    expect(done.task).toMatchObject({ progress_percent: 100, eta: 0, reason: "", task_type: "VIDU_Q3_TURBO_I2V" });
    expect(done.videos).toEqual([{ video_url: VIDEO, video_url_ttl: "3600", video_type: "mp4" }]);
    expect(done.extra?.seed).toBe("42");
    expect(done.extra?.debug_info).toEqual({
      request_info: "",
      submit_time_ms: String(SUBMITTED),
      execute_time_ms: String(SUBMITTED + 1000),
      complete_time_ms: String(SUBMITTED + 5000),
    });
    expect(results[0]?.videos).toEqual([]);
  });

  it("matches the TaskResult schema in every state", () => {
    for (const result of results) expect(matchesTaskResult(result), result.task.status).toEqual([]);
  });
});

describe("a task made to fail", () => {
  it.each(Object.entries(TASK_FAILURE_CODES))("%s fails halfway through processing, saying why", (code, meaning) => {
    const results = walk(code);
    const failedAt = results.findIndex((r) => r.task.status === "TASK_STATUS_FAILED");
    expect(failedAt).toBe(12); // 1000 ms queued + half of 4000 ms processing = 3000 ms
    expect(results.slice(failedAt).every((r) => r.task.status === "TASK_STATUS_FAILED")).toBe(true);
    const failed = results[failedAt]!;
    expect(failed.task).toMatchObject({ reason: `${code}: ${meaning}`, eta: 0, progress_percent: 0 });
    expect(failed.videos).toEqual([]);
    expect(matchesTaskResult(failed)).toEqual([]);
  });
});

describe("asking for a failure", () => {
  it.each([
    ["no header, a plain prompt", undefined, "A cat yawns.", {}],
    ["no prompt", undefined, undefined, {}],
    ["[fail] in the prompt", undefined, "A cat [fail] yawns.", { code: DEFAULT_FAILURE_CODE }],
    ["[FAIL:008007004] in the prompt", undefined, "[FAIL:008007004]", { code: "008007004" }],
    ["an empty header", "", "A cat yawns.", { code: DEFAULT_FAILURE_CODE }],
    ["a header with a code", " 008007099 ", "A cat yawns.", { code: "008007099" }],
    ["a header, which wins over the prompt", "008007001", "[fail:008007005]", { code: "008007001" }],
  ])("%s", (_, header, prompt, expected) => {
    expect(requestedFailure(header, prompt)).toEqual(expected);
  });

  it("refuses a code that is not Vidu's, saying which are", () => {
    expect(requestedFailure("12345", "")).toEqual({
      error: expect.stringMatching(/^X-Mock-Fail must name .*008007001/),
    });
    expect(requestedFailure(undefined, "[fail:oops]").error).toMatch(/^the prompt's \[fail:<code>\] marker must name/);
  });
});

describe("tasks", () => {
  it("get a fresh id each, and a seed: the request's, or a random one", () => {
    const a = newTask();
    const b = createTask({ model: "viduq2-pro-fast", body: {}, timings, now: SUBMITTED });
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.id).not.toBe(b.id);
    expect(a.seed).toBe("42");
    expect(Number(b.seed)).toBeGreaterThan(0);
  });

  it("are typed after their model, as Novita names task types", () => {
    expect(taskTypeOf("vidu-q2-turbo-img2video")).toBe("VIDU_Q2_TURBO_IMG2VIDEO");
    expect(taskTypeOf("viduq2-pro-fast")).toBe("VIDUQ2_PRO_FAST");
  });

  it("are forgotten oldest first once the store is full", () => {
    const store = new TaskStore(2);
    const [a, b, c] = [newTask(), newTask(), newTask()];
    for (const task of [a, b, c]) store.add(task);
    expect(store.get(a.id)).toBeUndefined();
    expect(store.get(b.id)).toBe(b);
    expect(store.get(c.id)).toBe(c);
  });
});
