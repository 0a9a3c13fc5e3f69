// The CLI against a careless user and a hostile server: its own flags are checked before the billed
// submit, the task id is printed as soon as there is one, a download cannot hang or leave half a
// file, no path is built from an answer, only regular files are read, and the key is never shown.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleCli, runCli, scriptedApi, stderrShows } from "./helpers.js";

const KEY = "sk_cli_do_not_leak_7f3e";
const scratch = mkdtempSync(join(tmpdir(), "novita-vidu-cli-hard-"));
let bundle: Awaited<ReturnType<typeof bundleCli>>;
let api: Awaited<ReturnType<typeof scriptedApi>>;
/** The video answers its headers and a first chunk, then nothing. */
let stalled: Awaited<ReturnType<typeof scriptedApi>>;

beforeAll(async () => {
  bundle = await bundleCli();
  api = await scriptedApi({ taskId: "t-1" });
  stalled = await scriptedApi({
    video: (res) => {
      res.writeHead(200, { "content-type": "video/mp4", "content-length": "100000" });
      // An MP4's first box (`ftyp`), so the download passes its checks and then stalls.
      res.write(Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from("ftypisom"), Buffer.alloc(988)]));
    },
  });
}, 60_000);
afterAll(async () => {
  await api?.close();
  await stalled?.close();
  bundle?.remove();
  rmSync(scratch, { recursive: true, force: true });
});

const cli = (args: string[], env: Record<string, string | undefined> = { NOVITA_API_KEY: KEY }, cwd = scratch) =>
  runCli(bundle.file, cwd, args, env);
const run = (url: string) => ["run", "vidu-q3-turbo-i2v", "--image", "https://example.com/a.png", "--base-url", url];
const posts = (from: number) => api.seen.slice(from).filter((r) => r.method === "POST");

