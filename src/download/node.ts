// Saving a video to a file in Node: the checked stream of ./core.ts written beside the destination under a
// temporary name, and moved into place only when whole. Every failure or abort removes the partial file;
// an existing file is replaced only when asked.
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { link, lstat, rename, rm } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { ViduError } from "../client/errors.js";
import { option } from "../client/options.js";
import { fetchVideo } from "./core.js";
import { checkFetchOptions, type FetchVideoOptions, type VideoSource } from "./options.js";
import { ViduDownloadError } from "./errors.js";

export interface DownloadVideoOptions extends FetchVideoOptions {
  /** Replace `file` when it exists. Default false: an existing file is refused, untouched. */
  overwrite?: boolean;
}

export interface SavedVideo {
  /** The absolute path written. */
  file: string;
  bytes: number;
  /** The video type its first bytes show (`mp4`, …), when the spec names it. */
  type: string | undefined;
}

const exists = (path: string) =>
  lstat(path).then(
    () => true,
    () => false,
  );
const refuseExisting = (file: string) =>
  new ViduDownloadError(`${file} exists: pass { overwrite: true } to replace it, or choose another file`, {
    reason: "FILE_EXISTS",
  });

/**
 * Downloads a task's video (a task result, one of its `videos[]`, or a URL) to `file`, checked as
 * `fetchVideo` checks it. Resolves once the whole video is in place.
 * @throws ViduDownloadError (what went wrong, in `reason`), ViduAbortError, or ViduValidationError for a bad option.
 */
export async function downloadVideo(
  source: VideoSource,
  file: string,
  options: DownloadVideoOptions = {},
): Promise<SavedVideo> {
  checkFetchOptions(options);
  const { overwrite = false } = options;
  if (typeof overwrite !== "boolean") throw option("overwrite", "overwrite must be true or false");
  if (typeof file !== "string" || file === "") throw option("file", "file must be a path");
  const target = resolve(file);
  if (!overwrite && (await exists(target))) throw refuseExisting(target);
  const video = await fetchVideo(source, options);
  const part = join(dirname(target), `.${basename(target)}.${randomUUID().slice(0, 8)}.part`);
  let bytes = 0;
  try {
    const body = Readable.fromWeb(video.stream as NodeReadableStream<Uint8Array>);
    body.on("data", (chunk: Uint8Array) => (bytes += chunk.length));
    await pipeline(body, createWriteStream(part, { flags: "wx" })).catch((error: unknown) => {
      if (error instanceof ViduError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      throw new ViduDownloadError(`${target} cannot be written (${code ?? String(error)}): check the folder`, {
        reason: "FILE_WRITE",
        cause: error,
      });
    });
    await place(part, target, overwrite);
    return { file: target, bytes, type: video.type };
  } catch (error) {
    void video.stream.cancel().catch(() => {});
    throw error;
  } finally {
    await rm(part, { force: true });
  }
}

/** Moves the finished file into place; without `overwrite`, a file that appeared meanwhile is kept. */
async function place(part: string, target: string, overwrite: boolean) {
  if (overwrite) return rename(part, target);
  // A hard link fails when the target exists, with no window between a check and the move.
  await link(part, target).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code === "EEXIST") throw refuseExisting(target);
    // A file system without hard links: check, then move.
    if (await exists(target)) throw refuseExisting(target);
    await rename(part, target);
  });
}
