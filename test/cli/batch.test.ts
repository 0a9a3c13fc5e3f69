// `novita-vidu batch` as a user runs it: killed with SIGKILL halfway and run again, it submits no job
// twice (counted at the server) and ends with every video; a bad line stops it before anything is
// sent; a submit that may have been received without an id is reported and never sent again.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pacer } from "../../src/cli/batch/pacer.js";
import { VIDEO_DEFAULTS } from "../../generated/mock-videos.js";
import { startMockServer, type MockServer } from "../../src/mock/node.js";
import { mockVideo } from "../../src/mock/video.js";
import { bundleCli, ROOT, runCli, scriptedApi, stderrShows } from "./helpers.js";

/** The mock's video for vidu-q3-turbo-i2v at 4 s (its default aspect ratio). */
const SAMPLE = Buffer.from(mockVideo({ aspectRatio: VIDEO_DEFAULTS["vidu-q3-turbo-i2v"]!.aspectRatio, duration: 4 }));
const scratch = mkdtempSync(join(tmpdir(), "novita-vidu-cli-batch-"));
let bundle: Awaited<ReturnType<typeof bundleCli>>;
let mock: MockServer;
/** The submits the mock answered, by path. */
const submits: string[] = [];

beforeAll(async () => {
  bundle = await bundleCli();
  mock = await startMockServer({
    port: 0,
    timings: { queuedMs: 200, processingMs: 1500 },
    log: (line) => /^POST /.test(line) && submits.push(line),
  });
}, 60_000);
afterAll(async () => {
  await mock?.close();
  bundle?.remove();
  rmSync(scratch, { recursive: true, force: true });
});

const cli = (args: string[]) => runCli(bundle.file, scratch, args, {});
/** A batch of `jobs` against the mock, saving into `dir` under the scratch folder. */
const batch = (jobs: string, dir: string) =>
  cli(["batch", jobs, "--out-dir", join(scratch, dir), "--mock", "--base-url", mock.url]);
const job = (n: number) =>
  JSON.stringify({ model: "vidu-q3-turbo-i2v", image: "https://example.com/a.png", prompt: `shot ${n}`, duration: 4 });
const journalOf = (jobs: string) =>
  existsSync(`${jobs}.journal`)
    ? readFileSync(`${jobs}.journal`, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { job: string; event: string; task_id?: string })
    : [];

describe("a batch killed with SIGKILL and run again", () => {
  it("submits no job twice and ends with every video", async () => {
    const jobs = join(scratch, "five.jsonl");
    writeFileSync(jobs, [1, 2, 3, 4, 5].map(job).join("\n") + "\n");
    const out = join(scratch, "five");
    const args = ["batch", jobs, "--out-dir", out, "--concurrency", "2", "--mock", "--base-url", mock.url];
    const before = submits.length;

    const first = cli(args);
    // Killed once two jobs are saved and two more are submitted: the fifth waits for a free slot.
    const deadline = Date.now() + 20_000;
    let entries = journalOf(jobs);
    while (Date.now() < deadline) {
      entries = journalOf(jobs);
      const submitted = entries.filter((e) => e.event === "submitted").length;
      if (submitted >= 4) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    first.child.kill("SIGKILL");
    expect((await first).code).toBe(null); // killed, not ended
    const count = (event: string) => entries.filter((e) => e.event === event).length;
    expect(count("submitted")).toBe(4);
    expect(count("submitting")).toBe(4); // no submit was under way when it died
    expect(submits.length - before).toBe(4);
    expect(readdirSync(out).filter((f) => f.endsWith(".mp4")).length).toBeLessThan(5);

    const second = await cli([...args, "--json"]);
    expect(second.code, second.stderr).toBe(0);
    expect(submits.length - before).toBe(5); // only the fifth was sent
    const lines = second.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => l.line).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(lines.every((l) => l.status === "done")).toBe(true);
    for (const n of [1, 2, 3, 4, 5]) expect(readFileSync(join(out, `line-${n}.mp4`)).equals(SAMPLE)).toBe(true);
    // One task per job, each journaled once.
    const tasks = journalOf(jobs).filter((e) => e.event === "submitted");
    expect(new Set(tasks.map((e) => e.job)).size).toBe(5);
    expect(new Set(tasks.map((e) => e.task_id)).size).toBe(5);
    expect(second.stderr).toMatch(/5 done · 0 running · 0 queued · 0 failed/);

    // A third run has nothing left to do: it sends nothing.
    const third = await cli(args);
    expect(third.code).toBe(0);
    expect(submits.length - before).toBe(5);
  }, 60_000);
});

