// createWebhookHandler: refuses what is not an event before parsing it (405, 413 with the cap applied
// while reading, 400), answers before onEvent runs, drops a redelivery, confirms with getResult; and the
// README's node:http, Express and Hono examples, run as written, receive the mock's deliveries.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { createWebhookHandler, lruSeenStore, type TaskResult, type WebhookDelivery } from "../../src/index.js";
import { startMockServer, webhookEvent, type MockServer, type WebhookAttempt } from "../../src/mock/node.js";
import { toNodeHandler } from "../../src/node.js";
import { mockReader, submitTask } from "../download/server.js";
import { codeBlocks } from "../docs/snippets.js";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";

const ROOT = new URL("../..", import.meta.url).pathname;
const scratch = join(ROOT, ".scratch", `webhook-${process.pid}`);
const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  vi.restoreAllMocks();
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const succeeded = (taskId: string, videoUrl = "https://example.com/v.mp4"): TaskResult => ({
  task: { task_id: taskId, status: "TASK_STATUS_SUCCEED" },
  videos: [{ video_url: videoUrl }],
});
const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request("http://receiver.test/hook", { method: "POST", body, headers, duplex: "half" } as RequestInit);
const json = (value: unknown) => post(JSON.stringify(value), { "Content-Type": "application/json" });
/** A handler whose deliveries land in `deliveries`, and a promise of the next one. */
function recording(options: Partial<Parameters<typeof createWebhookHandler>[0]> = {}) {
  const deliveries: WebhookDelivery[] = [];
  const handler = createWebhookHandler({ onEvent: (d) => void deliveries.push(d), ...options });
  return { handler, deliveries };
}
async function until(condition: () => boolean, what: string, ms = 10_000) {
  for (const deadline = Date.now() + ms; !condition(); await new Promise((r) => setTimeout(r, 10)))
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
}

