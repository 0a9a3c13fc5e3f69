// parseWebhookEvent on a hostile event: the body arrives unsigned from the network, so a megabyte of bad
// items costs a bounded walk, a capped list of issues and a message of bounded length.
import { describe, expect, it } from "vitest";
import { parseWebhookEvent, ViduValidationError } from "../../src/index.js";
import { MAX_EVENT_ISSUES, MAX_EVENT_MESSAGE_CHARS } from "../../src/webhook/event.js";

const task = { task_id: "t", status: "TASK_STATUS_SUCCEED" };
const refusal = (body: unknown) => {
  try {
    parseWebhookEvent(body);
  } catch (error) {
    if (error instanceof ViduValidationError) return error;
    throw error;
  }
  throw new Error("the event was accepted");
};

describe("a hostile webhook event", () => {
  it("of 1 MB holding 500,000 bad videos[] items is refused with the first issues only", () => {
    const body = `{"event_type":"ASYNC_TASK_RESULT","payload":{"task":${JSON.stringify(task)},"videos":[${Array(500_000).fill("1").join(",")}]}}`;
    expect(body.length).toBeGreaterThan(1_000_000);
    const error = refusal(body);
    expect(error.issues).toHaveLength(MAX_EVENT_ISSUES);
    expect(error.issues[0]).toMatchObject({ field: "payload.videos[0]", rule: "type" });
    expect(error.issues.at(-1)).toMatchObject({ field: `payload.videos[${MAX_EVENT_ISSUES - 1}]` });
    expect(error.message.length).toBeLessThanOrEqual(MAX_EVENT_MESSAGE_CHARS);
    expect(error.message).toMatch(/and more \(only the first \d+ problems are listed\)$/);
  });

  it("with bad fields in every item stops at the cap too, wherever the issues are", () => {
    const videos = Array.from({ length: 100_000 }, () => ({ video_url: 5, video_type: 6, video_url_ttl: 7 }));
    const error = refusal({ event_type: "ASYNC_TASK_RESULT", payload: { task, videos } });
    expect(error.issues).toHaveLength(MAX_EVENT_ISSUES);
    expect(error.message.length).toBeLessThanOrEqual(MAX_EVENT_MESSAGE_CHARS);
  });

  it("with fewer problems than the cap lists each, with no note", () => {
    const error = refusal({ event_type: "OTHER", payload: { task: { status: 1 } } });
    expect(error.issues.map(({ field, rule }) => [field, rule])).toEqual([
      ["event_type", "const"],
      ["payload.task.task_id", "required"],
      ["payload.task.status", "type"],
    ]);
    expect(error.message).not.toContain("and more");
  });
});
