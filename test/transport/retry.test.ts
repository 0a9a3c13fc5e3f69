// Retries: a task-result read is retried on anything transient; a submit, which creates a billed
// task, only when Novita certainly did not take it.
import { describe, expect, it } from "vitest";
import { createViduClient, ViduApiError, ViduConnectionError } from "../../src/index.js";
import { retryAfterMs } from "../../src/transport/transport.js";
import { API_KEY, envelope, json, networkError, Q3, rejection, succeeded, testClient } from "../client/helpers.js";

const submitted = () => json({ task_id: "t-1" });

describe("a task-result read (GET)", () => {
  it.each([
    ["a network error", networkError("ECONNRESET")],
    ["408 Request Timeout", envelope(408, "REQUEST_TIMEOUT")],
    ["429 Too Many Requests", envelope(429, "RATE_LIMIT_EXCEEDED")],
    ["500 Internal Server Error", envelope(500, "GET_RESULT_FAILED")],
    ["502 Bad Gateway", new Response("bad gateway", { status: 502 })],
    ["503 Service Unavailable", new Response("", { status: 503 })],
    ["504 Gateway Timeout", new Response("", { status: 504 })],
  ])("is retried after %s", async (_, failure) => {
    const { client, sent } = testClient([failure, failure, succeeded()]);
    await expect(client.wait("t-1")).resolves.toMatchObject({ task: { status: "TASK_STATUS_SUCCEED" } });
    expect(sent).toHaveLength(3);
  });

  it.each([
    [400, "INVALID_REQUEST_BODY"],
    [403, "INVALID_API_KEY"],
    [404, "TASK_NOT_FOUND"],
  ])("is not retried after %i %s", async (status, reason) => {
    const { client, sent } = testClient([envelope(status, reason), succeeded()]);
    await expect(client.wait("t-1")).rejects.toMatchObject({ status, reason });
    expect(sent).toHaveLength(1);
  });

  it("gives up after the configured number of retries, with the last answer", async () => {
    const { client, sent } = testClient([envelope(503, "SERVICE_UNAVAILABLE")], {
      retry: { retries: 2, firstBackoffCapMs: 1 },
    });
    await expect(client.wait("t-1")).rejects.toMatchObject({ status: 503 });
    expect(sent).toHaveLength(3);
  });

  it("backs off exponentially with full jitter, capped", async () => {
    const { client, clock } = testClient([envelope(500, "GET_RESULT_FAILED")], {
      retry: { retries: 5, firstBackoffCapMs: 100, maxDelayMs: 1000 },
    });
    await rejection(client.wait("t-1"));
    expect(clock.sleeps).toHaveLength(5);
    const caps = [100, 200, 400, 800, 1000];
    clock.sleeps.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThanOrEqual(caps[i] ?? 0);
    });
  });

  it("waits as long as Retry-After asks, in seconds or as a date, within the cap", async () => {
    const date = new Date(Date.now() + 3000).toUTCString();
    const { client, clock } = testClient(
      [
        envelope(429, "RATE_LIMIT_EXCEEDED"),
        json({}, 429, { "retry-after": "2" }),
        json({}, 503, { "retry-after": date }),
        json({}, 503, { "retry-after": "3600" }),
        succeeded(),
      ],
      { retry: { retries: 5, firstBackoffCapMs: 1, maxDelayMs: 60_000 } },
    );
    await client.wait("t-1");
    expect(clock.sleeps[0]).toBeLessThanOrEqual(1);
    expect(clock.sleeps[1]).toBe(2000);
    expect(clock.sleeps[2]).toBeGreaterThan(1000);
    expect(clock.sleeps[2]).toBeLessThanOrEqual(3000);
    expect(clock.sleeps[3]).toBe(60_000);
  });

  it("is not retried at all with retry: false", async () => {
    const { client, sent } = testClient([networkError("ECONNRESET"), succeeded()], { retry: false });
    await expect(client.wait("t-1")).rejects.toBeInstanceOf(ViduConnectionError);
    expect(sent).toHaveLength(1);
  });
});

