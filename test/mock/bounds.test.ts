// The mock as a long-running neighbour: failure codes are looked up as own keys only, its options are
// held to what a timer holds, webhook deliveries go a few at a time and only to this machine unless the
// mock is told otherwise, and a task that runs longer than a timer holds does not spin its timer.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MAX_TIMER_MS } from "../../src/client/options.js";
import { MAX_CONCURRENT_DELIVERIES } from "../../src/mock/bounds.js";
import { createMockHandler, type MockHandler, type MockOptions, type WebhookAttempt } from "../../src/mock/index.js";
import { requestedFailure } from "../../src/mock/tasks.js";
import { AUTH, caller, FIRST } from "./helpers.js";

let mock: MockHandler;
const { submit, newTask } = caller(() => mock);
const withHook = (url: string, testMode = false) => ({
  ...FIRST.body,
  extra: {
    webhook: { url, ...(testMode && { test_mode: { enabled: true, return_task_status: "TASK_STATUS_SUCCEED" } }) },
  },
});

afterEach(() => {
  mock?.close();
  vi.restoreAllMocks(); // before the real timers come back, or a spy on a fake setTimeout would restore it
  vi.useRealTimers();
});

describe("a failure code", () => {
  it.each(["constructor", "__proto__", "toString", "hasOwnProperty"])(
    "named %s (inherited by every object) is not one of Vidu's codes",
    async (name) => {
      expect(requestedFailure(name, undefined)).toEqual({ error: expect.stringContaining("X-Mock-Fail must name") });
      expect(requestedFailure(undefined, `a cat [fail:${name}]`).error).toMatch(/\[fail:<code>\] marker/);
      mock = createMockHandler();
      const byHeader = await submit(FIRST.path, FIRST.body, { ...AUTH, "X-Mock-Fail": name });
      const byPrompt = await submit(FIRST.path, { ...FIRST.body, prompt: `[fail:${name}]` });
      expect([byHeader.status, byPrompt.status]).toEqual([400, 400]);
      expect(JSON.parse(byHeader.headers.get("x-mock-violations")!)).toEqual([
        { field: "X-Mock-Fail", rule: "failureCode" },
      ]);
    },
  );

  it("named in Prefer (code=constructor, example=constructor) finds no example", async () => {
    mock = createMockHandler();
    for (const prefer of ["code=constructor", "example=constructor", "code=__proto__, example=toString"])
      expect((await submit(FIRST.path, FIRST.body, { ...AUTH, Prefer: prefer })).status).toBe(404);
  });
});

describe("the mock's options", () => {
  it.each<[string, MockOptions]>([
    ["timings.processingMs", { timings: { processingMs: 3e9 } }],
    ["timings.queuedMs", { timings: { queuedMs: -1 } }],
    ["timings.queuedMs", { timings: { queuedMs: Number.NaN } }],
    ["webhooks.retryDelayMs", { webhooks: { retryDelayMs: 3e9 } }],
    ["webhooks.timeoutMs", { webhooks: { timeoutMs: 3e9 } }],
    ["webhooks.timeoutMs", { webhooks: { timeoutMs: 0 } }],
    ["webhooks.maxRetries", { webhooks: { maxRetries: 1.5 } }],
    ["webhooks.maxRetries", { webhooks: { maxRetries: -1 } }],
    ["latencyMs", { latencyMs: 3e9 }],
    ["maxTasks", { maxTasks: 0 }],
    ["rateLimit.requests", { rateLimit: { requests: -1 } }],
    ["rateLimit.requests", { rateLimit: { requests: Number.NaN } }],
    ["rateLimit.windowMs", { rateLimit: { requests: 1, windowMs: 0 } }],
    ["rateLimit.windowMs", { rateLimit: { requests: 1, windowMs: Infinity } }],
  ])("refuse %s out of its range, naming it", (name, options) => {
    expect(() => createMockHandler(options)).toThrow(new RegExp(`^${name.replace(".", "\\.")} must be a`));
    expect(() => createMockHandler(options)).toThrow(RangeError);
  });

  it("take the longest a timer holds", () => {
    const longest = { timings: { queuedMs: MAX_TIMER_MS, processingMs: MAX_TIMER_MS } };
    expect(() =>
      createMockHandler({ ...longest, webhooks: { retryDelayMs: MAX_TIMER_MS, timeoutMs: MAX_TIMER_MS } }),
    ).not.toThrow();
  });
});

/** A fetch that answers every POST with `status`, recording when each came. */
function receiver(status: number) {
  const calls: number[] = [];
  const fetch = (async () => (calls.push(Date.now()), new Response(null, { status }))) as typeof globalThis.fetch;
  return { calls, fetch };
}

