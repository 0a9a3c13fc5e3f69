// `novita-vidu docs` as a user runs it: it prints the page's path, and with --open hands that path to
// the platform's opener (here a stand-in xdg-open that records what it was given), or says there is
// none and still succeeds.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { opener } from "../../src/cli/docs.js";
import { bundleCli, ROOT, runCli } from "./helpers.js";

const PAGE = join(ROOT, "generated", "docs", "index.html");
const scratch = mkdtempSync(join(tmpdir(), "novita-vidu-docs-"));
let bundle: Awaited<ReturnType<typeof bundleCli>>;

beforeAll(async () => {
  bundle = await bundleCli();
}, 60_000);
afterAll(() => {
  bundle?.remove();
  rmSync(scratch, { recursive: true, force: true });
});

/** A folder holding an executable `name` that writes its arguments to `record`. */
function fakeOpener(name: string, record: string) {
  const dir = mkdtempSync(join(scratch, "bin-"));
  writeFileSync(join(dir, name), `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\n`);
  chmodSync(join(dir, name), 0o755);
  return dir;
}

describe("novita-vidu docs", () => {
  it("prints the path of the docs page, which is there", async () => {
    const { code, stdout } = await runCli(bundle.file, scratch, ["docs"]);
    expect(code).toBe(0);
    expect(stdout).toBe(`${PAGE}\n`);
    expect(existsSync(PAGE)).toBe(true);
  });

  it.runIf(process.platform === "linux")("--open hands the page to xdg-open", async () => {
    const record = join(scratch, "opened.txt");
    const { code, stdout } = await runCli(bundle.file, scratch, ["docs", "--open"], {
      PATH: fakeOpener("xdg-open", record),
    });
    expect([code, stdout]).toEqual([0, `${PAGE}\n`]);
    for (const deadline = Date.now() + 5000; !existsSync(record) && Date.now() < deadline;)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(readFileSync(record, "utf8")).toBe(`${PAGE}\n`);
  });

  it("--open with no opener says so, prints the path and succeeds", async () => {
    const { code, stdout, stderr } = await runCli(bundle.file, scratch, ["docs", "--open"], {
      PATH: mkdtempSync(join(scratch, "empty-")),
    });
    expect([code, stdout]).toEqual([0, `${PAGE}\n`]);
    expect(stderr).toMatch(/^no (xdg-)?open on this machine: open the file above in a browser$/m);
  });
});

describe("the opener", () => {
  it("is open on macOS, xdg-open elsewhere, start through the shell on Windows, when there is one", () => {
    const bin = fakeOpener("open", join(scratch, "unused"));
    const xdg = fakeOpener("xdg-open", join(scratch, "unused"));
    expect(opener("/p.html", "darwin", { PATH: bin })).toEqual({ command: join(bin, "open"), args: ["/p.html"] });
    expect(opener("/p.html", "darwin", { PATH: xdg })).toBeUndefined();
    expect(opener("/p.html", "linux", { PATH: `${bin}:${xdg}` })).toEqual({
      command: join(xdg, "xdg-open"),
      args: ["/p.html"],
    });
    expect(opener("/p.html", "freebsd", { PATH: "" })).toBeUndefined();
    const shell = join(bin, "open"); // any file stands for cmd.exe
    expect(opener("C:\\p.html", "win32", { ComSpec: shell })).toEqual({
      command: shell,
      args: ["/c", "start", '""', '"C:\\p.html"'],
    });
    expect(opener("C:\\p.html", "win32", {})).toBeUndefined();
  });
});
