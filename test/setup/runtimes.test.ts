// When the runtime matrix reinstalls its runtimes: whenever the cache is not exactly the pinned lock
// with every binary in place (a changed pin, a half-finished install).
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CACHE, COMMAND_LINE, installed, PINNED, WORKERD } from "../runtimes/runtimes.js";

const cache = mkdtempSync(join(tmpdir(), "novita-vidu-runtimes-"));
afterAll(() => rmSync(cache, { recursive: true, force: true }));
const binaries = [...COMMAND_LINE.slice(1), WORKERD].map((runtime) => runtime.binary.replace(CACHE, cache));

describe("the runtimes' cache", () => {
  it("names each runtime with its pinned version, the machine's Node first", () => {
    expect(COMMAND_LINE.map((runtime) => runtime.name)).toEqual([
      `Node ${process.versions.node} (this machine's)`,
      expect.stringMatching(/^Node 22\.\d+\.\d+$/),
      expect.stringMatching(/^Node 24\.\d+\.\d+$/),
      expect.stringMatching(/^Node 26\.\d+\.\d+$/),
      expect.stringMatching(/^Deno \d+\.\d+\.\d+$/),
      expect.stringMatching(/^Bun \d+\.\d+\.\d+$/),
    ]);
    expect(WORKERD.name).toMatch(/^workerd 1\.\d{8}\.\d+$/);
  });

  it("is installed only with the pinned lock and every binary there", () => {
    expect(installed(cache)).toBe(false); // empty
    copyFileSync(join(PINNED, "package-lock.json"), join(cache, "package-lock.json"));
    for (const binary of binaries.slice(1)) {
      mkdirSync(dirname(binary), { recursive: true });
      writeFileSync(binary, "");
    }
    expect(installed(cache)).toBe(false); // one binary missing
    mkdirSync(dirname(binaries[0]!), { recursive: true });
    writeFileSync(binaries[0]!, "");
    expect(installed(cache)).toBe(true);
    writeFileSync(join(cache, "package-lock.json"), "{}");
    expect(installed(cache)).toBe(false); // another pin
  });
});