describe("a wait longer than a timer holds", () => {
  it("between retries (a doubled retryDelayMs) is waited in full, not fired at once", async () => {
    vi.useFakeTimers(); // they fire a delay over 2^31-1 ms after 1 ms, as Node does
    const hook = receiver(503);
    mock = createMockHandler({ webhooks: { fetch: hook.fetch, retryDelayMs: MAX_TIMER_MS, maxRetries: 3 } });
    await newTask(withHook("http://127.0.0.1:9/hook", true));
    await vi.advanceTimersByTimeAsync(MAX_TIMER_MS + 10);
    expect(hook.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(60_000); // the second wait, doubled, is held to 2^31-1 ms
    expect(hook.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(MAX_TIMER_MS - 60_000);
    expect(hook.calls.map((at) => at - hook.calls[0]!)).toEqual([0, MAX_TIMER_MS, 2 * MAX_TIMER_MS]);
  });

  it("until a task ends arms one timer, not one every millisecond, and delivers when the task ends", async () => {
    vi.useFakeTimers({ now: 0 });
    const hook = receiver(200);
    const processingMs = MAX_TIMER_MS; // queued + processing: about 4.3e9 ms
    mock = createMockHandler({ timings: { queuedMs: MAX_TIMER_MS, processingMs }, webhooks: { fetch: hook.fetch } });
    await newTask(withHook("http://127.0.0.1:9/hook"));
    const timers = vi.spyOn(globalThis, "setTimeout");
    await vi.advanceTimersByTimeAsync(1000);
    expect(timers).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2 * MAX_TIMER_MS - 1001);
    expect(hook.calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(hook.calls).toEqual([2 * MAX_TIMER_MS]);
    expect(timers.mock.calls.length).toBeLessThan(5);
  });
});

describe("webhook deliveries", () => {
  function start(options: MockOptions["webhooks"] = {}) {
    const attempts: WebhookAttempt[] = [];
    const hook = receiver(200);
    mock = createMockHandler({ webhooks: { fetch: hook.fetch, onDelivery: (a) => attempts.push(a), ...options } });
    return { hook, attempts };
  }

  it.each(["https://example.com/hook", "http://10.0.0.1/hook", "http://169.254.169.254/latest", "http://[::2]/x"])(
    "to another host (%s) are not sent, and say why",
    async (url) => {
      const { hook, attempts } = start();
      const taskId = await newTask(withHook(url, true));
      await mock.settled();
      expect(hook.calls).toEqual([]);
      expect(attempts).toEqual([
        {
          taskId,
          url,
          attempt: 1,
          delivered: false,
          willRetry: false,
          error: expect.stringMatching(/^not sent: .*this machine only/),
        },
      ]);
    },
  );

  it.each(["http://localhost:8080/hook", "http://127.0.0.1/hook", "http://127.1.2.3:9/x", "http://[::1]:8080/x"])(
    "to this machine (%s) are sent",
    async (url) => {
      const { hook } = start();
      await newTask(withHook(url, true));
      await mock.settled();
      expect(hook.calls).toHaveLength(1);
    },
  );

  it("pending are kept no more than maxTasks of them: the oldest is given up, and onDelivery says so", async () => {
    const attempts: WebhookAttempt[] = [];
    const hook = receiver(200);
    mock = createMockHandler({ maxTasks: 3, webhooks: { fetch: hook.fetch, onDelivery: (a) => attempts.push(a) } });
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await newTask(withHook("http://127.0.0.1:9/hook")));
    expect(attempts.map((a) => a.taskId)).toEqual(ids.slice(0, 2));
    expect(attempts[0]).toMatchObject({
      delivered: false,
      error: expect.stringMatching(/^not sent: more than 3 webhooks/),
    });
    expect(hook.calls).toEqual([]);
  });

  it("to another host are sent when the mock is started with allowRemoteHosts", async () => {
    const { hook, attempts } = start({ allowRemoteHosts: true });
    await newTask(withHook("https://example.com/hook", true));
    await mock.settled();
    expect(hook.calls).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ delivered: true });
  });

  describe("to a real receiver", () => {
    let server: Server | undefined;
    afterEach(() => new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined))));

    it(`go at most ${MAX_CONCURRENT_DELIVERIES} at a time: 1,000 pending deliveries do not open 1,000 sockets`, async () => {
      let [open, mostOpen, answering, mostAnswering, received] = [0, 0, 0, 0, 0];
      server = createServer((req, res) => {
        mostAnswering = Math.max(mostAnswering, ++answering);
        req.resume();
        req.on("end", () => setTimeout(() => (answering--, received++, res.writeHead(200).end()), 2));
      });
      server.on("connection", (socket) => {
        mostOpen = Math.max(mostOpen, ++open);
        socket.on("close", () => open--);
      });
      await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      mock = createMockHandler();
      for (let i = 0; i < 1000; i++) await newTask(withHook(url, true));
      await mock.settled();
      expect(received).toBe(1000);
      expect(mostAnswering).toBe(MAX_CONCURRENT_DELIVERIES);
      // fetch may open a socket for the next POST before the last one's is back in its pool (1,000 without the queue).
      expect(mostOpen).toBeLessThanOrEqual(2 * MAX_CONCURRENT_DELIVERIES);
      server.closeAllConnections();
    }, 30_000);
  });
});
