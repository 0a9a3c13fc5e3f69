// What the mock holds its own options and its callers' webhook URLs to, so that it is safe to leave
// running: delays a timer can hold, a few deliveries at a time, and webhooks to this machine only.
import { MAX_TIMER_MS } from "../client/options.js";
import { isLoopback } from "../client/url.js";

/** How many webhook attempts are under way at once; the others wait their turn (so 1,000 pending
 * deliveries do not open 1,000 sockets). */
export const MAX_CONCURRENT_DELIVERIES = 8;

/**
 * Throws a RangeError unless `value` is a number of ms from `min` to `max`, by default the longest a
 * timer holds (2^31-1 ms: Node fires a longer timeout at once, with a warning).
 */
export function checkMs(name: string, value: unknown, min = 0, max = MAX_TIMER_MS): void {
  if (typeof value !== "number" || !(value >= min && value <= max))
    throw new RangeError(`${name} must be a number of milliseconds from ${min} to ${max}`);
}

/** Throws a RangeError unless `value` is a whole number from 0 to `max`. */
export function checkCount(name: string, value: unknown, min = 0, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max)
    throw new RangeError(`${name} must be a whole number from ${min} to ${max}`);
}

/** A timer's delay for a wait of `ms`, held within what a timer takes; a longer wait re-arms when it fires. */
export const timerDelay = (ms: number) => Math.min(MAX_TIMER_MS, Math.max(0, ms));

/** Whether a URL names this machine: `localhost`, 127.0.0.0/8 or [::1] (as the URL parser writes them). */
export function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopback(url);
  } catch {
    return false; // not a URL
  }
}

/** Runs jobs at most `limit` at a time, the others in the order they came. */
export function concurrencyLimit(limit: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(job: () => Promise<T>): Promise<T> => {
    if (running < limit) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve)); // the finishing job hands its turn over
    try {
      return await job();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

/** `Object.hasOwn` as a type guard: a name from a request is looked up among own keys, never inherited ones. */
export const hasOwn = <K extends PropertyKey>(record: Record<K, unknown>, key: PropertyKey): key is K =>
  Object.hasOwn(record, key);
