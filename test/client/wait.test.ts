// The bounds of a wait: its timeout covers the requests too, its options are checked, an eta that
// passes stops being trusted, and every way `run` can fail after the submit names the task.
import { describe, expect, it } from "vitest";
import {
  createViduClient,
  ViduAbortError,
  ViduError,
  ViduValidationError,
  ViduWaitTimeoutError,
} from "../../src/index.js";
import { API_KEY, json, Q3, rejection, succeeded, task, testClient } from "./helpers.js";

const never = () => new Promise<Response>(() => {});
/** Settles with "still waiting" when `promise` has not settled after `ms`: a wait that overruns fails the test. */
const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<"still waiting">((resolve) => setTimeout(() => resolve("still waiting"), ms))]);

describe("wait's timeout", () => {
  it("bounds the whole wait, a request that hangs included", async () => {
    const { client } = testClient([never], { requestTimeoutMs: 60_000 });
    const started = Date.now();
    const outcome = await within(rejection(client.wait("t-1", { timeoutMs: 300 })), 5000);
    expect(outcome).toBeInstanceOf(ViduWaitTimeoutError);
    expect(outcome).toMatchObject({ taskId: "t-1", timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("bounds retries of a failing read too", async () => {
    const busy = () => json({ code: 503, reason: "SERVICE_UNAVAILABLE" }, 503, { "retry-after": "30" });
    const client = createViduClient({ apiKey: API_KEY, fetch: async () => busy(), retry: { retries: 10 } });
    const outcome = await within(rejection(client.wait("t-1", { timeoutMs: 300 })), 5000);
    expect(outcome).toBeInstanceOf(ViduWaitTimeoutError);
  });

  it.each([Number.NaN, 0, -1, "900" as unknown as number])("refuses %s, sending nothing", async (timeoutMs) => {
    const { client, sent } = testClient([succeeded()]);
    const error = await rejection(client.wait("t-1", { timeoutMs }));
    expect(error).toBeInstanceOf(ViduValidationError);
    expect(error.message).toMatch(/timeoutMs must be a positive number of milliseconds/);
    expect(sent).toHaveLength(0);
  });

  it("refuses an empty task id, sending nothing", async () => {
    const { client, sent } = testClient([succeeded()]);
    await expect(client.wait("")).rejects.toThrow(/taskId must be a non-empty string/);
    expect(sent).toHaveLength(0);
  });
});

describe("an eta that passes", () => {
  it("is no longer trusted: the wait backs off with the time elapsed instead", async () => {
    // The server keeps saying "1 s left" for a task that takes minutes.
    const { client, clock } = testClient([
      ...Array.from({ length: 30 }, () => task("TASK_STATUS_PROCESSING", { eta: 1 })),
      succeeded(),
    ]);
    await client.wait("t-1");
    // Trusted at first: just after the eta. Once it has passed, the delays grow with the time elapsed.
    expect(clock.sleeps[0]).toBe(1250);
    const late = clock.sleeps.slice(-5);
    expect(late.every((ms) => ms > 1250)).toBe(true);
    expect(late).toEqual([...late].sort((a, b) => a - b));
  });
});

describe("run after the submit", () => {
  it("rejects an abort with a ViduAbortError carrying the task id and the signal's reason", async () => {
    const controller = new AbortController();
    const reason = new Error("user left the page");
    const { client } = testClient([
      json({ task_id: "t-7" }),
      () => {
        controller.abort(reason);
        return task("TASK_STATUS_PROCESSING", { eta: 30 });
      },
    ]);
    const error = await rejection(client.run("vidu-q3-turbo-i2v", Q3, { signal: controller.signal }));
    expect(error).toBeInstanceOf(ViduAbortError);
    expect(error).toBeInstanceOf(ViduError);
    expect(error).toMatchObject({ taskId: "t-7", cause: reason });
    expect(error.message).toMatch(/t-7/);
  });

  it("rejects with the task id when onProgress throws", async () => {
    const oops = new Error("render failed");
    const { client } = testClient([json({ task_id: "t-8" }), task("TASK_STATUS_QUEUED")]);
    const error = await rejection(
      client.run("vidu-q3-turbo-i2v", Q3, {
        onProgress: () => {
          throw oops;
        },
      }),
    );
    expect(error).toBeInstanceOf(ViduError);
    expect(error).toMatchObject({ taskId: "t-8", cause: oops });
  });

  it("names the task on a wait timeout, a task failure and an API error", async () => {
    for (const [answer, name] of [
      [task("TASK_STATUS_QUEUED"), "ViduWaitTimeoutError"],
      [task("TASK_STATUS_FAILED", { reason: "008007095" }), "ViduTaskFailedError"],
      [json({ code: 404, reason: "TASK_NOT_FOUND" }, 404), "ViduApiError"],
    ] as const) {
      const { client } = testClient([json({ task_id: "t-9" }), answer]);
      const error = await rejection(client.run("vidu-q3-turbo-i2v", Q3, { timeoutMs: 5000 }));
      expect(error).toMatchObject({ name, taskId: "t-9" });
    }
  });
});

describe("an abort before anything is sent", () => {
  it("rejects a submit with a ViduAbortError that says nothing was received", async () => {
    const { client, sent } = testClient([json({ task_id: "t-1" })]);
    const error = await rejection(client.submit("vidu-q3-turbo-i2v", Q3, { signal: AbortSignal.abort("stop") }));
    expect(error).toBeInstanceOf(ViduAbortError);
    expect(error).toMatchObject({ maybeReceived: false, cause: "stop" });
    expect(sent).toHaveLength(0);
  });
});
