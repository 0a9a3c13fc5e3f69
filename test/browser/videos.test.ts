// The mock's videos play in Chromium: for every aspect ratio the spec lists, a task asked for that
// ratio and 3 seconds ends with a video whose decoded frame has that ratio, which lasts 3 s and plays
// to its end (at 4x speed, so the test waits about 0.75 s, not 3).
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { specAspectRatios } from "../../scripts/lib/mock-videos.mjs";
import { startMockServer, type MockServer } from "../../src/mock/node.js";
import { launchChromium, type Browser } from "./chromium.js";

const SPEC = JSON.parse(readFileSync(new URL("../../generated/openapi.json", import.meta.url), "utf8"));
const RATIOS: string[] = specAspectRatios(SPEC);
const SECONDS = 3;

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Videos</title></head>
<body>
  <video id="video" muted playsinline></video>
  <script>
    window.play = (src) => new Promise((resolve) => {
      const video = document.getElementById("video");
      const seen = { src };
      const started = performance.now();
      video.onloadeddata = () => {
        Object.assign(seen, { width: video.videoWidth, height: video.videoHeight, duration: video.duration });
        video.playbackRate = 4;
        video.play().catch((error) => resolve({ ...seen, error: String(error) }));
      };
      video.onended = () => resolve({ ...seen, ended: true, currentTime: video.currentTime, wallMs: performance.now() - started });
      video.onerror = () => resolve({ ...seen, error: "video error " + video.error?.code });
      video.src = src;
    });
  </script>
</body></html>`;

let mock: MockServer;
let browser: Browser;

beforeAll(async () => {
  mock = await startMockServer({ port: 0, timings: { queuedMs: 0, processingMs: 0 } });
  browser = await launchChromium(() => [mock.url]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await mock?.close();
});

/** A finished Q3 text-to-video task's video_url, asked for `ratio` and SECONDS. */
async function videoUrl(ratio: string) {
  const headers = { Authorization: "Bearer key", "Content-Type": "application/json" };
  const body = JSON.stringify({ prompt: "a lighthouse", aspect_ratio: ratio, duration: SECONDS });
  const submitted = await fetch(`${mock.url}/v3/async/vidu-q3-pro-t2v`, { method: "POST", headers, body });
  const { task_id } = (await submitted.json()) as { task_id: string };
  const result = await fetch(`${mock.url}/v3/async/task-result?task_id=${task_id}`, { headers });
  const { task, videos } = (await result.json()) as { task: { status: string }; videos: { video_url: string }[] };
  expect(task.status).toBe("TASK_STATUS_SUCCEED");
  return videos[0]!.video_url;
}

describe("in Chromium, the video of a task", () => {
  it.each(RATIOS)(
    `asked for %s and ${SECONDS} s has that frame, lasts that long and plays to its end`,
    async (ratio) => {
      const page = await browser.context.newPage();
      await page.setContent(PAGE); // a page of no origin: the video comes from the mock's, as a front end's would
      const src = await videoUrl(ratio);
      const seen = (await page.evaluate(
        (url) => (window as unknown as { play: (src: string) => unknown }).play(url),
        src,
      )) as Record<string, number>;
      const [w, h] = ratio.split(":").map(Number) as [number, number];
      expect(seen["error"]).toBeUndefined();
      expect(seen["width"]! / seen["height"]!).toBeCloseTo(w / h, 2);
      expect(seen["duration"]).toBeCloseTo(SECONDS, 1);
      expect(seen["ended"]).toBe(true);
      expect(seen["wallMs"]).toBeGreaterThan((1000 * SECONDS) / 4 / 2); // really played, not skipped to the end
      expect(seen["currentTime"]).toBeCloseTo(SECONDS, 0);
      expect(browser.blocked).toEqual([]);
      await page.close();
    },
    30_000,
  );
});
