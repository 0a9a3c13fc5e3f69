// The header reader behind the pixel limits: it reads width and height from PNG, JPEG and WebP
// headers, looks no further than the first 64 KiB, and gives up (so nothing is checked) on a header
// it cannot read.
import { describe, expect, it } from "vitest";
import { HEAD_BYTES, imageSize } from "../../src/inputs/image-size.js";
import { HEADERS } from "../fixtures/image-headers.js";

const bytes = (list: number[]) => Uint8Array.from(list);

describe("imageSize", () => {
  it.each(["png", "jpeg", "webp"] as const)("reads a %s header's width and height", (format) => {
    expect(imageSize(bytes(HEADERS[format](800, 600)))).toEqual({ width: 800, height: 600 });
    expect(imageSize(bytes(HEADERS[format](1, 16383)))).toEqual({ width: 1, height: 16383 });
  });

  it("reads WebP's lossy and lossless headers too", () => {
    const riff = (chunk: string, body: number[]) =>
      bytes([...HEADERS.webp(1, 1).slice(0, 12), ...[...chunk].map((c) => c.charCodeAt(0)), 0, 0, 0, 0, ...body]);
    expect(imageSize(riff("VP8 ", [0, 0, 0, 0x9d, 0x01, 0x2a, 0x20, 0x03, 0x58, 0x02]))).toEqual({
      width: 800,
      height: 600,
    });
    const bits = 799 + 599 * 16384;
    expect(
      imageSize(riff("VP8L", [0x2f, bits & 255, (bits >> 8) & 255, (bits >> 16) & 255, bits >>> 24, 0, 0, 0, 0, 0])),
    ).toEqual({
      width: 800,
      height: 600,
    });
  });

  it("gives up on a truncated, malformed or zero-sized header, and on other formats", () => {
    const png = HEADERS.png(10, 1000);
    const cases = [
      png.slice(0, 20),
      [0xff, 0xd8, 0xff, 0xe0, 0xff, 0xff, 1, 2, 3, 4, 5, 6],
      [0xff, 0xd8, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0],
      HEADERS.png(0, 100),
      [...new TextEncoder().encode("GIF89a"), 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      [],
    ];
    for (const list of cases) expect(imageSize(bytes(list))).toBeUndefined();
  });

  it("looks no further than the first 64 KiB: a JPEG size after it is not read", () => {
    const app = (n: number) => [0xff, 0xe1, (n + 2) >> 8, (n + 2) & 255, ...new Array<number>(n).fill(0)];
    const sof = HEADERS.jpeg(10, 1000).slice(20);
    expect(HEAD_BYTES).toBe(65536);
    expect(imageSize(bytes([0xff, 0xd8, ...app(60_000), ...sof]))).toEqual({ width: 10, height: 1000 });
    expect(imageSize(bytes([0xff, 0xd8, ...app(60_000), ...app(60_000), ...sof]))).toBeUndefined();
  });
});
