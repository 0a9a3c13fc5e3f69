// submit and wait build their requests themselves (src/transport/transport.ts), not through openapi-fetch: the
// requests they send must be the ones openapi-fetch sends for the same call (method, URL and query
// encoding, headers, body, cache), from the lean client and the full one alike.
import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import type { paths } from "../../generated/schema.js";
import { viduQ3TurboI2V } from "../../generated/models/index.js";
import { createViduClient } from "../../src/index.js";
import { createViduClient as createLeanClient } from "../../src/lean.js";

const BASE = "http://127.0.0.1:4010";
const HEADERS = { "X-Extra": "1" };
const BODY = { images: ["https://example.com/a%20b.png"], prompt: 'é \u2028 "quoted"' };
const TASK_ID = "a b/c?d&e=é";
const answer = (request: Request) =>
  new Response(
    request.method === "POST"
      ? '{"task_id":"t"}'
      : JSON.stringify({ task: { task_id: "t", status: "TASK_STATUS_SUCCEED" }, videos: [] }),
    { headers: { "content-type": "application/json" } },
  );

async function described(request: Request) {
  return {
    method: request.method,
    url: request.url,
    headers: [...request.headers].sort(),
    body: await request.text(),
    cache: request.cache,
  };
}

async function capture(send: (fetch: (request: Request) => Promise<Response>) => Promise<unknown>) {
  const seen: Request[] = [];
  await send(async (request) => (seen.push(request), answer(request)));
  return Promise.all(seen.map(described));
}

describe("the client's own requests", () => {
  const clients = { lean: createLeanClient, full: createViduClient };
  it.each(Object.keys(clients))("%s client: as openapi-fetch sends them", async (kind) => {
    const create = clients[kind as keyof typeof clients];
    const ours = await capture(async (fetch) => {
      const vidu = create({ apiKey: "k", baseUrl: BASE, headers: HEADERS, fetch });
      await vidu.submit(viduQ3TurboI2V, BODY);
      await vidu.wait(TASK_ID);
    });
    const reference = await capture(async (fetch) => {
      const api = createClient<paths>({ baseUrl: BASE, headers: { ...HEADERS, Authorization: "Bearer k" }, fetch });
      await api.POST("/v3/async/vidu-q3-turbo-i2v", { body: BODY });
      await api.GET("/v3/async/task-result", { params: { query: { task_id: TASK_ID } }, cache: "no-store" });
    });
    expect(ours).toEqual(reference);
    expect(ours.map((r) => r.url)).toEqual([
      `${BASE}/v3/async/vidu-q3-turbo-i2v`,
      `${BASE}/v3/async/task-result?task_id=${encodeURIComponent(TASK_ID)}`,
    ]);
  });
});
