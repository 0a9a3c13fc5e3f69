// getResult reads a task once, whatever its status, on both clients; submit, getResult and wait all
// go through the one openapi-fetch client, so its middleware sees every request they send.
import { describe, expect, it } from "vitest";
import { createViduClient as createLeanClient } from "../../src/lean.js";
import { ViduApiError, ViduValidationError } from "../../src/index.js";
import { viduQ3TurboI2V } from "../../generated/models/index.js";
import { API_KEY, envelope, fakeClock, Q3, rejection, scriptedFetch, task, testClient, json } from "./helpers.js";

describe("getResult", () => {
  it("reads the task once and returns it, unfinished or not", async () => {
    const { client, sent } = testClient([task("TASK_STATUS_PROCESSING", { progress_percent: 40 })]);
    const result = await client.getResult("t-1");
    expect(result.task).toMatchObject({ status: "TASK_STATUS_PROCESSING", progress_percent: 40 });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url.pathname).toBe("/v3/async/task-result");
    expect(sent[0]?.url.searchParams.get("task_id")).toBe("t-1");
    expect(sent[0]?.cache).toBe("no-store");
  });

  it("is on the lean client too", async () => {
    const { fetch, sent } = scriptedFetch([task("TASK_STATUS_QUEUED")]);
    const lean = createLeanClient({ apiKey: API_KEY, fetch, clock: fakeClock() });
    await expect(lean.getResult("t-1")).resolves.toMatchObject({ task: { status: "TASK_STATUS_QUEUED" } });
    expect(sent).toHaveLength(1);
  });

  it("throws the API's error with the task id", async () => {
    const { client } = testClient([envelope(404, "TASK_NOT_FOUND")]);
    const error = await rejection(client.getResult("t-9"));
    expect(error).toBeInstanceOf(ViduApiError);
    expect(error).toMatchObject({ status: 404, reason: "TASK_NOT_FOUND", taskId: "t-9" });
  });

  it("refuses an answer without a task status", async () => {
    const { client } = testClient([json({ nothing: true })]);
    await expect(client.getResult("t-1")).rejects.toMatchObject({ reason: "MALFORMED_RESPONSE", taskId: "t-1" });
  });

  it.each([[""], [undefined], [42]])("refuses the task id %j, sending nothing", async (id) => {
    const { client, sent } = testClient([task("TASK_STATUS_QUEUED")]);
    await expect(client.getResult(id as never)).rejects.toBeInstanceOf(ViduValidationError);
    expect(sent).toHaveLength(0);
  });
});

describe("vidu.api's middleware", () => {
  it("sees the requests of submit, getResult and wait", async () => {
    const { fetch } = scriptedFetch([
      (request) => (request.method === "POST" ? json({ task_id: "t-1" }) : task("TASK_STATUS_SUCCEED")),
    ]);
    const lean = createLeanClient({ apiKey: API_KEY, fetch, clock: fakeClock() });
    const seen: string[] = [];
    lean.api.use({
      onRequest({ request }) {
        seen.push(`${request.method} ${new URL(request.url).pathname}`);
        request.headers.set("X-Trace", "1");
        return request;
      },
    });
    await lean.submit(viduQ3TurboI2V, Q3);
    await lean.getResult("t-1");
    await lean.wait("t-1");
    expect(seen).toEqual([
      "POST /v3/async/vidu-q3-turbo-i2v",
      "GET /v3/async/task-result",
      "GET /v3/async/task-result",
    ]);
  });
});

describe("progress", () => {
  it.each([
    ["150 and -5", { progress_percent: 150, eta: -5 }],
    ["strings", { progress_percent: "50", eta: "12" }],
    ["NaN-like", { progress_percent: null, eta: {} }],
  ])("drops numbers out of range or of the wrong type: %s", async (_, numbers) => {
    const { client } = testClient([task("TASK_STATUS_PROCESSING", numbers), task("TASK_STATUS_SUCCEED")]);
    const seen: unknown[] = [];
    await client.wait("t-1", { onProgress: ({ percent, eta }) => seen.push({ percent, eta }) });
    expect(seen).toEqual([{ percent: undefined, eta: undefined }]);
  });

  it("passes numbers in range", async () => {
    const { client } = testClient([
      task("TASK_STATUS_PROCESSING", { progress_percent: 30, eta: 12 }),
      task("TASK_STATUS_SUCCEED"),
    ]);
    const seen: unknown[] = [];
    await client.wait("t-1", { onProgress: ({ percent, eta }) => seen.push({ percent, eta }) });
    expect(seen).toEqual([{ percent: 30, eta: 12 }]);
  });
});
