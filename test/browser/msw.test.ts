// The README's recipe for a front end with no mock server: MSW's service worker answers the API with the
// mock's handler inside the page. Headless Chromium loads the page from a static server (the only
// process besides the browser); the API's origin is a port where nothing listens, and every request
// that reaches the network for it is aborted and recorded, so the generation and the video that plays
// can only come from the handler in the page.
import { mkdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, type Browser } from "./chromium.js";

const ROOT = new URL("../..", import.meta.url).pathname;
const SCREENSHOTS = join(ROOT, "test-results", "browser");

// The page's script: the recipe (setupWorker over the mock's handler), then an app that generates.
const APP = `
import { http } from "msw";
import { setupWorker } from "msw/browser";
import { createMockHandler } from "novita-vidu/mock";
import { createViduClient, ViduApiError } from "novita-vidu";

const API = new URLSearchParams(location.search).get("api");
const mock = createMockHandler({ baseUrl: API, timings: { queuedMs: 300, processingMs: 1500 } });
await setupWorker(http.all(API + "/*", ({ request }) => mock(request))).start({ onUnhandledRequest: "bypass", quiet: true });

const statusLine = document.getElementById("status");
const video = document.getElementById("video");
const seen = [];
try {
  const vidu = createViduClient({ apiKey: "front-end-key", baseUrl: API });
  const unchecked = createViduClient({ apiKey: "front-end-key", baseUrl: API, validate: false });
  const refused = await unchecked.submit("vidu-q3-turbo-i2v", { images: ["./cat.png"] }).catch((e) => e);
  const result = await vidu.run(
    "vidu-q3-turbo-i2v",
    { images: ["https://example.com/first-frame.png"], prompt: "Rain starts", duration: 4 },
    { onProgress: ({ status, percent }) => { seen.push(status); statusLine.textContent = status + " " + percent + "%"; } },
  );
  statusLine.textContent = result.task.status;
  video.src = result.videos[0].video_url;
  await new Promise((resolve, reject) => { video.onloadeddata = resolve; video.onerror = () => reject(new Error("video error " + video.error?.code)); });
  await video.play();
  window.outcome = {
    seen, status: result.task.status, src: video.src, readyState: video.readyState, duration: video.duration,
    width: video.videoWidth, height: video.videoHeight, controlled: Boolean(navigator.serviceWorker.controller),
    refused: refused instanceof ViduApiError ? [refused.status, refused.reason, refused.detail] : String(refused),
  };
} catch (error) {
  window.outcome = { error: String(error), seen };
}
`;
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Generate, with MSW</title></head>
<body>
  <p id="status">starting</p>
  <video id="video" muted playsinline controls width="320"></video>
  <script type="module" src="/app.js"></script>
</body></html>`;

let pageServer: Server;
let pageOrigin = "";
let apiOrigin = "";
let browser: Browser;

/** A port on 127.0.0.1 where nothing listens (it was free a moment ago). */
async function closedPort() {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

beforeAll(async () => {
  const bundle = await build({
    stdin: { contents: APP, resolveDir: ROOT, loader: "js" },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    alias: { "novita-vidu/mock": join(ROOT, "src/mock/index.ts"), "novita-vidu": join(ROOT, "src/index.ts") },
  });
  const script = bundle.outputFiles[0]?.text ?? "";
  // The worker script comes from the msw package, as `npx msw init` would copy it.
  const worker = readFileSync(join(ROOT, "node_modules/msw/lib/mockServiceWorker.js"));
  pageServer = createServer((request, response) => {
    const path = request.url?.split("?")[0];
    if (path === "/app.js") response.writeHead(200, { "content-type": "text/javascript" }).end(script);
    else if (path === "/mockServiceWorker.js")
      response.writeHead(200, { "content-type": "text/javascript" }).end(worker);
    else if (path === "/") response.writeHead(200, { "content-type": "text/html" }).end(PAGE);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => pageServer.listen(0, "127.0.0.1", resolve));
  pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
  apiOrigin = `http://127.0.0.1:${await closedPort()}`;
  browser = await launchChromium(() => [pageOrigin]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => pageServer?.close(resolve));
});

describe("in a browser, under MSW, with no mock server", () => {
  it("runs a generation on the mock's handler and plays the video it returns", async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${pageOrigin}/?api=${encodeURIComponent(apiOrigin)}`);
    await page.waitForFunction(() => "outcome" in window, undefined, { timeout: 30_000 });
    const outcome = await page.evaluate(() => (window as unknown as { outcome: Record<string, unknown> }).outcome);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, "msw.png") });
    expect(outcome["error"]).toBeUndefined();
    expect(outcome["controlled"]).toBe(true);
    expect(outcome["refused"]).toEqual([
      400,
      "INVALID_REQUEST_BODY",
      expect.stringMatching(/^Invalid request body: images\[0\] must be/),
    ]);
    expect(outcome["status"]).toBe("TASK_STATUS_SUCCEED");
    expect(outcome["seen"]).toEqual(expect.arrayContaining(["TASK_STATUS_QUEUED", "TASK_STATUS_PROCESSING"]));
    expect(String(outcome["src"])).toMatch(new RegExp(`^${apiOrigin}/videos/[\\w-]+\\.mp4$`));
    expect(outcome["readyState"]).toBeGreaterThanOrEqual(2); // HAVE_CURRENT_DATA: a frame decoded
    expect(outcome["duration"]).toBeCloseTo(4, 0); // the duration it asked for
    expect([outcome["width"], outcome["height"]]).toEqual([320, 180]);
    expect(errors).toEqual([]);
    expect(browser.blocked).toEqual([]);
    await page.close();
  }, 60_000);
});
