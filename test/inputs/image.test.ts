import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { imageFromFile } from "../../src/node.js";
import { sniffImageFormat, toImageInput, ViduValidationError } from "../../src/index.js";
import { validateRequestBody } from "../../generated/validators.js";
import { rejection } from "../client/helpers.js";

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
    const uri = `data:image/webp;base64,${Buffer.from(WEBP).toString("base64")}`;
    await expect(toImageInput(uri)).resolves.toBe(uri);
    const jpg = `data:image/jpg;base64,${Buffer.from(JPEG).toString("base64")}`;
    await expect(toImageInput(jpg)).resolves.toBe(jpg);
  });

  it.each([
    ["GIF bytes", GIF, /image says image\/png but its bytes are not an image of that format/],
    ["JPEG bytes", JPEG, /image says image\/png but its bytes are a jpeg image/],
  ])("refuses a data URI whose declared type its bytes belie (%s)", async (_, bytes, message) => {
    const error = await rejection(toImageInput(`data:image/png;base64,${Buffer.from(bytes).toString("base64")}`));
    expect(error).toBeInstanceOf(ViduValidationError);
    expect(error.message).toMatch(message);
  });

  it("refuses a data URI that does not hold base64", async () => {
    const error = await rejection(toImageInput("data:image/png;base64,iVBORw0K GgoAAA"));
    expect(error.message).toMatch(/image must hold base64 after the comma/);
  });

  it("sends upper-case schemes and types in the lower case the spec's pattern takes", async () => {
    const png = Buffer.from(PNG).toString("base64");
    const inputs = await Promise.all([
      toImageInput("HTTPS://example.com/Cat.PNG"),
      toImageInput(`DATA:IMAGE/PNG;BASE64,${png}`),
    ]);
    expect(inputs).toEqual(["https://example.com/Cat.PNG", `data:image/png;base64,${png}`]);
    const body = { images: [inputs[0]!], prompt: "p" };
    expect(validateRequestBody("/v3/async/vidu-q3-turbo-i2v", body)).toEqual([]);
    expect(validateRequestBody("/v3/async/vidu-q3-turbo-i2v", { ...body, images: [inputs[1]!] })).toEqual([]);
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

  it("refuses a directory, naming it", async () => {
    mkdirSync(join(dir, "frames"));
    const error = await rejection(imageFromFile(join(dir, "frames"), "--image frames"));
    expect(error).toBeInstanceOf(ViduValidationError);
    expect(error.message).toMatch(/--image frames is a directory, not a file/);
  });

  it.each([
    ["a FIFO", () => (execFileSync("mkfifo", [join(dir, "pipe")]), join(dir, "pipe"))],
    ["a device that never ends", () => "/dev/zero"],
  ])("refuses %s at once instead of hanging or reading forever", async (_, make) => {
    const error = await rejection(imageFromFile(make(), "--image x"));
    expect(error).toBeInstanceOf(ViduValidationError);
    expect(error.message).toMatch(/--image x is not a regular file/);
  });

  it("refuses a file over 50 MB before reading it", async () => {
    const file = join(dir, "huge.png");
    writeFileSync(file, PNG);
    execFileSync("truncate", ["-s", String(50 * MB + 1), file]);
    expect((await rejection(imageFromFile(file, "--image huge.png"))).message).toMatch(
      /--image huge\.png must be at most 50 MB/,
    );
  });

  it("refuses a file that is not an image it supports", async () => {
    const file = join(dir, "anim.gif");
    writeFileSync(file, GIF);
    expect((await rejection(imageFromFile(file))).message).toMatch(/anim\.gif must be a png, jpeg, jpg, webp image/);
  });
});
