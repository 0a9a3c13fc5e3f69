// The fetch beneath openapi-fetch: a timeout per attempt, and retries that never bill a task twice.
// openapi-fetch itself never retries, and a retry from its onResponse middleware has lost the body.
import { MAYBE_ACCEPTED, ViduConnectionError } from "./errors.js";

export interface RetryOptions {
  /** Retries after the first attempt. Default 4. */
  retries?: number;
  /** Upper bound of the first backoff, in ms; it doubles on each retry (full jitter). Default 500. */
  minDelayMs?: number;
  /** Cap of any backoff or Retry-After wait, in ms. Default 20 000. */
  maxDelayMs?: number;
}

// 408 Request Timeout, 429 Too Many Requests, 500 Internal Server Error, 502 Bad Gateway,
// 503 Service Unavailable, 504 Gateway Timeout.
const RETRYABLE_STATUS = [408, 429, 500, 502, 503, 504];
/** Node's codes for connections that failed before a byte of the request was sent. */
const NOT_SENT = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|CONNECT_TIMEOUT|UNREACH/;

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date), if it is present and valid. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  const ms = header ? (Number.isNaN(+header) ? Date.parse(header) - now : +header * 1000) : NaN;
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}

export interface FetchSettings {
  /** Called as `fetch(request, { body, signal })`. */
  fetch: (input: Request, init: RequestInit) => Promise<Response>;
  retry: RetryOptions | false;
  /** Per-attempt timeout in ms. */
  timeoutMs: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

/** An answer, and its whole body as text (read within the attempt's timeout). */
export interface Exchange {
  response: Response;
  text: string;
}

/**
 * Sends a request with a timeout per attempt and the retries above; resolves with the last answer
 * and its body. (The client parses bodies itself; `vidu.api` gets them back as a Response.)
 */
export function createRetryingExchange({ fetch: send, retry, timeoutMs, sleep, random = Math.random }: FetchSettings) {
  const { retries = 4, minDelayMs = 500, maxDelayMs = 20_000 } = retry || { retries: 0 };
  return async (request: Request): Promise<Exchange> => {
    // A submit creates a billed task: it is sent again only when Novita surely did not take it.
    const idempotent = request.method === "GET";
    const body = idempotent ? null : await request.arrayBuffer();
    const caller = request.signal;
    for (let attempt = 0; ; attempt++) {
      // One controller aborts the attempt: on the caller's abort, or when the timer fires. The timeout
      // covers the whole exchange, body included, so a body that stalls halfway times out too.
      const controller = new AbortController();
      const { signal } = controller;
      const onAbort = () => controller.abort(caller.reason);
      caller.addEventListener("abort", onAbort);
      const timer = setTimeout(() => controller.abort(new DOMException("timed out", "TimeoutError")), timeoutMs);
      let exchanged: Exchange | undefined;
      try {
        if (caller.aborted) throw caller.reason;
        const exchange = send(request, { body, signal }).then(async (response) => ({
          response,
          text: await response.text(),
        }));
        exchange.catch(() => {}); // when the abort below wins, its rejection is expected and unread
        // Bounded even when a fetch ignores its signal.
        const aborted = new Promise<never>((_, reject) =>
          signal.addEventListener("abort", () => reject(signal.reason)),
        );
        exchanged = await Promise.race([exchange, aborted]);
      } catch (error) {
        if (caller.aborted) throw caller.reason;
        const timedOut = signal.aborted; // the caller did not abort: the timeout did
        const notSent = !timedOut && NOT_SENT.test((error as { cause?: { code?: string } }).cause?.code ?? "");
        if (attempt >= retries || !(idempotent || notSent)) {
          const { pathname } = new URL(request.url);
          const what = timedOut ? "timed out" : `failed (${(error as Error).message})`;
          const advice = idempotent || notSent ? "" : MAYBE_ACCEPTED;
          throw new ViduConnectionError(`[${request.method}] "${pathname}" ${what}${advice}`, {
            maybeReceived: !notSent,
            cause: error,
          });
        }
      } finally {
        clearTimeout(timer);
        caller.removeEventListener("abort", onAbort);
      }
      const status = exchanged?.response.status ?? 0;
      if (exchanged && (!RETRYABLE_STATUS.includes(status) || attempt >= retries)) return exchanged;
      if (exchanged && !(idempotent || status === 429)) return exchanged;
      const asked = retryAfterMs(exchanged?.response.headers.get("retry-after") ?? null, Date.now());
      await sleep(Math.min(maxDelayMs, asked ?? random() * Math.min(maxDelayMs, minDelayMs * 2 ** attempt)), caller);
    }
  };
}
