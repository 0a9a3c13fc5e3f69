import createClient, { type Client } from "openapi-fetch";
import { MODELS, TASK_RESULT_PATH } from "../generated/constants.js";
import type { paths, TaskResult, TaskStatus } from "../generated/schema.js";
import { validateRequestBody, type RequestBodyPath } from "../generated/validators.js";
import { ViduApiError, ViduError, ViduTaskFailedError, ViduTimeoutError, ViduValidationError } from "./errors.js";
import { createRetryingFetch, type RetryOptions } from "./fetch.js";
import { checkBodySize } from "./inputs.js";
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
  apiKey?: string;
  /** Default `https://api.novita.ai`; `http://127.0.0.1:4010` for the mock of `npm start`. */
  baseUrl?: string;
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

const DEFAULT_BASE_URL = "https://api.novita.ai";

const env = (name: string): string | undefined =>
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
const inBrowser = () => typeof window !== "undefined" && typeof document !== "undefined";
const isLoopback = (url: string) => /^(127\.|\[::1\]$|localhost$)/.test(new URL(url).hostname);

export function createViduClient(options: ViduClientOptions = {}) {
  const apiKey = options.apiKey ?? env("NOVITA_API_KEY");
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  if (!apiKey) throw new ViduError("No API key: pass { apiKey } or set NOVITA_API_KEY");
  if (inBrowser() && !options.dangerouslyAllowBrowser && !isLoopback(baseUrl)) {
    throw new ViduError(
      "Refusing to send a Novita API key from a browser, where anyone who opens the page can read it: " +
        "call Novita from your server, or pass { dangerouslyAllowBrowser: true } if you accept the risk",
    );
  }
  const clock = options.clock ?? { now: () => Date.now(), sleep };
  const api: Client<paths> = createClient<paths>({
    baseUrl,
    headers: { ...options.headers, Authorization: `Bearer ${apiKey}` },
    fetch: createRetryingFetch({
      fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
      sleep: clock.sleep,
      retry: options.retry ?? {},
      timeoutMs: options.requestTimeoutMs ?? 60_000,
    }),
  });

  /** Sends a generation request and returns its task id; no retry once Novita may have received it. */
  async function submit<M extends ModelKey>(model: M, body: ModelBody<M>, { signal }: SubmitOptions = {}) {
    const path = `/v3/async/${model}`;
    if (!Object.hasOwn(MODELS, model)) {
      throw new ViduValidationError("model", [
        { field: "model", rule: "enum", message: `model must be one of ${Object.keys(MODELS).join(", ")}` },
      ]);
    }
    if (options.validate !== false) {
      const issues = [...validateRequestBody(path as RequestBodyPath, body), ...checkBodySize(path, body)];
      if (issues.length > 0) throw new ViduValidationError(model, issues);
    }
    const { data, error, response } = await call("POST", path, () =>
      // The path is one of `paths` (checked above); openapi-fetch cannot see it through the template.
      (api.POST as unknown as (p: string, o: object) => ReturnType<typeof api.GET>)(path, {
        body,
        signal: signal ?? null,
      }),
    );
    const taskId = (data as { task_id?: string } | undefined)?.task_id;
    if (error !== undefined || !taskId)
      throw apiError("POST", path, response, error ?? { message: "no task_id" }, baseUrl);
    return { task_id: taskId };
  }

  /** Polls the task result until the task succeeds (returns it) or fails (throws). */
  async function wait(taskId: string, { onProgress, signal, timeoutMs = 900_000 }: WaitOptions = {}) {
    const start = clock.now();
    let etaMissed = false;
    let expectedEnd = Infinity;
    for (;;) {
      const { data, error, response } = await call("GET", TASK_RESULT_PATH, () =>
        api.GET(TASK_RESULT_PATH, {
          params: { query: { task_id: taskId } },
          signal: signal ?? null,
          cache: "no-store",
        }),
      );
      if (error !== undefined || !data?.task) throw apiError("GET", TASK_RESULT_PATH, response, error, baseUrl);
      const { status, reason = "", eta, progress_percent: percent } = data.task;
      if (status === "TASK_STATUS_SUCCEED") return data;
      if (status === "TASK_STATUS_FAILED") throw new ViduTaskFailedError(taskId, reason, data);
      // Any other status, known or not, means the task is not finished yet.
      const elapsedMs = clock.now() - start;
      if (elapsedMs >= expectedEnd) etaMissed = true;
      onProgress?.({ taskId, status, percent, eta, elapsedMs, result: data });
      if (elapsedMs >= timeoutMs) throw new ViduTimeoutError(taskId, timeoutMs, status, data);
      if (eta !== undefined && eta > 0) expectedEnd = elapsedMs + eta * 1000;
      // The last poll happens at the deadline itself, so a task that ends just before it is not missed.
      await clock.sleep(Math.min(nextPollDelay({ elapsedMs, eta, etaMissed }), timeoutMs - elapsedMs), signal);
    }
  }

  /** Submits, then waits: resolves with the succeeded task's result. */
  async function run<M extends ModelKey>(model: M, body: ModelBody<M>, options: WaitOptions = {}) {
    const { task_id } = await submit(model, body, options);
    return wait(task_id, options);
  }

  return { submit, wait, run, api };
}

export type ViduClient = ReturnType<typeof createViduClient>;

/** Runs one openapi-fetch call, turning a body that is not JSON into a ViduApiError. */
async function call<T extends { response: Response }>(
  method: string,
  path: string,
  send: () => Promise<T>,
): Promise<T> {
  try {
    return await send();
  } catch (error) {
    // openapi-fetch parses a successful answer as JSON and lets the SyntaxError through.
    if (error instanceof SyntaxError) {
      throw new ViduApiError(
        200,
        "MALFORMED_RESPONSE",
        `the answer is not JSON: ${error.message}`,
        {},
        `${method} ${path}`,
        path,
      );
    }
    throw error;
  }
}

function apiError(method: string, path: string, response: Response, body: unknown, baseUrl: string): ViduApiError {
  const envelope = (typeof body === "object" && body !== null ? body : {}) as {
    reason?: unknown;
    message?: unknown;
    metadata?: unknown;
  };
  const text =
    typeof body === "string"
      ? body
          .replace(/<[^>]*>/g, " ")
          .replace(/\s+/g, " ")
          .trim()
          .slice(0, 200)
      : "";
  return new ViduApiError(
    response.status,
    typeof envelope.reason === "string" ? envelope.reason : `HTTP_${response.status}`,
    typeof envelope.message === "string" ? envelope.message : text,
    typeof envelope.metadata === "object" && envelope.metadata !== null
      ? (envelope.metadata as Record<string, string>)
      : {},
    `${method} ${path}`,
    response.url || baseUrl + path,
  );
}
