// The video a finished mock task plays: the clip of the aspect ratio it asked for (or its model's
// default), lasting the seconds it asked for. The clips (generated/mock-videos.js, one per ratio the
// spec lists) hold one frame, which the sample tables here repeat once a second, so 16 durations of
// 5 ratios cost 5 clips of a few KB.
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

/** Where each box of interest starts (its size field), and the containers on the way, found within bounds. */
function findBoxes(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = new Map<string, number>();
  const containers: number[] = [];
  const walk = (start: number, end: number) => {
    for (let at = start; at + 8 <= end;) {
      const size = view.getUint32(at);
      const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
      if (size < 8 || at + size > end) throw new Error(`the clip's ${type} box at ${at} has a bad size ${size}`);
      if (CONTAINERS.has(type)) {
        containers.push(at);
        walk(at + 8, at + size);
      } else if (!found.has(type)) found.set(type, at);
      at += size;
    }
  };
  walk(0, bytes.length);
  return { found, containers };
}

/**
 * The clip's one frame shown once a second for `seconds`: the same sample `seconds` times (one chunk
 * each, every chunk offset pointing at the one frame), so the file grows by 4 bytes a second and a
 * player really plays it that long (a single long frame ends at once in Chromium).
 */
export function withDuration(clip: Uint8Array, seconds: number): Uint8Array {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > LONGEST_SECONDS)
    throw new RangeError(`a mock video lasts a whole number of seconds from 1 to ${LONGEST_SECONDS}, not ${seconds}`);
  const source = new DataView(clip.buffer, clip.byteOffset, clip.byteLength);
  const { found, containers } = findBoxes(clip);
  const at = (type: string) => {
    const start = found.get(type);
    if (start === undefined) throw new Error(`the clip has no ${type} box`);
    if (clip[start + 8] !== 0) throw new Error(`the clip's ${type} is not a version 0 box`);
    return start;
  };
  // stts (count, duration pairs), stsz (one size for all, count) and stco (offsets) of exactly one frame.
  const [stts, stsz, stco] = [at("stts"), at("stsz"), at("stco")];
  const single = [stts + 12, stts + 16, stsz + 16, stco + 12].every((count) => source.getUint32(count) === 1);
  if (!single || source.getUint32(stsz + 12) === 0 || source.getUint32(stco) !== 20)
    throw new Error("the clip must hold exactly one frame");
  const end = stco + 20; // after stco's one offset: where the other offsets go
  const frameAt = source.getUint32(stco + 16);
  const [mvhd, tkhd, mdhd] = [at("mvhd"), at("tkhd"), at("mdhd")];
  if (frameAt < end || Math.max(mvhd, tkhd, mdhd, stts, stsz) > end)
    throw new Error("the clip's media must come after its index");
  const grown = 4 * (seconds - 1);
  const bytes = new Uint8Array(clip.length + grown);
  bytes.set(clip.subarray(0, end));
  bytes.set(clip.subarray(end), end + grown);
  const view = new DataView(bytes.buffer);
  for (const container of containers)
    if (container < end && container + source.getUint32(container) >= end)
      // the boxes that hold stco
      view.setUint32(container, source.getUint32(container) + grown);
  view.setUint32(stco, source.getUint32(stco) + grown);
  view.setUint32(stco + 12, seconds);
  for (let i = 0; i < seconds; i++) view.setUint32(stco + 16 + 4 * i, frameAt + grown);
  const movieScale = source.getUint32(mvhd + TIMESCALE_AT.mvhd);
  const mediaScale = source.getUint32(mdhd + TIMESCALE_AT.mdhd);
  view.setUint32(mvhd + DURATION_AT.mvhd, seconds * movieScale);
  view.setUint32(tkhd + DURATION_AT.tkhd, seconds * movieScale);
  view.setUint32(mdhd + DURATION_AT.mdhd, seconds * mediaScale);
  view.setUint32(stts + 16, seconds); // its one entry: this many samples, each lasting one second
  view.setUint32(stts + 20, mediaScale);
  view.setUint32(stsz + 16, seconds);
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
