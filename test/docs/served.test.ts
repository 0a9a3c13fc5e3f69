// `npm start` serves the docs site that `npm run docs` writes: the same files, under /docs/ (and beside
// the page at the root, so its relative links work from /docs too), with an icon at /favicon.ico.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { siteFiles } from "../../src/mock/docs-site.mjs";
import { startMockServer, type MockServer } from "../../src/mock/node.js";

const ROOT = new URL("../..", import.meta.url).pathname;
const files = siteFiles(ROOT);
let mock: MockServer;

beforeAll(async () => {
  mock = await startMockServer({ docsSite: files });
});
afterAll(() => mock?.close());

describe("the docs site on the mock", () => {
  it("serves the page at /docs and /docs/, and sends / there", async () => {
    for (const path of ["/docs", "/docs/"]) {
      const page = await fetch(`${mock.url}${path}`);
      expect([page.status, page.headers.get("content-type")]).toEqual([200, "text/html; charset=utf-8"]);
      expect(await page.text()).toContain("const __redoc_definition = ");
    }
    const root = await fetch(`${mock.url}/`, { redirect: "manual" });
    expect([root.status, root.headers.get("location")]).toEqual([302, "/docs"]);
  });

  it.each(Object.keys(files).filter((name) => name !== "index.html"))(
    "serves %s under /docs/ and at the root",
    async (name) => {
      for (const path of [`/docs/${name}`, `/${name}`]) {
        const answer = await fetch(`${mock.url}${path}`);
        expect(answer.status, path).toBe(200);
        expect(answer.headers.get("content-type"), path).toMatch(/^application\/(json|yaml)$/);
      }
    },
  );

  it("answers /favicon.ico with an icon, not a 404", async () => {
    const icon = await fetch(`${mock.url}/favicon.ico`);
    expect([icon.status, icon.headers.get("content-type")]).toEqual([200, "image/svg+xml"]);
    expect(await icon.text()).toMatch(/^<svg /);
  });

  it("serves nothing outside the site's files", async () => {
    for (const path of [
      "/docs/../package.json",
      "/docs/%2e%2e/package.json",
      "/docs/jsonschema/Nope.json",
      "/package.json",
    ])
      expect((await fetch(`${mock.url}${path}`)).status, path).toBe(404);
  });
});
