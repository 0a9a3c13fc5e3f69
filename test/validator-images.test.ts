// The validators read an inline image's pixel size from its PNG, JPEG or WebP header and refuse one
// outside the limits its page states (`x-aspect-ratio-range`, `x-min-image-pixels`), naming the rule;
// a field whose page states no limit refuses nothing, and a header that cannot be read is not checked.
import { describe, expect, it } from "vitest";
import { type RequestBodyPath, validateRequestBody } from "../generated/validators.js";
import { HEADERS } from "./fixtures/image-headers.js";

const dataUri = (format: keyof typeof HEADERS, w: number, h: number) =>
  `data:image/${format};base64,${Buffer.from([...HEADERS[format](w, h), 0, 0, 0]).toString("base64")}`;

const rules = (path: RequestBodyPath, body: Record<string, unknown>) =>
  validateRequestBody(path, body).map((i) => `${i.field} ${i.rule}`);
const q3 = (image: string) => rules("/v3/async/vidu-q3-turbo-i2v", { images: [image] });

describe("inline images checked from their header", () => {
  it.each(["png", "jpeg", "webp"] as const)(
    "reads a %s header's size and refuses a ratio outside 1:4 to 4:1",
    (format) => {
      expect(q3(dataUri(format, 800, 600))).toEqual([]);
      expect(q3(dataUri(format, 100, 401))).toEqual(["images[0] aspectRatioRange"]);
      expect(q3(dataUri(format, 401, 100))).toEqual(["images[0] aspectRatioRange"]);
      expect(q3(dataUri(format, 400, 100))).toEqual([]);
    },
  );

  it("names the limit and the image's size in the message", () => {
    const [issue] = validateRequestBody("/v3/async/vidu-q3-turbo-i2v", { images: [dataUri("png", 100, 500)] });
    expect(issue?.message).toBe("images[0] must have an aspect ratio between 1:4 and 4:1 (it is 100×500)");
  });

  it("refuses an image under a stated smallest size, and only where a page states one", () => {
    const reference = (image: string) =>
      rules("/v3/async/vidu-2.0-reference2video", { images: [image], prompt: "A cat." });
    expect(reference(dataUri("jpeg", 127, 300))).toEqual(["images[0] minImagePixels"]);
    expect(reference(dataUri("jpeg", 128, 128))).toEqual([]);
    expect(q3(dataUri("jpeg", 127, 300))).toEqual([]);
  });

  it("refuses nothing on a field whose page states no image limit", () => {
    const body = { images: [dataUri("png", 10, 1000)], prompt: "A cat.", duration: 5 };
    expect(rules("/v3/async/vidu-q2-pro-img2video", body)).toEqual([]);
    expect(rules("/v3/async/vidu-q2-turbo-img2video", body)).toEqual(["images[0] aspectRatioRange"]);
  });

  it("does not check a header it cannot read, nor a URL", () => {
    const truncated = `data:image/png;base64,${Buffer.from(HEADERS.png(10, 1000).slice(0, 20)).toString("base64")}`;
    const walkOff = `data:image/jpeg;base64,${Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0xff, 0xff, 1, 2, 3, 4, 5, 6]).toString("base64")}`;
    const zero = dataUri("png", 0, 100);
    for (const image of [truncated, walkOff, zero, "https://example.com/tall.png"]) expect(q3(image)).toEqual([]);
  });

  it("reads only the head of an inline image: a JPEG size past its first 64 KiB is not looked for", () => {
    const app = (n: number) => [0xff, 0xe1, (n + 2) >> 8, (n + 2) & 255, ...new Array(n).fill(0)];
    const sof = HEADERS.jpeg(10, 1000).slice(20);
    const jpeg = (segments: number[][]) =>
      `data:image/jpeg;base64,${Buffer.from([0xff, 0xd8, ...segments.flat(), ...sof]).toString("base64")}`;
    expect(q3(jpeg([app(60_000)]))).toEqual(["images[0] aspectRatioRange"]);
    expect(q3(jpeg([app(60_000), app(60_000)]))).toEqual([]);
  });
});
