// Saving the video: the URL comes from an answer, so it is untrusted. The file is written beside its
// destination under a temporary name and renamed only when whole; a download that stalls, fails or is
// interrupted leaves no partial file, and says how to fetch it again.
import { createWriteStream } from "node:fs";
import { rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { ViduError } from "../client/errors.js";

/** A download is abandoned when no byte arrives for this long, by default. */
export const STALL_SECONDS = 30;

export interface Saved {
  file: string;
  bytes: number;
}

/** The download was stopped by Ctrl-C (the caller exits 130). */
export class Interrupted extends Error {}

/**
 * Downloads `url` to `file`. Rejects with a ViduError on a bad URL, an HTTP error or a stall, and with
 * Interrupted when `signal` aborts; in every case the temporary file is removed.
 */
export async function download(url: string, file: string, stallMs: number, signal: AbortSignal): Promise<Saved> {
  let protocol = "";
  try {
    protocol = new URL(url).protocol;
  } catch {
    // Refused below.
  }
  if (protocol !== "https:" && protocol !== "http:") throw new ViduError("the task's video URL is not an http(s) URL");
  const part = join(dirname(file), `.${basename(file)}.${process.pid}.part`);
  const controller = new AbortController();
  const stalled = new DOMException(`no data for ${stallMs / 1000} s`, "TimeoutError");
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(stalled), stallMs);
  };
  const onAbort = () => controller.abort(signal.reason);
  signal.addEventListener("abort", onAbort);
  arm();
  try {
    const response = await fetch(url, { signal: controller.signal });
    if (!response.ok || !response.body) throw new ViduError(`downloading the video failed: HTTP ${response.status}`);
    const watchdog = new Transform({
      transform(chunk, _, done) {
        arm();
        done(null, chunk);
      },
    });
    const body = Readable.fromWeb(response.body as NodeReadableStream);
    await pipeline(body, watchdog, createWriteStream(part, { flags: "wx" }), { signal: controller.signal });
    await rename(part, file);
    return { file, bytes: (await stat(file)).size };
  } catch (error) {
    await rm(part, { force: true });
    if (signal.aborted) throw new Interrupted("interrupted");
    if (controller.signal.reason === stalled) throw new ViduError(`downloading the video stalled (${stalled.message})`);
    if (error instanceof ViduError) throw error;
    throw new ViduError(`downloading the video failed (${(error as Error).message})`, { cause: error });
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", onAbort);
  }
}
