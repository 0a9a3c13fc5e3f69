// The docs page as a reader sees it: headless Chromium opens generated/docs/index.html from a local
// server, with every other host blocked, and finds each operation, the fields' limits, the value
// tables and the code samples. The screenshots are kept in test-results/docs/.
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { launchChromium, type Browser } from "../browser/chromium.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

const ROOT = new URL("../..", import.meta.url).pathname;
const DOCS_PAGE = join(ROOT, "generated", "docs", "index.html");
const SCREENSHOTS = join(ROOT, "test-results", "docs");
const WAIT_MS = 10_000;

interface Operation {
  /** What the docs list it as: the path, or the webhook's name. */
  route: string;
  method: string;
  summary: string;
}
const spec = JSON.parse(readFileSync(join(ROOT, "generated", "openapi.json"), "utf8"));
const operationsOf = (items: Record<string, Record<string, { summary: string }>>): Operation[] =>
  Object.entries(items).flatMap(([route, item]) =>
    Object.entries(item).map(([method, operation]) => ({ route, method, summary: operation.summary })),
  );
const operations = [...operationsOf(spec.paths), ...operationsOf(spec.webhooks)];
const byRoute = (route: string): Operation => {
  const found = operations.find((operation) => operation.route === route);
  if (!found) throw new Error(`no operation ${route} in generated/openapi.json`);
  return found;
};

let server: Server | undefined;
let origin = "";
let browser: Browser | undefined;
let page: Page;
/** Every request the page made to anything but the local server; all of them are aborted. */
let elsewhere: string[] = [];
const pageErrors: string[] = [];

