// The client's transport, given to openapi-fetch as its `fetch`: everything the client sends
// (submit, the task result, `vidu.api`) goes through it. It adds what openapi-fetch does not: a
// timeout per attempt, retries that never bill a task twice, `Retry-After`, and answers read as
// untrusted (bounded in size, the key taken out, a success that is not JSON refused). It returns one
// Response, built once from the text it read, for openapi-fetch to parse.
import { advice, apiError, connectionCause, ViduAbortError, ViduConnectionError, ViduError } from "../client/errors.js";
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

export interface TransportSettings {
  /** Any function with fetch's signature; it is called with one Request, which carries the attempt's signal. */
  fetch?: ((request: Request) => Promise<Response>) | undefined;
  retry: RetryOptions | false;
  /** Timeout of each attempt (connection, answer and body), in ms. */
  requestTimeoutMs: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Taken out of every answer: a server or proxy page that echoes the key must not spread it. */
  secret: string;
}

/** fetch's signature, as openapi-fetch calls it; `budgetMs` bounds every attempt and backoff together. */
export type Transport = (request: Request, budgetMs?: number) => Promise<Response>;

/** Replaces `secret` in a text; a secret shorter than 8 characters (a mock's "any") would only garble it. */
export const redactor = (secret: string) => {
  // JSON may spell the key with escapes (`\u0073k…`): read as JSON, an answer shows the key in its
  // shortest spelling, the one JSON.stringify writes, which is then replaced like the plain one.
  const spellings = [secret, JSON.stringify(secret).slice(1, -1)];
  const replace = (text: string) => spellings.reduce((t, s) => t.split(s).join("[redacted]"), text);
  const has = (text: string) => spellings.some((s) => text.includes(s));
  return (text: string) => {
    if (secret.length < 8) return text;
    if (has(text)) text = replace(text);
    if (!text.includes("\\")) return text;
    try {
      const normal = JSON.stringify(JSON.parse(text));
      return has(normal) ? replace(normal) : text;
    } catch {
      return text; // not JSON: its escapes are only characters
    }
  };
};

/** The wait that set a deadline ran out of it: the wait reports its own timeout. */
export class OutOfTime extends Error {}

/** The answer's body as text, reading at most MAX_ANSWER_BYTES of it (after decompression); else undefined. */
async function readAnswer({ body, headers }: Response): Promise<string | undefined> {
  // A body that says it is too large is not read (a HEAD answer has none, whatever its length).
  if (body && Number(headers.get("content-length")) > MAX_ANSWER_BYTES) return void body.cancel().catch(() => {});
  return readCapped(body, MAX_ANSWER_BYTES);
}