describe("a submit (POST)", () => {
  it("is retried after 429: a rate-limited request was not accepted", async () => {
    const { client, sent } = testClient([envelope(429, "RATE_LIMIT_EXCEEDED"), submitted()]);
    await expect(client.submit("vidu-q3-turbo-i2v", Q3)).resolves.toEqual({ task_id: "t-1" });
    expect(sent.map((s) => s.method)).toEqual(["POST", "POST"]);
    expect(sent[1]?.body).toEqual(Q3);
  });

  it.each(["ECONNREFUSED", "ENOTFOUND", "UND_ERR_CONNECT_TIMEOUT"])(
    "is retried when the connection failed before sending (%s)",
    async (code) => {
      const { client, sent } = testClient([networkError(code), submitted()]);
      await expect(client.submit("vidu-q3-turbo-i2v", Q3)).resolves.toEqual({ task_id: "t-1" });
      expect(sent).toHaveLength(2);
    },
  );

  it.each([
    ["500", envelope(500, "CREATE_TASK_FAILED")],
    ["502", new Response("", { status: 502 })],
    ["503", new Response("", { status: 503 })],
  ])("is not sent twice after a %s: the task may exist", async (_, failure) => {
    const { client, sent } = testClient([failure, submitted()]);
    await expect(client.submit("vidu-q3-turbo-i2v", Q3)).rejects.toBeInstanceOf(ViduApiError);
    expect(sent).toHaveLength(1);
  });

  it("is not sent twice after a connection reset: Novita may have received it", async () => {
    const { client, sent } = testClient([networkError("ECONNRESET"), submitted()]);
    const error = await rejection(client.submit("vidu-q3-turbo-i2v", Q3));
    expect(error).toBeInstanceOf(ViduConnectionError);
    expect(error).toMatchObject({ maybeReceived: true });
    expect(error.message).toMatch(/look for the task before sending it again/);
    expect(sent).toHaveLength(1);
  });

  it("is not sent twice after it timed out", async () => {
    let calls = 0;
    const { client } = testClient(
      [
        (request: Request) =>
          new Promise<Response>((_, reject) => {
            calls++;
            if (request.signal.aborted) reject(request.signal.reason);
            request.signal.addEventListener("abort", () => reject(request.signal.reason));
          }),
      ],
      { requestTimeoutMs: 50 },
    );
    const error = await rejection(client.submit("vidu-q3-turbo-i2v", Q3));
    expect(error).toBeInstanceOf(ViduConnectionError);
    expect(error.message).toMatch(
      /\[POST\] "https:\/\/api\.novita\.ai\/v3\/async\/vidu-q3-turbo-i2v" timed out after 50 ms; Novita may have accepted/,
    );
    expect(calls).toBe(1);
  });

  it("a timed-out read is retried", async () => {
    let calls = 0;
    const { client } = testClient(
      [
        (request: Request) =>
          ++calls === 1
            ? new Promise<Response>((_, reject) =>
                request.signal.addEventListener("abort", () => reject(request.signal.reason)),
              )
            : succeeded(),
      ],
      { requestTimeoutMs: 50 },
    );
    await expect(client.wait("t-1")).resolves.toBeDefined();
    expect(calls).toBe(2);
  });
});

describe("Retry-After", () => {
  it("reads seconds and HTTP dates, and ignores what it cannot read", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMs("5", now)).toBe(5000);
    expect(retryAfterMs("0", now)).toBe(0);
    expect(retryAfterMs("Thu, 01 Jan 2026 00:00:10 GMT", now)).toBe(10_000);
    expect(retryAfterMs("Wed, 31 Dec 2025 23:00:00 GMT", now)).toBe(0);
    expect(retryAfterMs("soon", now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});

describe("bounds", () => {
  const never = () => new Promise<Response>(() => {});
  const stalledBody = () =>
    new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{"task":')) }), {
      headers: { "content-type": "application/json" },
    });

  it("a fetch that ignores its signal still times out", async () => {
    const { client } = testClient([never], { requestTimeoutMs: 30, retry: false });
    const error = await rejection(client.submit("vidu-q3-turbo-i2v", Q3));
    expect(error).toBeInstanceOf(ViduConnectionError);
    expect(error.message).toMatch(/timed out/);
  });

  it("a body that stalls halfway times out, and a read is retried", async () => {
    const { client, sent } = testClient([stalledBody, succeeded()], { requestTimeoutMs: 30 });
    await expect(client.wait("t-1")).resolves.toMatchObject({ task: { status: "TASK_STATUS_SUCCEED" } });
    expect(sent).toHaveLength(2);
  });
});

describe("retry options", () => {
  it.each([
    { retries: -1 },
    { retries: 1.5 },
    { retries: Number.NaN },
    { firstBackoffCapMs: -5 },
    { maxDelayMs: Number.NaN },
  ])("are refused when the client is created when out of range (%j)", (retry) => {
    expect(() => createViduClient({ apiKey: API_KEY, retry })).toThrow(/retry\.\w+ must be/);
  });
});
