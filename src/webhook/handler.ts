// A webhook route in fetch's terms, `(request: Request) => Promise<Response>`, for any server that
// speaks Request/Response (Hono, workers, Deno, Bun; node:http and Express through ./node.ts). The
// sender is untrusted and unsigned: the body is refused before parsing when it is not a POST or is too
// large (the cap is applied while reading), the event is parsed with parseWebhookEvent, a redelivery
// is dropped, and with `confirm` the task is read again from Novita before the app sees it. The sender
// gets its 2xx at once; `onEvent` runs afterwards, and its errors go to `onError`.
import type { TaskResult } from "../../generated/schema.js";
import { ViduValidationError } from "../client/errors.js";
import { option } from "../client/options.js";
import { checkCallbacks, checkReader, type TaskResultReader } from "../client/reader.js";
import { readCapped } from "../transport/read-capped.js";
import { parseWebhookEvent, type WebhookEvent } from "./event.js";

/** Which deliveries were handled already, by a key of the task id and its status. May be async (a shared store). */
export interface SeenStore {
  /** Whether `key` was recorded. */
  has(key: string): boolean | Promise<boolean>;
  /** Records `key`; a bounded store forgets its oldest keys. */
  add(key: string): void | Promise<void>;
}

/** A SeenStore in memory holding at most `capacity` keys, the least recently seen forgotten first. */
export function lruSeenStore(capacity = 10_000): SeenStore {
  if (!(Number.isInteger(capacity) && capacity >= 1 && capacity <= 10_000_000))
    throw option("capacity", "capacity must be a whole number from 1 to 10000000");
  const keys = new Map<string, true>();
  return {
    has: (key) => {
      if (!keys.delete(key)) return false;
      keys.set(key, true);
      return true;
    },
    add: (key) => {
      keys.delete(key);
      keys.set(key, true);
      if (keys.size > capacity) keys.delete(keys.keys().next().value as string);
    },
  };
}

/** What `onEvent` is handed. */
export interface WebhookDelivery {
  /** The event as it arrived. */
  event: WebhookEvent;
  /** The task result: read again with `getResult` when the handler has `confirm`, else the event's payload. */
  result: TaskResult;
  /** Whether `result` was read from Novita rather than taken from the event. */
  confirmed: boolean;
}

export interface WebhookHandlerOptions {
  /** Runs for each new event, after the sender has its answer. */
  onEvent: (delivery: WebhookDelivery) => unknown;
  /** A client (anything with `getResult`): each event's task is read again before `onEvent` sees it. */
  confirm?: TaskResultReader;
  /** The largest body read, in bytes (1 to 64 MiB). Default 256 KiB: an event is one task result. */
  maxBytes?: number;
  /** Where handled deliveries are recorded. Default: `lruSeenStore(10_000)`; `false` handles every delivery. */
  seen?: SeenStore | false;
  /** Called with what `onEvent` or the confirmation threw. Default: `console.error`. */
  onError?: (error: unknown, event: WebhookEvent) => void;
  /** Keeps the runtime alive for the work after the answer (a worker's `ctx.waitUntil`). */
  waitUntil?: (work: Promise<unknown>) => void;
}

/** The route, and `idle()`, which resolves when the work started so far has ended (for a clean shutdown). */
export interface WebhookHandler {
  (request: Request): Promise<Response>;
  idle(): Promise<void>;
}

const DEFAULT_MAX_BYTES = 256 * 1024;
const MOST_BYTES = 64 * 1024 * 1024;

const answer = (status: number, reason: string, message: string, headers: Record<string, string> = {}) =>
  Response.json({ reason, message }, { status, headers });

/** The key a delivery is recognised by: its task and the status it reports. */
const deliveryKey = (event: WebhookEvent) => `${event.payload.task.task_id}\n${event.payload.task.status}`;

function checkOptions(options: WebhookHandlerOptions) {
  if (typeof options?.onEvent !== "function") throw option("onEvent", "onEvent must be a function");
  const { maxBytes = DEFAULT_MAX_BYTES, confirm, seen } = options;
  if (!(Number.isInteger(maxBytes) && maxBytes >= 1 && maxBytes <= MOST_BYTES))
    throw option("maxBytes", `maxBytes must be a whole number of bytes from 1 to ${MOST_BYTES}`);
  checkReader("confirm", confirm);
  if (seen !== undefined && seen !== false && (typeof seen?.has !== "function" || typeof seen.add !== "function"))
    throw option("seen", "seen must be false or a store with has(key) and add(key)");
  checkCallbacks(options, ["onError", "waitUntil"]);
  return maxBytes;
}

/**
 * A fetch-native webhook route for Novita's task events. Answers 405 to anything but POST, 413 to a body
 * over `maxBytes`, 400 to a body that is not an event, 200 to an event (a redelivery included, which is
 * dropped), and hands each new event to `onEvent` after answering.
 */
export function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler {
  const maxBytes = checkOptions(options);
  const { onEvent, confirm } = options;
  const seen = options.seen === false ? undefined : (options.seen ?? lruSeenStore());
  const onError = options.onError ?? ((error: unknown) => console.error("novita-vidu webhook:", error));
  const running = new Set<Promise<void>>();

  async function work(event: WebhookEvent) {
    const taskId = event.payload.task.task_id;
    const result = confirm ? await confirm.getResult(taskId) : event.payload;
    await onEvent({ event, result, confirmed: confirm !== undefined });
  }

  const handler = async (request: Request): Promise<Response> => {
    if (request.method !== "POST")
      return answer(405, "METHOD_NOT_ALLOWED", "Webhook events are POSTed.", { Allow: "POST" });
    const declared = Number(request.headers.get("content-length") ?? NaN);
    const tooLarge = () => answer(413, "PAYLOAD_TOO_LARGE", `The event is over ${maxBytes} bytes.`);
    if (declared > maxBytes) {
      void request.body?.cancel().catch(() => {});
      return tooLarge();
    }
    const text = await readCapped(request.body, maxBytes).catch(() => null);
    if (text === undefined) return tooLarge();
    if (text === null) return answer(400, "INVALID_BODY", "The body could not be read.");
    let event: WebhookEvent;
    try {
      event = parseWebhookEvent(text);
    } catch (error) {
      if (!(error instanceof ViduValidationError)) throw error;
      return answer(400, "INVALID_EVENT", error.message);
    }
    const key = deliveryKey(event);
    if (seen) {
      if (await seen.has(key)) return answer(200, "DUPLICATE", "This event was handled already.");
      await seen.add(key);
    }
    // On a later turn, so that even a synchronous onEvent runs after the answer is on its way.
    const job = new Promise((resolve) => setTimeout(resolve, 0))
      .then(() => work(event))
      .catch((error: unknown) => {
        try {
          onError(error, event);
        } catch {
          // An onError that throws has nowhere further to report to.
        }
      });
    running.add(job);
    void job.finally(() => running.delete(job));
    options.waitUntil?.(job);
    return answer(200, "ACCEPTED", "The event was received.");
  };
  return Object.assign(handler, {
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  });
}
