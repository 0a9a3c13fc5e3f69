// Turns images from wherever a caller has them into what the API takes (an http(s) URL or a base64
// data URI), checking the spec's format and 50 MB limits before anything is sent (the 20 MB body
// limit is the generated validators' to check). Runs in browsers and workers: no `node:` import (file paths: see ./node.ts).
import { IMAGE_FORMATS, MAX_IMAGE_BYTES } from "../../generated/constants.js";
import { type Check, dataBytes } from "../../generated/models/_runtime.js";
import { invalid } from "../client/errors.js";
import { HEAD_BYTES, imageSize } from "./image-size.js";

/**
 * The limits a page states on one image input: `IMAGE_LIMITS[component]` of the field's component in
 * the spec. Only the limits given are checked (an image input whose page states none,
 * `IMAGE_LIMITS.ImageInputOpen`, refuses nothing); the validators check the sizes again on the body.
 */
export interface ImageLimits {
  readonly imageFormats?: readonly string[];
  readonly maxImageBytes?: number;
  readonly maxInlineImageBytes?: number;
  readonly aspectRatioRange?: readonly number[];
  readonly minImagePixels?: number;
}

/** The validators' size checks for the limits given (the same the compiler emits for the spec's `x-` keys). */
function sizeChecks({ maxImageBytes, maxInlineImageBytes }: ImageLimits): Check[] {
  return [
    ...(maxImageBytes === undefined ? [] : [dataBytes(maxImageBytes)]),
    ...(maxInlineImageBytes === undefined ? [] : [dataBytes(maxInlineImageBytes, "InlineImageBytes")]),
  ];
}

const ratioText = (r: number) => (r >= 1 ? `${r}:1` : `1:${1 / r}`);

/**
 * Refuses an inline image (`data:image/<format>;base64,…`, whose first bytes are `head`) that breaks
 * one of `limits`, naming the rule: its format, its decoded size, and its pixel size read from its
 * header (an image whose header cannot be read is not checked for pixels).
 * @throws ViduValidationError
 */
export function checkImageLimits(uri: string, head: Uint8Array, format: string, limits: ImageLimits, field: string) {
  const { imageFormats, minImagePixels: min, aspectRatioRange: ratio } = limits;
  if (imageFormats && !imageFormats.includes(format))
    fail(field, "imageFormats", `must be one of ${imageFormats.join(", ")} (it is ${format})`);
  const issues: { field: string; rule: string; message: string }[] = [];
  for (const check of sizeChecks(limits)) check(uri, field, issues);
  if (issues.length > 0) throw invalid("image", issues);
  const size = min === undefined && ratio === undefined ? undefined : imageSize(head);
  if (!size) return;
  const { width, height } = size;
  if (min !== undefined && (width < min || height < min))
    fail(field, "minImagePixels", `must be at least ${min}×${min} pixels (it is ${width}×${height})`);
  if (ratio?.length === 2 && (width / height < ratio[0]! || width / height > ratio[1]!))
    fail(
      field,
      "aspectRatioRange",
      `must have an aspect ratio between ${ratioText(ratio[0]!)} and ${ratioText(ratio[1]!)} (it is ${width}×${height})`,
    );
}

/** An image as a caller may hold it. */
export type ImageSource = string | Blob | Uint8Array | ArrayBuffer;

const MB = 1024 * 1024;
type ImageFormat = (typeof IMAGE_FORMATS)[number];
const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
const jpeg = (b: Uint8Array) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
/**
 * The signature of each format the spec lists (`x-image-formats`): keyed by the spec's own list, so a
 * format added there does not compile until its signature is here, and is never advertised and refused.
 */