function listen(httpServer: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the docs server did not listen within ${WAIT_MS} ms`)), WAIT_MS);
    httpServer.once("error", reject);
    httpServer.listen(0, "127.0.0.1", () => {
      clearTimeout(timer);
      resolve(`http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`);
    });
  });
}

beforeAll(async () => {
  const html = readFileSync(DOCS_PAGE);
  server = createServer((request, response) => {
    if (request.url === "/") response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
    else response.writeHead(404).end();
  });
  origin = await listen(server);
  browser = await launchChromium(() => [origin], { viewport: { width: 1600, height: 1000 } });
  elsewhere = browser.blocked;
  const { context } = browser;
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(WAIT_MS);
  page.on("websocket", (socket) => elsewhere.push(socket.url()));
  page.on("pageerror", (error) => pageErrors.push(error.message));
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 60_000);

// Whatever a test did on the page, it must not have reached for another host or broken the page.
afterEach(() => {
  expect(elsewhere.splice(0)).toEqual([]);
  expect(pageErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

/** Opens an operation the way a reader does, from its tag's list of operations on the front page. */
async function openOperation({ method, route, summary }: Operation): Promise<Locator> {
  const link = page.getByRole("link", { name: `${method} ${route}`, exact: true });
  if (!page.url().startsWith(origin) || (await link.count()) === 0) await page.goto(`${origin}/`);
  const href = await link.getAttribute("href");
  await link.click();
  const section = page.locator(`[id="${href?.replace(/^#\//, "")}"]`);
  await section.getByRole("heading", { name: summary }).first().waitFor();
  return section;
}

/** Picks a language in an operation's sample panel and returns the code it shows. */
async function codeSample(section: Locator, shown: string, wanted: string): Promise<string> {
  if (shown !== wanted) {
    await section.getByRole("button", { name: shown, exact: true }).click();
    await page.getByRole("menuitem", { name: wanted, exact: true }).click();
  }
  return section.locator("code").filter({ hasText: /\n/ }).first().innerText();
}

describe("the docs page", () => {
  it("names no script, style, font or module on another host", () => {
    const html = readFileSync(DOCS_PAGE, "utf8");
    const remote = [
      ...html.matchAll(/<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?((?:https?:)?\/\/[^\s"'>]+)/gi),
      ...html.matchAll(/(?:@import\s+|url\()\s*["']?((?:https?:)?\/\/[^"')\s]+)/gi),
      ...html.matchAll(/\b(?:from|import\()\s*["'`]((?:https?:)?\/\/[^"'`]+)/g),
      // An image or script that the inlined Redoc creates itself: `src:"https://…"`, `src:x?`https://…``.
      ...html.matchAll(/\bsrc\s*:[^,;{}]{0,40}?["'`]((?:https?:)?\/\/[^"'`]+)/g),
    ].map((match) => match[1]);
    expect(remote).toEqual([]);
    // Redoc itself is inlined, the spec too.
    expect(html).toContain("const __redoc_definition = ");
    expect(statSync(DOCS_PAGE).size).toBeGreaterThan(1_000_000);
  });

  it("runs with every other host blocked, and asks none", async () => {
    await page.goto(`${origin}/`);
    // Redoc has taken over the prerendered page once its controls react: a tag's "+ Show" opens it.
    await page.getByRole("button", { name: "+ Show" }).first().click();
    const anyOperation = new RegExp(
      operations.map(({ summary }) => summary.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"),
    );
    await page.getByRole("heading", { name: anyOperation }).first().waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, "front-page.png"), fullPage: true });
    expect(elsewhere).toEqual([]);
  });

  it.each(operations)("shows $method $route under its heading, $summary", async (operation) => {
    const section = await openOperation(operation);
    expect(await section.innerText()).toContain(operation.summary);
  });

  it("shows the limits of the Q3 Turbo fields, and its samples in curl, TypeScript and Python", async () => {
    const section = await openOperation(byRoute("/v3/async/vidu-q3-turbo-i2v"));
    const text = await section.innerText();
    expect(text).toMatch(/\bduration\s+integer, \[ 1 \.\. 16 \]/);
    expect(text).toMatch(/\bprompt\s+string, <= 5000 characters/);
    expect(text).toMatch(/\bseed\s+integer, \[ 0 \.\. 2147483647 \]/);
    // Redoc's own table of x-enumDescriptions.
    await section.getByRole("row", { name: "speech_only Voice only." }).waitFor();

    expect(await codeSample(section, "curl", "curl")).toMatch(
      /^curl https:\/\/api\.novita\.ai\/v3\/async\/vidu-q3-turbo-i2v \\\n\s+-H "Authorization: Bearer \$NOVITA_API_KEY"/,
    );
    const typescript = await codeSample(section, "curl", "TypeScript");
    expect(typescript).toContain('import { createViduClient } from "novita-vidu";');
    expect(typescript).toContain('await vidu.run("vidu-q3-turbo-i2v", {');
    await page.screenshot({ path: join(SCREENSHOTS, "q3-turbo-typescript.png") });
    const python = await codeSample(section, "TypeScript", "Python");
    expect(python).toContain("import requests");
    expect(python).toContain('if task["status"] == "TASK_STATUS_SUCCEED":');
  });

  it("shows Vidu's failure codes and the error reasons as tables", async () => {
    const section = await openOperation(byRoute("/v3/async/task-result"));
    await section
      .getByRole("row", { name: /^008007001 Prompt missing/ })
      .first()
      .waitFor();
    await section.getByRole("tab", { name: "400" }).click();
    const missingKey = section.getByRole("row", { name: /^MISSING_API_KEY / });
    await missingKey.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, "task-result-400.png") });
  });

  it("notes where the sources disagree, and that the webhook is unconfirmed", async () => {
    const q2Turbo = await openOperation(byRoute("/v3/async/vidu-q2-turbo-img2video"));
    // The value table is MovementAmplitudeHigh's; the field's own description says what the gateway reads.
    await q2Turbo.getByRole("row", { name: /^high Strong motion \(large on the Q1 and 2\.0 pages/ }).waitFor();
    expect(await q2Turbo.innerText()).toContain("the gateway's page and Vidu's own API call it large");
    const q2ProFast = await openOperation(byRoute("/v3/async/viduq2-pro-fast"));
    expect(await q2ProFast.innerText()).toContain("One third-party mirror gives 1 to 8 for this model");
    const webhook = await openOperation(byRoute("asyncTaskResult"));
    expect(await webhook.innerText()).toContain("Unconfirmed for the Vidu endpoints.");
  });
});