describe("a batch against a rate limit", () => {
  it("sends each job again after a 429 until it is taken, and creates one task per job", async () => {
    // One submit per second: three jobs at once meet 429s, which create nothing and are sent again.
    const answered: string[] = [];
    const limited = await startMockServer({
      port: 0,
      timings: { queuedMs: 0, processingMs: 100 },
      rateLimit: { requests: 1, windowMs: 1000 },
      log: (line) => /^POST /.test(line) && answered.push(line),
    });
    try {
      const jobs = join(scratch, "limited.jsonl");
      writeFileSync(jobs, [21, 22, 23].map(job).join("\n") + "\n");
      const out = join(scratch, "limited");
      const args = ["batch", jobs, "--out-dir", out, "--concurrency", "3", "--mock", "--base-url", limited.url];
      const { code, stderr } = await cli([...args, "--json"]);
      expect(code, stderr).toBe(0);
      expect(answered.filter((line) => line.endsWith("→ 429")).length).toBeGreaterThan(0);
      expect(answered.filter((line) => line.endsWith("→ 200"))).toHaveLength(3);
      const tasks = journalOf(jobs).filter((e) => e.event === "submitted");
      expect(new Set(tasks.map((e) => e.task_id)).size).toBe(3);
      for (const n of [1, 2, 3]) expect(readFileSync(join(out, `line-${n}.mp4`)).equals(SAMPLE)).toBe(true);
    } finally {
      await limited.close();
    }
  }, 60_000);
});

describe("Ctrl-C during a batch", () => {
  it("stops waiting, keeps the journal, frees its lock, says how to resume and exits 130", async () => {
    const jobs = join(scratch, "stopped.jsonl");
    writeFileSync(jobs, `${job(11)}\n${job(12)}\n`);
    const running = cli(["batch", jobs, "--out-dir", join(scratch, "stopped"), "--mock", "--base-url", mock.url]);
    await stderrShows(running.child, /submitted[\s\S]*submitted/);
    running.child.kill("SIGINT");
    const { code, stderr } = await running;
    expect(code).toBe(130);
    expect(stderr).toContain(`Resume with: novita-vidu batch ${jobs} --out-dir ${join(scratch, "stopped")} --mock`);
    expect(journalOf(jobs).filter((e) => e.event === "submitted")).toHaveLength(2);
    expect(existsSync(`${jobs}.journal.lock`)).toBe(false);
  });
});

describe("the jobs file is checked whole before anything is sent", () => {
  it.each([
    ["not JSON", "{model", /line 2: not JSON/],
    ["an unknown model", `{"model": "vidu-q9"}`, /line 2: "model": unknown model "vidu-q9"/],
    ["an unknown field", `{"model": "vidu-q3-turbo-i2v", "colour": "red"}`, /line 2: "colour" is not a field/],
    [
      "a field out of range",
      `{"model": "vidu-q3-turbo-i2v", "image": "https://e.com/a.png", "duration": 99}`,
      /line 2: --duration must be between 1 and 16/,
    ],
    [
      "a body that breaks a rule",
      `{"model": "vidu-q3-turbo-i2v", "body": {"images": []}}`,
      /line 2: body: images must be at least 1/,
    ],
    [
      "an out that is a path",
      `{"model": "vidu-q3-turbo-i2v", "image": "https://e.com/a.png", "out": "../x.mp4"}`,
      /line 2: "out" must be a plain file name/,
    ],
  ])("%s: exit 2 naming the line and the field", async (_, bad, message) => {
    const jobs = join(scratch, `bad-${Math.random().toString(36).slice(2)}.jsonl`);
    writeFileSync(jobs, `${job(1)}\n${bad}\n`);
    const before = submits.length;
    const { code, stderr } = await batch(jobs, "bad");
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(submits.length).toBe(before);
    expect(existsSync(`${jobs}.journal`)).toBe(false);
  });

  it("refuses more jobs than it takes", async () => {
    const jobs = join(scratch, "many.jsonl");
    writeFileSync(jobs, `${job(1)}\n`.repeat(10_001));
    const { code, stderr } = await batch(jobs, "many");
    expect(code).toBe(2);
    expect(stderr).toMatch(/has more than 10000 jobs: split it/);
  });
});

