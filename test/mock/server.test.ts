// The mock under node:http (startMockServer, which `novita-vidu mock` and `npm start` use): what HTTP
// adds to the handler. The origin of its answers is its own bound address, whatever a client claims;
// methods fetch cannot carry get 501, not a crash; the spec and the docs are served beside the API.
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TASK_RESULT_PATH } from "../../generated/constants.js";
import { type MockServer, startMockServer } from "../../src/mock/node.js";
import { AUTH, FIRST, matches, SAMPLE } from "./helpers.js";

let mock: MockServer;
let docsDir: string;

beforeAll(async () => {
  docsDir = await mkdtemp(join(tmpdir(), "mock-docs-"));
  mock = await startMockServer({ timings: { queuedMs: 0, processingMs: 0 }, docsPage: join(docsDir, "index.html") });
});
afterAll(async () => {
  await mock?.close();
  await rm(docsDir, { recursive: true, force: true });
});

/** A raw HTTP request, for what fetch will not send (a forged Host, TRACE, an absolute request target). */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  const { port } = new URL(mock.url);
  return new Promise<{ status: number; headers: Record<string, unknown>; text: string }>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers }, (res) => {
      let text = "";
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function newTask(headers: Record<string, string> = {}) {
  const answer = await raw(
    "POST",
    FIRST.path,
    { ...AUTH, "Content-Type": "application/json", ...headers },
    JSON.stringify(FIRST.body),
  );
  expect(answer.status).toBe(200);
  return JSON.parse(answer.text).task_id as string;
}

describe("startMockServer", () => {
  it("listens on 127.0.0.1 and a free port by default", () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(mock.url).not.toBe("http://127.0.0.1:4010");
  });

  it("builds video_url from its own address, whatever Host a client sends", async () => {
    const forged = { Host: "attacker.example:80/x?" };
    const id = await newTask(forged);
    const answer = await raw("GET", `${TASK_RESULT_PATH}?task_id=${id}`, { ...AUTH, ...forged });
    const result = JSON.parse(answer.text);
    expect(matches.result(result)).toEqual([]);
    expect(result.videos[0].video_url).toBe(`${mock.url}/videos/${id}.mp4`);
  });

  it("refuses an absolute URL as the request target, which would name another origin", async () => {
    const answer = await raw("GET", `http://attacker.example${TASK_RESULT_PATH}?task_id=x`, AUTH);
    expect([answer.status, JSON.parse(answer.text).reason]).toEqual([400, "INVALID_REQUEST"]);
  });

  it.each(["TRACE", "PROPFIND", "DELETE"])(
    "answers %s with 501 in Novita's envelope, and keeps serving",
    async (method) => {
      const answer = await raw(method, FIRST.path, AUTH);
      expect(answer.status).toBe(501);
      expect(answer.headers["allow"]).toBe("GET, HEAD, POST, OPTIONS");
      expect(matches.error(JSON.parse(answer.text))).toEqual([]);
      await newTask();
    },
  );

  it("answers 50 000 nested [ with 400, and keeps serving", async () => {
    const nested = "[".repeat(50_000) + "]".repeat(50_000);
    const answer = await raw("POST", FIRST.path, { ...AUTH, "Content-Type": "application/json" }, nested);
    expect([answer.status, JSON.parse(answer.text).reason]).toEqual([400, "INVALID_REQUEST_BODY"]);
    await newTask();
  });

  it("serves the video it names, over HTTP, with ranges", async () => {
    const id = await newTask();
    const whole = await fetch(`${mock.url}/videos/${id}.mp4`);
    expect(Buffer.from(await whole.arrayBuffer()).equals(SAMPLE)).toBe(true);
    const part = await fetch(`${mock.url}/videos/${id}.mp4`, { headers: { Range: "bytes=0-99" } });
    expect([part.status, (await part.arrayBuffer()).byteLength]).toEqual([206, 100]);
  });

  it("serves the bundled spec", async () => {
    for (const name of ["openapi.json", "openapi.yaml", "openapi-3.0.json", "openapi-3.0.yaml"]) {
      const spec = await fetch(`${mock.url}/${name}`);
      expect(await spec.text()).toBe(readFileSync(new URL(`../../generated/${name}`, import.meta.url), "utf8"));
    }
  });

  it("serves the docs at /docs once built, says how to build them until then, and sends / there", async () => {
    const before = await fetch(`${mock.url}/docs`);
    expect(before.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await before.text()).toContain("npm run docs");
    await writeFile(join(docsDir, "index.html"), "<!doctype html><title>Redoc</title>");
    expect(await (await fetch(`${mock.url}/docs/`)).text()).toBe("<!doctype html><title>Redoc</title>");
    const root = await fetch(mock.url, { redirect: "manual" });
    expect([root.status, root.headers.get("location")]).toEqual([302, "/docs"]);
  });

  it("has no docs unless given a page", async () => {
    const bare = await startMockServer();
    try {
      expect((await fetch(`${bare.url}/docs`)).status).toBe(404);
    } finally {
      await bare.close();
    }
  });

  it("stops at once, dropping open connections, and can be closed twice", async () => {
    const other = await startMockServer();
    const hanging = fetch(`${other.url}${TASK_RESULT_PATH}?task_id=x`, {
      headers: { ...AUTH, "X-Mock-Latency": "30000" },
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await Promise.all([other.close(), other.close()]);
    await expect(hanging).rejects.toThrow();
    await expect(fetch(other.url)).rejects.toThrow();
  });

  it("says so when the port is taken", async () => {
    const port = Number(new URL(mock.url).port);
    await expect(startMockServer({ port })).rejects.toMatchObject({ code: "EADDRINUSE" });
  });
});
