// The video every finished mock task points to must play in a browser as soon as it starts loading:
// a small MP4 with H.264 Constrained Baseline video and its index (moov) before the media (mdat).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SAMPLE_VIDEO_BASE64 } from "../../generated/sample-video.js";

const mp4 = readFileSync(new URL("../../src/mock/assets/sample.mp4", import.meta.url));

/** The top-level boxes of an MP4: type and where each starts. */
function topLevelBoxes(file: Buffer) {
  const boxes: { type: string; start: number; size: number }[] = [];
  for (let start = 0; start < file.length;) {
    const size = file.readUInt32BE(start);
    boxes.push({ type: file.toString("latin1", start + 4, start + 8), start, size });
    if (size < 8) throw new Error(`box at ${start} has size ${size}`);
    start += size;
  }
  return boxes;
}

/** Where the first box of `type` inside `moov` starts its content (just after its type). */
const contentOf = (type: string) => {
  const moov = topLevelBoxes(mp4).find((box) => box.type === "moov")!;
  const at = mp4.subarray(0, moov.start + moov.size).indexOf(type, moov.start, "latin1");
  if (at < 0) throw new Error(`no ${type} box`);
  return at + 4;
};

describe("the sample video", () => {
  it("is what the mock serves, embedded in generated/sample-video.js", () => {
    expect(Buffer.from(SAMPLE_VIDEO_BASE64, "base64").equals(mp4)).toBe(true);
  });

  it("is a small MP4 whose index comes before its media (fast start)", () => {
    const types = topLevelBoxes(mp4).map((box) => box.type);
    expect(types[0]).toBe("ftyp");
    expect(types.indexOf("moov")).toBeGreaterThan(-1);
    expect(types.indexOf("moov")).toBeLessThan(types.indexOf("mdat"));
    expect(mp4.length).toBeLessThan(100 * 1024);
  });

  it("is H.264 Constrained Baseline, 320x180, 2 seconds long", () => {
    const sampleEntry = contentOf("avc1"); // 6 reserved bytes, data reference index, 16 bytes, then width and height
    expect([mp4.readUInt16BE(sampleEntry + 24), mp4.readUInt16BE(sampleEntry + 26)]).toEqual([320, 180]);
    const avcC = contentOf("avcC"); // version, then profile, compatibility flags, level
    expect(mp4[avcC + 1]).toBe(66); // Baseline
    expect(mp4[avcC + 2]! & 0x40).toBe(0x40); // constraint_set1: Constrained Baseline, which every decoder plays
    const mvhd = contentOf("mvhd"); // version and flags, creation and modification times, timescale, duration
    expect(mp4[mvhd]).toBe(0);
    expect(mp4.readUInt32BE(mvhd + 16) / mp4.readUInt32BE(mvhd + 12)).toBeCloseTo(2, 1);
  });
});
