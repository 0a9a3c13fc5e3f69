// The client's transport, given to openapi-fetch as its `fetch`: everything the client sends
// (submit, the task result, `vidu.api`) goes through it. It adds what openapi-fetch does not: a
// timeout per attempt, retries that never bill a task twice, `Retry-After`, and answers read as
// untrusted (bounded in size, the key taken out, a success that is not JSON refused). It returns one
// Response, built once from the text it read, for openapi-fetch to parse.
import {
  advice,
  apiError,
  connectionCause,
  ViduAbortError,
  ViduConnectionError,
  type Outcome,
} from "../client/errors.js";
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

/**
 * Answers worth another try: 408 Request Timeout, 429 Too Many Requests, 500 Internal Server Error,
 * 502 Bad Gateway, 503 Service Unavailable, 504 Gateway Timeout. (Of these, only a 429 sends a submit
 * again.) The video download retries them too.
 */
export const RETRYABLE_STATUS = [408, 429, 500, 502, 503, 504];
/** Node's codes for connections that failed before a byte of the request was sent. */
const NOT_SENT = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|CONNECT_TIMEOUT|UNREACH|CERT|ERR_TLS/;

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date), if it is present and valid. */
export function retryAfterMs(header: string | null | undefined, now: number): number | undefined {
  const ms = header ? (Number.isNaN(+header) ? Date.parse(header) - now : +header * 1000) : NaN;
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}

/** The client's checked options the transport works by. */
export interface TransportSettings {
  retry: RetryOptions | false;
  /** Timeout of each attempt (connection, answer and body), in ms. */
  requestTimeoutMs: number;
  /** Taken out of every answer: a server or proxy page that echoes the key must not spread it. */
  apiKey: string;
}

/** fetch's signature, as openapi-fetch calls it; `budgetMs` bounds every attempt and backoff together. */
export type Transport = (request: Request, budgetMs?: number) => Promise<Response>;

