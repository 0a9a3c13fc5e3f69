// A finished mock task's video follows its request: the clip of the aspect ratio it asked for (or its
// model's default) lasting the seconds it asked for, read back from the MP4 header as a player would.
// Each clip is small, plays as soon as it starts loading (index before media) and is H.264
// Constrained Baseline, which every browser decodes.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FALLBACK, MOCK_VIDEOS, VIDEO_DEFAULTS } from "../../generated/mock-videos.js";
import { buildMockVideoModules, clipFile, specAspectRatios } from "../../scripts/lib/mock-videos.mjs";
import { resolveSchema } from "../../scripts/lib/ref.mjs";
import { createMockHandler } from "../../src/mock/index.js";
import { mockVideo, withDuration } from "../../src/mock/video.js";
import { AUTH, caller, SUBMITS, type Json } from "./helpers.js";
import { readMp4 } from "./mp4.js";

const SPEC = JSON.parse(readFileSync(new URL("../../generated/openapi.json", import.meta.url), "utf8"));
const RATIOS: string[] = specAspectRatios(SPEC);
const clip = (ratio: string) =>
  readFileSync(new URL(`../../src/mock/assets/videos/${clipFile(ratio)}`, import.meta.url));
const ratioOf = (ratio: string) =>
  ratio
    .split(":")
    .map(Number)
    .reduce((w, h) => w / h);
/** Every clip together stays this small; the package carries them all. */
const CLIPS_BUDGET_BYTES = 20 * 1024;

describe("the clips", () => {
  it("are one per aspect ratio the spec lists, embedded as they are in generated/mock-videos.js", () => {
    expect(RATIOS).toEqual(expect.arrayContaining(["16:9", "9:16", "1:1"]));
    expect(Object.keys(MOCK_VIDEOS).sort()).toEqual([...RATIOS].sort());
    for (const ratio of RATIOS)
      expect(Buffer.from(MOCK_VIDEOS[ratio as keyof typeof MOCK_VIDEOS], "base64").equals(clip(ratio))).toBe(true);
    const total = RATIOS.reduce((sum, ratio) => sum + clip(ratio).length, 0);
    expect(total).toBeLessThan(CLIPS_BUDGET_BYTES);
  });

  it("are checked by `npm run generate`: a ratio the spec adds with no clip fails, naming the script to run", () => {
    const wider = structuredClone(SPEC);
    wider.components.schemas.AspectRatio.enum.push("21:9");
    expect(() => buildMockVideoModules(wider)).toThrow(
      /missing 21x9\.mp4, stale none\): run `node scripts\/mock-videos\.mjs`/,
    );
    expect(Object.keys(buildMockVideoModules(SPEC))).toEqual(["mock-videos.js", "mock-videos.d.ts"]);
  });

  it.each(RATIOS)("%s: a frame of that ratio, H.264 Constrained Baseline, index before media", (ratio) => {
    const header = readMp4(clip(ratio));
    expect(header.topLevel[0]).toBe("ftyp");
    expect(header.topLevel.indexOf("moov")).toBeLessThan(header.topLevel.indexOf("mdat"));
    expect(header.tracks).toHaveLength(1);
    const { width, height } = header.tracks[0]!;
    expect(width / height).toBeCloseTo(ratioOf(ratio), 2);
    expect(header.avc).toMatchObject({ width, height, profile: 66 }); // Baseline
    expect(header.avc!.constraints & 0x40).toBe(0x40); // constraint_set1: Constrained Baseline
    expect(Math.max(width, height)).toBeLessThanOrEqual(320);
    expect(header.frames).toBe(1);
  });

  it("last any whole number of seconds once rewritten, showing their one frame once a second", () => {
    for (const ratio of RATIOS)
      for (let seconds = 1; seconds <= 16; seconds++) {
        const bytes = withDuration(clip(ratio), seconds);
        const header = readMp4(bytes);
        expect(header.durationSeconds).toBe(seconds);
        expect(header.tracks[0]!.mediaSeconds).toBe(seconds);
        expect(header.frames).toBe(seconds); // the frame once a second, so a player really plays that long
        expect(bytes.length).toBe(clip(ratio).length + 4 * (seconds - 1));
      }
    expect(() => withDuration(clip("16:9"), 0)).toThrow(/whole number of seconds from 1/);
    expect(() => withDuration(clip("16:9"), 2.5)).toThrow(/whole number of seconds from 1/);
    expect(() => withDuration(new Uint8Array([0, 0, 0, 4, 0x6d, 0x6f, 0x6f, 0x76]), 3)).toThrow(/bad size/);
  });
});

