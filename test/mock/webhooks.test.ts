// Webhooks: a submit with `extra.webhook.url` gets the ASYNC_TASK_RESULT event POSTed there when its task
// ends, sent again on a timeout or a non-2xx answer as many times as the spec says, in fake time; then
// once over real HTTP to a real receiver. parseWebhookEvent reads what arrives.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TASK_RESULT_PATH } from "../../generated/constants.js";
import { WEBHOOK } from "../../generated/webhook.js";
import { createMockHandler, type MockHandler, type WebhookAttempt } from "../../src/mock/index.js";
import { startMockServer } from "../../src/mock/node.js";
import { parseWebhookEvent, ViduValidationError } from "../../src/index.js";
import { AUTH, caller, FIRST, matches } from "./helpers.js";

const HOOK = "http://localhost:8080/hooks/vidu"; // loopback: the mock delivers to this machine only by default
const withHook = (webhook: Record<string, unknown> = { url: HOOK }) => ({ ...FIRST.body, extra: { webhook } });

/** A fetch that records each POST and answers with the next of `statuses` (the last one repeats); 0 never answers. */
function receiver(statuses: number[]) {
  const calls: { at: number; url: string; body: unknown; type: string | null }[] = [];
  const fetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    calls.push({
      at: Date.now(),
      url: String(url),
      body: JSON.parse(String(init?.body)),
      type: new Headers(init?.headers).get("content-type"),
    });
    const status = statuses[Math.min(calls.length, statuses.length) - 1]!;
    if (status === 0)
      return new Promise((_, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason)));
    return new Response(null, { status });
  };
  return { calls, fetch: fetch as typeof globalThis.fetch };
}

let mock: MockHandler;
const { submit, newTask } = caller(() => mock);
const attempts: WebhookAttempt[] = [];

function start(statuses: number[], timings = { queuedMs: 1000, processingMs: 4000 }) {
  vi.useFakeTimers({ now: 1_763_751_600_000 });
  const hook = receiver(statuses);
  attempts.length = 0;
  mock = createMockHandler({ timings, webhooks: { fetch: hook.fetch, onDelivery: (a) => attempts.push(a) } });
  return hook;
}

afterEach(() => {
  mock?.close();
  vi.useRealTimers();
});