/** Sends a Request with a timeout per attempt and the retries above; resolves with the last answer, read and clean. */
export function createTransport({
  fetch: send,
  retry,
  requestTimeoutMs,
  sleep,
  random = Math.random,
  secret,
}: TransportSettings): Transport {
  const { retries = 4, firstBackoffCapMs = 500, maxDelayMs = 20_000 } = retry || { retries: 0 };
  const clean = redactor(secret);
  return async (request, budgetMs = Infinity) => {
    const end = Date.now() + budgetMs;
    const { method, url, signal: caller } = request;
    const where = () => `[${method}] "${url.replace(/\?.*/s, "")}"`;
    // A submit creates a billed task: it is sent again only when Novita surely did not take it.
    const idempotent = method === "GET" || method === "HEAD";
    // Read once, so that every attempt (and a 307/308 redirect) can send it again.
    const body = request.body && (await request.blob());
    const aborted = (sent: boolean) =>
      new ViduAbortError(`${where()} aborted${sent ? advice(method, url, "aborted") : ""}`, {
        cause: caller.reason,
        maybeReceived: sent && !idempotent,
      });
    for (let attempt = 0; ; attempt++) {
      // One controller aborts the attempt: on the caller's abort, or when its timer fires. The timer
      // covers the whole exchange, body included, so a body that stalls halfway times out too.
      const controller = new AbortController();
      const ms = Math.min(requestTimeoutMs, end - Date.now());
      let onAbort: (() => void) | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let answer: [Response, string] | undefined;
      let sent = false; // until the fetch is called and returns, nothing can have left
      try {
        if (caller.aborted) throw caller.reason;
        answer = await new Promise<[Response, string]>((resolve, reject) => {
          // Rejects at once, even when a fetch ignores its signal.
          const stop = (reason: unknown) => (controller.abort(reason), reject(reason));
          onAbort = () => stop(caller.reason);
          caller.addEventListener("abort", onAbort);
          timer = setTimeout(
            () => stop(ms < requestTimeoutMs ? new OutOfTime() : new DOMException("timed out", "TimeoutError")),
            ms,
          );
          const { signal } = controller;
          // A `fetch` option gets the signal in the Request, as documented; the global fetch takes it
          // beside the Request, which costs half as much (fetch copies the Request anyway).
          const sending = send ? send(new Request(request, { body, signal })) : fetch(request, { body, signal });
          sent = true;
          sending
            .then(async (response): Promise<[Response, string]> => {
              const text = await readAnswer(response);
              const { status, ok } = response;
              const problem = (reason: string, detail: string) =>
                apiError({ method, url, status, body: "" }, [reason, detail]);
              if (text === undefined)
                throw problem("RESPONSE_TOO_LARGE", `the answer is larger than ${MAX_ANSWER_BYTES >> 20} MB`);
              if (ok && text && !isJson(text))
                throw problem("MALFORMED_RESPONSE", `the answer is not JSON: ${clean(text).slice(0, 100)}`);
              return [response, text];
            })
            .then(resolve, reject);
        });
      } catch (error) {
        if (caller.aborted) throw caller.reason instanceof OutOfTime ? caller.reason : aborted(sent);
        if (error instanceof OutOfTime || error instanceof ViduError) throw error;
        const timedOut = controller.signal.aborted; // the caller did not abort: the timeout did
        const cause = connectionCause(error);
        const notSent = !sent || (!timedOut && NOT_SENT.test(cause.code));
        if (attempt >= retries || !(idempotent || notSent)) {
          const what = timedOut ? `timed out after ${requestTimeoutMs} ms` : `failed (${clean(cause.text)})`;
          throw new ViduConnectionError(`${where()} ${what}${advice(method, url, notSent ? "unsent" : "unanswered")}`, {
            maybeReceived: !notSent,
            timedOut,
            cause: error,
          });
        }
      } finally {
        clearTimeout(timer);
        caller.removeEventListener("abort", onAbort!);
      }
      if (answer) {
        const [response, text] = answer;
        const { status, statusText, headers } = response;
        if (!RETRYABLE_STATUS.includes(status) || attempt >= retries || !(idempotent || status === 429)) {
          const head = new Headers(headers);
          // The text is decoded and whole: the original encoding and length no longer describe it.
          head.delete("content-encoding");
          head.delete("content-length");
          const none = status === 204 || status === 205 || status === 304;
          const read = new Response(none ? null : clean(text), { status, statusText, headers: head });
          // As a fetched Response says where it came from (a built one says nothing).
          return Object.defineProperty(read, "url", { value: response.url || url });
        }
      }
      const asked = retryAfterMs(answer?.[0].headers.get("retry-after") ?? null, Date.now());
      const backoff = random() * Math.min(maxDelayMs, firstBackoffCapMs * 2 ** attempt);
      // A backoff that would outlast the deadline ends with it.
      await sleep(Math.min(maxDelayMs, asked ?? backoff, end - Date.now()), caller).catch(() => {
        throw caller.reason instanceof OutOfTime ? caller.reason : aborted(false);
      });
      if (Date.now() >= end) throw new OutOfTime();
    }
  };
}

const isJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};