describe("createWebhookHandler", () => {
  it("hands onEvent a new event after answering 200", async () => {
    const { handler, deliveries } = recording();
    const response = await handler(json(webhookEvent(succeeded("t-1"))));
    expect(response.status).toBe(200);
    expect(deliveries).toEqual([]); // the sender has its answer first
    await handler.idle();
    expect(deliveries).toEqual([{ event: webhookEvent(succeeded("t-1")), result: succeeded("t-1"), confirmed: false }]);
  });

  it("drops a redelivery of a task and status it handled, but not the task's next status", async () => {
    const { handler, deliveries } = recording();
    const event = webhookEvent(succeeded("t-2"));
    expect((await handler(json(event))).status).toBe(200);
    const again = await handler(json(event));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ reason: "DUPLICATE" });
    const failed = { ...event, payload: { task: { task_id: "t-2", status: "TASK_STATUS_FAILED" } } };
    await handler(json(failed));
    await handler.idle();
    expect(deliveries.map((d) => d.result.task.status)).toEqual(["TASK_STATUS_SUCCEED", "TASK_STATUS_FAILED"]);
  });

  it("keeps a bounded LRU of handled deliveries", () => {
    const seen = lruSeenStore(2);
    for (const key of ["a", "b", "c"]) seen.add(key);
    expect(["a", "b", "c"].map((key) => seen.has(key))).toEqual([false, true, true]);
    expect(() => lruSeenStore(0)).toThrow(/capacity must be a whole number from 1/);
  });

  it("refuses anything but a POST with 405, reading nothing", async () => {
    const { handler, deliveries } = recording();
    const response = await handler(new Request("http://receiver.test/hook"));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    await handler.idle();
    expect(deliveries).toEqual([]);
  });

  it("refuses a body over maxBytes with 413, stopping the read at the cap", async () => {
    const { handler, deliveries } = recording({ maxBytes: 1024 });
    let pulled = 0;
    // An endless body with no Content-Length: only a cap applied while reading ends it.
    const endless = new ReadableStream<Uint8Array>({
      pull: (controller) => {
        pulled += 512;
        controller.enqueue(new Uint8Array(512).fill(0x20));
      },
    });
    const response = await handler(post(endless));
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(1024 + 512 * 2);
    const declared = await handler(post("x".repeat(2000), { "Content-Length": "2000" }));
    expect(declared.status).toBe(413);
    await handler.idle();
    expect(deliveries).toEqual([]);
  });

  it("refuses a 1 MB event of 500,000 bad videos[] with the default cap, before parsing a byte of it", async () => {
    const { handler, deliveries } = recording();
    const task = { task_id: "t", status: "TASK_STATUS_SUCCEED" };
    const hostile = JSON.stringify({
      event_type: "ASYNC_TASK_RESULT",
      payload: { task, videos: Array(500_000).fill(1) },
    });
    expect(hostile.length).toBeGreaterThan(1_000_000);
    const response = await handler(post(hostile));
    expect(response.status).toBe(413); // a parse would have answered 400
    await handler.idle();
    expect(deliveries).toEqual([]);
  });

  it.each([
    ["not JSON", "{", /not valid JSON/],
    [
      "another event type",
      JSON.stringify({ event_type: "X", payload: { task: { task_id: "t", status: "s" } } }),
      /event_type must be "ASYNC_TASK_RESULT"/,
    ],
    ["no task", JSON.stringify({ event_type: "ASYNC_TASK_RESULT", payload: {} }), /payload\.task is required/],
  ])("answers 400 to %s, and onEvent never sees it", async (_, body, message) => {
    const { handler, deliveries } = recording();
    const response = await handler(post(body));
    expect(response.status).toBe(400);
    expect((await response.json()).message).toMatch(message);
    await handler.idle();
    expect(deliveries).toEqual([]);
  });

  it("reports what onEvent throws to onError, never as an unhandled rejection, and still answers 200", async () => {
    const onError = vi.fn();
    const handler = createWebhookHandler({
      onEvent: async () => {
        throw new Error("the app failed");
      },
      onError,
    });
    expect((await handler(json(webhookEvent(succeeded("t-3"))))).status).toBe(200);
    await handler.idle();
    expect(onError).toHaveBeenCalledWith(new Error("the app failed"), webhookEvent(succeeded("t-3")));
  });

  it("with confirm, hands onEvent the task as getResult reads it, not as the event claims", async () => {
    const mock = await startMockServer({ timings: { queuedMs: 0, processingMs: 0 } });
    closers.push(() => mock.close());
    const taskId = await submitTask(mock.url);
    const reader = mockReader(mock.url);
    const { handler, deliveries } = recording({ confirm: reader });
    // A forged event: the task's id, with a video somewhere else.
    await handler(json(webhookEvent(succeeded(taskId, "https://attacker.test/v.mp4"))));
    await handler.idle();
    expect(reader.calls).toEqual([taskId]);
    expect(deliveries[0]).toMatchObject({ confirmed: true, result: { task: { task_id: taskId } } });
    expect(deliveries[0]!.result.videos?.[0]?.video_url).toBe(`${mock.url}/videos/${taskId}.mp4`);
  });

  it.each([
    [{ maxBytes: 0 }, /maxBytes must be a whole number of bytes from 1/],
    [{ maxBytes: 2 ** 40 }, /maxBytes must be a whole number of bytes from 1 to 67108864/],
    [{ seen: {} }, /seen must be false or a store/],
    [{ confirm: {} }, /confirm must be a novita-vidu client/],
    [{ onEvent: undefined }, /onEvent must be a function/],
  ])("refuses the option %j", (options, message) => {
    expect(() => createWebhookHandler({ onEvent: () => {}, ...options } as never)).toThrow(message);
  });
});

/** A README example, as written, with its imports pointing at the sources and its port free. */
async function readmeExample(title: string): Promise<Record<string, unknown>> {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const block = codeBlocks(readme).find((b) => b.language === "ts" && b.code.startsWith(`// ${title}`));
  if (!block) throw new Error(`no README example starts with // ${title}`);
  const code = block.code
    .replace(/from "novita-vidu\/node"/g, `from "${join(ROOT, "src/node.js")}"`)
    .replace(/from "novita-vidu"/g, `from "${join(ROOT, "src/index.js")}"`)
    .replace(".listen(3000)", '.listen(0, "127.0.0.1")');
  mkdirSync(scratch, { recursive: true });
  const file = join(scratch, `${title.split(" ")[0]!.replace(/\W/g, "")}.ts`);
  writeFileSync(file, `${code}\n${/const server/.test(code) ? "export { server };" : ""}\n`);
  return import(file);
}

/**
 * Starts a mock, points the example's client at it (NOVITA_BASE_URL and NOVITA_API_KEY, as a server
 * sets them), starts the example, submits a task with a webhook to the URL it gives, and resolves once
 * the receiver logged the confirmed event.
 */
