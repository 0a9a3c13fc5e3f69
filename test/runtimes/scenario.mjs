// The one client scenario every runtime of the matrix runs, written once in plain JavaScript so each
// runtime loads it as it is: submit, wait with progress, result; an invalid body refused with nothing
// sent; an API error read into ViduApiError; an abort during the wait; the task result read through
// `vidu.api` (the answer as a stream, a clone, a second read refused). It returns what it saw, and
// the matrix test compares that with one expected report, the same for every runtime.

/**
 * @typedef {object} Library what the scenario needs from the package's entry (or its browser bundle)
 * @property {typeof import("../../src/index.js").createViduClient} createViduClient
 * @property {typeof import("../../src/index.js").ViduApiError} ViduApiError
 * @property {typeof import("../../src/index.js").ViduValidationError} ViduValidationError
 * @property {typeof import("../../src/index.js").ViduAbortError} ViduAbortError
 */

const MODEL = "vidu-q3-turbo-i2v";
const BODY = { images: ["https://example.com/first-frame.png"], prompt: "Rain starts", duration: 4 };

/**
 * @param {Library} library
 * @param {string} baseUrl the mock's origin
 */
export async function scenario({ createViduClient, ViduApiError, ViduValidationError, ViduAbortError }, baseUrl) {
  /** @type {string[]} every request the client sent, as `METHOD /path` */
  const sent = [];
  const vidu = createViduClient({
    apiKey: "runtime-matrix-key",
    baseUrl,
    retry: false,
    fetch: (request, init) => {
      const url = new URL(request instanceof Request ? request.url : String(request));
      sent.push(`${request instanceof Request ? request.method : (init?.method ?? "GET")} ${url.pathname}`);
      return fetch(request, init);
    },
  });

  /** @type {string[]} */
  const statuses = [];
  const done = await vidu.run(MODEL, BODY, { onProgress: ({ status }) => void statuses.push(status) });
  const video = done.videos?.[0]?.video_url ?? "";
  const run = {
    status: done.task.status,
    progressSeen: statuses.length > 0 && statuses.every((s) => s !== "TASK_STATUS_SUCCEED"),
    videoFromMock: video.startsWith(`${baseUrl}/videos/`),
    requests: [...new Set(sent)],
  };

  sent.length = 0;
  const refused = await vidu.submit(MODEL, { ...BODY, duration: 99 }).catch((/** @type {unknown} */ e) => e);
  const invalid = {
    isValidationError: refused instanceof ViduValidationError,
    fields: refused instanceof ViduValidationError ? refused.issues.map((issue) => issue.field) : String(refused),
    sent: sent.length,
  };

  const missing = await vidu.wait("no-such-task").catch((/** @type {unknown} */ e) => e);
  const apiError =
    missing instanceof ViduApiError
      ? { isApiError: true, status: missing.status, reason: missing.reason }
      : { isApiError: false, error: String(missing) };

  const controller = new AbortController();
  const started = Date.now();
  const stopped = await vidu.run(MODEL, BODY, { signal: controller.signal, onProgress: () => controller.abort() }).then(
    () => "finished",
    (/** @type {unknown} */ e) => e,
  );
  const abort = {
    name: stopped instanceof Error || stopped instanceof DOMException ? stopped.name : String(stopped),
    isAbortError: stopped instanceof ViduAbortError,
    // The task goes on: the error names it, so the caller can wait for it again.
    namesTask: stopped instanceof ViduAbortError && typeof stopped.taskId === "string" && stopped.taskId !== "",
    // Stopped at the first progress, long before the mock would have finished the task.
    promptly: Date.now() - started < 5_000,
  };

  // The Response the transport hands openapi-fetch, read every way a caller of vidu.api may read it.
  const query = { params: { query: { task_id: done.task.task_id } } };
  const streamed = await vidu.api.GET("/v3/async/task-result", { ...query, parseAs: "stream" });
  const copy = streamed.response.clone();
  const text = await new Response(/** @type {ReadableStream} */ (streamed.data)).text();
  const parsed = await vidu.api.GET("/v3/async/task-result", query);
  const again = await parsed.response.text().then(
    () => "read twice",
    (/** @type {unknown} */ e) => (e instanceof TypeError ? "TypeError" : String(e)),
  );
  const api = {
    streamIsTheResult: JSON.parse(text).task.task_id === done.task.task_id,
    cloneReadApart: (await copy.json()).task.status,
    parsedStatus: parsed.data?.task.status,
    bodyUsed: parsed.response.bodyUsed,
    secondRead: again,
    url: parsed.response.url === `${baseUrl}/v3/async/task-result?task_id=${done.task.task_id}`,
  };

  return { run, invalid, apiError, abort, api };
}

/** What every runtime must report: the matrix test compares each runtime's report with this. */
export const EXPECTED = {
  run: {
    status: "TASK_STATUS_SUCCEED",
    progressSeen: true,
    videoFromMock: true,
    requests: [`POST /v3/async/${MODEL}`, "GET /v3/async/task-result"],
  },
  invalid: { isValidationError: true, fields: ["duration"], sent: 0 },
  apiError: { isApiError: true, status: 404, reason: "TASK_NOT_FOUND" },
  abort: { name: "ViduAbortError", isAbortError: true, namesTask: true, promptly: true },
  api: {
    streamIsTheResult: true,
    cloneReadApart: "TASK_STATUS_SUCCEED",
    parsedStatus: "TASK_STATUS_SUCCEED",
    bodyUsed: true,
    secondRead: "TypeError",
    url: true,
  },
};
