// The Node entry: what needs the file system. Everything of the core entry is re-exported.
import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { MAX_IMAGE_BYTES } from "../generated/constants.js";
import { invalid } from "./client/errors.js";
import { type ImageLimits, toImageInput } from "./inputs/image.js";

export * from "./index.js";
export { downloadVideo, type DownloadVideoOptions, type SavedVideo } from "./download/node.js";
export { toNodeHandler, type NodeRequest, type NodeResponse } from "./webhook/node.js";

const WHY: Record<string, string> = {
  ENOENT: "does not exist",
  EISDIR: "is a directory, not a file",
  EACCES: "cannot be read (permission denied)",
  EPERM: "cannot be read (permission denied)",
};

/**
 * Reads an image file and returns it as a base64 data URI the API takes, after checking that it is a
 * regular file (a FIFO or a device would hang or never end), its size, and its format; with the
 * `limits` of the field's page (`IMAGE_LIMITS[component]`), those limits too.
 * @throws ViduValidationError for a missing, unreadable or special file, an unsupported format or an image over 50 MB.
 */
export async function imageFromFile(path: string, field = path, limits?: ImageLimits): Promise<string> {
  const refuse = (rule: string, reason: string) => invalid("image", [{ field, rule, message: `${field} ${reason}` }]);
  const unreadable = (error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    return refuse("file", (Object.hasOwn(WHY, code) ? WHY[code] : undefined) ?? "cannot be read");
  };
  const tooBig = () => refuse("maxBytes", `must be at most ${MAX_IMAGE_BYTES / 1024 / 1024} MB`);
  if (typeof path !== "string")
    throw invalid("image", [{ field: "path", rule: "type", message: "path must be a string" }]);
  let file: Awaited<ReturnType<typeof open>>;
  try {
    // O_NONBLOCK: opening a FIFO with no writer would otherwise block before fstat can refuse it.
    file = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw unreadable(error);
  }
  try {
    const info = await file.stat().catch((error: unknown) => {
      throw unreadable(error);
    });
    if (info.isDirectory()) throw refuse("file", WHY["EISDIR"]!);
    if (!info.isFile()) throw refuse("file", "is not a regular file");
    if (info.size > MAX_IMAGE_BYTES) throw tooBig();
    // Read at most one byte past the limit: a file that grows after the stat is still bounded.
    const buffer = new Uint8Array(Math.min(info.size, MAX_IMAGE_BYTES) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await file.read(buffer, length, buffer.length - length).catch((error: unknown) => {
        throw unreadable(error);
      });
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) {
        // One byte more than the stat said: the file grew while it was read.
        throw length > MAX_IMAGE_BYTES ? tooBig() : refuse("file", "changed while it was read");
      }
    }
    return await toImageInput(buffer.subarray(0, length), field, limits);
  } finally {
    await file.close().catch(() => undefined); // the bytes are read: a failed close loses nothing
  }
}
