// downloadVideo against a video host that misbehaves: each failure leaves nothing behind (no partial
// file, an existing file untouched) and says what to do; a reset or a retryable status resumes; an
// expired link is refreshed through getResult (over the mock).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadVideo } from "../../src/node.js";
import { ViduAbortError, ViduValidationError } from "../../src/index.js";
import { ViduDownloadError } from "../../src/download/errors.js";
import {
  html,
  ignoringRange,
  novita,
  resetHalfway,
  resultAt,
  SAMPLE,
  stall,
  status,
  video,
  videoHost,
  type Host,
} from "./server.js";

const scratch = mkdtempSync(join(tmpdir(), "novita-vidu-download-"));
let host: Host;
let upstream: Awaited<ReturnType<typeof novita>>;
const fast = { retryDelayMs: 10 };

beforeAll(async () => {
  host = await videoHost({
    "/video.mp4": [video],
    "/page": [html],
    "/octets-of-html": [(res) => void res.writeHead(200, { "content-type": "video/mp4" }).end("<!doctype html>…")],
    "/503-then-200": [status(503), video],
    "/425-then-200": [status(425), video],
    "/always-503": [status(503)],
    "/429-for-a-second": [status(429, "text/plain", { "retry-after": "1" }), video],
    "/503-for-an-hour": [status(503, "text/plain", { "retry-after": "3600" }), video],
    "/reset": [resetHalfway, video],
    "/always-reset": [resetHalfway],
    "/reset-then-no-range": [resetHalfway, ignoringRange("Tue, 08 Dec 2026 00:00:00 GMT")],
    "/reset-then-changed": [resetHalfway, ignoringRange("Wed, 09 Dec 2026 00:00:00 GMT")],
    "/stall": [stall],
    "/gone": [status(410)],
    "/forbidden": [status(403)],
  });
  upstream = await novita();
}, 30_000);
afterAll(async () => {
  await host.close();
  await upstream.mock.close();
  rmSync(scratch, { recursive: true, force: true });
});

const folder = () => mkdtempSync(join(scratch, "case-"));
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable("the download succeeded"),
    (error: unknown) => error,
  );
const requests = (path: string) => host.seen.filter((line) => line.split(" ")[0] === path);

