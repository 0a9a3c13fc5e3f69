// The API key never leaves the Authorization header: not in a message, a stack, or JSON.
import { afterEach, describe, expect, it } from "vitest";
import { createViduClient, ViduError, ViduValidationError } from "../../src/index.js";
import { API_KEY, envelope, json, networkError, Q3, rejection, task, testClient } from "./helpers.js";

describe("the API key", () => {
  const failures: [string, () => Promise<unknown>][] = [
    ["an API error", () => testClient([envelope(403, "INVALID_API_KEY")]).client.submit("vidu-q3-turbo-i2v", Q3)],
    ["a validation error", () => testClient([]).client.submit("vidu-q3-turbo-i2v", { images: [] })],
    ["a connection error", () => testClient([networkError("ECONNRESET")]).client.submit("vidu-q3-turbo-i2v", Q3)],
    ["a failed task", () => testClient([task("TASK_STATUS_FAILED", { reason: "x" })]).client.wait("t")],
    ["a timeout", () => testClient([task("TASK_STATUS_QUEUED")]).client.wait("t", { timeoutMs: 5000 })],
    ["a malformed answer", () => testClient([new Response("{", { status: 200 })]).client.wait("t")],
    ["an HTML error page", () => testClient([new Response("<p>no</p>", { status: 400 })]).client.wait("t")],
  ];

  it.each(failures)("is absent from %s", async (_, fail) => {
    const error = await rejection(fail());
    expect(error).toBeInstanceOf(ViduError);
    const everything = [
      error.message,
      error.stack,
      JSON.stringify(error),
      String(error),
      JSON.stringify(Object.entries(error)),
    ];
    for (const text of everything) expect(text).not.toContain(API_KEY);
  });

  it("is sent only as the bearer token", async () => {
    const { client, sent } = testClient([json({ task_id: "t" })]);
    await client.submit("vidu-q3-turbo-i2v", Q3);
    expect(sent[0]?.url.href).not.toContain(API_KEY);
    expect(JSON.stringify(sent[0]?.body)).not.toContain(API_KEY);
  });

  it("is required", () => {
    const saved = process.env["NOVITA_API_KEY"];
    delete process.env["NOVITA_API_KEY"];
    try {
      expect(() => createViduClient()).toThrow(/No API key: pass \{ apiKey \} or set NOVITA_API_KEY/);
    } finally {
      if (saved !== undefined) process.env["NOVITA_API_KEY"] = saved;
    }
  });

  it("comes from NOVITA_API_KEY when not passed", async () => {
    process.env["NOVITA_API_KEY"] = "sk_from_env";
    try {
      const sent: Request[] = [];
      const client = createViduClient({ fetch: async (r) => (sent.push(r as Request), json({ task_id: "t" })) });
      await client.submit("vidu-q3-turbo-i2v", Q3);
      expect(sent[0]?.headers.get("authorization")).toBe("Bearer sk_from_env");
    } finally {
      delete process.env["NOVITA_API_KEY"];
    }
  });
});

describe("in a browser", () => {
  const globals = globalThis as { window?: unknown; document?: unknown };
  afterEach(() => {
    delete globals.window;
    delete globals.document;
  });
  const pretendBrowser = () => {
    globals.window = {};
    globals.document = {};
  };

  it("refuses to send a real key to Novita", () => {
    pretendBrowser();
    expect(() => createViduClient({ apiKey: API_KEY })).toThrow(/A key in a browser page can be read by anyone/);
  });

  it("sends it when the caller opts in explicitly", () => {
    pretendBrowser();
    expect(() => createViduClient({ apiKey: API_KEY, dangerouslyAllowBrowser: true })).not.toThrow();
  });

  it.each(["https://127.evil.example", "https://localhost.evil.example", "http://127.0.0.1.evil.example"])(
    "does not take %s for this machine",
    (baseUrl) => {
      pretendBrowser();
      expect(() => createViduClient({ apiKey: API_KEY, baseUrl })).toThrow(/A key in a browser page/);
    },
  );

  it.each(["http://127.0.0.1:4010", "http://localhost:4010", "http://[::1]:4010", "http://127.1.2.3"])(
    "talks to a mock at %s",
    (baseUrl) => {
      pretendBrowser();
      expect(() => createViduClient({ apiKey: "any", baseUrl })).not.toThrow();
    },
  );
});

describe("a key that cannot be sent in a header", () => {
  it.each([
    ["a line break", `${API_KEY}\n`],
    ["a carriage return and a header", `${API_KEY}\r\nX-Evil: 1`],
    ["a space", `${API_KEY} x`],
    ["a non-ASCII character", `${API_KEY}é`],
  ])("is refused when the client is created (%s), without echoing it", (_, apiKey) => {
    const error = (() => {
      try {
        createViduClient({ apiKey, fetch: async () => json({}) });
      } catch (caught) {
        return caught as Error;
      }
      throw new Error("the client was created");
    })();
    expect(error).toBeInstanceOf(ViduValidationError);
    expect(error.message).toMatch(
      /apiKey must be printable ASCII with no spaces or line breaks \(character \d+ is not\)/,
    );
    for (const text of [error.message, error.stack, JSON.stringify(error)]) expect(text).not.toContain(API_KEY);
  });
});