/** Replaces `secret` in a text; a secret shorter than 8 characters (a mock's "any") would only garble it. */
export const redactor = (secret: string) => {
  // JSON may spell the key with escapes (`\u0073k…`): read as JSON, an answer shows the key in its
  // shortest spelling, the one JSON.stringify writes, which is then replaced like the plain one.
  const spellings = [secret, JSON.stringify(secret).slice(1, -1)];
  const replace = (text: string) => spellings.reduce((t, s) => t.replaceAll(s, "[redacted]"), text);
  return (text: string) => {
    if (secret.length < 8) return text;
    text = replace(text);
    if (!text.includes("\\")) return text;
    try {
      // Rewritten in its shortest spelling only when that shows the key; otherwise kept as it came.
      const normal = JSON.stringify(JSON.parse(text));
      const clean = replace(normal);
      return clean === normal ? text : clean;
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

/**
 * The class of the Response the transport returns, built once from the text it read. Its body is
 * that text, held as a string: `text()` and `json()` read it without a stream, and a stream is made
 * only for a caller that asks for `body` (or another reader), which then reads it as from any
 * Response. It is defined on the first answer, not on import: extending Response reads it, which
 * makes Node load its fetch (some 12 ms, on a cold import that is otherwise 8).
 */
const defineAnswer = () =>
  class Answer extends Response {
    readonly #text: string;
    readonly #url: string;
    #used = false;
    #full: Response | undefined;

    /** `init` is the answer as fetched (or the Answer cloned): its status, status text and headers are copied. */
    constructor(text: string, init: ResponseInit, url: string) {
      // An answer with no body (204, 205, 304) is read as "" and built with none.
      super(null, init);
      // The text is decoded and whole: the original encoding and length no longer describe it.
      this.headers.delete("content-encoding");
      this.headers.delete("content-length");
      this.#text = text;
      this.#url = url; // as a fetched Response says where it came from (a built one says nothing)
    }

    /** The same answer as an ordinary Response, made once, for every reader but text() and json(). */
    #asResponse() {
      if (!this.#full) {
        if (this.#used) {
          // Already read as text: a Response read at once is used too, and refuses every later read
          // with the platform's own TypeError. It has a body ("", not none) so that it can be used at all.
          (this.#full = new Response("")).text().catch(() => {});
        } else this.#full = new Response(this.#text || null, this);
      }
      return this.#full;
    }

    override get url() {
      return this.#url;
    }
    override get body() {
      return this.#text ? this.#asResponse().body : null;
    }
    override get bodyUsed() {
      return this.#full ? this.#full.bodyUsed : this.#used;
    }
    override async text() {
      // Read once as the text it holds; a later read goes to the Response, which refuses it as used.
      if (this.#full || this.#used) return this.#asResponse().text();
      this.#used = true;
      return this.#text;
    }
    override async json() {
      return JSON.parse(await this.text());
    }
    override async arrayBuffer() {
      return this.#asResponse().arrayBuffer();
    }
    override async blob() {
      return this.#asResponse().blob();
    }
    override async bytes() {
      return this.#asResponse().bytes();
    }
    override async formData() {
      return this.#asResponse().formData();
    }
    override clone(): Response {
      // A used answer is not cloned: the Response it is throws the platform's TypeError.
      if (this.bodyUsed) return this.#asResponse().clone();
      return new Answer(this.#text, this, this.#url);
    }
  };
let Answer: ReturnType<typeof defineAnswer> | undefined;

/** An answer and its text, or undefined when it is too large to read. */
type Read = [Response, string | undefined];

/**
 * Sends a Request with a timeout per attempt and the retries above; resolves with the last answer,
 * read and clean. `send` is any function with fetch's signature (called with one Request, which
 * carries the attempt's signal), else the global fetch; `sleep` waits between attempts.
 */
export function createTransport(
  { retry, requestTimeoutMs, apiKey }: TransportSettings,
  send: ((request: Request) => Promise<Response>) | undefined,
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
): Transport {
  const { retries = 4, firstBackoffCapMs = 500, maxDelayMs = 20_000 } = retry || { retries: 0 };
  const clean = redactor(apiKey);
  return async (request, budgetMs = Infinity) => {
    const end = Date.now() + budgetMs;
    const { method, url, signal: caller } = request;
    // A submit creates a billed task: it is sent again only when Novita surely did not take it.
    const idempotent = method === "GET" || method === "HEAD";
    // Read once, so that every attempt (and a 307/308 redirect) can send it again.
    const body = request.body && (await request.blob());
    /** What a message says of a request that got no answer: which one, what happened, and the advice. */
    const unanswered = (what: string, outcome?: Outcome) =>
      `[${method}] "${url.replace(/\?.*/s, "")}" ${what}${outcome ? advice(method, url, outcome) : ""}`;
    for (let attempt = 0; ; attempt++) {
      // One controller aborts the attempt: on the caller's abort, or when its timer fires. The timer
      // covers the whole exchange, body included, so a body that stalls halfway times out too.
      const controller = new AbortController();
      const ms = Math.min(requestTimeoutMs, end - Date.now());
      let onAbort: (() => void) | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let answer: Read | undefined;
      let sent = false; // until the fetch is called and returns, nothing can have left
      try {
        if (caller.aborted) throw caller.reason;
        answer = await new Promise<Read>((resolve, reject) => {
          // Rejects at once, even when a fetch ignores its signal.
          const stop = (reason: unknown) => (controller.abort(reason), reject(reason));
          caller.addEventListener("abort", (onAbort = () => stop(caller.reason)));
          timer = setTimeout(() => stop(new DOMException("timed out", "TimeoutError")), ms);
          const { signal } = controller;
          // A `fetch` option gets the signal in the Request, as documented; the global fetch takes it
          // beside the Request, which costs half as much (fetch copies the Request anyway).
          const sending = send ? send(new Request(request, { body, signal })) : fetch(request, { body, signal });
          sent = true;
          sending.then(async (response): Promise<Read> => [response, await readAnswer(response)]).then(resolve, reject);
        });
      } catch (error) {
        if (caller.aborted)
          throw new ViduAbortError(unanswered("aborted", sent ? "aborted" : undefined), {
            cause: caller.reason,
            maybeReceived: sent && !idempotent,
          });
        const timedOut = controller.signal.aborted; // the caller did not abort: the timeout did
        // A timeout the wait's deadline set is the wait's to report.
        if (timedOut && ms < requestTimeoutMs) throw new OutOfTime();
        const [code, why] = connectionCause(error);
        const notSent = !sent || (!timedOut && NOT_SENT.test(code));
        if (attempt >= retries || !(idempotent || notSent))
          throw new ViduConnectionError(
            unanswered(
              timedOut ? `timed out after ${requestTimeoutMs} ms` : `failed (${clean(why)})`,
              notSent ? "unsent" : "unanswered",
            ),
            { maybeReceived: !notSent, timedOut, cause: error },
          );
      } finally {
        clearTimeout(timer);
        caller.removeEventListener("abort", onAbort!);
      }
      if (answer) {
        const [response, text] = answer;
        const { status, ok } = response;
        const problem = (reason: string, detail: string) => apiError(method, url, status, undefined, [reason, detail]);
        if (text === undefined)
          throw problem("RESPONSE_TOO_LARGE", `the answer is larger than ${MAX_ANSWER_BYTES >> 20} MB`);
        if (ok && text)
          try {
            JSON.parse(text);
          } catch {
            throw problem("MALFORMED_RESPONSE", `the answer is not JSON: ${clean(text).slice(0, 100)}`);
          }
        if (!RETRYABLE_STATUS.includes(status) || attempt >= retries || !(idempotent || status === 429))
          return new (Answer ??= defineAnswer())(clean(text), response, response.url || url);
      }
      const asked = retryAfterMs(answer?.[0].headers.get("retry-after"), Date.now());
      const backoff = Math.random() * Math.min(maxDelayMs, firstBackoffCapMs * 2 ** attempt);
      // A backoff that would outlast the deadline ends with it.
      await sleep(Math.min(maxDelayMs, asked ?? backoff, end - Date.now()), caller).catch(() => {
        throw new ViduAbortError(unanswered("aborted"), { cause: caller.reason, maybeReceived: false });
      });
      if (Date.now() >= end) throw new OutOfTime();
    }
  };
}