describe("downloadVideo", () => {
  it("saves a whole video from a URL, reporting progress, and leaves only the file", async () => {
    const dir = folder();
    const progress: [number, number | undefined][] = [];
    const saved = await downloadVideo(`${host.url}/video.mp4`, join(dir, "v.mp4"), {
      onProgress: (bytes, total) => progress.push([bytes, total]),
    });
    expect(saved).toEqual({ file: join(dir, "v.mp4"), bytes: SAMPLE.length, type: "mp4" });
    expect(readFileSync(saved.file).equals(SAMPLE)).toBe(true);
    expect(progress.at(-1)).toEqual([SAMPLE.length, SAMPLE.length]);
    expect(readdirSync(dir)).toEqual(["v.mp4"]);
  });

  it("refuses an HTML page answered with 200 (an expired link's error page), saving nothing", async () => {
    const dir = folder();
    const error = await failure(downloadVideo(`${host.url}/page`, join(dir, "v.mp4")));
    expect(error).toBeInstanceOf(ViduDownloadError);
    expect(error).toMatchObject({ reason: "NOT_A_VIDEO", status: 200, host: host.url.slice(7) });
    expect((error as Error).message).toMatch(/the answer is text\/html, not a video/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("refuses bytes that are no video type the spec names, whatever the Content-Type says", async () => {
    const dir = folder();
    const error = await failure(downloadVideo(`${host.url}/octets-of-html`, join(dir, "v.mp4")));
    expect(error).toMatchObject({
      reason: "NOT_A_VIDEO",
      message: expect.stringMatching(/first bytes are not a video \(mp4 or gif\)/),
    });
    expect(readdirSync(dir)).toEqual([]);
  });

  it("retries a 503 and saves the video the next answer brings", async () => {
    const dir = folder();
    const saved = await downloadVideo(`${host.url}/503-then-200`, join(dir, "v.mp4"), fast);
    expect(readFileSync(saved.file).equals(SAMPLE)).toBe(true);
    expect(requests("/503-then-200")).toHaveLength(2);
  });

  it("retries a CDN's 425 Too Early as well", async () => {
    const saved = await downloadVideo(`${host.url}/425-then-200`, join(folder(), "v.mp4"), fast);
    expect(readFileSync(saved.file).equals(SAMPLE)).toBe(true);
    expect(requests("/425-then-200")).toHaveLength(2);
  });

  it("gives up after `retries` retries of a 503, saying to try later", async () => {
    const dir = folder();
    const error = await failure(downloadVideo(`${host.url}/always-503`, join(dir, "v.mp4"), { ...fast, retries: 2 }));
    expect(error).toMatchObject({ reason: "HTTP_STATUS", status: 503, message: expect.stringMatching(/3 tries/) });
    expect(requests("/always-503")).toHaveLength(3);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("waits as long as Retry-After asks before it tries again", async () => {
    const dir = folder();
    const start = Date.now();
    const saved = await downloadVideo(`${host.url}/429-for-a-second`, join(dir, "v.mp4"), fast);
    expect(Date.now() - start).toBeGreaterThanOrEqual(990); // not retryDelayMs (10 ms)
    expect(readFileSync(saved.file).equals(SAMPLE)).toBe(true);
    expect(requests("/429-for-a-second")).toHaveLength(2);
  });

  it("stops at once when Retry-After asks for longer than its longest wait, saying when to try", async () => {
    const dir = folder();
    const error = await failure(downloadVideo(`${host.url}/503-for-an-hour`, join(dir, "v.mp4"), fast));
    expect(error).toMatchObject({
      reason: "HTTP_STATUS",
      status: 503,
      message: expect.stringMatching(/HTTP 503: the server asks to wait 3600 s: try again then$/),
    });
    expect(requests("/503-for-an-hour")).toHaveLength(1);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("resumes with Range after a reset halfway, and the file is whole", async () => {
    const dir = folder();
    const saved = await downloadVideo(`${host.url}/reset`, join(dir, "v.mp4"), fast);
    expect(readFileSync(saved.file).equals(SAMPLE)).toBe(true);
    const [first, second, ...more] = requests("/reset");
    expect(first).toBe("/reset");
    expect(second).toMatch(/^\/reset range=bytes=\d+-$/);
    expect(Number(/=(\d+)-/.exec(second!)![1])).toBeGreaterThan(0);
    expect(more).toEqual([]);
  });

  it("resumes from a server that ignores Range by skipping the bytes it has, when the video is the same", async () => {
    const dir = folder();
    const saved = await downloadVideo(`${host.url}/reset-then-no-range`, join(dir, "v.mp4"), fast);
    expect(readFileSync(saved.file).equals(SAMPLE)).toBe(true);
    expect(requests("/reset-then-no-range")[1]).toMatch(/range=bytes=\d+-$/);
  });

  it("refuses to splice a video that changed between a reset and the resumed answer", async () => {
    const dir = folder();
    const error = await failure(downloadVideo(`${host.url}/reset-then-changed`, join(dir, "v.mp4"), fast));
    expect(error).toMatchObject({ reason: "LENGTH_MISMATCH", message: expect.stringMatching(/the video changed/) });
    expect(readdirSync(dir)).toEqual([]);
  });

  it("stops resuming when every answer breaks, and removes the partial file", async () => {
    const dir = folder();
    const error = await failure(downloadVideo(`${host.url}/always-reset`, join(dir, "v.mp4"), { ...fast, retries: 1 }));
    expect(error).toMatchObject({ reason: "NETWORK", message: expect.stringMatching(/the connection broke/) });
    expect(readdirSync(dir)).toEqual([]);
  });

  it("stops after stallMs with no data, and removes the partial file", async () => {
    const dir = folder();
    const started = Date.now();
    const error = await failure(downloadVideo(`${host.url}/stall`, join(dir, "v.mp4"), { stallMs: 300 }));
    expect(error).toMatchObject({ reason: "STALLED", message: expect.stringMatching(/no data for 0.3 s/) });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("removes the partial file when its signal aborts halfway", async () => {
    const dir = folder();
    const controller = new AbortController();
    const error = await failure(
      downloadVideo(`${host.url}/stall`, join(dir, "v.mp4"), {
        signal: controller.signal,
        onProgress: () => setTimeout(() => controller.abort(new Error("stop")), 50),
      }),
    );
    expect(error).toBeInstanceOf(ViduAbortError);
    expect((error as Error).cause).toEqual(new Error("stop"));
    expect(readdirSync(dir)).toEqual([]);
  });

  it("stops when onProgress throws, saying so, and removes the partial file", async () => {
    const dir = folder();
    const error = await failure(
      downloadVideo(`${host.url}/video.mp4`, join(dir, "v.mp4"), {
        onProgress: () => {
          throw new Error("the app's bug");
        },
      }),
    );
    expect(error).toMatchObject({
      message: expect.stringMatching(/onProgress threw/),
      cause: new Error("the app's bug"),
    });
    expect(readdirSync(dir)).toEqual([]);
  });

  it("names the file it cannot write when its folder does not exist", async () => {
    const file = join(folder(), "missing", "v.mp4");
    const error = await failure(downloadVideo(`${host.url}/video.mp4`, file));
    expect(error).toMatchObject({
      reason: "FILE_WRITE",
      message: expect.stringContaining(`${file} cannot be written (ENOENT)`),
    });
  });

  it("refuses to replace an existing file unless overwrite is set, fetching nothing", async () => {
    const dir = folder();
    const file = join(dir, "v.mp4");
    writeFileSync(file, "mine");
    const before = host.seen.length;
    const error = await failure(downloadVideo(`${host.url}/video.mp4`, file));
    expect(error).toMatchObject({ reason: "FILE_EXISTS", message: expect.stringMatching(/overwrite: true/) });
    expect(host.seen.length).toBe(before);
    expect(readFileSync(file, "utf8")).toBe("mine");
    await downloadVideo(`${host.url}/video.mp4`, file, { overwrite: true });
    expect(readFileSync(file).equals(SAMPLE)).toBe(true);
    expect(readdirSync(dir)).toEqual(["v.mp4"]);
  });

  it("refreshes an expired link (410) through getResult, given a task result", async () => {
    const dir = folder();
    const { reader, taskId } = upstream;
    const calls = reader.calls.length;
    const saved = await downloadVideo(resultAt(`${host.url}/gone`, taskId), join(dir, "v.mp4"), { client: reader });
    expect(readFileSync(saved.file).equals(SAMPLE)).toBe(true);
    expect(reader.calls.slice(calls)).toEqual([taskId]);
    expect(requests("/gone").length).toBeGreaterThan(0);
  });

  it("refreshes a link past its video_url_ttl before fetching it, given a URL and a task id", async () => {
    const dir = folder();
    const { reader, taskId } = upstream;
    const before = requests("/forbidden").length;
    const stale = resultAt(`${host.url}/forbidden`, taskId, 10_000, 1);
    const saved = await downloadVideo(stale, join(dir, "v.mp4"), { client: reader });
    expect(readFileSync(saved.file).equals(SAMPLE)).toBe(true);
    expect(requests("/forbidden").length).toBe(before);
    const fromUrl = await downloadVideo(`${host.url}/forbidden`, join(dir, "w.mp4"), { client: reader, taskId });
    expect(fromUrl.bytes).toBe(SAMPLE.length);
  });

  it("says how to refresh an expired link when it has no client", async () => {
    const dir = folder();
    const error = await failure(downloadVideo(`${host.url}/forbidden`, join(dir, "v.mp4")));
    expect(error).toMatchObject({ reason: "EXPIRED", status: 403 });
    expect((error as Error).message).toMatch(/HTTP 403 \(expired\?\): pass \{ client, taskId \}/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each([
    ["more bytes than Content-Length", "10", /more than the 10 bytes announced/],
    ["fewer bytes than Content-Length", String(SAMPLE.length * 2), /ended after \d+ of \d+ bytes/],
  ])("refuses %s", async (_, length, message) => {
    const dir = folder();
    // A fetch that does not enforce Content-Length itself, as some runtimes' do not.
    const lying = async () =>
      new Response(new Blob([SAMPLE]).stream(), { headers: { "content-type": "video/mp4", "content-length": length } });
    const error = await failure(
      downloadVideo("https://cdn.test/v.mp4", join(dir, "v.mp4"), { fetch: lying, retries: 0 }),
    );
    expect(error).toMatchObject({ reason: "LENGTH_MISMATCH", message: expect.stringMatching(message) });
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each([
    [{ stallMs: 2_200_000_000 }, /stallMs must be a positive number of milliseconds up to 2147483647/],
    [{ stallMs: 0 }, /stallMs must be a positive/],
    [{ retries: -1 }, /retries must be a whole number from 0 to 100/],
    [{ retries: 1.5 }, /retries must be a whole number/],
    [{ retryDelayMs: Infinity }, /retryDelayMs must be a number of milliseconds from 0/],
    [{ overwrite: "yes" }, /overwrite must be true or false/],
    [{ client: {} }, /client must be a novita-vidu client/],
  ])("refuses %j before fetching anything", async (options, message) => {
    const before = host.seen.length;
    const error = await failure(downloadVideo(`${host.url}/video.mp4`, join(folder(), "v.mp4"), options as never));
    expect(error).toBeInstanceOf(ViduValidationError);
    expect((error as Error).message).toMatch(message);
    expect(host.seen.length).toBe(before);
  });

  it("refuses a source that is not an http(s) video", async () => {
    const dir = folder();
    await expect(downloadVideo("file:///etc/passwd", join(dir, "v.mp4"))).rejects.toThrow(
      /the video URL must be an http\(s\) URL/,
    );
    const queued = { task: { task_id: "t", status: "TASK_STATUS_QUEUED" }, videos: [] };
    await expect(downloadVideo(queued as never, join(dir, "v.mp4"))).rejects.toThrow(/has no video.*QUEUED/);
  });
});