describe("a submit with extra.webhook.url", () => {
  it("gets the event POSTed when its task ends, not before, and it reads as the spec says", async () => {
    const hook = start([200]);
    const submittedAt = Date.now();
    const id = await newTask(withHook());
    await vi.advanceTimersByTimeAsync(4999);
    expect(hook.calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(hook.calls).toHaveLength(1);
    const [call] = hook.calls;
    expect(call).toMatchObject({ at: submittedAt + 5000, url: HOOK, type: "application/json" });
    expect(matches.event(call!.body as never)).toEqual([]);
    const event = parseWebhookEvent(JSON.stringify(call!.body));
    expect(event.event_type).toBe(WEBHOOK.eventType);
    expect(event.payload.task).toMatchObject({ task_id: id, status: "TASK_STATUS_SUCCEED" });
    expect(event.payload.videos?.[0]?.video_url).toBe(`http://mock.test/videos/${id}.mp4`);
    await mock.settled();
    expect(attempts).toEqual([{ taskId: id, url: HOOK, attempt: 1, status: 200, delivered: true, willRetry: false }]);
  });

  it("reports a failed task as failed", async () => {
    const hook = start([204]);
    await newTask(withHook(), { ...AUTH, "X-Mock-Fail": "008007004" });
    await vi.advanceTimersByTimeAsync(3000);
    expect(parseWebhookEvent(hook.calls[0]?.body).payload.task).toMatchObject({
      status: "TASK_STATUS_FAILED",
      reason: expect.stringMatching(/^008007004: /),
    });
  });

  it.each([
    ["TASK_STATUS_SUCCEED", "TASK_STATUS_SUCCEED"],
    ["TASK_STATUS_FAILED", "TASK_STATUS_FAILED"],
  ])("in Novita's test mode asking for %s, ends at once with that status", async (asked, status) => {
    const hook = start([200]);
    const id = await newTask(withHook({ url: HOOK, test_mode: { enabled: true, return_task_status: asked } }));
    await vi.advanceTimersByTimeAsync(0);
    expect(hook.calls).toHaveLength(1);
    expect(parseWebhookEvent(hook.calls[0]?.body).payload.task).toMatchObject({ task_id: id, status });
  });

  it("is sent again after a non-2xx answer, waiting longer each time", async () => {
    const hook = start([500, 302, 200]);
    await newTask(withHook());
    await vi.advanceTimersByTimeAsync(5000 + 1000 + 2000);
    expect(hook.calls.map((c) => c.at - hook.calls[0]!.at)).toEqual([0, 1000, 3000]);
    expect(attempts.map((a) => [a.attempt, a.status, a.delivered, a.willRetry])).toEqual([
      [1, 500, false, true],
      [2, 302, false, true],
      [3, 200, true, false],
    ]);
  });

  it(`is sent at most 1 + ${WEBHOOK.maxRetries} times to a receiver that keeps failing`, async () => {
    const hook = start([503]);
    await newTask(withHook());
    await vi.advanceTimersByTimeAsync(5000 + 60 * 60 * 1000);
    expect(hook.calls).toHaveLength(1 + WEBHOOK.maxRetries);
    expect(attempts.at(-1)).toMatchObject({ delivered: false, willRetry: false });
  });

  it(`gives a receiver ${WEBHOOK.timeoutMs} ms to answer, then sends it again`, async () => {
    const hook = start([0, 200]);
    await newTask(withHook());
    await vi.advanceTimersByTimeAsync(5000 + WEBHOOK.timeoutMs - 1);
    expect(attempts).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(attempts[0]).toMatchObject({
      attempt: 1,
      error: `no answer within ${WEBHOOK.timeoutMs} ms`,
      willRetry: true,
    });
    await vi.advanceTimersByTimeAsync(1000);
    expect(hook.calls).toHaveLength(2);
    expect(attempts[1]).toMatchObject({ attempt: 2, status: 200, delivered: true });
  });

  it("is not sent once the mock is closed", async () => {
    const hook = start([200]);
    await newTask(withHook());
    mock.close();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(hook.calls).toEqual([]);
  });

  it("must be an http(s) URL, like every field the spec checks", async () => {
    start([200]);
    const response = await submit(FIRST.path, withHook({ url: "ftp://receiver.test/x" }));
    expect(response.status).toBe(400);
    expect((await response.json()).message).toContain("extra.webhook.url");
  });
});

describe("over HTTP", () => {
  let server: Server | undefined;
  afterEach(() => new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined))));

  it("reaches a local receiver, which gets the event again after answering 503", async () => {
    const received: { body: string; type: string | undefined }[] = [];
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        received.push({ body, type: req.headers["content-type"] });
        res.writeHead(received.length === 1 ? 503 : 200).end();
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const mock = await startMockServer({ timings: { queuedMs: 0, processingMs: 50 }, webhooks: { retryDelayMs: 10 } });
    try {
      const response = await fetch(`${mock.url}${FIRST.path}`, {
        method: "POST",
        headers: { ...AUTH, "Content-Type": "application/json" },
        body: JSON.stringify(withHook({ url })),
      });
      const { task_id } = await response.json();
      for (let i = 0; i < 100 && received.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      await mock.handler.settled();
      expect(received).toHaveLength(2);
      expect(received[0]).toEqual(received[1]);
      const event = parseWebhookEvent(received[1]!.body);
      expect(event.payload.task.task_id).toBe(task_id);
      const polled = await (await fetch(`${mock.url}${TASK_RESULT_PATH}?task_id=${task_id}`, { headers: AUTH })).json();
      expect(event.payload).toEqual(polled);
      expect(event.payload.videos?.[0]?.video_url).toBe(`${mock.url}/videos/${task_id}.mp4`);
    } finally {
      await mock.close();
    }
  });
});

describe("parseWebhookEvent", () => {
  const valid = { event_type: "ASYNC_TASK_RESULT", payload: { task: { task_id: "t", status: "TASK_STATUS_SUCCEED" } } };

  it("reads an event from text, bytes or parsed JSON, letting unknown fields and statuses through", () => {
    const open = { ...valid, payload: { task: { ...valid.payload.task, status: "TASK_STATUS_NEW", extra_field: 1 } } };
    for (const body of [JSON.stringify(open), new TextEncoder().encode(JSON.stringify(open)), open])
      expect(parseWebhookEvent(body)).toEqual(open);
  });

  it.each([
    ["not JSON", "{", [{ field: "(body)", rule: "json" }]],
    ["another event type", { ...valid, event_type: "OTHER" }, [{ field: "event_type", rule: "const" }]],
    ["no payload", { event_type: "ASYNC_TASK_RESULT" }, [{ field: "payload", rule: "required" }]],
    [
      "a task without its id",
      { ...valid, payload: { task: { status: "TASK_STATUS_SUCCEED" } } },
      [{ field: "payload.task.task_id", rule: "required" }],
    ],
    [
      "a video url that is a number",
      { ...valid, payload: { ...valid.payload, videos: [{ video_url: 5 }] } },
      [{ field: "payload.videos[0].video_url", rule: "type" }],
    ],
    ["an array", [], [{ field: "(body)", rule: "type" }]],
  ])("refuses %s, naming the field and the rule", (_, body, expected) => {
    const error = (() => {
      try {
        parseWebhookEvent(body);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ViduValidationError);
    expect((error as ViduValidationError).issues.map(({ field, rule }) => ({ field, rule }))).toEqual(expected);
  });
});
