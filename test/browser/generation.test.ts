// A front end built on the package's browser bundle, against the mock of `npm start`: headless
// Chromium loads a page from one local origin, the page runs a generation on the mock (another
// origin, so CORS is exercised), and its <video> element loads and plays the returned URL.
import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockServer } from "../../src/mock/node.js";
import { launchChromium, type Browser } from "./chromium.js";

const ROOT = new URL("../..", import.meta.url).pathname;
const SCREENSHOTS = join(ROOT, "test-results", "browser");

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Generate</title></head>
<body>
  <p id="status">starting</p>
  <video id="video" muted playsinline controls width="320"></video>
  <script type="module">
    import { createViduClient } from "/novita-vidu.js";
    const params = new URLSearchParams(location.search);
    const statusLine = document.getElementById("status");
    const video = document.getElementById("video");
    const seen = [];
    try {
      const vidu = createViduClient({ apiKey: "front-end-key", baseUrl: params.get("api") });
      const result = await vidu.run(
        "vidu-q3-turbo-i2v",
        { images: ["https://example.com/first-frame.png"], prompt: "Rain starts", duration: 4 },
        { onProgress: ({ status, percent }) => { seen.push(status); statusLine.textContent = status + " " + percent + "%"; } },
      );
      statusLine.textContent = result.task.status;
      video.src = result.videos[0].video_url;
      await new Promise((resolve, reject) => { video.onloadeddata = resolve; video.onerror = () => reject(new Error("video error " + video.error?.code)); });
      await video.play();
      window.outcome = { seen, status: result.task.status, src: video.src, readyState: video.readyState, duration: video.duration, width: video.videoWidth, height: video.videoHeight };
    } catch (error) {
      window.outcome = { error: String(error), seen };
    }
  </script>
</body></html>`;

let pageServer: Server;
let pageOrigin = "";
let mock: { url: string; close(): Promise<void> };
let browser: Browser;

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [join(ROOT, "src/index.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
  });
  const script = bundle.outputFiles[0]?.text ?? "";
  pageServer = createServer((request, response) => {
    if (request.url?.startsWith("/novita-vidu.js"))
      response.writeHead(200, { "content-type": "text/javascript" }).end(script);
    else if (request.url?.startsWith("/?") || request.url === "/")
      response.writeHead(200, { "content-type": "text/html" }).end(PAGE);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => pageServer.listen(0, "127.0.0.1", resolve));
  pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
  mock = await startMockServer({
    port: 0,
    timings: { queuedMs: 300, processingMs: 1500 },
  });
  browser = await launchChromium(() => [pageOrigin, mock.url]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await mock?.close();
  await new Promise((resolve) => pageServer?.close(resolve));
});

describe("in a browser", () => {
  it("runs a generation on the mock and plays the video it returns", async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${pageOrigin}/?api=${encodeURIComponent(mock.url)}`);
    await page.waitForFunction(() => "outcome" in window, undefined, { timeout: 30_000 });
    const outcome = await page.evaluate(() => (window as unknown as { outcome: Record<string, unknown> }).outcome);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, "generation.png") });
    expect(outcome["error"]).toBeUndefined();
    expect(outcome["status"]).toBe("TASK_STATUS_SUCCEED");
    expect(outcome["seen"]).toEqual(expect.arrayContaining(["TASK_STATUS_PROCESSING"]));
    expect(String(outcome["src"])).toMatch(new RegExp(`^${mock.url}/videos/[\\w-]+\\.mp4$`));
    expect(outcome["readyState"]).toBeGreaterThanOrEqual(2); // HAVE_CURRENT_DATA: a frame decoded
    expect(outcome["duration"]).toBeCloseTo(4, 0); // the duration it asked for
    expect([outcome["width"], outcome["height"]]).toEqual([320, 180]);
    expect(errors).toEqual([]);
    expect(browser.blocked).toEqual([]);
    await page.close();
  }, 60_000);
});
