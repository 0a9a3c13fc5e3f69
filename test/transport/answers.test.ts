// What the client sends and reads: any function with fetch's signature works, a body is validated as
// it will be sent, and an answer is untrusted (bounded in size, the key redacted, its shape checked).
import { describe, expect, it } from "vitest";
import { createViduClient, ViduApiError, ViduConnectionError, ViduValidationError } from "../../src/index.js";
import { API_KEY, json, Q3, rejection, succeeded, testClient } from "../client/helpers.js";

const MB = 1024 * 1024;

describe("the fetch contract", () => {
  it("works with a fetch that takes only the Request", async () => {
    const bodies: string[] = [];
    const client = createViduClient({
      apiKey: API_KEY,
      fetch: async (input) => {
        bodies.push(await (input as Request).text());
        return json({ task_id: "t-1" });
      },
    });
    await expect(client.submit("vidu-q3-turbo-i2v", Q3)).resolves.toEqual({ task_id: "t-1" });
    expect(JSON.parse(bodies[0] ?? "")).toEqual(Q3);
  });

  it("sends the whole body again on a retry, to a fetch that takes only the Request", async () => {
    const bodies: string[] = [];
    let calls = 0;
    const client = createViduClient({
      apiKey: API_KEY,
      retry: { firstBackoffCapMs: 1 },
      fetch: async (input) => {
        bodies.push(await (input as Request).text());
        return ++calls === 1 ? json({ reason: "RATE_LIMIT_EXCEEDED" }, 429) : json({ task_id: "t-1" });
      },
    });
    await client.submit("vidu-q3-turbo-i2v", Q3);
    expect(bodies.map((b) => JSON.parse(b))).toEqual([Q3, Q3]);
  });

  it("says nothing was received when the fetch fails before sending", async () => {
    const client = createViduClient({
      apiKey: API_KEY,
      retry: false,
      fetch: () => {
        throw new TypeError("this fetch cannot send");
      },
    });
    const error = await rejection(client.submit("vidu-q3-turbo-i2v", Q3));
    expect(error).toBeInstanceOf(ViduConnectionError);
    expect(error).toMatchObject({ maybeReceived: false });
    expect(error.message).not.toMatch(/may have accepted/);
  });
});

describe("the body sent", () => {
  it("is what is validated: an inherited field is not sent, so it does not count", async () => {
    const { client, sent } = testClient([json({ task_id: "t-1" })]);
    const body = Object.create({ images: ["https://example.com/a.png"] });
    const error = await rejection(client.submit("vidu-q3-turbo-i2v", body));
    expect((error as ViduValidationError).issues?.map((i) => i.field)).toEqual(["images"]);
    expect(sent).toHaveLength(0);
  });

  it("is what is validated: a toJSON's output is checked", async () => {
    const { client, sent } = testClient([json({ task_id: "t-1" })]);
    const body = { ...Q3, toJSON: () => ({ ...Q3, duration: 99 }) };
    const error = await rejection(client.submit("vidu-q3-turbo-i2v", body as never));
    expect(error).toBeInstanceOf(ViduValidationError);
    expect(error.message).toMatch(/duration must be between 1 and 16/);
    expect(sent).toHaveLength(0);
  });

  it.each([
    ["a BigInt", { ...Q3, seed: 1n }],
    ["a cycle", (() => ((b: Record<string, unknown>) => ((b["extra"] = b), b))({ ...Q3 }))()],
  ])("that JSON cannot hold (%s) is refused clearly, also unvalidated", async (_, body) => {
    for (const validate of [true, false]) {
      const { client, sent } = testClient([json({ task_id: "t-1" })], { validate });
      const error = await rejection(client.submit("vidu-q3-turbo-i2v", body as never));
      expect(error).toBeInstanceOf(ViduValidationError);
      expect(error.message).toMatch(/the body must be JSON/);
      expect(sent).toHaveLength(0);
    }
  });
});

