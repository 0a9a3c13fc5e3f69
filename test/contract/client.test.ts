// The package's client against the mock, sharing one simulated clock: a task runs to its video, a
// failure arrives as a failure, and what the client refuses before sending, the mock refuses too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MODELS } from "../../generated/constants.js";
import { type MockServer, startMockServer } from "../../src/mock/node.js";
import {
  ViduApiError,
  ViduError,
  ViduTaskFailedError,
  ViduValidationError,
  createViduClient,
  type Progress,
} from "../../src/index.js";
import type { Json } from "./helpers.js";

let now = 1_763_751_600_000;
const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
let mock: MockServer;
let sent = 0;

beforeAll(async () => {
  mock = await startMockServer({ clock: () => now });
});
afterAll(() => mock?.close());

const client = () =>
  createViduClient({
    apiKey: "any-key-works-with-the-mock",
    baseUrl: mock.url,
    clock,
    retry: false,
    fetch: (request, init) => (sent++, fetch(request, init)),
  });
const IMAGE = "https://example.com/first-frame.png";

describe("the client and the mock", () => {
  it("run a task through queued and processing to a video that downloads", async () => {
    const progress: Progress[] = [];
    const result = await client().run(
      "vidu-q3-turbo-i2v",
      { images: [IMAGE] },
      { onProgress: (p) => progress.push(p) },
    );
    expect(result.task.status).toBe("TASK_STATUS_SUCCEED");
    expect(progress[0]?.status).toBe("TASK_STATUS_QUEUED");
    const percents = progress.filter((p) => p.status === "TASK_STATUS_PROCESSING").map((p) => p.percent!);
    expect(percents.length).toBeGreaterThan(0);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    const video = await fetch(result.videos![0]!.video_url);
    expect([video.status, video.headers.get("content-type")]).toEqual([200, "video/mp4"]);
  });

  it("report a task made to fail with its Vidu failure code", async () => {
    const failure = await client()
      .run("vidu-q2-turbo-img2video", { images: [IMAGE], prompt: "[fail:008007004]", duration: 5 })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ViduTaskFailedError);
    expect(failure).toMatchObject({ failureCode: "008007004" });
  });

  it("report an unknown task as Novita's TASK_NOT_FOUND", async () => {
    const failure = await client()
      .wait("no-such-task")
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ViduApiError);
    expect(failure).toMatchObject({ status: 404, reason: "TASK_NOT_FOUND" });
  });
});

describe("what the client refuses before sending, the mock refuses too", () => {
  const Q2 = "vidu-q2-turbo-img2video" as const;
  const valid = { images: [IMAGE], prompt: "A cat yawns.", duration: 5 };
  const cases: [string, Json, string][] = [
    ["a missing field", { images: [IMAGE], duration: 5 }, "prompt"],
    ["an out-of-range duration", { ...valid, duration: 11 }, "duration"],
    ["a value outside the enum", { ...valid, resolution: "4k" }, "resolution"],
  ];

  it.each(cases)("%s", async (_, body, field) => {
    sent = 0;
    const refused = await client()
      .submit(Q2, body)
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ViduValidationError);
    expect((refused as ViduValidationError).issues.map((issue) => issue.field)).toEqual([field]);
    expect(sent).toBe(0);

    const unchecked = createViduClient({ apiKey: "k", baseUrl: mock.url, clock, retry: false, validate: false });
    const answered = await unchecked.submit(Q2, body).catch((error: unknown) => error);
    expect(answered).toBeInstanceOf(ViduApiError);
    expect(answered).toMatchObject({ status: 400, reason: "INVALID_REQUEST_BODY" });
    expect((answered as ViduApiError).message).toContain(field);
  });

  it("no API key", async () => {
    expect(() => createViduClient({ apiKey: "", baseUrl: mock.url })).toThrow(ViduError);
    const response = await fetch(`${mock.url}${MODELS[Q2].path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(valid),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ reason: "MISSING_API_KEY" });
  });
});
