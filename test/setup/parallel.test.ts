// `npm test`'s checks run side by side (scripts/parallel.mjs): a failure anywhere fails the run, and
// every check still runs and reports, so one run shows all that is wrong.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const SCRIPT = new URL("../../scripts/parallel.mjs", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "novita-vidu-parallel-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(
  join(dir, "package.json"),
  JSON.stringify({
    name: "parallel-fixture",
    private: true,
    scripts: {
      slow: "node -e \"setTimeout(() => console.log('slow said this'), 300)\"",
      fast: "node -e \"console.log('fast said this')\"",
      broken: "node -e \"console.error('broken said this'); process.exit(3)\"",
    },
  }),
);

/** Each script's block: its header line and the indented lines under it. */
const blocks = (stdout: string) =>
  Object.fromEntries(
    stdout
      .split(/^(?=[✔✖] )/m)
      .filter(Boolean)
      .map((block) => [/npm run (\S+)/.exec(block)?.[1], block]),
  );

const run = (...names: string[]) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(process.execPath, [SCRIPT, ...names], { cwd: dir }, (error, stdout, stderr) =>
      resolve({ code: error ? (child.exitCode ?? 1) : 0, stdout, stderr }),
    );
  });

describe("scripts/parallel.mjs", () => {
  it("runs every script, prints each one's output whole under its name, and exits 0", async () => {
    const { code, stdout } = await run("slow", "fast");
    expect(code).toBe(0);
    const { slow, fast } = blocks(stdout);
    expect(slow).toMatch(/^✔ npm run slow \(\d+\.\d s\)\n/);
    expect(slow).toMatch(/^ {2}slow said this$/m);
    expect(fast).toMatch(/^ {2}fast said this$/m);
    expect(fast).not.toContain("slow said this");
  });

  it("exits 1 when one fails, after the others have run, and names it", async () => {
    const { code, stdout, stderr } = await run("broken", "slow");
    expect(code).toBe(1);
    const { broken, slow } = blocks(stdout);
    expect(broken).toMatch(/^✖ npm run broken/);
    expect(broken).toContain("broken said this");
    expect(slow).toMatch(/^✔ npm run slow[\s\S]*slow said this/);
    expect(stderr).toContain("1 of 2 failed: broken");
  });

  it("refuses to run nothing", async () => {
    const { code, stderr } = await run();
    expect(code).toBe(2);
    expect(stderr).toMatch(/usage: node scripts\/parallel\.mjs/);
  });
});
