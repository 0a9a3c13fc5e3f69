// `novita-vidu mock`'s numbers are decimal whole numbers, as flags and as MOCK_* variables alike:
// `Number()` alone would take `0x10`, `1e3` or `0b1` as a port or a delay.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleCli, ROOT, runCli } from "./helpers.js";

let cli: Awaited<ReturnType<typeof bundleCli>>;
beforeAll(async () => void (cli = await bundleCli()), 60_000);
afterAll(() => cli?.remove());

/** Runs `novita-vidu mock …`; a mock that started after all (the bug) is stopped rather than left running. */
async function mock(args: string[], env?: Record<string, string>) {
  const ran = runCli(cli.file, ROOT, ["mock", ...args], env);
  const timer = setTimeout(() => ran.child.kill(), 10_000);
  try {
    return await ran;
  } finally {
    clearTimeout(timer);
  }
}

describe.concurrent("novita-vidu mock refuses a number that is not decimal digits", () => {
  it.each([
    ["--port", "0x10", "65535"],
    ["--port", "1e3", "65535"],
    ["--port", "-1", "65535"],
    ["--queued-ms", "0b1", "3600000"],
    ["--rate-limit", "Infinity", "1000000"],
    ["--latency-ms", " ", "60000"],
  ])("%s %j", async (flag, value, max) => {
    const { code, stderr, stdout } = await mock([flag, value]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `novita-vidu: option '${flag} <${flag === "--port" || flag === "--rate-limit" ? "n" : "ms"}>' argument '${value}' is invalid. ${flag} must be a whole number from 0 to ${max}\n`,
    );
    expect(stdout).not.toContain("mock API");
  });

  it("and in MOCK_PORT", async () => {
    const { code, stderr } = await mock([], { MOCK_PORT: "0x10" });
    expect(code).toBe(2);
    expect(stderr).toMatch(/--port must be a whole number from 0 to 65535/);
  });
});