describe("a submit that may have been received without an id", () => {
  it("is reported and never sent again, even with --retry-failed", async () => {
    const api = await scriptedApi({
      submit: (res) => {
        res.writeHead(502, { "content-type": "application/json" });
        res.end(JSON.stringify({ code: 502, reason: "BAD_GATEWAY", message: "upstream went away", metadata: {} }));
      },
    });
    try {
      const jobs = join(scratch, "unknown.jsonl");
      writeFileSync(jobs, `${job(1)}\n`);
      const args = ["batch", jobs, "--out-dir", join(scratch, "unknown"), "--mock", "--base-url", api.url, "--json"];
      const posts = () => api.seen.filter((r) => r.method === "POST").length;
      const first = await cli(args);
      expect(first.code).toBe(1);
      expect(JSON.parse(first.stdout)).toMatchObject({ line: 1, status: "maybe_received", task_id: null });
      expect(posts()).toBe(1);
      for (const again of [args, [...args, "--retry-failed"]]) {
        const { code, stdout } = await cli(again);
        expect(code).toBe(1);
        expect(JSON.parse(stdout).message).toMatch(/may have reached Novita without an answer/);
      }
      expect(posts()).toBe(1);
    } finally {
      await api.close();
    }
  });
});

describe("the README's batch example", () => {
  it("runs as shown, against the mock, and saves each video", async () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### Many videos: `batch`"));
    const jobs = /```jsonl\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
    const command = /```sh\nnovita-vidu (.*)\n```/.exec(section)?.[1]?.split(" ") ?? [];
    expect(command[0]).toBe("batch");
    const dir = mkdtempSync(join(scratch, "readme-"));
    writeFileSync(join(dir, command[1]!), jobs);
    writeFileSync(join(dir, "cat.png"), Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"));
    const { code, stderr } = await runCli(bundle.file, dir, [...command, "--mock", "--base-url", mock.url], {});
    expect(code, stderr).toBe(0);
    const out = join(dir, command[command.indexOf("--out-dir") + 1]!);
    expect(readdirSync(out).sort()).toEqual(["cat.mp4", "line-2.mp4"]);
    expect(readFileSync(join(out, "cat.mp4")).equals(SAMPLE)).toBe(true);
  }, 30_000);
});

describe("the pace of submits after a 429", () => {
  it("pauses every submit, doubling the pause with each 429 in a row and resetting after a success", async () => {
    const pace = pacer(20);
    const signal = new AbortController().signal;
    expect(pace.limited()).toBe(true);
    expect(pace.pauseS()).toBe(0.02);
    let started = Date.now();
    await pace.ready(signal);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    expect(pace.limited()).toBe(true);
    expect(pace.pauseS()).toBe(0.04);
    pace.succeeded();
    expect(pace.limited()).toBe(true);
    expect(pace.pauseS()).toBe(0.02);
    // Patience ends: the ninth 429 in a row gives the job up.
    for (let i = 0; i < 7; i++) expect(pace.limited()).toBe(true);
    expect(pace.limited()).toBe(false);
    started = Date.now();
    const stopped = new AbortController();
    stopped.abort(new Error("stop"));
    await expect(pace.ready(stopped.signal)).rejects.toThrow("stop");
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
