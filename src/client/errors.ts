// One base class, and a subclass for each thing a caller does about a failure: fix the request
// (ViduApiError with a 4xx, ViduValidationError), retry later (ViduApiError 429/5xx,
// ViduConnectionError), report the task (ViduTaskFailedError), or resume waiting
// (ViduWaitTimeoutError, ViduAbortError). Every error about a task carries its id.
// No error keeps the API key: not in its message, its stack, or any property JSON.stringify sees.
import type { TaskResult, TaskStatus } from "../../generated/schema.js";
import type { ValidationIssue } from "../../generated/validators.js";
import type { TaskFailureCode } from "./guards.js";
import { isLoopback } from "./url.js";

export type { ValidationIssue };

export interface ViduErrorFields {
  /** The task the error is about, when there is one. */
  taskId?: string | undefined;
  /** What caused it: a network error, the signal's reason, the error an `onProgress` threw. */
  cause?: unknown;
}

/**
 * The base class of every error this package throws. It keeps the fields it is given (`Fields`: a
 * subclass's own, which it declares) as its own properties, and `cause` as Error does. Subclasses
 * have no constructor of their own: they take `(message, fields)` typed by `Fields`.
 */
export class ViduError<Fields extends object = ViduErrorFields> extends Error {
  override name = "ViduError";
  /** The task the error is about, once there is one (set on every error `wait` and `run` throw). */
  readonly taskId: string | undefined;
  constructor(message: string, fields?: Fields) {
    // Error takes `cause` from the fields (and only when they have one); the rest become properties.
    super(message, fields);
    Object.assign(this, fields);
  }
}

/** Said of a submit that Novita may have taken: sending it again could create (and bill) a second task. */
export const MAYBE_ACCEPTED = "; Novita may have accepted and billed it: look for the task before sending it again";
/** Said when a server on this machine did not answer: most often the mock is not running. */
export const MOCK_HINT =
  "; nothing answered on this machine: start the mock with `npx novita-vidu mock` (or `npm start` in a clone)";

/** How a request ended, for `advice`: not sent, sent without an answer, aborted after sending, or answered with a status. */
export type Outcome = "unsent" | "unanswered" | "aborted" | number;

/**
 * What a message adds about a request that failed: when nothing answered on this machine, how to
 * start the mock; otherwise whether a submit may have created a billed task (anything but "not
 * sent" or a 3xx/4xx refusal; a server on this machine may be a proxy to Novita).
 */
export function advice(method: string, url: string, outcome: Outcome): string {
  const silent = outcome === "unsent" || outcome === "unanswered";
  if (silent && isLoopback(url)) return MOCK_HINT;
  const refused = outcome === "unsent" || (typeof outcome === "number" && outcome >= 300 && outcome < 500);
  return method === "POST" && !refused ? MAYBE_ACCEPTED : "";
}

/**
 * A network error's code and a short text that names the host and the cause, as Node's fetch nests
 * them (`fetch failed` → `connect ECONNREFUSED 127.0.0.1:4011`, sometimes inside an AggregateError).
 */
export function connectionCause(error: unknown): [code: string, text: string] {
  const { message = String(error), cause } = (error ?? {}) as { message?: string; cause?: unknown };
  const inner = (cause ?? {}) as { code?: unknown; message?: unknown; errors?: { message?: unknown }[] };
  const code = typeof inner.code === "string" ? inner.code : "";
  const why = [inner.message, inner.errors?.[0]?.message, code].find((m) => typeof m === "string" && m);
  return [code, `${message}${why ? `: ${String(why)}` : ""}`.slice(0, 300)];
}

export interface ViduApiErrorFields extends ViduErrorFields {
  status: number;
  reason: string;
  detail: string;
  metadata: Record<string, string>;
  operation: string;
  url: string;
}

/** Novita answered with an error status (or with an answer that is not what the spec says). */
export class ViduApiError extends ViduError<ViduApiErrorFields> {
  override name = "ViduApiError";
  /** HTTP status, e.g. 400. */
  declare readonly status: number;
  /**
   * Novita's reason constant, e.g. `INVALID_REQUEST_BODY`; `HTTP_<status>` when the body had none;
   * `MALFORMED_RESPONSE` for an answer the spec does not allow, `RESPONSE_TOO_LARGE` for one over 4 MB.
   */
  declare readonly reason: string;
  /** Novita's human-readable explanation (or the start of a body that is not JSON). */
  declare readonly detail: string;
  /** Details Novita sent with the error. */
  declare readonly metadata: Record<string, string>;
  /** `POST /v3/async/…` or `GET /v3/async/task-result`. */
  declare readonly operation: string;
  /** The URL that was called. */
  declare readonly url: string;
}

