// Delivers the webhook event of a task that has ended, as Novita says it does: a POST of
// `{ event_type, payload: <task result> }` to `extra.webhook.url`, sent again when the receiver does not
// answer within the timeout or answers with a non-2xx status, up to the number of retries the spec gives.
import { WEBHOOK } from "../../generated/webhook.js";
import {
  checkCount,
  checkMs,
  concurrencyLimit,
  isLoopbackUrl,
  MAX_CONCURRENT_DELIVERIES,
  timerDelay,
} from "./bounds.js";
import { endOf, type Task, type TaskResult, taskResultAt } from "./tasks.js";

/** One attempt to deliver an event, as `onDelivery` reports it. */
export interface WebhookAttempt {
  taskId: string;
  url: string;
  /** 1 for the first attempt, up to 1 + the spec's retries. */
  attempt: number;
  /** The receiver's HTTP status, when it answered. */
  status?: number;
  /** Why the attempt failed without an answer (a timeout, a refused connection). */
  error?: string;
  /** Whether this attempt delivered the event (a 2xx). */
  delivered: boolean;
  /** Whether another attempt follows. */
  willRetry: boolean;
}

export interface WebhookOptions {
  /** The fetch that POSTs the events. Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** How long to wait for the receiver's answer, in ms, from 1 to 2^31-1. Default: the spec's (5000). */
  timeoutMs?: number;
  /** How many times to send an event again, a whole number ≥ 0. Default: the spec's (5). */
  maxRetries?: number;
  /** The wait before the first retry, in ms from 0 to 2^31-1, doubled before each next one (up to 2^31-1). Default 1000. */
  retryDelayMs?: number;
  /**
   * Deliver to any host. Default false: only to this machine (`localhost`, 127.0.0.0/8, `[::1]`), since any
   * web page open in a browser can submit to the mock; an event for another host is reported through
   * `onDelivery` as not delivered, and nothing is sent.
   */
  allowRemoteHosts?: boolean;
  /** Called after each attempt. */
  onDelivery?: (attempt: WebhookAttempt) => void;
}

/** The event Novita POSTs when a task ends. */
export const webhookEvent = (payload: TaskResult) => ({ event_type: WEBHOOK.eventType, payload });

/** Throws a RangeError naming the first option out of its range. */
export function checkWebhookOptions({ timeoutMs, maxRetries, retryDelayMs }: WebhookOptions): void {
  if (timeoutMs !== undefined) checkMs("webhooks.timeoutMs", timeoutMs, 1);
  if (retryDelayMs !== undefined) checkMs("webhooks.retryDelayMs", retryDelayMs);
  if (maxRetries !== undefined) checkCount("webhooks.maxRetries", maxRetries);
}

/** Runs one attempt (a POST) when its turn comes: see `concurrencyLimit`. */
export type AttemptQueue = <T>(attempt: () => Promise<T>) => Promise<T>;
const atOnce: AttemptQueue = (attempt) => attempt();

const wait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const stop = () => (clearTimeout(timer), resolve());
    const timer = setTimeout(() => (signal.removeEventListener("abort", stop), resolve()), timerDelay(ms));
    signal.addEventListener("abort", stop, { once: true });
  });

/**
 * Sends `payload`'s event to `url`, retrying; resolves with whether it was delivered. Stops when `signal`
 * aborts. Each attempt waits its turn in `queue`; the wait between attempts holds no turn.
 */
