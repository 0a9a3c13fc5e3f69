// The mock's tasks: each accepted submit becomes a task whose result is a pure function of the time
// since it was submitted, so a poll never changes anything and a test can drive the clock.
import { randomInt, randomUUID } from "node:crypto";
import { TASK_FAILURE_CODES } from "../../generated/constants.js";

/**
 * @typedef {object} Timings
 * @property {number} queuedMs How long a task stays `TASK_STATUS_QUEUED`, in milliseconds.
 * @property {number} processingMs How long it then stays `TASK_STATUS_PROCESSING` before it succeeds, in
 *   milliseconds. A task made to fail fails halfway through.
 *
 * @typedef {object} Task
 * @property {string} id
 * @property {string} taskType Novita's name for the kind of task, such as `VIDU_Q3_TURBO_I2V`.
 * @property {number} submittedAt Milliseconds since the epoch.
 * @property {Timings} timings
 * @property {string} seed The seed the task reports: the request's, or a random one.
 * @property {string | undefined} failureCode A Vidu failure code (0080070xx) to fail with, or undefined to succeed.
 *
 * @typedef {import("../../generated/schema.js").components["schemas"]["TaskResult"]} TaskResult
 */

/** @type {Timings} */
export const DEFAULT_TIMINGS = { queuedMs: 2000, processingMs: 6000 };

/** The failure when a submit asks to fail without naming a code: the provider's internal error. */
export const DEFAULT_FAILURE_CODE = "008007095";

/** A prompt containing `[fail]` or `[fail:0080070xx]` makes the task fail. */
const PROMPT_FAIL_MARKER = /\[fail(?::(\w+))?\]/i;

/** How long an output URL is said to stay valid, in seconds (Novita's answers say one hour). */
const VIDEO_URL_TTL = "3600";

/**
 * The failure a submit asks for: the `X-Mock-Fail` header (a code, or empty for the default) wins over
 * a `[fail]` / `[fail:<code>]` marker in the prompt.
 * @param {string | undefined} header
 * @param {unknown} prompt
 * @returns {{ code?: string, error?: string }} `code` undefined when the task should succeed; `error` when
 *   the code named is not one of Vidu's failure codes.
 */
export function requestedFailure(header, prompt) {
  const marker = typeof prompt === "string" ? PROMPT_FAIL_MARKER.exec(prompt) : null;
  if (header === undefined && !marker) return {};
  const code = (header ?? marker?.[1] ?? "").trim() || DEFAULT_FAILURE_CODE;
  if (code in TASK_FAILURE_CODES) return { code };
  const source = header === undefined ? "the prompt's [fail:<code>] marker" : "X-Mock-Fail";
  return { error: `${source} must name one of Vidu's failure codes: ${Object.keys(TASK_FAILURE_CODES).join(", ")}.` };
}

/** `vidu-q3-turbo-i2v` → `VIDU_Q3_TURBO_I2V`. */
export const taskTypeOf = (/** @type {string} */ model) => model.replace(/\W/g, "_").toUpperCase();

/**
 * A new task, submitted at `now`.
 * @param {{ model: string, body: Record<string, unknown>, failureCode?: string | undefined, timings: Timings, now: number }} submit
 * @returns {Task}
 */
export function createTask({ model, body, failureCode, timings, now }) {
  return {
    id: randomUUID(),
    taskType: taskTypeOf(model),
    submittedAt: now,
    timings,
    seed: typeof body["seed"] === "number" && body["seed"] !== 0 ? String(body["seed"]) : String(randomInt(1, 2 ** 31)),
    failureCode,
  };
}

/**
 * Where the task stands at `now`: queued, then processing (progress rising, eta falling), then
 * succeeded with `videoUrl`, or failed halfway through processing.
 * @param {Task} task
 * @param {number} now Milliseconds since the epoch.
 * @param {string} videoUrl Where the finished video is served.
 * @returns {TaskResult}
 */
export function taskResultAt(task, now, videoUrl) {
  const { queuedMs, processingMs } = task.timings;
  const elapsed = Math.max(0, now - task.submittedAt);
  const startsAt = queuedMs;
  const endsAt = queuedMs + (task.failureCode ? processingMs / 2 : processingMs);
  const at = (/** @type {number} */ offset) => String(task.submittedAt + Math.round(offset));
  const base = {
    extra: {
      seed: task.seed,
      enable_nsfw_detection: false,
      debug_info: {
        request_info: "",
        submit_time_ms: at(0),
        execute_time_ms: elapsed >= startsAt ? at(startsAt) : "",
        complete_time_ms: elapsed >= endsAt ? at(endsAt) : "",
      },
    },
    videos: /** @type {TaskResult["videos"]} */ ([]),
    images: [],
    audios: [],
  };
  /** @param {import("../../generated/schema.js").components["schemas"]["TaskStatus"]} status */
  const stateOf = (status, progress = 0, reason = "") => ({
    task_id: task.id,
    task_type: task.taskType,
    status,
    reason,
    // Whole seconds left until success, as a client would time its next poll.
    eta: Math.max(0, Math.ceil((queuedMs + processingMs - elapsed) / 1000)),
    progress_percent: progress,
  });

  if (elapsed < startsAt) return { task: stateOf("TASK_STATUS_QUEUED"), ...base };
  if (elapsed < endsAt) {
    const progress = Math.min(99, Math.floor((100 * (elapsed - startsAt)) / Math.max(1, processingMs)));
    return { task: stateOf("TASK_STATUS_PROCESSING", progress), ...base };
  }
  if (task.failureCode) {
    const meaning = TASK_FAILURE_CODES[/** @type {keyof typeof TASK_FAILURE_CODES} */ (task.failureCode)];
    return { task: { ...stateOf("TASK_STATUS_FAILED", 0, `${task.failureCode}: ${meaning}`), eta: 0 }, ...base };
  }
  const video = { video_url: videoUrl, video_url_ttl: VIDEO_URL_TTL, video_type: /** @type {const} */ ("mp4") };
  return { task: { ...stateOf("TASK_STATUS_SUCCEED", 100), eta: 0 }, ...base, videos: [video] };
}

/** The tasks the mock knows, oldest forgotten first once there are `capacity` of them. */
export class TaskStore {
  /** @type {Map<string, Task>} */
  #tasks = new Map();
  #capacity;

  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }

  /** @param {Task} task */
  add(task) {
    this.#tasks.set(task.id, task);
    if (this.#tasks.size > this.#capacity) this.#tasks.delete(/** @type {string} */ (this.#tasks.keys().next().value));
  }

  /** @param {string} id */
  get(id) {
    return this.#tasks.get(id);
  }
}