describe("an answer's size", () => {
  const huge = (bytes: number, headers: Record<string, string> = {}) => {
    let sentBytes = 0;
    const chunk = new TextEncoder().encode(" ".repeat(64 * 1024));
    const body = new ReadableStream<Uint8Array>({
      start: (c) => c.enqueue(new TextEncoder().encode('{"task":')),
      pull: (c) => {
        if (sentBytes >= bytes) return c.close();
        sentBytes += chunk.length;
        c.enqueue(chunk);
      },
    });
    const response = new Response(body, { headers: { "content-type": "application/json", ...headers } });
    return { response, read: () => sentBytes };
  };

  it("is bounded: reading stops at the cap, with a clear error", async () => {
    const answer = huge(200 * MB);
    const { client, sent } = testClient([() => answer.response]);
    const error = await rejection(client.wait("t-1"));
    expect(error).toBeInstanceOf(ViduApiError);
    expect(error).toMatchObject({ reason: "RESPONSE_TOO_LARGE" });
    expect(error.message).toMatch(/larger than 4 MB/);
    expect(answer.read()).toBeLessThan(5 * MB);
    expect(sent).toHaveLength(1); // not retried: the same answer would come again
  });

  it("is refused unread when its Content-Length says it is over the cap", async () => {
    const answer = huge(200 * MB, { "content-length": String(200 * MB) });
    const { client } = testClient([() => answer.response]);
    await expect(client.wait("t-1")).rejects.toMatchObject({ reason: "RESPONSE_TOO_LARGE" });
    expect(answer.read()).toBeLessThan(1 * MB);
  });

  it("of a submit that may have created a task says to look for it", async () => {
    const answer = huge(10 * MB);
    const { client } = testClient([() => answer.response]);
    const error = await rejection(client.submit("vidu-q3-turbo-i2v", Q3));
    expect(error.message).toMatch(/RESPONSE_TOO_LARGE.*look for the task before sending it again/);
  });

  it("under the cap is read whole", async () => {
    const padding = "x".repeat(3 * MB);
    const { client } = testClient([json({ ...JSON.parse(await succeeded().text()), padding })]);
    await expect(client.wait("t-1")).resolves.toMatchObject({ task: { status: "TASK_STATUS_SUCCEED" } });
  });
});

describe("an answer's shape", () => {
  it.each([{ id: "x" }, 42, "", ["t"], "../../pwned", "a/b", ".hidden", "x".repeat(129), "t 1"])(
    "refuses a task_id that is not a plain token (%j)",
    async (task_id) => {
      const { client } = testClient([json({ task_id })]);
      const error = await rejection(client.submit("vidu-q3-turbo-i2v", Q3));
      expect(error).toMatchObject({ name: "ViduApiError", reason: "MALFORMED_RESPONSE" });
      expect(error.message).toMatch(/look for the task before sending it again/);
    },
  );

  it.each(["0b7c9e1a-43f2-4d1e-9a4e-2f1c3d5e6f70", "task_123.v2"])(
    "takes a task_id that is a token (%s)",
    async (task_id) => {
      const { client } = testClient([json({ task_id })]);
      await expect(client.submit("vidu-q3-turbo-i2v", Q3)).resolves.toEqual({ task_id });
    },
  );

  it("refuses a task result whose task has no status", async () => {
    const { client } = testClient([json({ task: { task_id: "t-1" } })]);
    await expect(client.wait("t-1")).rejects.toMatchObject({ reason: "MALFORMED_RESPONSE" });
  });
});

