// src/lite-fetch.ts stands in for openapi-fetch in the lean client: for the calls the client makes
// (always `parseAs: "text"`), both must send the same request and read each kind of answer alike.
import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import type { paths } from "../../generated/schema.js";
import { createLiteClient } from "../../src/lite-fetch.js";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
const ANSWERS: Record<string, () => Response> = {
  "200 JSON": () => json(200, { task_id: "t" }),
  "200 JSON without a length": () => new Response(new Blob(['{"a":1}']).stream(), { status: 200 }),
  "200 empty": () => new Response("", { status: 200, headers: { "Content-Length": "0" } }),
  "204": () => new Response(null, { status: 204 }),
  "200 not JSON": () => new Response("<html>ok</html>", { status: 200 }),
  "400 JSON": () => json(400, { reason: "INVALID_REQUEST_BODY", message: "m" }),
  "502 text": () => new Response("Bad gateway", { status: 502 }),
  "500 empty": () => new Response("", { status: 500, headers: { "Content-Length": "0" } }),
};
/** The calls the client makes, with every option it passes. */
const CALLS = {
  "POST a body": (api: ReturnType<typeof createLiteClient>, parseAs: "json" | "text" | "stream") =>
    (api.POST as unknown as (p: string, i: object) => Promise<Record<string, unknown>>)("/v3/async/vidu-q3-turbo-i2v", {
      body: { images: ["https://example.com/a b.png"] },
      parseAs,
      signal: new AbortController().signal,
    }),
  "POST a serialised body": (api: ReturnType<typeof createLiteClient>, parseAs: "json" | "text" | "stream") =>
    (api.POST as unknown as (p: string, i: object) => Promise<Record<string, unknown>>)("/v3/async/vidu-q3-turbo-i2v", {
      body: { images: [] },
      bodySerializer: () => '{"images":["x"]}',
      parseAs,
    }),
  "GET with a query": (api: ReturnType<typeof createLiteClient>, parseAs: "json" | "text" | "stream") =>
    (api.GET as unknown as (p: string, i: object) => Promise<Record<string, unknown>>)("/v3/async/task-result", {
      params: { query: { task_id: "a b/c?d&e=é" } },
      cache: "no-store",
      parseAs,
    }),
};

async function observe(
  kind: "lite" | "openapi-fetch",
  call: keyof typeof CALLS,
  answer: string,
  parseAs: "json" | "text" | "stream",
) {
  let seen: Request | undefined;
  const fetch = async (request: Request) => {
    seen = request;
    return ANSWERS[answer]!();
  };
  const init = { baseUrl: "http://127.0.0.1:4010", headers: { Authorization: "Bearer k", "X-Extra": "1" }, fetch };
  const api =
    kind === "lite"
      ? createLiteClient(init)
      : (createClient<paths>(init) as unknown as ReturnType<typeof createLiteClient>);
  const outcome = await CALLS[call](api, parseAs).catch((error: Error) => ({ threw: error.name }));
  const read = async (value: unknown) =>
    value instanceof ReadableStream ? `stream:${await new Response(value).text()}` : value;
  return {
    method: seen!.method,
    url: seen!.url,
    headers: [...seen!.headers].sort(),
    body: await seen!.text(),
    cache: seen!.cache,
    data: await read((outcome as { data?: unknown }).data),
    error: (outcome as { error?: unknown }).error,
    hasData: "data" in outcome,
    hasError: "error" in outcome,
    threw: (outcome as { threw?: string }).threw,
    status: (outcome as { response?: Response }).response?.status,
  };
}

describe("the lite client and openapi-fetch", () => {
  const cases = Object.keys(CALLS).flatMap((call) =>
    Object.keys(ANSWERS).flatMap((answer) => (["text"] as const).map((parseAs) => [call, answer, parseAs] as const)),
  );
  it.each(cases)(
    "%s, answered %s, read as %s: the same request and the same outcome",
    async (call, answer, parseAs) => {
      const lite = await observe("lite", call as keyof typeof CALLS, answer, parseAs);
      const reference = await observe("openapi-fetch", call as keyof typeof CALLS, answer, parseAs);
      expect(lite).toEqual(reference);
    },
  );
});
