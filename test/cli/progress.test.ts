// The progress line: it fits 50, 80 and 120 columns (by its width logic, and once in a real
// pseudo-terminal through util-linux's `script`), shows minutes past 60 s, counts the estimate down
// between polls, and ends with a "done" or "failed" line.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { between, duration, endLine, progressLine, progressReporter, type LineState } from "../../src/cli/progress.js";
import { startMockServer, type MockServer } from "../../src/mock/node.js";
import { bundleCli } from "./helpers.js";

const state: LineState = { status: "processing", percent: 62, etaS: 107, elapsedS: 130 };

describe("the line's width logic", () => {
  it.each([50, 80, 120])("fits %i columns, keeping the numbers", (columns) => {
    const line = progressLine(state, columns);
    expect(line.length).toBeLessThan(columns); // never the last column: some terminals wrap there
    expect(line).toContain("62%");
    expect(line).toContain("eta 1m47s");
    expect(line).toMatch(/█+░+/);
  });

  it("grows the bar with the width, up to a cap, and drops the least useful text first", () => {
    const bars = [50, 80, 120].map((columns) => /[█░]+/.exec(progressLine(state, columns))?.[0].length ?? 0);
    expect(bars[0]).toBeLessThan(bars[1]!);
    expect(bars[2]).toBe(40);
    expect(progressLine(state, 120)).toContain("2m10s elapsed");
    expect(progressLine(state, 50)).not.toContain("elapsed");
    // Too narrow for a bar: the numbers alone.
    expect(progressLine(state, 20)).toBe("62% · eta 1m47s");
    expect(progressLine(state, 4)).toBe("62%");
  });

  it("shows minutes past 60 s and hours past 60 min", () => {
    expect([duration(45), duration(60), duration(287), duration(3725)]).toEqual(["45s", "1m00s", "4m47s", "1h02m"]);
  });

  it("counts the estimate down between polls, moving the percentage with it and holding it below 100", () => {
    const last: LineState = { status: "processing", percent: 50, etaS: 10, elapsedS: 5 };
    expect(between(last, 4)).toEqual({ status: "processing", percent: 70, etaS: 6, elapsedS: 9 });
    expect(between(last, 30)).toMatchObject({ etaS: 0, percent: 99, elapsedS: 35 });
    // Without an estimate only the clock moves.
    expect(between({ ...last, etaS: undefined }, 4)).toMatchObject({ percent: 50, elapsedS: 9 });
  });

  it("ends with a clear last line", () => {
    expect(endLine("done", 92)).toBe("✔ done in 1m32s");
    expect(endLine("failed", 45)).toBe("✘ failed after 45s");
  });
});

describe("in a pseudo-terminal", () => {
  let mock: MockServer;
  let bundle: Awaited<ReturnType<typeof bundleCli>>;
  beforeAll(async () => {
    bundle = await bundleCli();
    mock = await startMockServer({ port: 0, timings: { queuedMs: 200, processingMs: 2500 } });
  }, 60_000);
  afterAll(async () => {
    await mock?.close();
    bundle?.remove();
  });

  /** Runs the CLI under `script` in a terminal of `columns` columns; resolves with all it drew. */
  const inTerminal = (columns: number, args: string[]) =>
    new Promise<{ code: number | null; screen: string }>((resolve) => {
      const command = `stty cols ${columns} rows 24; exec ${process.execPath} ${bundle.file} ${args.join(" ")}`;
      const child = spawn("script", ["-qfec", command, "/dev/null"], { env: { ...process.env, NOVITA_API_KEY: "k" } });
      let screen = "";
      child.stdout.on("data", (d) => (screen += d));
      child.on("close", (code) => resolve({ code, screen }));
    });

  it("draws lines that fit 50 columns, then a done line; --json still shows progress", async () => {
    const args = ["run", "vidu-q3-turbo-i2v", "--base-url", mock.url, "--image", "https://example.com/a.png"];
    const run = await inTerminal(50, [...args, "--json", "--timeout", "60", "--out", `${bundle.file}.mp4`]);
    expect(run.code, run.screen).toBe(0);
    const drawn = run.screen.split(/\r|\n/).map((line) => line.replaceAll("\x1b[K", ""));
    const bars = drawn.filter((line) => /[█░]/.test(line));
    expect(bars.length).toBeGreaterThan(0);
    for (const line of bars) expect(line.length).toBeLessThan(50);
    expect(drawn).toContainEqual(expect.stringMatching(/^✔ done in \d+s$/));
    expect(run.screen).toMatch(/"status": "TASK_STATUS_SUCCEED"/);
  });
});

describe("the terminal's progress line between polls", () => {
  it("never moves backwards when a poll reports less than the count-up showed", async () => {
    let now = 0;
    const written: string[] = [];
    const stream = {
      isTTY: true,
      columns: 80,
      write: (text: string) => written.push(text),
    } as unknown as NodeJS.WriteStream;
    const reporter = progressReporter(stream, () => now);
    const poll = (percent: number, eta: number) =>
      reporter.update({
        taskId: "t",
        status: "TASK_STATUS_PROCESSING",
        percent,
        eta,
        elapsedMs: now,
        result: { task: { task_id: "t", status: "TASK_STATUS_PROCESSING" } },
      });
    poll(10, 10);
    now = 6000; // six of the ten seconds: the next redraw counts the line up to 64 %
    await new Promise((resolve) => setTimeout(resolve, 700)); // the line redraws twice a second
    poll(50, 4); // the server says 50 %
    reporter.stop("done");
    const percents = written.map((line) => Number(/ (\d+)% /.exec(line)?.[1] ?? NaN)).filter((n) => !Number.isNaN(n));
    expect(percents.length).toBeGreaterThan(1);
    for (let i = 1; i < percents.length; i++) expect(percents[i]).toBeGreaterThanOrEqual(percents[i - 1]!);
  });
});
