// `npm run upstream` reading pages over HTTP: a bare endpoint name expands to
// <base-url>model-apis-<endpoint>.md, a URL is read as given, and every fetch is bounded in time and
// size. A server on 127.0.0.1 stands in for novita.ai (this machine cannot reach it).
import { existsSync } from "node:fs";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Json, spec } from "../fixtures/bundled-spec.js";
import { check, checkJson, fixture, fixtureText } from "./helpers.js";

const requests: string[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = request.url ?? "";
    requests.push(path);
    const page = /^\/docs\/api-reference\/model-apis-([a-z0-9.-]+)\.md$/.exec(path)?.[1];
    if (path === "/slow") {
      response.writeHead(200, { "content-type": "text/markdown" });
      response.write("<ParamField ");
      return; // never ends: the timeout must stop it
    }
    if (path === "/huge-declared") {
      response.writeHead(200, { "content-type": "text/markdown", "content-length": String(5 * 1024 * 1024) });
      response.end();
      return;
    }
    if (path === "/huge-streamed") {
      response.writeHead(200, { "content-type": "text/markdown" });
      const chunk = "x".repeat(64 * 1024);
      let sent = 0;
      const more = () => {
        while (sent < 40 && response.write(chunk)) sent++;
        if (sent < 40) response.once("drain", more);
        else response.end();
      };
      more();
      return;
    }
    if (page && existsSync(fixture(page))) {
      response.writeHead(200, { "content-type": "text/markdown; charset=utf-8" });
      response.end(fixtureText(page));
      return;
    }
    response.writeHead(404, { "content-type": "text/plain" });
    response.end("not here");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests.length = 0;
});

describe("npm run upstream over HTTP", () => {
  it("expands an endpoint name to <base-url>model-apis-<endpoint>.md and checks what it reads", async () => {
    const { code, result } = await checkJson(
      "--base-url",
      `${base}/docs/api-reference/`,
      "viduq2-pro-fast",
      "vidu-q3-turbo-i2v",
    );
    expect(requests).toEqual([
      "/docs/api-reference/model-apis-viduq2-pro-fast.md",
      "/docs/api-reference/model-apis-vidu-q3-turbo-i2v.md",
    ]);
    expect(code).toBe(0);
    expect(result.pages.map((p) => [p.page, p.endpoint])).toEqual([
      [`${base}/docs/api-reference/model-apis-viduq2-pro-fast.md`, "viduq2-pro-fast"],
      [`${base}/docs/api-reference/model-apis-vidu-q3-turbo-i2v.md`, "vidu-q3-turbo-i2v"],
    ]);
  });

  it("reads the page of every endpoint of the spec with --all", async () => {
    const { code, result } = await checkJson("--all", "--base-url", `${base}/docs/api-reference/`);
    const endpoints = Object.keys(spec.paths as Record<string, Json>)
      .filter((path) => spec.paths[path].post?.requestBody)
      .map((path) => path.replace("/v3/async/", ""));
    expect(requests.sort()).toEqual(endpoints.map((e) => `/docs/api-reference/model-apis-${e}.md`).sort());
    // Endpoints without a fixture answer 404 here: each is named, and the run exits 2.
    expect(result.pages.map((p) => p.endpoint).sort()).toEqual(endpoints.filter((e) => existsSync(fixture(e))).sort());
    expect(code).toBe(endpoints.every((e) => existsSync(fixture(e))) ? 0 : 2);
    expect((await check("--all", "viduq2-pro-fast")).err).toMatch(/give pages or --all, not both/);
  });

  it("takes the base URL from NOVITA_DOCS_BASE_URL too, and reads a URL as given", async () => {
    process.env["NOVITA_DOCS_BASE_URL"] = `${base}/docs/api-reference`;
    try {
      expect((await check("vidu-q2-turbo-img2video")).code).toBe(0);
    } finally {
      delete process.env["NOVITA_DOCS_BASE_URL"];
    }
    const url = `${base}/docs/api-reference/model-apis-vidu-q2-turbo-img2video.md`;
    expect((await check(url)).code).toBe(0);
    expect(requests).toEqual(["/docs/api-reference/model-apis-vidu-q2-turbo-img2video.md", new URL(url).pathname]);
  });

  it("refuses an endpoint name the spec does not have before fetching anything", async () => {
    const { code, err } = await check("--base-url", `${base}/docs/api-reference/`, "vidu-q9-dream");
    expect(code).toBe(2);
    expect(err).toMatch(
      /^upstream: http:.*\/model-apis-vidu-q9-dream\.md: vidu-q9-dream is not an endpoint of the spec/,
    );
    expect(requests).toEqual([]);
  });

  it("exits 2 on an HTTP error, naming the page", async () => {
    const { code, err } = await check("--endpoint", "viduq2-pro-fast", `${base}/moved.md`);
    expect(code).toBe(2);
    expect(err).toBe(`upstream: ${base}/moved.md: HTTP 404 Not Found`);
  });

  it("gives up on a page that does not arrive within --timeout", async () => {
    const started = Date.now();
    const { code, err } = await check("--timeout", "300", "--endpoint", "viduq2-pro-fast", `${base}/slow`);
    expect(code).toBe(2);
    expect(err).toBe(`upstream: ${base}/slow: no whole answer within 300 ms`);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("refuses a page larger than 1 MB, declared or streamed", async () => {
    const declared = await check("--endpoint", "viduq2-pro-fast", `${base}/huge-declared`);
    expect(declared.code).toBe(2);
    expect(declared.err).toMatch(/huge-declared: 5242880 bytes, more than the 1048576 a page may have$/);
    const streamed = await check("--endpoint", "viduq2-pro-fast", `${base}/huge-streamed`);
    expect(streamed.code).toBe(2);
    expect(streamed.err).toMatch(/huge-streamed: more than the 1048576 bytes a page may have$/);
  });

  it("says so when nothing answers", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const { code, err } = await check("--base-url", `http://127.0.0.1:${port}/`, "viduq2-pro-fast");
    expect(code).toBe(2);
    expect(err).toMatch(/model-apis-viduq2-pro-fast\.md: cannot fetch: .*ECONNREFUSED/);
  });
});
