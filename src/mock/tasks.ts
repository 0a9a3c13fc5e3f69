// The mock's tasks: each accepted submit becomes a task whose result is a pure function of the time
// since it was submitted, so a poll never changes anything and a test can drive the clock.
import { TASK_FAILURE_CODES } from "../../generated/constants.js";
import type { components } from "../../generated/schema.js";
import { videoShape, type VideoShape } from "./video.js";
import { hasOwn } from "./bounds.js";

export type TaskResult = components["schemas"]["TaskResult"];
type TaskStatus = components["schemas"]["TaskStatus"];

export interface Timings {
  /** How long a task stays `TASK_STATUS_QUEUED`, in ms. Default 2000. */
  queuedMs: number;
  /** How long it then stays `TASK_STATUS_PROCESSING` before it succeeds, in ms; a task made to fail
   * fails halfway through. Default 6000. */
  processingMs: number;
}

export interface Task {
  id: string;
  /** Novita's name for the kind of task, such as `VIDU_Q3_TURBO_I2V`. */
  taskType: string;
  /** Milliseconds since the epoch, by the mock's clock. */
  submittedAt: number;
  timings: Timings;
  /** The seed the task reports: the request's, or a random one. */
  seed: string;
  /** A Vidu failure code (0080070xx) to fail with, or undefined to succeed. */
  failureCode: string | undefined;
  /** The aspect ratio and seconds of the video it ends with: the request's, else its model's defaults. */
  video: VideoShape;
}

export const DEFAULT_TIMINGS: Readonly<Timings> = { queuedMs: 2000, processingMs: 6000 };

/** The failure when a submit asks to fail without naming a code: the provider's internal error. */
export const DEFAULT_FAILURE_CODE = "008007095";

/** A prompt containing `[fail]` or `[fail:0080070xx]` makes the task fail. */
const PROMPT_FAIL_MARKER = /\[fail(?::(\w+))?\]/i;

/** How long an output URL is said to stay valid, in seconds (Novita's answers say one hour). */
const VIDEO_URL_TTL = "3600";

/**
 * The failure a submit asks for: the `X-Mock-Fail` header (a code, or empty for the default) wins over
 * a `[fail]` / `[fail:<code>]` marker in the prompt. `code` is undefined when the task should succeed;
 * `error` says why the code named is not one of Vidu's failure codes.
 */
export function requestedFailure(
  header: string | null | undefined,
  prompt: unknown,
): { code?: string; error?: string } {
  const marker = typeof prompt === "string" ? PROMPT_FAIL_MARKER.exec(prompt) : null;
  if (header == null && !marker) return {};
  const code = (header ?? marker?.[1] ?? "").trim() || DEFAULT_FAILURE_CODE;
  if (hasOwn(TASK_FAILURE_CODES, code)) return { code };
  const source = header == null ? "the prompt's [fail:<code>] marker" : "X-Mock-Fail";
  return { error: `${source} must name one of Vidu's failure codes: ${Object.keys(TASK_FAILURE_CODES).join(", ")}.` };
}

/** `vidu-q3-turbo-i2v` → `VIDU_Q3_TURBO_I2V`. */
export const taskTypeOf = (model: string) => model.replace(/\W/g, "_").toUpperCase();

/** A version 4 UUID from `crypto.getRandomValues`, which (unlike `randomUUID`) works on plain-http pages too. */
export function uuid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const randomSeed = () => String((crypto.getRandomValues(new Uint32Array(1))[0]! % (2 ** 31 - 1)) + 1);

/** A new task for `model`, submitted at `now`. */
export function createTask(submit: {
  model: string;
  body: Record<string, unknown>;
  failureCode?: string | undefined;
  timings: Timings;
  now: number;
}): Task {
  const { model, body, failureCode, timings, now } = submit;
  const seed = body["seed"];
  return {
    id: uuid(),
    taskType: taskTypeOf(model),
    submittedAt: now,
    timings,
    seed: typeof seed === "number" && seed !== 0 ? String(seed) : randomSeed(),
    failureCode,
    video: videoShape(model, body),
  };
}

/** When the task ends (succeeds, or fails halfway through processing), in ms since the epoch. */
export const endOf = (task: Task) =>
  task.submittedAt +
  task.timings.queuedMs +
  (task.failureCode ? task.timings.processingMs / 2 : task.timings.processingMs);

/**
 * Where the task stands at `now`: queued, then processing (progress rising, eta falling), then
 * succeeded with `videoUrl`, or failed halfway through processing.
 */
export function taskResultAt(task: Task, now: number, videoUrl: string): TaskResult {
  const { queuedMs, processingMs } = task.timings;
  const elapsed = Math.max(0, now - task.submittedAt);
  const startsAt = queuedMs;
  const endsAt = endOf(task) - task.submittedAt;
  const at = (offset: number) => String(task.submittedAt + Math.round(offset));
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
    videos: [] as NonNullable<TaskResult["videos"]>,
    images: [],
    audios: [],
  };
  const stateOf = (status: TaskStatus, progress = 0, reason = "") => ({
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
    const meaning = TASK_FAILURE_CODES[task.failureCode as keyof typeof TASK_FAILURE_CODES];
    return { task: { ...stateOf("TASK_STATUS_FAILED", 0, `${task.failureCode}: ${meaning}`), eta: 0 }, ...base };
  }
  const video = { video_url: videoUrl, video_url_ttl: VIDEO_URL_TTL, video_type: "mp4" as const };
  return { task: { ...stateOf("TASK_STATUS_SUCCEED", 100), eta: 0 }, ...base, videos: [video] };
}

/** The tasks the mock knows, oldest forgotten first once there are `capacity` of them. */
export class TaskStore {
  readonly #tasks = new Map<string, Task>();
  readonly #capacity: number;

  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }

  /** How many tasks are kept. */
  get capacity() {
    return this.#capacity;
  }

  add(task: Task) {
    this.#tasks.set(task.id, task);
    if (this.#tasks.size > this.#capacity) this.#tasks.delete(this.#tasks.keys().next().value as string);
  }

  get(id: string) {
    return this.#tasks.get(id);
  }
}