describe("an answer that echoes the key", () => {
  const echo = `Bearer ${API_KEY}`;
  const answers: [string, () => Response][] = [
    [
      "in Novita's envelope",
      () => json({ code: 401, reason: "UNAUTHORIZED", message: `bad ${echo}`, metadata: { auth: echo } }, 401),
    ],
    [
      "JSON-escaped",
      () => new Response(`{"reason":"X","message":"${echo.replace(/_/g, "\\u005f")}"}`, { status: 400 }),
    ],
    ["in an HTML page", () => new Response(`<html><p>Authorization: ${echo}</p></html>`, { status: 502 })],
    ["in a malformed success", () => new Response(`{"task": "${echo}"`, { status: 200 })],
    ["in a failed task's reason", () => task("TASK_STATUS_FAILED", { reason: echo })],
  ];

  it.each(answers)("has it redacted %s", async (_, answer) => {
    const { client } = testClient([answer], { retry: false });
    const error = await rejection(client.wait("t-1"));
    expect(error).toBeInstanceOf(ViduError);
    const everything = [error.message, error.stack, JSON.stringify(error), JSON.stringify(Object.entries(error))];
    for (const text of everything) expect(text).not.toContain(API_KEY);
    expect(everything.join(" ")).toMatch(/\[redacted\]/);
  });

  it("has it redacted from the raw client's answers too", async () => {
    const { client } = testClient([json({ task: { task_id: "t", status: "TASK_STATUS_QUEUED", reason: echo } })]);
    const { data } = await client.api.GET("/v3/async/task-result", { params: { query: { task_id: "t" } } });
    expect(JSON.stringify(data)).not.toContain(API_KEY);
  });

  // Every character of the key spelled as a JSON escape: JSON.parse gives the key back whole.
  const escaped = [...API_KEY].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
  const escapedEcho = () =>
    new Response(`{"task":{"task_id":"t","status":"TASK_STATUS_QUEUED","reason":"${escaped}"},"${escaped}":1}`, {
      headers: { "content-type": "application/json" },
    });

  it("has it redacted from every path when every character is escaped", async () => {
    const { client } = testClient([escapedEcho]);
    const query = { params: { query: { task_id: "t" } } } as const;
    const texts = [
      JSON.stringify((await client.api.GET("/v3/async/task-result", query)).data),
      String((await client.api.GET("/v3/async/task-result", { ...query, parseAs: "text" })).data),
      await new Response((await client.api.GET("/v3/async/task-result", { ...query, parseAs: "stream" })).data).text(),
      JSON.stringify(await client.getResult("t")),
    ];
    // Read as JSON, as a receiver would: no spelling of the key survives.
    for (const text of texts) expect(JSON.stringify(JSON.parse(text))).not.toContain(API_KEY);
    expect((await client.getResult("t")).task.reason).toBe("[redacted]");
  });
});

describe("the base URL", () => {
  afterEach(() => {
    delete process.env["NOVITA_BASE_URL"];
  });

  it("comes from NOVITA_BASE_URL when not passed, as in the CLI", async () => {
    process.env["NOVITA_BASE_URL"] = "http://127.0.0.1:4999/";
    const { client, sent } = testClient([json({ task_id: "t" })]);
    await client.submit("vidu-q3-turbo-i2v", Q3);
    expect(sent[0]?.url.href).toBe("http://127.0.0.1:4999/v3/async/vidu-q3-turbo-i2v");
  });

  it.each(["garbage", "ftp://example.com", ""])("is refused when it is not an http(s) URL (%j)", (baseUrl) => {
    expect(() => createViduClient({ apiKey: API_KEY, baseUrl })).toThrow(/baseUrl must be an http\(s\) URL/);
  });
});

describe("extra headers", () => {
  it.each([
    [{ "X-Trace": `a\r\nX-Evil: ${API_KEY}` }, /headers\.X-Trace must be a string with no line breaks/],
    [{ "Bad Name": "x" }, /"Bad Name" is not a header name/],
    [{ authorization: "Bearer other" }, /headers\.authorization: pass the key as apiKey/],
  ])("that a request cannot carry are refused when the client is created (%j)", (headers, message) => {
    let error: Error | undefined;
    try {
      createViduClient({ apiKey: API_KEY, headers, fetch: async () => json({}) });
    } catch (caught) {
      error = caught as Error;
    }
    expect(error).toBeInstanceOf(ViduValidationError);
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toContain(API_KEY);
  });

  it("are sent", async () => {
    const { client, sent } = testClient([json({ task_id: "t" })], { headers: { "X-Trace": "abc" } });
    await client.submit("vidu-q3-turbo-i2v", Q3);
    expect(sent[0]?.headers.get("x-trace")).toBe("abc");
  });
});
