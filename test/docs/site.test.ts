// The docs site as a reader sees it: `npm run docs`'s folder served by a plain static server, opened
// in headless Chromium at 1400×900 with every other host blocked. Every operation, guide and concept
// loads; every internal link resolves; no table cell wraps a code or a reason name; no table is wider
// than its box and no code line is clipped. Screenshots of the points readers found hard are kept in
// test-results/docs/.
//
// Every wait is on a condition (a heading, a row, a text), never a sleep, with deadlines meant for a
// loaded machine: a wait returns as soon as its condition holds, so a long deadline costs nothing
// when the page is quick. Redoc keeps rendering a section after its heading shows (nested fields,
// the sample panel), so a test waits for what it reads rather than reading once.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { describeNot } from "../../scripts/lib/compile-validators.mjs";
import { modelTable } from "../../scripts/lib/docs-models.mjs";
import { SCROLL_HINT } from "../../scripts/lib/docs-page.mjs";
import { CODE_HIGHLIGHTS } from "../../scripts/lib/guide-code.mjs";
import { tagRoute } from "../../scripts/lib/docs-spec.mjs";
import { readPageSections } from "../../scripts/lib/guides.mjs";
import { resolveRef } from "../../scripts/lib/ref.mjs";
import { launchChromium, type Browser } from "../browser/chromium.js";
import { findBrokenLayout, type Broken } from "./layout.js";

const ROOT = new URL("../..", import.meta.url).pathname;
const SCREENSHOTS = join(ROOT, "test-results", "docs");
/** How long one condition may take to hold (navigation, a heading, a screenshot) on a loaded machine. */
const WAIT_MS = 60_000;
/** Each test may wait for a few conditions. */
const TEST_MS = 3 * WAIT_MS;
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
const guides: Section[] = readPageSections(ROOT).map(({ name }) => ({ route: tagRoute(name).slice(1), heading: name }));
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
/** The internal links already followed to their target (`#/route`, `#/route#field-id`). */
const resolved = new Set<string>();
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
  // Opened on an operation, which only the running app renders (the guides are prerendered): once
  // its heading shows, Redoc's router is up and follows every later change of the hash.
  const first = operations[0]!;
  await page.goto(`${origin}/#${first.route}`);
  await page
    .locator(`[data-section-id="${first.route}"]`)
    .getByRole("heading", { name: first.heading })
    .first()
    .waitFor();
}, TEST_MS);

