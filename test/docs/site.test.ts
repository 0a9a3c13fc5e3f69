// The docs site as a reader sees it: `npm run docs`'s folder served by a plain static server, opened
// in headless Chromium at 1400×900 with every other host blocked. Every operation, guide and concept
// loads; every internal link resolves; no table cell wraps a code or a reason name; no code line is
// clipped. Screenshots of the points readers found hard are kept in test-results/docs/.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { tagRoute } from "../../scripts/lib/docs-spec.mjs";
import { readGuides } from "../../scripts/lib/guides.mjs";
import { launchChromium, type Browser } from "../browser/chromium.js";
import { findBrokenLayout, type Broken } from "./layout.js";

const ROOT = new URL("../..", import.meta.url).pathname;
const SCREENSHOTS = join(ROOT, "test-results", "docs");
const WAIT_MS = 15_000;
const spec = JSON.parse(readFileSync(join(ROOT, "generated", "openapi.json"), "utf8"));

interface Section {
  /** Redoc's route: `/image-to-video/createviduq3turboi2v`, `/getting-started`. */
  route: string;
  heading: string;
}
type Operations = Record<string, Record<string, { operationId: string; summary: string; tags: string[] }>>;
const operationsOf = (items: Operations): Section[] =>
  Object.values(items).flatMap((item) =>
    Object.values(item).map(({ operationId, summary, tags }) => ({
      route: `${tagRoute(tags[0]!).slice(1)}/${operationId.toLowerCase()}`,
      heading: summary,
    })),
  );
const operations = [...operationsOf(spec.paths), ...operationsOf(spec.webhooks)];
const guides: Section[] = readGuides(ROOT).map(({ name }) => ({ route: tagRoute(name).slice(1), heading: name }));
const concepts: Section[] = (spec.tags as { name: string; "x-traitTag"?: boolean }[])
  .filter((tag) => tag["x-traitTag"])
  .map(({ name }) => ({ route: tagRoute(name).slice(1), heading: name }));
let codes: Record<string, string> = {};
JSON.stringify(spec, (key, value) => (key === "x-vidu-failure-codes" && (codes = value), value));
const failureCodes = Object.keys(codes);
const byOperationId = (id: string) => operations.find((o) => o.route.endsWith(`/${id.toLowerCase()}`))!;

const site = mkdtempSync(join(tmpdir(), "novita-vidu-site-"));
let server: Server | undefined;
let origin = "";
let browser: Browser | undefined;
let page: Page;
let elsewhere: string[] = [];
const pageErrors: string[] = [];
/** Every href seen on the page while the tests walked it. */
const hrefs = new Set<string>();
/** Every wrapped table code and clipped code line seen, by section. */
const broken: (Broken & { section: string })[] = [];

/** A static host: files of the site folder, 404 for anything else. */
function staticServer(folder: string): Server {
  return createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname));
    const file = join(folder, path.endsWith("/") ? `${path}index.html` : path);
    const type = { ".html": "text/html; charset=utf-8", ".json": "application/json", ".yaml": "application/yaml" };
    try {
      if (!file.startsWith(folder) || !statSync(file).isFile()) throw new Error("not a file");
      response.writeHead(200, {
        "content-type": type[extname(file) as keyof typeof type] ?? "application/octet-stream",
      });
      response.end(readFileSync(file));
    } catch {
      response.writeHead(404).end();
    }
  });
}

beforeAll(async () => {
  execFileSync(process.execPath, [join(ROOT, "scripts", "site.mjs"), "--out", site], { stdio: "ignore" });
  server = staticServer(site);
  origin = await new Promise<string>((resolve, reject) => {
    server!.once("error", reject);
    server!.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server!.address() as AddressInfo).port}`));
  });
  // The static server, and files: nothing on the network.
  browser = await launchChromium(() => [origin, "file://"], { viewport: { width: 1400, height: 900 } });
  elsewhere = browser.blocked;
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(WAIT_MS);
  page.on("websocket", (socket) => elsewhere.push(socket.url()));
  page.on("pageerror", (error) => pageErrors.push(error.message));
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.goto(`${origin}/`);
}, 60_000);

afterEach(() => {
  expect(elsewhere.splice(0)).toEqual([]);
  expect(pageErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  rmSync(site, { recursive: true, force: true });
});

/** Goes to a section by its route, as a link in the page does, and waits until it is on screen. */
async function open({ route, heading }: Section) {
  await page.evaluate((hash) => (location.hash = hash), `#${route}`);
  const section = page.locator(`[data-section-id="${route}"]`);
  await section.getByRole("heading", { name: heading }).first().waitFor();
  for (const href of await page.locator("a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href")!)))
    hrefs.add(href);
  broken.push(...(await page.evaluate(findBrokenLayout)).map((b) => ({ ...b, section: route })));
  return section;
}

