// The Chromium finder, with the paths, the environment and apt-get all stand-ins: this machine's own
// Chromium is neither used nor removed.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ChromiumMissing, ensureChromium, findChromium } from "../browser/chromium.js";

const dir = mkdtempSync(join(tmpdir(), "novita-vidu-chromium-finder-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;
/** A fresh file in the scratch folder, executable unless told otherwise. */
function file(executable = true): string {
  const path = join(dir, `file-${++count}`);
  writeFileSync(path, "#!/bin/sh\n");
  chmodSync(path, executable ? 0o755 : 0o644);
  return path;
}
const absent = () => join(dir, `absent-${++count}`);

/**
 * A folder holding a stand-in `apt-get` that logs its arguments and, for `install`, exits with
 * `installExit` and (on success) creates `creates` as an executable; `update` exits with 0.
 */
function fakeAptGet({ creates, installExit = 0 }: { creates: string; installExit?: number }) {
  const bin = mkdtempSync(join(dir, "bin-"));
  const log = join(bin, "log");
  writeFileSync(log, "");
  const script = `#!/bin/sh
echo "$DEBIAN_FRONTEND $*" >> ${log}
case "$*" in
  *" install "*) [ ${installExit} -eq 0 ] || { echo "E: Unable to locate package chromium" >&2; exit ${installExit}; }
    printf '#!/bin/sh\\n' > ${creates}; /bin/chmod +x ${creates} ;;
esac
exit 0
`;
  writeFileSync(join(bin, "apt-get"), script);
  chmodSync(join(bin, "apt-get"), 0o755);
  return { env: { PATH: bin }, calls: () => readFileSync(log, "utf8").trim().split("\n").filter(Boolean) };
}

describe("findChromium", () => {
  it("takes CHROMIUM_PATH when it is set, before any usual path", () => {
    const chosen = file();
    expect(findChromium({ env: { CHROMIUM_PATH: chosen }, paths: [file()] })).toBe(chosen);
  });

  it("refuses a CHROMIUM_PATH that is not an executable file, in one line naming it", () => {
    for (const chosen of [absent(), file(false), dir]) {
      const search = () => findChromium({ env: { CHROMIUM_PATH: chosen }, paths: [file()] });
      expect(search).toThrow(ChromiumMissing);
      expect(search).toThrow(`CHROMIUM_PATH=${chosen} is not an executable file`);
    }
  });

  it("takes the first usual path that is an executable file", () => {
    const first = file();
    expect(findChromium({ env: {}, paths: [absent(), file(false), first, file()] })).toBe(first);
    expect(findChromium({ env: {}, paths: [absent(), file(false)] })).toBeUndefined();
  });
});

describe("ensureChromium", () => {
  it("returns the Chromium it finds, installing nothing", () => {
    const found = file();
    const apt = fakeAptGet({ creates: absent() });
    expect(ensureChromium({ env: apt.env, paths: [found], isRoot: true, say: () => {} })).toBe(found);
    expect(apt.calls()).toEqual([]);
  });

  it("installs Debian's chromium once with apt-get when root, and says so on one line", () => {
    const target = absent();
    const apt = fakeAptGet({ creates: target });
    const said: string[] = [];
    expect(ensureChromium({ env: apt.env, paths: [target], isRoot: true, say: (line) => said.push(line) })).toBe(
      target,
    );
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^no Chromium at .*: installing Debian's chromium with apt-get, once/);
    expect(said[0]).not.toContain("\n");
    expect(apt.calls()).toEqual([
      "noninteractive -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends chromium",
    ]);
  });

  it("refreshes the package lists when they do not know chromium, then installs", () => {
    const target = absent();
    const apt = fakeAptGet({ creates: target, installExit: 100 });
    const error = (() => {
      try {
        ensureChromium({ env: apt.env, paths: [target], isRoot: true, say: () => {} });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(apt.calls().map((call) => call.split(" ")[3])).toEqual(["install", "update", "install"]);
    expect(error).toBeInstanceOf(ChromiumMissing);
    expect(error?.message).toMatch(/^apt-get could not install chromium \(E: Unable to locate package chromium\): /);
  });

  it("fails in one line saying how to get one when not root or without apt-get, installing nothing", () => {
    const target = absent();
    const apt = fakeAptGet({ creates: target });
    const notRoot = () => ensureChromium({ env: apt.env, paths: [target], isRoot: false, say: () => {} });
    expect(notRoot).toThrow(/\(not root, so not installing one\): install Debian's chromium .* or set CHROMIUM_PATH/);
    const noApt = () => ensureChromium({ env: { PATH: dir }, paths: [target], isRoot: true, say: () => {} });
    expect(noApt).toThrow(/\(no apt-get to install one with\)/);
    expect(apt.calls()).toEqual([]);
    try {
      notRoot();
    } catch (error) {
      // The whole report is the one line: no stack under it.
      expect(String((error as Error).stack)).toBe(`ChromiumMissing: ${(error as Error).message}`);
      expect((error as Error).message).not.toContain("\n");
    }
  });
});
