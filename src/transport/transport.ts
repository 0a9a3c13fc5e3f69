// The client's transport: a timeout per attempt, retries that never bill a task twice, and answers
// read as untrusted (bounded in size, the key taken out). submit and wait call it directly, so a
// request is built once per attempt and its answer read once; openapi-fetch (`vidu.api`) reaches it
// through src/client/full.ts, which rebuilds a Response for it.
import { apiError, MAYBE_ACCEPTED, ViduAbortError, ViduConnectionError, ViduError } from "../client/errors.js";
import { readCapped } from "./read-capped.js";

export interface RetryOptions {
  /** Retries after the first attempt. Default 4. */
  retries?: number;
  /** Cap of the first backoff, in ms: it waits a random time up to this, doubled on each retry. Default 500. */
  firstBackoffCapMs?: number;
  /** Cap of any backoff or Retry-After wait, in ms. Default 20 000. */
  maxDelayMs?: number;
}

/** The most of an answer that is read, in bytes (decoded); every answer of the API is a few KB. */
export const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

// 408 Request Timeout, 429 Too Many Requests, 500 Internal Server Error, 502 Bad Gateway,
// 503 Service Unavailable, 504 Gateway Timeout.
const RETRYABLE_STATUS = [408, 429, 500, 502, 503, 504];
/** Node's codes for connections that failed before a byte of the request was sent. */
const NOT_SENT = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|CONNECT_TIMEOUT|UNREACH|CERT|ERR_TLS/;

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date), if it is present and valid. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  const ms = header ? (Number.isNaN(+header) ? Date.parse(header) - now : +header * 1000) : NaN;
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}

export interface ExchangeSettings {
  /** Any function with fetch's signature; it is called with one Request, which carries the attempt's signal. */
  fetch?: ((request: Request) => Promise<Response>) | undefined;
  retry: RetryOptions | false;
  /** Timeout of each attempt (connection, answer and body), in ms. */
  requestTimeoutMs: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Replaced by `[redacted]` in every answer: a server or proxy page that echoes the key must not spread it. */
  secret: string;
}

/** What an exchange is asked: the Request's init, with its method always named. */
export type ExchangeInit = Omit<RequestInit, "signal"> & { method: string; signal?: AbortSignal | null | undefined };
/** The last answer: its head as received, its body as text, read whole and with the key taken out. */
export interface Exchanged {
  response: Response;
  text: string;
}
/** One call: `input` is a URL or a Request to copy; `budgetMs` bounds every attempt and backoff together. */
export type Exchange = (input: string | Request, init: ExchangeInit, budgetMs?: number) => Promise<Exchanged>;

/** Replaces `secret` in a text; a secret shorter than 8 characters (a mock's "any") would only garble it. */
export const redactor = (secret: string) => (text: string) =>
  secret.length >= 8 && text.includes(secret) ? text.split(secret).join("[redacted]") : text;

/** An exchange's `budgetMs` ran out: the wait that set it reports its own timeout. */
export class OutOfTime extends Error {}

/** The answer's body as text, reading at most MAX_ANSWER_BYTES of it (after decompression); else undefined. */
async function readAnswer({ body, headers }: Response): Promise<string | undefined> {
  // A body that says it is too large is not read (a HEAD answer has none, whatever its length).
  if (body && Number(headers.get("content-length")) > MAX_ANSWER_BYTES) return void body.cancel().catch(() => {});
  return readCapped(body, MAX_ANSWER_BYTES);
}

