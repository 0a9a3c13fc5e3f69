// The API key never leaves the Authorization header: not in a message, a stack, or JSON.
import { afterEach, describe, expect, it } from "vitest";
import { createViduClient, ViduError } from "../../src/index.js";
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

  it.each(["http://127.0.0.1:4010", "http://localhost:4010", "http://[::1]:4010"])(
    "talks to a mock at %s",
    (baseUrl) => {
      pretendBrowser();
      expect(() => createViduClient({ apiKey: "any", baseUrl })).not.toThrow();
    },
  );
});
