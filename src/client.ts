import createClient, { type Client } from "openapi-fetch";
import { TASK_RESULT_PATH } from "../generated/constants.js";
import type { paths, TaskResult, TaskStatus } from "../generated/schema.js";
import { requestBodyPaths, validateRequestBody, type RequestBodyPath } from "../generated/validators.js";
import {
  aboutTask,
  apiError,
  invalid,
  ViduAbortError,
  ViduError,
  ViduTaskFailedError,
  ViduWaitTimeoutError,
  type Answer,
} from "./errors.js";
import { createExchange, redactor, type RetryOptions } from "./exchange.js";
import { checkDuration, checkOptions, MAX_TIMER_MS, option } from "./options.js";
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
  /** Your Novita API key (printable ASCII). Default: the `NOVITA_API_KEY` environment variable, where there is one. */
  apiKey?: string | undefined;
  /** Default: `NOVITA_BASE_URL`, else `https://api.novita.ai`; `http://127.0.0.1:4010` for the mock. */
  baseUrl?: string | undefined;
  /** Any function with fetch's signature; it is called with one Request. Default: `globalThis.fetch`. */
  fetch?: (request: Request, init?: RequestInit) => Promise<Response>;
  /** Retries of failed requests (never of a submit that may have been received), or `false`. */
  retry?: RetryOptions | false;
  /** Timeout of each HTTP request, in ms (a ViduConnectionError with `timedOut`). Default 60 000. */
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
  status: TaskStatus | (string & {});
  /** 0 to 100, when Novita reports it. */
  percent: number | undefined;
  /** Seconds left, by Novita's estimate. */
  eta: number | undefined;
  /** Since the wait began, in ms. */
  elapsedMs: number;
  result: TaskResult;
}

export interface WaitOptions {
  /** Called after each poll that finds the task queued or processing; an error it throws ends the wait. */
  onProgress?: (progress: Progress) => void;
  /** Aborting rejects at once with a ViduAbortError whose `cause` is the signal's reason. */
  signal?: AbortSignal;
  /**
   * Give up after this many ms, requests included, with a ViduWaitTimeoutError; the task goes on.
   * Default 900 000 (15 min).
   */
  timeoutMs?: number;
}

export interface SubmitOptions {
  signal?: AbortSignal;
}

/**
 * What a task id from an answer must look like: a plain token (Novita's are UUIDs). Answers are
 * untrusted, and callers build file names and URLs from ids: `../x` or a 10 MB string is refused.
 */
export const TASK_ID = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$/;
const isTaskId = (data: Record<string, unknown>) =>
  typeof data["task_id"] === "string" && TASK_ID.test(data["task_id"]);
const hasStatus = (data: Record<string, unknown>) => typeof (data["task"] as { status?: unknown })?.status === "string";

