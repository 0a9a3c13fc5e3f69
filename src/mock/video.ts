// The video a finished mock task plays: the clip of the aspect ratio it asked for (or its model's
// default), lasting the seconds it asked for. The clips (generated/mock-videos.js, one per ratio the
// spec lists) hold one frame; its sample duration and the header durations are rewritten here, so
// 16 durations of 5 ratios cost 5 clips of a few KB.
import { FALLBACK, MOCK_VIDEOS, VIDEO_DEFAULTS, type MockAspectRatio } from "../../generated/mock-videos.js";

/** What a task's video shows. */
export interface VideoShape {
  aspectRatio: string;
  /** Whole seconds. */
  duration: number;
}

/** Boxes that hold others on the way from the top of the file to the sample table. */
const CONTAINERS = new Set(["moov", "trak", "mdia", "minf", "stbl"]);
/** Where the 32-bit duration and timescale of a version 0 box sit, from the box's start (tkhd counts in mvhd's scale). */
const DURATION_AT = { mvhd: 24, tkhd: 28, mdhd: 24 } as const;
const TIMESCALE_AT = { mvhd: 20, mdhd: 20 } as const;
const LONGEST_SECONDS = 3600;

const decoded = new Map<string, Uint8Array>();
const clipOf = (ratio: MockAspectRatio) => {
  let bytes = decoded.get(ratio);
  if (!bytes) decoded.set(ratio, (bytes = Uint8Array.from(atob(MOCK_VIDEOS[ratio]), (c) => c.charCodeAt(0))));
  return bytes;
};

/** Where each box of interest starts (its size field), found by walking the boxes within bounds. */
function findBoxes(bytes: Uint8Array): Map<string, number> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = new Map<string, number>();
  const walk = (start: number, end: number) => {
    for (let at = start; at + 8 <= end;) {
      const size = view.getUint32(at);
      const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
      if (size < 8 || at + size > end) throw new Error(`the clip's ${type} box at ${at} has a bad size ${size}`);
      if (CONTAINERS.has(type)) walk(at + 8, at + size);
      else if (!found.has(type)) found.set(type, at);
      at += size;
    }
  };
  walk(0, bytes.length);
  return found;
}

/** A copy of a one-frame clip that lasts `seconds`: its frame's duration and the movie's, track's and media's. */
export function withDuration(clip: Uint8Array, seconds: number): Uint8Array {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > LONGEST_SECONDS)
    throw new RangeError(`a mock video lasts a whole number of seconds from 1 to ${LONGEST_SECONDS}, not ${seconds}`);
  const bytes = new Uint8Array(clip); // a copy, whatever view (a Node Buffer of a shared pool) it was given
  const view = new DataView(bytes.buffer);
  const boxes = findBoxes(bytes);
  const at = (type: string) => {
    const start = boxes.get(type);
    if (start === undefined) throw new Error(`the clip has no ${type} box`);
    if (type !== "stts" && bytes[start + 8] !== 0) throw new Error(`the clip's ${type} is not a version 0 box`);
    return start;
  };
  const movieScale = view.getUint32(at("mvhd") + TIMESCALE_AT.mvhd);
  const mediaScale = view.getUint32(at("mdhd") + TIMESCALE_AT.mdhd);
  view.setUint32(at("mvhd") + DURATION_AT.mvhd, seconds * movieScale);
  view.setUint32(at("tkhd") + DURATION_AT.tkhd, seconds * movieScale);
  view.setUint32(at("mdhd") + DURATION_AT.mdhd, seconds * mediaScale);
  // stts: version and flags, the entry count, then (sample count, sample duration) pairs.
  const stts = at("stts");
  if (view.getUint32(stts + 12) !== 1 || view.getUint32(stts + 16) !== 1)
    throw new Error("the clip must hold exactly one frame");
  view.setUint32(stts + 20, seconds * mediaScale);
  return bytes;
}

/** The clip of the spec's ratio nearest to `width:height` (any ratio Q2's free-text field takes), else the fallback's. */
function nearestRatio(asked: string): MockAspectRatio {
  const ratios = Object.keys(MOCK_VIDEOS) as MockAspectRatio[];
  if (ratios.includes(asked as MockAspectRatio)) return asked as MockAspectRatio;
  const parts = /^\s*(\d{1,5}(?:\.\d{1,5})?)\s*[:x/]\s*(\d{1,5}(?:\.\d{1,5})?)\s*$/.exec(asked);
  const [w, h] = [Number(parts?.[1]), Number(parts?.[2])];
  if (!(w > 0 && h > 0)) return FALLBACK.aspectRatio as MockAspectRatio;
  const distance = (ratio: string) => {
    const [rw = 1, rh = 1] = ratio.split(":").map(Number);
    return Math.abs(Math.log(w / h) - Math.log(rw / rh));
  };
  return ratios.reduce((best, ratio) => (distance(ratio) < distance(best) ? ratio : best));
}

/** What a task of `model` with this body shows: the asked aspect ratio and duration, else the model's defaults. */
export function videoShape(model: string, body: Record<string, unknown>): VideoShape {
  const defaults = VIDEO_DEFAULTS[model] ?? FALLBACK;
  const { aspect_ratio: ratio, duration } = body;
  return {
    aspectRatio: nearestRatio(typeof ratio === "string" ? ratio : defaults.aspectRatio),
    duration:
      Number.isInteger(duration) && (duration as number) >= 1
        ? Math.min(duration as number, LONGEST_SECONDS)
        : defaults.duration,
  };
}

/** The MP4 of a shape; the same bytes for the same shape. */
export const mockVideo = ({ aspectRatio, duration }: VideoShape): Uint8Array =>
  withDuration(clipOf(nearestRatio(aspectRatio)), duration);