describe("the docs site", () => {
  it("names no script, style, font or module on another host", () => {
    const html = readFileSync(join(site, "index.html"), "utf8");
    const remote = [
      ...html.matchAll(/<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?((?:https?:)?\/\/[^\s"'>]+)/gi),
      ...html.matchAll(/(?:@import\s+|url\()\s*["']?((?:https?:)?\/\/[^"')\s]+)/gi),
      ...html.matchAll(/\b(?:from|import\()\s*["'`]((?:https?:)?\/\/[^"'`]+)/g),
      // An image or script that the inlined Redoc creates itself: `src:"https://…"`, `src:x?`https://…``.
      ...html.matchAll(/\bsrc\s*:[^,;{}]{0,40}?["'`]((?:https?:)?\/\/[^"'`]+)/g),
    ].map((match) => match[1]);
    expect(remote).toEqual([]);
    expect(html).toContain("const __redoc_definition = ");
    for (const file of ["openapi.json", "openapi.yaml", "jsonschema/TaskResult.json"])
      expect(statSync(join(site, file)).size, file).toBeGreaterThan(100);
  });

  it.each(guides)("loads the guide $heading", async (guide) => {
    const section = await open(guide);
    expect(await section.innerText()).not.toContain("<!--");
  });

  it.each(concepts)("loads the concept $heading", async (concept) => void (await open(concept)));

  it.each(operations)("loads the operation $heading", async (operation) => void (await open(operation)));

  it("groups the sidebar: guides, concepts, then each task's operations", async () => {
    const sidebar = await page.locator("a[href^='#/']").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    const first = (route: string) => sidebar.indexOf(`#${route}`);
    expect(first(guides[0]!.route)).toBeLessThan(first(concepts[0]!.route));
    expect(first(concepts.at(-1)!.route)).toBeLessThan(first(tagRoute("Text to Video").slice(1)));
    // Prerendered links are hashes too, so a link opened in a new tab or from file:// works.
    expect(readFileSync(join(site, "index.html"), "utf8")).not.toMatch(/<a\b[^>]*href="\/[^"]*"[^>]*data-discover/);
  });

  it("resolves every internal link", async () => {
    const routes = new Set([...guides, ...concepts, ...operations].map((s) => `#${s.route}`));
    const external = [...hrefs].filter((href) => /^[a-z]+:/i.test(href));
    expect(
      external.every((href) => href.startsWith("https://")),
      external.join(" "),
    ).toBe(true);
    const absolute = [...hrefs].filter((href) => href.startsWith("/"));
    expect(absolute).toEqual([]); // they lead off the site from file:// and on the mock
    // Any other route, or a place inside one (`#/route#route/request/body`): it opens, and its targets exist.
    const inside = new Map<string, string[]>();
    for (const href of [...hrefs].filter((h) => h.startsWith("#/") && h !== "#/")) {
      const [route, target] = href.slice(1).split("#");
      if (!target && routes.has(`#${route}`)) continue; // opened by the tests above
      inside.set(route!, [...(inside.get(route!) ?? []), ...(target ? [target] : [])]);
    }
    for (const [route, targets] of inside) {
      await page.evaluate((hash) => (location.hash = hash), `#${route}`);
      await page.locator(`[data-section-id="${route}"]`).first().waitFor({ state: "attached" });
      const missing = await page.evaluate((ids) => ids.filter((id) => !document.getElementById(id)), targets);
      // A field inside a collapsed one is rendered when its own link opens it.
      for (const id of missing) {
        await page.evaluate((hash) => (location.hash = hash), `#${route}#${id}`);
        await page.locator(`[id="${id}"]`).first().waitFor({ state: "attached", timeout: 5_000 });
      }
    }
    for (const href of [...hrefs].filter((h) => !h.startsWith("#") && !/^[a-z]+:/i.test(h))) {
      expect((await fetch(new URL(href, `${origin}/`))).status, href).toBe(200);
    }
  }, 120_000);

  it("wraps no code or reason name in a table's first column, and clips no code line", () => {
    expect(broken).toEqual([]);
  });

  it("shows the failure codes and the error reasons in sections of their own", async () => {
    const codes = await open(concepts.find((c) => c.heading === "Failure codes")!);
    await codes.getByRole("row", { name: /^008007001 Prompt missing/ }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, "failure-codes.png") });
    await open(concepts.find((c) => c.heading === "Errors")!);
    const row = page.getByRole("row", { name: /^INVALID_REQUEST_BODY / });
    await row.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, "error-reasons.png") });
    // The task-result read links there rather than list reasons about bodies it does not take.
    const result = await open(byOperationId("getTaskResult"));
    await result.getByRole("tab", { name: "400" }).click();
    expect(await result.innerText()).not.toContain("IMAGE_FILE_EXCEEDS_MAX_SIZE");
  });

  it("shows the Q2 Turbo body as fields, its audio rule in words", async () => {
    const section = await open(byOperationId("createViduQ2TurboImg2Video"));
    const text = await section.innerText();
    expect(text).not.toMatch(/One of|case 2/);
    expect(text).toContain("Not allowed together with audio: true.");
    await section.getByText("Not allowed together with audio: true.").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, "q2-turbo-body.png") });
    // The value table is MovementAmplitudeHigh's; the field's own description says what the gateway reads.
    await section.getByRole("row", { name: /^high Strong motion \(large on the Q1 and 2\.0 pages/ }).waitFor();
    expect(text).toContain("the gateway's page and Vidu's own API call it large");
  });

  it("shows the Q3 Turbo limits, and its samples in curl, TypeScript and Python, whole", async () => {
    const section = await open(byOperationId("createViduQ3TurboI2V"));
    const text = await section.innerText();
    expect(text).toMatch(/\bduration\s+integer, \[ 1 \.\. 16 \]/);
    expect(text).toMatch(/\bprompt\s+string, <= 5000 characters/);
    await section.getByRole("row", { name: "speech_only Voice only." }).waitFor();
    const sample = section.locator("[data-testid='right-panel'] [data-testid='source-code']").first();
    expect(await sample.innerText()).toMatch(/^curl https:\/\/api\.novita\.ai\/v3\/async\/vidu-q3-turbo-i2v \\/);
    await section.getByRole("button", { name: "curl", exact: true }).click();
    await page.getByRole("menuitem", { name: "Python", exact: true }).click();
    await sample.getByText("import requests").waitFor();
    // The whole sample shows: no scroll box inside the panel.
    expect(await sample.evaluate((pre) => pre.scrollHeight <= pre.clientHeight + 1)).toBe(true);
    broken.push(...(await page.evaluate(findBrokenLayout)).map((b) => ({ ...b, section: "python sample" })));
    await sample.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, "code-sample.png") });
    expect(broken).toEqual([]);
  });

  it("notes where the sources disagree, and that the webhook is unconfirmed", async () => {
    const q2ProFast = await open(byOperationId("createViduQ2ProFast"));
    expect(await q2ProFast.innerText()).toContain("One third-party mirror gives 1 to 8 for this model");
    const webhook = await open(byOperationId("receiveAsyncTaskResult"));
    expect(await webhook.innerText()).toContain("Unconfirmed for the Vidu endpoints.");
  });

  it("searches offline, with snippets in plain words", async () => {
    await page.getByText("Search").first().click();
    await page.keyboard.type("failure code");
    const results = page.locator("[data-testid='search-dialog']");
    await results.getByText("Failure codes").first().waitFor();
    const text = await results.innerText();
    expect(text).not.toMatch(/\| ?---|`|task\.statusis/);
    // Table cells stay apart: no failure code runs into the cell before it ("Meaning008007001").
    for (const code of failureCodes) expect(text).not.toMatch(new RegExp(`[^\\s(]${code}`));
    expect(text).toContain(`Meaning ${failureCodes[0]}`);
    await page.keyboard.press("Escape");
  });

  it("works from file://, with no server", async () => {
    const file = await browser!.context.newPage();
    try {
      await file.goto(`${pathToFileURL(join(site, "index.html")).href}#/failure-codes`);
      await file
        .locator('[data-section-id="/failure-codes"]')
        .getByRole("heading", { name: "Failure codes" })
        .waitFor();
      const link = file.locator("a[href='#/getting-started']").first();
      await link.click();
      await file.locator('[data-section-id="/getting-started"]').waitFor();
      expect(file.url()).toMatch(/^file:\/\/.*index\.html#\/getting-started$/);
    } finally {
      await file.close();
    }
  });
});