async function deliveredThrough(start: () => Promise<string>, webhooks: { fetch?: typeof fetch } = {}) {
  const attempts: WebhookAttempt[] = [];
  const served: string[] = [];
  const mock: MockServer = await startMockServer({
    timings: { queuedMs: 0, processingMs: 20 },
    webhooks: { ...webhooks, retryDelayMs: 10, onDelivery: (a) => attempts.push(a) },
    log: (line) => served.push(line),
  });
  closers.push(() => mock.close());
  vi.stubEnv("NOVITA_BASE_URL", mock.url);
  vi.stubEnv("NOVITA_API_KEY", "sk_readme_example");
  closers.push(async () => void vi.unstubAllEnvs());
  const url = await start();
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  const taskId = await submitTask(mock.url, { webhook: { url } });
  await until(() => log.mock.calls.length > 0, "the example's onEvent");
  await mock.handler.settled();
  expect(log.mock.calls).toEqual([[taskId, "TASK_STATUS_SUCCEED", `${mock.url}/videos/${taskId}.mp4`]]);
  expect(attempts).toMatchObject([{ taskId, attempt: 1, status: 200, delivered: true }]);
  // The event was confirmed: the example read the task again from the mock.
  expect(served).toContain(`GET /v3/async/task-result?task_id=${taskId} → 200`);
}

describe("the README's webhook examples receive the mock's deliveries", () => {
  const listening = async (server: Server) => {
    closers.push(() => new Promise((resolve) => server.close(resolve)));
    if (!server.listening) await new Promise((resolve) => server.once("listening", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  it("node:http", async () => {
    await deliveredThrough(async () => {
      const { server } = await readmeExample("node:http");
      return `${await listening(server as Server)}/hooks/novita`;
    });
  });

  it("Express", async () => {
    await deliveredThrough(async () => {
      const { server } = await readmeExample("Express");
      return `${await listening(server as Server)}/hooks/novita`;
    });
  });

  it("Hono", async () => {
    let app: { fetch: typeof fetch } | undefined;
    // The mock delivers straight to the app's fetch, as a worker runtime would call it.
    // A loopback URL (the mock delivers to no other host), never dialled: the fetch below answers it.
    await deliveredThrough(
      async () => {
        app = ((await readmeExample("Hono")) as { default: { fetch: typeof fetch } }).default;
        return "http://127.0.0.1:9/hooks/novita";
      },
      { fetch: (url, init) => app!.fetch(new Request(url, init)) },
    );
  });
});

describe("toNodeHandler", () => {
  it("drops a redelivery the mock sends when the first answer is lost, and reads a body a parser already read", async () => {
    const { handler, deliveries } = recording();
    const server = createServer((req, res) => {
      // As express.json() leaves it: the stream read, the object on req.body.
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        Object.assign(req, { body: JSON.parse(Buffer.concat(chunks).toString()) });
        toNodeHandler(handler)(req, res);
      });
    }).listen(0, "127.0.0.1");
    closers.push(() => new Promise((resolve) => server.close(resolve)));
    await new Promise((resolve) => server.once("listening", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    let first = true;
    // The first answer is lost on the way back: the mock sends the event again.
    const lossy: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!first) return response;
      first = false;
      return new Response(null, { status: 502 });
    };
    const mock = await startMockServer({
      timings: { queuedMs: 0, processingMs: 20 },
      webhooks: { fetch: lossy, retryDelayMs: 10 },
    });
    closers.push(() => mock.close());
    const taskId = await submitTask(mock.url, { webhook: { url } });
    await until(() => !first, "the first delivery");
    await mock.handler.settled();
    await handler.idle();
    expect(deliveries.map((d) => d.result.task.task_id)).toEqual([taskId]);
  });

  it("answers 413 to an oversized body and closes the connection instead of reading it all", async () => {
    const { handler } = recording({ maxBytes: 1024 });
    const server = createServer(toNodeHandler(handler)).listen(0, "127.0.0.1");
    closers.push(() => new Promise((resolve) => server.close(resolve)));
    await new Promise((resolve) => server.once("listening", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const response = await fetch(url, { method: "POST", body: "x".repeat(1_000_000) });
    expect(response.status).toBe(413);
    expect(response.headers.get("connection")).toBe("close");
  });
});
