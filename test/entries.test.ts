// The core entry runs anywhere fetch does: it bundles for a browser with no `node:` import.
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const bundle = (entry: string) =>
  build({ entryPoints: [entry], bundle: true, format: "esm", platform: "browser", write: false, logLevel: "silent" });

describe("entries", () => {
  it("the core entry bundles for a browser and uses nothing from node:", async () => {
    const result = await bundle("src/index.ts");
    const code = result.outputFiles[0]?.text ?? "";
    expect(code).not.toMatch(/["']node:/);
    expect(code).toContain("createViduClient");
  });

  it("the guards bundle no validator: the model keys come from a small generated table", async () => {
    const result = await bundle("src/client/guards.ts");
    const code = result.outputFiles[0]?.text ?? "";
    expect(code).toContain("vidu-q3-turbo-i2v");
    expect(code).not.toMatch(/must be one of/); // the validators' messages
    expect(gzipSync(code).length).toBeLessThan(4096);
  });

  it("the Node entry is the one that reads files", async () => {
    await expect(bundle("src/node.ts")).rejects.toThrow(/node:fs\/promises/);
  });
});
