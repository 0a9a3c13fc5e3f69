// Fetching a generated video, checked, in any runtime (no `node:` import): the URL and every answer come
// from the network, so the answer must be a video (by its Content-Type and its first bytes), must be as
// long as it says, and must keep sending data. A reset or a retryable status resumes with `Range`
// (bounded retries, after a backoff or the wait Retry-After asks for); an expired link is swapped for
// a fresh one read with `getResult`.
// The result is a ReadableStream to pipe anywhere; ./node.ts writes it to a file.
import { ViduAbortError, ViduError } from "../client/errors.js";
import { sleep } from "../transport/sleep.js";
import { RETRYABLE_STATUS, retryAfterMs } from "../transport/transport.js";
import { type DownloadFailure, ViduDownloadError } from "./errors.js";
import {
  checkFetchOptions,
  videoUrl,
  targetOf,
  type FetchVideoOptions,
  type VideoDownload,
  type VideoSource,
} from "./options.js";
import { SIGNATURE_BYTES, sniffVideoType, TEXTUAL, VIDEO_TYPES } from "./sniff.js";

const LONGEST_BACKOFF_MS = 30_000;
/** Fresh links read per download: a task whose every link fails is not asked again and again. */
const MOST_REFRESHES = 2;
/** The client's retryable answers, and a CDN's 425 Too Early (a request it will not take as TLS early data). */
const RETRYABLE = [...RETRYABLE_STATUS, 425];
const EXPIRED = new Set([403, 404, 410]);

/** A failure worth another request; `final` is thrown once the retries are spent, `afterMs` is what Retry-After asked. */
class Retryable {
  constructor(
    readonly final: ViduDownloadError,
    readonly afterMs?: number,
  ) {}
}

const lengthOf = (headers: Headers) => {
  const encoding = headers.get("content-encoding");
  const length = headers.get("content-length");
  // A compressed answer's length is not the video's.
  return (!encoding || encoding === "identity") && length && /^\d+$/.test(length) ? Number(length) : undefined;
};

/**
 * Fetches a video and resolves once its answer is checked (a video, by type and first bytes), with a
 * stream of its bytes. Rejects (and the stream errors) with a ViduDownloadError saying what to do, a
 * ViduAbortError when `signal` aborts, or a ViduValidationError for a bad source or option.
 */