describe("a task's video", () => {
  let now = 0;
  const handler = createMockHandler({ clock: () => now, timings: { queuedMs: 10, processingMs: 10 } });
  const { call, newTask, result } = caller(() => handler);
  /** Submits `body` to `model`, lets the task end and reads its video's header. */
  const videoOf = async (model: string, body: Json) => {
    const id = await newTask(body, AUTH, `/v3/async/${model}`);
    now += 1000;
    const { videos } = (await (await result(id)).json()) as { videos: { video_url: string }[] };
    const url = new URL(videos[0]!.video_url);
    const response = await call(url.pathname);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("video/mp4");
    return readMp4(new Uint8Array(await response.arrayBuffer()));
  };

  it("of Q3 text to video asked for 9:16 and 4 seconds is taller than wide and lasts 4 s", async () => {
    const header = await videoOf("vidu-q3-pro-t2v", { prompt: "a lighthouse", aspect_ratio: "9:16", duration: 4 });
    const { width, height } = header.tracks[0]!;
    expect(height).toBeGreaterThan(width);
    expect(width / height).toBeCloseTo(9 / 16, 2);
    expect(header.durationSeconds).toBe(4);
  });

  it.each(RATIOS)("asked for %s has that ratio", async (ratio) => {
    const header = await videoOf("vidu-q3-turbo-t2v", { prompt: "waves", aspect_ratio: ratio, duration: 2 });
    expect(header.tracks[0]!.width / header.tracks[0]!.height).toBeCloseTo(ratioOf(ratio), 2);
    expect(header.durationSeconds).toBe(2);
  });

  it("asked for nothing has its model's default ratio and duration, read from the spec", async () => {
    for (const { path, model, body } of SUBMITS) {
      const schema = resolveSchema(SPEC, SPEC.paths[path].post.requestBody.content["application/json"].schema);
      const required: string[] = schema.required ?? [];
      // A field the schema requires stays as the example has it; the others are left out.
      const kept = Object.fromEntries(
        Object.entries(body as Record<string, Json>).filter(
          ([name]) => !["aspect_ratio", "duration"].includes(name) || required.includes(name),
        ),
      );
      const defaults = VIDEO_DEFAULTS[model]!;
      const header = await videoOf(model, kept);
      const duration = typeof kept["duration"] === "number" ? kept["duration"] : defaults.duration;
      expect([model, header.durationSeconds]).toEqual([model, duration]);
      const { width, height } = header.tracks[0]!;
      expect([model, width / height]).toEqual([model, expect.closeTo(ratioOf(defaults.aspectRatio), 2)]);
    }
    expect(VIDEO_DEFAULTS["vidu-2.0-img2video"]?.duration).toBe(4); // its schema's default, not the common 5
    expect(VIDEO_DEFAULTS["vidu-q1-text2video"]?.aspectRatio).toBe("16:9");
  });

  it("asked for a ratio outside the spec's list (a free-text field) gets the nearest clip", async () => {
    const wide = await videoOf("vidu-q2-text2video", { prompt: "a city", aspect_ratio: "21:9", duration: 3 });
    expect(wide.tracks[0]!.width / wide.tracks[0]!.height).toBeCloseTo(16 / 9, 2);
    const odd = await videoOf("vidu-q2-text2video", { prompt: "a city", aspect_ratio: "auto", duration: 3 });
    expect(odd.tracks[0]!.width / odd.tracks[0]!.height).toBeCloseTo(ratioOf(FALLBACK.aspectRatio), 2);
  });

  it("of the example answers (/videos/sample.mp4) is the fallback's", async () => {
    const bytes = Buffer.from(await (await call("/videos/sample.mp4")).arrayBuffer());
    expect(readMp4(bytes).durationSeconds).toBe(FALLBACK.duration);
    expect(bytes.equals(mockVideo(FALLBACK))).toBe(true);
  });
});