export async function deliverWebhook(
  url: string,
  payload: TaskResult,
  options: WebhookOptions,
  signal: AbortSignal,
  queue: AttemptQueue = atOnce,
): Promise<boolean> {
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  const { timeoutMs = WEBHOOK.timeoutMs, maxRetries = WEBHOOK.maxRetries, retryDelayMs = 1000 } = options;
  const taskId = payload.task.task_id;
  if (!options.allowRemoteHosts && !isLoopbackUrl(url)) {
    const error =
      "not sent: the mock delivers webhooks to this machine only (start it with webhooks.allowRemoteHosts, or `novita-vidu mock --allow-remote-webhooks`, for other hosts)";
    options.onDelivery?.({ taskId, url, attempt: 1, error, delivered: false, willRetry: false });
    return false;
  }
  const body = JSON.stringify(webhookEvent(payload));
  const post = async (): Promise<Pick<WebhookAttempt, "status" | "error">> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    const stop = () => controller.abort(new Error("the mock stopped"));
    signal.addEventListener("abort", stop, { once: true });
    try {
      const response = await send(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body,
        signal: controller.signal,
        // A redirect is answered as a failure, not followed: it could lead off this machine.
        redirect: "manual",
      });
      await response.body?.cancel().catch(() => undefined);
      return { status: response.status };
    } catch (error) {
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : error;
      return { error: reason instanceof Error ? reason.message : String(reason) };
    } finally {
      clearTimeout(timer);
      signal.removeEventListener("abort", stop);
    }
  };
  for (let attempt = 1; !signal.aborted; attempt++) {
    const willRetry = attempt <= maxRetries;
    const outcome = await queue(() => (signal.aborted ? Promise.resolve(undefined) : post()));
    if (!outcome) break;
    const delivered = outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300;
    options.onDelivery?.({
      taskId,
      url,
      attempt,
      ...outcome,
      delivered,
      willRetry: !delivered && willRetry,
    });
    if (delivered) return true;
    if (!willRetry) return false;
    await wait(retryDelayMs * 2 ** (attempt - 1), signal);
  }
  return false;
}

/** A clock the test holds back is re-checked this often. */
const RECHECK_MS = 100;
const unref = (timer: unknown) => (timer as { unref?: () => void }).unref?.();

/**
 * The webhooks of a mock's tasks: each delivered once its task has ended by the mock's clock, a few
 * attempts at a time, with no more waiting than `capacity` (the tasks the mock keeps).
 */
export class WebhookSchedule {
  readonly #pending = new Map<Task, { url: string; videoUrl: string }>();
  readonly #deliveries = new Set<Promise<unknown>>();
  readonly #stopping = new AbortController();
  readonly #queue = concurrencyLimit(MAX_CONCURRENT_DELIVERIES);
  #timer: unknown;

  constructor(
    readonly options: WebhookOptions,
    readonly clock: () => number,
    readonly capacity: number,
  ) {}

  /** Delivers `task`'s event to `url` when it ends; past `capacity` waiting, the oldest is given up. */
  add(task: Task, url: string, videoUrl: string) {
    this.#pending.set(task, { url, videoUrl });
    if (this.#pending.size > this.capacity) {
      const [oldest, { url: oldestUrl }] = this.#pending.entries().next().value as [Task, { url: string }];
      this.#pending.delete(oldest);
      const error = `not sent: more than ${this.capacity} webhooks (maxTasks) were pending, and this was the oldest`;
      const attempt = { taskId: oldest.id, url: oldestUrl, attempt: 1, error, delivered: false, willRetry: false };
      this.options.onDelivery?.(attempt);
    }
    this.check();
  }

  /**
   * Starts the delivery of each webhook whose task has ended by the clock, then arms one timer for the
   * next task to end (a wait longer than a timer holds re-arms when it fires, not every millisecond).
   */
  check() {
    clearTimeout(this.#timer as number);
    let next = Infinity;
    for (const [task, { url, videoUrl }] of this.#pending) {
      const left = endOf(task) - this.clock();
      if (left > 0) {
        next = Math.min(next, left);
        continue;
      }
      this.#pending.delete(task);
      const result = taskResultAt(task, this.clock(), videoUrl);
      const delivery = deliverWebhook(url, result, this.options, this.#stopping.signal, this.#queue);
      this.#deliveries.add(delivery);
      void delivery.finally(() => this.#deliveries.delete(delivery));
    }
    if (next === Infinity) return;
    this.#timer = setTimeout(() => this.check(), timerDelay(Math.max(next, RECHECK_MS)));
    unref(this.#timer);
  }

  /** Stops the deliveries under way and forgets the pending ones. */
  close() {
    this.#stopping.abort();
    clearTimeout(this.#timer as number);
    this.#pending.clear();
  }

  /** Resolves when every delivery started so far has ended. */
  async settled() {
    while (this.#deliveries.size > 0) await Promise.allSettled([...this.#deliveries]);
  }
}
