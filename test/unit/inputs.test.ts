import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { imageFromFile } from "../../src/node.js";
import { sniffImageFormat, toImageInput, ViduValidationError } from "../../src/index.js";
import { rejection } from "./helpers.js";

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
const WEBP = new TextEncoder().encode("RIFF\x10\x00\x00\x00WEBPVP8 ");
const GIF = new TextEncoder().encode("GIF89a....");
const MB = 1024 * 1024;

describe("image formats", () => {
  it("knows png, jpeg and webp by their signatures, and nothing else", () => {
    expect([PNG, JPEG, WEBP, GIF, new Uint8Array()].map(sniffImageFormat)).toEqual([
      "png",
      "jpeg",
      "webp",
      undefined,
      undefined,
    ]);
  });
});

describe("toImageInput", () => {
  it("passes http(s) URLs through: the API downloads them", async () => {
    await expect(toImageInput("https://example.com/cat.png")).resolves.toBe("https://example.com/cat.png");
  });

  it("encodes bytes, ArrayBuffers and Blobs as data URIs of their real format", async () => {
    const expected = `data:image/png;base64,${Buffer.from(PNG).toString("base64")}`;
    await expect(toImageInput(PNG)).resolves.toBe(expected);
    await expect(toImageInput(PNG.buffer)).resolves.toBe(expected);
    await expect(toImageInput(new Blob([PNG], { type: "image/jpeg" }))).resolves.toBe(expected);
    await expect(toImageInput(JPEG)).resolves.toMatch(/^data:image\/jpeg;base64,/);
  });

  it("encodes without Buffer too, as in a browser", async () => {
    const saved = globalThis.Buffer;
    // @ts-expect-error simulating a runtime without Buffer
    delete globalThis.Buffer;
    try {
      const big = new Uint8Array(100_000).map((_, i) => i % 256);
      big.set(PNG);
      await expect(toImageInput(big)).resolves.toBe(`data:image/png;base64,${saved.from(big).toString("base64")}`);
    } finally {
      globalThis.Buffer = saved;
    }
  });

  it("accepts a data URI of a supported format as it is", async () => {
    await expect(toImageInput("data:image/webp;base64,UklGRg==")).resolves.toBe("data:image/webp;base64,UklGRg==");
  });

  it.each([
    [GIF, /image must be a png, jpeg, jpg, webp image/],
    ["data:image/gif;base64,R0lG", /image must be one of png, jpeg, jpg, webp \(got gif\)/],
    ["./cat.png", /image must be an http\(s\) URL, a base64 data:image URI, a Blob or bytes/],
    ["iVBORw0KGgo=", /must be an http\(s\) URL/],
  ])("refuses %s, naming the rule", async (source, message) => {
    const error = await rejection(toImageInput(source as never));
    expect(error).toBeInstanceOf(ViduValidationError);
    expect(error.message).toMatch(message);
  });

  it("refuses an image over 50 MB, as bytes or as a data URI", async () => {
    const big = new Uint8Array(50 * MB + 1);
    big.set(PNG);
    expect((await rejection(toImageInput(big, "images[0]"))).message).toMatch(
      /images\[0\] must be at most 50 MB \(got 50\.0 MB\)/,
    );
    const uri = `data:image/png;base64,${"A".repeat(Math.ceil(((50 * MB + 3) * 4) / 3))}`;
    expect((await rejection(toImageInput(uri))).message).toMatch(/must be at most 50 MB/);
    const atLimit = new Uint8Array(50 * MB);
    atLimit.set(PNG);
    await expect(toImageInput(atLimit)).resolves.toMatch(/^data:image\/png;base64,/);
  });
});

describe("imageFromFile (Node entry)", () => {
  const dir = mkdtempSync(join(tmpdir(), "novita-vidu-inputs-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads a file into a data URI", async () => {
    const file = join(dir, "frame.png");
    writeFileSync(file, PNG);
    await expect(imageFromFile(file)).resolves.toBe(`data:image/png;base64,${Buffer.from(PNG).toString("base64")}`);
  });

  it("names a missing file", async () => {
    const error = await rejection(imageFromFile(join(dir, "missing.png"), "--image"));
    expect(error).toBeInstanceOf(ViduValidationError);
    expect(error.message).toMatch(/--image does not exist/);
  });

  it("refuses a file that is not an image it supports", async () => {
    const file = join(dir, "anim.gif");
    writeFileSync(file, GIF);
    expect((await rejection(imageFromFile(file))).message).toMatch(/anim\.gif must be a png, jpeg, jpg, webp image/);
  });
});
