import createClient, { type Client } from "openapi-fetch";
import { TASK_FAILURE_CODE, TASK_RESULT_PATH } from "../../generated/constants.js";
import type { paths, TaskResult, TaskStatus } from "../../generated/schema.js";
import { apiError, invalid, ViduAbortError, ViduError, ViduTaskFailedError, ViduWaitTimeoutError } from "./errors.js";
import { createTransport, OutOfTime, type RetryOptions } from "../transport/transport.js";
import type { BodyOf, ModelDescriptor, ModelKey } from "./models.js";
import type { TaskFailureCode } from "./guards.js";
import { checkDuration, checkOptions, option } from "./options.js";
import { nextPollDelay } from "./poll.js";
import { sleep } from "../transport/sleep.js";

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
  signal?: AbortSignal | undefined;
}

/**
 * What a task id from an answer must look like: a plain token (Novita's are UUIDs). Answers are
 * untrusted, and callers build file names and URLs from ids: `../x` or a 10 MB string is refused.
 */
export const TASK_ID = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$/;
const isTaskId = (data: { task_id?: unknown }) => typeof data.task_id === "string" && TASK_ID.test(data.task_id);
const hasStatus = (data: { task?: { status?: unknown } }) => typeof data.task?.status === "string";
/** A number an answer reports, kept only when it is one and within its range. */
const within = (value: unknown, max: number) =>
  typeof value === "number" && value >= 0 && value <= max ? value : undefined;
/** A task id a caller passes: anything else is refused before a request is built from it. */
const checkTaskId = (taskId: unknown) => {
  if (typeof taskId !== "string" || !taskId) throw option("taskId", "taskId must be a non-empty string");
};

/** The typed openapi-fetch client of every path of the spec, sending through the client's transport. */
export type ViduApi = Client<paths>;

