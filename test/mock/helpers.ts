// What the mock's tests share: the generation endpoints and a valid body for each, both read from the
// spec (its operations and request examples), and requests to an in-process handler.
import { FALLBACK } from "../../generated/mock-videos.js";
import { EXAMPLES, OPERATIONS } from "../../generated/operations.js";
import type { MockHandler } from "../../src/mock/index.js";
import { mockVideo } from "../../src/mock/video.js";
import { AUTH, type Json, schemaValidator } from "../contract/helpers.js";

export { AUTH, type Json };

/** Every generation endpoint of the spec, with the first example of its body. */
export const SUBMITS = OPERATIONS.filter((o) => o.method === "POST" && o.requestBody).map((operation) => ({
  path: operation.path,
  model: operation.model!,
  body: EXAMPLES[Object.values(operation.requestExamples)[0]!] as Json,
  examples: Object.entries(operation.requestExamples).map(([name, key]) => ({ name, body: EXAMPLES[key] as Json })),
}));
/** One generation endpoint, for the tests that need only one. */
export const [FIRST] = SUBMITS as [(typeof SUBMITS)[number], ...typeof SUBMITS];

/** The bytes of /videos/sample.mp4, the video of the example answers (test/mock/videos.test.ts reads its header). */
export const SAMPLE = Buffer.from(mockVideo(FALLBACK));

export const matches = {
  result: schemaValidator("TaskResult"),
  error: schemaValidator("ErrorResponse"),
  event: schemaValidator("WebhookEvent"),
};

export const ORIGIN = "http://mock.test";

/** Calls an in-process handler as a client on ORIGIN would. */
export function caller(handler: () => MockHandler) {
  const call = (path: string, init: RequestInit = {}) => handler()(new Request(`${ORIGIN}${path}`, init));
  const submit = (path: string, body: unknown, headers: Record<string, string> = AUTH) =>
    call(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
  const result = (taskId: string, headers: Record<string, string> = AUTH) =>
    call(`/v3/async/task-result?task_id=${encodeURIComponent(taskId)}`, { headers });
  /** Submits a valid body and answers the new task's id. */
  const newTask = async (body: Json = FIRST.body, headers: Record<string, string> = AUTH, path = FIRST.path) => {
    const response = await submit(path, body, headers);
    if (response.status !== 200) throw new Error(`submit answered ${response.status}: ${await response.text()}`);
    return ((await response.json()) as { task_id: string }).task_id;
  };
  return { call, submit, result, newTask };
}
