// toImageInput and imageFromFile, given the limits a field's page states (IMAGE_LIMITS[component]),
// refuse an image that breaks one before it is sent, naming the rule; given the limits of an input
// whose page states none, they refuse nothing.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { IMAGE_LIMITS, toImageInput } from "../../src/index.js";
import { imageFromFile } from "../../src/node.js";
import { rejection } from "../client/helpers.js";
import { HEADERS } from "../fixtures/image-headers.js";

/** A PNG of width × height: its header, and `extra` bytes after it. */
const png = (w: number, h: number, extra = 16) =>
  Uint8Array.from([...HEADERS.png(w, h), ...new Array<number>(extra).fill(0)]);
const dir = mkdtempSync(join(tmpdir(), "novita-vidu-limits-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The `field rule` of each problem the promise is refused with. */
async function refused(promise: Promise<unknown>): Promise<string[]> {
  const error = (await rejection(promise)) as unknown as { issues: { field: string; rule: string }[] };
  return error.issues.map((i) => `${i.field} ${i.rule}`);
}

describe("image limits, checked before sending", () => {
  it("lists every image input component of the spec with the limits its pages state", () => {
    expect(IMAGE_LIMITS.ImageInputOpen).toEqual({});
    expect(IMAGE_LIMITS.ImageInputInline10MBMin128).toMatchObject({
      maxInlineImageBytes: 10485760,
      minImagePixels: 128,
    });
    expect(IMAGE_LIMITS.ImageInputAnyAspect).not.toHaveProperty("aspectRatioRange");
  });

  it("refuses bytes outside a stated aspect ratio or under a stated size, naming the rule", async () => {
    expect(await refused(toImageInput(png(100, 500), "images[0]", IMAGE_LIMITS.ImageInput))).toEqual([
      "images[0] aspectRatioRange",
    ]);
    expect(await refused(toImageInput(png(100, 100), "images[0]", IMAGE_LIMITS.ImageInputInline10MBMin128))).toEqual([
      "images[0] minImagePixels",
    ]);
    await expect(toImageInput(png(400, 300), "images[0]", IMAGE_LIMITS.ImageInputInline10MBMin128)).resolves.toMatch(
      /^data:image\/png;base64,/,
    );
  });

  it("refuses an inline image over a stated decoded size, and a data URI of a format not stated", async () => {
    const big = png(400, 300, 10 * 1024 * 1024);
    expect(await refused(toImageInput(big, "images[0]", IMAGE_LIMITS.ImageInputInline10MB))).toEqual([
      "images[0] maxInlineImageBytes",
    ]);
    await expect(toImageInput(big, "images[0]", IMAGE_LIMITS.ImageInput)).resolves.toMatch(/^data:image\/png/);
    const uri = `data:image/png;base64,${Buffer.from(png(400, 300)).toString("base64")}`;
    expect(await refused(toImageInput(uri, "start", { imageFormats: ["jpeg"] }))).toEqual(["start imageFormats"]);
  });

  it("checks a data URI's header as it checks bytes, and names the size in the message", async () => {
    const uri = `data:image/png;base64,${Buffer.from(png(100, 500)).toString("base64")}`;
    const error = (await rejection(toImageInput(uri, "start_image", IMAGE_LIMITS.ImageInput))) as Error;
    expect(error.message).toContain("start_image must have an aspect ratio between 1:4 and 4:1 (it is 100×500)");
  });

  it("does not check the pixels of an image whose header it cannot read", async () => {
    const unreadable = Uint8Array.from([...HEADERS.png(10, 1000).slice(0, 20)]);
    await expect(toImageInput(unreadable, "images[0]", IMAGE_LIMITS.ImageInput)).resolves.toMatch(/^data:image\/png/);
  });

  it("refuses nothing for an input whose page states no limit", async () => {
    await expect(toImageInput(png(10, 1000), "images[0]", IMAGE_LIMITS.ImageInputOpen)).resolves.toMatch(/^data:/);
  });

  it("checks a file with the limits of its field", async () => {
    const path = join(dir, "tall.png");
    writeFileSync(path, png(100, 1000));
    expect(await refused(imageFromFile(path, "images[0]", IMAGE_LIMITS.ImageInput))).toEqual([
      "images[0] aspectRatioRange",
    ]);
    await expect(imageFromFile(path, "images[0]", IMAGE_LIMITS.ImageInputOpen)).resolves.toMatch(/^data:image\/png/);
  });
});
