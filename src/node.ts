// The Node entry: what needs the file system. Everything of the core entry is re-exported.
import { stat, readFile } from "node:fs/promises";
import { MAX_IMAGE_BYTES } from "../generated/constants.js";
import { invalid } from "./errors.js";
import { toImageInput } from "./inputs.js";

export * from "./index.js";

/**
 * Reads an image file and returns it as a base64 data URI the API takes, after checking its size
 * (before reading it) and its format.
 * @throws ViduValidationError for a missing or unreadable file, an unsupported format or an image over 50 MB.
 */
export async function imageFromFile(path: string, field = path): Promise<string> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : "cannot be read";
    throw invalid("image", [{ field, rule: "file", message: `${field} ${reason}` }]);
  }
  if (size > MAX_IMAGE_BYTES) {
    throw invalid("image", [
      { field, rule: "maxBytes", message: `${field} must be at most ${MAX_IMAGE_BYTES / 1024 / 1024} MB` },
    ]);
  }
  return toImageInput(await readFile(path), field);
}