/** What openapi-fetch resolves with. */
interface Called {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/**
 * The client both entries share: `model` turns a `run`/`submit` argument into its descriptor (or
 * throws a ViduValidationError). Every request goes through `api`, one openapi-fetch client over the
 * transport.
 */
export function createClientCore(options: ViduClientOptions, model: (model: unknown) => ModelDescriptor) {
  const checked = checkOptions(options);
  const clock = options.clock ?? { now: Date.now, sleep };
  const transport = createTransport(checked, options.fetch, clock.sleep);
  const api: ViduApi = createClient<paths>({
    baseUrl: checked.baseUrl,
    headers: { ...checked.headers, Authorization: `Bearer ${checked.apiKey}` },
    // openapi-fetch calls it with the Request alone: the transport's budget is then unbounded.
    fetch: transport,
  });

  /**
   * openapi-fetch's answer to one of the client's own calls, read once: an error status is a
   * ViduApiError (with its envelope, or its text when it is not JSON); a success must be a JSON
   * object that passes `check`, or it is a MALFORMED_RESPONSE.
   */
  async function answer<T>(method: string, call: Promise<Called>, needed: string, check: (data: never) => boolean) {
    const { data, error, response } = await call;
    const { status, url } = response;
    if (!response.ok) throw apiError(method, url, status, error);
    if (!data || typeof data !== "object" || !check(data as never))
      throw apiError(method, url, status, data, [
        "MALFORMED_RESPONSE",
        `the answer has no ${needed}: ${(JSON.stringify(data) ?? "nothing").slice(0, 100)}`,
      ]);
    return data as T;
  }

  /** Sends a generation request and returns its task id; never sent twice when Novita may have received it. */
  async function submit<M extends ModelKey | ModelDescriptor>(
    chosen: M,
    body: BodyOf<M>,
    { signal }: SubmitOptions = {},
  ) {
    const { key, path, validate } = model(chosen);
    // What is validated is what JSON.stringify sends: no inherited field, a toJSON applied.
    let json: string | undefined;
    let why = "";
    try {
      json = JSON.stringify(body);
    } catch (error) {
      why = ` (${error})`;
    }
    if (json === undefined)
      throw invalid(key, [{ field: "(body)", rule: "json", message: `the body must be JSON${why}` }]);
    const issues = options.validate === false ? [] : validate(JSON.parse(json));
    if (issues[0]) throw invalid(key, issues);
    // The body goes as it was validated: serialised once (String is the identity on it).
    const init = { body: json, bodySerializer: String, signal };
    const { task_id } = await answer<{ task_id: string }>(
      "POST",
      api.POST(path as never, init as never) as Promise<Called>,
      "task_id (a plain token)",
      isTaskId,
    );
    return { task_id };
  }

  /**
   * One read of the task result, whatever its status; every error names the task. In a wait,
   * `budgetMs` (from its deadline) bounds it, retries included.
   */
  async function getResult(taskId: string, { signal }: SubmitOptions = {}, budgetMs?: () => number) {
    checkTaskId(taskId);
    const call = api.GET(TASK_RESULT_PATH, {
      params: { query: { task_id: taskId } },
      cache: "no-store",
      signal: signal ?? null,
      fetch: (request: Request) => transport(request, budgetMs?.()),
    });
    return answer<TaskResult>("GET", call, "task.status", hasStatus).catch((error) => {
      // An error of the package names the task, unless it already names one.
      if (error instanceof ViduError) (error as { taskId?: string }).taskId ??= taskId;
      throw error;
    });
  }

  /** Polls the task result until the task succeeds (returns it) or fails (throws); every error names the task. */
  async function wait(taskId: string, { onProgress, signal, timeoutMs = 900_000 }: WaitOptions = {}) {
    checkTaskId(taskId);
    checkDuration("timeoutMs", timeoutMs);
    const start = clock.now();
    const deadline = start + timeoutMs;
    // The last poll is made this long before the deadline, so that it can answer within it.
    const lastPollMs = Math.min(2000, timeoutMs / 10);
    let last: TaskResult | undefined;
    let expectedEnd = Infinity;
    let etaMissed = false;
    /** An error that ends the wait but not the task. */
    const goesOn = (what: string) => `${what}; task ${taskId} goes on: wait for it again`;
    try {
      for (;;) {
        // The wait's deadline bounds each poll, its retries included.
        const result = (last = await getResult(taskId, { signal }, () => deadline - clock.now()));
        const { status, reason = "" } = result.task;
        if (status === "TASK_STATUS_SUCCEED") return result;
        if (status === "TASK_STATUS_FAILED")
          throw new ViduTaskFailedError(`Task ${taskId} failed${reason && `: ${reason}`}`, {
            taskId,
            reason,
            failureCode: TASK_FAILURE_CODE.exec(reason)?.[0] as TaskFailureCode | undefined,
            result,
          });
        // Any other status, known or not, means the task is not finished yet. The answer's numbers
        // reach the callback only when they are numbers in range.
        const percent = within(result.task.progress_percent, 100);
        const eta = within(result.task.eta, 1e9);
        const elapsedMs = clock.now() - start;
        etaMissed ||= elapsedMs >= expectedEnd;
        try {
          onProgress?.({ taskId, status, percent, eta, elapsedMs, result });
        } catch (error) {
          throw new ViduError(goesOn(`onProgress threw (${error})`), { taskId, cause: error });
        }
        if (eta) expectedEnd = elapsedMs + eta * 1000;
        const left = deadline - clock.now();
        if (left <= lastPollMs) throw new OutOfTime();
        await clock.sleep(Math.min(nextPollDelay(elapsedMs, eta, etaMissed), left - lastPollMs), signal);
      }
    } catch (error) {
      if (error instanceof OutOfTime) {
        const status = last?.task.status;
        throw new ViduWaitTimeoutError(
          goesOn(`Task ${taskId} did not finish within ${timeoutMs} ms (last status: ${status ?? "none"})`),
          { taskId, timeoutMs, status, result: last },
        );
      }
      if (signal?.aborted) {
        const why = signal.reason instanceof Error ? signal.reason.message : String(signal.reason);
        throw new ViduAbortError(goesOn(`Stopped waiting for task ${taskId} (aborted: ${why})`), {
          taskId,
          cause: signal.reason,
          maybeReceived: false,
        });
      }
      // Every ViduError of a poll already names the task.
      if (error instanceof ViduError) throw error;
      throw new ViduError(`Waiting for task ${taskId} failed (${error})`, { taskId, cause: error });
    }
  }

  /** Submits, then waits: resolves with the succeeded task's result; every error after the submit carries `taskId`. */
  async function run<M extends ModelKey | ModelDescriptor>(model: M, body: BodyOf<M>, options: WaitOptions = {}) {
    const { task_id } = await submit(model, body, options);
    return wait(task_id, options);
  }

  // `budgetMs` is the wait's own.
  const read = getResult as (taskId: string, options?: SubmitOptions) => Promise<TaskResult>;
  return { submit, wait, run, getResult: read, api };
}