export async function fetchVideo(source: VideoSource, options: FetchVideoOptions = {}): Promise<VideoDownload> {
  const { stallMs, retries, retryDelayMs } = checkFetchOptions(options);
  /** The longest wait between tries, a Retry-After's included. */
  const longestMs = Math.max(retryDelayMs, LONGEST_BACKOFF_MS);
  const target = targetOf(source, options.taskId);
  const { taskId } = target;
  const outer = options.signal;
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  let url = target.url;
  let received = 0;
  let total: number | undefined;
  let type: ReturnType<typeof sniffVideoType>;
  let checked = false;
  let validator: string | undefined;
  let refreshes = 0;
  let status: number | undefined;

  const host = () => new URL(url).host;
  const fail = (reason: DownloadFailure, message: string, cause?: unknown) =>
    new ViduDownloadError(`downloading the video from ${host()}: ${message}`, {
      reason,
      host: host(),
      ...(status !== undefined && { status }),
      ...(taskId !== undefined && { taskId }),
      ...(cause !== undefined && { cause }),
    });

  async function refresh(why: string) {
    const { client } = options;
    if (!client || taskId === undefined)
      throw fail("EXPIRED", `${why}: pass { client, taskId } to fetch a fresh link, or read the task again`);
    if (refreshes++ === MOST_REFRESHES)
      throw fail("EXPIRED", `${why}, with each of ${MOST_REFRESHES} fresh links: check the task ${taskId}`);
    const result = await client.getResult(taskId, outer ? { signal: outer } : {});
    const fresh = result.videos?.[0]?.video_url;
    if (!fresh) throw fail("EXPIRED", `${why}, and task ${taskId} has no video now (${result.task.status})`);
    url = videoUrl(fresh);
    // Another host may name the same video's version otherwise: the length alone is compared from now on.
    validator = undefined;
  }

  function check(response: Response) {
    const contentType = response.headers.get("content-type") ?? "";
    if (TEXTUAL.test(contentType))
      throw fail("NOT_A_VIDEO", `the answer is ${contentType.split(";")[0]}, not a video (an error page?)`);
    if (received === 0 || response.status === 200) {
      // A 200 to a resumed request (a server that ignores Range) sends the whole video again: the bytes
      // already delivered are skipped, unless it is another video (another validator or length).
      const length = lengthOf(response.headers);
      const version = versionOf(response.headers);
      if (received > 0 && ((validator && version !== validator) || (total !== undefined && length !== total)))
        throw fail("LENGTH_MISMATCH", "the video changed while it was downloaded: download it again");
      [total, validator] = [length, version];
      return received;
    }
    const range = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(response.headers.get("content-range") ?? "");
    const whole = range?.[2] === "*" ? undefined : Number(range?.[2]);
    if (!range || Number(range[1]) !== received || (total !== undefined && whole !== total))
      throw fail("LENGTH_MISMATCH", `the resumed part does not follow byte ${received}: download it again`);
    total ??= whole;
    return 0;
  }

  /** The first bytes must be a video of the type the task names, or of any type the spec names. */
  function checkHead(head: Uint8Array) {
    const { expected } = target;
    type = sniffVideoType(head);
    checked = true;
    // A type the spec does not name yet has no known signature: its Content-Type was checked.
    if (expected !== undefined && !(VIDEO_TYPES as string[]).includes(expected)) return;
    if (type === undefined || (expected !== undefined && type !== expected))
      throw fail("NOT_A_VIDEO", `the answer's first bytes are not a video (${expected ?? VIDEO_TYPES.join(" or ")})`);
  }

  /** One request from byte `received`: its chunks, checked. */
  async function* attempt(controller: AbortController, stall: { arm(): void; disarm(): void }) {
    const headers: Record<string, string> = { "Accept-Encoding": "identity" };
    if (received > 0) headers["Range"] = `bytes=${received}-`;
    if (received > 0 && validator) headers["If-Range"] = validator;
    stall.arm();
    const response = await send(url, { headers, signal: controller.signal }).catch((error: unknown) => {
      throw new Retryable(fail("NETWORK", `${causeOf(error)}: check the connection, then download again`, error));
    });
    status = response.status;
    // An expired link answers 403/404/410, or a page; with a client, the page is taken for one too.
    const page = status === 200 && TEXTUAL.test(contentTypeOf(response)) && options.client !== undefined;
    if (EXPIRED.has(status) || (page && taskId !== undefined)) {
      void response.body?.cancel().catch(() => {});
      await refresh(`the link answered ${page ? "with a page" : `HTTP ${status}`} (expired?)`);
      return false;
    }
    if (RETRYABLE.includes(status)) {
      void response.body?.cancel().catch(() => {});
      // A server that asks for a longer wait than this download makes is not asked again and again.
      const asked = retryAfterMs(response.headers.get("retry-after"), Date.now());
      if (asked !== undefined && asked > longestMs)
        throw fail(
          "HTTP_STATUS",
          `HTTP ${status}: the server asks to wait ${Math.ceil(asked / 1000)} s: try again then`,
        );
      throw new Retryable(fail("HTTP_STATUS", `HTTP ${status} after ${retries + 1} tries: try again later`), asked);
    }
    if (!response.ok) throw fail("HTTP_STATUS", `HTTP ${status}: the link may be wrong or expired`);
    let skip = check(response);
    const reader = (response.body ?? new Blob([]).stream()).getReader();
    let head: Uint8Array | undefined = checked ? undefined : new Uint8Array();
    try {
      for (;;) {
        stall.arm();
        const next = await reader.read().catch((error: unknown) => {
          throw new Retryable(fail("NETWORK", `the connection broke (${causeOf(error)}): download again`, error));
        });
        stall.disarm();
        let chunk: Uint8Array = next.value ?? new Uint8Array();
        if (skip > 0) [chunk, skip] = [chunk.subarray(skip), Math.max(0, skip - chunk.length)];
        if (head) {
          head = concat(head, chunk);
          if (head.length < SIGNATURE_BYTES && !next.done) continue;
          checkHead(head);
          [chunk, head] = [head, undefined];
        }
        if (chunk.length > 0) {
          received += chunk.length;
          if (total !== undefined && received > total)
            throw fail("LENGTH_MISMATCH", `more than the ${total} bytes announced arrived: download it again`);
          yield chunk;
        }
        if (next.done) break;
      }
    } finally {
      reader.cancel().catch(() => {});
    }
    if (total !== undefined && received < total)
      throw new Retryable(fail("LENGTH_MISMATCH", `the answer ended after ${received} of ${total} bytes`));
    return true;
  }

  async function* chunks(): AsyncGenerator<Uint8Array, void, undefined> {
    if (target.expiresAt !== undefined && Date.now() >= target.expiresAt && options.client)
      await refresh("the link is past its video_url_ttl");
    for (let retry = 0; ;) {
      const controller = new AbortController();
      const stalled = new Error("stalled");
      let timer: ReturnType<typeof setTimeout> | undefined;
      const stall = {
        arm: () => (clearTimeout(timer), (timer = setTimeout(() => controller.abort(stalled), stallMs))),
        disarm: () => clearTimeout(timer),
      };
      const onAbort = () => controller.abort(outer?.reason);
      outer?.addEventListener("abort", onAbort, { once: true });
      try {
        if (outer?.aborted) throw outer.reason;
        if (yield* attempt(controller, stall)) return;
      } catch (error) {
        if (outer?.aborted) throw aborted(outer.reason, taskId);
        if (controller.signal.reason === stalled)
          throw fail("STALLED", `no data for ${stallMs / 1000} s: download again later`);
        if (!(error instanceof Retryable)) throw error instanceof ViduError ? error : fail("NETWORK", causeOf(error));
        if (retry === retries) throw error.final;
        const backoff = error.afterMs ?? Math.min(retryDelayMs * 2 ** retry, longestMs);
        retry++;
        await sleep(backoff, outer).catch((reason: unknown) => {
          throw aborted(reason, taskId);
        });
      } finally {
        stall.disarm();
        outer?.removeEventListener("abort", onAbort);
      }
    }
  }

  const iterator = chunks();
  let pending: IteratorResult<Uint8Array, void> | undefined = await iterator.next();
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = pending ?? (await iterator.next());
          pending = undefined;
          if (next.done) return controller.close();
          controller.enqueue(next.value);
          try {
            options.onProgress?.(received, total);
          } catch (error) {
            throw new ViduError("downloading the video: onProgress threw, so the download stopped", {
              cause: error,
              ...(taskId !== undefined && { taskId }),
            });
          }
        } catch (error) {
          await iterator.return();
          throw error;
        }
      },
      async cancel() {
        await iterator.return();
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, total, type };
}

const contentTypeOf = (response: Response) => response.headers.get("content-type") ?? "";
/** What `If-Range` can name the video's version by: its Last-Modified, or a strong ETag. */
const versionOf = (headers: Headers) => {
  const etag = headers.get("etag");
  return headers.get("last-modified") ?? (etag && !etag.startsWith("W/") ? etag : undefined);
};
const aborted = (reason: unknown, taskId: string | undefined) =>
  new ViduAbortError("the download was aborted; nothing was saved", {
    cause: reason,
    maybeReceived: false,
    ...(taskId !== undefined && { taskId }),
  });

/** The innermost cause of a fetch failure (`ECONNRESET`, `other side closed`), to name it. */
function causeOf(error: unknown): string {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (!(e.cause instanceof Error)) return typeof code === "string" ? `${code}: ${e.message}` : e.message;
  }
  return String(error);
}

function concat(a: Uint8Array, b: Uint8Array) {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}