describe("a connection that fails", () => {
  /** A port on 127.0.0.1 that nothing listens on: one the system gave a server that has closed. */
  async function closedPort() {
    const { createServer } = await import("node:net");
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  it("names the host and the cause, and says how to start the mock when it is this machine", async () => {
    const port = await closedPort();
    const client = createViduClient({ apiKey: API_KEY, baseUrl: `http://127.0.0.1:${port}`, retry: false });
    const error = await rejection(client.submit("vidu-q3-turbo-i2v", Q3));
    expect(error).toBeInstanceOf(ViduConnectionError);
    expect(error.message).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
    expect(error.message).toContain(`http://127.0.0.1:${port}/v3/async/vidu-q3-turbo-i2v`);
    expect(error.message).toMatch(/start the mock with `npx novita-vidu mock`/);
    expect(error.message).not.toMatch(/billed/);
    expect(error).toMatchObject({ maybeReceived: false });
  });

  it("warns of billing when a submit to Novita may have been received", async () => {
    const { client } = testClient(
      [Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNRESET", message: "read ECONNRESET" } })],
      { retry: false },
    );
    const error = await rejection(client.submit("vidu-q3-turbo-i2v", Q3));
    expect(error.message).toMatch(
      /https:\/\/api\.novita\.ai\/v3\/async\/vidu-q3-turbo-i2v" failed \(fetch failed: read ECONNRESET\); Novita may have accepted and billed it/,
    );
  });
});

describe("the base URL", () => {
  it.each([
    ["https://user:secret@api.novita.ai", /must not hold a user name or password/],
    ["https://api.novita.ai/?x=1", /must not have a query or a fragment/],
    ["ftp://api.novita.ai", /must be an http\(s\) URL/],
  ])("%s is refused when the client is created, without quoting it", (baseUrl, message) => {
    let error: unknown;
    try {
      createViduClient({ apiKey: API_KEY, baseUrl });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ViduValidationError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("secret");
  });
});

describe("the Response openapi-fetch is given", () => {
  const path = "/v3/async/task-result" as const;
  const query = { params: { query: { task_id: "t-1" } } };
  const read = async (parseAs?: "stream" | "text") => {
    const { client } = testClient([
      json({ task: { status: "TASK_STATUS_QUEUED" } }, 200, { "content-length": "999", "content-encoding": "gzip" }),
    ]);
    return client.api.GET(path, { ...query, ...(parseAs && { parseAs }) });
  };

  it("says where it came from, and drops the encoding and length of the text it no longer is", async () => {
    const { response } = await read();
    expect(response.url).toBe("https://api.novita.ai/v3/async/task-result?task_id=t-1");
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.has("content-length")).toBe(false);
    expect(response.headers.has("content-encoding")).toBe(false);
  });

  /** A used answer: every later read and clone fails, and bodyUsed keeps saying so. */
  const refusesMore = async (response: Response) => {
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
    await expect(response.arrayBuffer()).rejects.toThrow(TypeError);
    expect(() => response.clone()).toThrow(TypeError);
    expect(response.bodyUsed).toBe(true);
  };

  it("is read once, as a fetched one is: a second read fails, and bodyUsed says so", async () => {
    const { data, response } = await read();
    expect(data).toEqual({ task: { status: "TASK_STATUS_QUEUED" } });
    await refusesMore(response);
    expect(response.body?.locked).toBe(true); // the stream is used too
  });

  it("refuses a second read and a clone with the errors a used fetched Response throws", async () => {
    const { response } = await read();
    const fetched = new Response("{}");
    await fetched.text();
    const failure = (act: () => unknown) =>
      Promise.resolve()
        .then(act)
        .then(
          () => "no error",
          (error: Error) => `${error.name}: ${error.message}`,
        );
    for (const act of [(r: Response) => r.text(), (r: Response) => r.json(), (r: Response) => r.clone()])
      expect(await failure(() => act(response))).toBe(await failure(() => act(fetched)));
  });

  it("gives its body as a stream to a caller that asks for one, and then not as text", async () => {
    const { data, response } = await read("stream");
    expect(response.bodyUsed).toBe(false);
    const text = await new Response(data as unknown as ReadableStream).text();
    expect(JSON.parse(text)).toEqual({ task: { status: "TASK_STATUS_QUEUED" } });
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
  });

  it("clones into answers read apart, by every reader", async () => {
    const { response } = await read("stream");
    const copies = [response.clone(), response.clone(), response.clone(), response.clone()];
    const expected = '{"task":{"status":"TASK_STATUS_QUEUED"}}';
    expect(await copies[0]!.json()).toEqual(JSON.parse(expected));
    expect(new TextDecoder().decode(await copies[1]!.arrayBuffer())).toBe(expected);
    expect(await (await copies[2]!.blob()).text()).toBe(expected);
    expect(copies[3]!.url).toBe(response.url);
    expect(await response.text()).toBe(expected);
    expect(await copies[3]!.text()).toBe(expected);
  });

  it("lets a middleware read the answer and the client still read it", async () => {
    const seen: unknown[] = [];
    const { client } = testClient([succeeded()]);
    client.api.use({ onResponse: async ({ response }) => void seen.push(await response.clone().json()) });
    await expect(client.wait("t-1")).resolves.toMatchObject({ task: { status: "TASK_STATUS_SUCCEED" } });
    expect(seen).toMatchObject([{ task: { status: "TASK_STATUS_SUCCEED" } }]);
  });

  it("has no body when the answer had none", async () => {
    const { client } = testClient([new Response(null, { status: 204 })]);
    const { response } = await client.api.GET(path, query);
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
    expect(await response.text()).toBe("");
  });

  it("is read once even when empty: then no read or clone is allowed, and bodyUsed says so", async () => {
    const noContent = await testClient([new Response(null, { status: 204 })]).client.api.GET(path, query);
    expect(await noContent.response.text()).toBe(""); // openapi-fetch does not read a 204
    await refusesMore(noContent.response);
    const empty = await testClient([new Response("", { status: 200 })]).client.api.GET(path, query);
    expect(empty.data).toBeUndefined(); // read by openapi-fetch, as an empty JSON answer
    await refusesMore(empty.response);
  });
});
