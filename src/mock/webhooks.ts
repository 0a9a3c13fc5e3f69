// Delivers the webhook event of a task that has ended, as Novita says it does: a POST of
// `{ event_type, payload: <task result> }` to `extra.webhook.url`, sent again when the receiver does not
// answer within the timeout or answers with a non-2xx status, up to the number of retries the spec gives.
import { WEBHOOK } from "../../generated/webhook.js";
import type { TaskResult } from "./tasks.js";

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
  /** How long to wait for the receiver's answer, in ms. Default: the spec's (5000). */
  timeoutMs?: number;
  /** How many times to send an event again. Default: the spec's (5). */
  maxRetries?: number;
  /** The wait before the first retry, in ms, doubled before each next one. Default 1000. */
  retryDelayMs?: number;
  /** Called after each attempt. */
  onDelivery?: (attempt: WebhookAttempt) => void;
}

/** The event Novita POSTs when a task ends. */
export const webhookEvent = (payload: TaskResult) => ({ event_type: WEBHOOK.eventType, payload });

const wait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

/** Sends `payload`'s event to `url`, retrying; resolves with whether it was delivered. Stops when `signal` aborts. */
export async function deliverWebhook(
  url: string,
  payload: TaskResult,
  options: WebhookOptions,
  signal: AbortSignal,
): Promise<boolean> {
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  const { timeoutMs = WEBHOOK.timeoutMs, maxRetries = WEBHOOK.maxRetries, retryDelayMs = 1000 } = options;
  const body = JSON.stringify(webhookEvent(payload));
  for (let attempt = 1; !signal.aborted; attempt++) {
    const willRetry = attempt <= maxRetries;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    const stop = () => controller.abort(new Error("the mock stopped"));
    signal.addEventListener("abort", stop, { once: true });
    let outcome: Pick<WebhookAttempt, "status" | "error">;
    try {
      const response = await send(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body,
        signal: controller.signal,
      });
      await response.body?.cancel().catch(() => undefined);
      outcome = { status: response.status };
    } catch (error) {
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : error;
      outcome = { error: reason instanceof Error ? reason.message : String(reason) };
    } finally {
      clearTimeout(timer);
      signal.removeEventListener("abort", stop);
    }
    const delivered = outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300;
    options.onDelivery?.({
      taskId: payload.task.task_id,
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