export function createViduClient(options: ViduClientOptions = {}) {
  const { apiKey, baseUrl, requestTimeoutMs, headers, retry } = checkOptions(options);
  const clock = options.clock ?? { now: () => Date.now(), sleep };
  const exchange = createExchange({
    fetch: options.fetch ?? ((request) => fetch(request)),
    sleep: clock.sleep,
    retry,
    requestTimeoutMs,
    secret: apiKey,
  });
  // The exchange is openapi-fetch's fetch: retries, timeouts and the size cap apply to `api` too.
  const api: Client<paths> = createClient<paths>({
    baseUrl,
    headers: { ...headers, Authorization: `Bearer ${apiKey}` },
    fetch: exchange,
  });
  const redact = redactor(apiKey);
  /** Parses JSON, taking the key out of every string (the exchange did so in the raw text; this catches JSON escapes). */
  const parse = (text: string): unknown => JSON.parse(text, (_, v) => (typeof v === "string" ? redact(v) : v));
  type Outcome = { data?: unknown; error?: unknown; response: Response };

  /**
   * Reads an answer of openapi-fetch, told `parseAs: "text"` so that this parses it: a success that is
   * not JSON is then reported with its status, and the key is taken out of the parsed strings. An error
   * answer becomes a ViduApiError; a success must be an object that passes `check`, or it is a
   * MALFORMED_RESPONSE.
   */
  async function read<T>(
    method: string,
    url: string,
    call: Promise<Outcome>,
    [needed, check]: [what: string, check: (data: Record<string, unknown>) => boolean],
  ) {
    const { data, error, response } = await call;
    const answer: Answer = { method, url, status: response.status, body: undefined };
    if (error !== undefined || !response.ok) {
      throw apiError({ ...answer, body: typeof error === "string" ? error : parse(JSON.stringify(error ?? null)) });
    }
    const text = typeof data === "string" ? data : "";
    let value: unknown;
    try {
      value = parse(text);
    } catch {
      // Reported below.
    }
    if (!value || typeof value !== "object" || !check(value as Record<string, unknown>)) {
      const detail = `the answer has no ${needed}: ${redact(text.slice(0, 100))}`;
      throw apiError(answer, ["MALFORMED_RESPONSE", detail]);
    }
    return value as T;
  }

  /** Sends a generation request and returns its task id; never sent twice when Novita may have received it. */
  async function submit<M extends ModelKey>(model: M, body: ModelBody<M>, { signal }: SubmitOptions = {}) {
    const path = `/v3/async/${model}` as RequestBodyPath;
    const models = requestBodyPaths.map((p) => p.slice(10));
    if (!models.includes(model)) {
      throw invalid(model, [{ field: "model", rule: "enum", message: `model must be one of ${models.join(", ")}` }]);
    }
    // What is validated is what JSON.stringify sends: no inherited field, a toJSON applied.
    let json: string | undefined;
    try {
      json = JSON.stringify(body);
    } catch (error) {
      throw invalid(model, [{ field: "(body)", rule: "json", message: `the body must be JSON (${error})` }]);
    }
    if (json === undefined) throw invalid(model, [{ field: "(body)", rule: "json", message: "the body must be JSON" }]);
    const issues = options.validate === false ? [] : validateRequestBody(path, JSON.parse(json));
    if (issues[0]) throw invalid(model, issues);
    // The path is one of `paths` (checked above); openapi-fetch cannot see it through the template.
    const post = api.POST as unknown as (path: string, init: object) => Promise<Outcome>;
    const sent = post(path, { body, signal, bodySerializer: () => json, parseAs: "text" });
    const answer = await read<{ task_id: string }>("POST", baseUrl + path, sent, ["task_id (a plain token)", isTaskId]);
    return { task_id: answer.task_id };
  }

  /** Polls the task result until the task succeeds (returns it) or fails (throws); every error names the task. */
  async function wait(taskId: string, { onProgress, signal, timeoutMs = 900_000 }: WaitOptions = {}) {
    if (typeof taskId !== "string" || !taskId) {
      throw option("taskId", "taskId must be a non-empty string");
    }
    checkDuration("timeoutMs", timeoutMs);
    const start = clock.now();
    const deadline = start + timeoutMs;
    // The last poll is made this long before the deadline, so that it can answer within it.
    const lastPollMs = Math.min(2000, timeoutMs / 10);
    const url = `${baseUrl}${TASK_RESULT_PATH}?task_id=${encodeURIComponent(taskId)}`;
    // Stops requests and sleeps: on the caller's abort, or at the deadline.
    const stop = new AbortController();
    const over = new DOMException("the wait timed out", "TimeoutError");
    const onAbort = () => stop.abort(signal?.reason);
    signal?.addEventListener("abort", onAbort);
    if (signal?.aborted) onAbort();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last: TaskResult | undefined;
    let expectedEnd = Infinity;
    let etaMissed = false;
    try {
      for (;;) {
        const remaining = deadline - clock.now();
        if (remaining <= MAX_TIMER_MS) timer = setTimeout(() => stop.abort(over), Math.max(0, remaining));
        const query = { task_id: taskId };
        const call = api.GET(TASK_RESULT_PATH, {
          params: { query },
          signal: stop.signal,
          cache: "no-store",
          parseAs: "text",
        });
        const result = await read<TaskResult>("GET", url, call, ["task.status", hasStatus]);
        clearTimeout(timer);
        last = result;
        const { status, reason = "", eta, progress_percent: percent } = result.task;
        if (status === "TASK_STATUS_SUCCEED") return result;
        if (status === "TASK_STATUS_FAILED") {
          const failureCode = /\b0080070\d\d\b/.exec(reason)?.[0];
          const message = `Task ${taskId} failed${reason && `: ${reason}`}`;
          throw new ViduTaskFailedError(message, { taskId, reason, failureCode, result });
        }
        // Any other status, known or not, means the task is not finished yet.
        const elapsedMs = clock.now() - start;
        etaMissed ||= elapsedMs >= expectedEnd;
        try {
          onProgress?.({ taskId, status, percent, eta, elapsedMs, result });
        } catch (error) {
          throw new ViduError(`onProgress threw (${error}); task ${taskId} goes on: wait for it again`, {
            taskId,
            cause: error,
          });
        }
        if (eta) expectedEnd = elapsedMs + eta * 1000;
        const left = deadline - clock.now();
        if (left <= lastPollMs) {
          stop.abort(over);
          throw over;
        }
        await clock.sleep(Math.min(nextPollDelay({ elapsedMs, eta, etaMissed }), left - lastPollMs), stop.signal);
      }
    } catch (error) {
      if (stop.signal.reason === over && !(error instanceof ViduTaskFailedError)) {
        const status = last?.task.status;
        const message = `Task ${taskId} did not finish within ${timeoutMs} ms (last status: ${status ?? "none"}); it goes on: wait for it again`;
        throw new ViduWaitTimeoutError(message, { taskId, timeoutMs, status, result: last });
      }
      if (signal?.aborted) {
        const why = signal.reason instanceof Error ? signal.reason.message : String(signal.reason);
        const message = `Stopped waiting for task ${taskId} (aborted: ${why}); the task goes on: wait for it again`;
        throw new ViduAbortError(message, { taskId, cause: signal.reason, maybeReceived: false });
      }
      if (error instanceof ViduError) throw aboutTask(error, taskId);
      throw new ViduError(`Waiting for task ${taskId} failed (${error})`, { taskId, cause: error });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  /** Submits, then waits: resolves with the succeeded task's result; every error after the submit carries `taskId`. */
  async function run<M extends ModelKey>(model: M, body: ModelBody<M>, options: WaitOptions = {}) {
    const { task_id } = await submit(model, body, options);
    return wait(task_id, options);
  }

  return { submit, wait, run, api };
}

export type ViduClient = ReturnType<typeof createViduClient>;
