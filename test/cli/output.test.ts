// Output discipline, as a script sees it: with --json one JSON document on stdout whatever happens,
// exit codes by kind of ending, --out that never replaces a file unasked, --out - for the video on
// stdout, and resume commands that work as pasted (same host, same mock, same file, never the key).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VIDEO_DEFAULTS } from "../../generated/mock-videos.js";
import { startMockServer, type MockServer } from "../../src/mock/node.js";
import { mockVideo } from "../../src/mock/video.js";
import { bundleCli, ROOT, runCli, stderrShows } from "./helpers.js";

/** The mock's video for vidu-q3-turbo-i2v at 5 s (its default aspect ratio). */
const SAMPLE = Buffer.from(mockVideo({ aspectRatio: VIDEO_DEFAULTS["vidu-q3-turbo-i2v"]!.aspectRatio, duration: 5 }));
const VERSION = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;
const KEY = "sk_output_do_not_leak_91ab";
const scratch = mkdtempSync(join(tmpdir(), "novita-vidu-cli-out-"));
let bundle: Awaited<ReturnType<typeof bundleCli>>;
let mock: MockServer;
const posts: string[] = [];

beforeAll(async () => {
  bundle = await bundleCli();
  mock = await startMockServer({
    port: 0,
    timings: { queuedMs: 200, processingMs: 2500 },
    log: (line) => /POST/.test(line) && posts.push(line),
  });
}, 60_000);
afterAll(async () => {
  await mock?.close();
  bundle?.remove();
  rmSync(scratch, { recursive: true, force: true });
});

const cli = (args: string[]) => runCli(bundle.file, scratch, args, { NOVITA_API_KEY: KEY });
const q3 = (...more: string[]) => [
  "run",
  "vidu-q3-turbo-i2v",
  "--base-url",
  mock.url,
  "--image",
  "https://example.com/a.png",
  ...more,
];

// In sequence: "nothing sent" counts the submits the mock saw.
describe("--json prints one document on stdout, whatever happens", () => {
  it("a failed task: its result with the reason, exit 1", async () => {
    const { code, stdout, stderr } = await cli(q3("--prompt", "[fail:008007004] x", "--json"));
    expect(code, stderr).toBe(1);
    const document = JSON.parse(stdout);
    expect(document.task.status).toBe("TASK_STATUS_FAILED");
    expect(document.error).toMatchObject({ type: "task_failed", exit_code: 1, failure_code: "008007004" });
    expect(document.error.reason).toBe(document.task.reason);
    expect(stderr).not.toMatch(/Resume with/); // a failed task is not resumed
  });

  it("bad input: the usage error, exit 2, nothing sent", async () => {
    const before = posts.length;
    const { code, stdout } = await cli(q3("--duration", "99", "--json"));
    expect(code).toBe(2);
    expect(JSON.parse(stdout).error).toMatchObject({ type: "usage", exit_code: 2 });
    expect(JSON.parse(stdout).error.message).toMatch(/--duration must be between 1 and 16/);
    expect(posts.length).toBe(before);
  });
});

describe("--out", () => {
  it("refuses an existing file before anything is sent, and replaces it with --force", async () => {
    const out = join(scratch, "kept.mp4");
    writeFileSync(out, "an earlier video");
    const before = posts.length;
    const refused = await cli(q3("--out", out));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--out .*kept\.mp4 exists: pass --force to replace it/);
    expect(readFileSync(out, "utf8")).toBe("an earlier video");
    expect(posts.length).toBe(before);
    const forced = await cli(q3("--out", out, "--force"));
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(out).equals(SAMPLE)).toBe(true);
  });

  it("- writes the video to stdout, and the text to stderr", async () => {
    const running = runCli(bundle.file, scratch, q3("--out", "-"), { NOVITA_API_KEY: KEY });
    const chunks: Buffer[] = [];
    running.child.stdout?.on("data", (d: Buffer) => chunks.push(d));
    const { code, stderr } = await running;
    expect(code, stderr).toBe(0);
    expect(Buffer.concat(chunks).equals(SAMPLE)).toBe(true);
    expect(stderr).toContain(`✔ saved to stdout (${(SAMPLE.length / 1024).toFixed(1)} KB)`);
  });

  it("- with --json is refused: both would write stdout", async () => {
    const { code, stderr } = await cli(q3("--out", "-", "--json"));
    expect(code).toBe(2);
    expect(stderr).toMatch(/--out - writes the video to stdout, where --json writes its document/);
  });
});

describe("the resume command", () => {
  it("after Ctrl-C repeats --base-url, --mock and --out (never the key), and works as pasted", async () => {
    const out = join(scratch, "resumed.mp4");
    const running = cli(q3("--mock", "--out", out));
    await stderrShows(running.child, /eta/);
    running.child.kill("SIGINT");
    const { code, stderr } = await running;
    expect(code).toBe(130);
    const taskId = /^task ([\w-]+)$/m.exec(stderr)?.[1];
    const resume = /^Resume with: (.*)$/m.exec(stderr)?.[1] ?? "";
    expect(resume).toBe(`novita-vidu wait ${taskId} --base-url ${mock.url} --mock --out ${out}`);
    expect(stderr).not.toContain(KEY);
    expect(existsSync(out)).toBe(false);
    // Pasted without NOVITA_API_KEY: --mock is in it, so it needs none.
    const pasted = await runCli(bundle.file, scratch, resume.split(" ").slice(1), {});
    expect(pasted.code, pasted.stderr).toBe(0);
    expect(readFileSync(out).equals(SAMPLE)).toBe(true);
  });

  it("quotes what the shell would split", async () => {
    const { resumeCommand } = await import("../../src/cli/output.js");
    expect(resumeCommand("t-1", { out: "/tmp/my video's.mp4", force: true })).toBe(
      `novita-vidu wait t-1 --out '/tmp/my video'\\''s.mp4' --force`,
    );
  });
});

describe.concurrent("small things a terminal user expects", () => {
  it("--version prints the package's version", async () => {
    const { code, stdout } = await cli(["--version"]);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(VERSION);
  });

  it("a refused connection names the host and how to start the mock", async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const { code, stderr } = await cli(["result", "t-1", "--base-url", `http://127.0.0.1:${port}`]);
    expect(code).toBe(1);
    expect(stderr).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
    expect(stderr).toMatch(/start the mock with `npx novita-vidu mock`/);
  });
});
