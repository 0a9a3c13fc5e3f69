// Telling a video from what is not one: by its Content-Type (an error page, an API error) and by its
// first bytes, against the video types the spec names.
import type { components } from "../../generated/schema.js";

type VideoTypeKnown = components["schemas"]["VideoTypeKnown"];

/** Content types of an error page or an API error, never of a video. */
export const TEXTUAL = /^\s*(text\/|application\/(json|xml|xhtml\+xml|javascript)\b|[^;]*\+(json|xml)\b)/i;

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
/**
 * The signature of each video type the spec names (`VideoTypeKnown`): keyed by the spec's own type, so a
 * type added there does not compile until its signature is here.
 */
const SIGNATURES: Record<VideoTypeKnown, (b: Uint8Array) => boolean> = {
  mp4: (b) => ascii(b, 4, 8) === "ftyp",
  gif: (b) => /^GIF8[79]a$/.test(ascii(b, 0, 6)),
};
export const VIDEO_TYPES = Object.keys(SIGNATURES) as VideoTypeKnown[];
/** Enough leading bytes for every signature above. */
export const SIGNATURE_BYTES = 12;

/** The video type of these leading bytes, or undefined for anything that is not a video the spec names. */
export const sniffVideoType = (bytes: Uint8Array): VideoTypeKnown | undefined =>
  VIDEO_TYPES.find((type) => SIGNATURES[type](bytes));