/** Sends a request with a timeout per attempt and the retries above; resolves with the last answer. */
export function createExchange({
  fetch: send,
  retry,
  requestTimeoutMs,
  sleep,
  random = Math.random,
  secret,
}: ExchangeSettings): Exchange {
  const { retries = 4, firstBackoffCapMs = 500, maxDelayMs = 20_000 } = retry || { retries: 0 };
  const redact = redactor(secret);
  return async (input, init, budgetMs = Infinity) => {
    const end = Date.now() + budgetMs;
    const { method, signal: caller } = init;
    const url = typeof input === "string" ? input : input.url;
    const where = () => `[${method}] "${new URL(url).pathname}"`;
    // A submit creates a billed task: it is sent again only when Novita surely did not take it.
    const idempotent = method === "GET" || method === "HEAD";
    const aborted = (sent: boolean) =>
      new ViduAbortError(`${where()} aborted${sent && !idempotent ? MAYBE_ACCEPTED : ""}`, {
        cause: caller?.reason,
        maybeReceived: sent && !idempotent,
      });
    for (let attempt = 0; ; attempt++) {
      // One controller aborts the attempt: on the caller's abort, or when its timer fires. The timer
      // covers the whole exchange, body included, so a body that stalls halfway times out too.
      const controller = new AbortController();
      const ms = Math.min(requestTimeoutMs, end - Date.now());
      let onAbort: (() => void) | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let answer: Exchanged | undefined;
      let sent = false; // until the fetch is called and returns, nothing can have left
      try {
        if (caller?.aborted) throw caller.reason;
        answer = await new Promise<Exchanged>((resolve, reject) => {
          // Rejects at once, even when a fetch ignores its signal.
          const stop = (reason: unknown) => (controller.abort(reason), reject(reason));
          onAbort = () => stop(caller!.reason);
          caller?.addEventListener("abort", onAbort);
          timer = setTimeout(
            () => stop(ms < requestTimeoutMs ? new OutOfTime() : new DOMException("timed out", "TimeoutError")),
            ms,
          );
          const { signal } = controller;
          // A `fetch` option gets the signal in the Request, as documented; the global fetch takes it
          // beside one built without, which costs half as much (fetch copies the Request anyway, and
          // each copy with a signal links the two).
          const sending = send
            ? send(new Request(input, { ...init, signal }))
            : fetch(new Request(input, { ...init, signal: null }), { signal });
          sent = true;
          sending
            .then(async (response) => {
              const text = await readAnswer(response);
              if (text !== undefined) return { response, text };
              const detail = `the answer is larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB; it was not read further`;
              throw apiError({ method, url, status: response.status, body: "" }, ["RESPONSE_TOO_LARGE", detail]);
            })
            .then(resolve, reject);
        });
      } catch (error) {
        if (caller?.aborted) throw aborted(sent);
        if (error instanceof OutOfTime || error instanceof ViduError) throw error;
        const timedOut = controller.signal.aborted; // the caller did not abort: the timeout did
        const notSent =
          !sent || (!timedOut && NOT_SENT.test((error as { cause?: { code?: string } }).cause?.code ?? ""));
        if (attempt >= retries || !(idempotent || notSent)) {
          const what = timedOut
            ? `timed out after ${requestTimeoutMs} ms`
            : `failed (${redact(String((error as Error).message))})`;
          throw new ViduConnectionError(`${where()} ${what}${idempotent || notSent ? "" : MAYBE_ACCEPTED}`, {
            maybeReceived: !notSent,
            timedOut,
            cause: error,
          });
        }
      } finally {
        clearTimeout(timer);
        caller?.removeEventListener("abort", onAbort!);
      }
      const status = answer?.response.status ?? 0;
      if (answer && (!RETRYABLE_STATUS.includes(status) || attempt >= retries || !(idempotent || status === 429)))
        return { response: answer.response, text: redact(answer.text) };
      const asked = retryAfterMs(answer?.response.headers.get("retry-after") ?? null, Date.now());
      const backoff = random() * Math.min(maxDelayMs, firstBackoffCapMs * 2 ** attempt);
      // A backoff that would outlast the budget ends with it.
      await sleep(Math.min(maxDelayMs, asked ?? backoff, end - Date.now()), caller ?? undefined).catch(() => {
        throw aborted(false);
      });
      if (Date.now() >= end) throw new OutOfTime();
    }
  };
}
