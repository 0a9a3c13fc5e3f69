// The download's own error: what went wrong, as a constant a program can branch on, and a message that
// says what to do about it.
import { ViduError } from "../client/errors.js";

/** Why a download failed. */
export type DownloadFailure =
  /** The answer is not a video (an error page, JSON, bytes of no video type the spec names). */
  | "NOT_A_VIDEO"
  /** The server answered with an error status, after any retries. */
  | "HTTP_STATUS"
  /** The link has expired (403/404/410, or past `video_url_ttl`) and could not be refreshed. */
  | "EXPIRED"
  /** Fewer or more bytes arrived than the server announced, or a resumed part did not fit. */
  | "LENGTH_MISMATCH"
  /** No data arrived for `stallMs`. */
  | "STALLED"
  /** The connection failed, after any retries. */
  | "NETWORK"
  /** The destination exists and `overwrite` is not set. */
  | "FILE_EXISTS"
  /** The destination could not be written. */
  | "FILE_WRITE";

/** A video download failed; nothing is left at the destination (no partial file). */
export class ViduDownloadError extends ViduError {
  override name = "ViduDownloadError";
  declare readonly reason: DownloadFailure;
  /** The HTTP status of the last answer, when there was one. */
  declare readonly status: number | undefined;
  /** The host the video was fetched from. */
  declare readonly host: string | undefined;
  constructor(
    message: string,
    fields: { reason: DownloadFailure; status?: number; host?: string; taskId?: string; cause?: unknown },
  ) {
    super(message, fields);
  }
}
