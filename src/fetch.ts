// The fetch beneath openapi-fetch: a timeout per attempt, and retries that never bill a task twice.
// openapi-fetch itself never retries, and a retry from its onResponse middleware has lost the body.
import { ViduConnectionError } from "./errors.js";
import { sleep as wait } from "./sleep.js";

export interface RetryOptions {
  /** Retries after the first attempt. Default 4. */
  retries?: number;
  /** Upper bound of the first backoff, in ms; it doubles on each retry (full jitter). Default 500. */
  minDelayMs?: number;
  /** Cap of any backoff or Retry-After wait, in ms. Default 20 000. */
  maxDelayMs?: number;
}

const RETRYABLE_STATUS = new Set([
  408, // Request Timeout
  429, // Too Many Requests
  500, // Internal Server Error
  502, // Bad Gateway
  503, // Service Unavailable
  504, // Gateway Timeout
]);
/** Node's codes for connections that failed before a byte of the request was sent. */
const NOT_SENT = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|UND_ERR_CONNECT_TIMEOUT|ENETUNREACH|EHOSTUNREACH/;

/** Whether a failed attempt may be sent again. A POST creates a billed task, so only when it surely did not. */
function retryable(method: string, outcome: Response | unknown): boolean {
  const idempotent = method === "GET" || method === "HEAD";
  if (outcome instanceof Response)
    return RETRYABLE_STATUS.has(outcome.status) && (idempotent || outcome.status === 429);
  if (idempotent) return true;
  const cause = (outcome as { cause?: { code?: string } })?.cause;
  return NOT_SENT.test(String(cause?.code ?? ""));
}

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date), if it is present and valid. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}

export interface FetchSettings {
  fetch: typeof fetch;
  retry: RetryOptions | false;
  /** Per-attempt timeout in ms. */
  timeoutMs: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export function createRetryingFetch({
  fetch: send,
  retry,
  timeoutMs,
  sleep = wait,
  random = Math.random,
}: FetchSettings) {
  const { retries = 4, minDelayMs = 500, maxDelayMs = 20_000 } = retry || { retries: 0 };
  return async function retryingFetch(request: Request): Promise<Response> {
    const body = request.body ? await request.arrayBuffer() : null;
    const caller = request.signal;
    for (let attempt = 0; ; attempt++) {
      const timeout = AbortSignal.timeout(timeoutMs);
      let outcome: Response | unknown;
      try {
        outcome = await send(new Request(request, { body, signal: AbortSignal.any([caller, timeout]) }));
      } catch (error) {
        if (caller.aborted) throw caller.reason;
        outcome = error;
      }
      const last = attempt >= retries || !retryable(request.method, outcome);
      if (outcome instanceof Response && (outcome.ok || last)) return outcome;
      if (last) throw connectionError(request, outcome, timeout.aborted);
      // Free the connection; not awaited, since a tee'd body's cancel waits for its twin.
      if (outcome instanceof Response) outcome.body?.cancel().catch(() => {});
      const backoff = random() * Math.min(maxDelayMs, minDelayMs * 2 ** attempt);
      const asked =
        outcome instanceof Response ? retryAfterMs(outcome.headers.get("retry-after"), Date.now()) : undefined;
      await sleep(Math.min(maxDelayMs, asked ?? backoff), caller);
    }
  };
}

function connectionError(request: Request, error: unknown, timedOut: boolean): ViduConnectionError {
  const { pathname } = new URL(request.url);
  const submit = request.method === "POST";
  const maybeReceived = timedOut || !NOT_SENT.test(String((error as { cause?: { code?: string } })?.cause?.code ?? ""));
  const what = timedOut ? "timed out" : `failed (${(error as Error)?.message ?? error})`;
  const advice =
    submit && maybeReceived
      ? "; Novita may have accepted and billed it: look for the task before sending it again"
      : "";
  return new ViduConnectionError(`[${request.method}] "${pathname}" ${what}${advice}`, maybeReceived, { cause: error });
}