const SIGNATURES: Record<ImageFormat, (b: Uint8Array) => boolean> = {
  png: (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47,
  jpeg,
  jpg: jpeg,
  webp: (b) => ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP",
};
/** Enough leading bytes for every signature above. */
const SIGNATURE_BYTES = 12;

/** The image format of these bytes, by their signature, or undefined for anything the API does not take. */
export function sniffImageFormat(bytes: Uint8Array): string | undefined {
  return IMAGE_FORMATS.find((format) => SIGNATURES[format](bytes));
}

/** The first bytes a base64 text decodes to (enough for a signature), or nothing when it is not base64. */
function leadingBytes(base64: string, count = SIGNATURE_BYTES): Uint8Array {
  const head = base64.slice(0, Math.ceil(count / 3) * 4);
  try {
    return Uint8Array.from(atob(head), (c) => c.charCodeAt(0));
  } catch {
    return new Uint8Array();
  }
}

/** Bytes a base64 data URI decodes to. */
const dataUriBytes = (uri: string) => {
  const base64 = uri.slice(uri.indexOf(",") + 1);
  return Math.floor((base64.length * 3) / 4) - (base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0);
};

function fail(field: string, rule: string, message: string): never {
  throw invalid("image", [{ field, rule, message: `${field} ${message}` }]);
}

/** The bytes of an ArrayBuffer or a view, unless the buffer was detached (transferred to a worker, say). */
function bufferBytes(source: Uint8Array | ArrayBuffer, field: string): Uint8Array {
  try {
    // A detached buffer (and every view of it) reads as 0 bytes; slicing it throws instead.
    (source instanceof Uint8Array ? source.buffer : source).slice(0, 0);
  } catch {
    fail(field, "readable", "cannot be read: its ArrayBuffer was detached (transferred elsewhere)");
  }
  return source instanceof Uint8Array ? source : new Uint8Array(source);
}

/** A Blob's bytes; reading one fails when its backing file changed or went away after it was opened. */
async function blobBytes(blob: Blob, field: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await blob.arrayBuffer());
  } catch (error) {
    const why = error instanceof Error ? ` (${error.name})` : "";
    fail(field, "readable", `cannot be read${why}: its file changed or was removed after the Blob was made`);
  }
}

function toBase64(bytes: Uint8Array): string {
  const { Buffer } = globalThis as { Buffer?: { from(b: Uint8Array): { toString(e: string): string } } };
  if (Buffer) return Buffer.from(bytes).toString("base64");
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Returns an image as the API takes it: http(s) URLs unchanged (the API downloads them), data URIs
 * and bytes checked and encoded as `data:image/<format>;base64,…`. Given the `limits` of the field's
 * page (`IMAGE_LIMITS[component]`), an inline image that breaks one is refused before anything is sent.
 * @throws ViduValidationError for an unsupported format, an image over 50 MB, or an unreadable source.
 */
export async function toImageInput(source: ImageSource, field = "image", limits?: ImageLimits): Promise<string> {
  if (typeof source === "string") {
    // Scheme and media type are case-insensitive, the spec's pattern is not: they are sent in lower case.
    const url = /^(https?):\/\//i.exec(source);
    if (url) return url[1]!.toLowerCase() + source.slice(url[1]!.length);
    const data = /^data:image\/([a-z0-9.+-]+);base64,/i.exec(source);
    if (!data) fail(field, "pattern", "must be an http(s) URL, a base64 data:image URI, a Blob or bytes");
    const declared = data[1]!.toLowerCase() as ImageFormat;
    if (!IMAGE_FORMATS.includes(declared)) {
      fail(field, "format", `must be one of ${IMAGE_FORMATS.join(", ")} (got ${data[1]})`);
    }
    const base64 = source.slice(data[0].length);
    // Linear: one character class and a bounded tail.
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) fail(field, "pattern", "must hold base64 after the comma");
    if (dataUriBytes(source) > MAX_IMAGE_BYTES) fail(field, "maxBytes", `must be at most ${MAX_IMAGE_BYTES / MB} MB`);
    // The declared type is only a claim: the bytes must carry its signature.
    const bytes = leadingBytes(base64);
    if (!SIGNATURES[declared](bytes)) {
      const actual = sniffImageFormat(bytes);
      fail(
        field,
        "format",
        `says image/${declared} but its bytes are ${actual ? `a ${actual} image` : "not an image of that format"}`,
      );
    }
    const prefix = `data:image/${declared};base64,`;
    const uri = data[0] === prefix ? source : prefix + base64;
    if (limits) checkImageLimits(uri, leadingBytes(base64, HEAD_BYTES), declared, limits, field);
    return uri;
  }
  if (!(source instanceof Blob || source instanceof Uint8Array || source instanceof ArrayBuffer))
    fail(field, "type", "must be an http(s) URL, a base64 data:image URI, a Blob or bytes");
  const size = source instanceof Blob ? source.size : source.byteLength;
  if (size > MAX_IMAGE_BYTES)
    fail(field, "maxBytes", `must be at most ${MAX_IMAGE_BYTES / MB} MB (got ${(size / MB).toFixed(1)} MB)`);
  const bytes = source instanceof Blob ? await blobBytes(source, field) : bufferBytes(source, field);
  const format = sniffImageFormat(bytes);
  if (!format) fail(field, "format", `must be a ${IMAGE_FORMATS.join(", ")} image`);
  const uri = `data:image/${format};base64,${toBase64(bytes)}`;
  if (limits) checkImageLimits(uri, bytes.subarray(0, HEAD_BYTES), format, limits, field);
  return uri;
}
