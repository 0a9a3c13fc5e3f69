import createClient, { type Client } from "openapi-fetch";
import { TASK_RESULT_PATH } from "../generated/constants.js";
import type { paths, TaskResult, TaskStatus } from "../generated/schema.js";
import { requestBodyPaths, validateRequestBody, type RequestBodyPath } from "../generated/validators.js";
import { apiError, invalid, ViduError, ViduTaskFailedError, ViduTimeoutError } from "./errors.js";
import { createRetryingExchange, type RetryOptions } from "./exchange.js";
import { nextPollDelay } from "./poll.js";
import { sleep } from "./sleep.js";

type Submittable = {
  [P in keyof paths]: P extends `/v3/async/${infer M}` ? (paths[P] extends { post: object } ? M : never) : never;
}[keyof paths];
/** A model key: the last segment of a generation endpoint's path, e.g. `vidu-q3-turbo-i2v`. */
export type ModelKey = Submittable;
/** The request body of a model, as the spec defines it. */
export type ModelBody<M extends ModelKey> = NonNullable<
  paths[`/v3/async/${M}`]["post"]["requestBody"]
>["content"]["application/json"];

export interface ViduClientOptions {
  /** Your Novita API key. Default: the `NOVITA_API_KEY` environment variable, where there is one. */
  apiKey?: string | undefined;
  /** Default `https://api.novita.ai`; `http://127.0.0.1:4010` for the mock of `npm start`. */
  baseUrl?: string | undefined;
  /** The fetch to use. Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Retries of failed requests (never of a submit that may have been received), or `false`. */
  retry?: RetryOptions | false;
  /** Timeout of each HTTP request, in ms. Default 60 000. */
  requestTimeoutMs?: number;
  /** Validate bodies against the spec before sending. Default true. */
  validate?: boolean;
  /**
   * Allow sending the key to Novita from a browser page, where anyone can read it. Default false:
   * in a browser the client refuses, except towards a server on this machine (the mock).
   */
  dangerouslyAllowBrowser?: boolean;
  /** Headers added to every request. */
  headers?: Record<string, string>;
  /** The clock the wait uses; replace it to simulate time. */
  clock?: { now(): number; sleep(ms: number, signal?: AbortSignal): Promise<void> };
}

/** What `onProgress` receives after each poll. */
export interface Progress {
  taskId: string;
  status: TaskStatus | string;
  /** 0 to 100, when Novita reports it. */
  percent: number | undefined;
  /** Seconds left, by Novita's estimate. */
  eta: number | undefined;
  /** Since the wait began, in ms. */
  elapsedMs: number;
  result: TaskResult;
}

export interface WaitOptions {
  /** Called after each poll that finds the task queued or processing. */
  onProgress?: (progress: Progress) => void;
  /** Aborting rejects the wait at once with the signal's reason. */
  signal?: AbortSignal;
  /** Give up after this many ms with a ViduTimeoutError; the task goes on. Default 900 000 (15 min). */
  timeoutMs?: number;
}

export interface SubmitOptions {
  signal?: AbortSignal;
}

const env = (name: string): string | undefined =>
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];