afterEach(() => {
  expect(elsewhere.splice(0)).toEqual([]);
  expect(pageErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  rmSync(site, { recursive: true, force: true });
});

/** Goes to a route (`/errors`, `/errors#…`) as a link in the page does. */
const go = (route: string) => page.evaluate((hash) => (location.hash = hash), `#${route}`);
/** Waits until an element of that id is in the page: a link's target. */
const target = (id: string) => page.locator(`[id="${id}"]`).first().waitFor({ state: "attached" });
/** The ids of those not in the page now. */
const absent = (ids: string[]) => page.evaluate((all) => all.filter((id) => !document.getElementById(id)), ids);

/**
 * Follows the links into one route (`#/route#field-id`) while it is open: each target is in the page,
 * or is rendered when its own link opens it (a field inside a collapsed one).
 */
async function resolveInside(route: string, ids: string[]) {
  for (const id of await absent(ids)) {
    await go(`${route}#${id}`);
    await target(id);
  }
  for (const id of ids) resolved.add(`#${route}#${id}`);
}

/**
 * Goes to a section by its route, as a link in the page does, and waits until its heading is on
 * screen; checks its layout and follows the links into it.
 */
async function open({ route, heading }: Section) {
  await go(route);
  const section = page.locator(`[data-section-id="${route}"]`);
  await section.getByRole("heading", { name: heading }).first().waitFor();
  resolved.add(`#${route}`);
  broken.push(...(await page.evaluate(findBrokenLayout)).map((b) => ({ ...b, section: route })));
  const seen = await page.locator("a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
  for (const href of seen) hrefs.add(href);
  const inside = seen.filter((href) => href.startsWith(`#${route}#`) && !resolved.has(href));
  await resolveInside(route, [...new Set(inside.map((href) => href.slice(route.length + 2)))]);
  return section;
}

/** Waits until the section's text holds every pattern, and returns it. */
async function textOf(section: Locator, ...patterns: RegExp[]) {
  await expect
    .poll(() => section.innerText(), { timeout: WAIT_MS, interval: 100 })
    .toSatisfy((text: string) => patterns.every((pattern) => pattern.test(text)));
  return section.innerText();
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Runs `use` in a tab of its own, closed afterwards. */
async function inTab<T>(use: (tab: Page) => Promise<T>): Promise<T> {
  const tab = await browser!.context.newPage();
  tab.setDefaultTimeout(WAIT_MS);
  try {
    return await use(tab);
  } finally {
    await tab.close();
  }
}

/** A screenshot once the element that shows the point is on screen. */
async function screenshot(element: Locator, name: string) {
  await element.scrollIntoViewIfNeeded();
  await element.waitFor({ state: "visible" });
  await page.screenshot({ path: join(SCREENSHOTS, name), animations: "disabled" });
}

describe("the docs site", { timeout: TEST_MS }, () => {
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
    for (const file of [
      "openapi.json",
      "openapi.yaml",
      "openapi-3.0.json",
      "openapi-3.0.yaml",
      "jsonschema/TaskResult.json",
    ])
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
    const external = [...hrefs].filter((href) => /^[a-z]+:/i.test(href));
    expect(
      external.every((href) => href.startsWith("https://")),
      external.join(" "),
    ).toBe(true);
    const absolute = [...hrefs].filter((href) => href.startsWith("/"));
    expect(absolute).toEqual([]); // they lead off the site from file:// and on the mock
    // The routes no test above opened (a task's group, the overview), and the places inside any route
    // that its own visit did not follow (`#/route#route/request/body`): each opens, its targets exist.
    const inside = new Map<string, string[]>();
    for (const href of [...hrefs].filter((h) => h.startsWith("#/") && h !== "#/" && !resolved.has(h))) {
      const [route, id] = href.slice(1).split("#");
      inside.set(route!, [...(inside.get(route!) ?? []), ...(id ? [id] : [])]);
    }
    for (const [route, ids] of inside) {
      if (!resolved.has(`#${route}`)) {
        await go(route);
        await page.locator(`[data-section-id="${route}"]`).first().waitFor({ state: "attached" });
        resolved.add(`#${route}`);
      }
      await resolveInside(route, ids);
    }
    // Links to fields were among them, followed to their targets.
    expect([...resolved].filter((href) => href.split("#").length > 2).length).toBeGreaterThan(operations.length);
    for (const href of [...hrefs].filter((h) => !h.startsWith("#") && !/^[a-z]+:/i.test(h))) {
      expect((await fetch(new URL(href, `${origin}/`))).status, href).toBe(200);
    }
  });

  it("wraps no code in a table nor a reason name in its first column, clips no table and no code line", () => {
    expect(broken).toEqual([]);
  });

  it("shows the failure codes and the error reasons in sections of their own", async () => {
    const codes = await open(concepts.find((c) => c.heading === "Failure codes")!);
    const code = codes.getByRole("row", { name: new RegExp(`^${failureCodes[0]} Prompt missing`) });
    await screenshot(code, "failure-codes.png");
    await open(concepts.find((c) => c.heading === "Errors")!);
    await screenshot(page.getByRole("row", { name: /^INVALID_REQUEST_BODY / }), "error-reasons.png");
    // The task-result read links there rather than list reasons about bodies it does not take.
    const result = await open(byOperationId("getTaskResult"));
    await result.getByRole("tab", { name: "400" }).click();
    const errors = await textOf(result, /Every `?reason`? of this status, and what to do: Errors\./);
    expect(errors).not.toContain("IMAGE_FILE_EXCEEDS_MAX_SIZE");
  });

  it("shows the model table with what each model's page says about credits", async () => {
    const guide = await open(guides.find((g) => g.heading === "Choosing a model")!);
    const table = modelTable(spec).split("\n");
    const credits = table[0]!.split(" | ").length - 1;
    // The first row whose page prices an option, as the reader sees it: cells apart, code as text.
    const priced = table.slice(2).find((row) => row.split(" | ")[credits]!.includes(";"))!;
    const cells = priced
      .replace(/^\| | \|$/g, "")
      .split(" | ")
      .map((cell) => cell.replace(/\[`([^`]+)`\]\([^)]*\)/, "$1").replace(/`/g, ""));
    const row = guide.getByRole("row", { name: new RegExp(`^${cells[0]} `) });
    await screenshot(row, "model-table.png");
    expect((await row.innerText()).split("\t").map((cell) => cell.trim())).toEqual(cells);
  });

  /** The note the page shows on each field of a body's `not` rule: its title, its description, the validators' message. */
  async function showsRule(operationId: string, schema: string, picture: string) {
    const section = await open(byOperationId(operationId));
    const body = spec.components.schemas[schema];
    const { field, text: message } = describeNot(body.not, body, (node) => resolveRef(spec, node), schema);
    const rule = `${body.not.title}. ${body.not.description} ${field} ${message}.`;
    const text = await textOf(section, new RegExp(escape(rule)));
    expect(text.split(rule), "on each field of the rule").toHaveLength(body.not.required.length + 1);
    expect(text).not.toMatch(/One of|case 2|Not allowed together/);
    await screenshot(section.getByText(rule).first(), picture);
    return section;
  }

  it("shows the Q2 Turbo body as fields, its audio rule in words", async () => {
    const section = await showsRule("createViduQ2TurboImg2Video", "ViduQ2TurboImg2VideoRequest", "q2-turbo-body.png");
    await textOf(section, /the gateway's page and Vidu's own API call it large/);
    // The value table is MovementAmplitudeHigh's; the field's own description says what the gateway reads.
    await section.getByRole("row", { name: /^high Strong motion \(large on the Q1 and 2\.0 pages/ }).waitFor();
  });

  it("words Vidu 2.0's rule as the validators do, with its title: 8 s is 720p only", async () => {
    await showsRule("createVidu20Img2Video", "Vidu20Img2VideoRequest", "vidu-2.0-rule.png");
  });

  it("links the sections its prose names, lists every status, names the webhook by its address", async () => {
    const errors = await open(concepts.find((c) => c.heading === "Errors")!);
    await errors
      .locator(`a[href="${tagRoute("Failure codes")}"]`, { hasText: /^Failure codes$/ })
      .first()
      .waitFor();
    const lifecycle = await open(concepts.find((c) => c.heading === "Task lifecycle")!);
    const statuses: string[] = spec.components.schemas.TaskStatusKnown.enum;
    for (const status of statuses) await lifecycle.getByRole("row", { name: new RegExp(`^${status} `) }).waitFor();
    const webhook = await open(byOperationId("receiveAsyncTaskResult"));
    await textOf(webhook, /POST\s*your webhook URL/);
    expect(await webhook.innerText()).not.toContain("asyncTaskResult");
  });

  it("says where the key and the rate limits are, when the spec was checked, and what changed", async () => {
    // A guide's `##` parts are sections of their own, beside the guide's.
    await open(guides.find((g) => g.heading === "Getting started")!);
    await page.locator('a[href="https://novita.ai/settings/key-management"]').first().waitFor();
    await open(concepts.find((c) => c.heading === "Rate limits")!);
    await page.locator('a[href="https://novita.ai/docs/guides/model-apis-rate-limits"]').first().waitFor();
    await open(guides.find((g) => g.heading === "Changelog")!);
    const release = page.locator("h2", { hasText: new RegExp(`^${escape(spec.info.version)}$`) }).first();
    await screenshot(release, "changelog.png");
    const checked = `Last checked against Novita's pages on ${spec.info["x-pages-checked"]}.`;
    await go("/");
    await screenshot(page.getByText(checked), "checked-date.png");
  });

  it("shows the Q3 Turbo limits, and its samples in curl, TypeScript and Python, whole", async () => {
    const section = await open(byOperationId("createViduQ3TurboI2V"));
    await textOf(section, /\bduration\s+integer, \[ 1 \.\. 16 \]/, /\bprompt\s+string, <= 5000 characters/);
    await section.getByRole("row", { name: "speech_only Voice only." }).waitFor();
    const sample = section.locator("[data-testid='right-panel'] [data-testid='source-code']").first();
    await textOf(sample, /^curl https:\/\/api\.novita\.ai\/v3\/async\/vidu-q3-turbo-i2v \\/);
    // Each example has its own samples, named by its summary, as the payload's picker names it.
    const [minimal, full] = ["ViduQ3TurboI2VMinimal", "ViduQ3TurboI2VFull"].map(
      (name) => spec.components.examples[name],
    );
    await section.getByRole("button", { name: `curl: ${minimal.summary}`, exact: true }).click();
    await page.getByRole("menuitem", { name: `Python: ${full.summary}`, exact: true }).click();
    await sample.getByText("import requests").waitFor();
    await textOf(sample, new RegExp(escape(`"prompt": ${JSON.stringify(full.value.prompt)}`)));
    // The whole sample shows: no scroll box inside the panel.
    await expect
      .poll(() => sample.evaluate((pre) => pre.scrollHeight <= pre.clientHeight + 1), { timeout: WAIT_MS })
      .toBe(true);
    broken.push(...(await page.evaluate(findBrokenLayout)).map((b) => ({ ...b, section: "python sample" })));
    await screenshot(sample, "code-sample.png");
    expect(broken).toEqual([]);
  });

  it("notes where the sources disagree, and that the webhook is unconfirmed", async () => {
    await textOf(
      await open(byOperationId("createViduQ2ProFast")),
      /One third-party mirror gives 1 to 8 for this model/,
    );
    await textOf(await open(byOperationId("receiveAsyncTaskResult")), /Unconfirmed for the Vidu endpoints\./);
  });

  it("searches offline, with snippets in plain words", async () => {
    await page.getByText("Search").first().click();
    await page.keyboard.type("failure code");
    const results = page.locator("[data-testid='search-dialog']");
    // The failure-code table's snippet: its header and first row, each cell apart from the next.
    const text = await textOf(results, new RegExp(`Failure code Meaning ${failureCodes[0]} `));
    expect(text).not.toMatch(/\| ?---|`|task\.statusis/);
    // No failure code runs into the cell before it ("Meaning008007001").
    for (const code of failureCodes) expect(text).not.toMatch(new RegExp(`[^\\s(]${code}`));
    await page.keyboard.press("Escape");
    await results.waitFor({ state: "detached" });
  });

  it("links the spec and the JSON Schemas from the committed page, from site/ and from the mock's /docs", async () => {
    const route = guides.find((g) => g.heading === "Using the spec from another language")!.route;
    const relative = (h: string) => !/^(?:[a-z][a-z0-9+.-]*:|[#/])/i.test(h);
    const targets = (url: string) =>
      inTab(async (tab) => {
        await tab.goto(`${url}#${route}`);
        await tab.locator(`[data-section-id="${route}"]`).first().waitFor();
        await tab.locator('a[href="openapi.json"], a[href$="/openapi.json"]').first().waitFor({ state: "attached" });
        const all = await tab
          .locator("a[href]")
          .evaluateAll((as) => as.map((a) => [a.getAttribute("href")!, (a as HTMLAnchorElement).href]));
        return all.filter(([href]) => relative(href!.replace(/^(\.\.\/)+/, ""))).map(([, resolved]) => resolved!);
      });

    const committed = await targets(pathToFileURL(join(ROOT, "generated", "docs", "index.html")).href);
    expect(committed.length).toBeGreaterThan(1);
    for (const url of committed) expect(statSync(fileURLToPath(url)).isFile(), url).toBe(true);
    const copied = await targets(pathToFileURL(join(site, "index.html")).href);
    for (const url of copied) expect(statSync(fileURLToPath(url)).isFile(), url).toBe(true);
  });

  it.each([
    ["an operation", () => byOperationId("createViduQ3TurboI2V").route],
    ["a guide's part", () => `${tagRoute("Getting started").slice(1)}/2a.-with-the-typescript-client`],
  ])("opens a deep link to %s on it, without painting the landing first", async (_, linkedRoute) => {
    await inTab(async (tab) => {
      // Each frame until the linked section's heading is on screen: is the overview's, or the linked one, painted?
      await tab.addInitScript((title: string) => {
        const frames: [boolean, boolean][] = [];
        Object.assign(window, { frames_: frames });
        const route = location.hash.slice(1).split("#")[0];
        const painted = (element: Element | null | undefined) => {
          if (!element) return false;
          const box = element.getBoundingClientRect();
          const onScreen = box.height > 0 && box.bottom > 0 && box.top < innerHeight;
          return onScreen && getComputedStyle(element).visibility === "visible";
        };
        const tick = () => {
          const landing = [...document.querySelectorAll("h1")].find((h) => h.textContent?.startsWith(title));
          const linked = document.querySelector(`[data-section-id="${route}"] h1, [data-section-id="${route}"] h2`);
          frames.push([painted(landing), painted(linked)]);
          if (!frames.at(-1)![1]) requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }, spec.info.title);
      await tab.goto(`${origin}/#${linkedRoute()}`);
      const frames = () => tab.evaluate(() => (window as unknown as { frames_: [boolean, boolean][] }).frames_);
      await expect.poll(async () => (await frames()).at(-1)?.[1], { timeout: WAIT_MS }).toBe(true);
      expect((await frames()).filter(([landing]) => landing)).toEqual([]);
      // Shown because the section arrived, not because the wait ran out.
      expect(await tab.evaluate(() => document.documentElement.dataset["novitaViduDeepLink"])).toBe("arrived");
    });
  });

  it.each([
    [390, 844],
    [1400, 900],
  ])("at %i px wide, keeps every table cell in view, or says the table scrolls", async (width, height) => {
    await page.setViewportSize({ width, height });
    try {
      for (const section of [
        concepts.find((c) => c.heading === "Errors")!,
        concepts.find((c) => c.heading === "Task lifecycle")!,
        guides.find((g) => g.heading === "Choosing a model")!,
      ]) {
        await open(section);
        const tables = await page.evaluate(() =>
          [...document.querySelectorAll("table")]
            .filter((table) => (table as HTMLElement).offsetParent !== null)
            .map((table) => {
              const box = table.parentElement!;
              const scrolls =
                box.scrollWidth > box.clientWidth + 1 && /auto|scroll/.test(getComputedStyle(box).overflowX);
              const cells = [...table.querySelectorAll("td")].map((td) => td.getBoundingClientRect());
              return {
                heading: table.querySelector("th")?.textContent ?? "",
                hint: getComputedStyle(box, "::before").content,
                scrolls,
                outOfView: cells.filter((r) => r.width > 0 && r.right > innerWidth + 1).length,
              };
            }),
        );
        expect(tables.length, section.route).toBeGreaterThan(0);
        for (const table of tables)
          if (table.scrolls) expect(table.hint, table.heading).toBe(JSON.stringify(SCROLL_HINT));
          else expect(table.outOfView, table.heading).toBe(0);
      }
      if (width < 600) {
        await open(concepts.find((c) => c.heading === "Errors")!);
        await screenshot(page.getByRole("row", { name: /^INVALID_REQUEST_BODY / }), "phone-error-reasons.png");
        await open(guides.find((g) => g.heading === "Choosing a model")!);
        await screenshot(page.locator(".md-table-wrapper tr").first(), "phone-model-table.png");
      }
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  });

  it("gives each guide's code a copy button and highlighting, as the samples have", async () => {
    await open(guides.find((g) => g.heading === "Getting started")!);
    const block = page.locator("pre[data-language='ts']", { hasText: "createViduClient" }).first();
    const copy = block.locator("xpath=..").getByRole("button", { name: "Copy code" });
    await screenshot(copy, "guide-code.png");
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin });
    await copy.click();
    await expect.poll(() => copy.textContent(), { timeout: WAIT_MS }).toBe("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await block.textContent());
    // The keywords, strings and comments of that block are coloured, and only tokens of those kinds.
    const painted = await block.evaluate((pre, names) => {
      const inBlock = (range: AbstractRange) => pre.contains(range.startContainer);
      return names.map((name) => [...(CSS.highlights.get(name) ?? [])].filter(inBlock).map((r) => String(r)));
    }, Object.keys(CODE_HIGHLIGHTS));
    const [keywords, strings, comments] = painted;
    expect(keywords).toContain("import");
    expect(strings).toContain('"novita-vidu/lean"');
    expect(comments).toContain("// reads NOVITA_API_KEY");
    expect(keywords!.every((word) => /^\w+$/.test(word))).toBe(true);
    // Every guide code block shown has its button.
    const blocks = await page.locator("[data-component-name='Markdown/Markdown'] > pre[data-language]").count();
    expect(await page.locator(".novita-vidu-code > .novita-vidu-copy").count()).toBe(blocks);
  });

  it("works from file://, with no server", async () => {
    await inTab(async (file) => {
      await file.goto(`${pathToFileURL(join(site, "index.html")).href}#/failure-codes`);
      await file
        .locator('[data-section-id="/failure-codes"]')
        .getByRole("heading", { name: "Failure codes" })
        .waitFor();
      const link = file.locator("a[href='#/getting-started']").first();
      await link.click();
      await file.locator('[data-section-id="/getting-started"]').first().waitFor();
      await file.waitForURL(/^file:\/\/.*index\.html#\/getting-started$/);
    });
  });
});