// Concurrent blocks: none of their tests sends a request, so "nothing sent" holds whatever runs beside it.
describe.concurrent("flags wrong in a way only the CLI knows: exit 2 before the submit", () => {
  mkdirSync(join(scratch, "a-folder"), { recursive: true });
  it.each([
    [["--out", "/nonexistent/x.mp4", "--json"], /--out \/nonexistent\/x\.mp4: the folder \/nonexistent does not exist/],
    [["--out", join(scratch, "a-folder")], /--out .*a-folder is a directory: name a file/],
    [["--out", "/dev/null"], /--out \/dev\/null is not a regular file/],
    [["--timeout", "-1"], /--timeout must be a positive number of seconds \(got "-1"\)/],
    [["--timeout", "abc"], /--timeout must be a positive number of seconds \(got "abc"\)/],
    [["--timeout", "0"], /--timeout must be a positive number of seconds \(got "0"\)/],
    [["--download-timeout", "0x5"], /--download-timeout must be a positive number of seconds/],
    [["--download-timeout", "2200000"], /--download-timeout must be at most 2147483 seconds \(got "2200000"\)/],
    [["--duration", "0x5"], /--duration must be a number \(got "0x5"\)/],
  ])("%j", async (args, message) => {
    const before = api.seen.length;
    const { code, stderr } = await cli([...run(api.url), ...args]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(posts(before)).toEqual([]);
  });

  it("a subject part named __proto__ is refused, not dropped", async () => {
    const before = api.seen.length;
    const args = ["submit", "viduq2-pro-fast", "--base-url", api.url, "--prompt", "p", "--duration", "5"];
    const { code, stderr } = await cli([...args, "--subject", "__proto__=x,image=https://example.com/a.png"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--subject "__proto__=x,image=.*": each part must be key=value with a key among name/);
    expect(posts(before)).toEqual([]);
  });

  it("--base-url that is not a URL names the flag", async () => {
    const { code, stderr } = await cli([...run("garbage")]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^novita-vidu: --base-url must be an http\(s\) URL \(got "garbage"\)/);
  });
});

describe.concurrent("image files that are not regular files: exit 2 naming the flag", () => {
  it.each([
    ["a directory", () => scratch, /--image .* is a directory, not a file/],
    ["a FIFO", () => (execFileSync("mkfifo", [join(scratch, "fifo")]), join(scratch, "fifo")), /is not a regular file/],
    ["an endless device", () => "/dev/zero", /--image \/dev\/zero is not a regular file/],
  ])("%s", async (_, path, message) => {
    const before = api.seen.length;
    const { code, stderr } = await cli(["run", "vidu-q3-turbo-i2v", "--image", path(), "--base-url", api.url]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(posts(before)).toEqual([]);
  });
});

describe("after the submit", () => {
  it("prints the task id at once with --json, and how to resume when the download fails", async () => {
    const out = join(scratch, "json.mp4");
    const { code, stdout, stderr } = await cli([...run(api.url), "--json", "--out", out]);
    expect(code).toBe(1); // this API has no video to download
    const resume = `novita-vidu wait t-1 --base-url ${api.url} --out ${out}`;
    // One document a script can read: what failed, the task and the command that resumes.
    expect(JSON.parse(stdout)).toEqual({
      error: {
        type: "download",
        exit_code: 1,
        message: expect.stringMatching(/404/),
        reason: expect.stringMatching(/^(EXPIRED|HTTP_STATUS)$/),
        status: 404,
        task_id: "t-1",
        resume,
      },
    });
    expect(stderr).toMatch(/^task t-1$/m);
    expect(stderr).toContain(`Resume with: ${resume}`);
    expect(existsSync(out)).toBe(false);
  });

  it("gives up a download that stalls, leaving no partial file", async () => {
    const dir = mkdtempSync(join(scratch, "stall-"));
    const out = join(dir, "v.mp4");
    const started = Date.now();
    const { code, stderr } = await cli([...run(stalled.url), "--out", out, "--download-timeout", "0.5"]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/downloading the video from 127\.0\.0\.1:\d+: no data for 0\.5 s/);
    expect(stderr).toContain(`Resume with: novita-vidu wait t-1 --base-url ${stalled.url} --out ${out}`);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("on Ctrl-C during the download exits 130, says how to resume and leaves no partial file", async () => {
    const dir = mkdtempSync(join(scratch, "sigint-"));
    const out = join(dir, "v.mp4");
    const running = cli([...run(stalled.url), "--out", out]);
    await stderrShows(running.child, /downloading http/);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the first chunk is on disk
    running.child.kill("SIGINT");
    const { code, stderr } = await running;
    expect(code).toBe(130);
    expect(stderr).toContain(`Resume with: novita-vidu wait t-1 --base-url ${stalled.url} --out ${out}`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("builds no path from a task id the server made up", async () => {
    const hostile = await scriptedApi({ taskId: "../../pwned" });
    const cwd = join(scratch, "deep", "er");
    mkdirSync(cwd, { recursive: true });
    try {
      const { code, stderr } = await cli(run(hostile.url), { NOVITA_API_KEY: KEY }, cwd);
      expect(code).toBe(1);
      expect(stderr).toMatch(/MALFORMED_RESPONSE – the answer has no task_id/);
      expect(stderr).toMatch(/look for the task before sending it again/);
      expect(readdirSync(scratch).filter((name) => name.includes("pwned"))).toEqual([]);
    } finally {
      await hostile.close();
    }
  });
});

describe("the key", () => {
  it("with a line break is refused by name, without being printed", async () => {
    const before = api.seen.length;
    const { code, stderr } = await cli(run(api.url), { NOVITA_API_KEY: `${KEY}\r\nX-Injected: 1` });
    expect(code).toBe(2);
    expect(stderr).toMatch(/NOVITA_API_KEY must be printable ASCII with no spaces or line breaks/);
    expect(stderr).not.toContain(KEY);
    expect(api.seen.length).toBe(before);
  });

  it("echoed by a server is not printed", async () => {
    const echo = await scriptedApi({
      submit: (res, headers) => {
        res.writeHead(401, { "content-type": "application/json" });
        res.end(JSON.stringify({ reason: "UNAUTHORIZED", message: `bad ${headers.authorization}`, metadata: {} }));
      },
    });
    try {
      const { code, stderr } = await cli(run(echo.url));
      expect(code).toBe(1);
      expect(stderr).toMatch(/401 UNAUTHORIZED – bad Bearer \[redacted\]/);
      expect(stderr).not.toContain(KEY);
    } finally {
      await echo.close();
    }
  });

  it("is not sent with --mock, even when NOVITA_API_KEY is set", async () => {
    const before = api.seen.length;
    const { code, stdout } = await cli([...run(api.url).map((a) => (a === "run" ? "submit" : a)), "--mock"]);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe("t-1");
    const sent = api.seen.slice(before).map((r) => r.headers.authorization);
    expect(sent).toHaveLength(1);
    expect(sent[0]).not.toContain(KEY);
  });
});

describe.concurrent("help", () => {
  it("run --help lists every model and where its flags are", async () => {
    const { code, stdout } = await cli(["run", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/novita-vidu run <model> --help/);
    expect(stdout).toMatch(/^ {2}vidu-q3-turbo-i2v +Vidu Q3 Turbo image to video$/m);
  });

  it.each([
    [["run", "vidu-q3-turbo-iv2"], /unknown model "vidu-q3-turbo-iv2"\. Did you mean vidu-q3-turbo-i2v\?/],
    [[...run("http://127.0.0.1:9"), "--duraton", "5"], /unknown option '--duraton'\n\(Did you mean --duration\?\)/],
    [["rn"], /unknown command 'rn'\n\(Did you mean run\?\)/],
  ])("suggests the name meant for %j", async (args, message) => {
    const { code, stderr } = await cli(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});
