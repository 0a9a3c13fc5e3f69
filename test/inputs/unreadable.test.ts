// Image sources that cannot be read: each becomes a ViduValidationError naming the field and the rule
// (nothing is sent), never a raw TypeError or DOMException from the runtime.
import { openAsBlob, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { imageFromFile } from "../../src/node.js";
import { toImageInput, ViduValidationError } from "../../src/index.js";
import { rejection } from "../client/helpers.js";

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

/** Detaches a buffer, as a transfer to a worker does. */
const detach = (buffer: ArrayBuffer) => void structuredClone(buffer, { transfer: [buffer] });

async function refusal(promise: Promise<unknown>) {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(ViduValidationError);
  return { message: error.message, issues: (error as ViduValidationError).issues };
}

describe("toImageInput on an unreadable source", () => {
  it("refuses a detached ArrayBuffer, naming the field", async () => {
    const buffer = PNG.slice().buffer;
    detach(buffer);
    const { message, issues } = await refusal(toImageInput(buffer, "images[0]"));
    expect(issues).toEqual([{ field: "images[0]", rule: "readable", message: expect.stringMatching(/detached/) }]);
    expect(message).toMatch(/^image: images\[0\] cannot be read: its ArrayBuffer was detached/);
  });

  it("refuses bytes whose buffer was detached (they would read as no bytes at all)", async () => {
    const bytes = PNG.slice();
    detach(bytes.buffer);
    expect((await refusal(toImageInput(bytes, "image"))).issues[0]).toMatchObject({ field: "image", rule: "readable" });
  });

  it.each([[null], [undefined], [42], [{}], [[1, 2]]])("refuses %j, which is no image source", async (source) => {
    const { issues } = await refusal(toImageInput(source as never, "images[1]"));
    expect(issues[0]).toMatchObject({ field: "images[1]", rule: "type" });
  });

  describe("a Blob of a file (fs.openAsBlob)", () => {
    const dir = mkdtempSync(join(tmpdir(), "novita-vidu-unreadable-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("is refused, naming the field, when the file changed after the Blob was made", async () => {
      const file = join(dir, "frame.png");
      writeFileSync(file, PNG);
      const blob = await openAsBlob(file);
      writeFileSync(file, new Uint8Array([...PNG, 4, 5, 6]));
      const { message, issues } = await refusal(toImageInput(blob, "images[0]"));
      expect(issues[0]).toMatchObject({ field: "images[0]", rule: "readable" });
      expect(message).toMatch(/images\[0\] cannot be read \(NotReadableError\): its file changed/);
    });

    it("is refused when the file was removed", async () => {
      const file = join(dir, "gone.png");
      writeFileSync(file, PNG);
      const blob = await openAsBlob(file);
      rmSync(file);
      expect((await refusal(toImageInput(blob))).issues[0]).toMatchObject({ field: "image", rule: "readable" });
    });

    it("is read when the file did not change", async () => {
      const file = join(dir, "same.png");
      writeFileSync(file, PNG);
      await expect(toImageInput(await openAsBlob(file))).resolves.toMatch(/^data:image\/png;base64,/);
    });
  });
});

describe("imageFromFile on an unreadable path", () => {
  it.each([undefined, 42, null])("refuses %j as the path, naming it", async (path) => {
    const { issues } = await refusal(imageFromFile(path as never));
    expect(issues).toEqual([{ field: "path", rule: "type", message: "path must be a string" }]);
  });

  it("refuses a path with a NUL byte as a file that cannot be read", async () => {
    const { issues } = await refusal(imageFromFile("a\0.png", "--image"));
    expect(issues[0]).toMatchObject({ field: "--image", rule: "file" });
  });
});
