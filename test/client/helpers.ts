// A fetch that answers from a script and records what it was sent, and a clock that only moves
// when the client sleeps: the unit tests inject both instead of mocking globals.
import { createViduClient, type ViduClientOptions } from "../../src/index.js";

export const API_KEY = "sk_test_do_not_leak_4f1c9a";

export interface Sent {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
  cache: RequestCache;
}

type Answer = Response | Error | ((request: Request) => Response | Promise<Response>);

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

export const envelope = (code: number, reason: string, message = reason.toLowerCase()) =>
  json({ code, reason, message, metadata: {} }, code);

export const task = (status: string, extra: Record<string, unknown> = {}) =>
  json({
    task: { task_id: "t-1", task_type: "VIDU", status, reason: "", ...extra },
    videos: [],
    images: [],
    audios: [],
  });

export const succeeded = () =>
  json({
    task: { task_id: "t-1", status: "TASK_STATUS_SUCCEED", progress_percent: 100, eta: 0 },
    videos: [{ video_url: "https://example.com/v.mp4", video_url_ttl: "3600", video_type: "mp4" }],
  });

/** A network failure as Node's fetch reports it. */
export const networkError = (code: string) =>
  Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(code), { code }) });

/** Answers requests in order from `answers`; a function answers every request from then on. */
export function scriptedFetch(answers: Answer[]) {
  const sent: Sent[] = [];
  let index = 0;
  const fetch = async (input: Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const text = request.body ? await request.text() : "";
    sent.push({
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
      cache: request.cache,
    });
    const answer = answers[Math.min(index++, answers.length - 1)];
    if (answer === undefined) throw new Error("no scripted answer");
    if (answer instanceof Error) throw answer;
    if (typeof answer === "function") return answer(request);
    return answer.clone();
  };
  return { fetch: fetch as typeof globalThis.fetch, sent };
}

/** A clock whose sleeps return at once and move time forward; it records every sleep. */
export function fakeClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      now += ms;
    },
  };
}

export function testClient(answers: Answer[], options: ViduClientOptions = {}) {
  const { fetch, sent } = scriptedFetch(answers);
  const clock = fakeClock();
  const client = createViduClient({ apiKey: API_KEY, fetch, clock, retry: { firstBackoffCapMs: 10 }, ...options });
  return { client, sent, clock };
}

export const Q3 = { images: ["https://example.com/a.png"], prompt: "rain starts" };

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}
