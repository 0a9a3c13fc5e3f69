// One base class, and a subclass for each thing a caller does about a failure: fix the request
// (ViduApiError with a 4xx, ViduValidationError), retry later (ViduApiError 429/5xx,
// ViduConnectionError), report the task (ViduTaskFailedError), or resume waiting (ViduTimeoutError).
// No error keeps the API key: not in its message, its stack, or any property JSON.stringify sees.
import type { TaskResult, TaskStatus } from "../generated/schema.js";
import type { ValidationIssue } from "../generated/validators.js";

export type { ValidationIssue };

/** The base class of every error this package throws; `fields` become the error's properties. */
export class ViduError extends Error {
  override name = "ViduError";
  /** The task the error is about, once there is one (set on every error `run` throws after submitting). */
  declare readonly taskId?: string;
  constructor(message: string, fields?: object) {
    super(message);
    Object.assign(this, fields);
  }
}

/** Novita answered with an error status (or with a body that is not what the spec says). */
export class ViduApiError extends ViduError {
  override name = "ViduApiError";
  /** HTTP status, e.g. 400. */
  declare readonly status: number;
  /** Novita's reason constant, e.g. `INVALID_REQUEST_BODY`; `HTTP_<status>` when the body had none. */
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

/** Said of a submit that Novita may have taken: sending it again could create (and bill) a second task. */
export const MAYBE_ACCEPTED = "; Novita may have accepted and billed it: look for the task before sending it again";

/** Reads an error answer (or a 2xx that is not what the spec says) into a ViduApiError. */
export function apiError(request: Request, { status }: Response, text: string, problem?: string): ViduApiError {
  let body: { reason?: unknown; message?: unknown; metadata?: unknown };
  try {
    body = JSON.parse(problem ? "{}" : text) ?? {};
  } catch {
    // An HTML error page or plain text: keep its words, without the markup.
    body = {
      message: text
        .replace(/<[^>]*>/g, " ")
        .replace(/\s+/g, " ")
        .trim()
        .slice(0, 200),
    };
  }
  const reason = problem ? "MALFORMED_RESPONSE" : typeof body.reason === "string" ? body.reason : `HTTP_${status}`;
  const detail = problem ?? (typeof body.message === "string" ? body.message : "");
  const path = new URL(request.url).pathname;
  const advice = request.method === "POST" && status >= 500 ? MAYBE_ACCEPTED : "";
  return new ViduApiError(`[${request.method}] "${path}": ${status} ${reason}${detail && ` – ${detail}`}${advice}`, {
    status,
    reason,
    detail,
    metadata: body.metadata ?? {},
    operation: `${request.method} ${path}`,
    url: request.url,
  });
}

/** The request never got an answer: the network failed or the request timed out. */
export class ViduConnectionError extends ViduError {
  override name = "ViduConnectionError";
  /** Whether Novita may have received (and, for a submit, billed) the request. */
  declare readonly maybeReceived: boolean;
  /** The network error. */
  declare readonly cause: unknown;
}

/** The body breaks the spec's rules; nothing was sent. */
export class ViduValidationError extends ViduError {
  override name = "ViduValidationError";
  /** What was validated: a model key, or `image`. */
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
export class ViduTaskFailedError extends ViduError {
  override name = "ViduTaskFailedError";
  declare readonly taskId: string;
  /** Novita's explanation, `task.reason`. */
  declare readonly reason: string;
  /** Vidu's failure code (`0080070xx`) when `reason` carries one. */
  declare readonly failureCode: string | undefined;
  /** The last task result. */
  declare readonly result: TaskResult;
}

/** The task did not end within the wait's timeout. It may still succeed: wait for it again. */
export class ViduTimeoutError extends ViduError {
  override name = "ViduTimeoutError";
  declare readonly taskId: string;
  declare readonly timeoutMs: number;
  /** The status the task had at the last poll. */
  declare readonly status: TaskStatus | string;
  /** The last task result. */
  declare readonly result: TaskResult;
}
