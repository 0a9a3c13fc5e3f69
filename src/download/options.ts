// What a download is given, checked before anything is fetched: its options (every number within the
// range it can take) and its source (a task result, a TaskVideo or a URL), read into the URL to fetch.
import type { components, TaskResult } from "../../generated/schema.js";
import { invalid } from "../client/errors.js";
import { checkDuration, MAX_TIMER_MS, option } from "../client/options.js";
import { checkCallbacks, checkReader, type TaskResultReader } from "../client/reader.js";
import { httpUrl, NOT_HTTP_URL } from "../client/url.js";

export type { TaskResultReader };

export type TaskVideo = components["schemas"]["TaskVideo"];
/** A video to fetch: a task result (its first video), one of its `videos[]`, or a URL. */
export type VideoSource = TaskResult | TaskVideo | string;

export interface FetchVideoOptions {
  /** Stops the download; it rejects with a ViduAbortError. */
  signal?: AbortSignal;
  /** Give up when no data arrives for this long, in ms (1 to 2^31-1). Default 30 000. */
  stallMs?: number;
  /** How many times a reset or a retryable status (408, 425, 429, 5xx) is retried in all (0 to 100). Default 3. */
  retries?: number;
  /**
   * The wait before the first retry, in ms, doubled before each next one (0 to 2^31-1). Default 500.
   * An answer's Retry-After takes its place, up to 30 s or this, whichever is longer.
   */
  retryDelayMs?: number;
  /** Called as data arrives: the bytes so far, and the whole size when the server said it. */
  onProgress?: (bytes: number, total: number | undefined) => void;
  /** The fetch to use. Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** With `taskId` (or a task result as the source): reads a fresh `video_url` when the link has expired. */
  client?: TaskResultReader;
  /** The task the video belongs to; taken from the source when it is a task result. */
  taskId?: string;
}

export interface VideoDownload {
  /** The video's bytes, checked, resumed across resets. */
  stream: ReadableStream<Uint8Array>;
  /** The whole size in bytes, when the server said it. */
  total: number | undefined;
  /** The video type its first bytes show (`mp4`, …), when it is one the spec names. */
  type: string | undefined;
}

/** A download is abandoned when no byte arrives for this long, by default. */
export const DEFAULT_STALL_MS = 30_000;
const DEFAULT_RETRIES = 3;
const MOST_RETRIES = 100;
const DEFAULT_RETRY_DELAY_MS = 500;

/** The download's options, checked before anything is fetched; the numbers with their defaults. */
export function checkFetchOptions(options: FetchVideoOptions) {
  const { stallMs = DEFAULT_STALL_MS, retries = DEFAULT_RETRIES, retryDelayMs = DEFAULT_RETRY_DELAY_MS } = options;
  checkDuration("stallMs", stallMs, MAX_TIMER_MS);
  if (!(Number.isInteger(retries) && retries >= 0 && retries <= MOST_RETRIES))
    throw option("retries", `retries must be a whole number from 0 to ${MOST_RETRIES}`);
  if (!(typeof retryDelayMs === "number" && retryDelayMs >= 0 && retryDelayMs <= MAX_TIMER_MS))
    throw option("retryDelayMs", `retryDelayMs must be a number of milliseconds from 0 to ${MAX_TIMER_MS}`);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal))
    throw option("signal", "signal must be an AbortSignal");
  checkCallbacks(options, ["fetch", "onProgress"]);
  checkReader("client", options.client);
  if (options.taskId !== undefined && (typeof options.taskId !== "string" || options.taskId === ""))
    throw option("taskId", "taskId must be a task id");
  return { stallMs, retries, retryDelayMs };
}

const badSource = (message: string) => invalid("download", [{ field: "source", rule: "source", message }]);

/** The video's URL, checked by the package's one http(s) check; a ViduValidationError otherwise (it comes from an answer). */
export function videoUrl(url: unknown): string {
  if (typeof url !== "string" || httpUrl(url) === NOT_HTTP_URL) throw badSource(`the video URL ${NOT_HTTP_URL}`);
  return url;
}

/** When a task result's link stops working: its completion plus `video_url_ttl`, when both are known. */
function expiryOf(result: TaskResult, video: TaskVideo): number | undefined {
  const completed = Number(result.extra?.debug_info?.complete_time_ms || NaN);
  const ttl = Number(video.video_url_ttl ?? NaN);
  return Number.isFinite(completed) && Number.isFinite(ttl) ? completed + ttl * 1000 : undefined;
}

export function targetOf(source: VideoSource, taskId: string | undefined) {
  if (typeof source === "string") return { url: videoUrl(source), taskId };
  if (source && typeof source === "object" && "video_url" in source)
    return { url: videoUrl(source.video_url), taskId, expected: source.video_type };
  if (source && typeof source === "object" && "task" in source && source.task) {
    const video = source.videos?.[0];
    if (!video)
      throw badSource(
        `task ${source.task.task_id} has no video (status ${source.task.status}): wait for it to succeed`,
      );
    const expiresAt = expiryOf(source, video);
    return {
      url: videoUrl(video.video_url),
      taskId: taskId ?? source.task.task_id,
      expected: video.video_type,
      expiresAt,
    };
  }
  throw badSource("source must be a task result, one of its videos[] or an http(s) URL");
}