export function createViduClient(options: ViduClientOptions = {}) {
  const apiKey = options.apiKey ?? env("NOVITA_API_KEY");
  const baseUrl = (options.baseUrl ?? "https://api.novita.ai").replace(/\/+$/, "");
  if (!apiKey) throw new ViduError("No API key: pass { apiKey } or set NOVITA_API_KEY");
  // Keys in front ends leak; a server on this machine (the mock) is fine.
  const loopback = /^(127\.|\[::1\]$|localhost$)/.test(new URL(baseUrl).hostname);
  if (typeof document !== "undefined" && !loopback && !options.dangerouslyAllowBrowser) {
    throw new ViduError(
      "A key in a browser page can be read by anyone who opens it: call Novita from a server, or pass { dangerouslyAllowBrowser: true }",
    );
  }
  const clock = options.clock ?? { now: () => Date.now(), sleep };
  const exchange = createRetryingExchange({
    fetch: options.fetch ?? ((request, init) => fetch(request, init)),
    sleep: clock.sleep,
    retry: options.retry ?? {},
    timeoutMs: options.requestTimeoutMs ?? 60_000,
  });
  const api: Client<paths> = createClient<paths>({
    baseUrl,
    headers: { ...options.headers, Authorization: `Bearer ${apiKey}` },
    fetch: async (request) => {
      const { response, text } = await exchange(request);
      return new Response(text || null, response);
    },
  });
  /**
   * Runs an openapi-fetch call for submit or wait: an error answer is thrown as a ViduApiError, and
   * only a 2xx that is JSON with the property the caller needs (`task_id`, `task`) gets through.
   * The body is parsed once, here; openapi-fetch is told to leave it alone (`parseAs: "stream"`).
   */
  const call = async <T>(key: string, send: (fetch: (request: Request) => Promise<Response>) => Promise<unknown>) => {
    let body: T | undefined;
    await send(async (request) => {
      const { response, text } = await exchange(request);
      if (!response.ok) throw apiError(request, response, text);
      try {
        body = JSON.parse(text);
      } catch {
        // Reported below as having no `key`.
      }
      if (!(body as Record<string, unknown> | undefined)?.[key]) {
        throw apiError(request, response, text, `the answer has no ${key}: ${text.slice(0, 100)}`);
      }
      return response; // its body is read; openapi-fetch, told `parseAs: "stream"`, does not read it again
    });
    return body as T;
  };

  /** Sends a generation request and returns its task id; never sent twice when Novita may have received it. */
  async function submit<M extends ModelKey>(model: M, body: ModelBody<M>, { signal }: SubmitOptions = {}) {
    const path = `/v3/async/${model}` as RequestBodyPath;
    const models = requestBodyPaths.map((p) => p.slice(10));
    const issues = !models.includes(model)
      ? [{ field: "model", rule: "enum", message: `model must be one of ${models.join(", ")}` }]
      : options.validate === false
        ? []
        : validateRequestBody(path, body);
    if (issues[0]) throw invalid(model, issues);
    // The path is one of `paths` (checked above); openapi-fetch cannot see it through the template.
    const post = api.POST as unknown as (path: string, init: object) => Promise<unknown>;
    const { task_id } = await call<{ task_id: string }>("task_id", (fetch) =>
      post(path, { body, signal, fetch, parseAs: "stream" }),
    );
    return { task_id };
  }

  /** Polls the task result until the task succeeds (returns it) or fails (throws). */
  async function wait(taskId: string, { onProgress, signal, timeoutMs = 900_000 }: WaitOptions = {}) {
    const start = clock.now();
    let expectedEnd = Infinity;
    let etaMissed = false;
    for (;;) {
      const query = { task_id: taskId };
      const result = await call<TaskResult>("task", (fetch) =>
        api.GET(TASK_RESULT_PATH, {
          params: { query },
          signal: signal ?? null,
          cache: "no-store",
          fetch,
          parseAs: "stream",
        }),
      );
      const { status, reason = "", eta, progress_percent: percent } = result.task;
      if (status === "TASK_STATUS_SUCCEED") return result;
      if (status === "TASK_STATUS_FAILED") {
        const failureCode = /\b0080070\d\d\b/.exec(reason)?.[0];
        throw new ViduTaskFailedError(`Task ${taskId} failed${reason && `: ${reason}`}`, {
          taskId,
          reason,
          failureCode,
          result,
        });
      }
      // Any other status, known or not, means the task is not finished yet.
      const elapsedMs = clock.now() - start;
      etaMissed ||= elapsedMs >= expectedEnd;
      onProgress?.({ taskId, status, percent, eta, elapsedMs, result });
      if (elapsedMs >= timeoutMs) {
        const message = `Task ${taskId} did not finish within ${timeoutMs} ms (last status: ${status})`;
        throw new ViduTimeoutError(message, { taskId, timeoutMs, status, result });
      }
      if (eta) expectedEnd = elapsedMs + eta * 1000;
      // The last poll happens at the deadline itself, so a task that ends just before it is not missed.
      await clock.sleep(Math.min(nextPollDelay({ elapsedMs, eta, etaMissed }), timeoutMs - elapsedMs), signal);
    }
  }

  /** Submits, then waits: resolves with the succeeded task's result; errors after the submit carry `taskId`. */
  async function run<M extends ModelKey>(model: M, body: ModelBody<M>, options: WaitOptions = {}) {
    const { task_id } = await submit(model, body, options);
    try {
      return await wait(task_id, options);
    } catch (error) {
      // The task exists: whatever went wrong while waiting, the caller can resume with its id.
      if (error instanceof ViduError) Object.assign(error, { taskId: task_id });
      throw error;
    }
  }

  return { submit, wait, run, api };
}

export type ViduClient = ReturnType<typeof createViduClient>;
