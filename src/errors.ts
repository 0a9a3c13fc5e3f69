// One base class, and a subclass for each thing a caller does about a failure: fix the request
// (ViduApiError with a 4xx, ViduValidationError), retry later (ViduApiError 429/5xx,
// ViduConnectionError), report the task (ViduTaskFailedError), or resume waiting (ViduTimeoutError).
// No error keeps the API key: not in its message, its stack, or any property JSON.stringify sees.
import type { TaskResult, TaskStatus } from "../generated/schema.js";
import type { ValidationIssue } from "../generated/validators.js";

export type { ValidationIssue };

/** The base class of every error this package throws. */
export class ViduError extends Error {
  override name = "ViduError";
}

/** Novita answered with an error status. Branch on `status` and `reason`. */
export class ViduApiError extends ViduError {
  override name = "ViduApiError";
  constructor(
    /** HTTP status, e.g. 400. */
    readonly status: number,
    /** Novita's reason constant, e.g. `INVALID_REQUEST_BODY`; `HTTP_<status>` when the body had none. */
    readonly reason: string,
    /** Novita's human-readable explanation (or the start of a non-JSON body). */
    readonly detail: string,
    /** Details Novita sent with the error. */
    readonly metadata: Record<string, string>,
    /** `POST /v3/async/…` or `GET /v3/async/task-result`. */
    readonly operation: string,
    /** The URL that was called. */
    readonly url: string,
  ) {
    const [method, path] = operation.split(" ");
    super(`[${method}] "${path}": ${status} ${reason}${detail ? ` – ${detail}` : ""}`);
  }
}

/** The request never got an answer: the network failed or the request timed out. */
export class ViduConnectionError extends ViduError {
  override name = "ViduConnectionError";
  constructor(
    message: string,
    /** Whether Novita may have received (and, for a submit, billed) the request. */
    readonly maybeReceived: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The body breaks the spec's rules; nothing was sent. */
export class ViduValidationError extends ViduError {
  override name = "ViduValidationError";
  constructor(
    /** What was being validated: a model key or an input. */
    readonly subject: string,
    /** Every problem found, each naming the field and the rule. */
    readonly issues: ValidationIssue[],
  ) {
    super(`${subject}: ${issues.map((issue) => issue.message).join("; ")} (nothing was sent)`);
  }
}

/** The task ended with TASK_STATUS_FAILED. */
export class ViduTaskFailedError extends ViduError {
  override name = "ViduTaskFailedError";
  /** Vidu's failure code (`0080070xx`) when `reason` carries one. */
  readonly failureCode: string | undefined;
  constructor(
    readonly taskId: string,
    /** Novita's explanation, `task.reason`. */
    readonly reason: string,
    /** The last task result. */
    readonly result: TaskResult,
  ) {
    const failureCode = /\b0080070\d\d\b/.exec(reason)?.[0];
    super(`Task ${taskId} failed${reason ? `: ${reason}` : ""}`);
    this.failureCode = failureCode;
  }
}

/** The task did not end within the wait's timeout. It may still succeed: wait for it again. */
export class ViduTimeoutError extends ViduError {
  override name = "ViduTimeoutError";
  constructor(
    readonly taskId: string,
    readonly timeoutMs: number,
    /** The status the task had at the last poll. */
    readonly status: TaskStatus | string | undefined,
    /** The last task result, if any poll answered. */
    readonly result: TaskResult | undefined,
  ) {
    super(`Task ${taskId} did not finish within ${timeoutMs} ms (last status: ${status ?? "unknown"})`);
  }
}