const words = (html: string) =>
  html
    .slice(0, 10_000)
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 200);
const stringsOf = (value: unknown): Record<string, string> =>
  value && typeof value === "object"
    ? Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"))
    : {};

/**
 * Reads an error answer (or, with `problem`, an answer that is not what the spec says) into a
 * ViduApiError: the request's method and URL, the answer's status and its body parsed (its text when
 * it is not JSON; none when it was not read).
 */
export function apiError(
  method: string,
  url: string,
  status: number,
  body: unknown,
  problem?: [reason: string, detail: string],
) {
  const envelope = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const [reason, detail] = problem ?? [
    typeof envelope["reason"] === "string" ? envelope["reason"] : `HTTP_${status}`,
    typeof body === "string" ? words(body) : typeof envelope["message"] === "string" ? envelope["message"] : "",
  ];
  const path = new URL(url).pathname;
  // A submit answered with a 5xx, or with a success the client cannot read, may have created a task.
  return new ViduApiError(
    `[${method}] "${path}": ${status} ${reason}${detail && ` – ${detail}`}${advice(method, url, status)}`,
    {
      status,
      reason,
      detail,
      metadata: stringsOf(envelope["metadata"]),
      operation: `${method} ${path}`,
      url,
    },
  );
}

/** The request never got an answer: the network failed or the request timed out. */
export class ViduConnectionError extends ViduError<ViduErrorFields & { maybeReceived: boolean; timedOut: boolean }> {
  override name = "ViduConnectionError";
  /** Whether Novita may have received (and, for a submit, billed) the request. */
  declare readonly maybeReceived: boolean;
  /** Whether the request ran past `requestTimeoutMs` (the timeout of one HTTP request, not of a wait). */
  declare readonly timedOut: boolean;
}

/**
 * The caller's signal aborted. `cause` is the signal's reason; `taskId` names the task when there is
 * one (it goes on: wait for it again). For a submit, `maybeReceived` says whether Novita may have it.
 */
export class ViduAbortError extends ViduError<ViduErrorFields & { maybeReceived: boolean }> {
  override name = "ViduAbortError";
  /** Whether Novita may have received the request that was under way. */
  declare readonly maybeReceived: boolean;
}

/** The input breaks a rule; nothing was sent. */
export class ViduValidationError extends ViduError<{ subject: string; issues: ValidationIssue[] }> {
  override name = "ViduValidationError";
  /** What was validated: a model key, `image`, or the options of `createViduClient`/`wait`. */
  declare readonly subject: string;
  /** Every problem found, each naming the field and the rule. */
  declare readonly issues: ValidationIssue[];
}

/** Builds a ViduValidationError whose message lists every problem. */
export const invalid = (subject: string, issues: ValidationIssue[]) =>
  new ViduValidationError(`${subject}: ${issues.map((issue) => issue.message).join("; ")} (nothing was sent)`, {
    subject,
    issues,
  });

/** The task ended with TASK_STATUS_FAILED. */
export class ViduTaskFailedError extends ViduError<{
  taskId: string;
  reason: string;
  failureCode: TaskFailureCode | undefined;
  result: TaskResult;
}> {
  override name = "ViduTaskFailedError";
  declare readonly taskId: string;
  /** Novita's explanation, `task.reason`. */
  declare readonly reason: string;
  /** The failure code of `TASK_FAILURE_CODES` that `reason` carries, if any. */
  declare readonly failureCode: TaskFailureCode | undefined;
  /** The last task result. */
  declare readonly result: TaskResult;
}

/**
 * The task did not end within the wait's `timeoutMs` (the whole wait, requests included). It may
 * still succeed: wait for it again. (A single request that times out is a ViduConnectionError.)
 */
export class ViduWaitTimeoutError extends ViduError<{
  taskId: string;
  timeoutMs: number;
  status: string | undefined;
  result: TaskResult | undefined;
}> {
  override name = "ViduWaitTimeoutError";
  declare readonly taskId: string;
  declare readonly timeoutMs: number;
  /** The status the task had at the last poll that answered, if one did. */
  declare readonly status: TaskStatus | (string & {}) | undefined;
  /** The last task result, if a poll answered. */
  declare readonly result: TaskResult | undefined;
}

/** @deprecated The wait's timeout: renamed ViduWaitTimeoutError, so it is not taken for a request's. */
export const ViduTimeoutError = ViduWaitTimeoutError;
/** @deprecated Renamed ViduWaitTimeoutError. */
export type ViduTimeoutError = ViduWaitTimeoutError;
